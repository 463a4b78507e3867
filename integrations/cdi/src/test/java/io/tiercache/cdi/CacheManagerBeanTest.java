package io.tiercache.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.TierStatistics;
import io.tiercache.TieredCacheView;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheManagerBeanTest {

  @BeforeEach
  void emptyDefaultManager() {
    Containers.destroyCaches();
  }

  @Test
  void theApplicationsCacheManagerBeanHoldsTheCachesWithItsDeclaredConfiguration() {
    try (WeldContainer container = Containers.start(AppCacheManager.class, CatalogService.class)) {
      CatalogService service = container.select(CatalogService.class).get();
      assertThat(service.product("p1")).isEqualTo("product p1 #1");
      assertThat(service.product("p1")).isEqualTo("product p1 #1");
      assertThat(service.price("p1")).isEqualTo("price p1 #2");

      CacheManager manager = container.select(CacheManager.class).get();
      assertThat(manager.getURI()).isEqualTo(AppCacheManager.CONFIG);
      Cache<Object, Object> catalog = manager.getCache("catalog");
      assertThat(catalog.get(DefaultCacheKey.of("p1"))).isEqualTo("product p1 #1");
      assertThat(catalog.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled()).isTrue();
      TierStatistics heap = catalog.unwrap(TieredCacheView.class).tierStatistics().get(0);
      assertThat(heap.hits()).isEqualTo(2);
      assertThat(heap.misses()).isEqualTo(1);

      Cache<Object, Object> created = manager.getCache("catalog-undeclared");
      assertThat(created.get(DefaultCacheKey.of("p1"))).isEqualTo("price p1 #2");
      assertThat(created.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled()).isFalse();

      assertThat(Containers.defaultManager().getCacheNames()).isEmpty();
    }
  }

  @Test
  void aCacheCreatedOnFirstUseGetsTheMatchingTemplateOfTheApplicationsConfiguration() {
    try (WeldContainer container = Containers.start(AppCacheManager.class, CatalogService.class)) {
      CatalogService service = container.select(CatalogService.class).get();
      assertThat(service.report("monday")).isEqualTo(service.report("monday"));

      Cache<Object, Object> reports = container.select(CacheManager.class).get().getCache("reports.daily");
      assertThat(reports.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled()).isTrue();
      assertThat(reports.unwrap(TieredCacheView.class).tierStatistics().get(0).hits()).isEqualTo(1);
      assertThat(reports.get(DefaultCacheKey.of("monday"))).isEqualTo("report monday #1");
    }
  }

  @Test
  void twoCacheManagerBeansAreRefusedRatherThanGuessedBetween() {
    try (WeldContainer container =
        Containers.start(AppCacheManager.class, SecondCacheManager.class, CatalogService.class)) {
      CatalogService service = container.select(CatalogService.class).get();
      assertThatThrownBy(() -> service.product("p1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Several CDI beans of type javax.cache.CacheManager");
      assertThat(service.calls()).isZero();
    }
  }
}

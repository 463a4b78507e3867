package io.tiercache.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomisationTest {

  private WeldContainer container;
  private Catalog catalog;

  @BeforeEach
  void start() {
    Containers.destroyCaches();
    CacheManager ri = RiCacheResolverFactory.manager();
    List<String> names = new ArrayList<>();
    ri.getCacheNames().forEach(names::add);
    names.forEach(ri::destroyCache);
    container = Containers.start(Catalog.class, RiCatalog.class, PrefixKeyGenerator.class, TenantPrefix.class);
    catalog = container.select(Catalog.class).get();
  }

  @AfterEach
  void stop() {
    container.close();
  }

  @Test
  void cacheDefaultsNameTheCacheAndAKeyGeneratorThatTheContainerMakes() {
    assertThat(catalog.describe("p1", 2)).isEqualTo("p1 v2 #1");
    assertThat(catalog.describe("p1", 2)).isEqualTo("p1 v2 #1");
    assertThat(catalog.calls()).isEqualTo(1);

    Cache<Object, Object> cache = Containers.defaultManager().getCache("catalog-defaults");
    assertThat(cache.get(new StringKey("tenant-a:p1,2"))).isEqualTo("p1 v2 #1");
    assertThat(cache.containsKey(DefaultCacheKey.of("p1", 2))).isFalse();
  }

  @Test
  void aKeyGeneratorNamedOnTheMethodOverridesTheDefaultsAndIsMadeWithoutCdi() {
    assertThat(catalog.upper("abc")).isEqualTo("abc #1");
    assertThat(catalog.upper("ABC")).isEqualTo("abc #1");

    Cache<Object, Object> cache = Containers.defaultManager().getCache("catalog-defaults");
    assertThat(cache.get(new StringKey("ABC"))).isEqualTo("abc #1");
  }

  @Test
  void aResolverFactoryNamedOnTheMethodResolvesItsOwnCaches() {
    assertThat(catalog.viaReferenceImplementation("x")).isEqualTo("x #1");
    assertThat(catalog.viaReferenceImplementation("x")).isEqualTo("x #1");

    Cache<Object, Object> riCache = RiCacheResolverFactory.manager().getCache("ri-cache");
    assertThat(riCache.get(new StringKey("tenant-a:x"))).isEqualTo("x #1");
    assertThat(Containers.defaultManager().getCache("ri-cache")).isNull();
  }

  @Test
  void aResolverFactoryNamedByCacheDefaultsApplies() {
    container.select(RiCatalog.class).get().store("y", "stored y");

    Cache<Object, Object> riCache = RiCacheResolverFactory.manager().getCache("ri-defaults");
    assertThat(riCache.get(DefaultCacheKey.of("y"))).isEqualTo("stored y");
    assertThat(Containers.defaultManager().getCache("ri-defaults")).isNull();
  }
}

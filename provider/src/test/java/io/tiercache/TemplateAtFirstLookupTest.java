package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code getCache} of a name that no cache has yet but a YAML template matches creates the cache from
 * the template; {@code defaults} alone create nothing on lookup.
 */
class TemplateAtFirstLookupTest {

  private static final String YAML = """
      defaults:
        tiers: [ { heap: { entries: 100 } } ]
      templates:
        - match: "product*"
          tiers: [ { heap: { entries: 10 } }, { shared-map: { space: SPACE } } ]
          statistics: true
        - match: "typed-*"
          keyType: java.lang.String
          tiers: [ heap ]
      caches:
        orders:
          tiers: [ heap ]
      """;

  @TempDir
  Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private CacheManager manager;

  @BeforeEach
  void start() throws Exception {
    Metrics.globalRegistry.add(registry);
    Path file = dir.resolve("tiercache.yaml");
    Files.writeString(file, YAML.replace("SPACE", "template-" + UUID.randomUUID()), StandardCharsets.UTF_8);
    manager = Caching.getCachingProvider(TieredCachingProvider.class.getName())
        .getCacheManager(file.toUri(), getClass().getClassLoader());
  }

  @AfterEach
  void stop() {
    manager.close();
    Metrics.globalRegistry.remove(registry);
    registry.close();
  }

  @Test
  void aNameATemplateMatchesIsCreatedAtItsFirstLookupWithTheTemplatesTiers() {
    assertThat(manager.getCacheNames()).containsExactly("orders");

    Cache<Object, Object> reviews = manager.getCache("productReviews");

    assertThat(reviews).isNotNull();
    assertThat(reviews.unwrap(TieredCacheView.class).tierNames()).containsExactly("heap", "shared");
    assertThat(reviews.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled()).isTrue();
    assertThat(manager.getCacheNames()).containsExactly("orders", "productReviews");
    reviews.put("p1", "five stars");
    assertThat(manager.getCache("productReviews")).isSameAs(reviews);
    assertThat(manager.getCache("productReviews").get("p1")).isEqualTo("five stars");
  }

  @Test
  void aNameNoTemplateMatchesStaysUnknownEvenWithDefaults() {
    assertThat(manager.<Object, Object>getCache("customers")).isNull();
    assertThat(manager.getCache("customers", String.class, Long.class)).isNull();
    assertThat(manager.getCacheNames()).containsExactly("orders");
  }

  @Test
  void theTypedLookupGivesTheAskedTypesUnlessTheTemplateDeclaresThem() {
    Cache<String, Long> products = manager.getCache("products", String.class, Long.class);
    CompleteConfiguration<?, ?> configuration = products.getConfiguration(CompleteConfiguration.class);
    assertThat(configuration.getKeyType()).isEqualTo(String.class);
    assertThat(configuration.getValueType()).isEqualTo(Long.class);
    assertThatThrownBy(() -> manager.getCache("products", String.class, String.class))
        .isInstanceOf(ClassCastException.class);

    Cache<String, Integer> typed = manager.getCache("typed-a", String.class, Integer.class);
    assertThat(typed.getConfiguration(CompleteConfiguration.class).getValueType()).isEqualTo(Integer.class);
    assertThatThrownBy(() -> manager.getCache("typed-b", Long.class, Integer.class))
        .isInstanceOf(ClassCastException.class).hasMessageContaining("key type java.lang.String");
    assertThat(manager.getCache("typed-c").getConfiguration(CompleteConfiguration.class).getKeyType())
        .isEqualTo(String.class);
  }

  @Test
  void concurrentFirstLookupsCreateOneCache() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Cache<Object, Object>>> lookups = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        lookups.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return manager.getCache("productSearch");
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      Set<Cache<Object, Object>> caches = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Future<Cache<Object, Object>> lookup : lookups) {
        caches.add(lookup.get(30, TimeUnit.SECONDS));
      }
      assertThat(caches).hasSize(1).doesNotContainNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void createCacheAfterTheLookupFindsTheCacheExistingAndBeforeItUsesTheTemplate() {
    manager.getCache("productReviews");
    assertThatThrownBy(() -> manager.createCache("productReviews", new MutableConfiguration<>()))
        .isInstanceOf(CacheException.class).hasMessageContaining("already exists");

    Cache<Object, Object> created = manager.createCache("productPrices", new MutableConfiguration<>());
    assertThat(created.unwrap(TieredCacheView.class).tierNames()).containsExactly("heap", "shared");
  }

  @Test
  void aCacheCreatedAtLookupIsBoundToTheGlobalMeterRegistry() {
    manager.getCache("productReviews").put("p1", "five stars");

    assertThat(registry.find("cache.puts").tag("cacheManager", manager.getURI().toString())
        .tag("cache", "productReviews").functionCounter().count()).isEqualTo(1);
  }
}

package io.tiercache.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tiercache.TieredCachingProvider;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With Micrometer on the class path, every open cache is bound to the global registry. */
class GlobalRegistryBindingTest {

  private final String uri = "test:global-" + UUID.randomUUID();
  private final CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private CacheManager manager;

  @BeforeEach
  void addRegistry() {
    Metrics.globalRegistry.add(prometheus);
  }

  @AfterEach
  void removeRegistry() {
    if (manager != null) {
      manager.close();
    }
    Metrics.globalRegistry.remove(prometheus);
    prometheus.close();
  }

  private CacheManager manager(Properties properties) {
    manager = provider.getCacheManager(URI.create(uri), getClass().getClassLoader(), properties);
    return manager;
  }

  private static MutableConfiguration<Integer, String> config() {
    return new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class).setStatisticsEnabled(true);
  }

  private PrometheusScrape scrape() {
    return new PrometheusScrape(prometheus.scrape());
  }

  @Test
  void anOpenCacheIsBoundAndClosingItRemovesItsMeters() {
    Cache<Integer, String> cache = manager(new Properties()).createCache("orders", config());
    cache.put(1, "one");
    cache.get(1);
    cache.get(2);

    PrometheusScrape open = scrape();
    assertThat(open.value("cache_puts_total", "cacheManager", uri, "cache", "orders")).isEqualTo(1);
    assertThat(open.value("cache_gets_total", "cacheManager", uri, "cache", "orders", "result", "hit")).isEqualTo(1);
    assertThat(open.value("cache_gets_total", "cacheManager", uri, "cache", "orders", "result", "miss")).isEqualTo(1);
    assertThat(open.value("tiercache_tier_gets_total", "cacheManager", uri, "tier", "heap", "result", "miss"))
        .isEqualTo(1);

    cache.close();
    assertThat(scrape().anyWithLabel("cacheManager", uri)).as("meters after close").isFalse();
  }

  @Test
  void destroyingACacheRemovesItsMetersAndACacheOfTheSameNameStartsAfresh() {
    CacheManager manager = manager(new Properties());
    Cache<Integer, String> first = manager.createCache("orders", config());
    first.put(1, "one");
    first.put(2, "two");
    assertThat(scrape().value("cache_puts_total", "cacheManager", uri, "cache", "orders")).isEqualTo(2);

    manager.destroyCache("orders");
    assertThat(scrape().anyWithLabel("cacheManager", uri)).as("meters after destroyCache").isFalse();

    Cache<Integer, String> second = manager.createCache("orders", config());
    second.put(3, "three");
    assertThat(scrape().value("cache_puts_total", "cacheManager", uri, "cache", "orders")).isEqualTo(1);
  }

  @Test
  void closingTheCacheManagerRemovesTheMetersOfEveryCache() {
    CacheManager manager = manager(new Properties());
    manager.createCache("orders", config()).put(1, "one");
    manager.createCache("customers", config()).put(1, "one");
    PrometheusScrape open = scrape();
    assertThat(open.value("cache_puts_total", "cacheManager", uri, "cache", "orders")).isEqualTo(1);
    assertThat(open.value("cache_puts_total", "cacheManager", uri, "cache", "customers")).isEqualTo(1);

    manager.close();
    assertThat(scrape().anyWithLabel("cacheManager", uri)).as("meters after the manager closed").isFalse();
  }

  @Test
  void aSecondCacheOfTheSameNameAndManagerUriIsLeftOutAndDoesNotRemoveTheFirstsMeters() throws Exception {
    Cache<Integer, String> first = manager(new Properties()).createCache("orders", config());
    try (URLClassLoader otherLoader = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
      CacheManager other = provider.getCacheManager(URI.create(uri), otherLoader);
      assertThat(other).isNotSameAs(manager);
      try {
        Cache<Integer, String> second = other.createCache("orders", config());
        first.put(1, "one");
        second.put(1, "one");
        second.put(2, "two");
        assertThat(scrape().value("cache_puts_total", "cacheManager", uri, "cache", "orders")).isEqualTo(1);
      } finally {
        other.close();
      }
    }
    first.put(2, "two");
    assertThat(scrape().value("cache_puts_total", "cacheManager", uri, "cache", "orders")).isEqualTo(2);
  }

  @Test
  void aCacheManagerPropertyTurnsTheBindingOff() {
    Properties properties = new Properties();
    properties.setProperty("tiercache.metrics", "false");
    manager(properties).createCache("orders", config()).put(1, "one");

    assertThat(scrape().anyWithLabel("cacheManager", uri)).isFalse();
  }

  @Test
  void theSystemPropertyTurnsTheBindingOff() {
    String previous = System.setProperty("tiercache.metrics", "false");
    try {
      manager(new Properties()).createCache("orders", config()).put(1, "one");
    } finally {
      if (previous == null) {
        System.clearProperty("tiercache.metrics");
      } else {
        System.setProperty("tiercache.metrics", previous);
      }
    }
    assertThat(scrape().anyWithLabel("cacheManager", uri)).isFalse();
  }
}

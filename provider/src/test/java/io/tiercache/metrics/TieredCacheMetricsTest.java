package io.tiercache.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TierFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters of {@link TieredCacheMetrics}, and Micrometer's own {@link JCacheMetrics}, after a known workload. */
class TieredCacheMetricsTest {

  private final String space = "metrics-" + UUID.randomUUID();
  private final CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
  private final CacheManager nodeA = provider.getCacheManager(URI.create("test:" + space + "/a"), getClass().getClassLoader());
  private final CacheManager nodeB = provider.getCacheManager(URI.create("test:" + space + "/b"), getClass().getClassLoader());
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
    registry.close();
  }

  private static TieredConfiguration<Integer, String> heapAndShared(String space, boolean statistics) {
    return new TieredConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setStatisticsEnabled(statistics)
        .tiers(Tiers.heap(1000), TierSpec.of("shared-map", Map.of("space", space)));
  }

  /**
   * 10 puts; 15 gets: 10 hit the heap, 3 miss the heap and hit the shared tier (written by the other
   * node), 2 miss everywhere; 2 removes.
   */
  private void workload(Cache<Integer, String> a, Cache<Integer, String> b) {
    for (int i = 0; i < 10; i++) {
      a.put(i, "v" + i);
    }
    for (int i = 10; i < 13; i++) {
      b.put(i, "v" + i);
    }
    for (int i = 0; i < 15; i++) {
      String value = a.get(i);
      assertThat(value).isEqualTo(i < 13 ? "v" + i : null);
    }
    assertThat(a.remove(0)).isTrue();
    assertThat(a.remove(1)).isTrue();
  }

  @Test
  void cacheAndTierMetersShowTheWorkloadExactly() {
    Cache<Integer, String> a = nodeA.createCache("numbers", heapAndShared(space, true));
    Cache<Integer, String> b = nodeB.createCache("numbers", heapAndShared(space, true));
    TieredCacheMetrics.monitor(registry, a, "app", "test");

    workload(a, b);

    PrometheusScrape scrape = new PrometheusScrape(registry.scrape());
    String[] cache = {"cache", "numbers", "cacheManager", "test:" + space + "/a", "app", "test"};
    assertThat(scrape.value("cache_gets_total", with(cache, "result", "hit"))).isEqualTo(13);
    assertThat(scrape.value("cache_gets_total", with(cache, "result", "miss"))).isEqualTo(2);
    assertThat(scrape.value("cache_puts_total", cache)).isEqualTo(10);
    assertThat(scrape.value("cache_removals_total", cache)).isEqualTo(2);
    assertThat(scrape.value("cache_evictions_total", cache)).isEqualTo(0);

    assertThat(scrape.value("tiercache_tier_gets_total", with(cache, "tier", "heap", "result", "hit"))).isEqualTo(10);
    assertThat(scrape.value("tiercache_tier_gets_total", with(cache, "tier", "heap", "result", "miss"))).isEqualTo(5);
    assertThat(scrape.value("tiercache_tier_gets_total", with(cache, "tier", "shared", "result", "hit"))).isEqualTo(3);
    assertThat(scrape.value("tiercache_tier_gets_total", with(cache, "tier", "shared", "result", "miss"))).isEqualTo(2);
    assertThat(scrape.value("tiercache_tier_errors_total", with(cache, "tier", "heap"))).isEqualTo(0);
    assertThat(scrape.value("tiercache_tier_errors_total", with(cache, "tier", "shared"))).isEqualTo(0);
    assertThat(scrape.value("tiercache_tier_circuit_open", with(cache, "tier", "heap"))).isEqualTo(0);
    assertThat(scrape.value("tiercache_tier_circuit_open", with(cache, "tier", "shared"))).isEqualTo(0);

    assertThat(scrape.value("tiercache_tier_lookup_seconds_count", with(cache, "tier", "heap"))).isEqualTo(15);
    assertThat(scrape.value("tiercache_tier_lookup_seconds_count", with(cache, "tier", "shared"))).isEqualTo(5);
    for (String tier : new String[] {"heap", "shared"}) {
      double total = scrape.value("tiercache_tier_lookup_seconds_sum", with(cache, "tier", tier));
      double median = scrape.value("tiercache_tier_lookup_latency_seconds", with(cache, "tier", tier, "phi", "0.5"));
      double p99 = scrape.value("tiercache_tier_lookup_latency_seconds", with(cache, "tier", tier, "phi", "0.99"));
      double p999 = scrape.value("tiercache_tier_lookup_latency_seconds", with(cache, "tier", tier, "phi", "0.999"));
      assertThat(total).as("total lookup time at %s", tier).isGreaterThan(0).isLessThan(60);
      assertThat(median).as("median at %s", tier).isGreaterThan(0).isLessThanOrEqualTo(p99);
      assertThat(p99).isLessThanOrEqualTo(p999);
      assertThat(p999).as("the slowest lookup, within the histogram's precision").isLessThanOrEqualTo(total * 1.01);
    }
    assertThat(scrape.find("cache_gets_total", "cacheManager", "test:" + space + "/b"))
        .as("only the monitored cache").isEmpty();
  }

  @Test
  void aHeapOnlyCacheHasOneTier() {
    Cache<Integer, String> cache = nodeA.createCache("heap-only", new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class).setStatisticsEnabled(true));
    TieredCacheMetrics.monitor(registry, cache);

    cache.put(1, "one");
    cache.get(1);
    cache.get(2);

    PrometheusScrape scrape = new PrometheusScrape(registry.scrape());
    assertThat(scrape.value("cache_gets_total", "cache", "heap-only", "result", "hit")).isEqualTo(1);
    assertThat(scrape.value("cache_gets_total", "cache", "heap-only", "result", "miss")).isEqualTo(1);
    assertThat(scrape.value("tiercache_tier_gets_total", "cache", "heap-only", "tier", "heap", "result", "hit"))
        .isEqualTo(1);
    assertThat(scrape.value("tiercache_tier_gets_total", "cache", "heap-only", "tier", "heap", "result", "miss"))
        .isEqualTo(1);
    assertThat(scrape.find("tiercache_tier_lookup_seconds_count", "cache", "heap-only")).hasSize(1);
  }

  @Test
  void metersMoveOnlyWhileStatisticsAreEnabled() {
    Cache<Integer, String> a = nodeA.createCache("numbers", heapAndShared(space, false));
    Cache<Integer, String> b = nodeB.createCache("numbers", heapAndShared(space, false));
    TieredCacheMetrics.monitor(registry, a);

    workload(a, b);
    PrometheusScrape disabled = new PrometheusScrape(registry.scrape());
    assertThat(disabled.value("cache_puts_total", "cache", "numbers")).isEqualTo(0);
    assertThat(disabled.value("tiercache_tier_gets_total", "tier", "heap", "result", "hit")).isEqualTo(0);

    nodeA.enableStatistics("numbers", true);
    a.put(20, "v20");
    a.get(20);
    PrometheusScrape enabled = new PrometheusScrape(registry.scrape());
    assertThat(enabled.value("cache_puts_total", "cache", "numbers")).isEqualTo(1);
    assertThat(enabled.value("cache_gets_total", "cache", "numbers", "result", "hit")).isEqualTo(1);
    assertThat(enabled.value("tiercache_tier_gets_total", "tier", "heap", "result", "hit")).isEqualTo(1);
    assertThat(enabled.value("tiercache_tier_lookup_seconds_count", "tier", "shared")).isEqualTo(0);
  }

  @Test
  void aFailedLookupCountsAsAnErrorOfItsTier(@TempDir Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services/" + TierFactory.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, FlakyTierFactory.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      CacheManager manager = provider.getCacheManager(URI.create("test:" + space + "/flaky"), loader);
      try {
        Cache<Integer, String> cache = manager.createCache("numbers", new TieredConfiguration<Integer, String>()
            .setTypes(Integer.class, String.class)
            .setStatisticsEnabled(true)
            .tiers(TierSpec.of("flaky", Map.of()), TierSpec.of("shared-map", Map.of("space", space))));
        TieredCacheMetrics.monitor(registry, cache);
        cache.put(1, "one");
        FlakyTierFactory.FAILING.set(true);
        try {
          assertThatThrownBy(() -> cache.get(1)).isInstanceOf(TierException.class);
        } finally {
          FlakyTierFactory.FAILING.set(false);
        }
        assertThat(cache.get(1)).isEqualTo("one");

        PrometheusScrape scrape = new PrometheusScrape(registry.scrape());
        assertThat(scrape.value("tiercache_tier_errors_total", "tier", "flaky")).isEqualTo(1);
        assertThat(scrape.value("tiercache_tier_errors_total", "tier", "shared")).isEqualTo(0);
        assertThat(scrape.value("tiercache_tier_gets_total", "tier", "flaky", "result", "hit")).isEqualTo(1);
        assertThat(scrape.value("tiercache_tier_lookup_seconds_count", "tier", "flaky"))
            .as("a failed lookup is not timed").isEqualTo(1);
        assertThat(scrape.value("cache_gets_total", "result", "hit")).isEqualTo(1);
        assertThat(scrape.value("cache_gets_total", "result", "miss")).isEqualTo(0);
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void micrometersOwnJCacheMetricsReadTheStatisticsMBean() {
    Cache<Integer, String> a = nodeA.createCache("numbers", heapAndShared(space, true));
    Cache<Integer, String> b = nodeB.createCache("numbers", heapAndShared(space, true));
    JCacheMetrics.monitor(registry, a);

    workload(a, b);

    PrometheusScrape scrape = new PrometheusScrape(registry.scrape());
    assertThat(scrape.value("cache_gets_total", "cache", "numbers", "result", "hit")).isEqualTo(13);
    assertThat(scrape.value("cache_gets_total", "cache", "numbers", "result", "miss")).isEqualTo(2);
    assertThat(scrape.value("cache_puts_total", "cache", "numbers")).isEqualTo(10);
    assertThat(scrape.value("cache_removals", "cache", "numbers")).isEqualTo(2);
    assertThat(scrape.value("cache_evictions_total", "cache", "numbers")).isEqualTo(0);
  }

  @Test
  void onlyTiercacheCachesCanBeMonitored() {
    @SuppressWarnings("unchecked")
    Cache<Integer, String> notOurs = (Cache<Integer, String>) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {Cache.class}, (proxy, method, args) -> {
          if (method.getName().equals("unwrap")) {
            throw new IllegalArgumentException("not unwrappable");
          }
          throw new UnsupportedOperationException(method.getName());
        });
    assertThatThrownBy(() -> TieredCacheMetrics.monitor(registry, notOurs)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String[] with(String[] base, String... more) {
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}

package io.tiercache.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.net.URI;
import java.util.List;
import java.util.ServiceLoader;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/**
 * Runs against the packaged jar (Hazelcast shaded in without its JSR-107 provider registration, the
 * original Hazelcast jar off the class path), as a user's application sees this module: exactly one
 * JSR-107 provider, and a Hazelcast tier works through the plain {@code javax.cache} API.
 */
class ShadedJarIT {

  @Test
  void theOnlyCachingProviderIsTiercache() {
    List<String> providers = ServiceLoader.load(CachingProvider.class).stream()
        .map(provider -> provider.type().getName())
        .toList();
    assertThat(providers).containsExactly("io.tiercache.TieredCachingProvider");
    assertThat(Caching.getCachingProvider().getClass().getName()).isEqualTo("io.tiercache.TieredCachingProvider");
  }

  @Test
  void hazelcastIsThereUnrelocated() throws Exception {
    assertThat(Class.forName("com.hazelcast.core.Hazelcast").getProtectionDomain().getCodeSource().getLocation()
        .toString()).contains("tiercache-hazelcast");
    assertThat(Class.forName("com.hazelcast.client.HazelcastClient")).isNotNull();
  }

  @Test
  void aHeapHazelcastStackWorksThroughJCache() {
    try (HazelcastTestCluster cluster = HazelcastTestCluster.start(1)) {
      CachingProvider provider = Caching.getCachingProvider();
      try (CacheManager manager = provider.getCacheManager(URI.create("it:heap-hazelcast"),
          getClass().getClassLoader())) {
        Cache<String, String> cache = manager.createCache("heap-hazelcast", new TieredConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .tiers(Tiers.heap(10), cluster.clientSpec()));
        for (int i = 0; i < 200; i++) {
          cache.put("k" + i, "v" + i);
        }
        for (int i = 0; i < 200; i++) {
          assertThat(cache.get("k" + i)).as("k%d", i).isEqualTo("v" + i);
        }
        assertThat(cache.getAndReplace("k1", "new")).isEqualTo("v1");
        assertThat(cache.putIfAbsent("k1", "other")).isFalse();
        assertThat(cache.get("k1")).isEqualTo("new");
        assertThat(cluster.member(0).getMap("tc:heap-hazelcast").size()).isEqualTo(200);
        cache.clear();
        assertThat(cache.get("k2")).isNull();
      }
    }
  }
}

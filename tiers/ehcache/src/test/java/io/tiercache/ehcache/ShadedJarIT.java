package io.tiercache.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs against the packaged jar (Ehcache shaded in, the original Ehcache jar off the class path), as a
 * user's application sees this module: exactly one JSR-107 provider, and the tiers work through the
 * plain {@code javax.cache} API.
 */
class ShadedJarIT {

  @TempDir
  Path directory;

  @Test
  void theOnlyCachingProviderIsTiercache() {
    List<String> providers = ServiceLoader.load(CachingProvider.class).stream()
        .map(provider -> provider.type().getName())
        .toList();
    assertThat(providers).containsExactly("io.tiercache.TieredCachingProvider");
    assertThat(Caching.getCachingProvider().getClass().getName()).isEqualTo("io.tiercache.TieredCachingProvider");
  }

  @Test
  void ehcacheIsOnlyThereRelocated() {
    assertThatThrownBy(() -> Class.forName("org.ehcache.CacheManager")).isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.ehcache.jsr107.EhcacheCachingProvider"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aHeapOffHeapDiskStackWorksThroughJCache() {
    CachingProvider provider = Caching.getCachingProvider();
    try (CacheManager manager = provider.getCacheManager(URI.create("it:stack"), getClass().getClassLoader())) {
      Cache<String, String> cache = manager.createCache("stack", new TieredConfiguration<String, String>()
          .setTypes(String.class, String.class)
          .tiers(Tiers.heap(100), Tiers.offHeap("4MB"), Tiers.disk(directory.toString(), "16MB", false)));
      for (int i = 0; i < 2_000; i++) {
        cache.put("k" + i, "v" + i);
      }
      for (int i = 0; i < 2_000; i++) {
        assertThat(cache.get("k" + i)).as("k%d", i).isEqualTo("v" + i);
      }
      assertThat(cache.getAndReplace("k1", "new")).isEqualTo("v1");
      assertThat(cache.putIfAbsent("k1", "other")).isFalse();
      assertThat(cache.get("k1")).isEqualTo("new");
    }
  }

  @Test
  void aPersistentDiskCacheSurvivesItsCacheManager() {
    CachingProvider provider = Caching.getCachingProvider();
    TieredConfiguration<String, String> configuration = new TieredConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .tiers(Tiers.heap(10), Tiers.disk(directory.toString(), "16MB", true));
    try (CacheManager manager = provider.getCacheManager(URI.create("it:persistent-1"), getClass().getClassLoader())) {
      Cache<String, String> cache = manager.createCache("kept", configuration);
      for (int i = 0; i < 100; i++) {
        cache.put("k" + i, "v" + i);
      }
    }
    try (CacheManager manager = provider.getCacheManager(URI.create("it:persistent-2"), getClass().getClassLoader())) {
      Cache<String, String> cache = manager.createCache("kept", configuration);
      for (int i = 0; i < 100; i++) {
        assertThat(cache.get("k" + i)).as("k%d", i).isEqualTo("v" + i);
      }
    }
  }
}

package io.tiercache.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs against the packaged jar (Redisson shaded in without its JSR-107 provider, the original Redisson jar
 * off the class path), as a user's application sees this module: exactly one JSR-107 provider, and a
 * Redis tier works through the plain {@code javax.cache} API.
 */
class ShadedJarIT {

  @RegisterExtension
  static final RedisServer REDIS = RedisServer.perClass();

  @Test
  void theOnlyCachingProviderIsTiercache() {
    List<String> providers = ServiceLoader.load(CachingProvider.class).stream()
        .map(provider -> provider.type().getName())
        .toList();
    assertThat(providers).containsExactly("io.tiercache.TieredCachingProvider");
    assertThat(Caching.getCachingProvider().getClass().getName()).isEqualTo("io.tiercache.TieredCachingProvider");
  }

  @Test
  void redissonIsThereWithoutItsJCacheProvider() throws Exception {
    assertThatThrownBy(() -> Class.forName("org.redisson.jcache.JCachingProvider"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.redisson.jcache.JCacheManager"))
        .isInstanceOf(ClassNotFoundException.class);
    // BaseCodec's static initializer names JCacheEventCodec: both must load
    assertThat(Class.forName("org.redisson.client.codec.BaseCodec")).isNotNull();
    assertThat(Class.forName("org.redisson.jcache.JCacheEventCodec")).isNotNull();
  }

  @Test
  void aHeapRedisStackWorksThroughJCache() {
    CachingProvider provider = Caching.getCachingProvider();
    try (CacheManager manager = provider.getCacheManager(URI.create("it:heap-redis"), getClass().getClassLoader())) {
      Cache<String, String> cache = manager.createCache("heap-redis", new TieredConfiguration<String, String>()
          .setTypes(String.class, String.class)
          .tiers(Tiers.heap(10), TierSpec.of("redis", Map.of("address", REDIS.uri()))));
      for (int i = 0; i < 200; i++) {
        cache.put("k" + i, "v" + i);
      }
      for (int i = 0; i < 200; i++) {
        assertThat(cache.get("k" + i)).as("k%d", i).isEqualTo("v" + i);
      }
      assertThat(cache.getAndReplace("k1", "new")).isEqualTo("v1");
      assertThat(cache.putIfAbsent("k1", "other")).isFalse();
      assertThat(cache.get("k1")).isEqualTo("new");
      cache.clear();
      assertThat(cache.get("k2")).isNull();
    }
  }
}

package io.tiercache.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cache whose Redis authority dies: every operation that needs Redis fails with a
 * {@link CacheException} naming the server, no failed write is visible afterwards (locally or in
 * Redis), what was acknowledged before is still there after a restart.
 */
class RedisCacheFaultTest {

  @RegisterExtension
  static final RedisServer REDIS = RedisServer.perClass();

  private final CacheManager manager = Caching.getCachingProvider(TieredCachingProvider.class.getName())
      .getCacheManager(URI.create("redis-fault:" + UUID.randomUUID()), getClass().getClassLoader());

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void operationsThatNeedADeadRedisFailAsCacheExceptionsAndLoseNothing() {
    Cache<String, String> cache = manager.createCache("orders", new TieredConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .tiers(Tiers.heap(100), TierSpec.of("redis", Map.of("address", REDIS.uri(), "timeout", 500))));
    cache.put("kept", "v1");
    cache.put("other", "o1");
    REDIS.kill();
    try {
      assertThatThrownBy(() -> cache.put("kept", "v2"))
          .isInstanceOf(CacheException.class).hasMessageContaining(REDIS.uri());
      assertThatThrownBy(() -> cache.remove("other")).isInstanceOf(CacheException.class);
      assertThatThrownBy(() -> cache.get("absent")).isInstanceOf(CacheException.class);
      assertThatThrownBy(() -> cache.getAll(Set.of("absent", "missing"))).isInstanceOf(CacheException.class);
      assertThatThrownBy(() -> cache.invoke("kept", (entry, args) -> entry.getValue()))
          .isInstanceOf(CacheException.class);
    } finally {
      REDIS.restart();
    }
    // a fresh server process on the same port, empty: the failed put and remove changed nothing that
    // is still visible, and the heap does not answer with a value the authority never acknowledged
    awaitRecovery(cache);
    assertThat(cache.get("kept")).as("a put that failed").isNotEqualTo("v2");
    cache.put("kept", "v3");
    assertThat(cache.get("kept")).isEqualTo("v3");
  }

  private static void awaitRecovery(Cache<String, String> cache) {
    // a restarted server takes a moment to accept connections and the client to reconnect
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .untilAsserted(() -> cache.get("probe"));
  }
}

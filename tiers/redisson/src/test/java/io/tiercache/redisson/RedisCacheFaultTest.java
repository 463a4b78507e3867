package io.tiercache.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tiercache.TierStatistics;
import io.tiercache.TieredCacheView;
import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TierFailurePolicy;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import io.tiercache.testing.NumberLoader;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cache whose Redis authority dies or freezes. {@code onTierFailure: fail}: every operation that
 * needs Redis fails with a {@link CacheException} naming the server, and no failed write is visible
 * afterwards. {@code degrade}: reads count Redis as a miss and the loader answers, without storing
 * what it loaded; writes are refused. A frozen server opens the tier's circuit breaker, after which
 * reads stop waiting for timeouts.
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
      // the heap still answers with the acknowledged value, or is bypassed once the node saw its
      // invalidation channel down (and the read fails): never with the value of the failed put
      String kept = null;
      try {
        kept = cache.get("kept");
      } catch (CacheException bypassed) {
        assertThat(bypassed).hasMessageContaining(REDIS.uri());
      }
      assertThat(kept).as("a put that failed is not visible").isIn("v1", null);
    } finally {
      REDIS.restart();
    }
    // a fresh server process on the same port, empty; the cache serves again once the client reconnects
    awaitRecovery(cache, "kept");
  }

  @Test
  void degradedReadsAnswerFromTheLoaderWhileRedisIsDownAndStoreAgainWhenItIsBack() {
    NumberLoader loader = new NumberLoader();
    Cache<Integer, String> cache = manager.createCache("degraded", degraded(500, loader));
    cache.put(1, "stored-1");
    REDIS.kill();
    try {
      // once the node sees its invalidation channel down its heap is bypassed too: the loader answers
      await().atMost(Duration.ofSeconds(20)).until(() -> "loaded-1".equals(cache.get(1)));
      assertThat(cache.get(2)).isEqualTo("loaded-2");
      int loads = loader.loads();
      assertThat(cache.get(2)).as("loaded while Redis was down, so not stored").isEqualTo("loaded-2");
      assertThat(loader.loads()).isEqualTo(loads + 1);
      assertThat(cache.getAll(Set.of(2, 3))).isEqualTo(Map.of(2, "loaded-2", 3, "loaded-3"));
      assertThat(cache.containsKey(1)).isFalse();
      assertThatThrownBy(() -> cache.put(4, "v")).as("writes are refused").isInstanceOf(CacheException.class);
      assertThatThrownBy(() -> cache.remove(1)).isInstanceOf(CacheException.class);
    } finally {
      REDIS.restart();
    }
    awaitRecovery(cache, -1);
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
      cache.get(5);
      int loads = loader.loads();
      assertThat(cache.get(5)).isEqualTo("loaded-5");
      assertThat(loader.loads()).as("stored by the first get once Redis is back").isEqualTo(loads);
    });
  }

  @Test
  void aFrozenRedisOpensTheCircuitSoDegradedReadsStopWaitingForTimeouts() {
    Cache<Integer, String> cache = manager.createCache("frozen", degraded(100, new NumberLoader()));
    cache.put(0, "warm");
    REDIS.pause();
    try {
      // each read while the breaker is closed waits for Redis's timeout (and its retries)
      long slow = System.nanoTime();
      assertThat(cache.get(1)).isEqualTo("loaded-1");
      assertThat((System.nanoTime() - slow) / 1_000_000).as("ms for a read that met the timeout")
          .isGreaterThanOrEqualTo(100);
      int key = 2;
      long elapsedMillis = Long.MAX_VALUE;
      while (key < 30 && elapsedMillis >= 90) {
        long start = System.nanoTime();
        assertThat(cache.get(key)).isEqualTo("loaded-" + key);
        elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        key++;
      }
      assertThat(elapsedMillis).as("ms for a read once the breaker opened (after %d reads)", key).isLessThan(90);
      for (int i = 100; i < 105; i++) {
        long start = System.nanoTime();
        assertThat(cache.get(i)).isEqualTo("loaded-" + i);
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms for a read while open").isLessThan(90);
      }
      assertThatThrownBy(() -> cache.put(200, "v")).isInstanceOf(CacheException.class)
          .hasMessageContaining("circuit breaker is open");
      assertThat(redisStatistics(cache).circuitOpen()).isTrue();
    } finally {
      REDIS.resume();
    }
    // the breaker lets trial calls through after its open time, and closes when they succeed
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .untilAsserted(() -> {
          cache.put(300, "v");
          assertThat(cache.get(300)).isEqualTo("v");
        });
    assertThat(redisStatistics(cache).circuitOpen()).isFalse();
  }

  private static TierStatistics redisStatistics(Cache<?, ?> cache) {
    return cache.unwrap(TieredCacheView.class).tierStatistics().stream()
        .filter(tier -> tier.tierName().equals("redis")).findFirst().orElseThrow();
  }

  private static TieredConfiguration<Integer, String> degraded(int timeoutMillis, NumberLoader loader) {
    return new TieredConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setTierFailurePolicy(TierFailurePolicy.DEGRADE)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(loader))
        .tiers(Tiers.heap(100), TierSpec.of("redis", Map.of("address", REDIS.uri(), "timeout", timeoutMillis)));
  }

  private static <K> void awaitRecovery(Cache<K, String> cache, K probe) {
    // a restarted server takes a moment to accept connections, the client to reconnect and the tier's
    // circuit breaker (opened by the failures meanwhile) to let trial calls through
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .untilAsserted(() -> {
          cache.put(probe, "p");
          assertThat(cache.get(probe)).isEqualTo("p");
        });
  }
}

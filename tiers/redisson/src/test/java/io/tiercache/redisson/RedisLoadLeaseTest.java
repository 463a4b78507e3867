package io.tiercache.redisson;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.io.Serializable;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cross-node stampede protection with Redis load leases: two nodes, one load. */
class RedisLoadLeaseTest {

  @RegisterExtension
  static final RedisServer REDIS = RedisServer.perClass();

  private final String run = UUID.randomUUID().toString();
  private final CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
  private final CacheManager nodeA = provider.getCacheManager(URI.create("redis-lease:" + run + "/a"),
      getClass().getClassLoader());
  private final CacheManager nodeB = provider.getCacheManager(URI.create("redis-lease:" + run + "/b"),
      getClass().getClassLoader());

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
  }

  /** Counts its calls on every node; each call takes 300 ms. */
  public static final class SlowLoader implements CacheLoader<Integer, Long>, Serializable {
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public Long load(Integer key) {
      CALLS.incrementAndGet();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
      return key * 10L;
    }

    @Override
    public Map<Integer, Long> loadAll(Iterable<? extends Integer> keys) {
      Map<Integer, Long> values = new HashMap<>();
      keys.forEach(key -> values.put(key, load(key)));
      return values;
    }
  }

  private Cache<Integer, Long> cache(CacheManager node, int timeoutMillis, long leaseMillis) {
    return node.createCache("loaded-" + run, new TieredConfiguration<Integer, Long>()
        .setTypes(Integer.class, Long.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowLoader.class))
        .loadLease(leaseMillis, 5_000)
        .tiers(Tiers.heap(100), TierSpec.of("redis", Map.of("address", REDIS.uri(), "timeout", timeoutMillis))));
  }

  @Test
  void concurrentMissesOnTwoNodesLoadOnce() throws Exception {
    Cache<Integer, Long> a = cache(nodeA, 3_000, 10_000);
    Cache<Integer, Long> b = cache(nodeB, 3_001, 10_000);
    int before = SlowLoader.CALLS.get();

    CompletableFuture<Long> onA = CompletableFuture.supplyAsync(() -> a.get(5));
    CompletableFuture<Long> onB = CompletableFuture.supplyAsync(() -> b.get(5));

    assertThat(onA.get(20, TimeUnit.SECONDS)).isEqualTo(50L);
    assertThat(onB.get(20, TimeUnit.SECONDS)).isEqualTo(50L);
    assertThat(SlowLoader.CALLS.get() - before).as("loads on both nodes together").isEqualTo(1);
  }

  @Test
  void withoutLeasesBothNodesLoad() throws Exception {
    Cache<Integer, Long> a = cache(nodeA, 3_000, 0);
    Cache<Integer, Long> b = cache(nodeB, 3_001, 0);
    int before = SlowLoader.CALLS.get();

    CompletableFuture<Long> onA = CompletableFuture.supplyAsync(() -> a.get(6));
    CompletableFuture<Long> onB = CompletableFuture.supplyAsync(() -> b.get(6));

    assertThat(onA.get(20, TimeUnit.SECONDS)).isEqualTo(60L);
    assertThat(onB.get(20, TimeUnit.SECONDS)).isEqualTo(60L);
    assertThat(SlowLoader.CALLS.get() - before).as("each node loads on its own").isEqualTo(2);
  }
}

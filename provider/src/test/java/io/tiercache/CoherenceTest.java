package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import io.tiercache.testing.CoherenceChecker;
import io.tiercache.testing.SharedMapTierFactory;
import java.io.Serializable;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
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

/**
 * The core's coherence rules with two nodes (two cache managers, each with its own heap tier) over
 * one shared tier whose invalidation bus delivers asynchronously and can be cut.
 */
class CoherenceTest {

  private final String space = "coherence-" + UUID.randomUUID();
  private final CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
  private final CacheManager nodeA = provider.getCacheManager(URI.create("test:" + space + "/a"), getClass().getClassLoader());
  private final CacheManager nodeB = provider.getCacheManager(URI.create("test:" + space + "/b"), getClass().getClassLoader());

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
  }

  private Cache<Integer, Long> cache(CacheManager node) {
    TierSpec shared = TierSpec.of("shared-map", Map.of("space", space));
    return node.createCache("numbers", new TieredConfiguration<Integer, Long>()
        .setTypes(Integer.class, Long.class)
        .tiers(Tiers.heap(1000), shared));
  }

  @Test
  void aWriteOnOneNodeIsSeenOnTheOtherAfterItsInvalidation() {
    Cache<Integer, Long> a = cache(nodeA);
    Cache<Integer, Long> b = cache(nodeB);
    a.put(1, 10L);
    assertThat(b.get(1)).as("read through the shared tier, now in B's heap").isEqualTo(10L);

    a.put(1, 11L);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.get(1) == 11L);

    a.remove(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.get(1) == null);
  }

  @Test
  void clearOnOneNodeEmptiesTheOthersLocalTiers() {
    Cache<Integer, Long> a = cache(nodeA);
    Cache<Integer, Long> b = cache(nodeB);
    a.put(1, 10L);
    assertThat(b.get(1)).isEqualTo(10L);

    a.clear();
    await().atMost(Duration.ofSeconds(5)).until(() -> b.get(1) == null);
  }

  @Test
  void whileTheBusIsDownTheLocalTiersAreBypassedAndAfterwardsCleared() {
    Cache<Integer, Long> a = cache(nodeA);
    Cache<Integer, Long> b = cache(nodeB);
    a.put(1, 10L);
    assertThat(b.get(1)).isEqualTo(10L);

    SharedMapTierFactory.space(space + "/numbers").disconnect();
    a.put(1, 11L); // the invalidation is lost
    assertThat(b.get(1)).as("B reads the shared tier while its bus is down").isEqualTo(11L);

    SharedMapTierFactory.space(space + "/numbers").reconnect();
    a.put(1, 12L);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.get(1) == 12L);
    assertThat(b.unwrap(TieredCacheView.class).tierNames()).containsExactly("heap", "shared");
  }

  @Test
  void aConcurrentCheckerFindsNoStaleRead() throws Exception {
    Cache<Integer, Long> a = cache(nodeA);
    Cache<Integer, Long> b = cache(nodeB);

    CoherenceChecker.Result result = CoherenceChecker.run(8, 2_000, 100, a::put, b::get);

    // enough traffic for the check to mean something, low enough for a loaded 2-core machine (a run
    // under five concurrent builds once made 2 s of an in-JVM shared tier fewer than 1,000 writes)
    assertThat(result.writes()).isGreaterThan(100);
    assertThat(result.reads()).isGreaterThan(1_000);
    assertThat(result.staleReads()).as(result.firstStale()).isZero();
  }

  @Test
  void aTierNamingADeclaredConnectionGetsItsProperties() throws Exception {
    URI uri = URI.create("classpath:config/two-nodes.yaml");
    ClassLoader parent = getClass().getClassLoader();
    try (URLClassLoader loaderA = new URLClassLoader(new URL[0], parent);
        URLClassLoader loaderB = new URLClassLoader(new URL[0], parent)) {
      CacheManager a = provider.getCacheManager(uri, loaderA);
      CacheManager b = provider.getCacheManager(uri, loaderB);
      try {
        Cache<Integer, Long> onA = a.getCache("numbers", Integer.class, Long.class);
        Cache<Integer, Long> onB = b.getCache("numbers", Integer.class, Long.class);
        onA.put(7, 70L);
        assertThat(onB.get(7)).as("both nodes reach the space the connection names").isEqualTo(70L);
        onA.put(7, 71L);
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.get(7) == 71L);
      } finally {
        a.close();
        b.close();
      }
    }
  }

  /** Counts its calls across every node of a test; each call takes a while. */
  public static final class SlowCountingLoader implements CacheLoader<Integer, Long>, Serializable {
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public Long load(Integer key) {
      CALLS.incrementAndGet();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
      return key * 100L;
    }

    @Override
    public Map<Integer, Long> loadAll(Iterable<? extends Integer> keys) {
      Map<Integer, Long> result = new HashMap<>();
      keys.forEach(key -> result.put(key, load(key)));
      return result;
    }
  }

  private Cache<Integer, Long> readThroughCache(CacheManager node, long leaseMillis, long waitMillis) {
    TierSpec shared = TierSpec.of("shared-map", Map.of("space", space));
    return node.createCache("loaded", new TieredConfiguration<Integer, Long>()
        .setTypes(Integer.class, Long.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowCountingLoader.class))
        .loadLease(leaseMillis, waitMillis)
        .tiers(Tiers.heap(1000), shared));
  }

  @Test
  void withALoadLeaseConcurrentMissesOnTwoNodesLoadOnce() throws Exception {
    Cache<Integer, Long> a = readThroughCache(nodeA, 5_000, 5_000);
    Cache<Integer, Long> b = readThroughCache(nodeB, 5_000, 5_000);
    int before = SlowCountingLoader.CALLS.get();

    CompletableFuture<Long> onA = CompletableFuture.supplyAsync(() -> a.get(3));
    CompletableFuture<Long> onB = CompletableFuture.supplyAsync(() -> b.get(3));

    assertThat(onA.get(10, TimeUnit.SECONDS)).isEqualTo(300L);
    assertThat(onB.get(10, TimeUnit.SECONDS)).isEqualTo(300L);
    assertThat(SlowCountingLoader.CALLS.get() - before).as("loader calls on both nodes").isEqualTo(1);
  }

  @Test
  void aLeaseHolderThatNeverLoadsDelaysTheOthersOnlyForTheWaitTime() throws Exception {
    Cache<Integer, Long> b = readThroughCache(nodeB, 60_000, 200);
    SharedMapTierFactory.space(space + "/loaded").leaseForever(4, 60_000);
    int before = SlowCountingLoader.CALLS.get();

    assertThat(CompletableFuture.supplyAsync(() -> b.get(4)).get(10, TimeUnit.SECONDS)).isEqualTo(400L);
    assertThat(SlowCountingLoader.CALLS.get() - before).as("B loaded after waiting").isEqualTo(1);
  }
}

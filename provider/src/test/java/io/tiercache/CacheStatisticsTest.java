package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import io.tiercache.internal.TieredCache;
import io.tiercache.internal.stats.CacheStatistics;
import io.tiercache.testing.JCacheTestSupport;
import io.tiercache.testing.NumberLoader;
import io.tiercache.testing.SettableExpiryPolicy;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.Duration;
import javax.cache.integration.CompletionListenerFuture;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JCache statistics after every kind of operation, read over JMX under the spec's ObjectName, as the
 * specification and the reference implementation count them.
 */
class CacheStatisticsTest extends JCacheTestSupport {

  private Cache<Integer, String> statisticsCache() {
    return createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setStatisticsEnabled(true));
  }

  /** Key 1 holds "a" when {@code present}; key 2 never holds anything. */
  static Stream<Arguments> operations() {
    return Stream.of(
        // name, key 1 present, operation, hits, misses, puts, removals
        op("get absent", false, c -> c.get(1), 0, 1, 0, 0),
        op("get present", true, c -> c.get(1), 1, 0, 0, 0),
        op("getAll one present one absent", true, c -> c.getAll(Set.of(1, 2)), 1, 1, 0, 0),
        op("containsKey", true, c -> c.containsKey(1), 0, 0, 0, 0),
        op("put absent", false, c -> c.put(1, "b"), 0, 0, 1, 0),
        op("put present", true, c -> c.put(1, "b"), 0, 0, 1, 0),
        op("putAll one new one existing", true, c -> c.putAll(Map.of(1, "b", 2, "c")), 0, 0, 2, 0),
        op("putIfAbsent absent", false, c -> c.putIfAbsent(1, "b"), 0, 1, 1, 0),
        op("putIfAbsent present", true, c -> c.putIfAbsent(1, "b"), 1, 0, 0, 0),
        op("getAndPut absent", false, c -> c.getAndPut(1, "b"), 0, 1, 1, 0),
        op("getAndPut present", true, c -> c.getAndPut(1, "b"), 1, 0, 1, 0),
        op("remove absent", false, c -> c.remove(1), 0, 0, 0, 0),
        op("remove present", true, c -> c.remove(1), 0, 0, 0, 1),
        op("remove(k, v) absent", false, c -> c.remove(1, "a"), 0, 1, 0, 0),
        op("remove(k, v) matching", true, c -> c.remove(1, "a"), 1, 0, 0, 1),
        op("remove(k, v) not matching", true, c -> c.remove(1, "x"), 1, 0, 0, 0),
        op("getAndRemove absent", false, c -> c.getAndRemove(1), 0, 1, 0, 0),
        op("getAndRemove present", true, c -> c.getAndRemove(1), 1, 0, 0, 1),
        op("replace absent", false, c -> c.replace(1, "b"), 0, 1, 0, 0),
        op("replace present", true, c -> c.replace(1, "b"), 1, 0, 1, 0),
        op("replace(k, o, n) absent", false, c -> c.replace(1, "a", "b"), 0, 1, 0, 0),
        op("replace(k, o, n) matching", true, c -> c.replace(1, "a", "b"), 1, 0, 1, 0),
        op("replace(k, o, n) not matching", true, c -> c.replace(1, "x", "b"), 1, 0, 0, 0),
        op("getAndReplace absent", false, c -> c.getAndReplace(1, "b"), 0, 1, 0, 0),
        op("getAndReplace present", true, c -> c.getAndReplace(1, "b"), 1, 0, 1, 0),
        op("removeAll(keys) one present", true, c -> c.removeAll(Set.of(1, 2)), 0, 0, 0, 1),
        op("removeAll() one present", true, Cache::removeAll, 0, 0, 0, 1),
        op("clear", true, Cache::clear, 0, 0, 0, 0),
        op("invoke getValue absent", false, c -> c.invoke(1, (e, a) -> e.getValue()), 0, 1, 0, 0),
        op("invoke getValue present", true, c -> c.invoke(1, (e, a) -> e.getValue()), 1, 0, 0, 0),
        op("invoke exists absent", false, c -> c.invoke(1, (e, a) -> e.exists()), 0, 1, 0, 0),
        op("invoke setValue absent", false, c -> c.invoke(1, (e, a) -> {
          e.setValue("b");
          return null;
        }), 0, 1, 1, 0),
        op("invoke setValue present", true, c -> c.invoke(1, (e, a) -> {
          e.setValue("b");
          return null;
        }), 1, 0, 1, 0),
        op("invoke remove present", true, c -> c.invoke(1, (e, a) -> {
          e.remove();
          return null;
        }), 1, 0, 0, 1),
        op("invoke remove absent", false, c -> c.invoke(1, (e, a) -> {
          e.remove();
          return null;
        }), 0, 1, 0, 0),
        op("invokeAll setValue one present one absent", true, c -> c.invokeAll(Set.of(1, 2), (e, a) -> {
          e.setValue("b");
          return null;
        }), 1, 1, 2, 0),
        op("iterate one entry", true, c -> c.iterator().forEachRemaining(entry -> { }), 1, 0, 0, 0),
        op("iterator remove", true, c -> {
          Iterator<Cache.Entry<Integer, String>> iterator = c.iterator();
          iterator.next();
          iterator.remove();
        }, 1, 0, 0, 1));
  }

  private static Arguments op(String name, boolean present, Consumer<Cache<Integer, String>> operation, long hits,
      long misses, long puts, long removals) {
    return Arguments.of(name, present, operation, Counts.of(hits, misses, puts, removals));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void countsEachOperationAsTheSpecSays(String name, boolean present, Consumer<Cache<Integer, String>> operation,
      Counts expected) {
    Cache<Integer, String> cache = statisticsCache();
    if (present) {
      cache.put(1, "a");
    }
    statisticsBean(cache).clear();

    operation.accept(cache);

    assertThat(counts(cache)).as(name).isEqualTo(expected);
  }

  // ------------------------------------------------------------------ read-through, expiry, eviction

  private Cache<Integer, String> readThroughCache() {
    return createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setStatisticsEnabled(true)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new NumberLoader())));
  }

  @Test
  void aReadThroughLoadIsAMissNotAPut() {
    Cache<Integer, String> cache = readThroughCache();

    assertThat(cache.get(1)).isEqualTo("loaded-1");
    assertThat(counts(cache)).isEqualTo(Counts.of(0, 1, 0, 0));

    assertThat(cache.get(1)).isEqualTo("loaded-1");
    assertThat(counts(cache)).isEqualTo(Counts.of(1, 1, 0, 0));
  }

  @Test
  void getAllThroughTheLoaderCountsMissesNotPuts() {
    Cache<Integer, String> cache = readThroughCache();
    cache.put(1, "a");
    statisticsBean(cache).clear();

    assertThat(cache.getAll(Set.of(1, 2, 3))).hasSize(3);

    assertThat(counts(cache)).isEqualTo(Counts.of(1, 2, 0, 0));
  }

  @Test
  void loadAllCountsNoPuts() throws Exception {
    Cache<Integer, String> cache = readThroughCache();
    CompletionListenerFuture done = new CompletionListenerFuture();

    cache.loadAll(Set.of(1, 2, 3), true, done);
    done.get(5, TimeUnit.SECONDS);

    assertThat(cache.containsKey(2)).isTrue();
    assertThat(counts(cache)).isEqualTo(Counts.of(0, 0, 0, 0));
  }

  @Test
  void anEntryProcessorThatLoadsCountsAMissNotAPut() {
    Cache<Integer, String> cache = readThroughCache();

    String loaded = cache.invoke(4, (entry, args) -> entry.getValue());

    assertThat(loaded).isEqualTo("loaded-4");

    assertThat(cache.containsKey(4)).isTrue();
    assertThat(counts(cache)).isEqualTo(Counts.of(0, 1, 0, 0));
  }

  @Test
  void anExpiredEntryIsAMissAndNotARemoval() throws Exception {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setStatisticsEnabled(true)
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(
            new SettableExpiryPolicy().creation(new Duration(TimeUnit.MILLISECONDS, 50)))));
    cache.put(1, "a");
    cache.put(2, "b");
    Thread.sleep(120);
    statisticsBean(cache).clear();

    assertThat(cache.get(1)).isNull();
    assertThat(cache.remove(2)).isFalse();

    assertThat(counts(cache)).isEqualTo(Counts.of(0, 1, 0, 0));
  }

  @Test
  void evictionsBeyondTheBoundAreCountedAsEvictionsNotRemovals() {
    Cache<Integer, String> cache = createCache(new TieredConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setStatisticsEnabled(true)
        .tiers(Tiers.heap(10)));
    for (int i = 0; i < 100; i++) {
      cache.put(i, "v" + i);
    }

    await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
      cache.containsKey(0); // activity lets the tier catch up on its bound
      assertThat(counts(cache).evictions()).isEqualTo(90);
    });
    assertThat(counts(cache).removals()).isZero();
    assertThat(counts(cache).puts()).isEqualTo(100);
  }

  // ------------------------------------------------------------------ the bean itself

  @Test
  void clearResetsEveryCounter() {
    Cache<Integer, String> cache = statisticsCache();
    cache.put(1, "a");
    cache.get(1);
    cache.get(2);
    cache.remove(1);
    CacheStatisticsMXBean bean = statisticsBean(cache);
    assertThat(counts(cache)).isEqualTo(Counts.of(1, 1, 1, 1));

    bean.clear();

    assertThat(counts(cache)).isEqualTo(Counts.of(0, 0, 0, 0));
    assertThat(bean.getCacheHitPercentage()).isZero();
    assertThat(bean.getCacheMissPercentage()).isZero();
    assertThat(bean.getAverageGetTime()).isZero();
    assertThat(bean.getAveragePutTime()).isZero();
    assertThat(bean.getAverageRemoveTime()).isZero();
  }

  @Test
  void percentagesFollowHitsAndMisses() {
    Cache<Integer, String> cache = statisticsCache();
    cache.put(1, "a");
    cache.get(1);
    cache.get(2);
    cache.get(3);
    cache.get(4);

    CacheStatisticsMXBean bean = statisticsBean(cache);
    assertThat(bean.getCacheHitPercentage()).isCloseTo(25f, within(0.01f));
    assertThat(bean.getCacheMissPercentage()).isCloseTo(75f, within(0.01f));
    assertThat(bean.getCacheGets()).isEqualTo(4);
  }

  @Test
  void averageTimesAreRecordedForCountedOperations() {
    Cache<Integer, String> cache = statisticsCache();
    for (int i = 0; i < 50; i++) {
      cache.put(i, "v" + i);
      cache.get(i);
      cache.remove(i);
    }

    CacheStatisticsMXBean bean = statisticsBean(cache);
    assertThat(bean.getAverageGetTime()).isGreaterThan(0f);
    assertThat(bean.getAveragePutTime()).isGreaterThan(0f);
    assertThat(bean.getAverageRemoveTime()).isGreaterThan(0f);
  }

  @Test
  void theJmxBeanAndTheUnwrappedStatisticsAgree() {
    Cache<Integer, String> cache = statisticsCache();
    cache.put(1, "a");
    cache.get(1);
    cache.get(2);

    CacheStatistics direct = cache.unwrap(TieredCache.class).statistics();

    assertThat(direct.getCacheHits()).isEqualTo(counts(cache).hits()).isEqualTo(1);
    assertThat(direct.getCacheMisses()).isEqualTo(counts(cache).misses()).isEqualTo(1);
    assertThat(direct.getCachePuts()).isEqualTo(counts(cache).puts()).isEqualTo(1);
  }

  @Test
  void disabledStatisticsRecordNothingAndHaveNoBean() {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class));
    assertThat(platformServer().isRegistered(statisticsName(cache))).isFalse();

    exerciseEveryKind(cache);

    CacheStatistics direct = cache.unwrap(TieredCache.class).statistics();
    assertThat(direct.getCacheHits()).isZero();
    assertThat(direct.getCacheMisses()).isZero();
    assertThat(direct.getCachePuts()).isZero();
    assertThat(direct.getCacheRemovals()).isZero();
    assertThat(direct.getCacheEvictions()).isZero();
    assertThat(direct.getAverageGetTime()).isZero();
  }

  @Test
  void statisticsCanBeSwitchedOnAndOffAtRunTime() {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class));
    cache.put(1, "a");

    manager.enableStatistics(cache.getName(), true);
    assertThat(platformServer().isRegistered(statisticsName(cache))).isTrue();
    cache.get(1);
    cache.put(2, "b");
    assertThat(counts(cache)).isEqualTo(Counts.of(1, 0, 1, 0));

    manager.enableStatistics(cache.getName(), false);
    assertThat(platformServer().isRegistered(statisticsName(cache))).isFalse();
    CacheStatistics direct = cache.unwrap(TieredCache.class).statistics();
    cache.get(1);
    cache.get(3);
    cache.put(3, "c");
    assertThat(direct.getCacheHits()).isEqualTo(1);
    assertThat(direct.getCacheMisses()).isZero();
    assertThat(direct.getCachePuts()).isEqualTo(1);
  }

  @Test
  void closingTheCacheUnregistersItsBean() {
    Cache<Integer, String> cache = statisticsCache();
    assertThat(platformServer().isRegistered(statisticsName(cache))).isTrue();

    cache.close();

    assertThat(platformServer().isRegistered(statisticsName(cache))).isFalse();
  }

  private static void exerciseEveryKind(Cache<Integer, String> cache) {
    cache.put(1, "a");
    cache.get(1);
    cache.get(2);
    cache.getAll(Set.of(1, 2));
    cache.putIfAbsent(3, "c");
    cache.getAndPut(3, "d");
    cache.replace(3, "e");
    cache.replace(3, "e", "f");
    cache.getAndReplace(3, "g");
    Map<Integer, String> batch = new LinkedHashMap<>();
    batch.put(4, "h");
    batch.put(5, "i");
    cache.putAll(batch);
    cache.invoke(6, (entry, args) -> {
      entry.setValue("j");
      return null;
    });
    cache.remove(1);
    cache.remove(3, "g");
    cache.getAndRemove(4);
    cache.removeAll(Set.of(5));
    cache.removeAll();
  }
}

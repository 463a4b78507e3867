package io.tiercache;

import static io.tiercache.testing.RecordingListener.created;
import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.testing.JCacheTestSupport;
import io.tiercache.testing.RecordingListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;

/**
 * The atomic operations of the cache under contention: no lost update, no value returned twice, one
 * winner and one event per race. These would catch a read-modify-write that is not atomic in the core.
 */
class AtomicOperationsTest extends JCacheTestSupport {

  private static final int THREADS = 4;

  private Cache<Integer, Long> counterCache() {
    return createCache(new MutableConfiguration<Integer, Long>()
        .setTypes(Integer.class, Long.class)
        .setStatisticsEnabled(true));
  }

  @Test
  void entryProcessorIncrementsAreNeverLost() throws Exception {
    Cache<Integer, Long> cache = counterCache();
    int perThread = 500;

    runConcurrently(index -> {
      for (int i = 0; i < perThread; i++) {
        cache.invoke(1, (entry, args) -> {
          entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
          return null;
        });
      }
      return null;
    });

    assertThat(cache.get(1)).isEqualTo((long) THREADS * perThread);
    assertThat(counts(cache).puts()).isEqualTo((long) THREADS * perThread);
  }

  @Test
  void conditionalReplaceIncrementsAreNeverLost() throws Exception {
    Cache<Integer, Long> cache = counterCache();
    cache.put(1, 0L);
    int perThread = 250;

    runConcurrently(index -> {
      for (int i = 0; i < perThread; i++) {
        while (true) {
          Long current = cache.get(1);
          if (cache.replace(1, current, current + 1)) {
            break;
          }
        }
      }
      return null;
    });

    assertThat(cache.get(1)).isEqualTo((long) THREADS * perThread);
  }

  @Test
  void getAndPutHandsEachValueToExactlyOneCaller() throws Exception {
    Cache<Integer, Long> cache = counterCache();
    cache.put(1, -1L);
    int perThread = 500;

    List<List<Long>> returned = runConcurrently(index -> {
      List<Long> seen = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        seen.add(cache.getAndPut(1, (long) index * perThread + i));
      }
      return seen;
    });

    // every value written is either returned by exactly one later getAndPut or is the final value
    List<Long> all = new ArrayList<>();
    returned.forEach(all::addAll);
    all.add(cache.get(1));
    Set<Long> expected = new HashSet<>();
    expected.add(-1L);
    for (long v = 0; v < (long) THREADS * perThread; v++) {
      expected.add(v);
    }
    assertThat(all).doesNotHaveDuplicates().hasSize(expected.size());
    assertThat(new HashSet<>(all)).isEqualTo(expected);
  }

  @Test
  void aPutIfAbsentRaceHasOneWinnerAndOneCreatedEvent() throws Exception {
    for (int round = 0; round < 20; round++) {
      Cache<Integer, Long> cache = counterCache();
      RecordingListener<Integer, Long> listener = new RecordingListener<>();
      cache.registerCacheEntryListener(listenerConfiguration(listener, true, true));

      List<Boolean> won = runConcurrently(index -> cache.putIfAbsent(1, (long) index));

      Counts counts = counts(cache);
      long winners = won.stream().filter(Boolean::booleanValue).count();
      assertThat(winners).as("round %d: winners", round).isEqualTo(1);
      Long stored = cache.get(1);
      assertThat(won.get(stored.intValue())).as("round %d: the stored value is the winner's", round).isTrue();
      assertThat(listener.events()).as("round %d", round).containsExactly(created(1, stored));
      assertThat(counts).as("round %d", round).isEqualTo(Counts.of(THREADS - 1, 1, 1, 0));
    }
  }

  @Test
  void aRemoveRaceHasOneWinnerAndOneRemovedEvent() throws Exception {
    for (int round = 0; round < 20; round++) {
      Cache<Integer, Long> cache = counterCache();
      cache.put(1, 7L);
      RecordingListener<Integer, Long> listener = new RecordingListener<>();
      cache.registerCacheEntryListener(listenerConfiguration(listener, true, true));

      List<Long> removed = runConcurrently(index -> cache.getAndRemove(1));

      assertThat(removed.stream().filter(value -> value != null).toList()).as("round %d", round).containsExactly(7L);
      assertThat(listener.events(EventType.REMOVED)).as("round %d", round).hasSize(1);
      assertThat(counts(cache).removals()).isEqualTo(1);
    }
  }

  @FunctionalInterface
  interface IndexedTask<T> {
    T run(int index) throws Exception;
  }

  private static <T> List<T> runConcurrently(IndexedTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        int index = i;
        Callable<T> callable = () -> {
          go.await();
          return task.run(index);
        };
        futures.add(pool.submit(callable));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(20, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}

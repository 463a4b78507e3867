package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tiercache.testing.JCacheTestSupport;
import io.tiercache.testing.MutableValue;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.Test;

/**
 * Concurrent read-through misses of one key share one loader call. Every caller is parked inside
 * {@code get} (the loader blocked on a latch) before the loader is let go, so a second load can only
 * come from a missing single flight, never from a late thread.
 */
class SingleFlightTest extends JCacheTestSupport {

  private static final int THREADS = 16;

  private final BlockingLoader loader = new BlockingLoader();

  private Cache<Integer, MutableValue> readThroughCache() {
    return createCache(new MutableConfiguration<Integer, MutableValue>()
        .setTypes(Integer.class, MutableValue.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(loader)));
  }

  @Test
  void concurrentMissesOfOneKeyShareOneLoad() throws Exception {
    Cache<Integer, MutableValue> cache = readThroughCache();

    List<Outcome> outcomes = getConcurrently(() -> cache.get(1));

    assertThat(loader.calls(1)).as("loader calls").isEqualTo(1);
    for (Outcome outcome : outcomes) {
      assertThat(outcome.failure()).isNull();
      assertThat(outcome.value()).isEqualTo(new MutableValue("loaded-1"));
    }
    assertThat(cache.get(1)).isEqualTo(new MutableValue("loaded-1"));
    assertThat(loader.calls(1)).isEqualTo(1);
  }

  @Test
  void everyWaiterGetsItsOwnCopy() throws Exception {
    Cache<Integer, MutableValue> cache = readThroughCache();

    List<Outcome> outcomes = getConcurrently(() -> cache.get(1));
    outcomes.get(0).value().text("mutated by one caller");

    for (int i = 1; i < outcomes.size(); i++) {
      assertThat(outcomes.get(i).value().text()).as("caller %d", i).isEqualTo("loaded-1");
    }
    assertThat(cache.get(1).text()).isEqualTo("loaded-1");
  }

  @Test
  void aLoaderFailureReachesEveryWaiterAndTheNextGetRetries() throws Exception {
    Cache<Integer, MutableValue> cache = readThroughCache();
    IllegalStateException failure = new IllegalStateException("database down");
    loader.failWith(failure);

    List<Outcome> outcomes = getConcurrently(() -> cache.get(1));

    assertThat(loader.calls(1)).as("loader calls").isEqualTo(1);
    for (Outcome outcome : outcomes) {
      assertThat(outcome.value()).isNull();
      assertThat(outcome.failure()).isInstanceOf(CacheLoaderException.class).hasRootCause(failure);
    }
    assertThat(cache.containsKey(1)).isFalse();

    loader.failWith(null);
    assertThat(cache.get(1)).isEqualTo(new MutableValue("loaded-1"));
    assertThat(loader.calls(1)).as("loader calls after the retry").isEqualTo(2);
  }

  @Test
  void missesOfDifferentKeysLoadIndependently() throws Exception {
    Cache<Integer, MutableValue> cache = readThroughCache();
    AtomicInteger next = new AtomicInteger();

    List<Outcome> outcomes = getConcurrently(() -> {
      int key = next.getAndIncrement() % 2;
      return cache.get(key);
    });

    assertThat(loader.calls(0)).isEqualTo(1);
    assertThat(loader.calls(1)).isEqualTo(1);
    assertThat(outcomes).extracting(Outcome::value)
        .containsOnly(new MutableValue("loaded-0"), new MutableValue("loaded-1"));
  }

  @Test
  void aValuePutWhileALoadIsInFlightIsNotOverwrittenByTheLoad() throws Exception {
    Cache<Integer, MutableValue> cache = readThroughCache();
    Thread reader = new Thread(() -> cache.get(1), "reader");
    reader.setDaemon(true);
    reader.start();
    await().atMost(java.time.Duration.ofSeconds(5)).until(() -> loader.calls(1) == 1);

    cache.put(1, new MutableValue("put"));
    loader.release();
    reader.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(reader.isAlive()).isFalse();
    assertThat(cache.get(1)).isEqualTo(new MutableValue("put"));
  }

  @Test
  void aKeyRemovedWhileALoadIsInFlightDoesNotComeBackAsTheLoadedValueAfterAPut() throws Exception {
    Cache<Integer, MutableValue> cache = readThroughCache();
    cache.put(2, new MutableValue("other"));
    Thread reader = new Thread(() -> cache.get(1), "reader");
    reader.setDaemon(true);
    reader.start();
    await().atMost(java.time.Duration.ofSeconds(5)).until(() -> loader.calls(1) == 1);

    cache.put(1, new MutableValue("put"));
    cache.put(1, new MutableValue("put again"));
    loader.release();
    reader.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(cache.get(1)).isEqualTo(new MutableValue("put again"));
    assertThat(loader.calls(1)).isEqualTo(1);
  }

  // ------------------------------------------------------------------ harness

  record Outcome(MutableValue value, Throwable failure) {
  }

  /**
   * Runs {@code get} on {@value #THREADS} threads, waits until every one of them is parked (the
   * loader holding its latch), lets the loader go and returns what each thread got.
   */
  private List<Outcome> getConcurrently(Supplier<MutableValue> get) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    Outcome[] outcomes = new Outcome[THREADS];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      int index = i;
      Thread thread = new Thread(() -> {
        try {
          go.await();
          started.incrementAndGet();
          outcomes[index] = new Outcome(get.get(), null);
        } catch (Throwable t) {
          outcomes[index] = new Outcome(null, t);
        }
      }, "single-flight-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    await().atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(10)).until(() ->
        started.get() == THREADS && loader.totalCalls() > 0 && threads.stream().allMatch(thread ->
            thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING));
    loader.release();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
    }
    return List.of(outcomes);
  }

  /** Blocks every load until released; then answers {@code loaded-<key>} or throws what it was told. */
  static final class BlockingLoader implements CacheLoader<Integer, MutableValue>, Serializable {
    private static final long serialVersionUID = 1L;

    private final transient CountDownLatch released = new CountDownLatch(1);
    private final transient Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile RuntimeException failure;

    void release() {
      released.countDown();
    }

    void failWith(RuntimeException exception) {
      this.failure = exception;
    }

    int calls(int key) {
      AtomicInteger count = calls.get(key);
      return count == null ? 0 : count.get();
    }

    int totalCalls() {
      return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public MutableValue load(Integer key) {
      calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      try {
        if (!released.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      RuntimeException toThrow = failure;
      if (toThrow != null) {
        throw toThrow;
      }
      return new MutableValue("loaded-" + key);
    }

    @Override
    public Map<Integer, MutableValue> loadAll(Iterable<? extends Integer> keys) {
      throw new UnsupportedOperationException();
    }
  }
}

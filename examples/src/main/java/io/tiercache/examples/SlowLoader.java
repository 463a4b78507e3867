package io.tiercache.examples;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import javax.cache.configuration.Factory;
import javax.cache.integration.CacheLoader;

/**
 * A stand-in for a slow system of record (a database, a remote service): every load waits
 * {@code latencyNanos} and counts itself. The value of key {@code k} is {@link #valueOf(Long)
 * "value-k"}, so a caller can check what the cache returned.
 */
public final class SlowLoader implements CacheLoader<Long, String> {

  private final long latencyNanos;
  private final LongAdder calls;

  private SlowLoader(long latencyNanos, LongAdder calls) {
    this.latencyNanos = latencyNanos;
    this.calls = calls;
  }

  /** The value the loader produces for {@code key}. */
  public static String valueOf(Long key) {
    return "value-" + key;
  }

  @Override
  public String load(Long key) {
    calls.increment();
    pause();
    return valueOf(key);
  }

  @Override
  public Map<Long, String> loadAll(Iterable<? extends Long> keys) {
    // one round trip for the whole batch, as a real bulk query would be
    calls.increment();
    pause();
    Map<Long, String> values = new HashMap<>();
    for (Long key : keys) {
      values.put(key, valueOf(key));
    }
    return values;
  }

  private void pause() {
    if (latencyNanos <= 0) {
      return;
    }
    long deadline = System.nanoTime() + latencyNanos;
    long left = latencyNanos;
    while (left > 0) {
      LockSupport.parkNanos(left); // may return early: park again until the deadline
      left = deadline - System.nanoTime();
    }
  }

  /**
   * The factory given to the cache configuration. The loaders it creates share one call counter, so
   * the demo counts every load whichever loader instance the cache made.
   */
  public static final class LoaderFactory implements Factory<CacheLoader<Long, String>> {

    private static final long serialVersionUID = 1L;

    private final long latencyNanos;
    private final LongAdder calls = new LongAdder();

    /** Loaders that wait {@code latencyNanos} per call. */
    public LoaderFactory(long latencyNanos) {
      this.latencyNanos = latencyNanos;
    }

    @Override
    public CacheLoader<Long, String> create() {
      return new SlowLoader(latencyNanos, calls);
    }

    /** The calls made so far by every loader this factory created. */
    public long calls() {
      return calls.sum();
    }
  }
}

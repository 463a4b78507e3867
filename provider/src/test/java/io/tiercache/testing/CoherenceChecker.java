package io.tiercache.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Checks that a reader never sees a value older than the last write acknowledged more than an
 * allowed delay before the read began. A writer (node A) writes increasing numbers to a few keys; a
 * reader (node B) reads them; each read is compared with what A had acknowledged by
 * {@code readStart - allowedDelay}. Works for any pair of caches (in one JVM or, through their
 * callbacks, anywhere).
 */
public final class CoherenceChecker {

  /** What a run found. */
  public record Result(long writes, long reads, long staleReads, String firstStale) {
  }

  private CoherenceChecker() {
  }

  /**
   * Runs for {@code durationMillis}: one writer thread calling {@code write(key, value)} with increasing
   * values, one reader thread calling {@code read(key)}. A read that returns null, or less than the
   * value acknowledged {@code allowedDelayMillis} before it started, is stale.
   */
  public static Result run(int keys, long durationMillis, long allowedDelayMillis,
      BiConsumer<Integer, Long> write, Function<Integer, Long> read) throws InterruptedException {
    // per key: every acknowledged (time, value), so a read can be judged against its start time
    AckLog[] logs = new AckLog[keys];
    for (int k = 0; k < keys; k++) {
      logs[k] = new AckLog();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMillis);
    AtomicLong writes = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    AtomicLong stale = new AtomicLong();
    StringBuilder firstStale = new StringBuilder();
    Thread writer = new Thread(() -> {
      long value = 0;
      while (System.nanoTime() < deadline) {
        value++;
        for (int k = 0; k < keys; k++) {
          write.accept(k, value);
          logs[k].add(System.nanoTime(), value);
          writes.incrementAndGet();
        }
      }
    }, "coherence-writer");
    Thread reader = new Thread(() -> {
      long allowedNanos = TimeUnit.MILLISECONDS.toNanos(allowedDelayMillis);
      int k = 0;
      while (System.nanoTime() < deadline) {
        long start = System.nanoTime();
        long mustSee = logs[k].valueAckedBefore(start - allowedNanos);
        Long seen = read.apply(k);
        reads.incrementAndGet();
        if (mustSee > 0 && (seen == null || seen < mustSee)) {
          if (stale.getAndIncrement() == 0) {
            synchronized (firstStale) {
              firstStale.append("key ").append(k).append(": read ").append(seen).append(", but ")
                  .append(mustSee).append(" was acknowledged ").append(allowedDelayMillis).append(" ms before the read");
            }
          }
        }
        k = (k + 1) % keys;
      }
    }, "coherence-reader");
    writer.start();
    reader.start();
    writer.join();
    reader.join();
    synchronized (firstStale) {
      return new Result(writes.get(), reads.get(), stale.get(), firstStale.toString());
    }
  }

  /** Acknowledged (time, value) pairs of one key, values increasing. */
  private static final class AckLog {
    private long[] times = new long[1024];
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long time, long value) {
      if (size == times.length) {
        times = java.util.Arrays.copyOf(times, size * 2);
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      times[size] = time;
      values[size] = value;
      size++;
    }

    /** The highest value acknowledged at or before {@code time}, 0 if none. */
    synchronized long valueAckedBefore(long time) {
      int low = 0;
      int high = size - 1;
      long found = 0;
      while (low <= high) {
        int mid = (low + high) >>> 1;
        if (times[mid] <= time) {
          found = values[mid];
          low = mid + 1;
        } else {
          high = mid - 1;
        }
      }
      return found;
    }
  }
}

package io.tiercache.internal.stats;

import io.tiercache.TierStatistics;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The read figures of one tier within one cache, recorded while statistics are enabled. Striped
 * counters: metrics read them live (hits, misses, errors, lookup count and total time) and a
 * snapshot copies them.
 */
public final class TierStats {

  private final String tierName;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder lookupNanos = new LongAdder();
  private final ConcurrentHistogram latency = new ConcurrentHistogram(3);
  private final BooleanSupplier circuitOpen;

  /** Figures of a tier without a circuit breaker. */
  public TierStats(String tierName) {
    this(tierName, () -> false);
  }

  /** Figures of a tier whose circuit breaker {@code circuitOpen} tells whether it refuses calls now. */
  public TierStats(String tierName, BooleanSupplier circuitOpen) {
    this.tierName = tierName;
    this.circuitOpen = circuitOpen;
  }

  /** Whether the tier's circuit breaker refuses calls now (live, whether or not statistics are on). */
  public boolean circuitOpen() {
    return circuitOpen.getAsBoolean();
  }

  public void recordHit(long nanos) {
    hits.increment();
    recordLatency(nanos);
  }

  public void recordMiss(long nanos) {
    misses.increment();
    recordLatency(nanos);
  }

  private void recordLatency(long nanos) {
    long positive = Math.max(0, nanos);
    lookupNanos.add(positive);
    latency.recordValue(positive);
  }

  public void recordError() {
    errors.increment();
  }

  public void clear() {
    hits.reset();
    misses.reset();
    errors.reset();
    lookupNanos.reset();
    latency.reset();
  }

  public String tierName() {
    return tierName;
  }

  /** Lookups that found a live entry, so far. */
  public long hits() {
    return hits.sum();
  }

  /** Lookups that found nothing live, so far. */
  public long misses() {
    return misses.sum();
  }

  /** Lookups that failed, so far (not counted as hits or misses, their time not recorded). */
  public long errors() {
    return errors.sum();
  }

  /** Hits and misses: the lookups whose time {@link #lookupNanos()} adds up. */
  public long lookups() {
    return hits.sum() + misses.sum();
  }

  /** The total time of the counted lookups, in nanoseconds. */
  public long lookupNanos() {
    return lookupNanos.sum();
  }

  /**
   * The lookup latency at {@code percentile} (0-100) over every lookup recorded so far, in
   * nanoseconds; 0 before the first. Read without a copy, so it may lag lookups recorded meanwhile.
   */
  public long lookupLatencyNanos(double percentile) {
    return latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(percentile);
  }

  /** An immutable snapshot. */
  public TierStatistics snapshot() {
    Histogram copy = latency.copy();
    long h = hits.sum();
    long m = misses.sum();
    long e = errors.sum();
    boolean open = circuitOpen.getAsBoolean();
    return new TierStatistics() {
      @Override
      public String tierName() {
        return tierName;
      }

      @Override
      public long hits() {
        return h;
      }

      @Override
      public long misses() {
        return m;
      }

      @Override
      public long errors() {
        return e;
      }

      @Override
      public long lookupLatencyNanos(double percentile) {
        return copy.getTotalCount() == 0 ? 0 : copy.getValueAtPercentile(percentile);
      }

      @Override
      public boolean circuitOpen() {
        return open;
      }

      @Override
      public String toString() {
        return tierName + "[hits=" + h + ", misses=" + m + ", errors=" + e + (open ? ", circuit open" : "") + "]";
      }
    };
  }
}

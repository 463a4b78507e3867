package io.tiercache.internal.stats;

import io.tiercache.TierStatistics;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** The read figures of one tier within one cache, recorded while statistics are enabled. */
public final class TierStats {

  private final String tierName;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final ConcurrentHistogram latency = new ConcurrentHistogram(3);

  public TierStats(String tierName) {
    this.tierName = tierName;
  }

  public void recordHit(long nanos) {
    hits.increment();
    latency.recordValue(Math.max(0, nanos));
  }

  public void recordMiss(long nanos) {
    misses.increment();
    latency.recordValue(Math.max(0, nanos));
  }

  public void recordError() {
    errors.increment();
  }

  public void clear() {
    hits.reset();
    misses.reset();
    errors.reset();
    latency.reset();
  }

  /** An immutable snapshot. */
  public TierStatistics snapshot() {
    Histogram copy = latency.copy();
    long h = hits.sum();
    long m = misses.sum();
    long e = errors.sum();
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
      public String toString() {
        return tierName + "[hits=" + h + ", misses=" + m + ", errors=" + e + "]";
      }
    };
  }
}

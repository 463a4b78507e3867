package io.tiercache;

/** A snapshot of one tier's read figures within one cache. */
public interface TierStatistics {

  /** The tier's name. */
  String tierName();

  /** Reads answered by this tier with a live entry. */
  long hits();

  /** Reads that reached this tier and found nothing live. */
  long misses();

  /** {@code hits / (hits + misses)}, 0 when there were no reads. */
  default double hitRatio() {
    long total = hits() + misses();
    return total == 0 ? 0 : (double) hits() / total;
  }

  /** Lookups that failed with an error at this tier. */
  long errors();

  /** The latency of this tier's lookups at {@code percentile} (0-100), in nanoseconds. */
  long lookupLatencyNanos(double percentile);

  /**
   * Whether the tier's circuit breaker refuses calls now (it opened after repeated failures); always
   * {@code false} for a local tier, which has none.
   */
  default boolean circuitOpen() {
    return false;
  }
}

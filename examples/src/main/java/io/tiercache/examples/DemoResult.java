package io.tiercache.examples;

import io.tiercache.TierStatistics;
import java.util.List;

/**
 * What one demo run measured.
 *
 * @param options the options of the run
 * @param tierDescriptions the tiers as configured, fastest first, e.g. {@code heap (10,000 entries)}
 * @param ops the gets the run was asked to perform
 * @param failedGets gets that threw
 * @param wrongValues gets that returned something other than the loader's value for the key
 * @param firstFailure the first exception a get threw, or {@code null}
 * @param loaderCalls calls the cache made to the CacheLoader
 * @param tierStatistics the provider's per-tier figures, fastest first
 * @param getLatencyP50Nanos end-to-end {@code cache.get} latency, median, measured by the demo
 * @param getLatencyP99Nanos end-to-end {@code cache.get} latency, 99th percentile
 * @param getLatencyMaxNanos end-to-end {@code cache.get} latency, maximum
 * @param elapsedNanos wall time of the workload
 * @param jmxObjectName the name of the cache's {@code CacheStatisticsMXBean}
 * @param jcache the JCache statistics read through JMX, or {@code null} when the MXBean was not registered
 */
public record DemoResult(
    DemoOptions options,
    List<String> tierDescriptions,
    long ops,
    long failedGets,
    long wrongValues,
    Throwable firstFailure,
    long loaderCalls,
    List<TierStatistics> tierStatistics,
    long getLatencyP50Nanos,
    long getLatencyP99Nanos,
    long getLatencyMaxNanos,
    long elapsedNanos,
    String jmxObjectName,
    JCacheStatistics jcache) {

  /** The JCache statistics of the cache ({@code javax.cache.management.CacheStatisticsMXBean}). */
  public record JCacheStatistics(long cacheHits, long cacheMisses, float cacheHitPercentage,
      float averageGetTimeMicros) {
  }

  /** Gets answered without a loader call: {@code ops - loaderCalls}. */
  public long loaderCallsSaved() {
    return ops - loaderCalls;
  }

  /** {@link #loaderCallsSaved()} as a fraction of the gets. */
  public double loaderCallsSavedRatio() {
    return ops == 0 ? 0 : (double) loaderCallsSaved() / ops;
  }

  /** Gets per second over the run. */
  public double throughput() {
    return elapsedNanos <= 0 ? 0 : ops * 1e9 / elapsedNanos;
  }

  /** The process exit status the run deserves: 0 when every get returned the right value, else 1. */
  public int exitCode() {
    return failedGets == 0 && wrongValues == 0 ? 0 : 1;
  }
}

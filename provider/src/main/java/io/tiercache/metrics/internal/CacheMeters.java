package io.tiercache.metrics.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.tiercache.internal.TieredCache;
import io.tiercache.internal.stats.CacheStatistics;
import io.tiercache.internal.stats.TierStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Registers the meters of one cache. Every meter is a function meter reading the striped counters the
 * cache keeps anyway, at scrape time: binding adds nothing to the cache's operations.
 */
public final class CacheMeters {

  /** The latency percentiles published per tier, as fractions (the {@code phi} tag). */
  private static final double[] PERCENTILES = {0.5, 0.99, 0.999};

  private CacheMeters() {
  }

  /** The tags every meter of {@code cache} carries: {@code cache}, {@code cacheManager}, then {@code extra}. */
  public static Tags tags(TieredCache<?, ?> cache, Iterable<Tag> extra) {
    return Tags.of("cache", cache.getName(), "cacheManager", cache.getCacheManager().getURI().toString())
        .and(extra);
  }

  /** Registers the meters of {@code cache} in {@code registry}; returns them, so they can be removed. */
  public static List<Meter> register(MeterRegistry registry, TieredCache<?, ?> cache, Iterable<Tag> extra) {
    Tags tags = tags(cache, extra);
    CacheStatistics statistics = cache.statistics();
    List<Meter> meters = new ArrayList<>();
    meters.add(FunctionCounter.builder("cache.gets", statistics, CacheStatistics::getCacheHits)
        .tags(tags).tag("result", "hit")
        .description("Cache reads that returned a cached value").register(registry));
    meters.add(FunctionCounter.builder("cache.gets", statistics, CacheStatistics::getCacheMisses)
        .tags(tags).tag("result", "miss")
        .description("Cache reads that found no cached value (then loaded, if read-through)").register(registry));
    meters.add(FunctionCounter.builder("cache.puts", statistics, CacheStatistics::getCachePuts)
        .tags(tags).description("Entries stored in the cache").register(registry));
    meters.add(FunctionCounter.builder("cache.removals", statistics, CacheStatistics::getCacheRemovals)
        .tags(tags).description("Entries removed from the cache").register(registry));
    meters.add(FunctionCounter.builder("cache.evictions", statistics, CacheStatistics::getCacheEvictions)
        .tags(tags).description("Entries the cache's authority tier dropped to stay within its bounds")
        .register(registry));
    for (TierStats tier : cache.tierStats()) {
      Tags tierTags = tags.and("tier", tier.tierName());
      meters.add(FunctionCounter.builder("tiercache.tier.gets", tier, TierStats::hits)
          .tags(tierTags).tag("result", "hit")
          .description("Lookups this tier answered with a live entry").register(registry));
      meters.add(FunctionCounter.builder("tiercache.tier.gets", tier, TierStats::misses)
          .tags(tierTags).tag("result", "miss")
          .description("Lookups that reached this tier and found nothing live").register(registry));
      meters.add(FunctionCounter.builder("tiercache.tier.errors", tier, TierStats::errors)
          .tags(tierTags).description("Lookups that failed with an error at this tier").register(registry));
      meters.add(Gauge.builder("tiercache.tier.circuit.open", tier, stats -> stats.circuitOpen() ? 1 : 0)
          .tags(tierTags).description("1 while the tier's circuit breaker refuses calls, else 0 (local tiers have none)")
          .register(registry));
      meters.add(FunctionTimer.builder("tiercache.tier.lookup", tier, TierStats::lookups, TierStats::lookupNanos,
              TimeUnit.NANOSECONDS)
          .tags(tierTags).description("Lookups at this tier (hits and misses) and their total time")
          .register(registry));
      for (double percentile : PERCENTILES) {
        meters.add(TimeGauge.builder("tiercache.tier.lookup.latency", tier, TimeUnit.NANOSECONDS,
                stats -> stats.lookupLatencyNanos(percentile * 100))
            .tags(tierTags).tag("phi", Double.toString(percentile))
            .description("Lookup latency at this tier at the percentile phi, over all lookups since the cache started")
            .register(registry));
      }
    }
    return meters;
  }
}

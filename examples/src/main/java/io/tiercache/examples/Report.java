package io.tiercache.examples;

import io.tiercache.TierStatistics;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a {@link DemoResult} as the demo's report. */
final class Report {

  private Report() {
  }

  static void print(DemoResult result, PrintStream out) {
    printTiers(result, out);
    out.println();
    printOverall(result, out);
    out.println();
    printJCache(result, out);
    out.flush();
  }

  private static void printTiers(DemoResult result, PrintStream out) {
    int nameWidth = "Tier".length();
    for (TierStatistics tier : result.tierStatistics()) {
      nameWidth = Math.max(nameWidth, tier.tierName().length());
    }
    String row = "  %-3s %-" + nameWidth + "s %12s %12s %10s %11s %11s %7s%n";
    out.println("Per tier, fastest first (from TieredCacheView.tierStatistics())");
    out.printf(Locale.ROOT, row, "#", "Tier", "hits", "misses", "hit ratio", "p50 lookup", "p99 lookup", "errors");
    int index = 1;
    for (TierStatistics tier : result.tierStatistics()) {
      out.printf(Locale.ROOT, row, index++, tier.tierName(), count(tier.hits()), count(tier.misses()),
          percent(tier.hitRatio()), nanos(tier.lookupLatencyNanos(50)), nanos(tier.lookupLatencyNanos(99)),
          count(tier.errors()));
    }
    if (result.tierStatistics().size() == 1) {
      out.println("  (a single tier is also the authority: what it evicts, the cache no longer holds)");
    }
  }

  private static void printOverall(DemoResult result, PrintStream out) {
    String row = "  %-24s %s%n";
    out.println("Overall");
    String failures = result.failedGets() + result.wrongValues() == 0 ? "all returned the loader's value"
        : count(result.failedGets()) + " failed, " + count(result.wrongValues()) + " wrong values";
    out.printf(Locale.ROOT, row, "gets", count(result.ops()) + " (" + failures + ")");
    out.printf(Locale.ROOT, row, "loader calls", count(result.loaderCalls()));
    out.printf(Locale.ROOT, row, "loader calls saved",
        count(result.loaderCallsSaved()) + " (" + percent(result.loaderCallsSavedRatio()) + " of the gets)");
    out.printf(Locale.ROOT, row, "get latency p50 / p99",
        nanos(result.getLatencyP50Nanos()) + " / " + nanos(result.getLatencyP99Nanos())
            + " (max " + nanos(result.getLatencyMaxNanos()) + ", around cache.get, measured by the demo)");
    out.printf(Locale.ROOT, row, "throughput", String.format(Locale.ROOT, "%,.0f gets/s (%.2f s, %d threads)",
        result.throughput(), result.elapsedNanos() / 1e9, result.options().threads()));
  }

  private static void printJCache(DemoResult result, PrintStream out) {
    out.println("JCache statistics (JMX " + result.jmxObjectName() + ")");
    DemoResult.JCacheStatistics jcache = result.jcache();
    if (jcache == null) {
      out.println("  not available: the MXBean is not registered");
      return;
    }
    String row = "  %-24s %s%n";
    out.printf(Locale.ROOT, row, "CacheHits", count(jcache.cacheHits()));
    out.printf(Locale.ROOT, row, "CacheMisses", count(jcache.cacheMisses()));
    out.printf(Locale.ROOT, row, "CacheHitPercentage", String.format(Locale.ROOT, "%.2f%%", jcache.cacheHitPercentage()));
    out.printf(Locale.ROOT, row, "AverageGetTime", String.format(Locale.ROOT, "%,.1f us", jcache.averageGetTimeMicros()));
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
  }

  /** A latency in the unit that suits it: {@code 850 ns}, {@code 12.3 us}, {@code 1.05 ms}, {@code 2.10 s}. */
  static String nanos(long nanos) {
    if (nanos < 1_000) {
      return nanos + " ns";
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }
}

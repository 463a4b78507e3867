package io.tiercache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TierStatistics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoTest {

  private static final long OPS = 5_000;

  /** A small run: 2,000 keys, all of which fit in the heap tier, and a 50 us loader. */
  private static final String[] SMALL = {
      "--ops", String.valueOf(OPS), "--keys", "2000", "--heap-entries", "4000", "--threads", "4",
      "--loader-latency-us", "50", "--seed", "7", "--tiers", "heap"};

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  private String output() {
    out.flush();
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runPrintsTheReportAndExitsZero() {
    int status = Demo.run(SMALL, out);

    String report = output();
    assertThat(status).as(report).isZero();
    assertThat(report)
        .contains("tiercache demo", "heap (4,000 entries)")
        .contains("100%  5,000 / 5,000 gets") // not a terminal: one progress line per 10%, the last at 100%
        .doesNotContain("\r")
        .contains("Per tier", "loader calls saved", "get latency p50 / p99", "throughput")
        .contains("javax.cache:type=CacheStatistics,CacheManager=tiercache.default,Cache=demo")
        .contains("CacheHits", "CacheMisses", "CacheHitPercentage", "AverageGetTime")
        .doesNotContain("not available");
  }

  @Test
  void theCacheSavesLoaderCallsAndTheFiguresAgree() throws Exception {
    DemoResult result = Demo.runWorkload(DemoOptions.parse(SMALL), out);

    assertThat(result.exitCode()).isZero();
    assertThat(result.failedGets()).isZero();
    assertThat(result.wrongValues()).isZero();

    // every key fits in the heap tier: nothing is evicted, so each key is loaded at most once
    assertThat(result.loaderCalls()).isPositive().isLessThanOrEqualTo(2000).isLessThan(OPS);
    assertThat(result.loaderCallsSaved()).isEqualTo(OPS - result.loaderCalls());

    assertThat(result.tierStatistics()).hasSize(1);
    TierStatistics heap = result.tierStatistics().get(0);
    assertThat(heap.tierName()).isEqualTo("heap");
    assertThat(heap.hits()).isPositive();
    assertThat(heap.misses()).isPositive();
    assertThat(heap.errors()).isZero();
    assertThat(heap.lookupLatencyNanos(50)).isNotNegative().isLessThanOrEqualTo(heap.lookupLatencyNanos(99));

    DemoResult.JCacheStatistics jcache = result.jcache();
    assertThat(jcache).as("CacheStatisticsMXBean " + result.jmxObjectName()).isNotNull();
    assertThat(jcache.cacheHits() + jcache.cacheMisses()).isEqualTo(OPS);
    // concurrent misses of one key share one load (single flight), so loads never exceed misses
    assertThat(result.loaderCalls()).isLessThanOrEqualTo(jcache.cacheMisses());
    assertThat((double) jcache.cacheHitPercentage())
        .isCloseTo(100.0 * jcache.cacheHits() / OPS, org.assertj.core.data.Offset.offset(0.01));
    assertThat(jcache.averageGetTimeMicros()).isPositive();

    assertThat(result.getLatencyP50Nanos()).isNotNegative().isLessThanOrEqualTo(result.getLatencyP99Nanos());
    assertThat(result.getLatencyP99Nanos()).isLessThanOrEqualTo(result.getLatencyMaxNanos());
    // far more than 1% of the gets miss (each of the ~1,000 keys drawn is loaded once), and a miss
    // waits for the 50 us loader: the 99th percentile is a miss
    assertThat(jcache.cacheMisses()).isGreaterThan(OPS / 20);
    assertThat(result.getLatencyP99Nanos()).isGreaterThanOrEqualTo(50_000);
    assertThat(result.throughput()).isPositive();
  }

  @Test
  void everyGetIsOneLookupAtTheFirstTier() throws Exception {
    DemoResult result = Demo.runWorkload(DemoOptions.parse(SMALL), out);

    TierStatistics heap = result.tierStatistics().get(0);
    assertThat(heap.hits() + heap.misses()).isEqualTo(OPS);
    // a single tier: its hits and misses are the cache's
    assertThat(heap.hits()).isEqualTo(result.jcache().cacheHits());
    assertThat(heap.misses()).isEqualTo(result.jcache().cacheMisses());
  }

  @Test
  void theDefaultStackPromotesFromOffHeapAndDisk() throws Exception {
    int ops = 20_000;
    DemoResult result = Demo.runWorkload(DemoOptions.parse(
        "--ops", String.valueOf(ops), "--keys", "100000", "--heap-entries", "200", "--offheap-size", "1MB",
        "--threads", "2", "--loader-latency-us", "20", "--seed", "11"), out);

    assertThat(result.exitCode()).isZero();
    assertThat(result.wrongValues()).isZero();
    List<TierStatistics> tiers = result.tierStatistics();
    assertThat(tiers).extracting(TierStatistics::tierName).containsExactly("heap", "offheap", "disk");
    // each read starts at the heap; a tier's misses are the next tier's lookups
    assertThat(tiers.get(0).hits() + tiers.get(0).misses()).isEqualTo(ops);
    for (int i = 1; i < tiers.size(); i++) {
      assertThat(tiers.get(i).hits() + tiers.get(i).misses()).as(tiers.get(i).tierName())
          .isEqualTo(tiers.get(i - 1).misses());
    }
    // a 200-entry heap and a 1MB off-heap tier cannot hold the ~8,000 keys drawn: slower tiers answer
    assertThat(tiers.get(1).hits()).as("off-heap hits").isPositive();
    assertThat(tiers.get(2).hits()).as("disk hits").isPositive();
    long tierHits = tiers.stream().mapToLong(TierStatistics::hits).sum();
    assertThat(tierHits).isEqualTo(result.jcache().cacheHits());
    assertThat(tiers.get(2).misses()).isEqualTo(result.jcache().cacheMisses());
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    assertThat(Demo.run(new String[] {"--help"}, out)).isZero();
    assertThat(output()).startsWith("Usage: java -jar tiercache-demo.jar").contains("--ops N", "--tiers LIST");
  }

  @Test
  void badOptionsExitTwoWithAMessage() {
    assertThat(Demo.run(new String[] {"--ops", "many"}, out)).isEqualTo(2);
    assertThat(Demo.run(new String[] {"--frobnicate"}, out)).isEqualTo(2);
    assertThat(Demo.run(new String[] {"--threads"}, out)).isEqualTo(2);
    assertThat(output())
        .contains("error: --ops needs a whole number, was 'many'")
        .contains("error: unknown option --frobnicate")
        .contains("error: --threads needs a value")
        .contains("Run with --help")
        .doesNotContain("Per tier");
  }
}

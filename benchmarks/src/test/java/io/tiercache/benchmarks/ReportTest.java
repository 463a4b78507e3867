package io.tiercache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static void add(Map<String, List<Report.Row>> groups, String benchmark, String subject, double score) {
    Report.Row row = new Report.Row(benchmark, 1, subject, score, 1, "ops/s");
    groups.computeIfAbsent(row.group(), g -> new java.util.ArrayList<>()).add(row);
  }

  @Test
  void targetsAreRatiosOfThisRunsFigures() {
    Map<String, List<Report.Row>> groups = new TreeMap<>();
    add(groups, "GetBenchmark", Subjects.CAFFEINE, 10_000_000);
    add(groups, "GetBenchmark", Subjects.TIERCACHE_HEAP_BYREF, 8_500_000);
    add(groups, "GetBenchmark", Subjects.CAFFEINE_JCACHE_BYREF, 8_000_000);
    add(groups, "GetBenchmark", Subjects.TIERCACHE_REDIS_MISS, 10_000);
    add(groups, "GetBenchmark", Subjects.REDISSON_BUCKET, 11_000);
    add(groups, "GetAllBenchmark", Subjects.TIERCACHE_REDIS, 2_500);
    ArrayNode footprint = new ObjectMapper().createArrayNode();
    footprint.addObject().put("subject", Subjects.CAFFEINE).put("bytesPerEntry", 230);
    footprint.addObject().put("subject", Subjects.TIERCACHE_HEAP).put("bytesPerEntry", 270);

    List<Report.Target> targets = Report.targetList(groups, footprint);

    assertThat(targets).extracting(Report.Target::what).containsExactly(
        "heap get, store-by-reference ≥ 0.9 × raw Caffeine (1 thread)",
        "heap get, store-by-reference ≥ Caffeine JCache store-by-reference (1 thread)",
        "local miss served by Redis: latency ≤ 1.15 × raw Redisson bucket get (1 thread)",
        "getAll(100) from Redis ≥ 20 × faster than 100 single gets (1 thread)",
        "heap bytes per entry ≤ raw Caffeine + 32 B");
    assertThat(targets.get(0).ratio()).isEqualTo(0.85);
    assertThat(targets.get(0).met()).isFalse();
    assertThat(targets.get(1).met()).isTrue();
    assertThat(targets.get(2).met()).isTrue(); // 10,000 ≥ 11,000 / 1.15
    assertThat(targets.get(3).ratio()).isEqualTo(25.0); // 2,500 batches of 100 keys vs 10,000 single gets
    assertThat(targets.get(4).met()).isFalse(); // 270 > 230 + 32
    assertThat(Report.targets(groups, footprint)).contains("| **no** |").contains("| yes |");
  }
}

package io.tiercache.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Proves that each benchmark starts and measures something, not how fast anything is: every benchmark
 * class runs through JMH's {@link Runner} in this JVM (no fork), no warm-up, one 100 ms iteration, on
 * fewer keys. {@link GetBenchmark} runs every subject, so each subject (and the server it starts) is
 * opened and closed once; the other workloads run on one subject per tier kind.
 */
class BenchmarksSmokeTest {

  @Test
  void getStartsOnEverySubject() throws RunnerException {
    run(GetBenchmark.class, Subjects.ALL, 1000);
  }

  @Test
  void putStarts() throws RunnerException {
    run(PutBenchmark.class, List.of(Subjects.CAFFEINE, Subjects.TIERCACHE_HEAP, Subjects.TIERCACHE_REDIS), 1000);
  }

  @Test
  void mixedStarts() throws RunnerException {
    run(MixedBenchmark.class, List.of(Subjects.CAFFEINE_JCACHE, Subjects.TIERCACHE_OFFHEAP), 1000);
  }

  @Test
  void getAllStarts() throws RunnerException {
    run(GetAllBenchmark.class, List.of(Subjects.REDISSON_JCACHE, Subjects.TIERCACHE_REDIS), 1000);
  }

  @Test
  void zipfStarts() throws RunnerException {
    run(ZipfBenchmark.class, List.of(Subjects.TIERCACHE_OFFHEAP), 20_000);
  }

  @Test
  void footprintMeasures() {
    assertThat(Footprint.measure(Subjects.TIERCACHE_HEAP, 10_000)).isPositive();
  }

  private static void run(Class<?> benchmark, List<String> subjects, int keys) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include("^" + Pattern.quote(benchmark.getName()) + "\\.")
        .param("subject", subjects.toArray(String[]::new))
        .param("keys", Integer.toString(keys))
        .forks(0)
        .threads(1)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT);
    Collection<RunResult> results = new Runner(options.build()).run();
    assertThat(results).hasSize(subjects.size());
    for (RunResult result : results) {
      // not a measurement (no warm-up, 100 ms, no fork): printed to show each subject ran
      System.out.printf("%s %s: %.0f ops/s%n", benchmark.getSimpleName(),
          result.getParams().getParam("subject"), result.getPrimaryResult().getScore());
      assertThat(result.getPrimaryResult().getScore())
          .as("%s on %s", benchmark.getSimpleName(), result.getParams().getParam("subject"))
          .isPositive();
    }
  }
}

package io.tiercache.benchmarks;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * getAll of 100 present keys (of 10k) from a remote authority: a score is one getAll call. The tiercache
 * subjects' heap holds 16 entries, so the keys come from Redis or Hazelcast, not the heap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:MaxDirectMemorySize=2g",
    "-Dhazelcast.phone.home.enabled=false", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    // what Hazelcast asks for to use its fast paths (it warns and falls back without them)
    "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public class GetAllBenchmark {

  /** The number of keys per getAll. */
  static final int BATCH = 100;

  @Param({"hazelcast-jcache", "redisson-jcache", "redisson-bucket", "redisson-map", "tiercache-redis",
      "tiercache-hazelcast"})
  public String subject;

  @Param("10000")
  public int keys;

  Subject cache;

  @Setup(Level.Trial)
  public void open() {
    cache = Subjects.open(subject, 16);
    Workloads.fill(cache, keys);
  }

  @TearDown(Level.Trial)
  public void close() {
    cache.close();
  }

  /** A thread's batches of keys. */
  @State(Scope.Thread)
  public static class Batches {
    static final int COUNT = 256;
    private final Set<Long>[] batches = newArray();
    private int next;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Set<Long>[] newArray() {
      return new Set[COUNT];
    }

    @Setup(Level.Trial)
    public void init(GetAllBenchmark benchmark, ThreadParams thread) {
      SplittableRandom random = new SplittableRandom(KeyCursor.seed(thread));
      for (int i = 0; i < COUNT; i++) {
        Set<Long> batch = new LinkedHashSet<>();
        while (batch.size() < BATCH) {
          batch.add((long) random.nextInt(benchmark.keys));
        }
        batches[i] = Set.copyOf(batch);
      }
    }

    Set<Long> next() {
      return batches[next++ & (COUNT - 1)];
    }
  }

  @Benchmark
  public Object getAll(Batches batches) {
    return cache.getAll(batches.next());
  }
}

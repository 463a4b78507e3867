package io.tiercache.benchmarks;

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
 * get over 1M present keys drawn with a Zipf-like distribution (exponent 0.99), the heap (caching)
 * tier holding 10% of them; the rest is answered by the subject's lower tier. Filling 1M entries into
 * the Redis and Hazelcast subjects takes a while before the first warm-up iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:MaxDirectMemorySize=2g",
    "-Dhazelcast.phone.home.enabled=false", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    // what Hazelcast asks for to use its fast paths (it warns and falls back without them)
    "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public class ZipfBenchmark {

  @Param({"ehcache-offheap", "tiercache-offheap", "tiercache-redis", "tiercache-hazelcast"})
  public String subject;

  @Param("1000000")
  public int keys;

  Subject cache;

  @Setup(Level.Trial)
  public void open() {
    cache = Subjects.open(subject, Math.max(1, keys / 10));
    Workloads.fill(cache, keys);
  }

  @TearDown(Level.Trial)
  public void close() {
    cache.close();
  }

  /** A thread's keys. */
  @State(Scope.Thread)
  public static class Keys extends KeyCursor {
    @Setup(Level.Trial)
    public void init(ZipfBenchmark benchmark, ThreadParams thread) {
      init(Workloads.zipf(benchmark.keys, seed(thread)));
    }
  }

  @Benchmark
  public byte[] get(Keys keys) {
    return cache.get(keys.next());
  }
}

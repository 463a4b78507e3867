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
 * get, 10k keys, every key present. A tiered subject's heap holds every key (local hits), except
 * {@code tiercache-redis-miss}, whose 16-entry heap sends nearly every read to Redis.
 * Threads: {@code -t 1} / {@code -t 2} on the command line.
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
public class GetBenchmark {

  @Param({"caffeine", "caffeine-jcache", "caffeine-jcache-byref", "ehcache-heap", "ehcache-offheap", "hazelcast-jcache",
      "redisson-jcache", "redisson-bucket", "redisson-map", "tiercache-heap", "tiercache-heap-byref", "tiercache-offheap",
      "tiercache-redis", "tiercache-redis-miss", "tiercache-hazelcast"})
  public String subject;

  @Param("10000")
  public int keys;

  Subject cache;

  @Setup(Level.Trial)
  public void open() {
    cache = Subjects.open(subject, keys);
    Workloads.fill(cache, keys);
    Workloads.prime(cache, keys);
  }

  @TearDown(Level.Trial)
  public void close() {
    cache.close();
  }

  /** A thread's keys. */
  @State(Scope.Thread)
  public static class Keys extends KeyCursor {
    @Setup(Level.Trial)
    public void init(GetBenchmark benchmark, ThreadParams thread) {
      init(Workloads.uniform(benchmark.keys, seed(thread)));
    }
  }

  @Benchmark
  public byte[] get(Keys keys) {
    return cache.get(keys.next());
  }
}

package io.tiercache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * put, 10k keys, each put replacing a present entry (values are shared, made up front).
 * Threads: {@code -t 1} / {@code -t 2} on the command line.
 */
public class PutBenchmark extends CacheBenchmark {

  @Param({"caffeine", "caffeine-jcache", "ehcache-heap", "ehcache-offheap", "hazelcast-jcache",
      "redisson-jcache", "redisson-bucket", "redisson-map", "tiercache-heap", "tiercache-offheap",
      "tiercache-redis", "tiercache-redis-miss", "tiercache-hazelcast"})
  public String subject;

  @Param("10000")
  public int keys;

  byte[] value = Workloads.value(42);

  @Setup(Level.Trial)
  public void open() {
    cache = Subjects.open(subject, keys);
    Workloads.fill(cache, keys);
    Workloads.settle();
  }

  /** A thread's keys. */
  @State(Scope.Thread)
  public static class Keys extends KeyCursor {
    @Setup(Level.Trial)
    public void init(PutBenchmark benchmark, ThreadParams thread) {
      init(Workloads.uniform(benchmark.keys, seed(thread)));
    }
  }

  @Benchmark
  public void put(Keys keys) {
    cache.put(keys.next(), value);
  }
}

package io.tiercache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * get, 10k keys, every key present. A tiered subject's heap holds every key (local hits), except
 * {@code tiercache-redis-miss}, whose 16-entry heap sends nearly every read to Redis.
 * Threads: {@code -t 1} / {@code -t 2} on the command line.
 */
public class GetBenchmark extends CacheBenchmark {

  @Param({"caffeine", "caffeine-versioned", "caffeine-jcache", "caffeine-jcache-byref", "ehcache-heap",
      "ehcache-offheap", "hazelcast-jcache", "redisson-jcache", "redisson-bucket", "redisson-map", "tiercache-heap", "tiercache-heap-byref", "tiercache-offheap",
      "tiercache-redis", "tiercache-redis-miss", "tiercache-hazelcast"})
  public String subject;

  @Param("10000")
  public int keys;


  @Setup(Level.Trial)
  public void open() {
    cache = Subjects.open(subject, keys);
    Workloads.fill(cache, keys);
    Workloads.prime(cache, keys);
    Workloads.settle();
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

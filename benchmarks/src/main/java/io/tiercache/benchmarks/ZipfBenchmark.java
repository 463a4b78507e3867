package io.tiercache.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * get over 1M present keys drawn with a Zipf-like distribution (exponent 0.99), the heap (caching)
 * tier holding 10% of them; the rest is answered by the subject's lower tier. Filling 1M entries into
 * the Redis and Hazelcast subjects takes a while before the first warm-up iteration.
 */
@Warmup(iterations = 3, time = 5)
public class ZipfBenchmark extends CacheBenchmark {

  @Param({"ehcache-offheap", "tiercache-offheap", "tiercache-redis", "tiercache-hazelcast"})
  public String subject;

  @Param("1000000")
  public int keys;


  @Setup(Level.Trial)
  public void open() {
    cache = Subjects.open(subject, Math.max(1, keys / 10));
    Workloads.fill(cache, keys);
    Workloads.settle();
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

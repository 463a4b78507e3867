package io.tiercache.benchmarks;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * getAll of 100 present keys (of 10k) from a remote authority: a score is one getAll call. The tiercache
 * subjects' heap holds 16 entries, so the keys come from Redis or Hazelcast, not the heap.
 */
public class GetAllBenchmark extends CacheBenchmark {

  /** The number of keys per getAll. */
  static final int BATCH = 100;

  @Param({"hazelcast-jcache", "redisson-jcache", "redisson-bucket", "redisson-map", "tiercache-redis",
      "tiercache-hazelcast"})
  public String subject;

  @Param("10000")
  public int keys;


  @Setup(Level.Trial)
  public void open() {
    cache = Subjects.open(subject, 16);
    Workloads.fill(cache, keys);
    Workloads.settle();
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

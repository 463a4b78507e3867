package io.tiercache.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** What the workloads share: the values, filling a subject, and key sequences (uniform or Zipf-like). */
public final class Workloads {

  /** The size of every value. */
  public static final int VALUE_BYTES = 100;

  /** The length of a precomputed key sequence (a power of two; each thread walks its own). */
  static final int SEQUENCE = 1 << 16;

  private Workloads() {
  }

  /** A fresh 100-byte value derived from {@code key}. */
  public static byte[] value(long key) {
    byte[] value = new byte[VALUE_BYTES];
    for (int i = 0; i < VALUE_BYTES; i++) {
      value[i] = (byte) (key + i);
    }
    return value;
  }

  /** Stores keys {@code 0 .. keys-1}, in batches, each with a value of its own. */
  public static void fill(Subject subject, int keys) {
    int batch = 1000;
    for (int start = 0; start < keys; start += batch) {
      Map<Long, byte[]> entries = new HashMap<>(batch * 2);
      for (int key = start; key < Math.min(keys, start + batch); key++) {
        entries.put((long) key, value(key));
      }
      subject.putAll(entries);
    }
  }

  /**
   * Reads keys {@code 0 .. keys-1} once, in batches, so a tiered subject whose heap can hold them all
   * has them there (a write reaches the authority first; what a caching tier keeps of it is the
   * subject's business, a read promotes).
   */
  public static void prime(Subject subject, int keys) {
    int batch = 1000;
    for (int start = 0; start < keys; start += batch) {
      java.util.Set<Long> batchKeys = new java.util.HashSet<>(batch * 2);
      for (int key = start; key < Math.min(keys, start + batch); key++) {
        batchKeys.add((long) key);
      }
      subject.getAll(batchKeys);
    }
  }

  /**
   * Lets the collector relocate what setup left, as it does for every long-lived cache in a running
   * application: allocates short-lived garbage until two collections have run. Without it a subject
   * whose reads allocate nothing is measured in the layout its fill happened to produce (fill order,
   * with the fill's own garbage between the objects of an entry) for the whole trial, while a subject
   * whose reads allocate is relocated by the first young collection: the two would not be comparable.
   */
  public static void settle() {
    long before = collections();
    Object[] sink = new Object[64];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int i = 0; collections() < before + 2; i++) {
      sink[i & (sink.length - 1)] = new byte[64 * 1024];
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no two collections within 30 s of allocating: the heap is not settled");
      }
    }
  }

  private static long collections() {
    long count = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, collector.getCollectionCount());
    }
    return count;
  }

  /** {@link #SEQUENCE} keys drawn uniformly from {@code 0 .. keys-1}. */
  public static Long[] uniform(int keys, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Long[] sequence = new Long[SEQUENCE];
    for (int i = 0; i < SEQUENCE; i++) {
      sequence[i] = (long) random.nextInt(keys);
    }
    return sequence;
  }

  /**
   * {@link #SEQUENCE} keys from {@code 0 .. keys-1} with a Zipf-like distribution (exponent
   * {@code 0.99}, as YCSB's): rank {@code r} is drawn with weight {@code 1 / r^0.99}, then scrambled
   * to a key by a fixed permutation so that hot keys are not neighbours.
   */
  public static Long[] zipf(int keys, long seed) {
    double[] cumulative = zipfCumulative(keys);
    SplittableRandom random = new SplittableRandom(seed);
    Long[] sequence = new Long[SEQUENCE];
    for (int i = 0; i < SEQUENCE; i++) {
      double u = random.nextDouble() * cumulative[keys - 1];
      int rank = java.util.Arrays.binarySearch(cumulative, u);
      rank = rank >= 0 ? rank : Math.min(keys - 1, -rank - 1);
      sequence[i] = scramble(rank, keys);
    }
    return sequence;
  }

  private static double[] zipfCumulative(int keys) {
    double[] cumulative = new double[keys];
    double sum = 0;
    for (int r = 0; r < keys; r++) {
      sum += 1.0 / Math.pow(r + 1, 0.99);
      cumulative[r] = sum;
    }
    return cumulative;
  }

  /** A permutation of {@code 0 .. keys-1}: multiplication by a prime that does not divide keys. */
  static long scramble(int rank, int keys) {
    long prime = 2_147_483_647L; // not a factor of any int key count below it
    return Math.floorMod(rank * prime, (long) keys);
  }
}

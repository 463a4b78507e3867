package io.tiercache.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Retained heap bytes per entry of the in-heap subjects: used heap after a full GC with {@code n}
 * entries (Long key, 100-byte value) held, minus before, over {@code n}. The payload alone (a boxed
 * Long and a byte[100]) is 136 bytes with compressed oops. Not a JMH benchmark: run it in a JVM of its
 * own with a fixed heap, e.g. {@code java -Xms3g -Xmx3g -cp benchmarks.jar io.tiercache.benchmarks.Footprint
 * [entries] [out.json] [subject...]}.
 */
public final class Footprint {

  /** The subjects measured when none are named. */
  static final List<String> DEFAULT_SUBJECTS = List.of(Subjects.CAFFEINE, Subjects.CAFFEINE_JCACHE,
      Subjects.EHCACHE_HEAP, Subjects.TIERCACHE_HEAP, Subjects.TIERCACHE_HEAP_BYREF);

  private Footprint() {
  }

  public static void main(String[] args) throws IOException {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path out = args.length > 1 ? Path.of(args[1]) : null;
    List<String> subjects = args.length > 2 ? List.of(args).subList(2, args.length) : DEFAULT_SUBJECTS;
    List<Map<String, Object>> results = new ArrayList<>();
    for (String subject : subjects) {
      long perEntry = measure(subject, entries);
      System.out.printf("%-20s %6d bytes/entry (%d entries)%n", subject, perEntry, entries);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("subject", subject);
      result.put("entries", entries);
      result.put("bytesPerEntry", perEntry);
      results.add(result);
    }
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), results);
    }
  }

  /**
   * Retained bytes per entry of {@code subject} holding {@code entries} entries. A small run first
   * loads the subject's classes and static state, which would otherwise count against the entries.
   */
  public static long measure(String subject, int entries) {
    retained(subject, Math.min(entries, 1000));
    return retained(subject, entries);
  }

  private static long retained(String subject, int entries) {
    long before = usedAfterGc();
    Subject cache = Subjects.open(subject, entries);
    try {
      Workloads.fill(cache, entries);
      long after = usedAfterGc();
      // the cache must stay reachable until after the measurement
      if (cache.get(0L) == null) {
        throw new IllegalStateException(subject + " lost entry 0 while being measured");
      }
      return Math.round((after - before) / (double) entries);
    } finally {
      cache.close();
    }
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}

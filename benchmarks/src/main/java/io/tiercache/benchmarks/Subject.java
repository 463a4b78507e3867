package io.tiercache.benchmarks;

import java.util.Map;
import java.util.Set;

/**
 * One cache under test, seen through the few operations the workloads use. JCache subjects forward to
 * a {@code javax.cache.Cache<Long, byte[]>}; the raw Caffeine and raw Redisson subjects (not JCache)
 * forward to their native APIs. {@link #close()} stops whatever the subject started (servers included).
 */
public interface Subject extends AutoCloseable {

  /** The value of {@code key}, or {@code null}. */
  byte[] get(Long key);

  /** Stores {@code value} under {@code key}. */
  void put(Long key, byte[] value);

  /** The values of {@code keys} that are present. */
  Map<Long, byte[]> getAll(Set<Long> keys);

  /** Stores every entry of {@code entries}. */
  void putAll(Map<Long, byte[]> entries);

  @Override
  void close();
}

package io.tiercache.config;

import java.util.Map;

/** Factory methods for the tier kinds tiercache ships. A tier kind needs its module on the classpath. */
public final class Tiers {

  private Tiers() {
  }

  /** A heap tier (Caffeine) bounded to {@code maxEntries} entries. Module: {@code tiercache-provider}. */
  public static TierSpec heap(long maxEntries) {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("heap entries must be positive: " + maxEntries);
    }
    return TierSpec.of("heap", Map.of("entries", maxEntries));
  }

  /** An off-heap tier of {@code size} (e.g. {@code "256MB"}). Module: {@code tiercache-ehcache}. */
  public static TierSpec offHeap(String size) {
    return TierSpec.of("offheap", Map.of("size", size));
  }

  /**
   * A disk tier of {@code size} under {@code path}; {@code persistent} keeps its entries across
   * restarts. Module: {@code tiercache-ehcache}.
   */
  public static TierSpec disk(String path, String size, boolean persistent) {
    return TierSpec.of("disk", Map.of("path", path, "size", size, "persistent", persistent));
  }

  /** A Redis tier on the named connection. Module: {@code tiercache-redisson}. */
  public static TierSpec redis(String connection) {
    return TierSpec.of("redis", Map.of("connection", connection));
  }

  /** A Hazelcast tier on the named connection. Module: {@code tiercache-hazelcast}. */
  public static TierSpec hazelcast(String connection) {
    return TierSpec.of("hazelcast", Map.of("connection", connection));
  }
}

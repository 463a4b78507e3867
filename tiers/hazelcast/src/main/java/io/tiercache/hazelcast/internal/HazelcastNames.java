package io.tiercache.hazelcast.internal;

/**
 * The names of a cache's Hazelcast structures. Distinct prefixes, so that no cache name makes one
 * cache's structure another's: {@code tc:<cache>} (entries), {@code tc.lease:<cache>} (load leases),
 * {@code tc.inv:<cache>} (invalidation topic).
 */
final class HazelcastNames {

  private HazelcastNames() {
  }

  static String map(String cacheName) {
    return "tc:" + cacheName;
  }

  static String leases(String cacheName) {
    return "tc.lease:" + cacheName;
  }

  static String topic(String cacheName) {
    return "tc.inv:" + cacheName;
  }

  /** The split-brain protection rule of a minimum cluster size, defined by the members that use it. */
  static String splitBrainProtection(int minimumClusterSize) {
    return "tc-min-" + minimumClusterSize;
  }
}

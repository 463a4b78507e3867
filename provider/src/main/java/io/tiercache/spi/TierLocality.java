package io.tiercache.spi;

/** Where a tier's data lives. */
public enum TierLocality {
  /** In this JVM (heap, off-heap, disk): no other process sees it. */
  LOCAL,
  /** Shared between JVMs (Redis, Hazelcast): other nodes read and write it. */
  SHARED
}

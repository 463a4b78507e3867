package io.tiercache.spi;

import io.tiercache.config.TierSpec;

/**
 * Builds tiers of one kind. Tier modules register an implementation in
 * {@code META-INF/services/io.tiercache.spi.TierFactory}; the core finds it by {@link #kind()}.
 */
public interface TierFactory {

  /** The kind this factory builds, as written in configuration (e.g. {@code heap}, {@code offheap}). */
  String kind();

  /**
   * Checks a spec of this kind before any cache is built, so that configuration errors surface early.
   *
   * @throws IllegalArgumentException naming the offending property
   */
  default void validate(TierSpec spec) {
  }

  /** Builds the tier described by {@code spec} for one cache. */
  <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context);
}

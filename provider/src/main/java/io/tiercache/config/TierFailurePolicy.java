package io.tiercache.config;

import java.util.Locale;

/**
 * What a cache does when one of its tiers fails: unreachable, timed out, its circuit breaker open,
 * corrupt bytes (configuration key {@code onTierFailure}). Under both, a write that cannot reach the
 * authority is refused with a {@code CacheException} and is visible nowhere afterwards.
 */
public enum TierFailurePolicy {
  /**
   * A read counts a failing tier as a miss there: the next tier answers, or, when the authority
   * fails, the loader (read-through), whose value is returned but not stored, or nothing.
   */
  DEGRADE,
  /** The caller gets a {@code CacheException}. The default. */
  FAIL;

  /** The name as written in configuration: {@code degrade} or {@code fail}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

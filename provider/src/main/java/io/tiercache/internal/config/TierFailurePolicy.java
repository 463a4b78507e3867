package io.tiercache.internal.config;

import java.util.Locale;

/** What a cache does when one of its tiers fails (configuration key {@code onTierFailure}). */
public enum TierFailurePolicy {
  /** A failing tier counts as a miss; writes that cannot reach the authority are refused unless safe. */
  DEGRADE,
  /** The caller gets a {@code CacheException}. */
  FAIL;

  /** The name as written in configuration: {@code degrade} or {@code fail}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

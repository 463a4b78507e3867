package io.tiercache;

import java.util.List;

/**
 * What a tiercache {@link javax.cache.Cache} tells beyond JCache: its tiers and their figures.
 * Obtain it with {@code cache.unwrap(TieredCacheView.class)}.
 */
public interface TieredCacheView {

  /** The tier names, fastest first; the last is the authority. */
  List<String> tierNames();

  /**
   * A snapshot of each tier's figures, fastest first. Figures are recorded only while statistics are
   * enabled for the cache.
   */
  List<TierStatistics> tierStatistics();
}

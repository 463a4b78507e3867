package io.tiercache.ehcache;

import io.tiercache.config.Tiers;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierContractTest;

/** The tier contract on an {@code offheap} tier. */
class OffHeapTierContractTest extends TierContractTest {

  @Override
  protected <K, V> Tier<K, V> newTier(TierContext<K, V> context) {
    return new OffHeapTierFactory().create(Tiers.offHeap("4MB"), context);
  }
}

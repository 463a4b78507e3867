package io.tiercache.hazelcast;

import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tier contract on a {@code hazelcast} tier, on a cluster of one embedded member. */
class HazelcastTierContractTest extends TierContractTest {

  static HazelcastTestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = HazelcastTestCluster.start(1);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected <K, V> Tier<K, V> newTier(TierContext<K, V> context) {
    return new HazelcastTierFactory().create(cluster.memberSpec(0), context);
  }

  /** Deletes the tier's entries too: the member outlives the test. */
  @Override
  protected void destroyTier(Tier<?, ?> tier) {
    try {
      tier.clear();
    } finally {
      tier.close();
    }
  }

  /** Four round trips per compute step (lock, get, set, unlock). */
  @Override
  protected int computeIncrementsPerThread() {
    return 250;
  }
}

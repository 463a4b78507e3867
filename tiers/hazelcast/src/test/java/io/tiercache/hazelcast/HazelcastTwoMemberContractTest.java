package io.tiercache.hazelcast;

import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The tier contract on a cluster of two embedded members: the tiers run on the second member, so about
 * half of every test's keys live on the other one (remote operations, locks and backups on both).
 */
class HazelcastTwoMemberContractTest extends TierContractTest {

  static HazelcastTestCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = HazelcastTestCluster.start(2);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected <K, V> Tier<K, V> newTier(TierContext<K, V> context) {
    return new HazelcastTierFactory().create(cluster.memberSpec(1), context);
  }

  @Override
  protected void destroyTier(Tier<?, ?> tier) {
    try {
      tier.clear();
    } finally {
      tier.close();
    }
  }

  @Override
  protected int computeIncrementsPerThread() {
    return 150;
  }
}

package io.tiercache.hazelcast;

import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The tier contract on a client of a one-member cluster: every operation goes over the
 * client protocol (keys as byte arrays, value-compared removes, locks and TTLs included).
 */
class HazelcastClientContractTest extends TierContractTest {

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
    return new HazelcastTierFactory().create(cluster.clientSpec(), context);
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

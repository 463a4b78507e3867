package io.tiercache.redisson;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierContractTest;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tier contract on a {@code redis} tier in {@code mode: cluster}, against a Redis Cluster of three
 * masters of this class's own. Every key of a cache carries the cache's hash tag, so its scripts and
 * pipelines stay in one slot; the test caches have distinct names, so they spread over the masters.
 */
class RedisClusterContractTest extends TierContractTest {

  @RegisterExtension
  static final RedisCluster CLUSTER = RedisCluster.perClass();

  @Override
  protected <K, V> Tier<K, V> newTier(TierContext<K, V> context) {
    return new RedisTierFactory().create(TierSpec.of("redis", Map.of("mode", "cluster", "nodes", CLUSTER.nodes())),
        context);
  }

  /** Deletes the tier's keys too: the cluster outlives the test. */
  @Override
  protected void destroyTier(Tier<?, ?> tier) {
    try {
      tier.clear();
    } finally {
      tier.close();
    }
  }

  /** A round trip per compute step: fewer increments than the in-process tiers, same contention. */
  @Override
  protected int computeIncrementsPerThread() {
    return 250;
  }
}

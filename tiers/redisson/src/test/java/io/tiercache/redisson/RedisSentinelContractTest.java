package io.tiercache.redisson;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierContractTest;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tier contract on a {@code redis} tier in {@code mode: sentinel}, against one master, one replica
 * and one sentinel of this class's own: the client finds the master through the sentinel and sends every
 * command to it.
 */
class RedisSentinelContractTest extends TierContractTest {

  @RegisterExtension
  static final RedisSentinels SENTINELS = RedisSentinels.perClass();

  @Override
  protected <K, V> Tier<K, V> newTier(TierContext<K, V> context) {
    return new RedisTierFactory().create(TierSpec.of("redis", Map.of("mode", "sentinel",
        "master", SENTINELS.masterName(), "nodes", SENTINELS.sentinelUri())), context);
  }

  /** Deletes the tier's keys too: the servers outlive the test. */
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

package io.tiercache.redisson;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierContractTest;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tier contract on a {@code redis} tier, against a redis-server of this class's own. */
class RedisTierContractTest extends TierContractTest {

  @RegisterExtension
  static final RedisServer REDIS = RedisServer.perClass();

  @Override
  protected <K, V> Tier<K, V> newTier(TierContext<K, V> context) {
    return new RedisTierFactory().create(TierSpec.of("redis", Map.of("address", REDIS.uri())), context);
  }

  /** Deletes the tier's keys too: the server outlives the test. */
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

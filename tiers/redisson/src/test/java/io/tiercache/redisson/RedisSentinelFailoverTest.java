package io.tiercache.redisson;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code redis} tier in {@code mode: sentinel} follows a failover: when the master dies, the sentinel
 * promotes the replica, and the tier's client moves to it without being told anything but the sentinel.
 */
class RedisSentinelFailoverTest {

  @RegisterExtension
  static final RedisSentinels SENTINELS = RedisSentinels.perClass();

  @Test
  void theTierFollowsTheSentinelToThePromotedReplica() {
    Tier<String, String> tier = new RedisTierFactory().create(TierSpec.of("redis", Map.of("mode", "sentinel",
        "master", SENTINELS.masterName(), "nodes", SENTINELS.sentinelUri(), "timeout", 1_000)),
        TestTierContext.of("failover", String.class, String.class));
    try {
      tier.put("before", StoredEntry.of("written to the old master", StoredEntry.NEVER, 1L));
      assertThat((Long) SENTINELS.master("WAIT", 1, 5_000)).as("replicas that acknowledged").isEqualTo(1L);

      SENTINELS.killMaster();

      RedisProcess.await("the sentinel to promote the replica", 60_000,
          () -> SENTINELS.currentMasterPort() == SENTINELS.replicaPort());
      // until the client has moved, a write fails with TierException (a RuntimeException: retried)
      RedisProcess.await("a write to reach the new master", 30_000, () -> {
        tier.put("after", StoredEntry.of("written to the new master", StoredEntry.NEVER, 2L));
        return true;
      });

      assertThat(tier.get("before").value()).isEqualTo("written to the old master");
      assertThat(tier.get("after").value()).isEqualTo("written to the new master");
      assertThat(new String((byte[]) SENTINELS.replica("INFO", "replication"), StandardCharsets.UTF_8))
          .contains("role:master");
      tier.clear();
    } finally {
      tier.close();
    }
  }
}

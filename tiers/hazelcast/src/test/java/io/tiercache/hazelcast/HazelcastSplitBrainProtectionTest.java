package io.tiercache.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.tiercache.config.TierSpec;
import io.tiercache.hazelcast.internal.HazelcastConnections;
import io.tiercache.hazelcast.internal.HazelcastTierPropertiesAccess;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code splitBrainProtection} and {@code mergePolicy} on real members: a member alone in a cluster whose
 * rule wants two refuses reads and writes with a {@link TierException}, accepts them once a second member
 * joined, and refuses them again when it left. A client tier gets the protection its members configure.
 */
class HazelcastSplitBrainProtectionTest {

  private final String cluster = "tc-sbp-" + UUID.randomUUID().toString().substring(0, 8);
  private final String cacheName = "protected-" + UUID.randomUUID().toString().substring(0, 8);
  private final int portA = HazelcastTestCluster.freePort();
  private final int portB = HazelcastTestCluster.freePort();

  private TierSpec memberSpec(int port) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("cluster", cluster);
    properties.put("port", port);
    properties.put("members", "127.0.0.1:" + portA + ",127.0.0.1:" + portB);
    properties.put("splitBrainProtection", 2);
    properties.put("mergePolicy", "latestUpdate");
    return TierSpec.of("hazelcast", properties);
  }

  private TierSpec clientSpec() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("mode", "client");
    properties.put("cluster", cluster);
    properties.put("members", "127.0.0.1:" + portA + ",127.0.0.1:" + portB);
    return TierSpec.of("hazelcast", properties);
  }

  private static StoredEntry<String> entry(String value) {
    return StoredEntry.of(value, StoredEntry.NEVER, 1);
  }

  @Test
  void aMemberBelowTheMinimumClusterSizeRefusesReadsAndWritesUntilASecondJoins() {
    Tier<String, String> tier = new HazelcastTierFactory().create(memberSpec(portA),
        TestTierContext.of(cacheName, String.class, String.class));
    // the tier's own member (equal settings share one instance)
    HazelcastConnections.Handle first = HazelcastConnections.acquire(
        HazelcastTierPropertiesAccess.settings(memberSpec(portA)));
    HazelcastConnections.Handle second = null;
    try {
      MapConfig mapConfig = first.instance().getConfig().findMapConfig("tc:" + cacheName);
      assertThat(mapConfig.getSplitBrainProtectionName()).isEqualTo("tc-min-2");
      assertThat(mapConfig.getMergePolicyConfig().getPolicy()).isEqualTo(LatestUpdateMergePolicy.class.getName());
      assertThat(mapConfig.getBackupCount()).isEqualTo(1);

      assertThatThrownBy(() -> tier.put("k", entry("v"))).isInstanceOf(TierException.class)
          .hasRootCauseInstanceOf(SplitBrainProtectionException.class).hasMessageContaining(cacheName);
      assertThatThrownBy(() -> tier.get("k")).isInstanceOf(TierException.class);

      second = HazelcastConnections.acquire(HazelcastTierPropertiesAccess.settings(memberSpec(portB)));
      awaitWritable(tier, true);
      assertThat(tier.get("k").value()).isEqualTo("v");

      second.close();
      second = null;
      awaitWritable(tier, false);
      assertThatThrownBy(() -> tier.get("k")).isInstanceOf(TierException.class)
          .hasRootCauseInstanceOf(SplitBrainProtectionException.class);
    } finally {
      if (second != null) {
        second.close();
      }
      tier.close();
      first.close();
    }
  }

  @Test
  void aClientTierGetsTheProtectionItsMembersConfigure() {
    // members configured as HazelcastMemberMain configures them: the tier's member settings, tc:* maps
    List<HazelcastInstance> members = new ArrayList<>();
    Tier<String, String> client = null;
    try {
      members.add(Hazelcast.newHazelcastInstance(HazelcastTierPropertiesAccess.memberConfig(memberSpec(portA))));
      client = new HazelcastTierFactory().create(clientSpec(), TestTierContext.of(cacheName, String.class,
          String.class));
      Tier<String, String> tier = client;
      assertThatThrownBy(() -> tier.put("k", entry("v"))).as("the members' tc:* configuration wins over the"
          + " client tier's").isInstanceOf(TierException.class)
          .hasRootCauseInstanceOf(SplitBrainProtectionException.class);

      members.add(Hazelcast.newHazelcastInstance(HazelcastTierPropertiesAccess.memberConfig(memberSpec(portB))));
      awaitWritable(client, true);
      assertThat(client.get("k").value()).isEqualTo("v");
    } finally {
      if (client != null) {
        client.close();
      }
      members.forEach(HazelcastInstance::shutdown);
    }
  }

  /** Waits until a put succeeds ({@code writable}) or fails with a TierException. */
  private static void awaitWritable(Tier<String, String> tier, boolean writable) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      boolean wrote;
      try {
        tier.put("k", entry("v"));
        wrote = true;
      } catch (TierException e) {
        wrote = false;
      }
      if (wrote == writable) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("the tier did not become " + (writable ? "writable" : "read-only") + " in 60 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }
}

package io.tiercache.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.MapConfig;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import com.hazelcast.spi.merge.PassThroughMergePolicy;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import io.tiercache.config.TierSpec;
import io.tiercache.hazelcast.internal.HazelcastConnections;
import io.tiercache.hazelcast.internal.HazelcastTierPropertiesAccess;
import io.tiercache.hazelcast.internal.HazelcastTiersInternal;
import io.tiercache.spi.TierFactory;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The factory's registration and the checks of its properties (no cluster needed). */
class HazelcastTierFactoryTest {

  private final HazelcastTierFactory factory = new HazelcastTierFactory();

  private static TierSpec spec(Map<String, ?> properties) {
    return TierSpec.of("hazelcast", properties);
  }

  @Test
  void isFoundByKind() {
    assertThat(ServiceLoader.load(TierFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.kind().equals("hazelcast")).toList()).hasSize(1)
        .first().isInstanceOf(HazelcastTierFactory.class);
  }

  @Test
  void defaultsToAnEmbeddedMemberOnLoopback() {
    HazelcastConnections.Settings settings = HazelcastTierPropertiesAccess.settings(spec(Map.of()));
    assertThat(settings.mode()).isEqualTo(HazelcastConnections.Mode.MEMBER);
    assertThat(settings.cluster()).isEqualTo("tiercache");
    assertThat(settings.port()).isEqualTo(5701);
    assertThat(settings.members()).isEmpty();
    factory.validate(spec(Map.of()));
  }

  @Test
  void membersAreAListOrATextInAnyOrder() {
    HazelcastConnections.Settings fromText = HazelcastTierPropertiesAccess.settings(
        spec(Map.of("members", "10.0.0.2:5701, 10.0.0.1:5701", "mode", "client", "cluster", "prod")));
    HazelcastConnections.Settings fromList = HazelcastTierPropertiesAccess.settings(
        spec(Map.of("members", List.of("10.0.0.1:5701", "10.0.0.2:5701"), "mode", "CLIENT", "cluster", "prod")));
    assertThat(fromText).isEqualTo(fromList);
    assertThat(fromText.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
  }

  @Test
  void badPropertiesAreNamed() {
    assertThatThrownBy(() -> factory.validate(spec(Map.of("prot", 5701))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'prot'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("mode", "server"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mode'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("port", "70000"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'port'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("backupCount", 7))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'backupCount'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("lockLease", "soon"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'lockLease'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("members", "10.0.0.1:port"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'members'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("members", List.of(5701)))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'members'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("mode", "client", "port", 5701))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'port'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("instance", "mine", "cluster", "x"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cluster'");
  }

  @Test
  void splitBrainProtectionIsAMembersMinimumClusterSize() {
    assertThat(HazelcastTierPropertiesAccess.settings(spec(Map.of("splitBrainProtection", 2))).splitBrainProtection())
        .isEqualTo(2);
    assertThat(HazelcastTierPropertiesAccess.settings(spec(Map.of())).splitBrainProtection()).isZero();
    assertThat(HazelcastTierPropertiesAccess.settings(spec(Map.of("splitBrainProtection", 2))))
        .as("another rule, another member").isNotEqualTo(HazelcastTierPropertiesAccess.settings(spec(Map.of())));
    assertThatThrownBy(() -> factory.validate(spec(Map.of("splitBrainProtection", -1))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'splitBrainProtection'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("splitBrainProtection", "most"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'splitBrainProtection'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("mode", "client", "splitBrainProtection", 2))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'splitBrainProtection'")
        .hasMessageContaining("on the members");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("instance", "mine", "splitBrainProtection", 2))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'splitBrainProtection'");
  }

  @Test
  void mergePolicyIsAShortNameOrAClassName() {
    assertThat(HazelcastTiersInternal.mapConfig("tc:x", spec(Map.of())).getMergePolicyConfig().getPolicy())
        .isEqualTo(PutIfAbsentMergePolicy.class.getName());
    MapConfig latest = HazelcastTiersInternal.mapConfig("tc:x", spec(Map.of("mergePolicy", "latestUpdate")));
    assertThat(latest.getMergePolicyConfig().getPolicy()).isEqualTo(LatestUpdateMergePolicy.class.getName());
    assertThat(latest.isPerEntryStatsEnabled()).as("LatestUpdate compares update times").isTrue();
    assertThat(HazelcastTiersInternal.mapConfig("tc:x", spec(Map.of("mergePolicy", "PassThroughMergePolicy")))
        .getMergePolicyConfig().getPolicy()).isEqualTo(PassThroughMergePolicy.class.getName());
    assertThat(HazelcastTiersInternal.mapConfig("tc:x", spec(Map.of("mergePolicy", "com.example.MyMergePolicy")))
        .getMergePolicyConfig().getPolicy()).isEqualTo("com.example.MyMergePolicy");
    assertThat(HazelcastTiersInternal.mapConfig("tc:x", spec(Map.of("mode", "client", "mergePolicy", "discard")))
        .getSplitBrainProtectionName()).as("no rule unless asked").isNull();
    assertThatThrownBy(() -> factory.validate(spec(Map.of("mergePolicy", "newest wins"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mergePolicy'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("mergePolicy", 3))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'mergePolicy'");
  }

  @Test
  void theMapConfigurationCarriesBackupsAndTheSplitBrainProtectionRule() {
    MapConfig config = HazelcastTiersInternal.mapConfig("tc:x", spec(Map.of("backupCount", 2,
        "splitBrainProtection", 3)));
    assertThat(config.getBackupCount()).isEqualTo(2);
    assertThat(config.getAsyncBackupCount()).isZero();
    assertThat(config.getSplitBrainProtectionName()).isEqualTo("tc-min-3");
    assertThat(config.isPerEntryStatsEnabled()).isFalse();
  }

  @Test
  void anInstanceNameStandsAlone() {
    HazelcastConnections.Settings settings = HazelcastTierPropertiesAccess.settings(
        spec(Map.of("instance", "mine", "backupCount", 2)));
    assertThat(settings.mode()).isEqualTo(HazelcastConnections.Mode.REGISTERED);
    assertThat(settings.instance()).isEqualTo("mine");
  }
}

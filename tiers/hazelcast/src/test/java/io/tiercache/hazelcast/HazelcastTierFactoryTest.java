package io.tiercache.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.TierSpec;
import io.tiercache.hazelcast.internal.HazelcastConnections;
import io.tiercache.hazelcast.internal.HazelcastTierPropertiesAccess;
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
  void anInstanceNameStandsAlone() {
    HazelcastConnections.Settings settings = HazelcastTierPropertiesAccess.settings(
        spec(Map.of("instance", "mine", "backupCount", 2)));
    assertThat(settings.mode()).isEqualTo(HazelcastConnections.Mode.REGISTERED);
    assertThat(settings.instance()).isEqualTo("mine");
  }
}

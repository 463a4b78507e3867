package io.tiercache.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.TierSpec;
import io.tiercache.config.Tiers;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TierFactory;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Configuration checks of the {@code redis} kind; none needs a server. */
class RedisTierFactoryTest {

  private final RedisTierFactory factory = new RedisTierFactory();

  private static TierSpec spec(Map<String, ?> properties) {
    return TierSpec.of("redis", properties);
  }

  @Test
  void isFoundByTheServiceLoaderUnderItsKind() {
    assertThat(ServiceLoader.load(TierFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.kind().equals("redis")).toList()).singleElement().isInstanceOf(RedisTierFactory.class);
  }

  /**
   * The configuration parser validates a tier as written, before the core adds the named connection's
   * properties: a spec with only {@code connection} passes, and is complete only once merged. Built
   * unmerged (no declared connection), it is refused with a clear message.
   */
  @Test
  void aNamedConnectionWithoutAnAddressPassesValidationButCannotBeBuiltUnmerged() {
    factory.validate(Tiers.redis("main"));
    assertThatThrownBy(() -> factory.create(Tiers.redis("main"), TestTierContext.of("c", String.class, String.class)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'main'")
        .hasMessageContaining("resolved by the core")
        .hasMessageContaining("address");
  }

  @Test
  void acceptsAnAddressWithOrWithoutAConnectionName() {
    factory.validate(spec(Map.of("address", "redis://127.0.0.1:6379")));
    factory.validate(spec(Map.of("address", "rediss://cache.example:6380", "connection", "main",
        "username", "app", "password", "secret", "database", 3, "timeout", "500", "lockLease", 10_000)));
  }

  @Test
  void badPropertiesNameTheProperty() {
    assertThatThrownBy(() -> factory.validate(spec(Map.of("address", "redis://h:1", "size", "1MB"))))
        .hasMessageContaining("'size'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("address", "http://h:1"))))
        .hasMessageContaining("'address'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("address", "redis://h"))))
        .hasMessageContaining("'address'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("address", "redis://user:pw@h:1"))))
        .hasMessageContaining("'password'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("address", "redis://h:1", "database", -1))))
        .hasMessageContaining("'database'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of("address", "redis://h:1", "timeout", "soon"))))
        .hasMessageContaining("'timeout'");
    assertThatThrownBy(() -> factory.validate(spec(Map.of())))
        .hasMessageContaining("'address'");
  }

  @Test
  void anUnreachableServerIsATierExceptionNamingTheAddress() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String address = "redis://127.0.0.1:" + port;
    assertThatThrownBy(() -> factory.create(spec(Map.of("address", address, "timeout", 500)),
        TestTierContext.of("unreachable", String.class, String.class)))
        .isInstanceOf(TierException.class)
        .hasMessageContaining(address);
  }
}

package io.tiercache.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A dead or frozen server: bounded TierExceptions naming the address; recovery after a restart. */
class RedisTierFaultTest {

  @RegisterExtension
  static final RedisServer REDIS = RedisServer.perClass();

  private static final int TIMEOUT = 500;

  private Tier<String, String> tier;

  @BeforeEach
  void open() {
    tier = new RedisTierFactory().create(TierSpec.of("redis", Map.of("address", REDIS.uri(), "timeout", TIMEOUT)),
        TestTierContext.of("faults", String.class, String.class));
  }

  @AfterEach
  void close() {
    if (REDIS.process() == null) {
      REDIS.start();
    }
    tier.close();
  }

  private static StoredEntry<String> entry(String value) {
    return StoredEntry.of(value, StoredEntry.NEVER, (1L << 52) + 1);
  }

  @Test
  void aKilledServerGivesTimelyTierExceptionsAndARestartedOneServesAgain() {
    tier.put("k", entry("v"));
    REDIS.kill();

    long start = System.nanoTime();
    assertThatThrownBy(() -> tier.get("k")).isInstanceOf(TierException.class).hasMessageContaining(REDIS.uri());
    assertThatThrownBy(() -> tier.put("k", entry("w"))).isInstanceOf(TierException.class);
    assertThatThrownBy(() -> tier.getAll(Set.of("k"))).isInstanceOf(TierException.class);
    assertThat((System.nanoTime() - start) / 1_000_000).as("ms for three failed calls").isLessThan(15_000);

    REDIS.restart();
    // a fresh server: empty, no scripts cached; the first call is a batch of scripts
    awaitRecovery();
    tier.putAll(Map.of("a", entry("1"), "b", entry("2")));
    assertThat(tier.getAll(Set.of("a", "b", "k"))).containsOnlyKeys("a", "b");
    assertThat(tier.compute("a", (key, current) -> current)).isNotNull();
  }

  @Test
  void aFrozenServerTimesOutInsteadOfHanging() {
    tier.put("k", entry("v"));
    REDIS.pause();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> tier.get("k")).isInstanceOf(TierException.class).hasMessageContaining("get");
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms to fail").isLessThan(10_000);
    } finally {
      REDIS.resume();
    }
    awaitRecovery();
    assertThat(tier.get("k").value()).isEqualTo("v");
  }

  private void awaitRecovery() {
    // a restarted server takes a moment to accept connections and the client to reconnect
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .untilAsserted(() -> tier.get("probe"));
  }
}

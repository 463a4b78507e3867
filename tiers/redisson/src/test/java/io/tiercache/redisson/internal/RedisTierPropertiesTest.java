package io.tiercache.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.TierSpec;
import io.tiercache.redisson.internal.RedisConnections.Mode;
import io.tiercache.redisson.internal.RedisConnections.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection modes of a {@code redis} tier's properties: what they become, and how they are refused. */
class RedisTierPropertiesTest {

  private static TierSpec spec(Object... keysAndValues) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return TierSpec.of("redis", properties);
  }

  private static Settings settings(Object... keysAndValues) {
    TierSpec spec = spec(keysAndValues);
    RedisTierProperties.validate(spec);
    return RedisTierProperties.settings(spec);
  }

  private static void refused(TierSpec spec, String property, String... fragments) {
    assertThatThrownBy(() -> RedisTierProperties.validate(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + property + "'")
        .hasMessageContaining(fragments.length == 0 ? "" : fragments[0]);
  }

  @Test
  void standaloneIsTheDefaultMode() {
    Settings settings = settings("address", "redis://127.0.0.1:6379", "database", 2);
    assertThat(settings.mode()).isEqualTo(Mode.STANDALONE);
    assertThat(settings.nodes()).containsExactly("redis://127.0.0.1:6379");
    assertThat(settings.database()).isEqualTo(2);
    assertThat(settings).hasToString("redis://127.0.0.1:6379/2");
    assertThat(settings("mode", "standalone", "address", "redis://h:1").mode()).isEqualTo(Mode.STANDALONE);
  }

  @Test
  void clusterNodesComeAsAListOrAsText() {
    Settings fromList = settings("mode", "cluster", "nodes", List.of("redis://b:7001", "redis://a:7000"));
    Settings fromText = settings("mode", "CLUSTER", "nodes", " redis://a:7000, redis://b:7001 ");
    Settings fromSpaces = settings("mode", "cluster", "nodes", "redis://b:7001 redis://a:7000 redis://a:7000");
    assertThat(fromList.mode()).isEqualTo(Mode.CLUSTER);
    assertThat(fromList.nodes()).containsExactly("redis://a:7000", "redis://b:7001");
    assertThat(fromText).isEqualTo(fromList);
    assertThat(fromSpaces).isEqualTo(fromList).hasSameHashCodeAs(fromList);
    assertThat(fromList).hasToString("cluster redis://a:7000,redis://b:7001");
  }

  @Test
  void sentinelNeedsMasterAndNodes() {
    Settings settings = settings("mode", "sentinel", "master", "mymaster", "nodes", List.of("redis://s1:26379",
        "redis://s2:26379"), "database", 1, "password", "secret", "sentinelPassword", "other");
    assertThat(settings.mode()).isEqualTo(Mode.SENTINEL);
    assertThat(settings.master()).isEqualTo("mymaster");
    assertThat(settings.nodes()).containsExactly("redis://s1:26379", "redis://s2:26379");
    assertThat(settings.sentinelPassword()).isEqualTo("other");
    assertThat(settings.toString()).contains("mymaster", "redis://s1:26379", "/1").doesNotContain("secret", "other");
    refused(spec("mode", "sentinel", "nodes", "redis://s1:26379"), "master");
    refused(spec("mode", "sentinel", "master", "m"), "nodes");
  }

  @Test
  void theSharedClientKeyHoldsModeNodesMasterCredentialsAndDatabase() {
    Settings cluster = settings("mode", "cluster", "nodes", "redis://a:1,redis://b:2");
    assertThat(settings("mode", "cluster", "nodes", "redis://a:1,redis://b:2,redis://c:3")).isNotEqualTo(cluster);
    assertThat(settings("mode", "cluster", "nodes", "redis://a:1,redis://b:2", "password", "x"))
        .isNotEqualTo(cluster);
    assertThat(settings("mode", "sentinel", "master", "m", "nodes", "redis://a:1,redis://b:2"))
        .isNotEqualTo(cluster)
        .isNotEqualTo(settings("mode", "sentinel", "master", "n", "nodes", "redis://a:1,redis://b:2"))
        .isNotEqualTo(settings("mode", "sentinel", "master", "m", "nodes", "redis://a:1,redis://b:2",
            "database", 1));
    assertThat(settings("address", "redis://a:1")).isNotEqualTo(settings("mode", "cluster", "nodes", "redis://a:1"));
  }

  @Test
  void tlsUpgradesEveryAddressOrRefusesTlsOnes() {
    assertThat(settings("address", "redis://h:1", "tls", true).nodes()).containsExactly("rediss://h:1");
    assertThat(settings("mode", "cluster", "nodes", "redis://a:1,rediss://b:2", "tls", "true").nodes())
        .containsExactly("rediss://a:1", "rediss://b:2");
    assertThat(settings("address", "rediss://h:1").nodes()).containsExactly("rediss://h:1");
    assertThat(settings("address", "redis://h:1", "tls", false).nodes()).containsExactly("redis://h:1");
    refused(spec("address", "rediss://h:1", "tls", false), "tls");
    refused(spec("mode", "cluster", "nodes", "redis://a:1,rediss://b:2"), "nodes", "mixes");
    refused(spec("address", "redis://h:1", "tls", "yes"), "tls");
  }

  @Test
  void aTrustStoreNeedsAReadableFileAndTls(@TempDir Path dir) throws Exception {
    Path store = Files.write(dir.resolve("trust.p12"), new byte[] {1});
    Settings settings = settings("address", "rediss://h:1", "tlsTruststore", store.toString(),
        "tlsTruststorePassword", "pw");
    assertThat(settings.tls().truststore()).startsWith("file:").endsWith("trust.p12");
    assertThat(settings.tls().password()).isEqualTo("pw");
    assertThat(settings.toString()).doesNotContain("pw");
    assertThat(settings("address", "redis://h:1", "tls", true, "tlsTruststore", store.toUri().toString()))
        .isEqualTo(settings("address", "rediss://h:1", "tlsTruststore", store.toString()));
    assertThat(settings("address", "rediss://h:1").tls()).isNull();
    refused(spec("address", "rediss://h:1", "tlsTruststore", dir.resolve("missing.p12").toString()), "tlsTruststore",
        "no readable file");
    refused(spec("address", "redis://h:1", "tlsTruststore", store.toString()), "tlsTruststore", "TLS");
    refused(spec("address", "rediss://h:1", "tlsTruststorePassword", "pw"), "tlsTruststorePassword");
  }

  @Test
  void propertiesOfAnotherModeAreRefusedByName() {
    refused(spec("mode", "cluster", "nodes", "redis://a:1", "database", 3), "database", "cluster");
    refused(spec("mode", "cluster", "address", "redis://a:1"), "address", "nodes");
    refused(spec("mode", "cluster", "nodes", "redis://a:1", "master", "m"), "master");
    refused(spec("mode", "cluster", "nodes", "redis://a:1", "sentinelPassword", "p"), "sentinelPassword");
    refused(spec("address", "redis://a:1", "master", "m"), "master");
    refused(spec("nodes", "redis://a:1,redis://b:2"), "nodes", "mode");
    refused(spec("mode", "sentinel", "master", "m", "address", "redis://a:1"), "address");
    refused(spec("mode", "ring", "address", "redis://a:1"), "mode");
    refused(spec("mode", "cluster"), "nodes");
    refused(spec("mode", "cluster", "nodes", List.of()), "nodes", "empty");
    refused(spec("mode", "cluster", "nodes", " , "), "nodes", "empty");
    refused(spec("mode", "cluster", "nodes", List.of("redis://a:1", 7)), "nodes");
    refused(spec("mode", "cluster", "nodes", 7), "nodes");
    refused(spec("mode", "cluster", "nodes", "redis://a:1,http://b:2"), "nodes");
    refused(spec("mode", "cluster", "nodes", "redis://a"), "nodes");
    refused(spec("mode", "cluster", "nodes", "redis://u:p@a:1"), "nodes");
    refused(spec("mode", "cluster", "nodes", "redis://a:1/2"), "nodes");
  }

  @Test
  void aSpecNamingAConnectionIsCheckedPropertyByPropertyUntilTheCoreMergesIt() {
    // as written in YAML: { redis: { connection: main, timeout: 500 } }, before the core adds main's properties
    RedisTierProperties.validate(spec("connection", "main", "timeout", 500));
    RedisTierProperties.validate(spec("connection", "main", "mode", "cluster"));
    refused(spec("connection", "main", "timeout", "soon"), "timeout");
    refused(spec("connection", "main", "mode", "ring"), "mode");
    refused(spec("connection", "main", "tls", 3), "tls");
    refused(spec("connection", "main", "size", "1MB"), "size");
    assertThatThrownBy(() -> RedisTierProperties.settings(spec("connection", "main")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'main'")
        .hasMessageContaining("'address'")
        .hasMessageContaining("'nodes'");
    // merged: the connection's properties, then the tier's own; lists arrive as java.util.List
    Settings merged = settings("mode", "cluster", "nodes", List.of("redis://a:1", "redis://b:2"),
        "connection", "main", "timeout", 500L);
    assertThat(merged.mode()).isEqualTo(Mode.CLUSTER);
    assertThat(merged.timeoutMillis()).isEqualTo(500);
    refused(spec("mode", "cluster", "nodes", List.of("redis://a:1"), "connection", "main", "database", 1L),
        "database");
  }
}

package io.tiercache.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TierSpec;
import io.tiercache.redisson.RedisCluster;
import io.tiercache.redisson.RedisTierFactory;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The {@code redis} tier in {@code mode: cluster}: where keys land, seed discovery, shared clients, YAML. */
class RedisClusterModeTest {

  @RegisterExtension
  static final RedisCluster CLUSTER = RedisCluster.perClass();

  private final List<Tier<?, ?>> tiers = new ArrayList<>();

  @AfterEach
  void closeTiers() {
    for (Tier<?, ?> tier : tiers) {
      try {
        tier.clear();
      } finally {
        tier.close();
      }
    }
    CLUSTER.flushAll();
  }

  private Tier<String, String> tier(String cacheName, Map<String, Object> properties) {
    Tier<String, String> tier = new RedisTierFactory().create(TierSpec.of("redis", properties),
        TestTierContext.of(cacheName, String.class, String.class));
    tiers.add(tier);
    return tier;
  }

  private static Map<String, Object> cluster(Object nodes) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("mode", "cluster");
    properties.put("nodes", nodes);
    return properties;
  }

  private static StoredEntry<String> entry(String value) {
    return StoredEntry.of(value, StoredEntry.NEVER, 1L);
  }

  private static List<String> keysOf(int node, String cacheName) {
    @SuppressWarnings("unchecked")
    List<Object> keys = (List<Object>) CLUSTER.command(node, "KEYS", "tc:{" + RedisKeys.tag(cacheName) + "}:*");
    return keys.stream().map(k -> new String((byte[]) k, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void everyKeyOfACacheLivesOnTheMasterOfItsHashTagsSlot() {
    Tier<String, String> tier = tier("orders", cluster(CLUSTER.nodes()));
    Map<String, StoredEntry<String>> entries = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      entries.put("k" + i, entry("v" + i));
    }
    tier.putAll(entries);
    tier.put("single", entry("one"));

    int owner = CLUSTER.nodeOfSlot(CLUSTER.slot("{" + RedisKeys.tag("orders") + "}"));
    assertThat(keysOf(owner, "orders")).hasSize(52);  // 51 entries and the index
    for (int node = 0; node < CLUSTER.size(); node++) {
      if (node != owner) {
        assertThat(keysOf(node, "orders")).as("keys on node %s", node).isEmpty();
      }
    }
    assertThat(tier.getAll(entries.keySet())).hasSize(50);
    assertThat(tier.size()).isEqualTo(51);
  }

  @Test
  void oneSeedNodeFindsTheWholeClusterAndCachesSpreadOverTheMasters() {
    Set<Integer> owners = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      String name = "cache-" + i;
      Tier<String, String> tier = tier(name, cluster(CLUSTER.nodes().get(0)));
      tier.put("k", entry("v" + i));
      assertThat(tier.get("k").value()).isEqualTo("v" + i);
      owners.add(CLUSTER.nodeOfSlot(CLUSTER.slot("{" + RedisKeys.tag(name) + "}")));
    }
    assertThat(owners).as("masters holding the twelve caches").hasSizeGreaterThan(1);
    for (int node = 0; node < CLUSTER.size(); node++) {
      assertThat(CLUSTER.keysOn(node) > 0).as("node %s holds keys", node).isEqualTo(owners.contains(node));
    }
  }

  @Test
  void aCacheFollowsItsSlotWhenItMovesToAnotherMaster() {
    Tier<String, String> tier = tier("moving", cluster(CLUSTER.nodes()));
    for (int i = 0; i < 20; i++) {
      tier.put("k" + i, entry("v" + i));
    }
    assertThat(tier.compute("k0", (k, old) -> entry(old.value() + "+")).value()).isEqualTo("v0+");
    long slot = CLUSTER.slot("{" + RedisKeys.tag("moving") + "}");
    int from = CLUSTER.nodeOfSlot(slot);
    int to = (from + 1) % CLUSTER.size();

    CLUSTER.moveSlot(slot, to);

    assertThat(keysOf(from, "moving")).isEmpty();
    assertThat(keysOf(to, "moving")).hasSize(21);
    assertThat(tier.get("k1").value()).as("a read after MOVED").isEqualTo("v1");
    assertThat(tier.getAll(Set.of("k2", "k3"))).hasSize(2);
    tier.put("k20", entry("v20"));
    assertThat(tier.replace("k4", 1L, entry("v4'"))).isTrue();
    assertThat(tier.compute("k0", (k, old) -> entry(old.value() + "+")).value()).isEqualTo("v0++");
    assertThat(tier.size()).isEqualTo(21);
    assertThat(keysOf(to, "moving")).hasSize(22);
    assertThat(keysOf(from, "moving")).isEmpty();
  }

  @Test
  void tiersNamingTheSameNodesInAnyOrderShareOneClient() {
    int before = RedisConnections.openClients();
    List<String> reversed = new ArrayList<>(CLUSTER.nodes());
    java.util.Collections.reverse(reversed);
    tier("shared-a", cluster(CLUSTER.nodes()));
    tier("shared-b", cluster(String.join(", ", reversed)));
    assertThat(RedisConnections.openClients()).isEqualTo(before + 1);
    tier("shared-c", cluster(CLUSTER.nodes().subList(0, 1)));
    assertThat(RedisConnections.openClients()).as("another seed list is another client").isEqualTo(before + 2);
  }

  @Test
  void aYamlConnectionDeclaresTheClusterForItsTiers(@TempDir Path dir) throws Exception {
    StringBuilder nodes = new StringBuilder();
    for (String node : CLUSTER.nodes()) {
      nodes.append(nodes.length() == 0 ? "" : ", ").append('"').append(node).append('"');
    }
    Path config = dir.resolve("tiercache.yaml");
    Files.writeString(config, String.join("\n",
        "connections:",
        "  main: { redis: { mode: cluster, nodes: [ " + nodes + " ], timeout: 2000 } }",
        "caches:",
        "  people:",
        "    keyType: java.lang.String",
        "    valueType: java.lang.String",
        "    tiers: [ { heap: { entries: 100 } }, { redis: { connection: main } } ]",
        ""), StandardCharsets.UTF_8);
    CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
    URI uri = config.toUri();
    CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader());
    try {
      Cache<String, String> cache = manager.getCache("people", String.class, String.class);
      cache.put("ada", "lovelace");
      int owner = CLUSTER.nodeOfSlot(CLUSTER.slot("{" + RedisKeys.tag("people") + "}"));
      assertThat(keysOf(owner, "people")).hasSize(2);
      assertThat(cache.get("ada")).isEqualTo("lovelace");
      cache.clear();
    } finally {
      manager.close();
    }
  }
}

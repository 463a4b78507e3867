package io.tiercache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every invalid file fails with a message naming the file, the line, the key path and what was expected. */
class ConfigErrorsTest {

  private static final ClassLoader LOADER = StubTierFactories.classLoader();

  private static ConfigException error(String file) {
    URI uri = URI.create("classpath:config/errors/" + file);
    return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(uri, LOADER));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unknown-key.yaml                 | 4 | caches.orders.readthrough          | unknown key 'readthrough' (did you mean 'readThrough'?)
      unknown-root-key.yaml            | 2 | cache                              | unknown key 'cache' (did you mean 'caches'?); allowed at the top level: connections, defaults, templates, caches
      wrong-type-entries.yaml          | 5 | caches.orders.tiers[0].heap.entries | invalid heap tier: heap 'entries' must be a whole number, was 'abc'
      wrong-type-tiers.yaml            | 3 | defaults.tiers                     | expected a list of tiers, fastest first
      wrong-type-boolean.yaml          | 3 | caches.orders.statistics           | expected true or false, found 'maybe'
      bad-size.yaml                    | 5 | caches.orders.tiers[1].offheap.size | bad size '256XB': expected a whole number of bytes, or a whole number followed by B, KB, MB, GB or TB
      bad-duration.yaml                | 4 | templates[0].expiry.created        | bad duration: '10 minutes' is not a duration: expected a whole number followed by ms, s, m, h or d
      unknown-tier-kind.yaml           | 3 | caches.orders.tiers[1]             | unknown tier kind 'ofheap' (did you mean 'offheap'?); available: disk, hazelcast, heap, offheap, redis
      empty-tiers.yaml                 | 4 | caches.orders.tiers                | a cache needs at least one tier, but the list is empty
      duplicate-tier.yaml              | 6 | caches.orders.tiers[2]             | tier kind 'offheap' appears twice (also at caches.orders.tiers[1])
      heap-not-first.yaml              | 5 | caches.orders.tiers[1]             | 'heap' must be the first tier
      persistent-disk.yaml             | 5 | caches.orders.tiers[1]             | a persistent disk tier must be the last tier (the authority) or be followed by shared tiers (redis, hazelcast) only, but 'offheap' (caches.orders.tiers[2]) follows it
      tier-order.yaml                  | 5 | caches.orders.tiers[2]             | 'offheap' cannot come after 'redis'
      tier-validate.yaml               | 5 | caches.orders.tiers[1].disk        | invalid disk tier: a disk tier needs 'path'
      loader-missing.yaml              | 4 | caches.orders.loader               | loader class 'com.example.NoSuchLoader' not found by the cache manager's class loader
      loader-not-a-loader.yaml         | 4 | caches.orders.loader               | loader class 'io.tiercache.internal.config.OrderWriter' does not implement javax.cache.integration.CacheLoader
      writer-not-a-writer.yaml         | 4 | caches.orders.writer               | writer class 'java.lang.String' does not implement javax.cache.integration.CacheWriter
      read-through-without-loader.yaml | 4 | caches.orders.readThrough          | readThrough: true needs 'loader'
      unknown-connection.yaml          | 7 | caches.orders.tiers[1].redis.connection | unknown connection 'mian' (did you mean 'main'?); declared connections: main
      unset-variable.yaml              | 4 | connections.main.redis.address     | variable ${TIERCACHE_TEST_SURELY_UNSET_VARIABLE} is not set
      connection-two-kinds.yaml        | 3 | connections.main                   | expected a mapping with exactly one connection kind, such as { redis: { address: ... } }, found 2 keys [redis, hazelcast]
      template-without-match.yaml      | 4 | templates[1]                       | a template needs 'match'
      duplicate-key.yaml               | 5 | caches.orders.statistics           | duplicate key 'statistics' (first at line 3)
      bad-class-pattern.yaml           | 6 | caches.orders.serialization.allow[1] | bad class pattern 'com.example.*.Order'
      bad-tier-failure.yaml            | 3 | caches.orders.onTierFailure        | expected degrade or fail, found 'retry'
      missing-key-type.yaml            | 3 | caches.orders.keyType              | keyType class 'com.example.NoSuchKey' not found
      eternal-combined.yaml            | 3 | caches.orders.expiry.eternal       | eternal: true cannot be combined with created, updated or accessed
      cache-not-a-mapping.yaml         | 2 | caches.orders                      | expected a mapping of cache settings (tiers, expiry
      local-tag.yaml                   | 3 | caches.orders.tiers                | unsupported YAML tag !tiers
      """)
  void anInvalidFileNamesFileLineAndKey(String file, int line, String path, String problem) {
    ConfigException e = error(file);

    assertThat(e).as(file).isNotNull();
    assertThat(e.getMessage())
        .contains("classpath:config/errors/" + file)
        .contains("line " + line + ",")
        .contains("at " + path + ":")
        .contains(problem);
    assertThat(e.source()).isEqualTo("classpath:config/errors/" + file);
    assertThat(e.line()).isEqualTo(line);
    assertThat(e.path()).isEqualTo(path);
  }

  @Test
  void aYamlSyntaxErrorNamesFileAndLine() {
    ConfigException e = error("syntax.yaml");

    assertThat(e.getMessage())
        .startsWith("tiercache configuration classpath:config/errors/syntax.yaml, line 3")
        .contains("invalid YAML");
    assertThat(e.line()).isEqualTo(3);
  }

  @Test
  void aJavaClassTagIsRefusedBeforeAnythingIsBuilt() {
    ConfigException e = error("custom-tag.yaml");

    assertThat(e.getMessage()).contains("custom-tag.yaml, line 3", "Global tag is not allowed");
  }

  @Test
  void anUnknownKeyListsTheAllowedKeys() {
    assertThat(error("unknown-key.yaml").getMessage()).contains("allowed here: tiers, expiry, readThrough, loader,"
        + " writeThrough, writer, statistics, management, storeByValue, keyType, valueType, serialization,"
        + " onTierFailure");
  }

  @Test
  void anUnknownTierKindSaysWhichModuleBringsIt() {
    assertThat(error("unknown-tier-kind.yaml").getMessage()).contains("tiercache-ehcache for offheap and disk");
  }

  @Test
  void anUnknownTierKindIsCheckedAgainstTheFactoriesOfTheClassLoader() {
    URI uri = URI.create("classpath:config/errors/tier-order.yaml");

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(uri, ConfigErrorsTest.class.getClassLoader()));

    assertThat(e.getMessage()).contains("line 5", "caches.orders.tiers[1]", "unknown tier kind 'redis'",
        "available: heap");
  }

  @Test
  void anInlineSourceIsNamedAsGiven() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse("my-config", "caches:\n  orders:\n    tiers: 5\n", LOADER));

    assertThat(e.getMessage()).startsWith("tiercache configuration my-config, line 3, at caches.orders.tiers:");
  }

  @Test
  void aCodecThatIsNoCodecIsRefused() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("codec.yaml",
        "caches:\n  orders:\n    serialization: { codec: java.lang.String }\n", LOADER));

    assertThat(e.getMessage()).contains("codec.yaml, line 3", "caches.orders.serialization.codec",
        "does not implement io.tiercache.codec.Codec");
  }

  @Test
  void aLoadLeaseWithoutALeaseTimeIsRefused() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse("lease.yaml",
        "caches:\n  orders:\n    loadLease: { wait: 2s }\n", LOADER));

    assertThat(e.getMessage()).contains("lease.yaml, line 3", "caches.orders.loadLease.lease",
        "needs a lease time");
  }

  @Test
  void aConfigExceptionIsACacheException() {
    assertThat(error("bad-size.yaml")).isInstanceOf(javax.cache.CacheException.class);
  }
}

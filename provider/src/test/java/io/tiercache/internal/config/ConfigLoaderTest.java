package io.tiercache.internal.config;

import io.tiercache.config.TierFailurePolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.CacheException;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

  private static final ClassLoader LOADER = StubTierFactories.classLoader();

  private static TiercacheConfig load(String resource) {
    return ConfigLoader.load(URI.create("classpath:config/" + resource), LOADER);
  }

  private static Duration minutes(long amount) {
    return new Duration(TimeUnit.MINUTES, amount);
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty("TIERCACHE_TEST_REDIS_ADDRESS");
    System.clearProperty("TIERCACHE_TEST_PORT");
    System.clearProperty("TIERCACHE_TEST_STATISTICS");
    System.clearProperty("TIERCACHE_TEST_TTL");
  }

  @Test
  void aFullFileBecomesTheExpectedConfiguration() {
    TiercacheConfig config = load("full.yaml");

    assertThat(config.fromFile()).isTrue();
    assertThat(config.source()).isEqualTo("classpath:config/full.yaml");
    TieredConfiguration<String, Order> orders = config.<String, Order>configurationFor("orders").orElseThrow();
    assertThat(orders.getTiers()).containsExactly(
        TierSpec.of("heap", Map.of("entries", 5000L)),
        TierSpec.of("offheap", Map.of("size", "256MB")),
        TierSpec.of("disk", Map.of("size", "2GB", "persistent", true, "path", "/var/cache/orders")));
    ExpiryPolicy expiry = orders.getExpiryPolicyFactory().create();
    assertThat(expiry).isInstanceOf(CreatedExpiryPolicy.class);
    assertThat(expiry.getExpiryForCreation()).isEqualTo(minutes(10));
    assertThat(orders.getKeyType()).isEqualTo(String.class);
    assertThat(orders.getValueType()).isEqualTo(Order.class);
    assertThat(orders.isReadThrough()).isTrue();
    assertThat(orders.isWriteThrough()).isTrue();
    assertThat(orders.getCacheLoaderFactory().create()).isInstanceOf(OrderLoader.class);
    assertThat(orders.getCacheWriterFactory().create()).isInstanceOf(OrderWriter.class);
    assertThat(orders.isStatisticsEnabled()).isTrue();
    assertThat(orders.isManagementEnabled()).isTrue();
    assertThat(orders.isStoreByValue()).isFalse();

    CacheDefinition definition = config.caches().get("orders");
    assertThat(definition.origin()).isEqualTo("caches.orders");
    assertThat(orders.getAllowedClasses()).containsExactly(
        "io.tiercache.internal.config.**", "java.util.*", "java.lang.String");
    assertThat(definition.serializationAllowlist()).contains(
        List.of("io.tiercache.internal.config.**", "java.util.*", "java.lang.String"));
    assertThat(definition.onTierFailure()).contains(TierFailurePolicy.FAIL);
    assertThat(definition.loaderClassName()).contains(OrderLoader.class.getName());
  }

  @Test
  void connectionsKeepTheirKindAndTypedProperties() {
    TiercacheConfig config = load("full.yaml");

    assertThat(config.connections()).containsOnlyKeys("main", "grid");
    assertThat(config.connection("main")).contains(new Connection("main", "redis",
        Map.of("address", "redis://127.0.0.1:6379", "timeout", 3000L)));
    Connection grid = config.connection("grid").orElseThrow();
    assertThat(grid.kind()).isEqualTo("hazelcast");
    assertThat(grid.properties()).containsExactly(
        Map.entry("cluster", "dev"),
        Map.entry("members", List.of("127.0.0.1:5701", "127.0.0.1:5702")),
        Map.entry("tls", false));
  }

  @Test
  void cacheEntriesTakeWhatTheyLackFromDefaults() {
    TiercacheConfig config = load("full.yaml");

    TieredConfiguration<Object, Object> inherited = config.configurationFor("inherits-defaults").orElseThrow();
    assertThat(inherited.getTiers()).containsExactly(
        TierSpec.of("heap", Map.of("entries", 10000L)), TierSpec.of("redis", Map.of("connection", "main")));
    assertThat(inherited.getExpiryPolicyFactory().create().getExpiryForCreation()).isEqualTo(minutes(10));
    assertThat(inherited.isStatisticsEnabled()).isTrue();
    assertThat(inherited.isManagementEnabled()).isTrue();
    assertThat(inherited.isReadThrough()).isFalse();
    assertThat(inherited.getKeyType()).isEqualTo(Object.class);

    CacheDefinition customer = config.caches().get("com.example.Customer");
    assertThat(customer.tiers()).containsExactly(
        TierSpec.of("heap", Map.of()), TierSpec.of("hazelcast", Map.of("connection", "grid")));
    assertThat(customer.onTierFailure()).contains(TierFailurePolicy.DEGRADE);
    assertThat(customer.toConfiguration().getTierFailurePolicy()).isEqualTo(TierFailurePolicy.DEGRADE);
    assertThat(inherited.getTierFailurePolicy()).as("not declared: the default").isEqualTo(TierFailurePolicy.FAIL);
    assertThat(customer.statisticsEnabled()).contains(true);
  }

  @Test
  void aNameWithoutEntryOrTemplateGetsTheDefaults() {
    TiercacheConfig config = load("full.yaml");

    TieredConfiguration<Object, Object> other = config.configurationFor("some.hibernate.Region").orElseThrow();
    assertThat(other.getTiers()).extracting(TierSpec::kind).containsExactly("heap", "redis");
    assertThat(other.isStatisticsEnabled()).isTrue();
    assertThat(config.definitionFor("some.hibernate.Region")).isEqualTo(config.defaults());
  }

  @Test
  void eachCallReturnsANewConfiguration() {
    TiercacheConfig config = load("full.yaml");

    TieredConfiguration<String, Order> first = config.<String, Order>configurationFor("orders").orElseThrow();
    TieredConfiguration<String, Order> second = config.<String, Order>configurationFor("orders").orElseThrow();
    assertThat(first).isNotSameAs(second).isEqualTo(second);
    first.setStatisticsEnabled(false);
    assertThat(second.isStatisticsEnabled()).isTrue();
    assertThat(config.<String, Order>configurationFor("orders").orElseThrow().isStatisticsEnabled()).isTrue();
  }

  @Test
  void expiryKeysMapToTheStandardPolicies() {
    TiercacheConfig config = load("expiry.yaml");

    assertThat(expiry(config, "created")).isEqualTo(new CreatedExpiryPolicy(minutes(10)));
    assertThat(expiry(config, "updated")).isEqualTo(new ModifiedExpiryPolicy(new Duration(TimeUnit.SECONDS, 30)));
    assertThat(expiry(config, "accessed")).isEqualTo(new AccessedExpiryPolicy(new Duration(TimeUnit.HOURS, 2)));
    assertThat(expiry(config, "touched")).isEqualTo(new TouchedExpiryPolicy(new Duration(TimeUnit.DAYS, 1)));
    assertThat(expiry(config, "eternal")).isInstanceOf(EternalExpiryPolicy.class);
    assertThat(expiry(config, "seconds")).isEqualTo(new CreatedExpiryPolicy(new Duration(TimeUnit.SECONDS, 90)));
    assertThat(expiry(config, "millis"))
        .isEqualTo(new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, 500)));
    assertThat(expiry(config, "zero").getExpiryForCreation()).isEqualTo(Duration.ZERO);
  }

  @Test
  void combinedExpiryKeysGiveOnePolicyWithThreeDurations() {
    TiercacheConfig config = load("expiry.yaml");

    ExpiryPolicy mixed = expiry(config, "mixed");
    assertThat(mixed).isEqualTo(new DeclaredExpiryPolicy(minutes(10), null, new Duration(TimeUnit.SECONDS, 30)));
    assertThat(mixed.getExpiryForUpdate()).isNull();
    ExpiryPolicy updatedAndAccessed = expiry(config, "updated-and-accessed");
    assertThat(updatedAndAccessed.getExpiryForCreation()).isEqualTo(new Duration(TimeUnit.HOURS, 1));
    assertThat(updatedAndAccessed.getExpiryForUpdate()).isEqualTo(new Duration(TimeUnit.HOURS, 1));
    assertThat(updatedAndAccessed.getExpiryForAccess()).isEqualTo(minutes(5));
  }

  private static ExpiryPolicy expiry(TiercacheConfig config, String cache) {
    return config.configurationFor(cache).orElseThrow().getExpiryPolicyFactory().create();
  }

  @Test
  void theFirstMatchingTemplateInFileOrderApplies() {
    TiercacheConfig config = load("templates.yaml");

    assertThat(config.templates()).extracting(CacheTemplate::match)
        .containsExactly("com.example.audit.*", "com.example.*", "*-region");
    assertThat(entries(config, "com.example.audit.Login")).isEqualTo(10L);
    assertThat(entries(config, "com.example.Invoice")).isEqualTo(500L);
    assertThat(config.configurationFor("com.example.Invoice").orElseThrow().getTiers())
        .extracting(TierSpec::kind).containsExactly("heap", "offheap");
    assertThat(config.definitionFor("com.example.Invoice").orElseThrow().origin()).isEqualTo("templates[1]");
  }

  @Test
  void anExplicitEntryWinsOverTemplatesAndTemplatesTakeDefaults() {
    TiercacheConfig config = load("templates.yaml");

    assertThat(entries(config, "com.example.Order")).isEqualTo(7L);
    TieredConfiguration<Object, Object> region = config.configurationFor("users-region").orElseThrow();
    assertThat(region.getTiers()).containsExactly(TierSpec.of("heap", Map.of("entries", 100L)));
    assertThat(region.getExpiryPolicyFactory().create()).isEqualTo(new AccessedExpiryPolicy(minutes(5)));
    assertThat(region.isStatisticsEnabled()).isTrue();
    assertThat(entries(config, "region-users")).isEqualTo(100L);
    assertThat(config.definitionFor("region-users").orElseThrow().origin()).isEqualTo("defaults");
  }

  @Test
  void withoutDefaultsAnUnmatchedNameHasNoConfiguration() {
    TiercacheConfig config = load("no-defaults.yaml");

    assertThat(config.defaults()).isEmpty();
    assertThat(config.configurationFor("products")).isEmpty();
    assertThat(config.configurationFor("sessions-eu").orElseThrow().getTiers())
        .containsExactly(TierSpec.of("heap", Map.of()));
    TieredConfiguration<Object, Object> orders = config.configurationFor("orders").orElseThrow();
    assertThat(orders.getTiers()).isEmpty();
    assertThat(orders.isStatisticsEnabled()).isTrue();
  }

  private static Object entries(TiercacheConfig config, String cache) {
    return config.configurationFor(cache).orElseThrow().getTiers().get(0).property("entries", null);
  }

  @Test
  void variablesComeFromSystemPropertiesOrTheirDefaults() {
    System.setProperty("TIERCACHE_TEST_REDIS_ADDRESS", "redis://cache.internal:6380");
    System.setProperty("TIERCACHE_TEST_PORT", "6390");
    System.setProperty("TIERCACHE_TEST_STATISTICS", "true");
    System.setProperty("TIERCACHE_TEST_TTL", "45s");

    TiercacheConfig config = load("substitution.yaml");

    assertThat(config.connection("main").orElseThrow().properties()).containsExactly(
        Map.entry("address", "redis://cache.internal:6380"),
        Map.entry("password", ""),
        Map.entry("database", 3L),
        Map.entry("literal", "${NOT_A_VARIABLE}"),
        Map.entry("mixed", "redis://localhost:6390"));
    TieredConfiguration<Object, Object> orders = config.configurationFor("orders").orElseThrow();
    assertThat(orders.isStatisticsEnabled()).isTrue();
    assertThat(orders.getTiers().get(0)).isEqualTo(TierSpec.of("heap", Map.of("entries", "77")));
    assertThat(orders.getExpiryPolicyFactory().create())
        .isEqualTo(new CreatedExpiryPolicy(new Duration(TimeUnit.SECONDS, 45)));
  }

  @Test
  void defaultsApplyWhenNoPropertyIsSet() {
    System.setProperty("TIERCACHE_TEST_REDIS_ADDRESS", "redis://x:1");
    System.setProperty("TIERCACHE_TEST_PORT", "1");

    TieredConfiguration<Object, Object> orders = load("substitution.yaml").configurationFor("orders").orElseThrow();

    assertThat(orders.isStatisticsEnabled()).isFalse();
    assertThat(orders.getExpiryPolicyFactory().create()).isEqualTo(new CreatedExpiryPolicy(minutes(10)));
  }

  @Test
  void yamlMergeKeysAreHonoured() {
    TiercacheConfig config = load("merge.yaml");

    CacheDefinition invoices = config.caches().get("invoices");
    assertThat(invoices.tiers()).containsExactly(TierSpec.of("heap", Map.of("entries", 50L)));
    assertThat(invoices.statisticsEnabled()).contains(false);
    assertThat(config.caches().get("orders").statisticsEnabled()).contains(true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiercache:default", "urn:tiercache:tck", "org.jsr107.tck.CachingTest", "test:space/a",
      "orders"})
  void aUriThatIsANameGivesAnEmptyConfiguration(String uri) {
    TiercacheConfig config = ConfigLoader.load(URI.create(uri), LOADER);

    assertThat(config.fromFile()).isFalse();
    assertThat(config.source()).isEqualTo(uri);
    assertThat(config.configurationFor("anything")).isEmpty();
    assertThat(config.caches()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://x/y.yaml", "https://config.example.com/tiercache", "vfs:/content/app.war/t.yaml",
      "/etc/tiercache.yaml", "config/tiercache", "tiercache.yaml", "clathpath:tiercache.yaml", "urn:x:t.YML"})
  void aUriThatIsNeitherAReadableFileNorANameIsAClearError(String uri) {
    assertThatThrownBy(() -> ConfigLoader.load(URI.create(uri), LOADER))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tiercache configuration " + uri + ": cannot read a configuration from this URI")
        .hasMessageContaining("classpath:, file: and jar:");
  }

  /** A jar holding {@code entry} with {@code yaml}. */
  static Path jar(Path dir, String entry, String yaml) throws IOException {
    Path jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(entry));
      out.write(yaml.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void aJarUriNamesAnEntryOfAJar(@TempDir Path dir) throws Exception {
    Path jar = jar(dir, "BOOT-INF/classes/tiercache.yaml", "caches:\n  orders: { tiers: [ { heap: { entries: 9 } } ] }\n");
    URI uri = URI.create("jar:" + jar.toUri() + "!/BOOT-INF/classes/tiercache.yaml");

    TiercacheConfig config = ConfigLoader.load(uri, LOADER);

    assertThat(config.fromFile()).isTrue();
    assertThat(config.source()).isEqualTo(uri.toString());
    assertThat(entries(config, "orders")).isEqualTo(9L);
  }

  @Test
  void aMissingJarEntryOrJarIsACacheExceptionNamingIt(@TempDir Path dir) throws Exception {
    Path jar = jar(dir, "tiercache.yaml", "caches: {}\n");
    for (URI uri : List.of(URI.create("jar:" + jar.toUri() + "!/other.yaml"),
        URI.create("jar:" + dir.resolve("absent.jar").toUri() + "!/tiercache.yaml"))) {
      assertThatThrownBy(() -> ConfigLoader.load(uri, LOADER))
          .as(uri.toString())
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("tiercache configuration " + uri + ": configuration file not found");
    }
    URI noEntry = URI.create("jar:" + jar.toUri());
    assertThatThrownBy(() -> ConfigLoader.load(noEntry, LOADER))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(noEntry.toString())
        .hasMessageContaining("not a usable jar URI");
  }

  @Test
  void aClasspathUriMayStartWithASlash() {
    TiercacheConfig config = ConfigLoader.load(URI.create("classpath:/config/no-defaults.yaml"), LOADER);

    assertThat(config.caches()).containsOnlyKeys("orders");
  }

  @Test
  void anEmptyFileDeclaresNothing() {
    TiercacheConfig config = load("empty.yaml");

    assertThat(config.fromFile()).isTrue();
    assertThat(config.configurationFor("orders")).isEmpty();
  }

  @Test
  void fileUrisMayBeAbsoluteOrRelative(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiercache.yaml");
    Files.writeString(file, "caches:\n  orders: { tiers: [ { heap: { entries: 12 } } ] }\n");
    String relative = Path.of("").toAbsolutePath().relativize(file).toString().replace('\\', '/');

    for (URI uri : List.of(file.toUri(), URI.create("file:" + relative))) {
      TiercacheConfig config = ConfigLoader.load(uri, LOADER);
      assertThat(config.source()).isEqualTo(uri.toString());
      assertThat(entries(config, "orders")).as(uri.toString()).isEqualTo(12L);
    }
  }

  @Test
  void aMissingClasspathResourceIsACacheExceptionNamingIt() {
    assertThatThrownBy(() -> load("no-such-file.yaml"))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("classpath:config/no-such-file.yaml")
        .hasMessageContaining("not found");
  }

  @Test
  void aMissingFileIsACacheExceptionNamingIt(@TempDir Path dir) {
    URI uri = dir.resolve("absent.yaml").toUri();

    assertThatThrownBy(() -> ConfigLoader.load(uri, LOADER))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("not found");
  }

  @Test
  void aConfigurationCanBeParsedFromText() {
    TiercacheConfig config = ConfigLoader.parse("inline", "caches: { a: { storeByValue: false } }", LOADER);

    assertThat(config.configurationFor("a").orElseThrow().isStoreByValue()).isFalse();
  }

  @Test
  void aCodecNamedInTheFileBuildsTheCodecOfTheCache() {
    TiercacheConfig config = ConfigLoader.parse("codec.yaml",
        "caches:\n  orders:\n    serialization: { codec: " + CountingCodec.class.getName()
            + ", allow: [ \"com.example.**\" ] }\n", LOADER);

    TieredConfiguration<Object, Object> orders = config.configurationFor("orders").orElseThrow();
    assertThat(orders.getCodecFactory()).isNotNull();
    assertThat(orders.getCodecFactory().create()).isInstanceOf(CountingCodec.class);
    assertThat(orders.getAllowedClasses()).containsExactly("com.example.**");
  }

  @Test
  void aLoadLeaseIsReadInMilliseconds() {
    TiercacheConfig config = ConfigLoader.parse("lease.yaml",
        "caches:\n  orders:\n    loadLease: { lease: 10s, wait: 500ms }\n", LOADER);

    TieredConfiguration<Object, Object> orders = config.configurationFor("orders").orElseThrow();
    assertThat(orders.getLoadLeaseMillis()).isEqualTo(10_000);
    assertThat(orders.getLoadWaitMillis()).isEqualTo(500);
  }
}

package io.tiercache.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.TierSpec;
import io.tiercache.config.Tiers;
import io.tiercache.ehcache.internal.EhcacheTiers;
import io.tiercache.ehcache.internal.EhcacheTierProperties;
import io.tiercache.spi.TierFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TierFactoryValidationTest {

  private final OffHeapTierFactory offHeap = new OffHeapTierFactory();
  private final DiskTierFactory disk = new DiskTierFactory();

  @Test
  void bothKindsAreRegisteredAsServices() {
    Set<String> kinds = ServiceLoader.load(TierFactory.class).stream()
        .map(provider -> provider.get().kind())
        .collect(Collectors.toSet());
    assertThat(kinds).contains("offheap", "disk");
  }

  @Test
  void theSpecsOfTiersAreValid() {
    assertThatCode(() -> offHeap.validate(Tiers.offHeap("256MB"))).doesNotThrowAnyException();
    assertThatCode(() -> disk.validate(Tiers.disk("data/cache", "2GB", true))).doesNotThrowAnyException();
    assertThatCode(() -> disk.validate(Tiers.disk("data/cache", "2GB", false))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({
      "1048576, 1048576",
      "1MB, 1048576",
      "64mb, 67108864",
      "64 MB, 67108864",
      "2048KB, 2097152",
      "2048k, 2097152",
      "1GiB, 1073741824",
      "2G, 2147483648",
      "1_073_741_824, 1073741824",
      "3TB, 3298534883328",
      "5242880B, 5242880"})
  void sizesAreBytesOrNumbersWithAUnit(String size, long bytes) {
    assertThat(EhcacheTierProperties.size(Tiers.offHeap(size))).isEqualTo(bytes);
  }

  @Test
  void aNumericSizeIsBytes() {
    assertThat(EhcacheTierProperties.size(TierSpec.of("offheap", Map.of("size", 8_388_608)))).isEqualTo(8_388_608L);
    assertThat(EhcacheTierProperties.size(TierSpec.of("offheap", Map.of("size", 8_388_608L)))).isEqualTo(8_388_608L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MB", "12XB", "1.5GB", "-1MB", "lots", "99999999999999999999", "9000000TB"})
  void badSizesAreRejectedNamingTheProperty(String size) {
    assertThatThrownBy(() -> offHeap.validate(Tiers.offHeap(size)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offheap tier 'size'")
        .hasMessageContaining("256MB");
  }

  @Test
  void sizesBelowOneMegabyteAreRejected() {
    assertThatThrownBy(() -> disk.validate(Tiers.disk("d", "1000KB", false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("disk tier 'size' must be at least 1MB, was '1000KB'");
    assertThatThrownBy(() -> offHeap.validate(TierSpec.of("offheap", Map.of("size", 0))))
        .hasMessageContaining("at least 1MB");
  }

  @Test
  void aFractionalNumericSizeIsRejected() {
    assertThatThrownBy(() -> offHeap.validate(TierSpec.of("offheap", Map.of("size", 1.5e6))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offheap tier 'size' must be bytes");
  }

  @Test
  void sizeIsRequired() {
    assertThatThrownBy(() -> offHeap.validate(TierSpec.of("offheap", Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offheap tier needs a 'size' (e.g. 256MB)");
    assertThatThrownBy(() -> disk.validate(TierSpec.of("disk", Map.of("path", "d"))))
        .hasMessage("disk tier needs a 'size' (e.g. 256MB)");
  }

  @Test
  void unknownPropertiesAreRejected() {
    assertThatThrownBy(() -> offHeap.validate(Tiers.offHeap("8MB").with("entries", 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown offheap tier property 'entries' (expected: size)");
    assertThatThrownBy(() -> disk.validate(Tiers.disk("d", "8MB", true).with("persistant", true)))
        .hasMessage("unknown disk tier property 'persistant' (expected: path, size, persistent)");
  }

  @Test
  void diskNeedsAPath() {
    assertThatThrownBy(() -> disk.validate(TierSpec.of("disk", Map.of("size", "8MB"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("disk tier needs a 'path' (the directory of its files)");
    assertThatThrownBy(() -> disk.validate(TierSpec.of("disk", Map.of("size", "8MB", "path", " "))))
        .hasMessageContaining("disk tier 'path' must be a directory name");
  }

  @Test
  void pathMayBeAPathOrAFile() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("size", "8MB");
    properties.put("path", Path.of("a", "b"));
    assertThat(EhcacheTierProperties.path(TierSpec.of("disk", properties))).isEqualTo(Path.of("a", "b"));
    properties.put("path", new java.io.File("c"));
    assertThat(EhcacheTierProperties.path(TierSpec.of("disk", properties))).isEqualTo(Path.of("c"));
  }

  @Test
  void persistentIsABooleanDefaultingToFalse() {
    assertThat(EhcacheTierProperties.persistent(TierSpec.of("disk", Map.of("path", "d", "size", "8MB")))).isFalse();
    assertThat(EhcacheTierProperties.persistent(TierSpec.of("disk", Map.of("persistent", "TRUE")))).isTrue();
    assertThat(EhcacheTierProperties.persistent(TierSpec.of("disk", Map.of("persistent", "false")))).isFalse();
    assertThatThrownBy(() -> disk.validate(TierSpec.of("disk", Map.of("path", "d", "size", "8MB",
        "persistent", "yes"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("disk tier 'persistent' must be true or false, was 'yes'");
  }

  @Test
  void createValidatesToo() {
    assertThatThrownBy(() -> offHeap.create(Tiers.offHeap("tiny"), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
      "orders, orders",
      "Orders_2024-v1.2, Orders_2024-v1.2"})
  void plainCacheNamesAreTheirOwnDirectoryName(String cacheName, String directory) {
    assertThat(EhcacheTiers.directoryName(cacheName)).isEqualTo(directory);
  }

  @Test
  void otherCacheNamesAreSanitizedAndKeptDistinct() {
    String slash = EhcacheTiers.directoryName("com/example:Order");
    String underscore = EhcacheTiers.directoryName("com_example_Order");
    assertThat(slash).matches("com_example_Order-[0-9a-f]{8}");
    assertThat(underscore).isEqualTo("com_example_Order");
    assertThat(EhcacheTiers.directoryName("..")).matches("\\.\\.-[0-9a-f]{8}");
    assertThat(EhcacheTiers.directoryName("")).matches("-[0-9a-f]{8}");
    assertThat(EhcacheTiers.directoryName("x".repeat(200))).hasSize(64 + 9);
    assertThat(EhcacheTiers.directoryName("caf\u00e9")).isNotEqualTo(EhcacheTiers.directoryName("caf_"));
  }
}

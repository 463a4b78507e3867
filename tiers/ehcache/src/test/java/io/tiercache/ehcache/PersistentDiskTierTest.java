package io.tiercache.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.codec.CodecException;
import io.tiercache.config.Tiers;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A persistent disk tier across clean restarts, and with its files tampered with. */
class PersistentDiskTierTest {

  private static final int ENTRIES = 200;

  @TempDir
  Path directory;

  private Tier<String, Object> open() {
    return new DiskTierFactory().create(Tiers.disk(directory.toString(), "16MB", true),
        TestTierContext.of("persisted", String.class, Object.class));
  }

  private static Map<String, StoredEntry<Object>> writeEntries(Tier<String, Object> tier) {
    Map<String, StoredEntry<Object>> written = new HashMap<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < ENTRIES; i++) {
      Object value = switch (i % 3) {
        case 0 -> "MARKER-" + i + "-" + "p".repeat(i);
        case 1 -> (long) i * 1_000_003;
        default -> new ArrayList<>(List.of("MARKER-" + i, "list"));
      };
      StoredEntry<Object> entry = StoredEntry.of(value, i % 2 == 0 ? StoredEntry.NEVER : now + 3_600_000 + i,
          (1L << 52) + i);
      tier.put("key-" + i, entry);
      written.put("key-" + i, entry);
    }
    return written;
  }

  @Test
  void entriesSurviveACleanRestartWithValueExpiryAndVersion() throws Exception {
    Tier<String, Object> tier = open();
    Map<String, StoredEntry<Object>> written = writeEntries(tier);
    tier.put("reserved", StoredEntry.reservation(7));
    tier.put("short-lived", StoredEntry.of("gone soon", System.currentTimeMillis() + 300, 1));
    tier.close();

    Thread.sleep(500);
    Tier<String, Object> reopened = open();
    try {
      for (Map.Entry<String, StoredEntry<Object>> expected : written.entrySet()) {
        StoredEntry<Object> actual = reopened.get(expected.getKey());
        assertThat(actual).as(expected.getKey()).isNotNull();
        assertThat(actual.value()).isEqualTo(expected.getValue().value());
        assertThat(actual.version()).isEqualTo(expected.getValue().version());
        assertThat(actual.expiresAt()).isEqualTo(expected.getValue().expiresAt());
      }
      assertThat(reopened.getAll(written.keySet())).hasSize(ENTRIES);
      assertThat(reopened.get("reserved")).as("a reservation does not outlive its process").isNull();
      assertThat(reopened.putIfAbsent("reserved", StoredEntry.reservation(7))).isNull();
      assertThat(reopened.get("short-lived")).as("expired while closed").isNull();
    } finally {
      reopened.close();
    }
  }

  @Test
  void bytesFlippedInsideTheStoredEntriesAreDetected() throws Exception {
    Tier<String, Object> tier = open();
    Map<String, StoredEntry<Object>> written = writeEntries(tier);
    tier.close();

    Path data = dataFile();
    byte[] bytes = Files.readAllBytes(data);
    byte[] marker = "MARKER-".getBytes(StandardCharsets.US_ASCII);
    int flipped = 0;
    for (int i = 0; i + marker.length < bytes.length; i++) {
      if (startsWith(bytes, i, marker) && flipped < 40) {
        bytes[i + marker.length] ^= 0x01; // a digit of the entry's number
        flipped++;
      }
    }
    assertThat(flipped).as("markers found in %s", data).isGreaterThan(20);
    Files.write(data, bytes);

    Outcome outcome = readBack(written, true);
    assertThat(outcome.wrong).as("wrong values").isEmpty();
    assertThat(outcome.detected).as("damaged entries reported").isGreaterThanOrEqualTo(flipped);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomDamageToTheDataFileNeverYieldsAWrongValue(int seed) throws Exception {
    Tier<String, Object> tier = open();
    Map<String, StoredEntry<Object>> written = writeEntries(tier);
    tier.close();

    Path data = dataFile();
    byte[] bytes = Files.readAllBytes(data);
    Random random = new Random(seed);
    for (int i = 0; i < 64; i++) {
      bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
    }
    Files.write(data, bytes);

    Outcome outcome;
    try {
      outcome = readBack(written, false);
    } catch (TierException e) {
      return; // refusing to open damaged files is fine too
    }
    assertThat(outcome.wrong).as("wrong values").isEmpty();
  }

  private record Outcome(List<String> wrong, int detected, int missing) {
  }

  /** Reads every key back; {@code strict}: an entry reported corrupt must read as a miss next. */
  private Outcome readBack(Map<String, StoredEntry<Object>> written, boolean strict) {
    List<String> wrong = new ArrayList<>();
    int detected = 0;
    int missing = 0;
    Tier<String, Object> reopened = open();
    try {
      for (Map.Entry<String, StoredEntry<Object>> expected : written.entrySet()) {
        StoredEntry<Object> actual;
        try {
          actual = reopened.get(expected.getKey());
        } catch (TierException | CodecException e) {
          detected++;
          if (strict) {
            assertThat(reopened.get(expected.getKey())).as("a detected entry is gone").isNull();
          }
          continue;
        }
        if (actual == null) {
          missing++;
        } else if (!actual.value().equals(expected.getValue().value())
            || actual.version() != expected.getValue().version()
            || actual.expiresAt() != expected.getValue().expiresAt()) {
          wrong.add(expected.getKey() + " -> " + actual.value());
        }
      }
      reopened.iterator().forEachRemaining(e -> {
        StoredEntry<Object> expected = written.get(e.getKey());
        if (expected == null || !expected.value().equals(e.getValue().value())) {
          wrong.add("iterated " + e.getKey() + " -> " + e.getValue().value());
        }
      });
    } finally {
      reopened.close();
    }
    return new Outcome(wrong, detected, missing);
  }

  private Path dataFile() throws Exception {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".data")).findFirst()
          .orElseThrow(() -> new AssertionError("no Ehcache data file under " + directory));
    }
  }

  private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}

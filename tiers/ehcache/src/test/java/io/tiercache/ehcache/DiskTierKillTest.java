package io.tiercache.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.codec.CodecException;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing to a persistent disk tier is killed ({@code kill -9}); the tier reopened on the same
 * path answers every key with a miss or exactly a value that was written, and works normally after.
 */
class DiskTierKillTest {

  @TempDir
  Path directory;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTierKilledMidWriteReopensWithOnlyWrittenValuesOrMisses() throws Exception {
    Process writer = startWriter();
    long written;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
        StandardCharsets.UTF_8))) {
      written = awaitWrites(out, writer, 6_000);
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("the writer died").isTrue();
    } finally {
      writer.destroyForcibly();
    }
    assertThat(writer.exitValue()).as("killed, not exited").isNotZero();

    int present = 0;
    List<String> failures = new ArrayList<>();
    Tier<String, String> reopened = DiskWriterMain.open(directory.toString());
    try {
      for (int i = 0; i < DiskWriterMain.KEYS; i++) {
        String key = DiskWriterMain.key(i);
        StoredEntry<String> entry;
        try {
          entry = reopened.get(key);
        } catch (TierException | CodecException e) {
          continue; // detected, reported, and gone
        }
        if (entry == null) {
          continue;
        }
        present++;
        long sequence = DiskWriterMain.sequenceOf(key, entry.value());
        if (sequence < 0 || sequence != entry.version() || sequence > written + 10_000) {
          failures.add(key + " -> " + entry + " " + entry.value());
        }
      }
      assertThat(failures).as("values that were never written").isEmpty();
      System.out.printf("kill -9 after ~%d writes: %d of %d keys present after reopening%n", written, present,
          DiskWriterMain.KEYS);

      for (int i = 0; i < 50; i++) {
        reopened.put("after-" + i, StoredEntry.of("v" + i, StoredEntry.NEVER, i + 1));
      }
    } finally {
      reopened.close();
    }

    Tier<String, String> restarted = DiskWriterMain.open(directory.toString());
    try {
      for (int i = 0; i < 50; i++) {
        StoredEntry<String> entry = restarted.get("after-" + i);
        assertThat(entry).as("after-%d survives a clean restart", i).isNotNull();
        assertThat(entry.value()).isEqualTo("v" + i);
        assertThat(entry.version()).isEqualTo(i + 1);
      }
    } finally {
      restarted.close();
    }
  }

  private Process startWriter() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-cp", classPath,
        DiskWriterMain.class.getName(), directory.toString());
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    return builder.start();
  }

  /** Reads the writer's progress until it reports {@code minimum} writes after its clean reopen. */
  private static long awaitWrites(BufferedReader out, Process writer, long minimum) throws Exception {
    boolean reopened = false;
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals("REOPENED")) {
        reopened = true;
      } else if (reopened && line.startsWith("WROTE ")) {
        long written = Long.parseLong(line.substring(6));
        if (written >= minimum) {
          return written;
        }
      }
    }
    throw new AssertionError("the writer stopped before " + minimum + " writes, exit " + writer.waitFor());
  }
}

package io.tiercache.ehcache;

import io.tiercache.config.Tiers;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The process {@link DiskTierKillTest} kills: writes to a persistent disk tier until it dies.
 *
 * <p>Arguments: the tier path. It writes {@link #KEYS} keys once and closes the tier cleanly (so a
 * clean state exists on disk), reopens it, prints {@code REOPENED}, then overwrites random keys with
 * ever-increasing sequence numbers forever, printing {@code WROTE <n>} every 500 writes. Every value
 * names its key and sequence number and carries their checksum ({@link #value}); the entry's version
 * is the sequence number.
 */
public final class DiskWriterMain {

  static final String CACHE = "killed";
  static final int KEYS = 400;

  private DiskWriterMain() {
  }

  public static void main(String[] args) {
    Tier<String, String> tier = open(args[0]);
    long sequence = 0;
    for (int i = 0; i < KEYS; i++) {
      sequence++;
      tier.put(key(i), StoredEntry.of(value(key(i), sequence), StoredEntry.NEVER, sequence));
    }
    tier.close();
    tier = open(args[0]);
    System.out.println("REOPENED");
    System.out.flush();
    java.util.Random random = new java.util.Random(42);
    while (true) {
      sequence++;
      String key = key(random.nextInt(KEYS));
      tier.put(key, StoredEntry.of(value(key, sequence), System.currentTimeMillis() + 3_600_000L, sequence));
      if (sequence % 500 == 0) {
        System.out.println("WROTE " + sequence);
        System.out.flush();
      }
    }
  }

  static Tier<String, String> open(String path) {
    return new DiskTierFactory().create(Tiers.disk(path, "16MB", true),
        TestTierContext.of(CACHE, String.class, String.class));
  }

  static String key(int i) {
    return "key-" + i;
  }

  /** {@code key|sequence|checksum of both}, padded so entries span pages. */
  static String value(String key, long sequence) {
    String body = key + "|" + sequence + "|" + "x".repeat((int) (sequence % 700));
    return body + "|" + Long.toHexString(checksum(body));
  }

  /** Whether {@code value} is one {@link #value} wrote for {@code key}; its sequence number, or -1. */
  static long sequenceOf(String key, String value) {
    int last = value.lastIndexOf('|');
    if (last < 0) {
      return -1;
    }
    String body = value.substring(0, last);
    if (!Long.toHexString(checksum(body)).equals(value.substring(last + 1))) {
      return -1;
    }
    String[] parts = body.split("\\|", -1);
    if (parts.length != 3 || !parts[0].equals(key)) {
      return -1;
    }
    long sequence = Long.parseLong(parts[1]);
    return value.equals(value(key, sequence)) ? sequence : -1;
  }

  private static long checksum(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}

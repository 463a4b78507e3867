package io.tiercache.redisson.internal;

import io.tiercache.spi.EntryFrames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Redis key layout of one cache. With {@code T} the cache's hash tag (see {@link #tag(String)}):
 *
 * <pre>
 * tc:{T}:e:&lt;member&gt;   a string: one entry's record frame, with the entry's native expiry
 *                        (PEXPIREAT expiresAt; reservations PEXPIRE 30 s; none when eternal)
 * tc:{T}:i             a sorted set, the cache's index: every member whose entry key was written,
 *                        scored by the entry's expiry time (Long.MAX_VALUE when eternal)
 * tc:{T}:l:&lt;member&gt;   a string: the token of the compute holding that key's lock, with a lease (PX)
 * </pre>
 *
 * <p>{@code member} is the base64url form (no padding) of the key's frame ({@link EntryFrames}): text
 * that any client can show, and from which iteration gets the key back without another lookup.
 *
 * <ul>
 *   <li>Every key of a cache carries the same hash tag, so in Redis Cluster all of them live in one
 *       slot: the multi-key scripts (entry + index + lock) and pipelined batches stay legal, at the
 *       price of one cache living on one shard.</li>
 *   <li>The index lets size, clear and iteration work on the cache's keys alone, never on the whole
 *       keyspace (no KEYS, no SCAN of the database). Members whose entry Redis expired or evicted
 *       remain until pruned: size prunes those whose score has passed, iteration prunes any whose key
 *       is gone.</li>
 * </ul>
 */
public final class RedisKeys {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final String prefix;

  RedisKeys(String cacheName) {
    this.prefix = "tc:{" + tag(cacheName) + "}:";
  }

  /** The prefix of every entry key of the cache. */
  String entryPrefix() {
    return prefix + "e:";
  }

  String entryKey(String member) {
    return prefix + "e:" + member;
  }

  String lockKey(String member) {
    return prefix + "l:" + member;
  }

  /** The key of a load lease (cross-node stampede protection) of one entry. */
  String leaseKey(String member) {
    return prefix + "lease:" + member;
  }

  String indexKey() {
    return prefix + "i";
  }

  static String member(byte[] keyFrame) {
    return ENCODER.encodeToString(keyFrame);
  }

  static byte[] keyFrame(String member) {
    return DECODER.decode(member);
  }

  /**
   * The hash tag of a cache: its name when that is 1 to 64 characters among letters, digits and
   * {@code _ - . :}; else those characters with every other one replaced by {@code _}, cut to 64, then
   * {@code -} and 8 hex digits of the SHA-256 of the name, so distinct names never share a tag and a
   * tag never holds a brace or a glob character.
   */
  public static String tag(String cacheName) {
    StringBuilder safe = new StringBuilder(cacheName.length());
    for (int i = 0; i < cacheName.length(); i++) {
      char c = cacheName.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == '.' || c == ':';
      safe.append(allowed ? c : '_');
    }
    String name = safe.toString();
    if (name.equals(cacheName) && !name.isEmpty() && name.length() <= 64) {
      return name;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cacheName.getBytes(StandardCharsets.UTF_8));
      return name.substring(0, Math.min(64, name.length())) + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

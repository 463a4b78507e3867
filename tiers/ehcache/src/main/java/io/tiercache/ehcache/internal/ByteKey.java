package io.tiercache.ehcache.internal;

import java.util.Arrays;

/**
 * A key as the Ehcache tiers hold it: the codec's bytes in a checksummed frame (see {@link EntryCodec}).
 *
 * <ul>
 *   <li>Equality is by content, so two equal keys must encode to the same bytes (true of the JDK
 *       codec for the usual key types: strings, numbers, records of those).</li>
 *   <li>The hash is the frame's CRC32C: well spread, computed once, and the same in every JVM, which a
 *       persistent disk tier needs (its index is stored with the hashes).</li>
 * </ul>
 */
final class ByteKey {

  private final byte[] frame;
  private final int hash;

  ByteKey(byte[] frame) {
    this.frame = frame;
    this.hash = frame.length >= EntryCodec.KEY_OVERHEAD
        ? (int) EntryCodec.INT.get(frame, frame.length - EntryCodec.CHECKSUM_LENGTH)
        : Arrays.hashCode(frame);
  }

  /** The frame; callers never modify it. */
  byte[] frame() {
    return frame;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ByteKey key && hash == key.hash && Arrays.equals(frame, key.frame);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "ByteKey[" + frame.length + " bytes]";
  }
}

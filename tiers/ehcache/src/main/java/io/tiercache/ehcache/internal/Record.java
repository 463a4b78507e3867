package io.tiercache.ehcache.internal;

import io.tiercache.spi.StoredEntry;
import java.util.Arrays;

/**
 * A stored entry as the Ehcache tiers hold it: one checksummed frame with the version, the expiry time
 * and the encoded value (or a reservation's incarnation); see {@link EntryCodec} for the layout.
 *
 * <p>Ehcache only moves the frame around; {@link EntryCodec} checks and decodes it, outside Ehcache, so
 * corrupt bytes become our exception rather than an error deep inside the store. Equality is by
 * content (Ehcache's conditional remove compares values).
 */
final class Record {

  private final byte[] frame;

  Record(byte[] frame) {
    this.frame = frame;
  }

  /** The frame; callers never modify it. */
  byte[] frame() {
    return frame;
  }

  /**
   * The expiry time in the header, unchecked: only for the expiry policy, which sees records this JVM
   * just encoded.
   */
  long expiresAtUnchecked() {
    return frame.length >= EntryCodec.RECORD_HEADER_LENGTH
        ? (long) EntryCodec.LONG.get(frame, EntryCodec.EXPIRES_AT_OFFSET)
        : StoredEntry.NEVER;
  }

  /** Whether the header marks a reservation, unchecked (see {@link #expiresAtUnchecked()}). */
  boolean isReservationUnchecked() {
    return frame.length > EntryCodec.KIND_OFFSET && frame[EntryCodec.KIND_OFFSET] == EntryCodec.KIND_RESERVATION;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Record record && Arrays.equals(frame, record.frame);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(frame);
  }

  @Override
  public String toString() {
    return "Record[" + frame.length + " bytes]";
  }
}

package io.tiercache.spi;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The wire format of invalidations for an {@link InvalidationBus} that carries bytes (a pub/sub channel,
 * a topic): one format for every such tier. The transport, and how a bus finds out that delivery
 * stopped and resumed, stay with the bus.
 *
 * <pre>
 * message: [format 1B = 1][kind 1B][origin 16B][payload ...]
 *          kind 0 KEY:   payload = the key frame ({@link EntryFrames#encodeKey}), not empty
 *          kind 1 CLEAR: no payload
 *          kind 2 PROBE: payload = an 8-byte big-endian number (a bus's liveness check)
 * </pre>
 *
 * <ul>
 *   <li>Each instance has its own random origin id: give each bus one, so that it knows its own
 *       messages even when several buses of a JVM share a connection.</li>
 *   <li>{@link #read} hands a bus only what it acts on: the other buses' keys and clears, and its own
 *       probes. It checks format, kind and length, not the key frame: the bus decodes that with its
 *       {@link EntryFrames}, which verify the checksum before the codec sees a byte.</li>
 *   <li>A message that is not of this format (garbage, another version) is an
 *       {@link IllegalArgumentException} saying what is wrong; the bus logs it and drops every local
 *       entry, the safe answer when an invalidation cannot be read.</li>
 * </ul>
 */
public final class InvalidationMessages {

  /** The format byte every message starts with. */
  public static final byte FORMAT = 1;

  private static final byte KIND_KEY = 0;
  private static final byte KIND_CLEAR = 1;
  private static final byte KIND_PROBE = 2;
  private static final int ORIGIN_LENGTH = 16;
  private static final int HEADER_LENGTH = 2 + ORIGIN_LENGTH;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] origin = new byte[ORIGIN_LENGTH];

  /** Messages of a new random origin. */
  public InvalidationMessages() {
    RANDOM.nextBytes(origin);
  }

  /** What a message asks of the bus that reads it. */
  public enum Kind {
    /** Another bus's node changed the key of {@link Received#keyFrame()}. */
    KEY,
    /** Another bus's node cleared the cache. */
    CLEAR,
    /** This bus's probe {@link Received#probe()} came back. */
    PROBE
  }

  /**
   * A message read by {@link #read}.
   *
   * @param kind what it asks
   * @param keyFrame the key frame of a {@link Kind#KEY}, else empty
   * @param probe the number of a {@link Kind#PROBE}, else 0
   */
  public record Received(Kind kind, byte[] keyFrame, long probe) {
  }

  /** The message that the key of {@code keyFrame} changed. */
  public byte[] key(byte[] keyFrame) {
    if (keyFrame.length == 0) {
      throw new IllegalArgumentException("empty key frame");
    }
    byte[] message = header(KIND_KEY, keyFrame.length);
    System.arraycopy(keyFrame, 0, message, HEADER_LENGTH, keyFrame.length);
    return message;
  }

  /** The message that the cache was cleared. */
  public byte[] clear() {
    return header(KIND_CLEAR, 0);
  }

  /** A probe numbered {@code number}, which only this origin reads back. */
  public byte[] probe(long number) {
    byte[] message = header(KIND_PROBE, Long.BYTES);
    EntryFrames.LONG.set(message, HEADER_LENGTH, number);
    return message;
  }

  /**
   * Reads {@code message}: {@code null} when this bus must not act on it (its own key or clear, another
   * bus's probe).
   *
   * @throws IllegalArgumentException if {@code message} is not a message of this format
   */
  public Received read(byte[] message) {
    if (message == null || message.length < HEADER_LENGTH || message[0] != FORMAT) {
      throw new IllegalArgumentException("a message of " + (message == null ? 0 : message.length)
          + " bytes with format " + (message == null || message.length == 0 ? "?" : message[0])
          + " (expected " + FORMAT + ")");
    }
    boolean own = Arrays.equals(message, 2, HEADER_LENGTH, origin, 0, ORIGIN_LENGTH);
    int payload = message.length - HEADER_LENGTH;
    switch (message[1]) {
      case KIND_KEY -> {
        if (payload == 0) {
          throw new IllegalArgumentException("a key message without a key frame");
        }
        return own ? null : new Received(Kind.KEY, Arrays.copyOfRange(message, HEADER_LENGTH, message.length), 0);
      }
      case KIND_CLEAR -> {
        if (payload != 0) {
          throw new IllegalArgumentException("a clear message with " + payload + " bytes of payload");
        }
        return own ? null : new Received(Kind.CLEAR, new byte[0], 0);
      }
      case KIND_PROBE -> {
        if (payload != Long.BYTES) {
          throw new IllegalArgumentException("a probe of " + payload + " bytes (expected " + Long.BYTES + ")");
        }
        return own ? new Received(Kind.PROBE, new byte[0], (long) EntryFrames.LONG.get(message, HEADER_LENGTH))
            : null;
      }
      default -> throw new IllegalArgumentException("a message of unknown kind " + message[1]);
    }
  }

  private byte[] header(byte kind, int payloadLength) {
    byte[] message = new byte[HEADER_LENGTH + payloadLength];
    message[0] = FORMAT;
    message[1] = kind;
    System.arraycopy(origin, 0, message, 2, ORIGIN_LENGTH);
    return message;
  }
}

package io.tiercache.spi;

import io.tiercache.codec.Codec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Turns keys and {@link StoredEntry}s into checksummed byte frames and back: the one storage format of
 * the tiers that keep bytes outside this JVM's heap (Redis, Hazelcast), so that a corrupt, truncated
 * or tampered entry is detected before the codec sees a byte.
 *
 * <pre>
 * key frame:    [format 1B][codec bytes of the key ...][CRC32C 4B]
 *               CRC32C over everything before it. A tier uses it (or a text form of it) as its key.
 * record frame: [format 1B][kind 1B][version 8B][expiresAt 8B][payload ...][CRC32C 4B]
 *               kind 0: a value, payload = codec bytes of the value, version &gt; 0;
 *               kind 1: a reservation, no payload, version &lt; 0.
 *               CRC32C over the key frame, then everything before it in the record frame, so a
 *               record is bound to its key: one copied under another key does not verify.
 * </pre>
 *
 * <ul>
 *   <li>Integers are big-endian; the 8 version bytes sit at offsets 2..9 (a Redis script compares
 *       them as a string, so versions never pass through Lua's doubles).</li>
 *   <li>Every decode checks length, format, kind and checksum before the codec sees a byte; a failure
 *       is a {@link CorruptEntryException} naming the tier. Decoding never returns bytes that did not
 *       verify. Shared tiers pass the context's allowlisted codec: whoever can write to the shared store
 *       must not be able to run code here.</li>
 * </ul>
 */
public final class EntryFrames<K, V> {

  /** The format byte every frame starts with. */
  public static final byte FORMAT = 1;
  private static final byte KIND_VALUE = 0;
  private static final byte KIND_RESERVATION = 1;

  private static final int CHECKSUM_LENGTH = 4;
  private static final int KEY_OVERHEAD = 1 + CHECKSUM_LENGTH;
  private static final int KIND_OFFSET = 1;
  private static final int VERSION_OFFSET = 2;
  private static final int EXPIRES_AT_OFFSET = 10;
  private static final int RECORD_HEADER_LENGTH = 18;

  /** Big-endian longs in a byte array. */
  public static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final Codec codec;
  private final ClassLoader classLoader;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final String where;

  /** Frames for one tier; {@code where} names the tier in error messages. */
  public EntryFrames(Codec codec, ClassLoader classLoader, Class<K> keyType, Class<V> valueType, String where) {
    this.codec = codec;
    this.classLoader = classLoader;
    this.keyType = keyType;
    this.valueType = valueType;
    this.where = where;
  }

  public byte[] encodeKey(Object key) {
    byte[] bytes = codec.encode(key);
    byte[] frame = new byte[bytes.length + KEY_OVERHEAD];
    frame[0] = FORMAT;
    System.arraycopy(bytes, 0, frame, 1, bytes.length);
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, frame.length - CHECKSUM_LENGTH);
    INT.set(frame, frame.length - CHECKSUM_LENGTH, (int) crc.getValue());
    return frame;
  }

  /** The key object of a key frame (iteration). */
  public K decodeKey(byte[] frame) {
    if (frame.length < KEY_OVERHEAD) {
      throw corrupt("a key of " + frame.length + " bytes is shorter than its frame");
    }
    if (frame[0] != FORMAT) {
      throw corrupt("a key has format " + frame[0] + ", expected " + FORMAT);
    }
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, frame.length - CHECKSUM_LENGTH);
    if ((int) crc.getValue() != (int) INT.get(frame, frame.length - CHECKSUM_LENGTH)) {
      throw corrupt("a key's checksum does not match its bytes");
    }
    Object decoded = codec.decode(Arrays.copyOfRange(frame, 1, frame.length - CHECKSUM_LENGTH), classLoader);
    return checkType(decoded, keyType, "key");
  }

  public byte[] encode(byte[] keyFrame, StoredEntry<V> entry) {
    byte[] payload;
    byte kind;
    if (entry.isReservation()) {
      kind = KIND_RESERVATION;
      payload = new byte[0];
    } else {
      kind = KIND_VALUE;
      payload = codec.encode(entry.value());
    }
    byte[] frame = new byte[RECORD_HEADER_LENGTH + payload.length + CHECKSUM_LENGTH];
    frame[0] = FORMAT;
    frame[KIND_OFFSET] = kind;
    LONG.set(frame, VERSION_OFFSET, entry.version());
    LONG.set(frame, EXPIRES_AT_OFFSET, entry.expiresAt());
    System.arraycopy(payload, 0, frame, RECORD_HEADER_LENGTH, payload.length);
    INT.set(frame, frame.length - CHECKSUM_LENGTH, checksum(keyFrame, frame));
    return frame;
  }

  /**
   * The entry {@code frame} holds for the key of {@code keyFrame}.
   *
   * @throws CorruptEntryException if the frame does not verify
   * @throws io.tiercache.codec.CodecException if the codec refuses the value bytes
   */
  public StoredEntry<V> decode(byte[] keyFrame, byte[] frame) {
    long version = verify(keyFrame, frame);
    long expiresAt = (long) LONG.get(frame, EXPIRES_AT_OFFSET);
    if (version < 0) {
      return StoredEntry.<V>reservation(-version).withExpiresAt(expiresAt);
    }
    Object value = codec.decode(
        Arrays.copyOfRange(frame, RECORD_HEADER_LENGTH, frame.length - CHECKSUM_LENGTH), classLoader);
    return StoredEntry.of(checkType(value, valueType, "value"), expiresAt, version);
  }

  /** The 8 big-endian bytes of {@code version}, as the scripts compare them. */
  public static byte[] versionBytes(long version) {
    byte[] bytes = new byte[8];
    LONG.set(bytes, 0, version);
    return bytes;
  }

  /**
   * The version of the entry {@code frame} holds, checked but without decoding the value (negative for a
   * reservation).
   *
   * @throws CorruptEntryException if the frame does not verify
   */
  public long version(byte[] keyFrame, byte[] frame) {
    return verify(keyFrame, frame);
  }

  private long verify(byte[] keyFrame, byte[] frame) {
    if (frame.length < RECORD_HEADER_LENGTH + CHECKSUM_LENGTH) {
      throw corrupt("an entry of " + frame.length + " bytes is shorter than its header");
    }
    if (frame[0] != FORMAT) {
      throw corrupt("an entry has format " + frame[0] + ", expected " + FORMAT);
    }
    if ((int) INT.get(frame, frame.length - CHECKSUM_LENGTH) != checksum(keyFrame, frame)) {
      throw corrupt("an entry's checksum does not match its bytes (or it is stored under another key)");
    }
    long version = (long) LONG.get(frame, VERSION_OFFSET);
    byte kind = frame[KIND_OFFSET];
    if (kind == KIND_VALUE && version > 0) {
      return version;
    }
    if (kind == KIND_RESERVATION && version < 0 && frame.length == RECORD_HEADER_LENGTH + CHECKSUM_LENGTH) {
      return version;
    }
    throw corrupt("an entry has kind " + kind + " and version " + version);
  }

  private static int checksum(byte[] keyFrame, byte[] frame) {
    CRC32C crc = new CRC32C();
    crc.update(keyFrame);
    crc.update(frame, 0, frame.length - CHECKSUM_LENGTH);
    return (int) crc.getValue();
  }

  private <T> T checkType(Object decoded, Class<T> type, String what) {
    if (decoded == null) {
      throw new CorruptEntryException(where + " holds a null " + what);
    }
    if (type != Object.class && !type.isPrimitive() && !type.isInstance(decoded)) {
      throw new CorruptEntryException(where + " holds a " + what + " of " + decoded.getClass().getName()
          + ", the cache expects " + type.getName());
    }
    @SuppressWarnings("unchecked")
    T typed = (T) decoded;
    return typed;
  }

  private CorruptEntryException corrupt(String detail) {
    return new CorruptEntryException(where + ": corrupt data: " + detail);
  }
}

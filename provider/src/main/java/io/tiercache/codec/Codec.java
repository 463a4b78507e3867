package io.tiercache.codec;

/**
 * Turns keys and values into bytes and back, for tiers that hold bytes (off-heap, disk, shared).
 *
 * <p>Decoding bytes that came from a persistent or shared tier must never run code that an attacker
 * chose: implementations check classes against an allowlist or verify an authentication tag first.
 */
public interface Codec {

  /**
   * Encodes {@code object}.
   *
   * @throws CodecException if the object cannot be encoded (for example, it is not serializable)
   */
  byte[] encode(Object object);

  /**
   * Decodes bytes produced by {@link #encode}.
   *
   * @throws CodecException if the bytes are corrupt, tampered with or name a class that is not allowed
   */
  Object decode(byte[] bytes, ClassLoader classLoader);
}

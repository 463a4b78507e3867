package io.tiercache.spi;

import io.tiercache.codec.Codec;

/**
 * What the core hands a {@link TierFactory} when it builds a tier for one cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface TierContext<K, V> {

  /** The name of the cache the tier belongs to. */
  String cacheName();

  /** The tier's position, 0 for the fastest. */
  int position();

  /** Whether the tier is the cache's authority (the last tier). */
  boolean isAuthority();

  /** The key type the cache was configured with ({@code Object} when untyped). */
  Class<K> keyType();

  /** The value type the cache was configured with ({@code Object} when untyped). */
  Class<V> valueType();

  /**
   * The codec for bytes that someone other than this JVM could have written: a shared tier, or a
   * persistent tier read after a restart. It decodes only classes that pass the cache's allowlist.
   */
  Codec codec();

  /**
   * The codec for bytes only this JVM wrote and no one else can change (off-heap, a disk tier that
   * is cleared at start). It decodes without an allowlist.
   */
  Codec trustedCodec();

  /** The class loader of the cache manager: use it to resolve classes while decoding. */
  ClassLoader classLoader();

  /**
   * Whether entries of this cache can expire. When not, every entry's {@link StoredEntry#expiresAt()}
   * is {@link StoredEntry#NEVER}, and the core never replaces or removes a value entry by its version
   * (it does that only to drop an expired copy or to apply an expiry policy's access duration; it
   * orders its own writes by a clock that rises anyway). A tier may then skip its expiry machinery, and
   * a local tier may keep values without their versions, reading them back with any positive version
   * and never matching a replace or remove by a positive version. Reservations keep their tokens.
   */
  boolean entriesMayExpire();

  /** Where to report entries the tier drops on its own. */
  TierListener<K, V> listener();
}

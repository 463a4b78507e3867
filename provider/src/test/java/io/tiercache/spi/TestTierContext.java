package io.tiercache.spi;

import io.tiercache.codec.Codec;
import io.tiercache.internal.codec.JavaSerializationCodec;
import java.util.Objects;

/**
 * A {@link TierContext} for tier tests: JDK serialization, the test class loader, an authority at
 * position 0 by default. Immutable; the {@code with...} methods return modified copies.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TestTierContext<K, V> implements TierContext<K, V> {

  private final String cacheName;
  private final int position;
  private final boolean authority;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final Codec codec;
  private final Codec trustedCodec;
  private final ClassLoader classLoader;
  private final boolean entriesMayExpire;
  private final TierListener<K, V> listener;

  private TestTierContext(String cacheName, int position, boolean authority, Class<K> keyType, Class<V> valueType,
      Codec codec, Codec trustedCodec, ClassLoader classLoader, boolean entriesMayExpire,
      TierListener<K, V> listener) {
    this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
    this.position = position;
    this.authority = authority;
    this.keyType = Objects.requireNonNull(keyType, "keyType");
    this.valueType = Objects.requireNonNull(valueType, "valueType");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.trustedCodec = Objects.requireNonNull(trustedCodec, "trustedCodec");
    this.classLoader = classLoader;
    this.entriesMayExpire = entriesMayExpire;
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * The authority tier (position 0) of cache {@code cacheName}; entries may expire; drops ignored; JDK
   * serialization without an allowlist as both codecs.
   */
  public static <K, V> TestTierContext<K, V> of(String cacheName, Class<K> keyType, Class<V> valueType) {
    Codec codec = new JavaSerializationCodec(null);
    return new TestTierContext<>(cacheName, 0, true, keyType, valueType, codec, codec,
        TestTierContext.class.getClassLoader(), true, TierListener.none());
  }

  /** A copy that says whether entries may expire. */
  public TestTierContext<K, V> withEntriesMayExpire(boolean mayExpire) {
    return new TestTierContext<>(cacheName, position, authority, keyType, valueType, codec, trustedCodec,
        classLoader, mayExpire, listener);
  }

  /** A copy that reports dropped entries to {@code newListener}. */
  public TestTierContext<K, V> withListener(TierListener<K, V> newListener) {
    return new TestTierContext<>(cacheName, position, authority, keyType, valueType, codec, trustedCodec,
        classLoader, entriesMayExpire, newListener);
  }

  /** A copy at another position; {@code isAuthority} says whether it is the last tier. */
  public TestTierContext<K, V> withPosition(int newPosition, boolean isAuthority) {
    return new TestTierContext<>(cacheName, newPosition, isAuthority, keyType, valueType, codec, trustedCodec,
        classLoader, entriesMayExpire, listener);
  }

  /** A copy with another trusted codec. */
  public TestTierContext<K, V> withTrustedCodec(Codec newCodec) {
    return new TestTierContext<>(cacheName, position, authority, keyType, valueType, codec, newCodec, classLoader,
        entriesMayExpire, listener);
  }

  /** A copy with another (untrusted-bytes) codec. */
  public TestTierContext<K, V> withCodec(Codec newCodec) {
    return new TestTierContext<>(cacheName, position, authority, keyType, valueType, newCodec, trustedCodec,
        classLoader, entriesMayExpire, listener);
  }

  @Override
  public String cacheName() {
    return cacheName;
  }

  @Override
  public int position() {
    return position;
  }

  @Override
  public boolean isAuthority() {
    return authority;
  }

  @Override
  public Class<K> keyType() {
    return keyType;
  }

  @Override
  public Class<V> valueType() {
    return valueType;
  }

  @Override
  public Codec codec() {
    return codec;
  }

  @Override
  public Codec trustedCodec() {
    return trustedCodec;
  }

  @Override
  public ClassLoader classLoader() {
    return classLoader;
  }

  @Override
  public boolean entriesMayExpire() {
    return entriesMayExpire;
  }

  @Override
  public TierListener<K, V> listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "TestTierContext[" + cacheName + ", position=" + position + ", authority=" + authority
        + ", mayExpire=" + entriesMayExpire + "]";
  }
}

package io.tiercache.spi;

/**
 * An entry as a tier holds it: the value, its absolute expiry time and the version the authority gave it.
 *
 * <ul>
 *   <li>Immutable: a tier may hand the same instance to many readers.</li>
 *   <li>{@link #expiresAt()} is in epoch milliseconds; {@link #NEVER} means eternal. A tier may still
 *       return an entry whose time has passed; the core decides what an expired entry means.</li>
 *   <li>{@link #version()} grows with every write of the key at the authority. A negative version marks
 *       a <em>reservation</em>: a placeholder a caching tier holds while a slower tier is read, never a
 *       value (see {@link #reservation(long)}).</li>
 * </ul>
 *
 * @param <V> the value type the tier holds
 */
public final class StoredEntry<V> {

  /** The expiry time of an entry that never expires. */
  public static final long NEVER = Long.MAX_VALUE;

  private final V value;
  private final long expiresAt;
  private final long version;

  private StoredEntry(V value, long expiresAt, long version) {
    this.value = value;
    this.expiresAt = expiresAt;
    this.version = version;
  }

  /** A value entry; {@code version} must be positive. */
  public static <V> StoredEntry<V> of(V value, long expiresAt, long version) {
    if (value == null) {
      throw new NullPointerException("value");
    }
    if (version <= 0) {
      throw new IllegalArgumentException("version must be positive: " + version);
    }
    return new StoredEntry<>(value, expiresAt, version);
  }

  /** A reservation placeholder identified by {@code token} (positive); it carries no value. */
  public static <V> StoredEntry<V> reservation(long token) {
    if (token <= 0) {
      throw new IllegalArgumentException("token must be positive: " + token);
    }
    return new StoredEntry<>(null, NEVER, -token);
  }

  /** The value, or {@code null} for a reservation. */
  public V value() {
    return value;
  }

  /** The absolute expiry time in epoch milliseconds, {@link #NEVER} if eternal. */
  public long expiresAt() {
    return expiresAt;
  }

  /** The version; negative for a reservation. */
  public long version() {
    return version;
  }

  /** Whether this is a reservation placeholder rather than a value. */
  public boolean isReservation() {
    return version < 0;
  }

  /** Whether the entry has expired at {@code nowMillis}. */
  public boolean isExpired(long nowMillis) {
    return expiresAt <= nowMillis;
  }

  /** The value if this is a value entry that has not expired at the wall clock now, else {@code null}. */
  public V liveValue() {
    return version > 0 && (expiresAt == NEVER || !isExpired(System.currentTimeMillis())) ? value : null;
  }

  /** The same value and version with another expiry time. */
  public StoredEntry<V> withExpiresAt(long newExpiresAt) {
    return newExpiresAt == expiresAt ? this : new StoredEntry<>(value, newExpiresAt, version);
  }

  /** The same value with another value representation (used by tiers that encode values). */
  public <W> StoredEntry<W> withValue(W newValue) {
    return new StoredEntry<>(newValue, expiresAt, version);
  }

  @Override
  public String toString() {
    return isReservation()
        ? "Reservation[" + (-version) + "]"
        : "StoredEntry[version=" + version + ", expiresAt=" + expiresAt + "]";
  }
}

package io.tiercache.internal.copy;

/**
 * Copies keys and values for store-by-value caches so that callers and the cache never share a
 * mutable object. Well-known immutable types are passed through.
 */
public interface Copier {

  /** The copier of store-by-reference caches: returns what it is given. */
  Copier IDENTITY = new Copier() {
    @Override
    public <T> T copy(T object) {
      return object;
    }

    @Override
    public boolean isIdentity() {
      return true;
    }
  };

  /**
   * An independent copy of {@code object}, or {@code object} itself if it is immutable.
   *
   * @throws IllegalArgumentException if the object cannot be copied (for example, it is not serializable)
   */
  <T> T copy(T object);

  /** Whether {@link #copy} always returns its argument. */
  default boolean isIdentity() {
    return false;
  }
}

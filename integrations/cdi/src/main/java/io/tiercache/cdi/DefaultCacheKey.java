package io.tiercache.cdi;

import java.io.Serializable;
import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The key under which the annotations store an entry when no key generator is named: the values of the
 * key parameters (those annotated {@code @CacheKey}, else all but the {@code @CacheValue} one), compared
 * with {@link Arrays#deepEquals}. Build one to read or change such an entry through the plain
 * {@code javax.cache} API:
 *
 * <pre>{@code
 * // @CacheResult(cacheName = "orders") Order find(String id, int version)
 * Order cached = (Order) manager.getCache("orders").get(DefaultCacheKey.of("o-42", 3));
 * }</pre>
 *
 * <p>Serializable, so store-by-value caches and byte-storing tiers hold it; the hash is computed on
 * demand, not stored, because some values (enums) hash differently in each JVM.
 */
public final class DefaultCacheKey implements GeneratedCacheKey, Serializable {

  private static final long serialVersionUID = 1L;

  private final Object[] parameters;

  private DefaultCacheKey(Object[] parameters) {
    this.parameters = parameters;
  }

  /**
   * The key of the given key parameter values.
   *
   * @param parameters the key parameters' values, in declaration order (copied)
   * @return the key
   */
  public static DefaultCacheKey of(Object... parameters) {
    return new DefaultCacheKey(parameters.clone());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DefaultCacheKey key && Arrays.deepEquals(parameters, key.parameters);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(parameters);
  }

  @Override
  public String toString() {
    return "CacheKey" + Arrays.deepToString(parameters);
  }
}

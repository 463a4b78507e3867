package io.tiercache.cdi.internal;

import java.io.Serializable;
import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The key the default generator makes: the key parameters' values, compared with
 * {@link Arrays#deepEquals} as the specification asks. Serializable so that store-by-value caches and
 * byte-storing tiers can hold it; the hash is not stored because some values (enums) hash differently in
 * each JVM.
 */
public final class DefaultGeneratedCacheKey implements GeneratedCacheKey, Serializable {

  private static final long serialVersionUID = 1L;

  private final Object[] parameters;

  /**
   * @param parameters the key parameters' values, in declaration order (copied)
   */
  public DefaultGeneratedCacheKey(Object... parameters) {
    this.parameters = parameters.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DefaultGeneratedCacheKey key && Arrays.deepEquals(parameters, key.parameters);
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

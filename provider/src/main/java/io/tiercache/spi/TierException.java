package io.tiercache.spi;

import javax.cache.CacheException;

/**
 * A tier could not do what it was asked: unreachable, timed out, corrupt data. A
 * {@link CacheException}, so it reaches the caller of a cache operation as the JCache specification
 * says failures do.
 */
public class TierException extends CacheException {

  private static final long serialVersionUID = 1L;

  public TierException(String message) {
    super(message);
  }

  public TierException(String message, Throwable cause) {
    super(message, cause);
  }
}

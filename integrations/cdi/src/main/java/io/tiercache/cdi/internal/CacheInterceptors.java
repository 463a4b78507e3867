package io.tiercache.cdi.internal;

import jakarta.interceptor.Interceptor;
import java.lang.reflect.UndeclaredThrowableException;
import javax.cache.Cache;

/** Constants and helpers of the four interceptors. */
final class CacheInterceptors {

  /**
   * The interceptors' priority: early among library interceptors, so that caching wraps what the
   * application's own interceptors (transactions, validation, ...) do.
   */
  static final int PRIORITY = Interceptor.Priority.LIBRARY_BEFORE + 100;

  private CacheInterceptors() {}

  /** Stores the value, or removes the entry when the value is null (a cache holds no nulls). */
  static void put(Cache<Object, Object> cache, Object key, Object value) {
    if (value == null) {
      cache.remove(key);
    } else {
      cache.put(key, value);
    }
  }

  /** A cached exception as something the interceptor may throw. */
  static Exception rethrowable(Throwable cached) {
    if (cached instanceof Error error) {
      throw error;
    }
    if (cached instanceof Exception exception) {
      return exception;
    }
    return new UndeclaredThrowableException(cached);
  }
}

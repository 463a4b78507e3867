package io.tiercache.cdi.internal;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@code @CacheResult}: answers from the cache when it holds the key (or rethrows a cached exception),
 * else calls the method and stores a non-null result (or, with an exception cache, the exception the
 * filters admit). {@code skipGet} always calls the method and stores its result.
 */
@CacheResult
@Interceptor
@Priority(CacheInterceptors.PRIORITY)
public class CacheResultInterceptor implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject
  CacheInterceptorSupport support;

  /**
   * Intercepts a call.
   *
   * @param context the call
   * @return the cached or computed result
   * @throws Exception what the method threw, or a cached exception
   */
  @AroundInvoke
  public Object cacheResult(InvocationContext context) throws Exception {
    MethodDetails<?> details = support.details(context);
    if (details == null || details.operation() != CacheOperation.RESULT) {
      return context.proceed();
    }
    CacheResult annotation = (CacheResult) details.getCacheAnnotation();
    Invocation<?> invocation = details.invocation(context.getTarget(), context.getParameters());
    Cache<Object, Object> cache = details.cacheResolver().resolveCache(invocation);
    Cache<Object, Throwable> exceptionCache = details.exceptionCacheResolver() == null
        ? null : details.exceptionCacheResolver().resolveCache(invocation);
    GeneratedCacheKey key = details.keyGenerator().generateCacheKey(invocation);

    if (!annotation.skipGet()) {
      Object cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
      if (exceptionCache != null) {
        Throwable thrown = exceptionCache.get(key);
        if (thrown != null) {
          throw CacheInterceptors.rethrowable(thrown);
        }
      }
    }
    Object result;
    try {
      result = context.proceed();
    } catch (Throwable thrown) {
      if (exceptionCache != null && ExceptionFilter.includes(thrown, annotation.cachedExceptions(),
          annotation.nonCachedExceptions(), true)) {
        exceptionCache.put(key, thrown);
      }
      throw thrown;
    }
    if (result != null) {
      cache.put(key, result);
    }
    return result;
  }
}

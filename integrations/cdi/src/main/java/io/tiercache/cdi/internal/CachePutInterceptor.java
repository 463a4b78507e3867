package io.tiercache.cdi.internal;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@code @CachePut}: stores the {@code @CacheValue} argument under the key, after a call that returned
 * (or threw an exception admitted by {@code cacheFor}/{@code noCacheFor}), or before the call with
 * {@code afterInvocation = false}. A null value removes the entry.
 */
@CachePut
@Interceptor
@Priority(CacheInterceptors.PRIORITY)
public class CachePutInterceptor implements Serializable {

  private static final long serialVersionUID = 1L;

  @Inject
  CacheInterceptorSupport support;

  /**
   * Intercepts a call.
   *
   * @param context the call
   * @return the method's result
   * @throws Exception what the method threw
   */
  @AroundInvoke
  public Object cachePut(InvocationContext context) throws Exception {
    MethodDetails<?> details = support.details(context);
    if (details == null || details.operation() != CacheOperation.PUT) {
      return context.proceed();
    }
    CachePut annotation = (CachePut) details.getCacheAnnotation();
    Invocation<?> invocation = details.invocation(context.getTarget(), context.getParameters());
    Cache<Object, Object> cache = details.cacheResolver().resolveCache(invocation);
    GeneratedCacheKey key = details.keyGenerator().generateCacheKey(invocation);
    Object value = invocation.getValueParameter().getValue();

    if (!annotation.afterInvocation()) {
      CacheInterceptors.put(cache, key, value);
      return context.proceed();
    }
    Object result;
    try {
      result = context.proceed();
    } catch (Throwable thrown) {
      if (ExceptionFilter.includes(thrown, annotation.cacheFor(), annotation.noCacheFor(), false)) {
        CacheInterceptors.put(cache, key, value);
      }
      throw thrown;
    }
    CacheInterceptors.put(cache, key, value);
    return result;
  }
}

package io.tiercache.cdi.internal;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import javax.cache.Cache;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@code @CacheRemove}: removes the key, after a call that returned (or threw an exception admitted by
 * {@code evictFor}/{@code noEvictFor}), or before the call with {@code afterInvocation = false}.
 */
@CacheRemove
@Interceptor
@Priority(CacheInterceptors.PRIORITY)
public class CacheRemoveInterceptor implements Serializable {

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
  public Object cacheRemove(InvocationContext context) throws Exception {
    MethodDetails<?> details = support.details(context);
    if (details == null || details.operation() != CacheOperation.REMOVE) {
      return context.proceed();
    }
    CacheRemove annotation = (CacheRemove) details.getCacheAnnotation();
    Invocation<?> invocation = details.invocation(context.getTarget(), context.getParameters());
    Cache<Object, Object> cache = details.cacheResolver().resolveCache(invocation);
    GeneratedCacheKey key = details.keyGenerator().generateCacheKey(invocation);

    if (!annotation.afterInvocation()) {
      cache.remove(key);
      return context.proceed();
    }
    Object result;
    try {
      result = context.proceed();
    } catch (Throwable thrown) {
      if (ExceptionFilter.includes(thrown, annotation.evictFor(), annotation.noEvictFor(), false)) {
        cache.remove(key);
      }
      throw thrown;
    }
    cache.remove(key);
    return result;
  }
}

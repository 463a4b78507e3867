package io.tiercache.cdi.internal;

import java.lang.annotation.Annotation;
import java.util.function.Supplier;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * The resolver factory used when neither the annotation nor {@code @CacheDefaults} names one: caches by
 * name in the application's {@link CacheManager} (see {@link CacheInterceptorSupport#cacheManager()}).
 */
final class TieredCacheResolverFactory implements CacheResolverFactory {

  private final Supplier<CacheManager> cacheManager;

  TieredCacheResolverFactory(Supplier<CacheManager> cacheManager) {
    this.cacheManager = cacheManager;
  }

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> cacheMethodDetails) {
    return new NamedCacheResolver(cacheMethodDetails.getCacheName(), cacheManager);
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> cacheMethodDetails) {
    return new NamedCacheResolver(cacheMethodDetails.getCacheAnnotation().exceptionCacheName(), cacheManager);
  }
}

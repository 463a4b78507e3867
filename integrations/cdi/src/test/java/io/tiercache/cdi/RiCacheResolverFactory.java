package io.tiercache.cdi;

import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;

/**
 * A resolver factory of the application's own (no CDI bean): caches of the JSR-107 reference
 * implementation, the second provider on the test classpath.
 */
public class RiCacheResolverFactory implements CacheResolverFactory {

  static final String RI_PROVIDER = "org.jsr107.ri.spi.RICachingProvider";

  static CacheManager manager() {
    return Caching.getCachingProvider(RI_PROVIDER).getCacheManager();
  }

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    return resolverOf(details.getCacheName());
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    return resolverOf(details.getCacheAnnotation().exceptionCacheName());
  }

  private static CacheResolver resolverOf(String name) {
    return new CacheResolver() {
      @Override
      @SuppressWarnings("unchecked")
      public <K, V> Cache<K, V> resolveCache(
          javax.cache.annotation.CacheInvocationContext<? extends Annotation> context) {
        Cache<K, V> cache = manager().getCache(name);
        return cache != null ? cache : (Cache<K, V>) manager().createCache(name, new MutableConfiguration<>());
      }
    };
  }
}

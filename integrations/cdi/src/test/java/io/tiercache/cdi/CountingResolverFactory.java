package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.annotation.Annotation;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/** A resolver factory that is a CDI bean and counts how often it is asked; resolves existing tiercache caches. */
@ApplicationScoped
public class CountingResolverFactory implements CacheResolverFactory {

  private final AtomicInteger asked = new AtomicInteger();

  public int asked() {
    return asked.get();
  }

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    asked.incrementAndGet();
    String name = details.getCacheName();
    return new CacheResolver() {
      @Override
      public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
        return Containers.defaultManager().getCache(name);
      }
    };
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    throw new UnsupportedOperationException("no exception caching here");
  }
}

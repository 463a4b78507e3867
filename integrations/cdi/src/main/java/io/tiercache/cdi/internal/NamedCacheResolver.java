package io.tiercache.cdi.internal;

import java.lang.annotation.Annotation;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheResolver;
import javax.cache.configuration.MutableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves one cache by name in the cache manager, creating it with a plain {@link MutableConfiguration}
 * when missing (tiercache then applies the declared configuration: the cache's own entry, a matching
 * template or the defaults). The cache is kept until it is closed or destroyed, then resolved again.
 */
final class NamedCacheResolver implements CacheResolver {

  private static final Logger LOG = LoggerFactory.getLogger(NamedCacheResolver.class);

  private final String cacheName;
  private final Supplier<CacheManager> cacheManager;
  private volatile Cache<Object, Object> cache;

  NamedCacheResolver(String cacheName, Supplier<CacheManager> cacheManager) {
    this.cacheName = cacheName;
    this.cacheManager = cacheManager;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
    Cache<Object, Object> current = cache;
    if (current == null || current.isClosed()) {
      current = lookUpOrCreate(cacheManager.get());
      cache = current;
    }
    return (Cache<K, V>) current;
  }

  private Cache<Object, Object> lookUpOrCreate(CacheManager manager) {
    Cache<Object, Object> found = manager.getCache(cacheName);
    if (found != null) {
      return found;
    }
    try {
      Cache<Object, Object> created = manager.createCache(cacheName, new MutableConfiguration<>());
      LOG.debug("Created cache {} in {}", cacheName, manager.getURI());
      return created;
    } catch (CacheException e) {
      // another thread created it in between
      found = manager.getCache(cacheName);
      if (found == null) {
        throw e;
      }
      return found;
    }
  }

  @Override
  public String toString() {
    return "NamedCacheResolver[" + cacheName + "]";
  }
}

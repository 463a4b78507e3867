package io.tiercache.cdi;

import jakarta.enterprise.context.Dependent;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheValue;

/** A resolver factory named by the class defaults; a dependent bean. */
@Dependent
@CacheDefaults(cacheName = "ri-defaults", cacheResolverFactory = RiCacheResolverFactory.class)
public class RiCatalog {

  @CachePut
  public void store(String id, @CacheValue String value) {}
}

package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheResult;

/** Class defaults: a cache name and a key generator that is a CDI bean; methods override them. */
@ApplicationScoped
@CacheDefaults(cacheName = "catalog-defaults", cacheKeyGenerator = PrefixKeyGenerator.class)
public class Catalog {

  private final AtomicInteger calls = new AtomicInteger();

  public int calls() {
    return calls.get();
  }

  @CacheResult
  public String describe(String id, int version) {
    return id + " v" + version + " #" + calls.incrementAndGet();
  }

  @CacheResult(cacheKeyGenerator = UpperCaseKeyGenerator.class)
  public String upper(String id) {
    return id + " #" + calls.incrementAndGet();
  }

  @CacheResult(cacheName = "ri-cache", cacheResolverFactory = RiCacheResolverFactory.class)
  public String viaReferenceImplementation(String id) {
    return id + " #" + calls.incrementAndGet();
  }
}

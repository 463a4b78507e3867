package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/** {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll} on one cache named by {@code @CacheDefaults}. */
@ApplicationScoped
@CacheDefaults(cacheName = "inventory")
public class Inventory {

  private final AtomicInteger reads = new AtomicInteger();

  public int reads() {
    return reads.get();
  }

  @CacheResult
  public String item(String sku) {
    return "loaded " + sku + " #" + reads.incrementAndGet();
  }

  @CachePut
  public void store(String sku, @CacheValue String item) {}

  @CachePut
  public String storeReturning(@CacheKey String sku, @CacheValue String item, String failure) {
    if (failure != null) {
      throw (RuntimeException) Failures.of(failure);
    }
    return "stored";
  }

  @CachePut(cacheFor = IllegalArgumentException.class)
  public void storeFor(@CacheKey String sku, @CacheValue String item, String failure) {
    throw (RuntimeException) Failures.of(failure);
  }

  @CachePut(noCacheFor = IllegalStateException.class)
  public void storeUnless(@CacheKey String sku, @CacheValue String item, String failure) {
    throw (RuntimeException) Failures.of(failure);
  }

  @CachePut(afterInvocation = false)
  public void storeFirst(@CacheKey String sku, @CacheValue String item, String failure) {
    throw (RuntimeException) Failures.of(failure);
  }

  @CacheRemove
  public void remove(@CacheKey String sku, String failure) {
    if (failure != null) {
      throw (RuntimeException) Failures.of(failure);
    }
  }

  @CacheRemove(evictFor = IllegalArgumentException.class)
  public void removeFor(@CacheKey String sku, String failure) {
    throw (RuntimeException) Failures.of(failure);
  }

  @CacheRemove(noEvictFor = IllegalStateException.class)
  public void removeUnless(@CacheKey String sku, String failure) {
    throw (RuntimeException) Failures.of(failure);
  }

  @CacheRemove(afterInvocation = false)
  public void removeFirst(@CacheKey String sku, String failure) {
    throw (RuntimeException) Failures.of(failure);
  }

  @CacheRemoveAll
  public void clear(String failure) {
    if (failure != null) {
      throw (RuntimeException) Failures.of(failure);
    }
  }

  @CacheRemoveAll(evictFor = IllegalArgumentException.class, noEvictFor = NumberFormatException.class)
  public void clearFor(String failure) {
    throw (RuntimeException) Failures.of(failure);
  }

  @CacheRemoveAll(afterInvocation = false)
  public void clearFirst(String failure) {
    throw (RuntimeException) Failures.of(failure);
  }

  @CacheRemoveAll(cacheName = "elsewhere")
  public void clearElsewhere() {}
}

package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/** {@code @CacheResult} with an exception cache: each call throws what {@code failure} names. */
@ApplicationScoped
public class Lookups {

  private final AtomicInteger calls = new AtomicInteger();

  public int calls() {
    return calls.get();
  }

  @CacheResult(cacheName = "lookups", exceptionCacheName = "lookup-failures")
  public String anyFailure(@CacheKey String key, String failure) throws Exception {
    calls.incrementAndGet();
    throw failure(failure, key);
  }

  @CacheResult(cacheName = "lookups", exceptionCacheName = "lookup-failures",
      cachedExceptions = RuntimeException.class, nonCachedExceptions = IllegalArgumentException.class)
  public String filtered(@CacheKey String key, String failure) throws Exception {
    calls.incrementAndGet();
    throw failure(failure, key);
  }

  @CacheResult(cacheName = "lookups", exceptionCacheName = "lookup-failures",
      nonCachedExceptions = IOException.class)
  public String excludedOnly(@CacheKey String key, String failure) throws Exception {
    calls.incrementAndGet();
    throw failure(failure, key);
  }

  @CacheResult(cacheName = "lookups")
  public String withoutExceptionCache(String key) {
    calls.incrementAndGet();
    throw new IllegalStateException("no " + key);
  }

  @CacheResult(cacheName = "lookups", exceptionCacheName = "lookup-failures", skipGet = true)
  public String skipGet(@CacheKey String key, String failure) throws Exception {
    calls.incrementAndGet();
    if (failure == null) {
      return "found " + key;
    }
    throw failure(failure, key);
  }

  static Exception failure(String kind, String key) {
    return switch (kind) {
      case "state" -> new IllegalStateException("no " + key);
      case "argument" -> new IllegalArgumentException("bad " + key);
      case "io" -> new IOException("unreachable " + key);
      default -> throw new AssertionError(kind);
    };
  }
}

package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheValue;

/** {@code @CachePut} on the class: a method without a {@code @CacheValue} parameter cannot be served. */
@ApplicationScoped
@CachePut(cacheName = "class-put")
public class ClassLevelPut {

  public void store(String key, @CacheValue String value) {}

  public void noValue(String key) {}
}

package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CachePut;

/** Invalid: {@code @CachePut} without a {@code @CacheValue} parameter. */
@ApplicationScoped
public class PutWithoutValue {

  @CachePut(cacheName = "nowhere")
  public void put(String key, String value) {}
}

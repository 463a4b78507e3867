package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheResult;

/** A method whose resolver factory counts how often it is asked. */
@ApplicationScoped
public class Counted {

  @CacheResult(cacheName = "counted", cacheResolverFactory = CountingResolverFactory.class)
  public String value(String key) {
    return "value " + key;
  }
}

package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/** Invalid: two cache annotations on one method. */
@ApplicationScoped
public class TwoAnnotations {

  @CacheResult
  @CacheRemove
  public String both(String key) {
    return key;
  }
}

package io.tiercache.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import javax.cache.CacheManager;

/** A second {@code CacheManager} bean with the default qualifier: the annotations cannot choose. */
@Dependent
public class SecondCacheManager {

  @Produces
  CacheManager another() {
    return AppCacheManager.open();
  }
}

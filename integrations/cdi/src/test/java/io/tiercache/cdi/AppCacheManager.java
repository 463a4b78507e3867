package io.tiercache.cdi;

import io.tiercache.TieredCachingProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import javax.cache.CacheManager;
import javax.cache.Caching;

/** How an application hands its own cache manager to the annotations: a producer of {@code CacheManager}. */
@ApplicationScoped
public class AppCacheManager {

  static final URI CONFIG = URI.create("classpath:tiercache-cdi-app.yaml");

  static CacheManager open() {
    return Caching.getCachingProvider(TieredCachingProvider.class.getName())
        .getCacheManager(CONFIG, AppCacheManager.class.getClassLoader());
  }

  @Produces
  @ApplicationScoped
  CacheManager cacheManager() {
    return open();
  }

  void close(@Disposes CacheManager manager) {
    manager.close();
  }
}

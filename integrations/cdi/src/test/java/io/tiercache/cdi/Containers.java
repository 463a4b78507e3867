package io.tiercache.cdi;

import io.tiercache.TieredCachingProvider;
import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** Weld SE containers holding just the given bean classes, and the caches the tests look into. */
final class Containers {

  private Containers() {}

  /**
   * A container of the given classes (the test classes hold no {@code beans.xml}, so the scan finds no
   * other bean archive); the extension comes from {@code META-INF/services}, as it does for applications.
   */
  static WeldContainer start(Class<?>... beanClasses) {
    return new Weld().addBeanClasses(beanClasses).initialize();
  }

  /** The default cache manager of the tiercache provider: where caches go without a CacheManager bean. */
  static CacheManager defaultManager() {
    return Caching.getCachingProvider(TieredCachingProvider.class.getName()).getCacheManager();
  }

  /** Destroys every cache of the default manager, so that each test starts empty. */
  static void destroyCaches() {
    CacheManager manager = defaultManager();
    List<String> names = new ArrayList<>();
    manager.getCacheNames().forEach(names::add);
    names.forEach(manager::destroyCache);
  }
}

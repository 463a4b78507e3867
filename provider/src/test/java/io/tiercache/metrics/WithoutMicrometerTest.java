package io.tiercache.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.TieredCachingProvider;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/** Micrometer is optional: without it on the class path caches work and nothing tries to bind them. */
class WithoutMicrometerTest {

  /**
   * Loads tiercache's own classes itself (so they link against what it can see) and hides Micrometer;
   * everything else, the JCache API included, comes from the test's class loader.
   */
  private static final class HidingMicrometer extends URLClassLoader {

    HidingMicrometer(ClassLoader parent) {
      super(new URL[] {location(TieredCachingProvider.class), location(WithoutMicrometerTest.class)}, parent);
    }

    private static URL location(Class<?> type) {
      return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("io.micrometer.")) {
        throw new ClassNotFoundException(name + " is hidden");
      }
      if (!name.startsWith("io.tiercache.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = findClass(name);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }

  @Test
  void cachesWorkAndAreNotBoundWhenMicrometerIsMissing() throws Exception {
    try (HidingMicrometer loader = new HidingMicrometer(getClass().getClassLoader())) {
      assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.Metrics"))
          .isInstanceOf(ClassNotFoundException.class);
      CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName(), loader);
      assertThat(provider.getClass().getClassLoader()).as("the provider loaded without Micrometer").isSameAs(loader);
      try {
        CacheManager manager = provider.getCacheManager(URI.create("test:without-micrometer"), loader);
        Cache<Integer, String> cache = manager.createCache("numbers", new MutableConfiguration<Integer, String>()
            .setTypes(Integer.class, String.class).setStatisticsEnabled(true));
        cache.put(1, "one");
        assertThat(cache.get(1)).isEqualTo("one");
        cache.close();
        manager.destroyCache("numbers");

        Class<?> hook = loader.loadClass("io.tiercache.metrics.internal.MetricsHook");
        assertThat(hook.getMethod("enabled", Properties.class).invoke(null, new Properties()))
            .as("binding enabled").isEqualTo(false);
      } finally {
        provider.close();
      }
    }
  }
}

package io.tiercache.metrics.internal;

import io.tiercache.internal.TieredCache;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the cache manager binds its caches to Micrometer's global registry. Refers to no Micrometer
 * type: the provider loads it whether or not Micrometer is on the class path, and
 * {@link GlobalRegistryBinding} only when it is.
 */
public final class MetricsHook {

  /**
   * The property that turns the automatic binding off when {@code false}: a property of the cache
   * manager ({@code getCacheManager(uri, loader, properties)}), else the system property.
   */
  public static final String PROPERTY = "tiercache.metrics";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsHook.class);
  private static final boolean MICROMETER_PRESENT = micrometerPresent();
  private static final Runnable NOTHING = () -> { };

  private MetricsHook() {
  }

  private static boolean micrometerPresent() {
    try {
      Class.forName("io.micrometer.core.instrument.Metrics", false, MetricsHook.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether the caches of a cache manager with {@code managerProperties} are bound to the global
   * registry: Micrometer is on the class path and {@value #PROPERTY} is not {@code false}.
   */
  public static boolean enabled(Properties managerProperties) {
    if (!MICROMETER_PRESENT) {
      return false;
    }
    String value = managerProperties.getProperty(PROPERTY, System.getProperty(PROPERTY, "true"));
    return !"false".equalsIgnoreCase(value.trim());
  }

  /**
   * Binds {@code cache}'s meters to Micrometer's global registry; returns what removes them. A failure
   * is logged, never thrown: metrics must not stop a cache from being created.
   */
  public static Runnable bind(TieredCache<?, ?> cache) {
    try {
      return GlobalRegistryBinding.bind(cache);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Cache {}: could not publish its meters to Micrometer's global registry", cache.getName(), e);
      return NOTHING;
    }
  }

  /** Runs an unbinding returned by {@link #bind}; a failure is logged, never thrown. */
  public static void unbind(TieredCache<?, ?> cache, Runnable unbinding) {
    try {
      unbinding.run();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Cache {}: could not remove its meters from Micrometer's global registry", cache.getName(), e);
    }
  }
}

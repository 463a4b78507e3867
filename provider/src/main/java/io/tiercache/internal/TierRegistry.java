package io.tiercache.internal;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.TierFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import javax.cache.CacheException;

/** The tier factories visible to one class loader, found with {@link ServiceLoader}, by kind. */
final class TierRegistry {

  private final Map<String, TierFactory> factories = new TreeMap<>();

  TierRegistry(ClassLoader classLoader) {
    load(ServiceLoader.load(TierFactory.class, classLoader));
    load(ServiceLoader.load(TierFactory.class, TierRegistry.class.getClassLoader()));
  }

  private void load(ServiceLoader<TierFactory> loader) {
    for (TierFactory factory : loader) {
      factories.putIfAbsent(factory.kind(), factory);
    }
  }

  /** The factory for the spec's kind, its spec checked. */
  TierFactory factoryFor(TierSpec spec) {
    TierFactory factory = factories.get(spec.kind());
    if (factory == null) {
      throw new CacheException("Unknown tier kind '" + spec.kind() + "'; available: " + factories.keySet()
          + " (a tier kind needs its tiercache module on the classpath)");
    }
    try {
      factory.validate(spec);
    } catch (IllegalArgumentException e) {
      throw new CacheException("Invalid " + spec.kind() + " tier: " + e.getMessage(), e);
    }
    return factory;
  }
}

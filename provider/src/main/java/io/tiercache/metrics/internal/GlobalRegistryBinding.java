package io.tiercache.metrics.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.tiercache.internal.TieredCache;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds a cache to {@link Metrics#globalRegistry}; loaded only when Micrometer is on the class path. */
final class GlobalRegistryBinding {

  private static final Logger LOG = LoggerFactory.getLogger(GlobalRegistryBinding.class);

  private GlobalRegistryBinding() {
  }

  /**
   * Registers the cache's meters and returns what removes them. A cache whose name and manager URI
   * are already published (a cache manager of the same URI under another class loader) is left
   * out: its meters would be the other cache's, and removing them would remove the other's.
   */
  static Runnable bind(TieredCache<?, ?> cache) {
    MeterRegistry registry = Metrics.globalRegistry;
    Tags tags = CacheMeters.tags(cache, Tags.empty());
    if (registry.find("cache.gets").tags(tags).meter() != null) {
      LOG.info("Cache {} of {}: another open cache of that name and cache manager URI already publishes its"
          + " meters to the global registry, so this one does not", cache.getName(), cache.getCacheManager().getURI());
      return () -> { };
    }
    List<Meter> meters = CacheMeters.register(registry, cache, Tags.empty());
    return () -> {
      for (Meter meter : meters) {
        registry.remove(meter);
      }
    };
  }
}

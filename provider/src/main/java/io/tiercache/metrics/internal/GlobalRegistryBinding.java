package io.tiercache.metrics.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.tiercache.internal.TieredCache;
import java.util.List;

/** Binds a cache to {@link Metrics#globalRegistry}; loaded only when Micrometer is on the class path. */
final class GlobalRegistryBinding {

  private GlobalRegistryBinding() {
  }

  static Runnable bind(TieredCache<?, ?> cache) {
    MeterRegistry registry = Metrics.globalRegistry;
    List<Meter> meters = CacheMeters.register(registry, cache, Tags.empty());
    return () -> {
      for (Meter meter : meters) {
        registry.remove(meter);
      }
    };
  }
}

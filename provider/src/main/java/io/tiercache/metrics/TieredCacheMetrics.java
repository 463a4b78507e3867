package io.tiercache.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tiercache.internal.TieredCache;
import io.tiercache.metrics.internal.CacheMeters;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for one tiercache cache, tagged {@code cache} and {@code cacheManager} (the
 * manager's URI) plus the given tags:
 * <ul>
 *   <li>{@code cache.gets} ({@code result=hit|miss}), {@code cache.puts}, {@code cache.removals},
 *       {@code cache.evictions}: the JCache statistics, named as Micrometer's cache binders name them;</li>
 *   <li>{@code tiercache.tier.gets} ({@code tier}, {@code result=hit|miss}) and {@code tiercache.tier.errors}
 *       ({@code tier}): the lookups at each tier;</li>
 *   <li>{@code tiercache.tier.lookup} ({@code tier}): a function timer, the count and total time of
 *       each tier's lookups;</li>
 *   <li>{@code tiercache.tier.lookup.latency} ({@code tier}, {@code phi=0.5|0.99|0.999}): lookup latency
 *       percentiles since the cache started;</li>
 *   <li>{@code tiercache.tier.circuit.open} ({@code tier}): 1 while the tier's circuit breaker refuses
 *       calls, else 0 (live, even with statistics off).</li>
 * </ul>
 * The meters read the counters the cache keeps for its JCache statistics, so they move only while
 * statistics are enabled ({@code setStatisticsEnabled(true)}, YAML {@code statistics: true}) and
 * cost the cache nothing more. With Micrometer on the class path every cache is also bound to
 * {@code Metrics.globalRegistry} while it is open, unless the system property or cache manager
 * property {@code tiercache.metrics} is {@code false}.
 */
public final class TieredCacheMetrics implements MeterBinder {

  private static final Logger LOG = LoggerFactory.getLogger(TieredCacheMetrics.class);

  private final TieredCache<?, ?> cache;
  private final Iterable<Tag> tags;

  /**
   * Meters for {@code cache}, a cache of the tiercache provider.
   *
   * @throws IllegalArgumentException if {@code cache} is not a tiercache cache
   */
  public TieredCacheMetrics(Cache<?, ?> cache, Iterable<Tag> tags) {
    this.cache = Objects.requireNonNull(cache, "cache").unwrap(TieredCache.class);
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /** Binds the meters of {@code cache} to {@code registry}; {@code tags} are key-value pairs. */
  public static <K, V, C extends Cache<K, V>> C monitor(MeterRegistry registry, C cache, String... tags) {
    return monitor(registry, cache, Tags.of(tags));
  }

  /** Binds the meters of {@code cache} to {@code registry}. */
  public static <K, V, C extends Cache<K, V>> C monitor(MeterRegistry registry, C cache, Iterable<Tag> tags) {
    new TieredCacheMetrics(cache, tags).bindTo(registry);
    return cache;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    if (!cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled()) {
      LOG.info("Cache {}: statistics are disabled, so its meters stay at 0 until they are enabled", cache.getName());
    }
    CacheMeters.register(registry, cache, tags);
  }
}

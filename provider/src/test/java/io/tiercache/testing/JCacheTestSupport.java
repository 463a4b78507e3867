package io.tiercache.testing;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the tests that use tiercache through the plain {@code javax.cache} API: one cache manager
 * per test class URI, opened before and closed after each test, caches named after the test.
 */
public abstract class JCacheTestSupport {

  /** The provider under test, named explicitly so that no other provider on the class path answers. */
  public static final String PROVIDER = "io.tiercache.TieredCachingProvider";

  private final AtomicInteger cacheCount = new AtomicInteger();
  protected CacheManager manager;
  private String testName;

  @BeforeEach
  void openCacheManager(TestInfo info) {
    testName = info.getTestMethod().map(method -> method.getName()).orElse("test");
    manager = Caching.getCachingProvider(PROVIDER)
        .getCacheManager(URI.create("test:" + getClass().getName()), getClass().getClassLoader());
  }

  @AfterEach
  void closeCacheManager() {
    if (manager != null) {
      manager.close();
    }
  }

  /** A new cache with a name unique within the test. */
  protected <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(C configuration) {
    return manager.createCache(testName + "-" + cacheCount.incrementAndGet(), configuration);
  }

  /** A listener configuration that hands the cache {@code listener} itself. */
  protected static <K, V> MutableCacheEntryListenerConfiguration<K, V> listenerConfiguration(
      RecordingListener<K, V> listener, boolean oldValueRequired, boolean synchronous) {
    return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(listener), null,
        oldValueRequired, synchronous);
  }

  /** A listener configuration with a filter. */
  protected static <K, V> MutableCacheEntryListenerConfiguration<K, V> listenerConfiguration(
      RecordingListener<K, V> listener, SerializableFilter<K, V> filter, boolean oldValueRequired,
      boolean synchronous) {
    return new MutableCacheEntryListenerConfiguration<>(FactoryBuilder.factoryOf(listener),
        FactoryBuilder.factoryOf(filter), oldValueRequired, synchronous);
  }

  /** A filter that can be handed to {@link FactoryBuilder#factoryOf(java.io.Serializable)}. */
  @FunctionalInterface
  public interface SerializableFilter<K, V> extends CacheEntryEventFilter<K, V>, java.io.Serializable {
  }

  // ------------------------------------------------------------------ statistics over JMX

  /** The spec's ObjectName of the statistics MXBean of {@code cache}. */
  protected ObjectName statisticsName(Cache<?, ?> cache) {
    try {
      return new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
          + safe(manager.getURI().toString()) + ",Cache=" + safe(cache.getName()));
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String safe(String value) {
    return value.replaceAll("[:=,\n]", ".");
  }

  /** The statistics MXBean of {@code cache}, as a JMX client sees it. */
  protected CacheStatisticsMXBean statisticsBean(Cache<?, ?> cache) {
    return JMX.newMXBeanProxy(platformServer(), statisticsName(cache), CacheStatisticsMXBean.class);
  }

  /** The counters of {@code cache}, read over JMX. */
  protected Counts counts(Cache<?, ?> cache) {
    CacheStatisticsMXBean bean = statisticsBean(cache);
    return new Counts(bean.getCacheHits(), bean.getCacheMisses(), bean.getCacheGets(), bean.getCachePuts(),
        bean.getCacheRemovals(), bean.getCacheEvictions());
  }

  protected static MBeanServer platformServer() {
    return ManagementFactory.getPlatformMBeanServer();
  }

  /** A snapshot of the JCache counters. */
  public record Counts(long hits, long misses, long gets, long puts, long removals, long evictions) {

    /** Counts with these hits, misses, puts and removals (gets = hits + misses, no evictions). */
    public static Counts of(long hits, long misses, long puts, long removals) {
      return new Counts(hits, misses, hits + misses, puts, removals, 0);
    }

    @Override
    public String toString() {
      return "hits=" + hits + " misses=" + misses + " gets=" + gets + " puts=" + puts + " removals=" + removals
          + " evictions=" + evictions;
    }
  }
}

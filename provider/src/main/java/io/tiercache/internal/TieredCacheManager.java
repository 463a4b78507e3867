package io.tiercache.internal;

import io.tiercache.TieredCachingProvider;
import io.tiercache.codec.Codec;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import io.tiercache.internal.codec.AllowList;
import io.tiercache.internal.codec.JavaSerializationCodec;
import io.tiercache.internal.config.CacheDefinition;
import io.tiercache.internal.config.ConfigLoader;
import io.tiercache.internal.config.Connection;
import io.tiercache.internal.config.TiercacheConfig;
import io.tiercache.internal.copy.Copier;
import io.tiercache.internal.copy.SerializingCopier;
import io.tiercache.internal.heap.HeapTierFactory;
import io.tiercache.metrics.internal.MetricsHook;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierFactory;
import io.tiercache.spi.TierListener;
import io.tiercache.spi.TierLocality;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.spi.CachingProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tiercache {@link CacheManager}: one per (URI, class loader) of a provider. */
public final class TieredCacheManager implements CacheManager {

  private static final Logger LOG = LoggerFactory.getLogger(TieredCacheManager.class);
  private static final AtomicInteger MANAGER_IDS = new AtomicInteger();

  /** The system property naming the configuration file of the default cache manager. */
  public static final String CONFIG_PROPERTY = "tiercache.config";

  private final TieredCachingProvider provider;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final ConcurrentMap<String, TieredCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final TierRegistry registry;
  private final TiercacheConfig declared;
  private final ExecutorService executor;
  /** Whether caches are bound to Micrometer's global registry; the unbinding of each bound cache. */
  private final boolean metrics;
  private final Map<TieredCache<?, ?>, Runnable> meterBindings = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public TieredCacheManager(TieredCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = new WeakReference<>(classLoader);
    this.properties = properties == null ? new Properties() : properties;
    this.registry = new TierRegistry(classLoader);
    this.declared = ConfigLoader.load(configurationUri(uri), classLoader);
    this.executor = Executors.newCachedThreadPool(daemonThreads("tiercache-" + MANAGER_IDS.incrementAndGet()));
    this.metrics = MetricsHook.enabled(this.properties);
    try {
      for (String cacheName : declared.caches().keySet()) {
        createCache(cacheName, declared.configurationFor(cacheName).orElseThrow());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The URI of the configuration file: the manager's own URI, or for the default URI the file named
   * by the system property {@value #CONFIG_PROPERTY}, if set.
   */
  private static URI configurationUri(URI uri) {
    String property = System.getProperty(CONFIG_PROPERTY);
    if (uri.toString().equals(TieredCachingProvider.DEFAULT_URI) && property != null && !property.isBlank()) {
      return URI.create(property.trim());
    }
    return uri;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader.get();
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("A cache named " + cacheName + " already exists in " + uri);
      }
      return register(cacheName, toTiered(cacheName, configuration));
    }
  }

  /** Builds the cache, makes it known and binds its meters; the caller holds the lock on {@link #caches}. */
  private <K, V> TieredCache<K, V> register(String cacheName, TieredConfiguration<K, V> configuration) {
    TieredCache<K, V> cache = build(cacheName, configuration);
    caches.put(cacheName, cache);
    if (metrics) {
      meterBindings.put(cache, MetricsHook.bind(cache));
    }
    return cache;
  }

  /**
   * The configuration a cache is built from. A {@link TieredConfiguration} that names tiers is taken
   * as it is. Otherwise (a plain JCache configuration, as Hibernate and Spring pass) the declared
   * configuration for the name — the cache's own entry, else the first matching template, else the
   * defaults — is the base, and every setting of the given configuration that differs from the JCache
   * default overrides it.
   */
  private <K, V> TieredConfiguration<K, V> toTiered(String cacheName, Configuration<K, V> configuration) {
    TieredConfiguration<K, V> given;
    if (configuration instanceof CompleteConfiguration<K, V> complete) {
      given = new TieredConfiguration<>(complete);
    } else {
      given = new TieredConfiguration<>();
      given.setTypes(configuration.getKeyType(), configuration.getValueType());
      given.setStoreByValue(configuration.isStoreByValue());
    }
    if (!given.getTiers().isEmpty()) {
      return given;
    }
    return declared.<K, V>configurationFor(cacheName).map(base -> overlay(base, given)).orElse(given);
  }

  private static <K, V> TieredConfiguration<K, V> overlay(TieredConfiguration<K, V> base, TieredConfiguration<K, V> given) {
    if (given.getKeyType() != Object.class || given.getValueType() != Object.class) {
      base.setTypes(given.getKeyType(), given.getValueType());
    }
    for (CacheEntryListenerConfiguration<K, V> listener : given.getCacheEntryListenerConfigurations()) {
      base.addCacheEntryListenerConfiguration(listener);
    }
    if (given.getCacheLoaderFactory() != null) {
      base.setCacheLoaderFactory(given.getCacheLoaderFactory());
    }
    if (given.getCacheWriterFactory() != null) {
      base.setCacheWriterFactory(given.getCacheWriterFactory());
    }
    if (!isDefaultExpiry(given.getExpiryPolicyFactory())) {
      base.setExpiryPolicyFactory(given.getExpiryPolicyFactory());
    }
    if (given.isReadThrough()) {
      base.setReadThrough(true);
    }
    if (given.isWriteThrough()) {
      base.setWriteThrough(true);
    }
    if (given.isStatisticsEnabled()) {
      base.setStatisticsEnabled(true);
    }
    if (given.isManagementEnabled()) {
      base.setManagementEnabled(true);
    }
    if (!given.isStoreByValue()) {
      base.setStoreByValue(false);
    }
    if (!given.getAllowedClasses().isEmpty()) {
      base.allowClasses(given.getAllowedClasses());
    }
    if (given.getCodecFactory() != null) {
      base.setCodecFactory(given.getCodecFactory());
    }
    if (given.getLoadLeaseMillis() > 0) {
      base.loadLease(given.getLoadLeaseMillis(), given.getLoadWaitMillis());
    }
    return base;
  }

  private static boolean isDefaultExpiry(Factory<ExpiryPolicy> factory) {
    return factory == null
        || (factory instanceof FactoryBuilder.SingletonFactory && factory.create() instanceof EternalExpiryPolicy);
  }

  private <K, V> TieredCache<K, V> build(String cacheName, TieredConfiguration<K, V> configuration) {
    List<TierSpec> specs = configuration.getTiers().isEmpty()
        ? List.of(Tiers.heap(HeapTierFactory.DEFAULT_ENTRIES)) : configuration.getTiers();
    if (!configuration.isStoreByValue()) {
      specs = referenceTiers(cacheName, specs);
    }
    specs = specs.stream().map(this::withConnection).toList();
    ClassLoader loader = getClassLoader();
    ExpiryPolicy expiry = configuration.getExpiryPolicyFactory() == null
        ? new EternalExpiryPolicy() : configuration.getExpiryPolicyFactory().create();
    CacheLoader<K, V> cacheLoader = configuration.getCacheLoaderFactory() == null
        ? null : configuration.getCacheLoaderFactory().create();
    CacheWriter<? super K, ? super V> writer = configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
        ? configuration.getCacheWriterFactory().create() : null;
    Codec trustedCodec;
    Codec codec;
    if (configuration.getCodecFactory() != null) {
      codec = Objects.requireNonNull(configuration.getCodecFactory().create(), "the codec factory returned null");
      trustedCodec = codec;
    } else {
      trustedCodec = new JavaSerializationCodec(null);
      codec = new JavaSerializationCodec(AllowList.filter(
          new HashSet<>(List.of(configuration.getKeyType(), configuration.getValueType())),
          configuration.getAllowedClasses()));
    }
    Copier copier = configuration.isStoreByValue() ? new SerializingCopier(trustedCodec, loader) : Copier.IDENTITY;
    boolean mayExpire = !(expiry instanceof EternalExpiryPolicy);

    TieredCache<K, V>[] holder = newHolder();
    @SuppressWarnings("unchecked")
    Tier<K, V>[] tiers = new Tier[specs.size()];
    try {
      for (int i = 0; i < specs.size(); i++) {
        TierSpec spec = specs.get(i);
        TierFactory factory = registry.factoryFor(spec);
        boolean isAuthority = i == specs.size() - 1;
        TierListener<K, V> listener = isAuthority
            ? (key, entry, expired) -> {
              TieredCache<K, V> cache = holder[0];
              if (cache != null) {
                cache.onAuthorityDropped(key, entry, expired);
              }
            }
            : TierListener.none();
        Tier<K, V> tier = factory.create(spec, new Context<>(cacheName, i, isAuthority, configuration.getKeyType(),
            configuration.getValueType(), codec, trustedCodec, loader, mayExpire, listener));
        tiers[i] = tier.locality() == TierLocality.SHARED ? new GuardedTier<>(cacheName, tier) : tier;
      }
      List<String> names = new ArrayList<>();
      for (Tier<K, V> tier : tiers) {
        if (names.contains(tier.name())) {
          throw new CacheException("Cache " + cacheName + " has two tiers named '" + tier.name() + "'");
        }
        names.add(tier.name());
      }
    } catch (RuntimeException e) {
      for (Tier<K, V> tier : tiers) {
        if (tier != null) {
          tier.close();
        }
      }
      throw e;
    }
    TieredCache<K, V> cache = new TieredCache<>(this, cacheName, configuration,
        new TieredCache.CacheParts<>(tiers, expiry, cacheLoader, writer, copier, executor));
    holder[0] = cache;
    return cache;
  }

  /**
   * A tier spec that names a declared connection ({@code connection: main}) with that connection's
   * properties added; the spec's own properties win.
   */
  private TierSpec withConnection(TierSpec spec) {
    Object name = spec.properties().get("connection");
    if (name == null) {
      return spec;
    }
    Connection connection = declared.connection(name.toString()).orElseThrow(() -> new CacheException(
        "The " + spec.kind() + " tier names connection '" + name + "', which " + declared.source()
            + " does not declare (declared: " + declared.connections().keySet() + ")"));
    if (!connection.kind().equals(spec.kind())) {
      throw new CacheException("The " + spec.kind() + " tier names connection '" + name + "', which is a "
          + connection.kind() + " connection");
    }
    Map<String, Object> properties = new LinkedHashMap<>(connection.properties());
    properties.putAll(spec.properties());
    return TierSpec.of(spec.kind(), properties);
  }

  /**
   * The tiers of a store-by-reference cache: object references can live only in the heap, so such a
   * cache keeps its first heap tier (or a default one) and none of the byte-storing tiers.
   */
  private static List<TierSpec> referenceTiers(String cacheName, List<TierSpec> specs) {
    List<TierSpec> heap = specs.stream().filter(spec -> spec.kind().equals("heap")).limit(1).toList();
    if (heap.size() == specs.size()) {
      return specs;
    }
    List<TierSpec> kept = heap.isEmpty() ? List.of(Tiers.heap(HeapTierFactory.DEFAULT_ENTRIES)) : heap;
    LOG.warn("Cache {} stores by reference: object references live only in the heap, so it uses {} instead of {}",
        cacheName, kept, specs);
    return kept;
  }

  @SuppressWarnings("unchecked")
  private static <K, V> TieredCache<K, V>[] newHolder() {
    return new TieredCache[1];
  }

  /**
   * {@inheritDoc}
   *
   * <p>A cache that does not exist but whose name a declared {@code templates} entry matches is
   * created now, with the template's key and value types if it declares them, else {@code keyType}
   * and {@code valueType}. {@code defaults} alone never create a cache here.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    TieredCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      cache = createFromTemplate(cacheName, keyType, valueType);
      if (cache == null) {
        return null;
      }
    }
    CompleteConfiguration<?, ?> configuration = cache.getConfiguration(CompleteConfiguration.class);
    if (!configuration.getKeyType().equals(keyType)) {
      throw new ClassCastException("Cache " + cacheName + " has key type " + configuration.getKeyType().getName()
          + ", not " + keyType.getName());
    }
    if (!configuration.getValueType().equals(valueType)) {
      throw new ClassCastException("Cache " + cacheName + " has value type "
          + configuration.getValueType().getName() + ", not " + valueType.getName());
    }
    return (Cache<K, V>) cache;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A cache that does not exist but whose name a declared template matches is created now from
   * the declared settings for the name, see {@link #getCache(String, Class, Class)}.
   */
  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    TieredCache<?, ?> cache = caches.get(cacheName);
    return (Cache<K, V>) (cache != null ? cache : createFromTemplate(cacheName, Object.class, Object.class));
  }

  /**
   * The cache {@code cacheName} created now because a declared template matches its name and no cache
   * of that name exists ("Implementations that support declarative mechanisms for pre-configuring
   * Caches may return a pre-configured Cache instead of null"); {@code null} when no template matches.
   *
   * <ul>
   *   <li>The settings are those {@link TiercacheConfig#definitionFor(String)} gives the name (its
   *       own entry under {@code caches}, which only matters after that cache was destroyed, else the
   *       first matching template); key and value types are the declared ones, else the ones asked for.
   *   <li>{@code defaults} alone never create a cache on lookup: an unknown name gives {@code null}, as
   *       the JCache TCK requires.
   *   <li>Concurrent lookups create one cache: creation re-checks under the lock {@code createCache} takes.
   *   <li>Once created that way, {@code createCache} of the name throws "already exists", as for any
   *       existing cache. Hibernate ({@code missing_cache_strategy=create}), Spring's
   *       {@code JCacheCacheManager} and the CDI interceptors call {@code getCache} first, so they get
   *       this cache.
   * </ul>
   */
  private <K, V> TieredCache<?, ?> createFromTemplate(String cacheName, Class<K> keyType, Class<V> valueType) {
    if (declared.templates().stream().noneMatch(template -> template.matches(cacheName))) {
      return null;
    }
    synchronized (caches) {
      requireOpen();
      TieredCache<?, ?> existing = caches.get(cacheName);
      if (existing != null) {
        return existing;
      }
      CacheDefinition definition = declared.definitionFor(cacheName).orElseThrow();
      TieredConfiguration<K, V> configuration = definition.toConfiguration();
      @SuppressWarnings("unchecked")
      Class<K> key = (Class<K>) definition.keyType().orElse(keyType);
      @SuppressWarnings("unchecked")
      Class<V> value = (Class<V>) definition.valueType().orElse(valueType);
      configuration.setTypes(key, value);
      LOG.debug("Creating cache {} at its first lookup from the template in {}", cacheName, declared.source());
      return register(cacheName, configuration);
    }
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    TieredCache<?, ?> cache = caches.remove(cacheName);
    if (cache != null) {
      try {
        cache.clear();
      } finally {
        cache.closeQuietly();
        unbindMeters(cache);
      }
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    TieredCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    TieredCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.release(this);
    for (TieredCache<?, ?> cache : new ArrayList<>(caches.values())) {
      try {
        cache.closeQuietly();
      } catch (RuntimeException e) {
        LOG.warn("Closing cache {} failed", cache.getName(), e);
      }
      unbindMeters(cache);
    }
    caches.clear();
    executor.shutdown();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap the cache manager to " + clazz.getName());
  }

  /** Forgets a cache that closed itself. */
  void release(TieredCache<?, ?> cache) {
    caches.remove(cache.getName(), cache);
    unbindMeters(cache);
  }

  private void unbindMeters(TieredCache<?, ?> cache) {
    Runnable unbinding = meterBindings.remove(cache);
    if (unbinding != null) {
      MetricsHook.unbind(cache, unbinding);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("The cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "TieredCacheManager[" + uri + "]";
  }

  private record Context<K, V>(String cacheName, int position, boolean isAuthority, Class<K> keyType,
      Class<V> valueType, Codec codec, Codec trustedCodec, ClassLoader classLoader, boolean entriesMayExpire,
      TierListener<K, V> listener) implements TierContext<K, V> {
  }
}

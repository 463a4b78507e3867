package io.tiercache;

import io.tiercache.internal.TieredCacheManager;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The tiercache JCache provider. Found by {@link javax.cache.Caching} through
 * {@code META-INF/services/javax.cache.spi.CachingProvider}, or named explicitly:
 *
 * <pre>{@code
 * CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
 * CacheManager manager = provider.getCacheManager();
 * Cache<String, String> cache = manager.createCache("greetings", new MutableConfiguration<>());
 * }</pre>
 *
 * <p>Cache managers are kept per class loader and URI, as the specification requires. The default
 * URI is {@value #DEFAULT_URI}: caches get a heap tier unless their configuration names tiers.
 */
public final class TieredCachingProvider implements CachingProvider {

  /** The URI of the default cache manager. */
  public static final String DEFAULT_URI = "tiercache:default";

  private final Map<ClassLoader, Map<URI, TieredCacheManager>> managers = new WeakHashMap<>();

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader managerLoader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties managerProperties = properties == null ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, TieredCacheManager> byUri = managers.computeIfAbsent(managerLoader, loader -> new HashMap<>());
      TieredCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        manager = new TieredCacheManager(this, managerUri, managerLoader, managerProperties);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return URI.create(DEFAULT_URI);
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public void close() {
    List<TieredCacheManager> toClose = new ArrayList<>();
    synchronized (managers) {
      for (Map<URI, TieredCacheManager> byUri : managers.values()) {
        toClose.addAll(byUri.values());
      }
      managers.clear();
    }
    toClose.forEach(TieredCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader managerLoader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Map<URI, TieredCacheManager> byUri;
    synchronized (managers) {
      byUri = managers.remove(managerLoader);
    }
    if (byUri != null) {
      new ArrayList<>(byUri.values()).forEach(TieredCacheManager::close);
    }
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader managerLoader = classLoader == null ? getDefaultClassLoader() : classLoader;
    TieredCacheManager manager;
    synchronized (managers) {
      Map<URI, TieredCacheManager> byUri = managers.get(managerLoader);
      manager = byUri == null ? null : byUri.remove(managerUri);
      if (byUri != null && byUri.isEmpty()) {
        managers.remove(managerLoader);
      }
    }
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    return optionalFeature == OptionalFeature.STORE_BY_REFERENCE;
  }

  /**
   * Forgets a cache manager that closed itself. Called by the manager; not for applications.
   *
   * @param manager the manager that closed
   */
  public void release(CacheManager manager) {
    Objects.requireNonNull(manager, "manager");
    synchronized (managers) {
      Map<URI, TieredCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null && byUri.get(manager.getURI()) == manager) {
        byUri.remove(manager.getURI());
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }
}

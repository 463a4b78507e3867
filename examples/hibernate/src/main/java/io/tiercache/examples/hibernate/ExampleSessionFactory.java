package io.tiercache.examples.hibernate;

import io.tiercache.TieredCachingProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cache.jcache.ConfigSettings;
import org.hibernate.cfg.AvailableSettings;

/** Builds the example's {@link SessionFactory}: H2, with Hibernate's second-level cache on tiercache. */
public final class ExampleSessionFactory {

  /**
   * The tiercache configuration of the example, heap tiers only, as a class path resource name.
   * Hibernate resolves {@code hibernate.javax.cache.uri} itself: a URL, a resource name, or
   * {@code classpath://name}, but not tiercache's {@code classpath:name}.
   */
  public static final String HEAP_CONFIG = "tiercache-hibernate.yaml";

  /** The tiercache configuration for many nodes: a heap tier in front of Redis ({@code REDIS_URL}). */
  public static final String REDIS_CONFIG = "tiercache-hibernate-redis.yaml";

  private ExampleSessionFactory() {
  }

  /**
   * The settings that put Hibernate's second-level cache (entities, collections, natural ids and
   * queries) on tiercache, configured by the YAML file {@code cacheConfigUri} (a class path resource
   * name or a {@code file:} URL).
   */
  public static Map<String, Object> cacheSettings(String cacheConfigUri) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, "true");
    settings.put(AvailableSettings.USE_QUERY_CACHE, "true");
    settings.put(AvailableSettings.CACHE_REGION_FACTORY, "jcache");
    // named, not looked up: with several JCache providers on the class path the lookup fails
    settings.put(ConfigSettings.PROVIDER, TieredCachingProvider.class.getName());
    settings.put(ConfigSettings.CONFIG_URI, cacheConfigUri);
    // Hibernate creates each region's cache; tiercache's templates configure it. The default,
    // create-warn, logs a warning for every region although a template matches it.
    settings.put(ConfigSettings.MISSING_CACHE_STRATEGY, "create");
    return settings;
  }

  /**
   * The same settings, but with a cache manager opened by the application instead of a configuration
   * URI for Hibernate to resolve. Needed while the tiercache YAML sits inside a jar: Hibernate turns
   * a resource name into a {@code jar:} URI, which tiercache does not read (it falls back to default
   * caches). Hibernate closes the cache manager when the session factory closes.
   */
  public static Map<String, Object> cacheSettings(CacheManager cacheManager) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(AvailableSettings.USE_SECOND_LEVEL_CACHE, "true");
    settings.put(AvailableSettings.USE_QUERY_CACHE, "true");
    settings.put(AvailableSettings.CACHE_REGION_FACTORY, "jcache");
    settings.put(ConfigSettings.CACHE_MANAGER, cacheManager);
    settings.put(ConfigSettings.MISSING_CACHE_STRATEGY, "create");
    return settings;
  }

  /**
   * Opens the tiercache cache manager configured by {@code config}: a class path resource name, read
   * with this class's loader, or a {@code file:} URI.
   */
  public static CacheManager openCacheManager(String config) {
    URI uri = config.startsWith("file:") ? URI.create(config) : URI.create("classpath:" + config);
    return Caching.getCachingProvider(TieredCachingProvider.class.getName())
        .getCacheManager(uri, ExampleSessionFactory.class.getClassLoader());
  }

  /**
   * A session factory on the H2 database {@code jdbcUrl} whose second-level cache tiercache configures
   * from {@code cacheConfigUri}; it creates the schema (dropping tables of the same names first).
   *
   * @param overrides Hibernate settings that replace or add to the example's
   */
  public static SessionFactory build(String jdbcUrl, String cacheConfigUri, Map<String, Object> overrides) {
    return build(jdbcUrl, cacheSettings(cacheConfigUri), overrides);
  }

  /**
   * A session factory on the H2 database {@code jdbcUrl} with the given second-level cache settings
   * ({@link #cacheSettings(String)} or {@link #cacheSettings(CacheManager)}).
   */
  public static SessionFactory build(String jdbcUrl, Map<String, Object> cacheSettings,
      Map<String, Object> overrides) {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(jdbcUrl);
    dataSource.setUser("sa");
    dataSource.setPassword("");

    Map<String, Object> settings = new LinkedHashMap<>(cacheSettings);
    settings.put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
    settings.put(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "drop-and-create");
    settings.put(AvailableSettings.GENERATE_STATISTICS, "true");
    settings.putAll(overrides);

    StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
    try {
      return new MetadataSources(registry)
          .addAnnotatedClass(Author.class)
          .addAnnotatedClass(Book.class)
          .buildMetadata()
          .buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }
}

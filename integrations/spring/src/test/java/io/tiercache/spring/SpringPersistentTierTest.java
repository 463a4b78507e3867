package io.tiercache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCachingProvider;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Spring's cached values in a persistent disk tier outlive the application. Spring hands tiercache
 * plain {@code Object} caches, so the classes read back from the disk (the application's value types,
 * and Spring's marker for a cached {@code null}) must be named in {@code serialization.allow}.
 */
class SpringPersistentTierTest {

  @TempDir
  Path dir;

  @Test
  void cachedValuesAndCachedNullsAreReadBackAfterARestart() throws Exception {
    URI config = writeConfig("""
        caches:
          catalog:
            tiers: [ { heap: { entries: 100 } }, { disk: { path: "%s", size: 16MB, persistent: true } } ]
            serialization: { allow: [ "io.tiercache.spring.*", "org.springframework.cache.support.NullValue" ] }
        """.formatted(dir.resolve("catalog")));

    try (AnnotationConfigApplicationContext first = start(config)) {
      CatalogService catalog = first.getBean(CatalogService.class);
      assertThat(catalog.find("b1")).isEqualTo(new Item("b1"));
      assertThat(catalog.find("none")).isNull();
      assertThat(catalog.lookups()).isEqualTo(2);
    }

    try (AnnotationConfigApplicationContext second = start(config)) {
      CatalogService catalog = second.getBean(CatalogService.class);
      assertThat(catalog.find("b1")).isEqualTo(new Item("b1"));
      assertThat(catalog.find("none")).isNull();
      assertThat(catalog.lookups()).isZero();   // both answered by the disk tier
    }
  }

  private URI writeConfig(String yaml) throws Exception {
    Path file = dir.resolve("tiercache.yaml");
    Files.writeString(file, yaml);
    return file.toUri();
  }

  private static AnnotationConfigApplicationContext start(URI config) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.getEnvironment().getPropertySources()
        .addFirst(new MapPropertySource("test", Map.of("tiercache.uri", config.toString())));
    context.register(CachingConfig.class);
    context.refresh();
    return context;
  }

  record Item(String id) implements Serializable {
  }

  static class CatalogService {
    private final AtomicInteger lookups = new AtomicInteger();

    @Cacheable("catalog")
    public Item find(String id) {
      lookups.incrementAndGet();
      return id.equals("none") ? null : new Item(id);
    }

    public int lookups() {
      return lookups.get();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfig {

    @Bean
    CacheManager jcacheManager(Environment environment) {
      return Caching.getCachingProvider(TieredCachingProvider.class.getName())
          .getCacheManager(URI.create(environment.getRequiredProperty("tiercache.uri")), getClass().getClassLoader());
    }

    @Bean
    JCacheCacheManager cacheManager(CacheManager jcacheManager) {
      return new JCacheCacheManager(jcacheManager);
    }

    @Bean
    CatalogService catalogService() {
      return new CatalogService();
    }
  }
}

package io.tiercache.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TieredConfiguration;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiercache YAML inside a jar, as in a packaged application. Hibernate resolves
 * {@code hibernate.javax.cache.uri} with its class loader and hands the provider the resource's URL as a
 * URI: {@code jar:file:...!/name}, which tiercache reads.
 */
class ConfigInsideAJarTest {

  private static final String RESOURCE = "packaged/tiercache-hibernate.yaml";
  private static final String AUTHOR = Author.class.getName();

  @TempDir
  Path dir;

  @Test
  void hibernatesJarUriIsRead() throws Exception {
    Path jar = dir.resolve("application.jar");
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        InputStream yaml = getClass().getClassLoader().getResourceAsStream(ExampleSessionFactory.HEAP_CONFIG)) {
      out.putNextEntry(new JarEntry(RESOURCE));
      yaml.transferTo(out);
      out.closeEntry();
    }
    CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      // what Hibernate passes for hibernate.javax.cache.uri=packaged/tiercache-hibernate.yaml
      URI jarUri = loader.getResource(RESOURCE).toURI();
      assertThat(jarUri.getScheme()).isEqualTo("jar");
      try (CacheManager manager = provider.getCacheManager(jarUri, loader)) {
        // the region's template applies: Hibernate's getCache finds the cache it creates
        assertThat(tiersOf(manager.getCache(AUTHOR))).isEqualTo("[heap{entries=10000}]");
      }
    }
  }

  private static String tiersOf(Cache<Object, Object> cache) {
    @SuppressWarnings("unchecked")
    TieredConfiguration<Object, Object> configuration = cache.getConfiguration(TieredConfiguration.class);
    return configuration.getTiers().toString();
  }
}

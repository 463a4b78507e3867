package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cache manager URIs name a configuration file, which are only names, and which are errors. */
class ConfigurationUriTest {

  private final CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());

  @Test
  void aJarUriReadsTheYamlInsideTheJar(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("x.yaml"));
      out.write("caches:\n  jarred: { tiers: [ heap ] }\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    URI uri = URI.create("jar:" + jar.toUri() + "!/x.yaml");

    try (CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader())) {
      assertThat(manager.getCacheNames()).containsExactly("jarred");
      assertThat(manager.getCache("jarred").unwrap(TieredCacheView.class).tierNames()).containsExactly("heap");
    }

    URI missing = URI.create("jar:" + jar.toUri() + "!/y.yaml");
    assertThatThrownBy(() -> provider.getCacheManager(missing, getClass().getClassLoader()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("configuration file not found");
  }

  @Test
  void aUriTheLoaderCannotReadIsAnErrorNamingItNotAnEmptyCacheManager() {
    URI uri = URI.create("https://config.example.com/tiercache.yaml");

    assertThatThrownBy(() -> provider.getCacheManager(uri, getClass().getClassLoader()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("classpath:, file: and jar:");
  }

  @Test
  void aUriThatIsANameGivesACacheManagerWithoutConfiguration() {
    URI uri = URI.create("urn:example:orders");

    try (CacheManager manager = provider.getCacheManager(uri, getClass().getClassLoader())) {
      assertThat(manager.getURI()).isEqualTo(uri);
      assertThat(manager.getCacheNames()).isEmpty();
      assertThat(manager.<Object, Object>getCache("anything")).isNull();
    }
  }
}

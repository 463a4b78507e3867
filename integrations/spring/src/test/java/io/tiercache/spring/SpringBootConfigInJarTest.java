package io.tiercache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/** An application packaged as a jar: classpath:tiercache-in-jar.yaml resolves to a jar: URI. */
class SpringBootConfigInJarTest {

  @Test
  void theYamlIsReadWhenItSitsInAJar(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("tiercache-in-jar.yaml"));
      out.write("caches:\n  jarred: { tiers: [ heap ] }\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
            .resourceLoader(new DefaultResourceLoader(loader))
            .web(WebApplicationType.NONE)
            .run("--spring.cache.jcache.config=classpath:tiercache-in-jar.yaml", "--spring.cache.cache-names=")) {
      CacheManager manager = context.getBean(CacheManager.class);
      assertThat(manager.getURI().getScheme()).isEqualTo("jar");
      assertThat(manager.getCacheNames()).contains("jarred");
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  static class App {
  }
}

package io.tiercache.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the declarative configuration named by a CacheManager URI.
 *
 * <ul>
 *   <li>{@code classpath:tiercache.yaml}: a resource of the cache manager's class loader;
 *   <li>{@code file:/abs/path.yaml} or {@code file:relative.yaml}: a file (relative to the working
 *       directory);
 *   <li>any other URI (the provider's default URI, the URIs the TCK uses): no file, an
 *       {@linkplain TiercacheConfig#empty(String) empty} configuration.
 * </ul>
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  /** Whether {@code uri} names a configuration file ({@code classpath:} or {@code file:}). */
  public static boolean namesFile(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return false;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    return scheme.equals("classpath") || scheme.equals("file");
  }

  /**
   * The configuration named by {@code uri}, read with {@code classLoader} (tier factories, loader and
   * writer classes, key and value types, {@code classpath:} resources).
   *
   * @throws ConfigException when the file is missing, unreadable or invalid (a {@code CacheException})
   */
  public static TiercacheConfig load(URI uri, ClassLoader classLoader) {
    return load(uri, classLoader, Variables.system());
  }

  static TiercacheConfig load(URI uri, ClassLoader classLoader, Variables variables) {
    String source = uri.toString();
    if (!namesFile(uri)) {
      return TiercacheConfig.empty(source);
    }
    ClassLoader loader = classLoader(classLoader);
    try (InputStream in = open(uri, source, loader);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return new ConfigParser(source, loader, variables).parse(reader);
    } catch (IOException e) {
      throw new ConfigException(source, 0, "", "cannot read the configuration file: " + e, e);
    }
  }

  /**
   * The configuration in {@code yaml}, named {@code source} in error messages.
   *
   * @throws ConfigException when it is invalid
   */
  public static TiercacheConfig parse(String source, String yaml, ClassLoader classLoader) {
    return parse(source, yaml, classLoader, Variables.system());
  }

  static TiercacheConfig parse(String source, String yaml, ClassLoader classLoader, Variables variables) {
    return new ConfigParser(source, classLoader(classLoader), variables).parse(new StringReader(yaml));
  }

  private static InputStream open(URI uri, String source, ClassLoader loader) throws IOException {
    if (uri.getScheme().equalsIgnoreCase("classpath")) {
      String name = uri.getSchemeSpecificPart();
      while (name.startsWith("/")) {
        name = name.substring(1);
      }
      InputStream in = name.isEmpty() ? null : loader.getResourceAsStream(name);
      if (in == null) {
        throw new ConfigException(source, 0, "", "configuration file not found: no resource '" + name
            + "' on the class path of the cache manager's class loader");
      }
      return in;
    }
    Path path;
    try {
      path = uri.isOpaque() ? Path.of(uri.getSchemeSpecificPart()) : Path.of(uri);
    } catch (RuntimeException e) {
      throw new ConfigException(source, 0, "", "not a usable file URI: " + e.getMessage(), e);
    }
    try {
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, 0, "", "configuration file not found: " + path, e);
    }
  }

  private static ClassLoader classLoader(ClassLoader classLoader) {
    if (classLoader != null) {
      return classLoader;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ConfigLoader.class.getClassLoader();
  }
}

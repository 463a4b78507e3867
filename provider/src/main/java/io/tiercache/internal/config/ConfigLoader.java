package io.tiercache.internal.config;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the declarative configuration named by a CacheManager URI. The URI's scheme decides:
 *
 * <ul>
 *   <li>{@code classpath:tiercache.yaml}: a resource of the cache manager's class loader;
 *   <li>{@code file:/abs/path.yaml} or {@code file:relative.yaml}: a file (relative to the working
 *       directory);
 *   <li>{@code jar:file:/app.jar!/tiercache.yaml} (and Spring Boot's {@code jar:nested:...}): an entry
 *       of a jar, as Spring resolves {@code classpath:} inside a packaged application;
 *   <li>a URI that is only a name, no file: an {@linkplain TiercacheConfig#empty(String) empty}
 *       configuration. A name is an opaque URI ({@code tiercache:default}, {@code urn:example:orders},
 *       {@code test:a/b}: a scheme, then no {@code /} right after the colon) or a URI without scheme
 *       and without {@code /} ({@code orders}), in either case not ending in {@code .yaml} or
 *       {@code .yml};
 *   <li>anything else ({@code http://host/tiercache.yaml}, {@code vfs:/...}, {@code /etc/tiercache.yaml},
 *       the misspelt {@code clathpath:tiercache.yaml}): a {@link ConfigException} naming the URI, rather than a cache manager that
 *       silently starts without the configuration meant for it.
 * </ul>
 */
public final class ConfigLoader {

  private ConfigLoader() {
  }

  /** Whether {@code uri} names a configuration file ({@code classpath:}, {@code file:} or {@code jar:}). */
  public static boolean namesFile(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return false;
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    return scheme.equals("classpath") || scheme.equals("file") || scheme.equals("jar");
  }

  /**
   * Whether {@code uri} is only a name for a cache manager (see the class comment): an opaque URI, or
   * one without scheme and without {@code /}, that does not end in {@code .yaml} or {@code .yml}.
   */
  static boolean isName(URI uri) {
    if (namesFile(uri)) {
      return false;
    }
    String text = uri.toString().toLowerCase(Locale.ROOT);
    if (text.endsWith(".yaml") || text.endsWith(".yml")) {
      return false;
    }
    return uri.getScheme() != null ? uri.isOpaque() : !text.contains("/");
  }

  /**
   * The configuration named by {@code uri}, read with {@code classLoader} (tier factories, loader and
   * writer classes, key and value types, {@code classpath:} resources).
   *
   * @throws ConfigException when the file is missing, unreadable or invalid, or the URI is neither a
   *     file this loader reads nor a name (a {@code CacheException})
   */
  public static TiercacheConfig load(URI uri, ClassLoader classLoader) {
    return load(uri, classLoader, Variables.system());
  }

  static TiercacheConfig load(URI uri, ClassLoader classLoader, Variables variables) {
    String source = uri.toString();
    if (isName(uri)) {
      return TiercacheConfig.empty(source);
    }
    if (!namesFile(uri)) {
      throw new ConfigException(source, 0, "", "cannot read a configuration from this URI: tiercache reads "
          + "classpath:, file: and jar: URIs. A cache manager URI that names no file must be a name: opaque "
          + "(tiercache:default, urn:example:orders) or without scheme and '/', not ending in .yaml or .yml");
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
    if (uri.getScheme().equalsIgnoreCase("jar")) {
      return openJarEntry(uri, source);
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

  /**
   * An entry of a jar. The connection is not cached, so the jar is not held open (nor its contents
   * remembered) after the file is read.
   */
  private static InputStream openJarEntry(URI uri, String source) throws IOException {
    URLConnection connection;
    try {
      connection = uri.toURL().openConnection();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new ConfigException(source, 0, "", "not a usable jar URI (expected jar:<url of the jar>!/<entry>): "
          + e.getMessage(), e);
    }
    connection.setUseCaches(false);
    try {
      return connection.getInputStream();
    } catch (FileNotFoundException | NoSuchFileException e) {
      throw new ConfigException(source, 0, "", "configuration file not found: " + e.getMessage(), e);
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

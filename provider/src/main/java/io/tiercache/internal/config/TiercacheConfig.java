package io.tiercache.internal.config;

import io.tiercache.config.TieredConfiguration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A declarative configuration as read by {@link ConfigLoader}: connections, defaults, templates and
 * named caches. Immutable; {@link #configurationFor(String)} returns a new configuration on each call.
 */
public final class TiercacheConfig {

  private final String source;
  private final boolean fromFile;
  private final Map<String, Connection> connections;
  private final CacheDefinition defaults;
  private final List<CacheTemplate> templates;
  private final Map<String, CacheDefinition> caches;

  TiercacheConfig(String source, boolean fromFile, Map<String, Connection> connections, CacheDefinition defaults,
      List<CacheTemplate> templates, Map<String, CacheDefinition> caches) {
    this.source = Objects.requireNonNull(source, "source");
    this.fromFile = fromFile;
    this.connections = Collections.unmodifiableMap(new LinkedHashMap<>(connections));
    this.defaults = defaults;
    this.templates = List.copyOf(templates);
    this.caches = Collections.unmodifiableMap(new LinkedHashMap<>(caches));
  }

  /** The configuration of a URI that names no file: nothing declared. */
  public static TiercacheConfig empty(String source) {
    return new TiercacheConfig(source, false, Map.of(), null, List.of(), Map.of());
  }

  /** The URI the configuration was read from, as given. */
  public String source() {
    return source;
  }

  /** Whether a file was read ({@code classpath:}, {@code file:} or {@code jar:} URI); false for a URI that is a name. */
  public boolean fromFile() {
    return fromFile;
  }

  /** The connections by name, in file order. */
  public Map<String, Connection> connections() {
    return connections;
  }

  /** The connection named {@code name}. */
  public Optional<Connection> connection(String name) {
    return Optional.ofNullable(connections.get(name));
  }

  /** The {@code defaults} section. */
  public Optional<CacheDefinition> defaults() {
    return Optional.ofNullable(defaults);
  }

  /** The templates, in file order (the first match wins). */
  public List<CacheTemplate> templates() {
    return templates;
  }

  /** The {@code caches} entries by cache name, in file order, each completed with {@code defaults}. */
  public Map<String, CacheDefinition> caches() {
    return caches;
  }

  /**
   * The declared settings of the cache {@code cacheName}: its entry in {@code caches}, else the first
   * template (in file order) that matches its name, else {@code defaults}, else empty.
   */
  public Optional<CacheDefinition> definitionFor(String cacheName) {
    CacheDefinition cache = caches.get(cacheName);
    if (cache != null) {
      return Optional.of(cache);
    }
    for (CacheTemplate template : templates) {
      if (template.matches(cacheName)) {
        return Optional.of(template.definition());
      }
    }
    return Optional.ofNullable(defaults);
  }

  /**
   * A new configuration for the cache {@code cacheName} from {@link #definitionFor(String)}; empty
   * when the file declares nothing that applies.
   */
  public <K, V> Optional<TieredConfiguration<K, V>> configurationFor(String cacheName) {
    return definitionFor(cacheName).map(CacheDefinition::toConfiguration);
  }

  @Override
  public String toString() {
    return "TiercacheConfig[" + source + ", caches=" + caches.keySet() + ", templates=" + templates.size()
        + ", defaults=" + (defaults != null) + "]";
  }
}

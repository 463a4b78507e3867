package io.tiercache.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The description of one tier in a cache's configuration: its kind (matched against
 * {@link io.tiercache.spi.TierFactory#kind()}) and the kind's properties. Immutable.
 * Build one with {@link Tiers}.
 */
public final class TierSpec {

  private final String kind;
  private final Map<String, Object> properties;

  private TierSpec(String kind, Map<String, Object> properties) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** A spec of {@code kind} with {@code properties} (copied). */
  public static TierSpec of(String kind, Map<String, ?> properties) {
    return new TierSpec(kind, new LinkedHashMap<>(properties));
  }

  /** The tier kind, such as {@code heap}. */
  public String kind() {
    return kind;
  }

  /** The kind's properties, unmodifiable. */
  public Map<String, Object> properties() {
    return properties;
  }

  /** The property {@code key}, or {@code defaultValue} when absent. */
  public Object property(String key, Object defaultValue) {
    Object value = properties.get(key);
    return value == null ? defaultValue : value;
  }

  /** A copy of this spec with one more property. */
  public TierSpec with(String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(properties);
    copy.put(key, value);
    return new TierSpec(kind, copy);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TierSpec spec && kind.equals(spec.kind) && properties.equals(spec.properties);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + properties.hashCode();
  }

  /** The kind and properties, with the values of secrets ({@code password}, {@code secret}, ...) hidden. */
  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    properties.forEach((key, value) -> shown.put(key, isSecret(key) ? "****" : value));
    return kind + shown;
  }

  private static boolean isSecret(String key) {
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("password") || lower.contains("secret") || lower.contains("token")
        || lower.endsWith("key");
  }
}

package io.tiercache.internal.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A named connection from the {@code connections} section, such as
 * {@code main: { redis: { address: ... } }}: its kind ({@code redis}) and properties, which the tier
 * module of that kind interprets. Property values are {@code Long}, {@code Boolean}, {@code String},
 * {@code List} or {@code Map}, variables already substituted.
 *
 * @param name the connection's name, referenced by a tier's {@code connection} property
 * @param kind the single key under the name, such as {@code redis} or {@code hazelcast}
 * @param properties the properties under the kind, unmodifiable
 */
public record Connection(String name, String kind, Map<String, Object> properties) {

  /** Checks and copies. */
  public Connection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }
}

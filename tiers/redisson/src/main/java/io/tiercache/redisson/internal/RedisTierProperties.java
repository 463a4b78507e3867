package io.tiercache.redisson.internal;

import io.tiercache.config.TierSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/** Reads and checks the properties of a {@code redis} tier spec; every error names the property. */
public final class RedisTierProperties {

  /** The properties a {@code redis} tier accepts. */
  public static final Set<String> KNOWN =
      Set.of("address", "connection", "username", "password", "database", "timeout", "lockLease");

  /** The default command timeout in milliseconds. */
  public static final int DEFAULT_TIMEOUT_MILLIS = 3_000;

  /** The default lease of a compute lock in milliseconds. */
  public static final int DEFAULT_LOCK_LEASE_MILLIS = 30_000;

  private RedisTierProperties() {
  }

  /** Checks every property; returns nothing, throws {@link IllegalArgumentException} on the first bad one. */
  public static void validate(TierSpec spec) {
    for (String key : spec.properties().keySet()) {
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("unknown redis tier property '" + key
            + "' (expected: address, connection, username, password, database, timeout, lockLease)");
      }
    }
    settings(spec);
    lockLeaseMillis(spec);
  }

  /** The connection settings of the spec. */
  static RedisConnections.Settings settings(TierSpec spec) {
    return new RedisConnections.Settings(address(spec), text(spec, "username"), text(spec, "password"),
        intProperty(spec, "database", 0, 0, Integer.MAX_VALUE),
        intProperty(spec, "timeout", DEFAULT_TIMEOUT_MILLIS, 1, Integer.MAX_VALUE));
  }

  static int lockLeaseMillis(TierSpec spec) {
    return intProperty(spec, "lockLease", DEFAULT_LOCK_LEASE_MILLIS, 100, Integer.MAX_VALUE);
  }

  /** The {@code address}: {@code redis://host:port} or {@code rediss://host:port}. */
  static String address(TierSpec spec) {
    Object value = spec.properties().get("address");
    if (value == null) {
      Object connection = spec.properties().get("connection");
      if (connection != null) {
        throw new IllegalArgumentException("redis tier: named connection '" + connection
            + "' cannot be resolved yet (named connections are resolved by the core, not by the tier);"
            + " give the tier an 'address' (redis://host:port) instead");
      }
      throw new IllegalArgumentException("redis tier needs an 'address' (redis://host:port, rediss:// for TLS)");
    }
    String text = value.toString().trim();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw badAddress(value, e);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
      throw badAddress(value, null);
    }
    if (uri.getHost() == null || uri.getPort() < 0 || uri.getPort() > 65535) {
      throw badAddress(value, null);
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("redis tier 'address' must not hold credentials; use 'username'"
          + " and 'password'");
    }
    String path = uri.getPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getQuery() != null) {
      throw new IllegalArgumentException("redis tier 'address' must be scheme://host:port only (set the"
          + " database with 'database'), was '" + value + "'");
    }
    return scheme + "://" + uri.getHost() + ":" + uri.getPort();
  }

  private static IllegalArgumentException badAddress(Object value, Exception cause) {
    return new IllegalArgumentException("redis tier 'address' must be redis://host:port or rediss://host:port,"
        + " was '" + value + "'", cause);
  }

  private static String text(TierSpec spec, String key) {
    Object value = spec.properties().get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof CharSequence)) {
      throw new IllegalArgumentException("redis tier '" + key + "' must be text");
    }
    String text = value.toString();
    return text.isEmpty() ? null : text;
  }

  private static int intProperty(TierSpec spec, String key, int defaultValue, int min, int max) {
    Object value = spec.properties().get(key);
    if (value == null) {
      return defaultValue;
    }
    long number;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      number = ((Number) value).longValue();
    } else if (value instanceof CharSequence text) {
      try {
        number = Long.parseLong(text.toString().trim().replace("_", ""));
      } catch (NumberFormatException e) {
        throw badInt(key, value, min);
      }
    } else {
      throw badInt(key, value, min);
    }
    if (number < min || number > max) {
      throw badInt(key, value, min);
    }
    return (int) number;
  }

  private static IllegalArgumentException badInt(String key, Object value, int min) {
    String unit = key.equals("timeout") || key.equals("lockLease") ? " (milliseconds)" : "";
    return new IllegalArgumentException("redis tier '" + key + "' must be a whole number" + unit + " of at least "
        + min + ", was '" + value + "'");
  }
}

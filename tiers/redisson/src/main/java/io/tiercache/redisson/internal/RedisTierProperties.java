package io.tiercache.redisson.internal;

import static io.tiercache.spi.TierProperties.flag;
import static io.tiercache.spi.TierProperties.intValue;
import static io.tiercache.spi.TierProperties.invalid;
import static io.tiercache.spi.TierProperties.list;
import static io.tiercache.spi.TierProperties.millis;
import static io.tiercache.spi.TierProperties.present;
import static io.tiercache.spi.TierProperties.text;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.TierProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Reads and checks the properties of a {@code redis} tier spec with {@link TierProperties}; every error
 * names the property.
 *
 * <p>Connection properties:
 *
 * <ul>
 *   <li>{@code mode}: {@code standalone} (default), {@code cluster} or {@code sentinel}.</li>
 *   <li>{@code address}: the server of {@code standalone} mode, {@code redis://host:port}
 *       ({@code rediss://} for TLS).</li>
 *   <li>{@code nodes}: the seed nodes of {@code cluster} mode, or the sentinels of {@code sentinel}
 *       mode: a list of addresses, or one text of addresses separated by commas or white space.</li>
 *   <li>{@code master}: the master name the sentinels monitor ({@code sentinel} mode only).</li>
 *   <li>{@code username}, {@code password}: credentials of the Redis servers; {@code sentinelUsername},
 *       {@code sentinelPassword}: of the sentinels ({@code sentinel} mode only).</li>
 *   <li>{@code tls}: {@code true} turns every {@code redis://} address into {@code rediss://};
 *       {@code false} refuses {@code rediss://} ones; absent, each address's scheme decides (all of a
 *       list must agree).</li>
 *   <li>{@code tlsTruststore}: a trust store file (path or {@code file:} URL; PKCS12 or JKS) holding the
 *       certificates that sign the servers', instead of the JVM's default trust store;
 *       {@code tlsTruststorePassword}: its password. Only with TLS addresses.</li>
 *   <li>{@code database}: {@code standalone} and {@code sentinel} only (a Redis Cluster has database 0
 *       alone).</li>
 * </ul>
 *
 * <p>A spec that names a {@code connection} but holds no {@code address} nor {@code nodes} is the spec
 * as written, before the core adds the connection's properties: {@link #validate} then checks only the
 * properties present, and the complete check runs on the merged spec.
 */
public final class RedisTierProperties {

  /** The properties a {@code redis} tier accepts. */
  public static final List<String> KNOWN = List.of("mode", "address", "nodes", "master", "connection", "username",
      "password", "sentinelUsername", "sentinelPassword", "tls", "tlsTruststore", "tlsTruststorePassword",
      "database", "timeout", "lockLease");

  /** The default command timeout in milliseconds. */
  public static final int DEFAULT_TIMEOUT_MILLIS = 3_000;

  /** The default lease of a compute lock in milliseconds. */
  public static final int DEFAULT_LOCK_LEASE_MILLIS = 30_000;

  private RedisTierProperties() {
  }

  /** Checks every property; returns nothing, throws {@link IllegalArgumentException} on the first bad one. */
  public static void validate(TierSpec spec) {
    TierProperties.checkKnown(spec, KNOWN);
    if (awaitsConnection(spec)) {
      checkEachPresent(spec);
    } else {
      settings(spec);
    }
    lockLeaseMillis(spec);
  }

  /**
   * Whether the spec names a connection and holds none of its addresses: the spec as written in a
   * configuration file, before the core merges the connection's properties into it.
   */
  private static boolean awaitsConnection(TierSpec spec) {
    return present(spec, "connection") && !present(spec, "address") && !present(spec, "nodes");
  }

  /** Checks the form of each property present, not whether they fit together. */
  private static void checkEachPresent(TierSpec spec) {
    mode(spec);
    flag(spec, "tls");
    text(spec, "master");
    text(spec, "username");
    text(spec, "password");
    text(spec, "sentinelUsername");
    text(spec, "sentinelPassword");
    truststore(spec);
    text(spec, "tlsTruststorePassword");
    intValue(spec, "database", 0, 0, Integer.MAX_VALUE);
    millis(spec, "timeout", DEFAULT_TIMEOUT_MILLIS, 1);
  }

  /** The connection settings of the spec: every property present, checked together. */
  static RedisConnections.Settings settings(TierSpec spec) {
    if (awaitsConnection(spec)) {
      throw new IllegalArgumentException("redis tier: connection '" + spec.properties().get("connection")
          + "' gave no 'address' nor 'nodes' (a named connection is resolved by the core from the"
          + " configuration's 'connections' section; give the tier an 'address' such as redis://host:port,"
          + " or 'mode' and 'nodes')");
    }
    RedisConnections.Mode mode = mode(spec);
    Boolean tls = flag(spec, "tls");
    String master = text(spec, "master");
    String sentinelUsername = text(spec, "sentinelUsername");
    String sentinelPassword = text(spec, "sentinelPassword");
    int database = intValue(spec, "database", 0, 0, Integer.MAX_VALUE);
    int timeout = millis(spec, "timeout", DEFAULT_TIMEOUT_MILLIS, 1);
    List<String> nodes;
    switch (mode) {
      case STANDALONE -> {
        if (present(spec, "nodes")) {
          throw new IllegalArgumentException("redis tier 'nodes' is for mode cluster or sentinel; mode standalone"
              + " (the default) takes one 'address'" + (present(spec, "mode") ? "" : " (set 'mode')"));
        }
        refuseOutside(spec, mode, "master", "sentinelUsername", "sentinelPassword");
        nodes = List.of(address(spec, tls));
      }
      case CLUSTER -> {
        refuseAddress(spec, mode);
        refuseOutside(spec, mode, "master", "sentinelUsername", "sentinelPassword");
        if (database != 0) {
          throw invalid(spec, "database", "0 or absent in mode cluster (a Redis Cluster has database 0 only)",
              spec.properties().get("database"));
        }
        nodes = nodes(spec, mode, tls);
      }
      case SENTINEL -> {
        refuseAddress(spec, mode);
        if (master == null) {
          throw new IllegalArgumentException("redis tier in mode sentinel needs 'master', the name the sentinels"
              + " monitor (such as mymaster)");
        }
        nodes = nodes(spec, mode, tls);
      }
      default -> throw new AssertionError(mode);
    }
    String truststore = truststore(spec);
    String truststorePassword = text(spec, "tlsTruststorePassword");
    if (truststore == null && truststorePassword != null) {
      throw new IllegalArgumentException("redis tier 'tlsTruststorePassword' is set without 'tlsTruststore'");
    }
    if (truststore != null && !nodes.get(0).startsWith("rediss://")) {
      throw new IllegalArgumentException("redis tier 'tlsTruststore' needs TLS: rediss:// addresses or 'tls: true'");
    }
    RedisConnections.Tls tlsSettings = truststore == null ? null
        : new RedisConnections.Tls(truststore, truststorePassword);
    return new RedisConnections.Settings(mode, nodes, master, text(spec, "username"), text(spec, "password"),
        sentinelUsername, sentinelPassword, tlsSettings, database, timeout);
  }

  static int lockLeaseMillis(TierSpec spec) {
    return millis(spec, "lockLease", DEFAULT_LOCK_LEASE_MILLIS, 100);
  }

  private static RedisConnections.Mode mode(TierSpec spec) {
    String value = text(spec, "mode");
    if (value == null) {
      return RedisConnections.Mode.STANDALONE;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "standalone", "single" -> RedisConnections.Mode.STANDALONE;
      case "cluster" -> RedisConnections.Mode.CLUSTER;
      case "sentinel" -> RedisConnections.Mode.SENTINEL;
      default -> throw invalid(spec, "mode", "standalone, cluster or sentinel", value);
    };
  }

  /** {@code tlsTruststore} as a {@code file:} URL, or {@code null}; the file must exist and be readable. */
  private static String truststore(TierSpec spec) {
    String value = text(spec, "tlsTruststore");
    if (value == null) {
      return null;
    }
    Path path;
    try {
      path = value.startsWith("file:") ? Path.of(URI.create(value)) : Path.of(value);
    } catch (IllegalArgumentException e) {  // also InvalidPathException
      IllegalArgumentException error = invalid(spec, "tlsTruststore", "a file path or a file: URL", value);
      error.initCause(e);
      throw error;
    }
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("redis tier 'tlsTruststore' names no readable file: '" + value + "'");
    }
    return path.toAbsolutePath().normalize().toUri().toString();
  }

  private static void refuseAddress(TierSpec spec, RedisConnections.Mode mode) {
    if (present(spec, "address")) {
      throw new IllegalArgumentException("redis tier 'address' is for mode standalone; mode " + mode.label()
          + " takes 'nodes' (" + (mode == RedisConnections.Mode.CLUSTER ? "the cluster's seed nodes"
          : "the sentinels") + ")");
    }
  }

  private static void refuseOutside(TierSpec spec, RedisConnections.Mode mode, String... keys) {
    for (String key : keys) {
      if (present(spec, key)) {
        throw new IllegalArgumentException("redis tier '" + key + "' is for mode sentinel only, not mode "
            + mode.label());
      }
    }
  }

  /** The {@code address} of a standalone server, its scheme settled by {@code tls}. */
  private static String address(TierSpec spec, Boolean tls) {
    Object value = spec.properties().get("address");
    if (value == null) {
      throw new IllegalArgumentException("redis tier needs an 'address' (redis://host:port, rediss:// for TLS),"
          + " or 'mode' cluster or sentinel with 'nodes'");
    }
    if (!(value instanceof CharSequence)) {
      throw badAddress(spec, "address", value);
    }
    return withTls("address", parseAddress(spec, "address", value.toString()), tls);
  }

  /** The {@code nodes}: a list, or one text separated by commas or white space; sorted, without repeats. */
  private static List<String> nodes(TierSpec spec, RedisConnections.Mode mode, Boolean tls) {
    Object value = spec.properties().get("nodes");
    String what = mode == RedisConnections.Mode.CLUSTER ? "the cluster's seed nodes" : "the sentinels";
    if (value == null) {
      throw new IllegalArgumentException("redis tier in mode " + mode.label() + " needs 'nodes', " + what
          + " (such as [redis://10.0.0.1:" + (mode == RedisConnections.Mode.CLUSTER ? "7000" : "26379")
          + ", redis://10.0.0.2:" + (mode == RedisConnections.Mode.CLUSTER ? "7000" : "26379") + "])");
    }
    List<String> raw = list(spec, "nodes", "addresses such as redis://host:port");
    if (raw.isEmpty()) {
      throw new IllegalArgumentException("redis tier 'nodes' is empty: mode " + mode.label() + " needs " + what);
    }
    TreeSet<String> parsed = new TreeSet<>();
    for (String node : raw) {
      parsed.add(parseAddress(spec, "nodes", node));
    }
    if (tls == null && parsed.stream().map(a -> a.startsWith("rediss:")).distinct().count() > 1) {
      throw new IllegalArgumentException("redis tier 'nodes' mixes redis:// and rediss:// addresses; use one"
          + " scheme (or set 'tls')");
    }
    TreeSet<String> result = new TreeSet<>();
    for (String node : parsed) {
      result.add(withTls("nodes", node, tls));
    }
    return List.copyOf(result);
  }

  /** {@code scheme://host:port}, checked; errors name {@code key}. */
  private static String parseAddress(TierSpec spec, String key, String value) {
    String text = value.trim();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      IllegalArgumentException error = badAddress(spec, key, value);
      error.initCause(e);
      throw error;
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
      throw badAddress(spec, key, value);
    }
    if (uri.getHost() == null || uri.getPort() < 0 || uri.getPort() > 65535) {
      throw badAddress(spec, key, value);
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("redis tier '" + key + "' must not hold credentials; use 'username'"
          + " and 'password'");
    }
    String path = uri.getPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw invalid(spec, key, "scheme://host:port only (set the database with 'database')", value);
    }
    return scheme + "://" + uri.getHost() + ":" + uri.getPort();
  }

  private static String withTls(String key, String address, Boolean tls) {
    if (tls == null) {
      return address;
    }
    boolean secure = address.startsWith("rediss://");
    if (tls && !secure) {
      return "rediss://" + address.substring("redis://".length());
    }
    if (!tls && secure) {
      throw new IllegalArgumentException("redis tier 'tls' is false but '" + key + "' holds the TLS address '"
          + address + "'");
    }
    return address;
  }

  private static IllegalArgumentException badAddress(TierSpec spec, String key, Object value) {
    return invalid(spec, key, "redis://host:port or rediss://host:port", value);
  }
}

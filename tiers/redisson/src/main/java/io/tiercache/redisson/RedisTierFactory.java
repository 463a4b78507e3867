package io.tiercache.redisson;

import io.tiercache.config.TierSpec;
import io.tiercache.redisson.internal.RedisTierProperties;
import io.tiercache.redisson.internal.RedisTiers;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierFactory;

/**
 * Builds {@code redis} tiers: a cache's entries in Redis, shared by every JVM that uses it, as bytes of
 * the cache's allowlisted codec. Properties (every error names the one at fault):
 *
 * <ul>
 *   <li>{@code mode} (default {@code standalone}): {@code standalone}, {@code cluster} or {@code sentinel}.</li>
 *   <li>{@code address} (standalone): {@code redis://host:port}, {@code rediss://host:port} for TLS.</li>
 *   <li>{@code nodes} (cluster: seed nodes; sentinel: the sentinels): a list of such addresses, or one
 *       text of them separated by commas or spaces.</li>
 *   <li>{@code master} (sentinel, required): the master name the sentinels monitor.</li>
 *   <li>{@code connection}: the name of a connection declared in the configuration; the core merges its
 *       properties into the spec (the spec's own win). A spec with a {@code connection} and neither
 *       {@code address} nor {@code nodes} passes {@link #validate} (only the properties present are
 *       checked) but cannot be built until merged.</li>
 *   <li>{@code username}, {@code password}: Redis ACL credentials (optional); {@code sentinelUsername},
 *       {@code sentinelPassword}: the sentinels' (sentinel mode).</li>
 *   <li>{@code tls}: {@code true} uses every address as {@code rediss://}; {@code false} refuses
 *       {@code rediss://} addresses; absent, the scheme decides. {@code tlsTruststore} (a file path or
 *       {@code file:} URL) and {@code tlsTruststorePassword}: the trust store for the servers'
 *       certificates instead of the JVM's default.</li>
 *   <li>{@code database} (default 0): the database index; standalone and sentinel only.</li>
 *   <li>{@code timeout} (default 3000): milliseconds to wait for a connection or a reply; every call is
 *       bounded by it (plus up to two resend attempts 100 ms apart for commands that could not be sent).</li>
 *   <li>{@code lockLease} (default 30000): milliseconds a {@code compute} may hold its key's lock. A compute
 *       whose function runs longer does not write its result and fails.</li>
 * </ul>
 *
 * <p>Tiers with the same mode, nodes, master name, credentials, database and timeout share one Redisson
 * client in a JVM. Cluster and sentinel clients read and write masters only.
 */
public final class RedisTierFactory implements TierFactory {

  /** The kind, as written in configuration. */
  public static final String KIND = "redis";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void validate(TierSpec spec) {
    RedisTierProperties.validate(spec);
  }

  @Override
  public <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
    validate(spec);
    return RedisTiers.create(spec, context);
  }
}

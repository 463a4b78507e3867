package io.tiercache.redisson;

import io.tiercache.config.TierSpec;
import io.tiercache.redisson.internal.RedisTierProperties;
import io.tiercache.redisson.internal.RedisTiers;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierFactory;

/**
 * Builds {@code redis} tiers: a cache's entries in one Redis server, shared by every JVM that uses it,
 * as bytes of the cache's allowlisted codec. Properties:
 *
 * <ul>
 *   <li>{@code address} (required for now): {@code redis://host:port}, {@code rediss://host:port} for TLS.</li>
 *   <li>{@code connection}: the name of a connection declared in the configuration. Resolving names is
 *       the core's job; until it does, a spec with a {@code connection} and no {@code address} is refused
 *       with a message saying so. With both, the {@code address} is used.</li>
 *   <li>{@code username}, {@code password}: Redis ACL credentials (optional).</li>
 *   <li>{@code database} (default 0): the database index.</li>
 *   <li>{@code timeout} (default 3000): milliseconds to wait for a connection or a reply; every call is
 *       bounded by it (plus up to two resend attempts 100 ms apart for commands that could not be sent).</li>
 *   <li>{@code lockLease} (default 30000): milliseconds a {@code compute} may hold its key's lock. A compute
 *       whose function runs longer does not write its result and fails.</li>
 * </ul>
 *
 * <p>Tiers with the same address, credentials, database and timeout share one Redisson client in a JVM.
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

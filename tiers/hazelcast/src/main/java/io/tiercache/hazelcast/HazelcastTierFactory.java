package io.tiercache.hazelcast;

import io.tiercache.config.TierSpec;
import io.tiercache.hazelcast.internal.HazelcastTierProperties;
import io.tiercache.hazelcast.internal.HazelcastTiersInternal;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierFactory;

/**
 * Builds {@code hazelcast} tiers: a cache's entries in one Hazelcast {@code IMap} ({@code tc:<cache>}),
 * shared by every JVM of the cluster, as bytes of the cache's allowlisted codec. Properties:
 *
 * <ul>
 *   <li>{@code mode}: {@code member} (default) starts an embedded member in this JVM; {@code client}
 *       connects to members elsewhere.</li>
 *   <li>{@code cluster}: the cluster name (default {@code tiercache}).</li>
 *   <li>{@code members}: {@code host:port} addresses, a list or a text separated by commas: the members to
 *       join over TCP/IP (default {@code 127.0.0.1}) or to connect to (default {@code 127.0.0.1:5701}).</li>
 *   <li>{@code port} (member only, default 5701): the port to listen on; the next free one if busy.</li>
 *   <li>{@code backupCount} (default 1): synchronous backups of the cache's map.</li>
 *   <li>{@code lockLease} (default 30000): milliseconds a {@code compute} may hold its key's lock.</li>
 *   <li>{@code splitBrainProtection} (member only, default 0: none): the minimum cluster size below which
 *       the cache's map refuses reads and writes.</li>
 *   <li>{@code mergePolicy} (default {@code putIfAbsent}): how the map's entries merge when a split brain
 *       heals.</li>
 *   <li>{@code instance}: the name of an instance handed over with {@link HazelcastTiers#register}.</li>
 * </ul>
 *
 * <p>Tiers with the same settings share one {@code HazelcastInstance} in a JVM (reference counted).
 */
public final class HazelcastTierFactory implements TierFactory {

  /** The kind, as written in configuration. */
  public static final String KIND = "hazelcast";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void validate(TierSpec spec) {
    HazelcastTierProperties.validate(spec);
  }

  @Override
  public <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
    validate(spec);
    return HazelcastTiersInternal.create(spec, context);
  }
}

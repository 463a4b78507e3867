package io.tiercache.hazelcast.internal;

import io.tiercache.spi.EntryFrames;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import io.tiercache.config.TierSpec;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds Hazelcast tiers. */
public final class HazelcastTiersInternal {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastTiersInternal.class);

  private HazelcastTiersInternal() {
  }

  /** A Hazelcast tier for {@code context} as {@code spec} describes (already validated). */
  public static <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
    HazelcastConnections.Settings settings = HazelcastTierProperties.settings(spec);
    String where = "hazelcast tier of cache '" + context.cacheName() + "' (" + settings + ")";
    EntryFrames<K, V> frames = new EntryFrames<>(context.codec(), context.classLoader(), context.keyType(),
        context.valueType(), where);
    HazelcastConnections.Handle handle = HazelcastConnections.acquire(settings);
    try {
      if (settings.mode() != HazelcastConnections.Mode.REGISTERED || HazelcastTierProperties.backupCountGiven(spec)
          || HazelcastTierProperties.mergePolicyGiven(spec)) {
        configureMap(handle, mapConfig(HazelcastNames.map(context.cacheName()), spec), where);
      }
      return new HazelcastTier<>(where, handle, context.cacheName(), frames,
          HazelcastTierProperties.lockLeaseMillis(spec), context.entriesMayExpire());
    } catch (RuntimeException | Error e) {
      handle.close();
      throw e;
    }
  }

  /**
   * The configuration a tier of {@code spec} gives a cache map named {@code mapName} (a map name or a
   * pattern such as {@code tc:*}): the backup count (synchronous), the BINARY in-memory format, under
   * which {@code IMap.remove(key, value)} compares serialized bytes, the merge policy (with per-entry
   * statistics when it compares them), and for an embedded member with {@code splitBrainProtection}
   * the name of the rule of that minimum cluster size, which the member defines (see
   * {@link HazelcastConnections#memberConfig}).
   */
  public static MapConfig mapConfig(String mapName, TierSpec spec) {
    MapConfig config = new MapConfig(mapName)
        .setBackupCount(HazelcastTierProperties.backupCount(spec))
        .setAsyncBackupCount(0)
        .setInMemoryFormat(InMemoryFormat.BINARY);
    String mergePolicy = HazelcastTierProperties.mergePolicy(spec);
    config.getMergePolicyConfig().setPolicy(mergePolicy);
    // the policies that compare update times, hits or access times need the per-entry statistics
    config.setPerEntryStatsEnabled(!HazelcastTierProperties.mergePolicyWithoutStatistics(mergePolicy));
    int splitBrainProtection = HazelcastTierProperties.settings(spec).splitBrainProtection();
    if (splitBrainProtection > 0) {
      config.setSplitBrainProtectionName(HazelcastNames.splitBrainProtection(splitBrainProtection));
    }
    return config;
  }

  /**
   * Adds the cache map's configuration to the cluster (dynamic configuration). A cluster that already has
   * another configuration for the map keeps it (with a warning).
   */
  private static void configureMap(HazelcastConnections.Handle handle, MapConfig config, String where) {
    try {
      handle.instance().getConfig().addMapConfig(config);
    } catch (RuntimeException e) {
      LOG.warn("{}: the cluster keeps its own configuration of map {} ({})", where, config.getName(), e.getMessage());
    }
  }
}

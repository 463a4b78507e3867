package io.tiercache.hazelcast.internal;

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
      if (settings.mode() != HazelcastConnections.Mode.REGISTERED || HazelcastTierProperties.backupCountGiven(spec)) {
        configureMap(handle, HazelcastNames.map(context.cacheName()), HazelcastTierProperties.backupCount(spec), where);
      }
      return new HazelcastTier<>(where, handle, context.cacheName(), frames,
          HazelcastTierProperties.lockLeaseMillis(spec), context.entriesMayExpire());
    } catch (RuntimeException | Error e) {
      handle.close();
      throw e;
    }
  }

  /**
   * Adds the cache map's configuration to the cluster (dynamic configuration): the backup count, and
   * the BINARY in-memory format, under which {@code IMap.remove(key, value)} compares serialized bytes.
   * A cluster that already has another configuration for the map keeps it (with a warning).
   */
  private static void configureMap(HazelcastConnections.Handle handle, String mapName, int backupCount,
      String where) {
    MapConfig config = new MapConfig(mapName).setBackupCount(backupCount).setInMemoryFormat(InMemoryFormat.BINARY);
    try {
      handle.instance().getConfig().addMapConfig(config);
    } catch (RuntimeException e) {
      LOG.warn("{}: the cluster keeps its own configuration of map {} ({})", where, mapName, e.getMessage());
    }
  }
}

package io.tiercache.ehcache;

import io.tiercache.config.TierSpec;
import io.tiercache.ehcache.internal.EhcacheTiers;
import io.tiercache.ehcache.internal.EhcacheTierProperties;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierFactory;
import io.tiercache.spi.TierProperties;
import java.util.List;

/**
 * Builds {@code disk} tiers: an Ehcache disk store, holding keys and values as bytes of the cache's
 * codec. Properties:
 *
 * <ul>
 *   <li>{@code path} (required): a directory; each cache keeps its files in a subdirectory named after
 *       it (see {@link EhcacheTiers#directoryName(String)}), so caches may share a path. One process
 *       at a time may open a given cache on a given path.</li>
 *   <li>{@code size} (required): bytes or e.g. {@code 2GB}, at least 1MB.</li>
 *   <li>{@code persistent} (default false): when true, entries survive a clean close and a restart with
 *       their value, expiry time and version, and are decoded through the cache's class allowlist; a
 *       process killed or crashed loses them (Ehcache discards a store that was not closed cleanly). When
 *       false, the store is emptied at start and deleted at close.</li>
 * </ul>
 */
public final class DiskTierFactory implements TierFactory {

  /** The kind, as written in configuration. */
  public static final String KIND = "disk";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void validate(TierSpec spec) {
    TierProperties.checkKnown(spec, List.of("path", "size", "persistent"));
    EhcacheTierProperties.path(spec);
    EhcacheTierProperties.size(spec);
    EhcacheTierProperties.persistent(spec);
  }

  @Override
  public <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
    validate(spec);
    return EhcacheTiers.disk(context, EhcacheTierProperties.path(spec), EhcacheTierProperties.size(spec),
        EhcacheTierProperties.persistent(spec));
  }
}

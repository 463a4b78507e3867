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
 * Builds {@code offheap} tiers: an Ehcache off-heap pool in this JVM's direct memory, holding keys and
 * values as bytes of the cache's codec. Properties: {@code size} (required; bytes or e.g. {@code 256MB},
 * at least 1MB). Its contents go when the tier closes. Direct memory is bounded by
 * {@code -XX:MaxDirectMemorySize}.
 */
public final class OffHeapTierFactory implements TierFactory {

  /** The kind, as written in configuration. */
  public static final String KIND = "offheap";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void validate(TierSpec spec) {
    TierProperties.checkKnown(spec, List.of("size"));
    EhcacheTierProperties.size(spec);
  }

  @Override
  public <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
    validate(spec);
    return EhcacheTiers.offHeap(context, EhcacheTierProperties.size(spec));
  }
}

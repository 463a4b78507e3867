package io.tiercache.internal.heap;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierFactory;

/**
 * Builds heap tiers. Properties: {@code entries} (the bound, default {@value #DEFAULT_ENTRIES}).
 */
public final class HeapTierFactory implements TierFactory {

  /** The bound of a heap tier configured without one. */
  public static final long DEFAULT_ENTRIES = 10_000;

  @Override
  public String kind() {
    return "heap";
  }

  @Override
  public void validate(TierSpec spec) {
    entries(spec);
    for (String key : spec.properties().keySet()) {
      if (!key.equals("entries")) {
        throw new IllegalArgumentException("unknown heap tier property '" + key + "' (expected: entries)");
      }
    }
  }

  @Override
  public <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
    return new HeapTier<>("heap", entries(spec), context.entriesMayExpire(), context.listener());
  }

  private static long entries(TierSpec spec) {
    Object value = spec.property("entries", DEFAULT_ENTRIES);
    long entries;
    if (value instanceof Number number) {
      entries = number.longValue();
    } else {
      try {
        entries = Long.parseLong(value.toString().replace("_", "").trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("heap 'entries' must be a whole number, was '" + value + "'");
      }
    }
    if (entries <= 0) {
      throw new IllegalArgumentException("heap 'entries' must be positive, was " + entries);
    }
    return entries;
  }
}

package io.tiercache.redisson.internal;

import io.tiercache.spi.EntryFrames;
import io.tiercache.config.TierSpec;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;

/** Builds Redis tiers. */
public final class RedisTiers {

  private RedisTiers() {
  }

  /** A Redis tier for {@code context} as {@code spec} describes (already validated). */
  public static <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
    RedisConnections.Settings settings = RedisTierProperties.settings(spec);
    String where = "redis tier of cache '" + context.cacheName() + "' (" + settings + ")";
    EntryFrames<K, V> frames = new EntryFrames<>(context.codec(), context.classLoader(), context.keyType(),
        context.valueType(), where);
    RedisConnections.Handle handle = RedisConnections.acquire(settings);
    try {
      return new RedisTier<>(where, handle, new RedisKeys(context.cacheName()), frames, settings.timeoutMillis(),
          RedisTierProperties.lockLeaseMillis(spec));
    } catch (RuntimeException | Error e) {
      handle.close();
      throw e;
    }
  }
}

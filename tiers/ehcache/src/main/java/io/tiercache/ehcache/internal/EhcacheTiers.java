package io.tiercache.ehcache.internal;

import io.tiercache.codec.Codec;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.ehcache.config.ResourcePools;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheEventListenerConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.event.EventType;

/** Builds the Ehcache tiers: the Ehcache configuration every tier of this module shares. */
public final class EhcacheTiers {

  private static final SecureRandom INCARNATIONS = new SecureRandom();

  private EhcacheTiers() {
  }

  /** An off-heap tier of {@code bytes}, holding bytes of the context's trusted codec. */
  public static <K, V> Tier<K, V> offHeap(TierContext<K, V> context, long bytes) {
    String where = "offheap tier of cache '" + context.cacheName() + "'";
    EntryCodec<K, V> codec = codec(context, context.trustedCodec(), where);
    ResourcePools pools = ResourcePoolsBuilder.newResourcePoolsBuilder().offheap(bytes, MemoryUnit.B).build();
    EhcacheStore store = EhcacheStore.offHeap(directoryName(context.cacheName()),
        configuration(context, codec, pools, where), where);
    return new EhcacheTier<>("offheap", where, store, codec);
  }

  private static final AtomicLong INSTANCES = new AtomicLong();

  /**
   * A disk tier of {@code bytes} in {@code path}/{@link #directoryName(String) directoryName(cache)}
   * (persistent), or in a directory of its own beside it, deleted at close (not persistent).
   * A persistent one decodes with the context's allowlisted codec (its bytes outlive this JVM); a
   * non-persistent one, cleared at start, with the trusted codec.
   */
  public static <K, V> Tier<K, V> disk(TierContext<K, V> context, Path path, long bytes, boolean persistent) {
    String directory = directoryName(context.cacheName());
    // a non-persistent store belongs to this tier instance alone: several cache managers (or JVMs)
    // may each have a cache of that name on the same path without locking each other out
    Path root = persistent ? path.resolve(directory)
        : path.resolve(directory + "-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
    String where = "disk tier of cache '" + context.cacheName() + "' (" + root + ")";
    EntryCodec<K, V> codec = codec(context, persistent ? context.codec() : context.trustedCodec(), where);
    ResourcePools pools = ResourcePoolsBuilder.newResourcePoolsBuilder()
        .disk(bytes, MemoryUnit.B, persistent).build();
    EhcacheStore store = EhcacheStore.disk(root, directory, configuration(context, codec, pools, where),
        persistent, where);
    return new EhcacheTier<>("disk", where, store, codec);
  }

  /**
   * The directory (and Ehcache cache) name for a cache: the name itself when it is made of letters,
   * digits, {@code _ - .} only, does not start with a dot and is at most 64 characters; else those
   * characters with every other one replaced by {@code _}, cut to 64, plus {@code -} and 8 hex digits
   * of the SHA-256 of the name, so distinct names never share a directory.
   */
  public static String directoryName(String cacheName) {
    StringBuilder safe = new StringBuilder(cacheName.length());
    for (int i = 0; i < cacheName.length(); i++) {
      char c = cacheName.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == '.';
      safe.append(allowed ? c : '_');
    }
    String name = safe.toString();
    if (name.equals(cacheName) && !name.isEmpty() && !name.startsWith(".") && name.length() <= 64) {
      return name;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cacheName.getBytes(StandardCharsets.UTF_8));
      return name.substring(0, Math.min(64, name.length())) + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static <K, V> EntryCodec<K, V> codec(TierContext<K, V> context, Codec codec, String where) {
    return new EntryCodec<>(codec, context.classLoader(), context.keyType(), context.valueType(),
        INCARNATIONS.nextLong(), where);
  }

  private static <K, V> org.ehcache.config.CacheConfiguration<ByteKey, Record> configuration(
      TierContext<K, V> context, EntryCodec<K, V> codec, ResourcePools pools, String where) {
    CacheConfigurationBuilder<ByteKey, Record> builder = CacheConfigurationBuilder
        .newCacheConfigurationBuilder(ByteKey.class, Record.class, pools)
        .withKeySerializer(new FrameSerializers.Keys())
        .withValueSerializer(new FrameSerializers.Records())
        .withExpiry(new RecordExpiryPolicy(context.entriesMayExpire()))
        .withResilienceStrategy(FailFastResilienceStrategy.class, where);
    TierListener<K, V> listener = context.listener();
    if (listener != null && listener != TierListener.none()) {
      builder = builder.withService(CacheEventListenerConfigurationBuilder
          .newEventListenerConfiguration(new DroppedEntryForwarder<>(codec, listener),
              EventType.EVICTED, EventType.EXPIRED)
          .unordered()
          .asynchronous());
    }
    return builder.build();
  }
}

package io.tiercache.internal.heap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierListener;
import io.tiercache.spi.TierLocality;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The heap tier: a Caffeine cache bounded by entry count.
 *
 * <ul>
 *   <li>Reads take no lock; {@link #liveValue} allocates nothing.</li>
 *   <li>In a cache whose entries can expire, Caffeine holds {@link StoredEntry}s and expires them
 *       natively (variable expiry from {@link StoredEntry#expiresAt()}, with a scheduler), so memory
 *       is reclaimed without reads. Native expiry runs {@link #EXPIRY_GRACE_NANOS} late, so an
 *       operation that meets an expired entry sees it (and the core reports the expiry to listeners
 *       before the operation returns) rather than finding nothing. Reservations expire after
 *       {@link #RESERVATION_TTL_NANOS}, so a reader that died never pins a key.</li>
 *   <li>In a cache whose entries never expire, Caffeine holds each value itself, without an entry
 *       object: a hit then reads what a plain Caffeine cache reads (one dependent load less) and an
 *       entry takes 32 bytes less. Its version is not kept (no version is asked for there: see
 *       {@link io.tiercache.spi.TierContext#entriesMayExpire()}); such a value reads back as version
 *       {@link #UNKEPT_VERSION}, and a replace or remove by a positive version never matches it.
 *       Reservations, and the rare value that is itself a {@code StoredEntry}, are held as entry
 *       objects.</li>
 *   <li>{@link #compute} is Caffeine's {@code compute}: atomic per key, the function runs once.</li>
 * </ul>
 */
final class HeapTier<K, V> implements Tier<K, V> {

  static final long RESERVATION_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final long EXPIRY_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The version a value held without its entry object reads back with. */
  static final long UNKEPT_VERSION = 1;

  private final String name;
  /** Whether values are held without entry objects (the cache's entries never expire). */
  private final boolean bare;
  /** Values: a {@link StoredEntry}, or (when {@link #bare}) the value itself. */
  private final Cache<K, Object> cache;
  private final ConcurrentMap<K, Object> map;

  HeapTier(String name, long maxEntries, boolean entriesMayExpire, TierListener<K, V> listener) {
    this.name = name;
    this.bare = !entriesMayExpire;
    Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maxEntries);
    Caffeine<K, Object> typed = builder.<K, Object>evictionListener((key, held, cause) -> {
      if (key != null && held != null && cause.wasEvicted()) {
        StoredEntry<V> entry = entry(held);
        if (!entry.isReservation()) {
          listener.onDropped(key, entry, cause == RemovalCause.EXPIRED);
        }
      }
    });
    if (entriesMayExpire) {
      typed = typed.expireAfter(new EntryExpiry<>()).scheduler(Scheduler.systemScheduler());
    }
    this.cache = typed.build();
    this.map = cache.asMap();
  }

  /** What Caffeine holds for {@code entry}. */
  private Object held(StoredEntry<V> entry) {
    if (bare && !entry.isReservation() && entry.expiresAt() == StoredEntry.NEVER
        && !(entry.value() instanceof StoredEntry)) {
      return entry.value();
    }
    return entry;
  }

  /** The entry Caffeine's {@code held} stands for ({@code null} for {@code null}). */
  @SuppressWarnings("unchecked")
  private static <V> StoredEntry<V> entry(Object held) {
    if (held == null || held instanceof StoredEntry) {
      return (StoredEntry<V>) held;
    }
    return StoredEntry.of((V) held, StoredEntry.NEVER, UNKEPT_VERSION);
  }

  /** Whether {@code held} is an entry object of version {@code expectedVersion}. */
  private static boolean hasVersion(Object held, long expectedVersion) {
    return held instanceof StoredEntry<?> entry && entry.version() == expectedVersion;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TierLocality locality() {
    return TierLocality.LOCAL;
  }

  @Override
  public StoredEntry<V> get(K key) {
    return entry(cache.getIfPresent(key));
  }

  @Override
  @SuppressWarnings("unchecked")
  public V liveValue(K key) {
    Object held = cache.getIfPresent(key);
    if (held instanceof StoredEntry) {
      return ((StoredEntry<V>) held).liveValue();
    }
    return (V) held;
  }

  @Override
  public Map<K, StoredEntry<V>> getAll(Set<? extends K> keys) {
    Map<K, StoredEntry<V>> entries = new HashMap<>(keys.size() * 2);
    for (K key : keys) {
      StoredEntry<V> entry = entry(cache.getIfPresent(key));
      if (entry != null) {
        entries.put(key, entry);
      }
    }
    return entries;
  }

  @Override
  public void put(K key, StoredEntry<V> entry) {
    map.put(key, held(entry));
  }

  @Override
  public void putAll(Map<? extends K, StoredEntry<V>> entries) {
    entries.forEach(this::put);
  }

  @Override
  public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
    return entry(map.putIfAbsent(key, held(entry)));
  }

  @Override
  public boolean replace(K key, long expectedVersion, StoredEntry<V> entry) {
    boolean[] replaced = new boolean[1];
    map.computeIfPresent(key, (k, current) -> {
      if (hasVersion(current, expectedVersion)) {
        replaced[0] = true;
        return held(entry);
      }
      return current;
    });
    return replaced[0];
  }

  @Override
  public boolean remove(K key, long expectedVersion) {
    boolean[] removed = new boolean[1];
    map.computeIfPresent(key, (k, current) -> {
      if (hasVersion(current, expectedVersion)) {
        removed[0] = true;
        return null;
      }
      return current;
    });
    return removed[0];
  }

  @Override
  public void remove(K key) {
    map.remove(key);
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    cache.invalidateAll(keys);
  }

  @Override
  public StoredEntry<V> compute(K key,
      BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
    return entry(map.compute(key, (k, current) -> {
      StoredEntry<V> next = function.apply(k, entry(current));
      return next == null ? null : held(next);
    }));
  }

  @Override
  public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
    return map.entrySet().stream()
        .<Map.Entry<K, StoredEntry<V>>>map(held ->
            new AbstractMap.SimpleImmutableEntry<>(held.getKey(), entry(held.getValue())))
        .iterator();
  }

  @Override
  public long size() {
    return cache.estimatedSize();
  }

  @Override
  public void clear() {
    cache.invalidateAll();
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** Each entry lives until its own {@code expiresAt}; reads do not extend it (the core does that). */
  private static final class EntryExpiry<K> implements Expiry<K, Object> {

    @Override
    public long expireAfterCreate(K key, Object held, long currentTime) {
      return nanosUntil(held);
    }

    @Override
    public long expireAfterUpdate(K key, Object held, long currentTime, long currentDuration) {
      return nanosUntil(held);
    }

    @Override
    public long expireAfterRead(K key, Object held, long currentTime, long currentDuration) {
      return currentDuration;
    }

    /** Entries that may expire are always held as entry objects. */
    private static long nanosUntil(Object held) {
      StoredEntry<?> entry = (StoredEntry<?>) held;
      if (entry.isReservation()) {
        return RESERVATION_TTL_NANOS;
      }
      long expiresAt = entry.expiresAt();
      if (expiresAt == StoredEntry.NEVER) {
        return Long.MAX_VALUE;
      }
      long millis = Math.max(0, expiresAt - System.currentTimeMillis());
      return millis >= Long.MAX_VALUE / 2_000_000
          ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(millis) + EXPIRY_GRACE_NANOS;
    }
  }
}

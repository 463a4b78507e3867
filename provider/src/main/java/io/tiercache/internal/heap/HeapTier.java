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
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The heap tier: a Caffeine cache of {@link StoredEntry}s, bounded by entry count.
 *
 * <ul>
 *   <li>Reads take no lock and allocate nothing.</li>
 *   <li>Entries expire natively (Caffeine variable expiry from {@link StoredEntry#expiresAt()}, with
 *       a scheduler), so memory is reclaimed without reads; the expiry machinery is built only for
 *       caches whose entries can expire. Native expiry runs {@link #EXPIRY_GRACE_NANOS} late, so an
 *       operation that meets an expired entry sees it (and the core reports the expiry to
 *       listeners before the operation returns) rather than finding nothing. Reservations expire
 *       after {@link #RESERVATION_TTL_NANOS}, so a reader that died never pins a key.</li>
 *   <li>{@link #compute} is Caffeine's {@code compute}: atomic per key, the function runs once.</li>
 * </ul>
 */
final class HeapTier<K, V> implements Tier<K, V> {

  static final long RESERVATION_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final long EXPIRY_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String name;
  private final Cache<K, StoredEntry<V>> cache;
  private final ConcurrentMap<K, StoredEntry<V>> map;

  HeapTier(String name, long maxEntries, boolean entriesMayExpire, TierListener<K, V> listener) {
    this.name = name;
    Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maxEntries);
    Caffeine<K, StoredEntry<V>> typed = builder.<K, StoredEntry<V>>evictionListener((key, entry, cause) -> {
      if (key != null && entry != null && !entry.isReservation() && cause.wasEvicted()) {
        listener.onDropped(key, entry, cause == RemovalCause.EXPIRED);
      }
    });
    if (entriesMayExpire) {
      typed = typed.expireAfter(new EntryExpiry<>()).scheduler(Scheduler.systemScheduler());
    }
    this.cache = typed.build();
    this.map = cache.asMap();
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
    return cache.getIfPresent(key);
  }

  @Override
  public Map<K, StoredEntry<V>> getAll(Set<? extends K> keys) {
    return cache.getAllPresent(keys);
  }

  @Override
  public void put(K key, StoredEntry<V> entry) {
    map.put(key, entry);
  }

  @Override
  public void putAll(Map<? extends K, StoredEntry<V>> entries) {
    map.putAll(entries);
  }

  @Override
  public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
    return map.putIfAbsent(key, entry);
  }

  @Override
  public boolean replace(K key, long expectedVersion, StoredEntry<V> entry) {
    boolean[] replaced = new boolean[1];
    map.computeIfPresent(key, (k, current) -> {
      if (current.version() == expectedVersion) {
        replaced[0] = true;
        return entry;
      }
      return current;
    });
    return replaced[0];
  }

  @Override
  public boolean remove(K key, long expectedVersion) {
    boolean[] removed = new boolean[1];
    map.computeIfPresent(key, (k, current) -> {
      if (current.version() == expectedVersion) {
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
    return map.compute(key, function);
  }

  @Override
  public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
    return map.entrySet().iterator();
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
  private static final class EntryExpiry<K, V> implements Expiry<K, StoredEntry<V>> {

    @Override
    public long expireAfterCreate(K key, StoredEntry<V> entry, long currentTime) {
      return nanosUntil(entry);
    }

    @Override
    public long expireAfterUpdate(K key, StoredEntry<V> entry, long currentTime, long currentDuration) {
      return nanosUntil(entry);
    }

    @Override
    public long expireAfterRead(K key, StoredEntry<V> entry, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private static long nanosUntil(StoredEntry<?> entry) {
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

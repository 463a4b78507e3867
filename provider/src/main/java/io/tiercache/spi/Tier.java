package io.tiercache.spi;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * One storage tier of a tiered cache: heap, off-heap, disk, Redis, Hazelcast.
 *
 * <p>A cache composes tiers T1..Tn, fastest first. Tn is the <em>authority</em>: it holds every entry
 * the cache holds. T1..Tn-1 are <em>caching tiers</em>: each holds a subset. A tier knows nothing of
 * JCache: no listeners, no statistics, no loaders, no expiry policy. It stores {@link StoredEntry}s
 * and keeps the promises below; the core builds every JCache rule on top of them.
 *
 * <ul>
 *   <li>Keys and values reach a tier as the objects the core hands over; a tier that stores bytes
 *       encodes them with {@link TierContext#codec()}.</li>
 *   <li>Each single-key operation is atomic for that key. {@link #compute} runs its function
 *       <em>exactly once</em> while no other operation on the key can interleave; the core runs
 *       writers and records events inside it.</li>
 *   <li>A tier may return entries whose expiry time has passed; it should also reclaim them on its
 *       own (native expiry) and tell {@link TierContext#listener()} when it does.</li>
 *   <li>A tier may drop entries to stay within its bounds (eviction); it never invents one.</li>
 *   <li>A failure to reach the tier is a {@link TierException}.</li>
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Tier<K, V> extends AutoCloseable {

  /** The tier's name, unique within its cache (e.g. {@code heap}, {@code offheap}). */
  String name();

  /** Whether the tier lives in this JVM or is shared between JVMs. */
  TierLocality locality();

  /** The entry for {@code key}, or {@code null}. May be expired or a reservation. */
  StoredEntry<V> get(K key);

  /**
   * The value of the entry for {@code key} if that entry is live (a value, not expired at the wall
   * clock now), else {@code null}: the core's fastest read. The default reads {@link #get}; a tier
   * that can answer without building an entry object overrides it.
   */
  default V liveValue(K key) {
    StoredEntry<V> entry = get(key);
    return entry == null ? null : entry.liveValue();
  }

  /** The entries present among {@code keys}, in one batch call. */
  Map<K, StoredEntry<V>> getAll(Set<? extends K> keys);

  /** Stores {@code entry}, replacing whatever was there (a reservation included). */
  void put(K key, StoredEntry<V> entry);

  /** Stores every entry, in one batch call. */
  void putAll(Map<? extends K, StoredEntry<V>> entries);

  /**
   * Stores {@code entry} if the key has no entry.
   *
   * @return {@code null} if stored, else the entry present (which may be expired or a reservation)
   */
  StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry);

  /** Replaces the entry if its current version is {@code expectedVersion}; returns whether it did. */
  boolean replace(K key, long expectedVersion, StoredEntry<V> entry);

  /** Removes the entry if its current version is {@code expectedVersion}; returns whether it did. */
  boolean remove(K key, long expectedVersion);

  /** Removes the entry for {@code key}, if any. */
  void remove(K key);

  /** Removes the entries for {@code keys}, in one batch call. */
  void removeAll(Set<? extends K> keys);

  /**
   * Atomically replaces the entry for {@code key} with what {@code function} returns ({@code null}
   * removes it). The function receives the current entry or {@code null}, runs exactly once, and no
   * other operation on the key interleaves with it. An exception from the function leaves the entry
   * unchanged and propagates.
   *
   * @return the entry now present, or {@code null}
   */
  StoredEntry<V> compute(K key, BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function);

  /**
   * Applies {@link #compute} to each key, as one batch where the tier can (one round trip for a
   * remote tier). Each key's update is atomic on its own; the batch as a whole is not.
   *
   * @return the entries now present, by key (keys whose entry is gone are absent)
   */
  default Map<K, StoredEntry<V>> computeAll(Set<? extends K> keys,
      BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
    Map<K, StoredEntry<V>> result = new java.util.HashMap<>();
    for (K key : keys) {
      StoredEntry<V> entry = compute(key, function);
      if (entry != null) {
        result.put(key, entry);
      }
    }
    return result;
  }

  /** A weakly consistent iterator over the entries; may include expired ones and reservations. */
  Iterator<Map.Entry<K, StoredEntry<V>>> iterator();

  /** The number of entries held, approximately (expired ones and reservations may be counted). */
  long size();

  /** Removes every entry. */
  void clear();

  /**
   * The bus that tells this JVM about changes other JVMs made to this shared tier, or {@code null}
   * (the default) for a local tier or a shared tier that cannot tell.
   */
  default InvalidationBus<K> invalidationBus() {
    return null;
  }

  /**
   * Whether {@link #tryLoadLease} works: shared tiers that can hold a lease for all their nodes.
   */
  default boolean supportsLoadLeases() {
    return false;
  }

  /**
   * Takes the lease to load {@code key} for {@code leaseMillis}, or returns {@code null} if another
   * holder has it. Only called when {@link #supportsLoadLeases()}.
   */
  default LoadLease tryLoadLease(K key, long leaseMillis) {
    throw new UnsupportedOperationException(name() + " tier has no load leases");
  }

  /** Releases the tier's resources. A persistent tier keeps its data. */
  @Override
  void close();
}

package io.tiercache.ehcache.internal;

import io.tiercache.codec.CodecException;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TierLocality;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import org.ehcache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An off-heap or disk tier: one Ehcache cache of checksummed byte frames ({@link EntryCodec}).
 *
 * <ul>
 *   <li>Keys and values are encoded with the tier's codec on the way in and decoded on the way out;
 *       Ehcache never sees an application object.</li>
 *   <li>Reads take no lock. Every mutation of a key (put, putIfAbsent, replace and remove by version,
 *       remove, compute, and the batch forms) holds the key's stripe of {@link StripedLocks}, so they
 *       are atomic with respect to each other; {@link #compute} runs its function exactly once, under
 *       the lock. Ehcache's own evictions and expiries still happen at any time.</li>
 *   <li>getAll, putAll and removeAll are one Ehcache bulk call each; computeAll locks the keys'
 *       stripes in ascending order and then makes one bulk read and one bulk write.</li>
 *   <li>An entry that does not verify (corrupt or truncated bytes, stored under another key, a type
 *       the cache does not expect) or that the codec refuses is removed, logged, and reported to the
 *       caller that found it: {@link TierException} for bad bytes, the codec's {@link CodecException}
 *       for a refused class. The caller then sees a miss. The iterator skips and removes such entries.
 *       Never is a value returned that did not verify.</li>
 *   <li>Ehcache failures become {@link TierException}s ({@link FailFastResilienceStrategy}).</li>
 * </ul>
 */
final class EhcacheTier<K, V> implements Tier<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(EhcacheTier.class);

  private final String name;
  private final String where;
  private final EhcacheStore store;
  private final Cache<ByteKey, Record> cache;
  private final EntryCodec<K, V> codec;
  private final StripedLocks locks = new StripedLocks();
  private final AtomicBoolean closed = new AtomicBoolean();

  EhcacheTier(String name, String where, EhcacheStore store, EntryCodec<K, V> codec) {
    this.name = name;
    this.where = where;
    this.store = store;
    this.cache = store.cache();
    this.codec = codec;
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
    ByteKey k = codec.encodeKey(key);
    Record record = ehGet(k);
    return record == null ? null : read(k, record);
  }

  @Override
  public Map<K, StoredEntry<V>> getAll(Set<? extends K> keys) {
    Map<ByteKey, K> byBytes = encodeKeys(keys);
    Map<ByteKey, Record> records = ehGetAll(byBytes.keySet());
    Map<K, StoredEntry<V>> result = new HashMap<>();
    RuntimeException failure = null;
    for (Map.Entry<ByteKey, Record> found : records.entrySet()) {
      if (found.getValue() == null) {
        continue;
      }
      try {
        StoredEntry<V> entry = read(found.getKey(), found.getValue());
        if (entry != null) {
          result.put(byBytes.get(found.getKey()), entry);
        }
      } catch (CorruptEntryException | CodecException e) {
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  @Override
  public void put(K key, StoredEntry<V> entry) {
    ByteKey k = codec.encodeKey(key);
    Record record = codec.encode(k, entry);
    ReentrantLock lock = locks.lockFor(k);
    try {
      ehPut(k, record);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void putAll(Map<? extends K, StoredEntry<V>> entries) {
    Map<ByteKey, Record> records = new HashMap<>();
    for (Map.Entry<? extends K, StoredEntry<V>> entry : entries.entrySet()) {
      ByteKey k = codec.encodeKey(entry.getKey());
      records.put(k, codec.encode(k, entry.getValue()));
    }
    if (records.isEmpty()) {
      return;
    }
    int[] stripes = locks.lockAll(records.keySet());
    try {
      ehPutAll(records);
    } finally {
      locks.unlock(stripes);
    }
  }

  @Override
  public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
    ByteKey k = codec.encodeKey(key);
    Record record = codec.encode(k, entry);
    ReentrantLock lock = locks.lockFor(k);
    try {
      Record current = ehGet(k);
      if (current != null) {
        StoredEntry<V> present = read(k, current);
        if (present != null) {
          return present;
        }
      }
      ehPut(k, record);
      return null;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean replace(K key, long expectedVersion, StoredEntry<V> entry) {
    ByteKey k = codec.encodeKey(key);
    Record record = codec.encode(k, entry);
    ReentrantLock lock = locks.lockFor(k);
    try {
      Record current = ehGet(k);
      if (current == null || version(k, current) != expectedVersion) {
        return false;
      }
      ehPut(k, record);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean remove(K key, long expectedVersion) {
    ByteKey k = codec.encodeKey(key);
    ReentrantLock lock = locks.lockFor(k);
    try {
      Record current = ehGet(k);
      if (current == null || version(k, current) != expectedVersion) {
        return false;
      }
      ehRemove(k);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void remove(K key) {
    ByteKey k = codec.encodeKey(key);
    ReentrantLock lock = locks.lockFor(k);
    try {
      ehRemove(k);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    Set<ByteKey> encoded = encodeKeys(keys).keySet();
    if (encoded.isEmpty()) {
      return;
    }
    int[] stripes = locks.lockAll(encoded);
    try {
      ehRemoveAll(encoded);
    } finally {
      locks.unlock(stripes);
    }
  }

  @Override
  public StoredEntry<V> compute(K key,
      BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
    ByteKey k = codec.encodeKey(key);
    ReentrantLock lock = locks.lockFor(k);
    try {
      Record current = ehGet(k);
      StoredEntry<V> present = current == null ? null : read(k, current);
      StoredEntry<V> next = function.apply(key, present);
      if (next == null) {
        if (current != null) {
          ehRemove(k);
        }
        return null;
      }
      ehPut(k, codec.encode(k, next));
      return next;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Locks the stripes of all {@code keys} (ascending), reads them in one bulk call, runs the function
   * once per key, and writes the results in one bulk put and one bulk remove. If the function throws
   * for a key, the results of the keys before it are still written (as a run of single computes would
   * have), then the exception propagates.
   */
  @Override
  public Map<K, StoredEntry<V>> computeAll(Set<? extends K> keys,
      BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
    Map<ByteKey, K> byBytes = encodeKeys(keys);
    if (byBytes.isEmpty()) {
      return new HashMap<>();
    }
    Map<K, StoredEntry<V>> result = new HashMap<>();
    int[] stripes = locks.lockAll(byBytes.keySet());
    try {
      Map<ByteKey, Record> current = ehGetAll(byBytes.keySet());
      Map<ByteKey, Record> puts = new HashMap<>();
      Set<ByteKey> removes = new HashSet<>();
      try {
        for (Map.Entry<ByteKey, K> entry : byBytes.entrySet()) {
          ByteKey k = entry.getKey();
          Record record = current.get(k);
          StoredEntry<V> present = record == null ? null : read(k, record);
          StoredEntry<V> next = function.apply(entry.getValue(), present);
          if (next == null) {
            if (record != null) {
              removes.add(k);
            }
          } else {
            puts.put(k, codec.encode(k, next));
            result.put(entry.getValue(), next);
          }
        }
      } catch (RuntimeException | Error e) {
        try {
          write(puts, removes);
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      write(puts, removes);
    } finally {
      locks.unlock(stripes);
    }
    return result;
  }

  private void write(Map<ByteKey, Record> puts, Set<ByteKey> removes) {
    if (!puts.isEmpty()) {
      ehPutAll(puts);
    }
    if (!removes.isEmpty()) {
      ehRemoveAll(removes);
    }
  }

  /**
   * Weakly consistent, as Ehcache's iterator is. Entries that no longer verify are skipped and
   * removed; {@link Iterator#remove()} removes the last key returned.
   */
  @Override
  public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
    Iterator<Cache.Entry<ByteKey, Record>> entries;
    try {
      entries = cache.iterator();
    } catch (RuntimeException e) {
      throw failure("iterate", e);
    }
    return new Iterator<>() {
      private Map.Entry<K, StoredEntry<V>> next;
      private K last;

      @Override
      public boolean hasNext() {
        while (next == null && advance(entries)) {
          Cache.Entry<ByteKey, Record> candidate = nextOf(entries);
          ByteKey k = candidate.getKey();
          try {
            StoredEntry<V> entry = codec.decode(k, candidate.getValue());
            if (entry != null) {
              next = Map.entry(codec.decodeKey(k), entry);
            }
          } catch (CorruptEntryException | CodecException e) {
            discard(k, candidate.getValue(), e);
          }
        }
        return next != null;
      }

      @Override
      public Map.Entry<K, StoredEntry<V>> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Map.Entry<K, StoredEntry<V>> result = next;
        next = null;
        last = result.getKey();
        return result;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException();
        }
        EhcacheTier.this.remove(last);
        last = null;
      }
    };
  }

  /**
   * Ehcache's mapping count (constant time; it may include entries that expired but were not yet
   * reclaimed, and reservations). If Ehcache's statistics are unavailable, a full iteration, which
   * reads and copies every entry: linear in the size of the tier.
   */
  @Override
  public long size() {
    long mappings;
    try {
      mappings = store.mappings();
    } catch (RuntimeException e) {
      mappings = -1;
    }
    if (mappings >= 0) {
      return mappings;
    }
    long count = 0;
    try {
      for (Iterator<Cache.Entry<ByteKey, Record>> it = cache.iterator(); it.hasNext(); it.next()) {
        count++;
      }
    } catch (RuntimeException e) {
      throw failure("count", e);
    }
    return count;
  }

  @Override
  public void clear() {
    try {
      cache.clear();
    } catch (RuntimeException e) {
      throw failure("clear", e);
    }
  }

  /** Closes the Ehcache manager: a persistent disk tier keeps its data, the others release it. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return where;
  }

  /** The Ehcache cache underneath, for tests that corrupt it on purpose. */
  Cache<ByteKey, Record> ehcache() {
    return cache;
  }

  // --- decoding, with removal of what does not verify

  /** Decodes a record found for {@code k}; on bad bytes removes it and throws. */
  private StoredEntry<V> read(ByteKey k, Record record) {
    try {
      return codec.decode(k, record);
    } catch (CorruptEntryException | CodecException e) {
      discard(k, record, e);
      throw e;
    }
  }

  private long version(ByteKey k, Record record) {
    try {
      return codec.version(k, record);
    } catch (CorruptEntryException e) {
      discard(k, record, e);
      throw e;
    }
  }

  /** Removes {@code record} if it is still the one stored for {@code k}. */
  private void discard(ByteKey k, Record record, RuntimeException reason) {
    LOG.warn("Removing an entry that cannot be read: {}",
        reason instanceof CorruptEntryException ? reason.getMessage() : where + ": " + reason);
    ReentrantLock lock = locks.lockFor(k);
    try {
      cache.remove(k, record);
    } catch (RuntimeException e) {
      reason.addSuppressed(e);
    } finally {
      lock.unlock();
    }
  }

  private Map<ByteKey, K> encodeKeys(Set<? extends K> keys) {
    Map<ByteKey, K> byBytes = new LinkedHashMap<>();
    for (K key : keys) {
      byBytes.put(codec.encodeKey(key), key);
    }
    return byBytes;
  }

  // --- Ehcache calls: its failures become TierExceptions naming this tier

  private Record ehGet(ByteKey k) {
    try {
      return cache.get(k);
    } catch (RuntimeException e) {
      throw failure("get", e);
    }
  }

  private Map<ByteKey, Record> ehGetAll(Set<ByteKey> keys) {
    if (keys.isEmpty()) {
      return Collections.emptyMap();
    }
    try {
      return cache.getAll(keys);
    } catch (RuntimeException e) {
      throw failure("getAll", e);
    }
  }

  private void ehPut(ByteKey k, Record record) {
    try {
      cache.put(k, record);
    } catch (RuntimeException e) {
      throw failure("put", e);
    }
  }

  private void ehPutAll(Map<ByteKey, Record> records) {
    try {
      cache.putAll(records);
    } catch (RuntimeException e) {
      throw failure("putAll", e);
    }
  }

  private void ehRemove(ByteKey k) {
    try {
      cache.remove(k);
    } catch (RuntimeException e) {
      throw failure("remove", e);
    }
  }

  private void ehRemoveAll(Set<ByteKey> keys) {
    try {
      cache.removeAll(keys);
    } catch (RuntimeException e) {
      throw failure("removeAll", e);
    }
  }

  private boolean advance(Iterator<Cache.Entry<ByteKey, Record>> entries) {
    try {
      return entries.hasNext();
    } catch (RuntimeException e) {
      throw failure("iterate", e);
    }
  }

  private Cache.Entry<ByteKey, Record> nextOf(Iterator<Cache.Entry<ByteKey, Record>> entries) {
    try {
      return entries.next();
    } catch (RuntimeException e) {
      throw failure("iterate", e);
    }
  }

  private TierException failure(String operation, RuntimeException e) {
    if (e instanceof TierException tierException) {
      return tierException;
    }
    if (closed.get()) {
      return new TierException(where + " is closed", e);
    }
    return new TierException(where + ": " + operation + " failed: " + EhcacheStore.rootMessage(e), e);
  }
}

package io.tiercache.hazelcast.internal;

import io.tiercache.spi.EntryFrames;
import io.tiercache.spi.CorruptEntryException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.IMap;
import io.tiercache.codec.CodecException;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.LoadLease;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TierLocality;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache's entries in one Hazelcast {@code IMap<byte[], byte[]>}: key frame to record frame (see
 * {@link EntryFrames}). Hazelcast compares and partitions keys by their serialized form, so the key
 * frame's bytes are the key's identity in the whole cluster, whatever the key class's {@code equals}.
 *
 * <ul>
 *   <li>Native expiry: every write passes the entry's time to live; a reservation lives
 *       {@value #RESERVATION_TTL_MILLIS} ms.</li>
 *   <li>{@code putIfAbsent}: {@code IMap.putIfAbsent} with the TTL (atomic). {@code remove(key, version)}:
 *       get, check the version, then {@code IMap.remove(key, bytes)} (atomic compare by value bytes),
 *       retried when the bytes changed in between.</li>
 *   <li>{@code replace(key, version)} and {@code compute}: under the key's entry lock
 *       ({@code IMap.lock}, leased). Every mutating map operation of every member and client waits for an
 *       entry lock held by someone else, so nothing interleaves between the read and the write.
 *       {@code replace} takes the lock rather than {@code IMap.replace(k, old, new)} because that has no
 *       TTL: a follow-up {@code setTtl} could land on another writer's newer entry.</li>
 * </ul>
 */
final class HazelcastTier<K, V> implements Tier<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastTier.class);

  /** How long a reservation lives at most, natively. */
  static final long RESERVATION_TTL_MILLIS = 30_000;

  /** Beyond this, a TTL is treated as eternal (Hazelcast adds it to the clock). */
  private static final long MAX_TTL_MILLIS = TimeUnit.DAYS.toMillis(365L * 100);

  /** How long a batch of asynchronous calls may take. */
  private static final long BATCH_TIMEOUT_SECONDS = 120;

  private final String where;
  private final HazelcastConnections.Handle handle;
  private final IMap<byte[], byte[]> map;
  private final IMap<byte[], byte[]> leases;
  private final EntryFrames<K, V> frames;
  private final long lockLeaseMillis;
  private final boolean mayExpire;
  private final HazelcastInvalidationBus<K> bus;
  private final AtomicBoolean closed = new AtomicBoolean();

  HazelcastTier(String where, HazelcastConnections.Handle handle, String cacheName, EntryFrames<K, V> frames,
      long lockLeaseMillis, boolean mayExpire) {
    this(where, handle, cacheName, frames, lockLeaseMillis, mayExpire,
        handle.instance().getMap(HazelcastNames.map(cacheName)));
  }

  /** With the entries' map given: tests wrap it to produce failures a live cluster does not on demand. */
  HazelcastTier(String where, HazelcastConnections.Handle handle, String cacheName, EntryFrames<K, V> frames,
      long lockLeaseMillis, boolean mayExpire, IMap<byte[], byte[]> map) {
    this.where = where;
    this.handle = handle;
    this.map = map;
    this.leases = handle.instance().getMap(HazelcastNames.leases(cacheName));
    this.frames = frames;
    this.lockLeaseMillis = lockLeaseMillis;
    this.mayExpire = mayExpire;
    this.bus = new HazelcastInvalidationBus<>(where, handle, HazelcastNames.topic(cacheName), frames);
  }

  @Override
  public String name() {
    return "hazelcast";
  }

  @Override
  public TierLocality locality() {
    return TierLocality.SHARED;
  }

  // ------------------------------------------------------------------ reads

  @Override
  public StoredEntry<V> get(K key) {
    byte[] keyFrame = frames.encodeKey(key);
    byte[] bytes = call("get", () -> map.get(keyFrame));
    return bytes == null ? null : decodeOrDrop(keyFrame, bytes);
  }

  @Override
  public Map<K, StoredEntry<V>> getAll(Set<? extends K> keys) {
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
    Map<ByteBuffer, K> byFrame = new HashMap<>();
    Set<byte[]> keyFrames = new HashSet<>();
    for (K key : keys) {
      byte[] keyFrame = frames.encodeKey(key);
      if (byFrame.put(ByteBuffer.wrap(keyFrame), key) == null) {
        keyFrames.add(keyFrame);
      }
    }
    Map<byte[], byte[]> found = call("getAll", () -> map.getAll(keyFrames));
    Map<K, StoredEntry<V>> result = new HashMap<>();
    for (Map.Entry<byte[], byte[]> e : found.entrySet()) {
      K key = byFrame.get(ByteBuffer.wrap(e.getKey()));
      if (key != null && e.getValue() != null) {
        result.put(key, decodeOrDrop(e.getKey(), e.getValue()));
      }
    }
    return result;
  }

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, StoredEntry<V> entry) {
    byte[] keyFrame = frames.encodeKey(key);
    byte[] frame = frames.encode(keyFrame, entry);
    long ttl = ttlMillis(entry);
    call("put", () -> {
      map.set(keyFrame, frame, ttl, TimeUnit.MILLISECONDS);
      return null;
    });
  }

  @Override
  public void putAll(Map<? extends K, StoredEntry<V>> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<Supplier<CompletionStage<?>>> calls = new ArrayList<>(entries.size());
    for (Map.Entry<? extends K, StoredEntry<V>> e : entries.entrySet()) {
      byte[] keyFrame = frames.encodeKey(e.getKey());
      byte[] frame = frames.encode(keyFrame, e.getValue());
      long ttl = ttlMillis(e.getValue());
      calls.add(() -> map.setAsync(keyFrame, frame, ttl, TimeUnit.MILLISECONDS));
    }
    batch("putAll", calls);
  }

  @Override
  public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
    byte[] keyFrame = frames.encodeKey(key);
    byte[] frame = frames.encode(keyFrame, entry);
    long ttl = ttlMillis(entry);
    byte[] existing = call("putIfAbsent", () -> map.putIfAbsent(keyFrame, frame, ttl, TimeUnit.MILLISECONDS));
    return existing == null ? null : decodeOrDrop(keyFrame, existing);
  }

  @Override
  public boolean replace(K key, long expectedVersion, StoredEntry<V> entry) {
    byte[] keyFrame = frames.encodeKey(key);
    byte[] frame = frames.encode(keyFrame, entry);
    long ttl = ttlMillis(entry);
    lock(keyFrame);
    try {
      byte[] current = call("replace", () -> map.get(keyFrame));
      if (current == null || versionOrDrop(keyFrame, current) != expectedVersion) {
        return false;
      }
      call("replace", () -> {
        map.set(keyFrame, frame, ttl, TimeUnit.MILLISECONDS);
        return null;
      });
      return true;
    } finally {
      unlock(keyFrame);
    }
  }

  @Override
  public boolean remove(K key, long expectedVersion) {
    byte[] keyFrame = frames.encodeKey(key);
    while (true) {
      byte[] current = call("remove", () -> map.get(keyFrame));
      if (current == null || versionOrDrop(keyFrame, current) != expectedVersion) {
        return false;
      }
      if (call("remove", () -> map.remove(keyFrame, current))) {
        return true;
      }
      // the bytes changed between the read and the removal: look again
    }
  }

  @Override
  public void remove(K key) {
    byte[] keyFrame = frames.encodeKey(key);
    call("remove", () -> {
      map.delete(keyFrame);
      return null;
    });
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    if (keys.isEmpty()) {
      return;
    }
    List<Supplier<CompletionStage<?>>> calls = new ArrayList<>(keys.size());
    for (K key : keys) {
      byte[] keyFrame = frames.encodeKey(key);
      calls.add(() -> map.deleteAsync(keyFrame));
    }
    batch("removeAll", calls);
  }

  /**
   * Under the key's entry lock: read, run the function here (exactly once), write or delete, unlock.
   * Not an entry processor: that runs on the partition owner, a JVM that may lack the classes of the
   * function (a client's cluster) and may run it again on a retry, while the core runs CacheWriters and
   * records events inside the function. Not an optimistic loop, for the same reason. The lock is leased
   * ({@code lockLease}) so a dead node frees it; a function that ran longer than half the lease checks,
   * under the lock again, that the entry it saw is still there before writing, else it fails with a
   * {@link TierException} and writes nothing.
   */
  @Override
  public StoredEntry<V> compute(K key,
      BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
    byte[] keyFrame = frames.encodeKey(key);
    long lockedAt = System.nanoTime();
    lock(keyFrame);
    int holds = 1;
    try {
      byte[] current = call("compute", () -> map.get(keyFrame));
      StoredEntry<V> currentEntry = current == null ? null : decodeOrDrop(keyFrame, current);
      StoredEntry<V> next = function.apply(key, currentEntry);
      if (System.nanoTime() - lockedAt > TimeUnit.MILLISECONDS.toNanos(lockLeaseMillis / 2)) {
        // the lease may have run out while the function ran: hold the lock again, check nothing changed
        boolean again = call("compute", () -> {
          try {
            return map.tryLock(keyFrame, 0, TimeUnit.MILLISECONDS, lockLeaseMillis, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TierException(where + ": interrupted", e);
          }
        });
        if (!again) {
          throw new TierException(where + ": compute ran longer than its lock lease (" + lockLeaseMillis
              + " ms) and another holder has the key's lock now; nothing written");
        }
        holds++;
        byte[] now = call("compute", () -> map.get(keyFrame));
        if (!Arrays.equals(now, current)) {
          throw new TierException(where + ": compute ran longer than its lock lease (" + lockLeaseMillis
              + " ms) and the entry changed meanwhile; nothing written");
        }
      }
      if (next == null) {
        if (current != null) {
          call("compute", () -> {
            map.delete(keyFrame);
            return null;
          });
        }
        return null;
      }
      if (next != currentEntry) {
        byte[] frame = frames.encode(keyFrame, next);
        long ttl = ttlMillis(next);
        call("compute", () -> {
          map.set(keyFrame, frame, ttl, TimeUnit.MILLISECONDS);
          return null;
        });
      }
      return next;
    } finally {
      for (int i = 0; i < holds; i++) {
        unlock(keyFrame);
      }
    }
  }

  // ------------------------------------------------------------------ whole map

  /** A snapshot of the map's entries (weakly consistent); entries that do not verify are skipped. */
  @Override
  public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
    Set<Map.Entry<byte[], byte[]>> snapshot = call("iterate", map::entrySet);
    List<Map.Entry<K, StoredEntry<V>>> entries = new ArrayList<>(snapshot.size());
    for (Map.Entry<byte[], byte[]> e : snapshot) {
      try {
        K key = frames.decodeKey(e.getKey());
        entries.add(new AbstractMap.SimpleImmutableEntry<>(key, frames.decode(e.getKey(), e.getValue())));
      } catch (RuntimeException failure) {
        LOG.warn("{}: skipped an entry that does not verify while iterating: {}", where, failure.getMessage());
      }
    }
    Iterator<Map.Entry<K, StoredEntry<V>>> iterator = entries.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public Map.Entry<K, StoredEntry<V>> next() {
        return iterator.next();
      }
    };
  }

  @Override
  public long size() {
    return call("size", map::size);
  }

  @Override
  public void clear() {
    call("clear", () -> {
      map.clear();
      return null;
    });
  }

  // ------------------------------------------------------------------ coherence

  @Override
  public InvalidationBus<K> invalidationBus() {
    return bus;
  }

  @Override
  public boolean supportsLoadLeases() {
    return true;
  }

  /**
   * A lease is an entry of the cache's lease map, {@code putIfAbsent} with the lease as its TTL, holding
   * a random token; closing removes it only while it holds that token. Not {@code IMap.tryLock}: a lock
   * belongs to a thread, and a lease is a plain time-bounded right that any thread may give up.
   */
  @Override
  public LoadLease tryLoadLease(K key, long leaseMillis) {
    byte[] keyFrame = frames.encodeKey(key);
    UUID uuid = UUID.randomUUID();
    byte[] token = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array();
    byte[] holder = call("tryLoadLease",
        () -> leases.putIfAbsent(keyFrame, token, Math.max(1, leaseMillis), TimeUnit.MILLISECONDS));
    if (holder != null) {
      return null;
    }
    return () -> {
      try {
        leases.remove(keyFrame, token);
      } catch (RuntimeException e) {
        LOG.debug("{}: could not give a load lease up (it runs out by itself): {}", where, e.toString());
      }
    };
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      bus.close();
    } finally {
      handle.close();
    }
  }

  @Override
  public String toString() {
    return where;
  }

  // ------------------------------------------------------------------ helpers

  private long ttlMillis(StoredEntry<V> entry) {
    if (entry.isReservation()) {
      return RESERVATION_TTL_MILLIS;
    }
    if (!mayExpire || entry.expiresAt() == StoredEntry.NEVER) {
      return 0; // eternal
    }
    long ttl = entry.expiresAt() - System.currentTimeMillis();
    if (ttl > MAX_TTL_MILLIS) {
      return 0;
    }
    return Math.max(1, ttl);
  }

  /**
   * Takes the key's entry lock. A lock whose backup did not acknowledge in time
   * ({@code IndeterminateOperationStateException}, with fail-on-indeterminate-state on) was taken by the
   * owner all the same: it is treated as held, and unlocked as usual. Failing instead would leave the
   * owner's lock held, blocking every other node on the key until the lease ran out. (Had the owner not
   * run it after all, the unlock finds no lock and is ignored.) Writes made under it still fail if their
   * own backups do not acknowledge.
   */
  private void lock(byte[] keyFrame) {
    call("lock", () -> {
      try {
        map.lock(keyFrame, lockLeaseMillis, TimeUnit.MILLISECONDS);
      } catch (IndeterminateOperationStateException e) {
        LOG.debug("{}: a key lock's backup did not acknowledge; the owner holds it: {}", where, e.toString());
      }
      return null;
    });
  }

  private void unlock(byte[] keyFrame) {
    try {
      map.unlock(keyFrame);
    } catch (IllegalMonitorStateException e) {
      // the lease ran out: the lock is not ours any more
      LOG.debug("{}: a key lock's lease ran out before its unlock", where);
    } catch (RuntimeException e) {
      LOG.warn("{}: could not unlock a key (its lease frees it): {}", where, e.toString());
    }
  }

  private StoredEntry<V> decodeOrDrop(byte[] keyFrame, byte[] bytes) {
    try {
      return frames.decode(keyFrame, bytes);
    } catch (CorruptEntryException | CodecException e) {
      drop(keyFrame, bytes, e);
      throw e;
    }
  }

  private long versionOrDrop(byte[] keyFrame, byte[] bytes) {
    try {
      return frames.version(keyFrame, bytes);
    } catch (CorruptEntryException e) {
      drop(keyFrame, bytes, e);
      throw e;
    }
  }

  /** Deletes an entry that does not verify, if it is still the same bytes. */
  private void drop(byte[] keyFrame, byte[] bytes, RuntimeException why) {
    LOG.warn("{}: dropping an entry that cannot be read: {}", where, why.getMessage());
    try {
      map.remove(keyFrame, bytes);
    } catch (RuntimeException e) {
      why.addSuppressed(e);
    }
  }

  /** Runs a Hazelcast call; its failures become {@link TierException}s naming the tier and operation. */
  private <T> T call(String operation, Supplier<T> action) {
    try {
      return action.get();
    } catch (TierException | CodecException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TierException(where + ": " + operation + " failed: " + e, e);
    }
  }

  /** Starts every call, then waits for all of them: one batch, pipelined by Hazelcast. */
  private void batch(String operation, List<Supplier<CompletionStage<?>>> calls) {
    List<CompletableFuture<?>> futures = new ArrayList<>(calls.size());
    try {
      for (Supplier<CompletionStage<?>> started : calls) {
        futures.add(started.get().toCompletableFuture());
      }
      CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(BATCH_TIMEOUT_SECONDS,
          TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TierException(where + ": " + operation + " interrupted", e);
    } catch (ExecutionException e) {
      throw new TierException(where + ": " + operation + " failed: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TierException(where + ": " + operation + " timed out after " + BATCH_TIMEOUT_SECONDS + " s", e);
    } catch (RuntimeException e) {
      throw new TierException(where + ": " + operation + " failed: " + e, e);
    }
  }
}

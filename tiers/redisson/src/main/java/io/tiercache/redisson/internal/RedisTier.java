package io.tiercache.redisson.internal;

import io.tiercache.spi.EntryFrames;
import io.tiercache.spi.CorruptEntryException;
import io.tiercache.codec.CodecException;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.LoadLease;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TierLocality;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared tier in one Redis server: one Redis string per entry, a sorted-set index per cache, compute
 * locks in Redis (layout: {@link RedisKeys}; frames: {@link EntryFrames}; scripts: {@link Scripts}).
 *
 * <ul>
 *   <li>Every entry expires natively: PEXPIREAT its expiry time (none when eternal); a reservation
 *       lives at most 30 s (PEXPIRE), so a node that dies holding one does not block the key for
 *       long. Redis and JVM clocks are assumed close: Redis reclaims an entry at its own time.</li>
 *   <li>put, putIfAbsent, replace and remove by version, remove: one Lua script each, atomic in Redis,
 *       entry and index together. getAll, putAll, removeAll: one pipelined batch each (one round trip).</li>
 *   <li>{@link #compute} runs its function exactly once with the key locked in Redis, not as an
 *       optimistic retry loop, because the core runs writers and records events inside the function:
 *       a retry would repeat those side effects. The lock is a key holding a random token with a lease
 *       ({@code lockLease}); it is taken and the entry read in one script, and the result written and
 *       the lock released in another (two round trips). The write happens only if the token still
 *       holds the lock (fencing): a function that outlives the lease fails instead of overwriting a
 *       newer value. Every other mutation script refuses to run while another token holds the key's
 *       lock, and the caller waits, so no operation from any JVM interleaves with a compute. A thread
 *       may read and write its own key from inside its compute (the token is reentrant per thread).
 *       This is the tier's own lock rather than Redisson's RLock because the Lua write scripts must be
 *       able to see it and check its holder atomically.</li>
 *   <li>{@link #computeAll} takes the keys' locks in ascending key order (deadlock free between
 *       batches), reads them in one pipelined batch, and writes and releases them in another.</li>
 *   <li>Within this JVM every mutation of a key first takes a local striped lock, so local contention
 *       queues in the JVM instead of polling Redis.</li>
 *   <li>An entry that does not verify (corrupt bytes, bytes of another key, a type the cache does not
 *       expect) or that the allowlisted codec refuses is removed if still unchanged, logged, and
 *       reported: {@link TierException} for bad bytes, the codec's {@link CodecException} for a refused
 *       class. The caller then sees a miss. The iterator skips such entries. Never is a value returned
 *       that did not verify.</li>
 *   <li>Redis failures (unreachable, timeout, script error) become {@link TierException}s naming the
 *       cache, the address and the operation. Every call is bounded by the {@code timeout}.</li>
 *   <li>Its {@link #invalidationBus()} carries invalidations between the JVMs sharing the cache over
 *       Redis pub/sub ({@link RedisInvalidationBus}); it stops listening when the tier closes.</li>
 * </ul>
 */
final class RedisTier<K, V> implements Tier<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(RedisTier.class);

  /** How long a reservation may live in Redis. */
  static final long RESERVATION_TTL_MILLIS = 30_000;

  private static final int PAGE = 256;
  private static final int CLEAR_CHUNK = 500;
  private static final int PRUNE_LIMIT = 1000;
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ONE = {'1'};
  private static final byte[] ZERO = {'0'};
  /** The index score of an eternal entry: finite (Redisson's ZSCAN cannot parse {@code inf}), after every time. */
  private static final byte[] ETERNAL_SCORE = bytes(Long.toString(Long.MAX_VALUE));
  private static final SecureRandom TOKENS = new SecureRandom();

  private final String where;
  private final RedisConnections.Handle handle;
  private final RedissonClient client;
  private final RScript script;
  private final RedisKeys keys;
  private final EntryFrames<K, V> frames;
  private final int timeoutMillis;
  private final int lockLeaseMillis;
  private final byte[] lockLeaseArg;
  private final StripedLocks locks;
  private final ThreadLocal<Map<String, String>> heldLocks = ThreadLocal.withInitial(HashMap::new);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RedisInvalidationBus<K> bus;

  RedisTier(String where, RedisConnections.Handle handle, RedisKeys keys, EntryFrames<K, V> frames,
      int timeoutMillis, int lockLeaseMillis) {
    this.where = where;
    this.handle = handle;
    this.client = handle.client();
    this.script = client.getScript(ByteArrayCodec.INSTANCE);
    this.keys = keys;
    this.frames = frames;
    this.timeoutMillis = timeoutMillis;
    this.lockLeaseMillis = lockLeaseMillis;
    this.lockLeaseArg = bytes(Integer.toString(lockLeaseMillis));
    this.locks = new StripedLocks((long) lockLeaseMillis + timeoutMillis, where);
    this.bus = new RedisInvalidationBus<>(where, client, RedisInvalidationBus.channelOf(keys), frames,
        timeoutMillis);
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public TierLocality locality() {
    return TierLocality.SHARED;
  }

  /** Redis pub/sub on {@code tc:{T}:inv}: see {@link RedisInvalidationBus}. */
  @Override
  public InvalidationBus<K> invalidationBus() {
    return bus;
  }

  // ------------------------------------------------------------------ reads

  @Override
  public StoredEntry<V> get(K key) {
    Key k = key(key);
    byte[] frame = rawGet(k);
    return frame == null ? null : read(k, frame);
  }

  @Override
  public Map<K, StoredEntry<V>> getAll(Set<? extends K> requested) {
    List<Key> ks = keys(requested);
    Map<K, StoredEntry<V>> result = new HashMap<>();
    if (ks.isEmpty()) {
      return result;
    }
    // one MGET: every key of a cache shares its hash tag, so this is legal on a cluster too
    String[] entryKeys = new String[ks.size()];
    for (int i = 0; i < entryKeys.length; i++) {
      entryKeys[i] = ks.get(i).entryKey;
    }
    Map<String, byte[]> frames;
    try {
      frames = client.getBuckets(ByteArrayCodec.INSTANCE).get(entryKeys);
    } catch (RuntimeException e) {
      throw failure("getAll", e);
    }
    RuntimeException failure = null;
    for (Key k : ks) {
      byte[] frame = frames.get(k.entryKey);
      if (frame == null) {
        continue;
      }
      try {
        result.put(k.original(), read(k, frame));
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

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, StoredEntry<V> entry) {
    Key k = key(key);
    byte[] frame = frames.encode(k.frame, entry);
    ReentrantLock local = locks.lockFor(k.member);
    try {
      mutate("put", Scripts.PUT, k, entry, frame, EMPTY);
    } finally {
      local.unlock();
    }
  }

  @Override
  public void putAll(Map<? extends K, StoredEntry<V>> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<Key> ks = new ArrayList<>(entries.size());
    List<Object[]> args = new ArrayList<>(entries.size());
    for (Map.Entry<? extends K, StoredEntry<V>> entry : entries.entrySet()) {
      Key k = key(entry.getKey());
      ks.add(k);
      args.add(storeArgs(k, token(k), entry.getValue(), frames.encode(k.frame, entry.getValue()), EMPTY));
    }
    int[] stripes = locks.lockAll(members(ks));
    try {
      batchMutate("putAll", Scripts.PUT, ks, args);
    } finally {
      locks.unlock(stripes);
    }
  }

  @Override
  public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
    Key k = key(key);
    byte[] frame = frames.encode(k.frame, entry);
    ReentrantLock local = locks.lockFor(k.member);
    try {
      List<Object> reply = mutate("putIfAbsent", Scripts.PUT_IF_ABSENT, k, entry, frame, EMPTY);
      if (status(reply) == 1) {
        return null;
      }
      return read(k, (byte[]) reply.get(1));
    } finally {
      local.unlock();
    }
  }

  @Override
  public boolean replace(K key, long expectedVersion, StoredEntry<V> entry) {
    Key k = key(key);
    byte[] frame = frames.encode(k.frame, entry);
    ReentrantLock local = locks.lockFor(k.member);
    try {
      return status(mutate("replace", Scripts.REPLACE, k, entry, frame,
          EntryFrames.versionBytes(expectedVersion))) == 1;
    } finally {
      local.unlock();
    }
  }

  @Override
  public boolean remove(K key, long expectedVersion) {
    Key k = key(key);
    ReentrantLock local = locks.lockFor(k.member);
    try {
      return status(mutate("remove", Scripts.REMOVE_VERSION, k, null, null,
          EntryFrames.versionBytes(expectedVersion))) == 1;
    } finally {
      local.unlock();
    }
  }

  @Override
  public void remove(K key) {
    Key k = key(key);
    ReentrantLock local = locks.lockFor(k.member);
    try {
      mutate("remove", Scripts.REMOVE, k, null, null, EMPTY);
    } finally {
      local.unlock();
    }
  }

  @Override
  public void removeAll(Set<? extends K> requested) {
    List<Key> ks = keys(requested);
    if (ks.isEmpty()) {
      return;
    }
    List<Object[]> args = new ArrayList<>(ks.size());
    for (Key k : ks) {
      args.add(storeArgs(k, token(k), null, null, EMPTY));
    }
    int[] stripes = locks.lockAll(members(ks));
    try {
      batchMutate("removeAll", Scripts.REMOVE, ks, args);
    } finally {
      locks.unlock(stripes);
    }
  }

  // ------------------------------------------------------------------ compute

  @Override
  public StoredEntry<V> compute(K key,
      BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
    Key k = key(key);
    ReentrantLock local = locks.lockFor(k.member);
    try {
      Map<String, String> held = heldLocks.get();
      String outer = held.get(k.lockKey);
      if (outer != null) {
        // a compute of this key from inside this thread's compute of it: already locked
        byte[] current = rawGet(k);
        StoredEntry<V> present = current == null ? null : read(k, current);
        StoredEntry<V> next = function.apply(key, present);
        if (next != present) {
          computeWrite(k, outer, next, false);
        }
        return next;
      }
      String token = newToken();
      byte[] current = lockAndGet(k, token);
      held.put(k.lockKey, token);
      boolean released = false;
      try {
        StoredEntry<V> present = current == null ? null : read(k, current);
        StoredEntry<V> next = function.apply(key, present);
        if (next != present) {
          computeWrite(k, token, next, true);
          released = true;  // by the write; if the write failed, the finally releases it (token-checked)
        }
        return next;
      } finally {
        held.remove(k.lockKey);
        if (!released) {
          unlockQuietly(k, token);
        }
      }
    } finally {
      local.unlock();
    }
  }

  /**
   * Locks the keys in Redis in ascending order (one script call when none is contended), reads them in
   * one batch, runs the function once per key, then writes the results and releases the locks in one
   * batch. If the function throws for a key, the results of the keys before it are still written (as a
   * run of single computes would have), then the exception propagates.
   */
  @Override
  public Map<K, StoredEntry<V>> computeAll(Set<? extends K> requested,
      BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
    TreeMap<String, Key> sorted = new TreeMap<>();
    for (K key : requested) {
      Key k = key(key);
      sorted.put(k.lockKey, k);
    }
    Map<K, StoredEntry<V>> result = new HashMap<>();
    if (sorted.isEmpty()) {
      return result;
    }
    List<Key> ks = new ArrayList<>(sorted.values());
    Map<String, String> held = heldLocks.get();
    for (Key k : ks) {
      if (held.containsKey(k.lockKey)) {
        throw new IllegalStateException(where + ": computeAll of a key this thread is computing");
      }
    }
    int[] stripes = locks.lockAll(members(ks));
    String token = newToken();
    boolean released = false;
    try {
      lockAll(ks, token);
      for (Key k : ks) {
        held.put(k.lockKey, token);
      }
      List<?> currents = batch("computeAll", batch -> {
        for (Key k : ks) {
          batch.getBucket(k.entryKey, ByteArrayCodec.INSTANCE).getAsync();
        }
      });
      List<Key> writes = new ArrayList<>();
      List<StoredEntry<V>> nexts = new ArrayList<>();
      for (int i = 0; i < ks.size(); i++) {
        Key k = ks.get(i);
        byte[] current = (byte[]) currents.get(i);
        StoredEntry<V> next;
        StoredEntry<V> present;
        try {
          present = current == null ? null : read(k, current);
          next = function.apply(k.original(), present);
        } catch (RuntimeException | Error e) {
          released = true;
          try {
            writeAndRelease(ks, writes, nexts, token);
          } catch (RuntimeException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        }
        if (next != present) {
          writes.add(k);
          nexts.add(next);
        }
        if (next != null) {
          result.put(k.original(), next);
        }
      }
      released = true;
      writeAndRelease(ks, writes, nexts, token);
      return result;
    } finally {
      for (Key k : ks) {
        held.remove(k.lockKey);
      }
      if (!released) {
        unlockAllQuietly(ks, token);
      }
      locks.unlock(stripes);
    }
  }

  // ------------------------------------------------------------------ iteration, size, clear

  /**
   * Weakly consistent: pages of the index (ZSCAN), each page's entries fetched in one batch. Members
   * whose entry is gone are pruned from the index; entries that do not verify are skipped and removed.
   * {@link Iterator#remove()} removes the last key returned.
   */
  @Override
  public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
    RScoredSortedSet<String> index = client.getScoredSortedSet(keys.indexKey(), StringCodec.INSTANCE);
    Iterator<String> members;
    try {
      members = index.iterator(PAGE);
    } catch (RuntimeException e) {
      throw failure("iterate", e);
    }
    return new Iterator<>() {
      private final List<Map.Entry<K, StoredEntry<V>>> page = new ArrayList<>();
      private int position;
      private K last;

      @Override
      public boolean hasNext() {
        while (position >= page.size()) {
          page.clear();
          position = 0;
          List<String> batch = new ArrayList<>(PAGE);
          try {
            while (batch.size() < PAGE && members.hasNext()) {
              batch.add(members.next());
            }
          } catch (RuntimeException e) {
            throw failure("iterate", e);
          }
          if (batch.isEmpty()) {
            return false;
          }
          page.addAll(fetchPage(batch));
        }
        return true;
      }

      @Override
      public Map.Entry<K, StoredEntry<V>> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Map.Entry<K, StoredEntry<V>> result = page.get(position++);
        last = result.getKey();
        return result;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException();
        }
        RedisTier.this.remove(last);
        last = null;
      }
    };
  }

  private List<Map.Entry<K, StoredEntry<V>>> fetchPage(List<String> members) {
    List<Key> ks = new ArrayList<>(members.size());
    for (String member : members) {
      byte[] keyFrame;
      K key;
      try {
        keyFrame = RedisKeys.keyFrame(member);
        key = frames.decodeKey(keyFrame);
      } catch (IllegalArgumentException | CorruptEntryException | CodecException e) {
        // garbage in the index, or a key class this cache may not decode: not an entry of ours
        LOG.warn("{}: skipping an index member that is not a readable key: {}", where, e.toString());
        continue;
      }
      ks.add(new Key(key, keyFrame, member, keys.entryKey(member), keys.lockKey(member)));
    }
    if (ks.isEmpty()) {
      return List.of();
    }
    List<?> responses = batch("iterate", batch -> {
      for (Key k : ks) {
        batch.getBucket(k.entryKey, ByteArrayCodec.INSTANCE).getAsync();
      }
    });
    List<Map.Entry<K, StoredEntry<V>>> entries = new ArrayList<>(ks.size());
    List<Key> missing = new ArrayList<>();
    for (int i = 0; i < ks.size(); i++) {
      Key k = ks.get(i);
      byte[] frame = (byte[]) responses.get(i);
      if (frame == null) {
        missing.add(k);
        continue;
      }
      try {
        entries.add(Map.entry(k.original(), read(k, frame)));
      } catch (CorruptEntryException | CodecException e) {
        // logged and removed by read(); an iteration skips it
      }
    }
    if (!missing.isEmpty()) {
      try {
        batch("prune", batch -> {
          RScriptAsync prune = batch.getScript(ByteArrayCodec.INSTANCE);
          for (Key k : missing) {
            prune.evalAsync(RScript.Mode.READ_WRITE, Scripts.PRUNE_IF_MISSING, RScript.ReturnType.INTEGER,
                List.of(k.entryKey, keys.indexKey()), bytes(k.member));
          }
        });
      } catch (TierException e) {
        LOG.debug("{}: could not prune the index", where, e);
      }
    }
    return entries;
  }

  /**
   * The index's member count after pruning members whose expiry time passed and whose entry is gone
   * (up to 1000 per call). It may count entries Redis evicted (until an iteration meets them) and
   * reservations.
   */
  @Override
  public long size() {
    Long count = evalInteger("size", Scripts.SIZE, List.of(keys.indexKey()),
        bytes(keys.entryPrefix()), bytes(Long.toString(System.currentTimeMillis())),
        bytes(Integer.toString(PRUNE_LIMIT)));
    return count == null ? 0 : count;
  }

  /** Deletes every entry of the index, in chunks of 500 per script call. Not atomic as a whole. */
  @Override
  public void clear() {
    while (true) {
      Long removed = evalInteger("clear", Scripts.CLEAR, List.of(keys.indexKey()),
          bytes(keys.entryPrefix()), bytes(Integer.toString(CLEAR_CHUNK)));
      if (removed == null || removed < CLEAR_CHUNK) {
        return;
      }
    }
  }

  /** Releases this tier's use of the shared Redisson client; the data stays in Redis. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      bus.close();
      handle.close();
    }
  }

  @Override
  public String toString() {
    return where;
  }

  /** The Redis key holding the entry of {@code key} (tests). */
  String redisKeyOf(K key) {
    return key(key).entryKey;
  }

  /** The Redis key of this cache's index (tests). */
  String indexKey() {
    return keys.indexKey();
  }

  // ------------------------------------------------------------------ keys and arguments

  /** A key as the tier addresses it in Redis. */
  private record Key(Object originalKey, byte[] frame, String member, String entryKey, String lockKey) {
    @SuppressWarnings("unchecked")
    <T> T original() {
      return (T) originalKey;
    }
  }

  private Key key(Object key) {
    byte[] frame = frames.encodeKey(key);
    String member = RedisKeys.member(frame);
    return new Key(key, frame, member, keys.entryKey(member), keys.lockKey(member));
  }

  private List<Key> keys(Set<? extends K> requested) {
    Map<String, Key> byMember = new LinkedHashMap<>();
    for (K key : requested) {
      Key k = key(key);
      byMember.putIfAbsent(k.member, k);
    }
    return new ArrayList<>(byMember.values());
  }

  private static List<String> members(List<Key> ks) {
    List<String> members = new ArrayList<>(ks.size());
    for (Key k : ks) {
      members.add(k.member);
    }
    return members;
  }

  private String token(Key k) {
    return heldLocks.get().getOrDefault(k.lockKey, "");
  }

  private static String newToken() {
    byte[] random = new byte[16];
    TOKENS.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private List<Object> keyList(Key k) {
    return List.of(k.entryKey, keys.indexKey(), k.lockKey);
  }

  /** ARGV of a single-key mutation: member, token, frame, mode, when, score, extra. */
  private Object[] storeArgs(Key k, String token, StoredEntry<V> entry, byte[] frame, byte[] extra) {
    byte[] mode;
    byte[] when;
    byte[] score;
    if (entry == null) {
      mode = bytes("N");
      when = ZERO;
      score = ZERO;
    } else if (entry.isReservation()) {
      mode = bytes("R");
      when = bytes(Long.toString(RESERVATION_TTL_MILLIS));
      score = bytes(Long.toString(System.currentTimeMillis() + RESERVATION_TTL_MILLIS));
    } else if (entry.expiresAt() == StoredEntry.NEVER) {
      mode = bytes("N");
      when = ZERO;
      score = ETERNAL_SCORE;
    } else {
      mode = bytes("A");
      when = bytes(Long.toString(entry.expiresAt()));
      score = when;
    }
    return new Object[] {bytes(k.member), bytes(token), frame == null ? EMPTY : frame, mode, when, score, extra};
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------ Redis calls

  private byte[] rawGet(Key k) {
    try {
      return client.<byte[]>getBucket(k.entryKey, ByteArrayCodec.INSTANCE).get();
    } catch (RuntimeException e) {
      throw failure("get", e);
    }
  }

  /** Runs a single-key mutation script, waiting while another compute holds the key. */
  private List<Object> mutate(String op, String lua, Key k, StoredEntry<V> entry, byte[] frame, byte[] extra) {
    Object[] args = storeArgs(k, token(k), entry, frame, extra);
    Waiter waiter = null;
    while (true) {
      List<Object> reply = evalMulti(op, lua, keyList(k), args);
      if (status(reply) != Scripts.LOCKED) {
        return reply;
      }
      if (waiter == null) {
        waiter = new Waiter(op);
      }
      waiter.pause();
    }
  }

  /** Runs one mutation script per key in one batch; keys found locked are retried one by one. */
  private void batchMutate(String op, String lua, List<Key> ks, List<Object[]> args) {
    List<?> replies = batch(op, batch -> {
      RScriptAsync batchScript = batch.getScript(ByteArrayCodec.INSTANCE);
      for (int i = 0; i < ks.size(); i++) {
        batchScript.evalAsync(RScript.Mode.READ_WRITE, lua, RScript.ReturnType.MULTI, keyList(ks.get(i)),
            args.get(i));
      }
    });
    for (int i = 0; i < ks.size(); i++) {
      @SuppressWarnings("unchecked")
      List<Object> reply = (List<Object>) replies.get(i);
      if (status(reply) == Scripts.LOCKED) {
        Key k = ks.get(i);
        Waiter waiter = new Waiter(op);
        do {
          waiter.pause();
        } while (status(evalMulti(op, lua, keyList(k), args.get(i))) == Scripts.LOCKED);
      }
    }
  }

  /** Takes the key's compute lock (waiting while another holds it) and returns the current frame. */
  private byte[] lockAndGet(Key k, String token) {
    Waiter waiter = null;
    while (true) {
      List<Object> reply = evalMulti("compute", Scripts.LOCK_AND_GET, List.of(k.entryKey, k.lockKey),
          bytes(token), lockLeaseArg);
      if (status(reply) == 1) {
        return reply.size() > 1 ? (byte[]) reply.get(1) : null;
      }
      if (waiter == null) {
        waiter = new Waiter("compute");
      }
      waiter.pause();
    }
  }

  private void lockAll(List<Key> ks, String token) {
    List<Object> lockKeys = new ArrayList<>(ks.size());
    for (Key k : ks) {
      lockKeys.add(k.lockKey);
    }
    int acquired = 0;
    Waiter waiter = null;
    while (true) {
      Long got = evalInteger("computeAll", Scripts.LOCK_MANY, lockKeys.subList(acquired, lockKeys.size()),
          bytes(token), lockLeaseArg);
      acquired += got == null ? 0 : got.intValue();
      if (acquired >= lockKeys.size()) {
        return;
      }
      if (waiter == null) {
        waiter = new Waiter("computeAll");
      }
      waiter.pause();
    }
  }

  private void computeWrite(Key k, String token, StoredEntry<V> next, boolean release) {
    byte[] frame = next == null ? EMPTY : frames.encode(k.frame, next);
    List<Object> reply = evalMulti("compute", Scripts.COMPUTE_WRITE, keyList(k),
        storeArgs(k, token, next, frame, release ? ONE : ZERO));
    if (status(reply) == Scripts.LOCK_LOST) {
      throw lockLost("compute");
    }
  }

  private void writeAndRelease(List<Key> ks, List<Key> writes, List<StoredEntry<V>> nexts, String token) {
    Set<String> written = new java.util.HashSet<>();
    List<?> replies = batch("computeAll", batch -> {
      RScriptAsync batchScript = batch.getScript(ByteArrayCodec.INSTANCE);
      for (int i = 0; i < writes.size(); i++) {
        Key k = writes.get(i);
        StoredEntry<V> next = nexts.get(i);
        byte[] frame = next == null ? EMPTY : frames.encode(k.frame, next);
        batchScript.evalAsync(RScript.Mode.READ_WRITE, Scripts.COMPUTE_WRITE, RScript.ReturnType.MULTI,
            keyList(k), storeArgs(k, token, next, frame, ONE));
        written.add(k.lockKey);
      }
      for (Key k : ks) {
        if (!written.contains(k.lockKey)) {
          batchScript.evalAsync(RScript.Mode.READ_WRITE, Scripts.UNLOCK, RScript.ReturnType.INTEGER,
              List.of(k.lockKey), bytes(token));
        }
      }
    });
    for (int i = 0; i < writes.size(); i++) {
      @SuppressWarnings("unchecked")
      List<Object> reply = (List<Object>) replies.get(i);
      if (status(reply) == Scripts.LOCK_LOST) {
        throw lockLost("computeAll");
      }
    }
  }

  private void unlockQuietly(Key k, String token) {
    try {
      evalInteger("unlock", Scripts.UNLOCK, List.of(k.lockKey), bytes(token));
    } catch (TierException e) {
      LOG.warn("{}: could not release a compute lock (it expires after {} ms): {}", where, lockLeaseMillis,
          e.getMessage());
    }
  }

  private void unlockAllQuietly(List<Key> ks, String token) {
    try {
      batch("unlock", batch -> {
        RScriptAsync batchScript = batch.getScript(ByteArrayCodec.INSTANCE);
        for (Key k : ks) {
          batchScript.evalAsync(RScript.Mode.READ_WRITE, Scripts.UNLOCK, RScript.ReturnType.INTEGER,
              List.of(k.lockKey), bytes(token));
        }
      });
    } catch (TierException e) {
      LOG.warn("{}: could not release compute locks (they expire after {} ms): {}", where, lockLeaseMillis,
          e.getMessage());
    }
  }

  @Override
  public boolean supportsLoadLeases() {
    return true;
  }

  /** A load lease is a Redis key set with NX and a PX expiry; closing deletes it if still ours. */
  @Override
  public LoadLease tryLoadLease(K key, long leaseMillis) {
    Key k = key(key);
    String leaseKey = keys.leaseKey(k.member());
    byte[] token = newToken().getBytes(StandardCharsets.UTF_8);
    Long taken = evalInteger("take a load lease", Scripts.TAKE_LEASE, List.of(leaseKey), token,
        Long.toString(Math.max(1, leaseMillis)).getBytes(StandardCharsets.UTF_8));
    if (taken == null || taken == 0) {
      return null;
    }
    return () -> {
      try {
        evalInteger("give a load lease up", Scripts.GIVE_LEASE_UP, List.of(leaseKey), token);
      } catch (TierException e) {
        LOG.warn("{}: could not give a load lease up (it expires after {} ms): {}", where, leaseMillis,
            e.getMessage());
      }
    };
  }

  private List<Object> evalMulti(String op, String lua, List<Object> keyNames, Object... args) {
    try {
      List<Object> reply = script.eval(RScript.Mode.READ_WRITE, lua, RScript.ReturnType.MULTI, keyNames, args);
      if (reply == null || reply.isEmpty()) {
        throw new TierException(where + ": " + op + ": unexpected empty reply from Redis");
      }
      return reply;
    } catch (TierException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(op, e);
    }
  }

  private Long evalInteger(String op, String lua, List<Object> keyNames, Object... args) {
    try {
      return script.eval(RScript.Mode.READ_WRITE, lua, RScript.ReturnType.INTEGER, keyNames, args);
    } catch (RuntimeException e) {
      throw failure(op, e);
    }
  }

  private List<?> batch(String op, Consumer<RBatch> fill) {
    RBatch batch = client.createBatch(BatchOptions.defaults()
        .responseTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .retryAttempts(2));
    try {
      fill.accept(batch);
      return batch.execute().getResponses();
    } catch (RuntimeException e) {
      throw failure(op, e);
    }
  }

  private static long status(List<Object> reply) {
    Object first = reply.get(0);
    return first instanceof Number n ? n.longValue() : Long.MIN_VALUE;
  }

  // ------------------------------------------------------------------ decoding

  /** Decodes a frame found for {@code k}; on bad bytes removes it (if unchanged) and throws. */
  private StoredEntry<V> read(Key k, byte[] frame) {
    try {
      return frames.decode(k.frame, frame);
    } catch (CorruptEntryException | CodecException e) {
      discard(k, frame, e);
      throw e;
    }
  }

  private void discard(Key k, byte[] frame, RuntimeException reason) {
    LOG.warn("Removing an entry that cannot be read: {}",
        reason instanceof CorruptEntryException ? reason.getMessage() : where + ": " + reason);
    try {
      script.eval(RScript.Mode.READ_WRITE, Scripts.DISCARD, RScript.ReturnType.INTEGER,
          List.of(k.entryKey, keys.indexKey()), bytes(k.member), frame);
    } catch (RuntimeException e) {
      reason.addSuppressed(e);
    }
  }

  // ------------------------------------------------------------------ failures and waiting

  private TierException failure(String operation, RuntimeException e) {
    if (e instanceof TierException tierException) {
      return tierException;
    }
    if (closed.get()) {
      return new TierException(where + " is closed", e);
    }
    return new TierException(where + ": " + operation + " failed: " + RedisConnections.rootMessage(e), e);
  }

  private TierException lockLost(String operation) {
    return new TierException(where + ": " + operation + ": the function ran longer than the key's lock lease ("
        + lockLeaseMillis + " ms); its result was not written");
  }

  /** Backs off while a key is locked by a compute elsewhere; gives up after the lease plus the timeout. */
  private final class Waiter {
    private final String operation;
    private final long deadline;
    private long sleepMillis = 1;

    Waiter(String operation) {
      this.operation = operation;
      this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos((long) lockLeaseMillis + timeoutMillis);
    }

    void pause() {
      if (System.nanoTime() - deadline > 0) {
        throw new TierException(where + ": " + operation + ": a key stayed locked by a compute for more than "
            + (lockLeaseMillis + timeoutMillis) + " ms");
      }
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TierException(where + ": " + operation + ": interrupted while a key was locked", e);
      }
      sleepMillis = Math.min(sleepMillis * 2, 32);
    }
  }
}

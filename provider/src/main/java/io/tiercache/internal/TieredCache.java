package io.tiercache.internal;

import io.tiercache.TierStatistics;
import io.tiercache.TieredCacheView;
import io.tiercache.config.TierFailurePolicy;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.internal.copy.Copier;
import io.tiercache.internal.event.EventDispatcher;
import io.tiercache.internal.event.PendingEvent;
import io.tiercache.internal.stats.CacheConfigurationBean;
import io.tiercache.internal.stats.CacheStatistics;
import io.tiercache.internal.stats.JmxRegistrar;
import io.tiercache.internal.stats.TierStats;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.LoadLease;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TierLocality;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.EventType;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCache {@link Cache} over an ordered list of tiers. Every JCache rule lives here, once; the
 * tiers only store entries.
 *
 * <ul>
 *   <li><b>Reads</b> try T1, T2, ... until a live hit, promoting a hit at Ti into T1..Ti-1. Before a
 *       caching tier is passed over, the reader leaves a reservation in it; the promotion replaces
 *       only its own reservation, and every write or invalidation of the key removes it, so a slow
 *       read never installs a value older than the tier has seen since.</li>
 *   <li><b>Writes</b> run in one atomic update of the key at the authority (the last tier): the writer
 *       first (if it throws, nothing changes), then the new entry, then the caching tiers, then the
 *       events. Batch writes invalidate the caching tiers in one call per tier afterwards.</li>
 *   <li><b>Expiry</b> follows the {@link ExpiryPolicy}: creation, update and access durations, ZERO
 *       meaning expired now and {@code null} meaning unchanged; an expired entry found by an
 *       operation is removed and reported to expiry listeners.</li>
 *   <li><b>Coherence</b>: when a shared tier has an {@link InvalidationBus}, every change of a key is
 *       published after it is stored there, and other nodes' changes drop the key from the local
 *       tiers (those before the first shared tier). While a bus is down the local tiers are bypassed;
 *       when it is back they are cleared first.</li>
 *   <li><b>Single flight</b>: concurrent read-through misses of one key share one loader call.</li>
 *   <li>A hit in the first tier with statistics disabled takes no lock and allocates nothing but the
 *       store-by-value copy.</li>
 * </ul>
 */
public final class TieredCache<K, V> implements Cache<K, V>, TieredCacheView {

  private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);
  private static final AtomicLong RESERVATION_TOKENS = new AtomicLong();
  private static final long DEGRADED_LOG_MILLIS = 10_000;

  private final TieredCacheManager manager;
  private final String name;
  private final TieredConfiguration<K, V> configuration;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final Tier<K, V>[] tiers;
  private final Tier<K, V> authority;
  private final int authorityIndex;
  private final ExpiryPolicy expiry;
  private final boolean accessKeepsExpiry;
  private final CacheLoader<K, V> loader;
  private final boolean readThrough;
  private final CacheWriter<K, V> writer;
  private final Copier copier;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics = new CacheStatistics();
  private final TierStats[] tierStats;
  private final ConcurrentMap<K, CompletableFuture<V>> loads = new ConcurrentHashMap<>();
  private final Executor executor;
  private final CacheConfigurationBean configurationBean;
  private final ObjectName statisticsName;
  private final ObjectName configurationName;
  /** The index of the first shared tier (tiers.length when none): the tiers before it are local. */
  private final int firstShared;
  /** The invalidation buses of the shared tiers; empty when no tier has one. */
  private final List<InvalidationBus<K>> buses;
  /** How many buses cannot currently deliver: while any cannot, the local caching tiers are bypassed. */
  private final AtomicInteger busesDown = new AtomicInteger();
  private volatile boolean localTiersTrusted = true;
  /** The load lease time (cross-node stampede protection), 0 when off or unsupported. */
  private final long loadLeaseMillis;
  private final long loadWaitMillis;
  /** {@link TierFailurePolicy#DEGRADE}: a read counts a failing tier as a miss. */
  private final boolean degrade;
  private final AtomicLong lastDegradedLog = new AtomicLong(Long.MIN_VALUE / 2);
  private volatile boolean statisticsEnabled;
  private volatile boolean managementEnabled;
  private volatile boolean closed;
  /**
   * Whether a get may be answered from the first tier alone: open, statistics off, an expiry
   * policy that an access does not change, local tiers trusted. One volatile read on the hot path
   * instead of four; recomputed under {@link #fastGetLock} whenever one of them changes.
   */
  private volatile boolean fastGet;
  private final Object fastGetLock = new Object();

  TieredCache(TieredCacheManager manager, String name, TieredConfiguration<K, V> configuration,
      CacheParts<K, V> parts) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.keyType = configuration.getKeyType();
    this.valueType = configuration.getValueType();
    this.tiers = parts.tiers;
    this.authorityIndex = tiers.length - 1;
    this.authority = tiers[authorityIndex];
    this.expiry = parts.expiry;
    this.accessKeepsExpiry = expiry instanceof EternalExpiryPolicy || expiry instanceof CreatedExpiryPolicy
        || expiry instanceof ModifiedExpiryPolicy;
    this.loader = parts.loader;
    this.readThrough = configuration.isReadThrough() && loader != null;
    @SuppressWarnings("unchecked")
    CacheWriter<K, V> typedWriter = (CacheWriter<K, V>) parts.writer;
    this.writer = typedWriter;
    this.copier = parts.copier;
    this.executor = parts.executor;
    this.events = new EventDispatcher<>(this, executor, copier);
    this.tierStats = new TierStats[tiers.length];
    for (int i = 0; i < tiers.length; i++) {
      tierStats[i] = tiers[i] instanceof GuardedTier<K, V> guarded
          ? new TierStats(tiers[i].name(), guarded::circuitOpen) : new TierStats(tiers[i].name());
    }
    int shared = tiers.length;
    List<InvalidationBus<K>> foundBuses = new ArrayList<>();
    for (int i = tiers.length - 1; i >= 0; i--) {
      if (tiers[i].locality() == TierLocality.SHARED) {
        shared = i;
        InvalidationBus<K> bus = tiers[i].invalidationBus();
        if (bus != null) {
          foundBuses.add(bus);
        }
      }
    }
    this.firstShared = shared;
    this.loadLeaseMillis = authority.supportsLoadLeases() ? configuration.getLoadLeaseMillis() : 0;
    this.loadWaitMillis = configuration.getLoadWaitMillis();
    this.degrade = configuration.getTierFailurePolicy() == TierFailurePolicy.DEGRADE;
    this.buses = List.copyOf(foundBuses);
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    String uri = manager.getURI().toString();
    this.statisticsName = JmxRegistrar.objectName(JmxRegistrar.Kind.CacheStatistics, uri, name);
    this.configurationName = JmxRegistrar.objectName(JmxRegistrar.Kind.CacheConfiguration, uri, name);
    this.configurationBean = new CacheConfigurationBean(configuration, () -> statisticsEnabled, () -> managementEnabled);
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
    if (firstShared > 0) {
      for (InvalidationBus<K> bus : buses) {
        bus.subscribe(new Invalidations());
      }
    }
  }

  /**
   * What one bus tells this cache about other nodes: the local caching tiers (those before the first
   * shared tier) drop the key, or everything; while a bus is down they are bypassed.
   */
  private final class Invalidations implements InvalidationBus.Listener<K> {
    private boolean down;

    @Override
    public void invalidated(K key) {
      for (int i = 0; i < firstShared; i++) {
        tiers[i].remove(key);
      }
    }

    @Override
    public void invalidatedAll() {
      clearLocalTiers();
      synchronized (this) {
        if (down) {
          down = false;
          if (busesDown.decrementAndGet() == 0) {
            // cleared again: whatever was written locally while the bus was down is dropped
            clearLocalTiers();
            localTiersTrusted = true;
            updateFastGet();
          }
        }
      }
    }

    @Override
    public void disconnected() {
      synchronized (this) {
        if (!down) {
          down = true;
          busesDown.incrementAndGet();
          localTiersTrusted = false;
          updateFastGet();
        }
      }
      clearLocalTiers();
    }
  }

  private void clearLocalTiers() {
    for (int i = 0; i < firstShared; i++) {
      try {
        tiers[i].clear();
      } catch (RuntimeException e) {
        LOG.warn("Cache {}: clearing tier {} failed", name, tiers[i].name(), e);
      }
    }
  }

  /** The first tier reads may use: 0, or the first shared tier while the local tiers are not trusted. */
  private int firstReadable() {
    return localTiersTrusted ? 0 : firstShared;
  }

  /** Tells the other nodes about the keys this operation changed in the shared tiers. */
  private void publish(Op<K, V> op) {
    if (op.changed == null) {
      return;
    }
    for (InvalidationBus<K> bus : buses) {
      for (K key : op.changed) {
        try {
          bus.publish(key);
        } catch (RuntimeException e) {
          LOG.warn("Cache {}: could not publish the invalidation of a key; other nodes may serve it until"
              + " their bus reconnects", name, e);
        }
      }
    }
  }

  /** What a cache is built from; assembled by the cache manager. */
  record CacheParts<K, V>(Tier<K, V>[] tiers, ExpiryPolicy expiry, CacheLoader<K, V> loader,
      CacheWriter<? super K, ? super V> writer, Copier copier, Executor executor) {
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    if (fastGet) {
      V value = tiers[0].liveValue(Objects.requireNonNull(key, "key"));
      if (value != null) {
        return copier.copy(value);
      }
    }
    requireOpen();
    Objects.requireNonNull(key, "key");
    return getSlow(key);
  }

  private V getSlow(K key) {
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    long now = System.currentTimeMillis();
    StoredEntry<V> entry = find(key, now, true);
    V value;
    if (entry != null) {
      touch(key, entry, now);
      value = copier.copy(entry.value());
      if (stats) {
        statistics.recordHits(1);
      }
    } else {
      if (stats) {
        statistics.recordMisses(1);
      }
      value = readThrough ? load(key) : null;
    }
    if (stats) {
      statistics.recordGetTime(System.nanoTime() - start);
    }
    return value;
  }

  /**
   * The live entry for {@code key}, looked up tier by tier with promotion, or {@code null}. An
   * expired entry found at the authority is removed (and reported); one found in a caching tier is
   * dropped from it.
   */
  private StoredEntry<V> find(K key, long now, boolean recordStatistics) {
    long token = 0;
    long reserved = 0;
    try {
      for (int i = firstReadable(); i <= authorityIndex; i++) {
        StoredEntry<V> entry;
        try {
          entry = recordStatistics ? lookupAt(i, key, now) : tiers[i].get(key);
        } catch (RuntimeException e) {
          if (readMissesAt(i, e)) {
            continue;
          }
          throw e;
        }
        if (entry != null && !entry.isReservation()) {
          if (!entry.isExpired(now)) {
            for (int j = 0; j < i; j++) {
              if ((reserved & (1L << j)) != 0 && promote(j, key, token, entry)) {
                reserved &= ~(1L << j);
              }
            }
            return entry;
          }
          if (i == authorityIndex) {
            expireOnRead(key);
            return null;
          }
          dropExpired(i, key, entry);
        }
        if (i < authorityIndex && i < 63) {
          if (token == 0) {
            token = RESERVATION_TOKENS.incrementAndGet();
          }
          if (reserve(i, key, token)) {
            reserved |= 1L << i;
          }
        }
      }
      return null;
    } finally {
      if (reserved != 0) {
        for (int j = 0; j < authorityIndex; j++) {
          if ((reserved & (1L << j)) != 0) {
            unreserve(j, key, token);
          }
        }
      }
    }
  }

  /**
   * Whether a read goes on past {@code failure} of tier {@code index}, counting it as a miss there:
   * under {@link TierFailurePolicy#DEGRADE}, for a {@link TierException}. Logged at most once every
   * {@value #DEGRADED_LOG_MILLIS} ms per cache.
   */
  private boolean readMissesAt(int index, RuntimeException failure) {
    if (!degrade || !(failure instanceof TierException)) {
      return false;
    }
    long now = System.currentTimeMillis();
    long last = lastDegradedLog.get();
    if (now - last >= DEGRADED_LOG_MILLIS && lastDegradedLog.compareAndSet(last, now)) {
      LOG.warn("Cache {}: tier {} failed; reads count it as a miss while it does (onTierFailure: degrade)", name,
          tiers[index].name(), failure);
    }
    return true;
  }

  /** A reservation for a read's promotion in caching tier {@code index}; none where the tier fails. */
  private boolean reserve(int index, K key, long token) {
    try {
      return tiers[index].putIfAbsent(key, StoredEntry.reservation(token)) == null;
    } catch (RuntimeException e) {
      if (readMissesAt(index, e)) {
        return false;
      }
      throw e;
    }
  }

  /** Installs a found entry over this read's reservation in caching tier {@code index}. */
  private boolean promote(int index, K key, long token, StoredEntry<V> entry) {
    try {
      return tiers[index].replace(key, -token, entry);
    } catch (RuntimeException e) {
      if (readMissesAt(index, e)) {
        return false;
      }
      throw e;
    }
  }

  /** Takes back this read's reservation (it expires by itself where the tier fails). */
  private void unreserve(int index, K key, long token) {
    try {
      tiers[index].remove(key, -token);
    } catch (RuntimeException e) {
      if (!readMissesAt(index, e)) {
        throw e;
      }
    }
  }

  /** Drops an expired copy from caching tier {@code index}. */
  private void dropExpired(int index, K key, StoredEntry<V> entry) {
    try {
      tiers[index].remove(key, entry.version());
    } catch (RuntimeException e) {
      if (!readMissesAt(index, e)) {
        throw e;
      }
    }
  }

  /** Removes (and reports) an entry a read found expired at the authority. */
  private void expireOnRead(K key) {
    try {
      expire(key);
    } catch (RuntimeException e) {
      if (!readMissesAt(authorityIndex, e)) {
        throw e;
      }
    }
  }

  private StoredEntry<V> lookupAt(int index, K key, long now) {
    if (!statisticsEnabled) {
      return tiers[index].get(key);
    }
    long start = System.nanoTime();
    StoredEntry<V> entry;
    try {
      entry = tiers[index].get(key);
    } catch (RuntimeException e) {
      tierStats[index].recordError();
      throw e;
    }
    long nanos = System.nanoTime() - start;
    if (entry != null && !entry.isReservation() && !entry.isExpired(now)) {
      tierStats[index].recordHit(nanos);
    } else {
      tierStats[index].recordMiss(nanos);
    }
    return entry;
  }

  /** Applies the access duration to a hit (unless the policy never changes it on access). */
  private void touch(K key, StoredEntry<V> entry, long now) {
    if (accessKeepsExpiry) {
      return;
    }
    StoredEntry<V> touched = accessed(entry, now);
    if (touched != entry) {
      if (authority.replace(key, entry.version(), touched)) {
        for (int i = 0; i < authorityIndex; i++) {
          tiers[i].replace(key, entry.version(), touched);
        }
      }
    }
  }

  /** Removes {@code key} at the authority if it has expired there, reporting the expiry. */
  private void expire(K key) {
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(key, op, true, (k, live, o) -> live);
    deliver(op);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    requireKeys(keys);
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    long now = System.currentTimeMillis();
    Map<K, StoredEntry<V>> found = findAll(keys, now);
    Map<K, V> result = new LinkedHashMap<>(keys.size() * 2);
    List<K> missing = null;
    for (K key : keys) {
      StoredEntry<V> entry = found.get(key);
      if (entry != null) {
        touch(key, entry, now);
        result.put(key, copier.copy(entry.value()));
      } else {
        if (missing == null) {
          missing = new ArrayList<>();
        }
        missing.add(key);
      }
    }
    if (stats) {
      statistics.recordHits(found.size());
      statistics.recordMisses(missing == null ? 0 : missing.size());
    }
    if (missing != null && readThrough) {
      result.putAll(loadAll(missing));
    }
    if (stats) {
      statistics.recordGetTime(System.nanoTime() - start);
    }
    return result;
  }

  /** The live entries for {@code keys}: one batch lookup per tier, promotion under reservations. */
  private Map<K, StoredEntry<V>> findAll(Set<? extends K> keys, long now) {
    Map<K, StoredEntry<V>> found = new HashMap<>(keys.size() * 2);
    Set<K> remaining = new LinkedHashSet<>(keys);
    Map<K, Long> tokens = new HashMap<>();
    List<K> expiredAtAuthority = null;
    @SuppressWarnings("unchecked")
    Set<K>[] reservedIn = new Set[authorityIndex];
    try {
      for (int i = firstReadable(); i <= authorityIndex && !remaining.isEmpty(); i++) {
        Map<K, StoredEntry<V>> batch;
        try {
          batch = lookupAllAt(i, remaining, now);
        } catch (RuntimeException e) {
          if (readMissesAt(i, e)) {
            continue;
          }
          throw e;
        }
        for (Map.Entry<K, StoredEntry<V>> hit : batch.entrySet()) {
          K key = hit.getKey();
          StoredEntry<V> entry = hit.getValue();
          if (entry == null || entry.isReservation()) {
            continue;
          }
          if (!entry.isExpired(now)) {
            found.put(key, entry);
            remaining.remove(key);
            Long token = tokens.get(key);
            for (int j = 0; j < i && token != null; j++) {
              if (reservedIn[j] != null && reservedIn[j].contains(key) && promote(j, key, token, entry)) {
                reservedIn[j].remove(key);
              }
            }
          } else if (i == authorityIndex) {
            if (expiredAtAuthority == null) {
              expiredAtAuthority = new ArrayList<>();
            }
            expiredAtAuthority.add(key);
          } else {
            dropExpired(i, key, entry);
          }
        }
        if (i < authorityIndex) {
          reservedIn[i] = new HashSet<>();
          for (K key : remaining) {
            long token = tokens.computeIfAbsent(key, k -> RESERVATION_TOKENS.incrementAndGet());
            if (reserve(i, key, token)) {
              reservedIn[i].add(key);
            }
          }
        }
      }
    } finally {
      for (int j = 0; j < authorityIndex; j++) {
        if (reservedIn[j] != null) {
          for (K key : reservedIn[j]) {
            unreserve(j, key, tokens.get(key));
          }
        }
      }
    }
    if (expiredAtAuthority != null) {
      for (K key : expiredAtAuthority) {
        expireOnRead(key);
      }
    }
    return found;
  }

  private Map<K, StoredEntry<V>> lookupAllAt(int index, Set<K> keys, long now) {
    if (!statisticsEnabled) {
      return tiers[index].getAll(keys);
    }
    long start = System.nanoTime();
    Map<K, StoredEntry<V>> batch;
    try {
      batch = tiers[index].getAll(keys);
    } catch (RuntimeException e) {
      tierStats[index].recordError();
      throw e;
    }
    long nanos = (System.nanoTime() - start) / Math.max(1, keys.size());
    int hits = 0;
    for (StoredEntry<V> entry : batch.values()) {
      if (entry != null && !entry.isReservation() && !entry.isExpired(now)) {
        hits++;
        tierStats[index].recordHit(nanos);
      }
    }
    for (int i = hits; i < keys.size(); i++) {
      tierStats[index].recordMiss(nanos);
    }
    return batch;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    long now = System.currentTimeMillis();
    for (int i = firstReadable(); i <= authorityIndex; i++) {
      StoredEntry<V> entry;
      try {
        entry = tiers[i].get(key);
      } catch (RuntimeException e) {
        if (readMissesAt(i, e)) {
          continue;
        }
        throw e;
      }
      if (entry != null && !entry.isReservation() && !entry.isExpired(now)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- read-through

  /** Loads {@code key} through the loader, sharing one call among concurrent callers. */
  private V load(K key) {
    CompletableFuture<V> flight = new CompletableFuture<>();
    CompletableFuture<V> existing = loads.putIfAbsent(key, flight);
    if (existing != null) {
      return await(existing);
    }
    try {
      // a load that finished just before this one started has already stored its value
      StoredEntry<V> current = find(key, System.currentTimeMillis(), false);
      V value;
      if (current != null) {
        value = copier.copy(current.value());
      } else {
        value = loadAcrossNodes(key);
      }
      flight.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      flight.completeExceptionally(e);
      throw e;
    } finally {
      loads.remove(key, flight);
    }
  }

  /**
   * Loads {@code key} and stores it. With a load lease configured, only the node holding the lease
   * loads; another waits up to the configured time for the value to appear at the authority, then
   * loads itself, so a dead or slow holder never blocks it for longer.
   */
  private V loadAcrossNodes(K key) {
    LoadLease lease = null;
    if (loadLeaseMillis > 0) {
      boolean reachable = true;
      try {
        lease = authority.tryLoadLease(key, loadLeaseMillis);
      } catch (RuntimeException e) {
        if (!readMissesAt(authorityIndex, e)) {
          throw e;
        }
        // the authority cannot be reached: no lease to take, no other node's value to wait for
        reachable = false;
      }
      if (reachable && lease == null) {
        StoredEntry<V> loadedElsewhere = awaitLoadElsewhere(key);
        if (loadedElsewhere != null) {
          return copier.copy(loadedElsewhere.value());
        }
      } else {
        // the previous holder may have stored the value just before giving the lease up
        StoredEntry<V> current = find(key, System.currentTimeMillis(), false);
        if (current != null) {
          lease.close();
          return copier.copy(current.value());
        }
      }
    }
    try {
      V value = callLoader(key);
      if (value != null) {
        store(key, value);
      }
      return value;
    } finally {
      if (lease != null) {
        lease.close();
      }
    }
  }

  private StoredEntry<V> awaitLoadElsewhere(K key) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(loadWaitMillis);
    long pauseMillis = 2;
    while (true) {
      StoredEntry<V> entry;
      try {
        entry = authority.get(key);
      } catch (RuntimeException e) {
        if (readMissesAt(authorityIndex, e)) {
          return null;
        }
        throw e;
      }
      if (entry != null && !entry.isReservation() && !entry.isExpired(System.currentTimeMillis())) {
        return entry;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(pauseMillis)));
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return null;
      }
      pauseMillis = Math.min(pauseMillis * 2, 50);
    }
  }

  private V await(CompletableFuture<V> flight) {
    try {
      V value = flight.join();
      return value == null ? null : copier.copy(value);
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new CacheLoaderException(cause);
    }
  }

  private V callLoader(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("The CacheLoader of cache " + name + " failed to load " + key, e);
    }
  }

  /** Loads the missing keys with one {@code loadAll} call and stores what it returned. */
  private Map<K, V> loadAll(Collection<K> keys) {
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("The CacheLoader of cache " + name + " failed to load " + keys.size() + " keys", e);
    }
    Map<K, V> result = new LinkedHashMap<>();
    if (loaded == null) {
      return result;
    }
    for (K key : keys) {
      V value = loaded.get(key);
      if (value != null) {
        store(key, value);
        result.put(key, value);
      }
    }
    return result;
  }

  /**
   * Stores a loaded value unless the key got one meanwhile: no writer, no put statistics. Under
   * {@link TierFailurePolicy#DEGRADE} a value the authority cannot take is returned to the reader
   * without being stored anywhere (a local tier never holds what the authority does not).
   */
  private void store(K key, V loaded) {
    checkValueType(loaded);
    V value = copier.copy(loaded);
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    try {
      atomically(copier.copy(key), op, true, (k, live, o) -> {
        if (live != null) {
          return live;
        }
        return created(k, value, o);
      });
    } catch (RuntimeException e) {
      if (readMissesAt(authorityIndex, e)) {
        return;
      }
      throw e;
    }
    deliver(op);
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener listener) {
    requireOpen();
    requireKeys(keys);
    CompletionListener completion = listener == null ? NO_COMPLETION : listener;
    if (loader == null) {
      completion.onCompletion();
      return;
    }
    List<K> requested = new ArrayList<>(keys);
    executor.execute(() -> {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : requested) {
          if (replaceExistingValues || !containsKey(key)) {
            toLoad.add(key);
          }
        }
        if (!toLoad.isEmpty()) {
          Map<K, V> loaded;
          try {
            loaded = loader.loadAll(toLoad);
          } catch (CacheLoaderException e) {
            throw e;
          } catch (Exception e) {
            throw new CacheLoaderException("The CacheLoader of cache " + name + " failed in loadAll", e);
          }
          if (loaded != null) {
            for (Map.Entry<K, V> entry : loaded.entrySet()) {
              if (entry.getKey() != null && entry.getValue() != null) {
                putLoaded(entry.getKey(), entry.getValue(), replaceExistingValues);
              }
            }
          }
        }
        completion.onCompletion();
      } catch (Exception e) {
        if (listener == null && closed) {
          LOG.debug("Cache {}: loadAll ended by the cache closing", name, e);
        } else {
          completion.onException(e);
        }
      }
    });
  }

  /** Puts a value from {@code loadAll}: no writer, no put statistics; replaces only if asked. */
  private void putLoaded(K key, V loaded, boolean replace) {
    checkValueType(loaded);
    V value = copier.copy(loaded);
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(copier.copy(key), op, true, (k, live, o) -> {
      if (live == null) {
        return created(k, value, o);
      }
      return replace ? updated(k, live, value, o) : live;
    });
    deliver(op);
  }

  private static final CompletionListener NO_COMPLETION = new CompletionListener() {
    @Override
    public void onCompletion() {
    }

    @Override
    public void onException(Exception e) {
      LOG.warn("loadAll failed and no CompletionListener was given", e);
    }
  };

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    requireOpen();
    checkEntry(key, value);
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    V stored = copier.copy(value);
    K storedKey = copier.copy(key);
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(storedKey, op, true, (k, live, o) -> {
      write(k, value);
      return counted(live == null ? created(k, stored, o) : updated(k, live, stored, o), o);
    });
    deliver(op);
    if (stats) {
      recordPuts(op, start);
    }
  }

  @Override
  public V getAndPut(K key, V value) {
    requireOpen();
    checkEntry(key, value);
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    V stored = copier.copy(value);
    K storedKey = copier.copy(key);
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(storedKey, op, true, (k, live, o) -> {
      write(k, value);
      if (live == null) {
        return counted(created(k, stored, o), o);
      }
      o.oldValue = live.value();
      return counted(updated(k, live, stored, o), o);
    });
    deliver(op);
    if (stats) {
      recordHitOrMiss(op.oldValue != null, start);
      recordPuts(op, start);
    }
    return copier.copy(op.oldValue);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      checkEntry(entry.getKey(), entry.getValue());
    }
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    Map<K, V> toStore = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      toStore.put(copier.copy(entry.getKey()), copier.copy(entry.getValue()));
    }
    RuntimeException writeFailure = null;
    if (writer != null && !map.isEmpty()) {
      List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>(map.size());
      for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
        pending.add(new TieredEntry<>(entry.getKey(), entry.getValue()));
      }
      try {
        writer.writeAll(pending);
      } catch (Exception e) {
        writeFailure = e instanceof CacheWriterException cwe ? cwe
            : new CacheWriterException("The CacheWriter of cache " + name + " failed in writeAll", e);
        for (Cache.Entry<? extends K, ? extends V> notWritten : pending) {
          toStore.remove(notWritten.getKey());
        }
      }
    }
    if (!toStore.isEmpty()) {
      Op<K, V> op = new Op<>(System.currentTimeMillis());
      atomicallyAll(toStore.keySet(), op, (k, live, o) -> {
        V value = toStore.get(k);
        return counted(live == null ? created(k, value, o) : updated(k, live, value, o), o);
      });
      deliver(op);
      if (stats) {
        recordPuts(op, start);
      }
    }
    if (writeFailure != null) {
      throw writeFailure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    checkEntry(key, value);
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    V stored = copier.copy(value);
    K storedKey = copier.copy(key);
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(storedKey, op, true, (k, live, o) -> {
      if (live != null) {
        o.hit = true;
        return live;
      }
      write(k, value);
      StoredEntry<V> created = counted(created(k, stored, o), o);
      o.success = created != null;
      return created;
    });
    deliver(op);
    if (stats) {
      recordHitOrMiss(op.hit, start);
      recordPuts(op, start);
    }
    return op.success;
  }

  @Override
  public boolean remove(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(key, op, true, (k, live, o) -> {
      delete(k);
      return live == null ? null : removed(k, live, o);
    });
    deliver(op);
    if (stats) {
      recordRemovals(op, start);
    }
    return op.removals > 0;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(oldValue, "oldValue");
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(key, op, true, (k, live, o) -> {
      if (live == null) {
        return null;
      }
      o.hit = true;
      if (!live.value().equals(oldValue)) {
        return accessed(live, o.now);
      }
      delete(k);
      return removed(k, live, o);
    });
    deliver(op);
    if (stats) {
      recordHitOrMiss(op.hit, start);
      recordRemovals(op, start);
    }
    return op.removals > 0;
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(key, op, true, (k, live, o) -> {
      delete(k);
      if (live == null) {
        return null;
      }
      o.oldValue = live.value();
      return removed(k, live, o);
    });
    deliver(op);
    if (stats) {
      recordHitOrMiss(op.oldValue != null, start);
      recordRemovals(op, start);
    }
    return copier.copy(op.oldValue);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    Objects.requireNonNull(oldValue, "oldValue");
    checkEntry(key, newValue);
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    V stored = copier.copy(newValue);
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(key, op, true, (k, live, o) -> {
      if (live == null) {
        return null;
      }
      o.hit = true;
      if (!live.value().equals(oldValue)) {
        return accessed(live, o.now);
      }
      write(k, newValue);
      return counted(updated(k, live, stored, o), o);
    });
    deliver(op);
    if (stats) {
      recordHitOrMiss(op.hit, start);
      recordPuts(op, start);
    }
    return op.puts > 0;
  }

  @Override
  public boolean replace(K key, V value) {
    return getAndReplaceInternal(key, value) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    return copier.copy(getAndReplaceInternal(key, value));
  }

  /** Replaces an existing entry; returns the stored old value (not copied), or null. */
  private V getAndReplaceInternal(K key, V value) {
    requireOpen();
    checkEntry(key, value);
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    V stored = copier.copy(value);
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    atomically(key, op, true, (k, live, o) -> {
      if (live == null) {
        return null;
      }
      write(k, value);
      o.oldValue = live.value();
      return counted(updated(k, live, stored, o), o);
    });
    deliver(op);
    if (stats) {
      recordHitOrMiss(op.oldValue != null, start);
      recordPuts(op, start);
    }
    return op.oldValue;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    requireKeys(keys);
    removeKeys(new LinkedHashSet<>(keys));
  }

  @Override
  public void removeAll() {
    requireOpen();
    Set<K> keys = new LinkedHashSet<>();
    Iterator<Map.Entry<K, StoredEntry<V>>> iterator = authority.iterator();
    while (iterator.hasNext()) {
      Map.Entry<K, StoredEntry<V>> entry = iterator.next();
      if (!entry.getValue().isReservation()) {
        keys.add(entry.getKey());
      }
    }
    removeKeys(keys);
  }

  private void removeKeys(Set<K> keys) {
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    Set<K> toRemove = keys;
    RuntimeException writeFailure = null;
    if (writer != null && !keys.isEmpty()) {
      Collection<K> pending = new ArrayList<>(keys);
      try {
        writer.deleteAll(pending);
      } catch (Exception e) {
        writeFailure = e instanceof CacheWriterException cwe ? cwe
            : new CacheWriterException("The CacheWriter of cache " + name + " failed in deleteAll", e);
        toRemove = new LinkedHashSet<>(keys);
        toRemove.removeAll(pending);
      }
    }
    if (!toRemove.isEmpty()) {
      Op<K, V> op = new Op<>(System.currentTimeMillis());
      atomicallyAll(toRemove, op, (k, live, o) -> live == null ? null : removed(k, live, o));
      deliver(op);
      if (stats) {
        recordRemovals(op, start);
      }
    }
    if (writeFailure != null) {
      throw writeFailure;
    }
  }

  @Override
  public void clear() {
    requireOpen();
    authority.clear();
    for (int i = 0; i < authorityIndex; i++) {
      tiers[i].clear();
    }
    for (InvalidationBus<K> bus : buses) {
      try {
        bus.publishClear();
      } catch (RuntimeException e) {
        LOG.warn("Cache {}: could not tell other nodes about clear()", name, e);
      }
    }
  }

  // ---------------------------------------------------------------- entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    return process(key, entryProcessor, arguments);
  }

  private <T> T process(K key, EntryProcessor<K, V, T> entryProcessor, Object[] arguments) {
    boolean stats = statisticsEnabled;
    long start = stats ? System.nanoTime() : 0;
    Op<K, V> op = new Op<>(System.currentTimeMillis());
    Object[] result = new Object[1];
    atomically(copier.copy(key), op, true, (k, live, o) -> {
      o.hit = live != null;
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(k, live == null ? null : copier.copy(live.value()),
          readThrough ? loader : null);
      try {
        result[0] = entryProcessor.process(entry, arguments);
      } catch (EntryProcessorException e) {
        throw e;
      } catch (Exception e) {
        throw new EntryProcessorException(e);
      }
      switch (entry.operation()) {
        case ACCESS:
          return live == null ? null : accessed(live, o.now);
        case LOAD:
        case CREATE: {
          V value = entry.valueForStore();
          checkValueType(value);
          V stored = copier.copy(value);
          if (entry.operation() == ProcessorEntry.Operation.LOAD) {
            return created(k, stored, o);
          }
          write(k, value);
          return counted(created(k, stored, o), o);
        }
        case UPDATE: {
          V value = entry.valueForStore();
          checkValueType(value);
          write(k, value);
          return counted(updated(k, live, copier.copy(value), o), o);
        }
        case REMOVE:
          delete(k);
          return live == null ? null : removed(k, live, o);
        case NONE:
        default:
          return live;
      }
    });
    deliver(op);
    if (stats) {
      recordHitOrMiss(op.hit, start);
      recordPuts(op, start);
      recordRemovals(op, start);
    }
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    requireKeys(keys);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    Map<K, EntryProcessorResult<T>> results = new LinkedHashMap<>();
    for (K key : keys) {
      try {
        T value = process(key, entryProcessor, arguments);
        if (value != null) {
          results.put(key, () -> value);
        }
      } catch (Exception e) {
        EntryProcessorException failure = e instanceof EntryProcessorException epe ? epe : new EntryProcessorException(e);
        results.put(key, () -> {
          throw failure;
        });
      }
    }
    return results;
  }

  // ---------------------------------------------------------------- the atomic update

  /** One step of an atomic update: from the live entry (or null) to the entry to store. */
  @FunctionalInterface
  private interface Step<K, V> {
    StoredEntry<V> apply(K key, StoredEntry<V> live, Op<K, V> op);
  }

  /** What one operation observed and did; filled in inside the atomic update. */
  private static final class Op<K, V> {
    final long now;
    List<PendingEvent<K, V>> events;
    int asyncMark;
    long previousVersion;
    V oldValue;
    boolean hit;
    boolean success;
    int puts;
    int removals;
    /** Keys whose entry changed, when other nodes must be told (a shared tier has a bus). */
    List<K> changed;

    Op(long now) {
      this.now = now;
    }

    void event(EventType type, K key, V value, V oldValue) {
      if (events == null) {
        events = new ArrayList<>(2);
      }
      events.add(new PendingEvent<>(type, key, value, oldValue));
    }
  }

  /**
   * Runs {@code step} atomically for {@code key} at the authority. An expired entry is reported and
   * treated as absent. The step's result becomes the entry; the caching tiers follow it when
   * {@code syncCachingTiers}; asynchronous listeners are handed the events before the key is released.
   */
  private void atomically(K key, Op<K, V> op, boolean syncCachingTiers, Step<K, V> step) {
    try {
      authority.compute(key, (k, current) -> applyStep(k, current, op, syncCachingTiers, step));
    } catch (RuntimeException | Error e) {
      afterFailedWrite(Set.of(key), op, e);
      throw e;
    }
    publish(op);
  }

  /** {@link #atomically} for many keys in one batch; the caching tiers are invalidated afterwards. */
  private void atomicallyAll(Set<K> keys, Op<K, V> op, Step<K, V> step) {
    try {
      authority.computeAll(keys, (k, current) -> applyStep(k, current, op, false, step));
    } catch (RuntimeException | Error e) {
      afterFailedWrite(keys, op, e);
      throw e;
    }
    for (int i = 0; i < authorityIndex; i++) {
      tiers[i].removeAll(keys);
    }
    publish(op);
  }

  /**
   * The authority failed a write whose step may already have run, and synced the caching tiers: the
   * caching tiers drop the keys (so no local tier shows a write that was not acknowledged), and the
   * other nodes are told (an authority that timed out may have applied it).
   */
  private void afterFailedWrite(Set<K> keys, Op<K, V> op, Throwable failure) {
    for (int i = 0; i < authorityIndex; i++) {
      try {
        tiers[i].removeAll(keys);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    publish(op);
  }

  private StoredEntry<V> applyStep(K key, StoredEntry<V> current, Op<K, V> op, boolean syncCachingTiers,
      Step<K, V> step) {
    StoredEntry<V> live = current;
    if (live != null && (live.isReservation() || live.isExpired(op.now))) {
      if (!live.isReservation() && events.isActive()) {
        op.event(EventType.EXPIRED, key, null, live.value());
      }
      live = null;
    }
    op.previousVersion = current == null ? 0 : Math.abs(current.version());
    StoredEntry<V> result = step.apply(key, live, op);
    if (result == live && live == null && current == null) {
      return null;
    }
    if (result != current) {
      if (syncCachingTiers) {
        for (int i = 0; i < authorityIndex; i++) {
          syncCachingTier(tiers[i], key, result);
        }
      }
      if (!buses.isEmpty()) {
        if (op.changed == null) {
          op.changed = new ArrayList<>(1);
        }
        op.changed.add(key);
      }
    }
    if (op.events != null && op.asyncMark < op.events.size()) {
      events.enqueueAsync(op.events.subList(op.asyncMark, op.events.size()));
      op.asyncMark = op.events.size();
    }
    return result;
  }

  private void syncCachingTier(Tier<K, V> tier, K key, StoredEntry<V> entry) {
    try {
      if (entry == null) {
        tier.remove(key);
      } else {
        tier.put(key, entry);
      }
    } catch (RuntimeException e) {
      LOG.warn("Cache {}: tier {} could not take the new entry of a key; dropping it there", name, tier.name(), e);
      tier.remove(key);
    }
  }

  /** Counts a put when {@code entry} was stored. */
  private static <K, V> StoredEntry<V> counted(StoredEntry<V> entry, Op<K, V> op) {
    if (entry != null) {
      op.puts++;
    }
    return entry;
  }

  /** A new entry, or null (nothing stored, no event) when the creation duration is zero. */
  private StoredEntry<V> created(K key, V value, Op<K, V> op) {
    long expiresAt = creationExpiresAt(op.now);
    if (expiresAt <= op.now) {
      return null;
    }
    if (events.isActive()) {
      op.event(EventType.CREATED, key, value, null);
    }
    return StoredEntry.of(value, expiresAt, VersionClock.next(op.previousVersion));
  }

  private StoredEntry<V> updated(K key, StoredEntry<V> live, V value, Op<K, V> op) {
    long expiresAt = live.expiresAt();
    try {
      Duration duration = expiry.getExpiryForUpdate();
      if (duration != null) {
        expiresAt = duration.getAdjustedTime(op.now);
      }
    } catch (RuntimeException e) {
      LOG.debug("Cache {}: getExpiryForUpdate failed; keeping the expiry time", name, e);
    }
    if (events.isActive()) {
      op.event(EventType.UPDATED, key, value, live.value());
    }
    return StoredEntry.of(value, expiresAt, VersionClock.next(op.previousVersion));
  }

  private StoredEntry<V> removed(K key, StoredEntry<V> live, Op<K, V> op) {
    op.removals++;
    if (events.isActive()) {
      op.event(EventType.REMOVED, key, null, live.value());
    }
    return null;
  }

  private StoredEntry<V> accessed(StoredEntry<V> live, long now) {
    if (accessKeepsExpiry) {
      return live;
    }
    try {
      Duration duration = expiry.getExpiryForAccess();
      return duration == null ? live : live.withExpiresAt(duration.getAdjustedTime(now));
    } catch (RuntimeException e) {
      LOG.debug("Cache {}: getExpiryForAccess failed; keeping the expiry time", name, e);
      return live;
    }
  }

  private long creationExpiresAt(long now) {
    Duration duration;
    try {
      duration = expiry.getExpiryForCreation();
    } catch (RuntimeException e) {
      LOG.debug("Cache {}: getExpiryForCreation failed; the entry does not expire", name, e);
      duration = Duration.ETERNAL;
    }
    return duration == null ? StoredEntry.NEVER : duration.getAdjustedTime(now);
  }

  private void write(K key, V value) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(new TieredEntry<>(key, value));
    } catch (CacheWriterException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriterException("The CacheWriter of cache " + name + " failed to write " + key, e);
    }
  }

  private void delete(K key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheWriterException("The CacheWriter of cache " + name + " failed to delete " + key, e);
    }
  }

  private void deliver(Op<K, V> op) {
    if (op.events != null) {
      events.deliverSync(op.events);
    }
  }

  // ---------------------------------------------------------------- statistics

  private void recordHitOrMiss(boolean hit, long start) {
    if (hit) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
    }
    statistics.recordGetTime(System.nanoTime() - start);
  }

  private void recordPuts(Op<K, V> op, long start) {
    if (op.puts > 0) {
      statistics.recordPuts(op.puts);
      statistics.recordPutTime(System.nanoTime() - start);
    }
  }

  private void recordRemovals(Op<K, V> op, long start) {
    if (op.removals > 0) {
      statistics.recordRemovals(op.removals);
      statistics.recordRemoveTime(System.nanoTime() - start);
    }
  }

  /** Counts entries the authority dropped to stay within its bounds. */
  void onAuthorityDropped(K key, StoredEntry<V> entry, boolean expired) {
    if (expired) {
      if (events.isActive()) {
        // no caller waits for this: synchronous listeners run on the tier's thread
        Op<K, V> op = new Op<>(System.currentTimeMillis());
        op.event(EventType.EXPIRED, key, null, entry.value());
        events.enqueueAsync(op.events);
        try {
          events.deliverSync(op.events);
        } catch (RuntimeException | Error e) {
          LOG.warn("Cache {}: a synchronous listener failed on the expiry of a key", name, e);
        }
      }
    } else if (statisticsEnabled) {
      statistics.recordEvictions(1);
    }
  }

  // ---------------------------------------------------------------- iteration

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    Iterator<Map.Entry<K, StoredEntry<V>>> source = authority.iterator();
    return new Iterator<>() {
      private Cache.Entry<K, V> next;
      private K last;

      @Override
      public boolean hasNext() {
        long now = System.currentTimeMillis();
        while (next == null && source.hasNext()) {
          Map.Entry<K, StoredEntry<V>> candidate = source.next();
          StoredEntry<V> entry = candidate.getValue();
          if (entry.isReservation()) {
            continue;
          }
          if (entry.isExpired(now)) {
            expire(candidate.getKey());
            continue;
          }
          touch(candidate.getKey(), entry, now);
          if (statisticsEnabled) {
            statistics.recordHits(1);
          }
          next = new TieredEntry<>(copier.copy(candidate.getKey()), copier.copy(entry.value()));
        }
        return next != null;
      }

      @Override
      public Cache.Entry<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Cache.Entry<K, V> result = next;
        next = null;
        last = result.getKey();
        return result;
      }

      @Override
      public void remove() {
        if (last == null) {
          throw new IllegalStateException("next() has not been called, or remove() was already called");
        }
        requireOpen();
        TieredCache.this.remove(last);
        last = null;
      }
    };
  }

  // ---------------------------------------------------------------- lifecycle and management

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    TieredConfiguration<K, V> snapshot = new TieredConfiguration<>(configuration);
    if (clazz.isInstance(snapshot)) {
      return clazz.cast(snapshot);
    }
    throw new IllegalArgumentException("The configuration of cache " + name + " is not a " + clazz.getName());
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) {
      configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
      try {
        events.register(listenerConfiguration);
      } catch (RuntimeException e) {
        configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
        throw e;
      }
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listenerConfiguration");
    synchronized (configuration) {
      configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
      events.deregister(listenerConfiguration);
    }
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap cache " + name + " to " + clazz.getName());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closeQuietly()) {
      manager.release(this);
    }
  }

  /** Closes without telling the manager; returns whether this call closed it. */
  boolean closeQuietly() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
      updateFastGet();
    }
    JmxRegistrar.unregister(statisticsName);
    JmxRegistrar.unregister(configurationName);
    events.awaitQuiescence();
    events.closeAll();
    for (Tier<K, V> tier : tiers) {
      try {
        tier.close();
      } catch (RuntimeException e) {
        LOG.warn("Cache {}: closing tier {} failed", name, tier.name(), e);
      }
    }
    closeIfCloseable(loader);
    closeIfCloseable(writer);
    closeIfCloseable(expiry);
    return true;
  }

  private void updateFastGet() {
    synchronized (fastGetLock) {
      fastGet = !closed && !statisticsEnabled && accessKeepsExpiry && localTiersTrusted;
    }
  }

  private void closeIfCloseable(Object object) {
    if (object instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("Cache {}: closing {} failed", name, object, e);
      }
    }
  }

  /** Turns statistics on or off; registers or unregisters the statistics MXBean. */
  public void setStatisticsEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setStatisticsEnabled(enabled);
      statisticsEnabled = enabled;
      updateFastGet();
      if (enabled && !closed) {
        JmxRegistrar.register(statistics, statisticsName);
      } else {
        JmxRegistrar.unregister(statisticsName);
      }
    }
  }

  /** Turns management on or off; registers or unregisters the configuration MXBean. */
  public void setManagementEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
      managementEnabled = enabled;
      if (enabled && !closed) {
        JmxRegistrar.register(configurationBean, configurationName);
      } else {
        JmxRegistrar.unregister(configurationName);
      }
    }
  }

  /** The JCache statistics of this cache (for tests and integrations). */
  public CacheStatistics statistics() {
    return statistics;
  }

  /** The live per-tier figures, fastest first (for metrics, which read them at scrape time). */
  public List<TierStats> tierStats() {
    return List.of(tierStats);
  }

  @Override
  public List<String> tierNames() {
    List<String> names = new ArrayList<>(tiers.length);
    for (Tier<K, V> tier : tiers) {
      names.add(tier.name());
    }
    return names;
  }

  @Override
  public List<TierStatistics> tierStatistics() {
    List<TierStatistics> snapshots = new ArrayList<>(tiers.length);
    for (TierStats stats : tierStats) {
      snapshots.add(stats.snapshot());
    }
    return snapshots;
  }

  // ---------------------------------------------------------------- argument checks

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache " + name + " is closed");
    }
  }

  private static void requireKeys(Set<?> keys) {
    Objects.requireNonNull(keys, "keys");
    for (Object key : keys) {
      Objects.requireNonNull(key, "keys contains null");
    }
  }

  private void checkEntry(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("Cache " + name + " takes keys of type " + keyType.getName()
          + ", not " + key.getClass().getName());
    }
    checkValueType(value);
  }

  private void checkValueType(V value) {
    if (valueType != Object.class && value != null && !valueType.isInstance(value)) {
      throw new ClassCastException("Cache " + name + " takes values of type " + valueType.getName()
          + ", not " + value.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return "TieredCache[" + name + ", tiers=" + tierNames() + "]";
  }
}

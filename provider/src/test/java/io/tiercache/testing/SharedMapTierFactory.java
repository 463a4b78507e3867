package io.tiercache.testing;

import io.tiercache.codec.Codec;
import io.tiercache.config.TierSpec;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.LoadLease;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierFactory;
import io.tiercache.spi.TierLocality;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A shared tier for tests of the core's coherence rules: caches of different cache managers in one
 * JVM that name the same {@code space} share one store (values held as codec bytes) and one
 * invalidation bus that delivers asynchronously, like a network would, and can be cut and restored.
 * Kind {@code shared-map}; property {@code space}.
 */
public final class SharedMapTierFactory implements TierFactory {

  private static final Map<String, Space> SPACES = new ConcurrentHashMap<>();
  private static final AtomicLong TOKENS = new AtomicLong();

  /** The space named {@code name}, created on first use. */
  public static Space space(String name) {
    return SPACES.computeIfAbsent(name, n -> new Space());
  }

  @Override
  public String kind() {
    return "shared-map";
  }

  @Override
  public <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
    Space space = space(String.valueOf(spec.property("space", "default")) + "/" + context.cacheName());
    return new SharedMapTier<>(space, context.codec(), context.classLoader());
  }

  /** The store and bus of one shared cache. */
  public static final class Space {
    final Map<Object, StoredEntry<byte[]>> store = new ConcurrentHashMap<>();
    final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** Load leases: key to (token, expiry in nanoTime). */
    final Map<Object, long[]> leases = new ConcurrentHashMap<>();
    final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "shared-map-bus");
      thread.setDaemon(true);
      return thread;
    });
    private volatile boolean connected = true;

    /** Takes the load lease of {@code key} for a holder that will never give it up (a dead node). */
    public void leaseForever(Object key, long leaseMillis) {
      leases.put(key, new long[] {-1, System.nanoTime() + leaseMillis * 1_000_000});
    }

    /** Cuts the bus: subscribers are told, and messages sent while it is cut are lost. */
    public void disconnect() {
      connected = false;
      for (Subscriber subscriber : subscribers) {
        subscriber.listener.disconnected();
      }
    }

    /** Restores the bus: subscribers are told to drop everything. */
    public void reconnect() {
      connected = true;
      for (Subscriber subscriber : subscribers) {
        subscriber.listener.invalidatedAll();
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void send(Object origin, Object key, boolean all) {
      if (!connected) {
        return;
      }
      for (Subscriber subscriber : subscribers) {
        if (subscriber.origin != origin) {
          delivery.execute(() -> {
            if (all) {
              subscriber.listener.invalidatedAll();
            } else {
              ((InvalidationBus.Listener) subscriber.listener).invalidated(key);
            }
          });
        }
      }
    }
  }

  record Subscriber(Object origin, InvalidationBus.Listener<?> listener) {
  }

  private static final class SharedMapTier<K, V> implements Tier<K, V>, InvalidationBus<K> {
    private final Space space;
    private final Codec codec;
    private final ClassLoader classLoader;

    SharedMapTier(Space space, Codec codec, ClassLoader classLoader) {
      this.space = space;
      this.codec = codec;
      this.classLoader = classLoader;
    }

    @SuppressWarnings("unchecked")
    private StoredEntry<V> decode(StoredEntry<byte[]> entry) {
      if (entry == null || entry.isReservation()) {
        return (StoredEntry<V>) entry;
      }
      return entry.withValue((V) codec.decode(entry.value(), classLoader));
    }

    private StoredEntry<byte[]> encode(StoredEntry<V> entry) {
      if (entry == null || entry.isReservation()) {
        return entry == null ? null : StoredEntry.reservation(-entry.version());
      }
      return entry.withValue(codec.encode(entry.value()));
    }

    @Override
    public String name() {
      return "shared";
    }

    @Override
    public TierLocality locality() {
      return TierLocality.SHARED;
    }

    @Override
    public StoredEntry<V> get(K key) {
      return decode(space.store.get(key));
    }

    @Override
    public Map<K, StoredEntry<V>> getAll(Set<? extends K> keys) {
      Map<K, StoredEntry<V>> result = new HashMap<>();
      for (K key : keys) {
        StoredEntry<V> entry = get(key);
        if (entry != null) {
          result.put(key, entry);
        }
      }
      return result;
    }

    @Override
    public void put(K key, StoredEntry<V> entry) {
      space.store.put(key, encode(entry));
    }

    @Override
    public void putAll(Map<? extends K, StoredEntry<V>> entries) {
      entries.forEach(this::put);
    }

    @Override
    public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
      return decode(space.store.putIfAbsent(key, encode(entry)));
    }

    @Override
    public boolean replace(K key, long expectedVersion, StoredEntry<V> entry) {
      boolean[] done = new boolean[1];
      space.store.computeIfPresent(key, (k, current) -> {
        done[0] = current.version() == expectedVersion;
        return done[0] ? encode(entry) : current;
      });
      return done[0];
    }

    @Override
    public boolean remove(K key, long expectedVersion) {
      boolean[] done = new boolean[1];
      space.store.computeIfPresent(key, (k, current) -> {
        done[0] = current.version() == expectedVersion;
        return done[0] ? null : current;
      });
      return done[0];
    }

    @Override
    public void remove(K key) {
      space.store.remove(key);
    }

    @Override
    public void removeAll(Set<? extends K> keys) {
      keys.forEach(space.store::remove);
    }

    @Override
    @SuppressWarnings("unchecked")
    public StoredEntry<V> compute(K key,
        BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
      return decode(space.store.compute(key, (k, current) -> encode(function.apply((K) k, decode(current)))));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
      List<Map.Entry<K, StoredEntry<V>>> entries = new ArrayList<>();
      space.store.forEach((k, v) -> entries.add(new AbstractMap.SimpleEntry<>((K) k, decode(v))));
      return entries.iterator();
    }

    @Override
    public long size() {
      return space.store.size();
    }

    @Override
    public void clear() {
      space.store.clear();
    }

    @Override
    public void close() {
      space.subscribers.removeIf(subscriber -> subscriber.origin == this);
    }

    @Override
    public boolean supportsLoadLeases() {
      return true;
    }

    @Override
    public LoadLease tryLoadLease(K key, long leaseMillis) {
      long token = TOKENS.incrementAndGet();
      long[] mine = {token, System.nanoTime() + leaseMillis * 1_000_000};
      long[] holder = space.leases.compute(key, (k, current) ->
          current == null || current[1] - System.nanoTime() <= 0 ? mine : current);
      if (holder != mine) {
        return null;
      }
      return () -> space.leases.remove(key, mine);
    }

    @Override
    public InvalidationBus<K> invalidationBus() {
      return this;
    }

    @Override
    public void publish(K key) {
      space.send(this, key, false);
    }

    @Override
    public void publishClear() {
      space.send(this, null, true);
    }

    @Override
    public void subscribe(Listener<K> listener) {
      space.subscribers.add(new Subscriber(this, listener));
      listener.invalidatedAll();
    }
  }
}

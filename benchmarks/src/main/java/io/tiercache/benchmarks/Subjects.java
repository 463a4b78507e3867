package io.tiercache.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.config.CacheConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import io.tiercache.spi.StoredEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.jsr107.Eh107Configuration;
import org.redisson.Redisson;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.LongCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * The subjects, by the names the benchmarks take as their {@code subject} parameter.
 *
 * <ul>
 *   <li>Every JCache provider is named by class (several share this classpath, gotcha G2).</li>
 *   <li>JCache subjects use the JCache default, store-by-value, except where the provider only has
 *       one mode (Ehcache's native configuration: by reference; Hazelcast and Redisson: serialized).</li>
 *   <li>A subject that needs a server starts it on loopback (a redis-server process, an embedded
 *       Hazelcast member with TCP/IP join on a free port, a cluster name of its own) and stops it in
 *       {@link Subject#close()}.</li>
 *   <li>{@code heapEntries} bounds the heap (the caching tier for a tiered subject); the lower tiers
 *       hold every key.</li>
 * </ul>
 */
public final class Subjects {

  /** Raw Caffeine, not JCache: the in-heap ceiling. */
  public static final String CAFFEINE = "caffeine";
  /**
   * Raw Caffeine holding each value in a {@link StoredEntry} (value, expiry, version), as tiercache's
   * heap tier does, and checking it on every get as tiercache's get does. Not an alternative anyone
   * picks: it shows what that one object per entry costs a get, apart from the rest of tiercache.
   */
  public static final String CAFFEINE_VERSIONED = "caffeine-versioned";
  /** Caffeine's JCache adapter. */
  public static final String CAFFEINE_JCACHE = "caffeine-jcache";
  /** Caffeine's JCache adapter, store-by-reference. */
  public static final String CAFFEINE_JCACHE_BYREF = "caffeine-jcache-byref";
  /** Ehcache 3 JCache, heap only. */
  public static final String EHCACHE_HEAP = "ehcache-heap";
  /** Ehcache 3 JCache, heap + off-heap. */
  public static final String EHCACHE_OFFHEAP = "ehcache-offheap";
  /** Hazelcast's JCache on an embedded member of this JVM. */
  public static final String HAZELCAST_JCACHE = "hazelcast-jcache";
  /** Redisson's JCache against a local redis-server. */
  public static final String REDISSON_JCACHE = "redisson-jcache";
  /** Raw Redisson buckets (one Redis string per key), not JCache. */
  public static final String REDISSON_BUCKET = "redisson-bucket";
  /** A raw Redisson map (one Redis hash), not JCache. */
  public static final String REDISSON_MAP = "redisson-map";
  /** tiercache, one heap tier. */
  public static final String TIERCACHE_HEAP = "tiercache-heap";
  /** tiercache, one heap tier, store-by-reference. */
  public static final String TIERCACHE_HEAP_BYREF = "tiercache-heap-byref";
  /** tiercache, heap + off-heap. */
  public static final String TIERCACHE_OFFHEAP = "tiercache-offheap";
  /** tiercache, heap + Redis; the heap holds every key (local hits). */
  public static final String TIERCACHE_REDIS = "tiercache-redis";
  /** tiercache, heap of 16 entries + Redis: nearly every read misses locally and hits Redis. */
  public static final String TIERCACHE_REDIS_MISS = "tiercache-redis-miss";
  /** tiercache, heap + Hazelcast (an embedded member of this JVM). */
  public static final String TIERCACHE_HAZELCAST = "tiercache-hazelcast";

  /** Every subject name. */
  public static final List<String> ALL = List.of(CAFFEINE, CAFFEINE_VERSIONED, CAFFEINE_JCACHE,
      CAFFEINE_JCACHE_BYREF, EHCACHE_HEAP, EHCACHE_OFFHEAP, HAZELCAST_JCACHE, REDISSON_JCACHE, REDISSON_BUCKET, REDISSON_MAP, TIERCACHE_HEAP,
      TIERCACHE_HEAP_BYREF, TIERCACHE_OFFHEAP, TIERCACHE_REDIS, TIERCACHE_REDIS_MISS, TIERCACHE_HAZELCAST);

  static final String TIERCACHE_PROVIDER = "io.tiercache.TieredCachingProvider";
  static final String CAFFEINE_PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  static final String EHCACHE_PROVIDER = "org.ehcache.jsr107.EhcacheCachingProvider";
  /**
   * Hazelcast's member-side provider. The public {@code com.hazelcast.cache.HazelcastCachingProvider}
   * picks member or client mode from {@code hazelcast.jcache.provider.type} once, when first created,
   * and answered as a client here although the property said member; naming the member provider
   * itself does not depend on who created it first.
   */
  static final String HAZELCAST_PROVIDER = "com.hazelcast.cache.impl.HazelcastServerCachingProvider";
  static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";

  /** Off-heap size of the off-heap subjects: room for 1M entries of 100-byte values. */
  static final String OFFHEAP_SIZE = "512MB";

  private Subjects() {
  }

  /** Opens subject {@code name}, its heap bounded to {@code heapEntries} entries. */
  public static Subject open(String name, long heapEntries) {
    Resources resources = new Resources();
    try {
      return switch (name) {
        case CAFFEINE -> caffeine(heapEntries);
        case CAFFEINE_VERSIONED -> caffeineVersioned(heapEntries);
        case CAFFEINE_JCACHE -> jcache(resources, CAFFEINE_PROVIDER, caffeineJcache(heapEntries, true));
        case CAFFEINE_JCACHE_BYREF -> jcache(resources, CAFFEINE_PROVIDER, caffeineJcache(heapEntries, false));
        case EHCACHE_HEAP -> jcache(resources, EHCACHE_PROVIDER, Eh107Configuration.fromEhcacheCacheConfiguration(
            CacheConfigurationBuilder.newCacheConfigurationBuilder(Long.class, byte[].class,
                ResourcePoolsBuilder.heap(heapEntries))));
        case EHCACHE_OFFHEAP -> jcache(resources, EHCACHE_PROVIDER, Eh107Configuration.fromEhcacheCacheConfiguration(
            CacheConfigurationBuilder.newCacheConfigurationBuilder(Long.class, byte[].class,
                ResourcePoolsBuilder.heap(heapEntries).offheap(512, MemoryUnit.MB))));
        case HAZELCAST_JCACHE -> hazelcastJcache(resources);
        case REDISSON_JCACHE -> redissonJcache(resources);
        case REDISSON_BUCKET -> redissonBuckets(resources);
        case REDISSON_MAP -> redissonMap(resources);
        case TIERCACHE_HEAP -> tiercache(resources, Tiers.heap(heapEntries));
        case TIERCACHE_HEAP_BYREF -> jcache(resources, TIERCACHE_PROVIDER, new TieredConfiguration<Long, byte[]>()
            .setTypes(Long.class, byte[].class).setStoreByValue(false).tiers(Tiers.heap(heapEntries)));
        case TIERCACHE_OFFHEAP -> tiercache(resources, Tiers.heap(heapEntries), Tiers.offHeap(OFFHEAP_SIZE));
        case TIERCACHE_REDIS -> tiercache(resources, Tiers.heap(heapEntries), redisTier(resources));
        case TIERCACHE_REDIS_MISS -> tiercache(resources, Tiers.heap(16), redisTier(resources));
        case TIERCACHE_HAZELCAST -> tiercache(resources, Tiers.heap(heapEntries), hazelcastTier());
        default -> throw new IllegalArgumentException("unknown subject " + name + "; known: " + ALL);
      };
    } catch (RuntimeException | Error e) {
      resources.close();
      throw e;
    }
  }

  /**
   * Caffeine's JCache adapter bounded like every other heap ({@code heapEntries}): unbounded, its reads
   * skip the eviction policy's bookkeeping, which no bounded cache can.
   */
  private static CaffeineConfiguration<Long, byte[]> caffeineJcache(long heapEntries, boolean storeByValue) {
    CaffeineConfiguration<Long, byte[]> configuration = new CaffeineConfiguration<>();
    configuration.setTypes(Long.class, byte[].class);
    configuration.setStoreByValue(storeByValue);
    configuration.setMaximumSize(OptionalLong.of(heapEntries));
    return configuration;
  }

  private static Subject caffeineVersioned(long heapEntries) {
    Cache<Long, StoredEntry<byte[]>> cache = Caffeine.newBuilder().maximumSize(heapEntries).build();
    AtomicLong versions = new AtomicLong();
    return new Subject() {
      @Override
      public byte[] get(Long key) {
        StoredEntry<byte[]> entry = cache.getIfPresent(key);
        return entry == null ? null : entry.liveValue();
      }

      @Override
      public void put(Long key, byte[] value) {
        cache.put(key, StoredEntry.of(value, StoredEntry.NEVER, versions.incrementAndGet()));
      }

      @Override
      public Map<Long, byte[]> getAll(Set<Long> keys) {
        Map<Long, byte[]> values = new HashMap<>();
        cache.getAllPresent(keys).forEach((key, entry) -> values.put(key, entry.value()));
        return values;
      }

      @Override
      public void putAll(Map<Long, byte[]> entries) {
        Map<Long, StoredEntry<byte[]>> stored = new HashMap<>(entries.size() * 2);
        entries.forEach((key, value) ->
            stored.put(key, StoredEntry.of(value, StoredEntry.NEVER, versions.incrementAndGet())));
        cache.putAll(stored);
      }

      @Override
      public void close() {
        cache.invalidateAll();
        cache.cleanUp();
      }
    };
  }

  private static Subject caffeine(long heapEntries) {
    Cache<Long, byte[]> cache = Caffeine.newBuilder().maximumSize(heapEntries).build();
    return new Subject() {
      @Override
      public byte[] get(Long key) {
        return cache.getIfPresent(key);
      }

      @Override
      public void put(Long key, byte[] value) {
        cache.put(key, value);
      }

      @Override
      public Map<Long, byte[]> getAll(Set<Long> keys) {
        return cache.getAllPresent(keys);
      }

      @Override
      public void putAll(Map<Long, byte[]> entries) {
        cache.putAll(entries);
      }

      @Override
      public void close() {
        cache.invalidateAll();
        cache.cleanUp();
      }
    };
  }

  private static Subject jcache(Resources resources, String providerClass,
      javax.cache.configuration.Configuration<Long, byte[]> configuration) {
    CachingProvider provider = Caching.getCachingProvider(providerClass);
    CacheManager manager = provider.getCacheManager();
    resources.push(manager::close);
    return jcache(resources, manager, configuration);
  }

  private static Subject jcache(Resources resources, CacheManager manager,
      javax.cache.configuration.Configuration<Long, byte[]> configuration) {
    String name = "bench-" + UUID.randomUUID();
    javax.cache.Cache<Long, byte[]> cache = manager.createCache(name, configuration);
    resources.push(() -> manager.destroyCache(name));
    return new JCacheSubject(cache, resources);
  }

  private static Subject tiercache(Resources resources, TierSpec... tiers) {
    return jcache(resources, TIERCACHE_PROVIDER, new TieredConfiguration<Long, byte[]>()
        .setTypes(Long.class, byte[].class)
        .tiers(tiers));
  }

  private static TierSpec redisTier(Resources resources) {
    LocalRedis server = redis(resources);
    return TierSpec.of("redis", Map.of("address", server.uri()));
  }

  private static TierSpec hazelcastTier() {
    int port = freePort();
    Map<String, Object> properties = new HashMap<>();
    properties.put("mode", "member");
    properties.put("cluster", "bench-" + UUID.randomUUID().toString().substring(0, 8));
    properties.put("port", port);
    properties.put("members", "127.0.0.1:" + port);
    // the tier starts the member and stops it when the cache closes
    return TierSpec.of("hazelcast", properties);
  }

  private static LocalRedis redis(Resources resources) {
    LocalRedis server = LocalRedis.start();
    resources.push(server::close);
    return server;
  }

  private static RedissonClient redisson(Resources resources) {
    LocalRedis server = redis(resources);
    org.redisson.config.Config config = new org.redisson.config.Config();
    config.useSingleServer().setAddress(server.uri());
    RedissonClient client = Redisson.create(config);
    resources.push(client::shutdown);
    return client;
  }

  private static Subject redissonJcache(Resources resources) {
    RedissonClient client = redisson(resources);
    CacheManager manager = Caching.getCachingProvider(REDISSON_PROVIDER).getCacheManager();
    resources.push(manager::close);
    return jcache(resources, manager, RedissonConfiguration.fromInstance(client,
        new MutableConfiguration<Long, byte[]>().setTypes(Long.class, byte[].class)));
  }

  private static Subject redissonBuckets(Resources resources) {
    RedissonClient client = redisson(resources);
    return new Subject() {
      @Override
      public byte[] get(Long key) {
        return client.<byte[]>getBucket(name(key), ByteArrayCodec.INSTANCE).get();
      }

      @Override
      public void put(Long key, byte[] value) {
        client.<byte[]>getBucket(name(key), ByteArrayCodec.INSTANCE).set(value);
      }

      @Override
      public Map<Long, byte[]> getAll(Set<Long> keys) {
        String[] names = keys.stream().map(k -> name(k)).toArray(String[]::new);
        Map<String, byte[]> found = client.getBuckets(ByteArrayCodec.INSTANCE).get(names);
        Map<Long, byte[]> result = new HashMap<>(found.size() * 2);
        found.forEach((k, v) -> result.put(Long.parseLong(k.substring(2)), v));
        return result;
      }

      @Override
      public void putAll(Map<Long, byte[]> entries) {
        Map<String, Object> named = new HashMap<>(entries.size() * 2);
        entries.forEach((k, v) -> named.put(name(k), v));
        client.getBuckets(ByteArrayCodec.INSTANCE).set(named);
      }

      @Override
      public void close() {
        resources.close();
      }

      private String name(Long key) {
        return "b:" + key;
      }
    };
  }

  private static Subject redissonMap(Resources resources) {
    RedissonClient client = redisson(resources);
    RMap<Long, byte[]> map = client.getMap("bench-map", new CompositeCodec(LongCodec.INSTANCE,
        ByteArrayCodec.INSTANCE));
    return new Subject() {
      @Override
      public byte[] get(Long key) {
        return map.get(key);
      }

      @Override
      public void put(Long key, byte[] value) {
        map.fastPut(key, value);
      }

      @Override
      public Map<Long, byte[]> getAll(Set<Long> keys) {
        return map.getAll(keys);
      }

      @Override
      public void putAll(Map<Long, byte[]> entries) {
        map.putAll(entries);
      }

      @Override
      public void close() {
        resources.close();
      }
    };
  }

  private static Subject hazelcastJcache(Resources resources) {
    HazelcastInstance member = Hazelcast.newHazelcastInstance(memberConfig());
    resources.push(member::shutdown);
    CachingProvider provider = Caching.getCachingProvider(HAZELCAST_PROVIDER);
    CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), provider.getDefaultClassLoader(),
        HazelcastCachingProvider.propertiesByInstanceItself(member));
    resources.push(manager::close);
    CacheConfig<Long, byte[]> configuration = new CacheConfig<>();
    configuration.setTypes(Long.class, byte[].class);
    // Hazelcast's JCache evicts at 10,000 entries by default; the workloads hold up to 1M
    configuration.setEvictionConfig(new EvictionConfig().setSize(Integer.MAX_VALUE)
        .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT));
    return jcache(resources, manager, configuration);
  }

  static Config memberConfig() {
    int port = freePort();
    Config config = new Config();
    config.setClusterName("bench-" + UUID.randomUUID().toString().substring(0, 8));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
    return config;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a subject started, closed in reverse order; a failure to close one does not skip the rest. */
  static final class Resources implements AutoCloseable {
    private final Deque<Runnable> stack = new ArrayDeque<>();

    void push(Runnable closer) {
      stack.push(closer);
    }

    @Override
    public void close() {
      RuntimeException first = null;
      while (!stack.isEmpty()) {
        try {
          stack.pop().run();
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  private static final class JCacheSubject implements Subject {
    private final javax.cache.Cache<Long, byte[]> cache;
    private final Resources resources;

    JCacheSubject(javax.cache.Cache<Long, byte[]> cache, Resources resources) {
      this.cache = cache;
      this.resources = resources;
    }

    @Override
    public byte[] get(Long key) {
      return cache.get(key);
    }

    @Override
    public void put(Long key, byte[] value) {
      cache.put(key, value);
    }

    @Override
    public Map<Long, byte[]> getAll(Set<Long> keys) {
      return cache.getAll(keys);
    }

    @Override
    public void putAll(Map<Long, byte[]> entries) {
      cache.putAll(entries);
    }

    @Override
    public void close() {
      resources.close();
    }
  }
}

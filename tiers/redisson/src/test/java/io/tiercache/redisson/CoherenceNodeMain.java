package io.tiercache.redisson;

import io.tiercache.TieredCacheView;
import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * Node B of {@link RedisTwoJvmCoherenceTest}, run in a JVM of its own:
 * {@code CoherenceNodeMain <redis address> <cache name> <keys>}. It opens the cache (a heap tier over Redis),
 * prints {@code READY}, then keeps reading keys {@code 0..keys-1} and prints {@code SEEN <key> <value>}
 * whenever what it reads for a key changes. Commands on stdin: {@code STATS} (prints {@code STATS <heap hits>}),
 * {@code EXIT}; it also exits when stdin closes or after five minutes.
 */
public final class CoherenceNodeMain {

  private CoherenceNodeMain() {
  }

  public static void main(String[] args) throws Exception {
    String address = args[0];
    String cacheName = args[1];
    int keys = Integer.parseInt(args[2]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
    CacheManager manager = provider.getCacheManager(URI.create("redis-node-main:" + cacheName),
        CoherenceNodeMain.class.getClassLoader());
    try {
      Cache<Integer, Long> cache = manager.createCache(cacheName, new TieredConfiguration<Integer, Long>()
          .setTypes(Integer.class, Long.class)
          .setStatisticsEnabled(true)
          .tiers(Tiers.heap(1000), TierSpec.of("redis", Map.of("address", address))));
      Thread commands = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
          String line;
          while ((line = in.readLine()) != null && !line.equals("EXIT")) {
            if (line.equals("STATS")) {
              long hits = cache.unwrap(TieredCacheView.class).tierStatistics().get(0).hits();
              synchronized (out) {
                out.println("STATS " + hits);
              }
            }
          }
        } catch (IOException e) {
          // stdin gone: exit
        }
      }, "commands");
      commands.setDaemon(true);
      commands.start();
      synchronized (out) {
        out.println("READY");
      }
      Long[] last = new Long[keys];
      boolean[] known = new boolean[keys];
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (commands.isAlive() && System.nanoTime() < deadline) {
        for (int k = 0; k < keys; k++) {
          Long value = cache.get(k);
          if (!known[k] || !Objects.equals(value, last[k])) {
            known[k] = true;
            last[k] = value;
            synchronized (out) {
              out.println("SEEN " + k + " " + value);
            }
          }
        }
        Thread.sleep(1);
      }
    } finally {
      manager.close();
    }
  }
}

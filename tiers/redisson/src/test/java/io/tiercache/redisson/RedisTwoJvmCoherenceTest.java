package io.tiercache.redisson;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Coherence across processes: node B is another JVM ({@link CoherenceNodeMain}) that reads keys from its heap
 * tier over Redis and reports what it sees on stdout; node A, in this JVM, writes.
 */
class RedisTwoJvmCoherenceTest {

  @RegisterExtension
  static final RedisServer REDIS = RedisServer.perClass();

  private static final String NULL = "null";

  private final String cacheName = "two-jvm-" + UUID.randomUUID();
  private final Map<Integer, String> seen = new ConcurrentHashMap<>();
  private final BlockingQueue<Long> stats = new LinkedBlockingQueue<>();
  private final CountDownLatch ready = new CountDownLatch(1);

  @Test
  void writesOnThisJvmAreSeenByAnotherJvmsHeapTier() throws Exception {
    Path errors = Files.createTempFile("tiercache-node-b-", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process nodeB = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        CoherenceNodeMain.class.getName(), REDIS.uri(), cacheName, "4"))
        .redirectError(errors.toFile())
        .start();
    CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
    CacheManager nodeA = provider.getCacheManager(URI.create("redis-two-jvm:" + cacheName), getClass().getClassLoader());
    try {
      Thread reader = new Thread(() -> readReports(nodeB), "node-b-reports");
      reader.setDaemon(true);
      reader.start();
      assertThat(ready.await(60, TimeUnit.SECONDS)).as("node B started: " + tail(errors)).isTrue();
      Cache<Integer, Long> a = nodeA.createCache(cacheName, new TieredConfiguration<Integer, Long>()
          .setTypes(Integer.class, Long.class)
          .tiers(Tiers.heap(1000), TierSpec.of("redis", Map.of("address", REDIS.uri()))));
      OutputStream commands = nodeB.getOutputStream();

      for (int k = 0; k < 4; k++) {
        a.put(k, 1L);
      }
      awaitSeen(4, "1", 10_000, errors);
      long hits = heapHits(commands);
      Thread.sleep(100);
      assertThat(heapHits(commands)).as("B answers from its heap tier, not from Redis").isGreaterThan(hits);

      long start = System.nanoTime();
      for (int k = 0; k < 4; k++) {
        a.put(k, 2L);
      }
      awaitSeen(4, "2", 5_000, errors);
      System.out.printf("[two-jvm] B (another JVM) saw 4 overwritten keys %.1f ms after A's puts began%n",
          (System.nanoTime() - start) / 1e6);

      a.remove(0);
      awaitSeen(1, NULL, 5_000, errors);
      a.clear();
      awaitSeen(4, NULL, 5_000, errors);
      commands.write("EXIT\n".getBytes(StandardCharsets.UTF_8));
      commands.flush();
    } finally {
      nodeA.close();
      nodeB.destroy();
      if (!nodeB.waitFor(10, TimeUnit.SECONDS)) {
        nodeB.destroyForcibly();
        nodeB.waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(errors);
    }
  }

  private void readReports(Process nodeB) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(nodeB.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] parts = line.split(" ");
        if (parts[0].equals("READY")) {
          ready.countDown();
        } else if (parts[0].equals("SEEN") && parts.length == 3) {
          seen.put(Integer.parseInt(parts[1]), parts[2]);
        } else if (parts[0].equals("STATS") && parts.length == 2) {
          stats.add(Long.parseLong(parts[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended
    }
  }

  private long heapHits(OutputStream commands) throws IOException, InterruptedException {
    commands.write("STATS\n".getBytes(StandardCharsets.UTF_8));
    commands.flush();
    Long hits = stats.poll(10, TimeUnit.SECONDS);
    assertThat(hits).as("node B answered STATS").isNotNull();
    return hits;
  }

  /** Waits until B reported {@code value} for keys {@code 0..keys-1}. */
  private void awaitSeen(int keys, String value, long millis, Path errors) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      boolean all = true;
      for (int k = 0; k < keys; k++) {
        all &= Objects.equals(seen.get(k), value);
      }
      if (all) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("node B did not see " + value + " for keys 0.." + (keys - 1) + " within " + millis
            + " ms; it saw " + seen + "; its stderr: " + tail(errors));
      }
      Thread.sleep(2);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}

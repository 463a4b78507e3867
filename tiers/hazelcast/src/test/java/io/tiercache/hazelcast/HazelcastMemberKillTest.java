package io.tiercache.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A member dies (kill -9) while a client writes: three members, each a JVM of its own
 * ({@link HazelcastMemberMain}, configured as the tier configures members and maps: one synchronous
 * backup); this JVM is a client node with a cache {@code [heap, hazelcast]}. A writer puts {@value #KEYS}
 * distinct keys and records every acknowledged put; after a third of them the oldest member (the master)
 * is killed, the writer goes on. Then a fresh cache manager (empty heap: every read goes to Hazelcast)
 * must read every acknowledged key with its value.
 */
class HazelcastMemberKillTest {

  private static final int KEYS = 2_000;
  private static final int MEMBERS = 3;
  private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Dhazelcast.wait.seconds.before.join=0",
      "-Dhazelcast.max.wait.seconds.before.join=0", "--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final String cluster = "tc-kill-" + UUID.randomUUID().toString().substring(0, 8);
  private final String cacheName = "killed-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> members = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final Map<Integer, BlockingQueue<String>> reports = new ConcurrentHashMap<>();

  private static long value(int key) {
    return key * 1_000_003L + 17;
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void noAcknowledgedPutIsLostWhenAMemberIsKilled() throws Exception {
    for (int i = 0; i < MEMBERS; i++) {
      ports.add(HazelcastTestCluster.freePort());
    }
    String addresses = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
    CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
    CacheManager writerNode = null;
    CacheManager readerNode = null;
    try {
      for (int i = 0; i < MEMBERS; i++) { // one after the other: each joins the cluster the first one formed
        startMember(i, addresses);
        awaitReport(i, "READY " + (i + 1), 90);
      }
      Map<String, Object> client = new HashMap<>();
      client.put("mode", "client");
      client.put("cluster", cluster);
      client.put("members", addresses);
      TierSpec clientSpec = TierSpec.of("hazelcast", client);
      writerNode = provider.getCacheManager(URI.create("hazelcast-kill:" + cacheName + "/writer"),
          getClass().getClassLoader());
      Cache<Integer, Long> cache = writerNode.createCache(cacheName, new TieredConfiguration<Integer, Long>()
          .setTypes(Integer.class, Long.class)
          .tiers(Tiers.heap(KEYS * 2), clientSpec));

      Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
      Set<Integer> failed = ConcurrentHashMap.newKeySet();
      AtomicInteger attempted = new AtomicInteger();
      AtomicLong writerEnd = new AtomicLong();
      AtomicLong longestPutNanos = new AtomicLong();
      List<String> failures = new ArrayList<>();
      Thread writer = new Thread(() -> {
        for (int key = 0; key < KEYS; key++) {
          attempted.incrementAndGet();
          long putStart = System.nanoTime();
          try {
            cache.put(key, value(key));
            acknowledged.add(key);
          } catch (RuntimeException e) {
            failed.add(key);
            synchronized (failures) {
              if (failures.size() < 3) {
                failures.add(e.toString());
              }
            }
          }
          longestPutNanos.accumulateAndGet(System.nanoTime() - putStart, Math::max);
        }
        writerEnd.set(System.nanoTime());
      }, "writer");
      long start = System.nanoTime();
      writer.start();
      while (acknowledged.size() < KEYS / 3 && writer.isAlive()) {
        Thread.sleep(1);
      }
      int ackedBeforeKill = acknowledged.size();
      members.get(0).destroyForcibly(); // SIGKILL: no graceful shutdown, no migration handed over
      long killedAt = System.nanoTime();
      members.get(0).waitFor(10, TimeUnit.SECONDS);
      writer.join(TimeUnit.SECONDS.toMillis(180));
      assertThat(writer.isAlive()).as("the writer finished").isFalse();
      long writeMillis = TimeUnit.NANOSECONDS.toMillis(writerEnd.get() - start);
      long afterKillMillis = TimeUnit.NANOSECONDS.toMillis(writerEnd.get() - killedAt);
      awaitReport(1, "MEMBERS 2", 60); // the survivors removed the dead member

      // a fresh node: its heap is empty, every read goes to Hazelcast
      readerNode = provider.getCacheManager(URI.create("hazelcast-kill:" + cacheName + "/reader"),
          getClass().getClassLoader());
      Cache<Integer, Long> fresh = readerNode.createCache(cacheName, new TieredConfiguration<Integer, Long>()
          .setTypes(Integer.class, Long.class)
          .tiers(Tiers.heap(KEYS * 2), clientSpec));
      Set<Integer> all = new LinkedHashSet<>();
      for (int key = 0; key < KEYS; key++) {
        all.add(key);
      }
      Map<Integer, Long> read = new HashMap<>(fresh.getAll(all));
      int found = 0;
      List<Integer> lost = new ArrayList<>();
      for (int key : acknowledged) {
        if (Long.valueOf(value(key)).equals(read.get(key))) {
          found++;
        } else if (lost.size() < 10) {
          lost.add(key);
        }
      }
      long failedPresent = failed.stream().filter(read::containsKey).count();
      System.out.printf("[kill] 3 member JVMs, backupCount 1, client writer: %d puts attempted, %d acknowledged"
          + " (%d before the kill -9 of the master, %d after), %d failed (%d of them present anyway: applied"
          + " before the connection broke), %d ms of writes (%d ms after the kill, longest put %d ms); read back by a fresh node:"
          + " %d of %d acknowledged found with their value; first failures: %s%n",
          attempted.get(), acknowledged.size(), ackedBeforeKill, acknowledged.size() - ackedBeforeKill,
          failed.size(), failedPresent, writeMillis, afterKillMillis,
          TimeUnit.NANOSECONDS.toMillis(longestPutNanos.get()),
          found, acknowledged.size(), failures);

      assertThat(attempted.get()).isEqualTo(KEYS);
      assertThat(acknowledged.size() - ackedBeforeKill).as("puts acknowledged after the kill").isPositive();
      assertThat(lost).as("acknowledged keys lost or with another value").isEmpty();
      assertThat(found).isEqualTo(acknowledged.size());
    } finally {
      if (readerNode != null) {
        readerNode.close();
      }
      if (writerNode != null) {
        writerNode.close();
      }
      for (Process member : members) {
        member.destroyForcibly();
      }
      for (Process member : members) {
        member.waitFor(20, TimeUnit.SECONDS);
      }
      for (Path log : logs) {
        Files.deleteIfExists(log);
      }
    }
  }

  private void startMember(int index, String addresses) throws IOException {
    Path log = Files.createTempFile("tiercache-hz-member-" + index + "-", ".log");
    logs.add(log);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), HazelcastMemberMain.class.getName(),
        cluster, String.valueOf(ports.get(index)), addresses, "1"));
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    members.add(process);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    reports.put(index, lines);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the member ended
      }
    }, "member-" + index + "-reports");
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits for member {@code index} to print {@code expected}. */
  private void awaitReport(int index, String expected, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    BlockingQueue<String> lines = reports.get(index);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() - deadline < 0) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (line.equals(expected)) {
          return;
        }
      }
      if (!members.get(index).isAlive() && lines.isEmpty()) {
        break;
      }
    }
    throw new AssertionError("member " + index + " did not report '" + expected + "' within " + seconds + " s; it"
        + " reported " + seen + "; its stderr: " + tail(logs.get(index)));
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

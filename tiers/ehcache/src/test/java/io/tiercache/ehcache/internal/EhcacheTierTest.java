package io.tiercache.ehcache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.CodecException;
import io.tiercache.config.Tiers;
import io.tiercache.ehcache.DiskTierFactory;
import io.tiercache.ehcache.OffHeapTierFactory;
import io.tiercache.internal.codec.JavaSerializationCodec;
import io.tiercache.spi.RecordingTierListener;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierException;
import java.io.ObjectInputFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract suite does not cover: native expiry, eviction, corruption, locking, disk layout. */
class EhcacheTierTest {

  @TempDir
  Path directory;

  private final List<Tier<?, ?>> tiers = new ArrayList<>();

  @AfterEach
  void closeTiers() {
    tiers.forEach(Tier::close);
  }

  private <K, V> Tier<K, V> offHeap(TierContext<K, V> context, String size) {
    return track(new OffHeapTierFactory().create(Tiers.offHeap(size), context));
  }

  private <K, V> Tier<K, V> disk(TierContext<K, V> context, boolean persistent) {
    return track(new DiskTierFactory().create(Tiers.disk(directory.toString(), "8MB", persistent), context));
  }

  private <T extends Tier<?, ?>> T track(T tier) {
    tiers.add(tier);
    return tier;
  }

  private static TestTierContext<String, String> strings(String cacheName) {
    return TestTierContext.of(cacheName, String.class, String.class);
  }

  private static StoredEntry<String> entry(String value, long version) {
    return StoredEntry.of(value, StoredEntry.NEVER, version);
  }

  // ------------------------------------------------------------------ native expiry and eviction

  @Test
  void expiredEntriesAreGoneAndReportedAsExpired() throws Exception {
    RecordingTierListener<String, String> listener = new RecordingTierListener<>();
    Tier<String, String> tier = offHeap(strings("expiry").withListener(listener), "4MB");
    long soon = System.currentTimeMillis() + 200;
    tier.put("short", StoredEntry.of("v", soon, 1));
    tier.put("long", StoredEntry.of("w", soon + 3_600_000, 2));

    Thread.sleep(400);

    assertThat(tier.get("short")).isNull();
    assertThat(tier.get("long")).isNotNull();
    awaitTrue(() -> !listener.dropsOf("short").isEmpty());
    RecordingTierListener.Drop<String, String> drop = listener.dropsOf("short").get(0);
    assertThat(drop.expired()).isTrue();
    assertThat(drop.entry().value()).isEqualTo("v");
    assertThat(drop.entry().version()).isEqualTo(1);
  }

  @Test
  void anEntryWrittenAlreadyExpiredIsNotKept() {
    Tier<String, String> tier = offHeap(strings("late"), "4MB");
    tier.put("k", StoredEntry.of("v", System.currentTimeMillis() - 1, 1));
    assertThat(tier.get("k")).isNull();
  }

  @Test
  void aFullTierEvictsAndReportsEvictions() throws Exception {
    RecordingTierListener<String, byte[]> listener = new RecordingTierListener<>();
    Tier<String, byte[]> tier = offHeap(TestTierContext.of("full", String.class, byte[].class)
        .withListener(listener), "1MB");
    byte[] payload = new byte[10_000];
    for (int i = 0; i < 500; i++) {
      tier.put("k" + i, StoredEntry.of(payload, StoredEntry.NEVER, i + 1));
    }

    assertThat(tier.size()).isLessThan(500).isPositive();
    awaitTrue(() -> !listener.drops().isEmpty());
    assertThat(listener.drops()).allSatisfy(drop -> {
      assertThat(drop.expired()).isFalse();
      assertThat(drop.entry().value()).hasSize(10_000);
    });
  }

  @Test
  void reservationsAreNotReportedAndExpireOnTheirOwn() {
    RecordingTierListener<String, String> listener = new RecordingTierListener<>();
    Tier<String, String> tier = offHeap(strings("reserved").withListener(listener), "4MB");
    tier.put("r", StoredEntry.reservation(9));
    assertThat(tier.get("r").isReservation()).isTrue();
    assertThat(RecordExpiryPolicy.RESERVATION_TTL_MILLIS).isEqualTo(30_000);
    tier.remove("r", -9);
    assertThat(listener.drops()).isEmpty();
  }

  // ------------------------------------------------------------------ corruption

  @Test
  void aCorruptEntryIsReportedOnceAndThenAMiss() {
    Tier<String, String> tier = offHeap(strings("corrupt"), "4MB");
    EhcacheTier<String, String> ehcacheTier = (EhcacheTier<String, String>) tier;
    tier.put("a", entry("value of a", 1));
    tier.put("b", entry("value of b", 2));
    EntryCodec<String, String> codec = new EntryCodec<>(new JavaSerializationCodec(null),
        getClass().getClassLoader(), String.class, String.class, 0, "test");
    ByteKey a = codec.encodeKey("a");
    ByteKey b = codec.encodeKey("b");
    // b's record moved under a: each is a valid frame, bound to another key
    ehcacheTier.ehcache().put(a, ehcacheTier.ehcache().get(b));

    assertThatThrownBy(() -> tier.get("a"))
        .isInstanceOf(TierException.class)
        .hasMessageContaining("offheap tier of cache 'corrupt': corrupt data");
    assertThat(tier.get("a")).isNull();
    assertThat(tier.get("b").value()).isEqualTo("value of b");

    byte[] truncated = java.util.Arrays.copyOf(ehcacheTier.ehcache().get(b).frame(), 12);
    ehcacheTier.ehcache().put(b, new Record(truncated));
    assertThatThrownBy(() -> tier.getAll(Set.of("b"))).isInstanceOf(TierException.class);
    assertThat(tier.getAll(Set.of("b"))).isEmpty();
  }

  @Test
  void computeDoesNotRunOnACorruptEntry() {
    Tier<String, String> tier = offHeap(strings("corrupt-compute"), "4MB");
    EhcacheTier<String, String> ehcacheTier = (EhcacheTier<String, String>) tier;
    tier.put("k", entry("v", 1));
    ByteKey k = ehcacheTier.ehcache().iterator().next().getKey();
    byte[] frame = ehcacheTier.ehcache().get(k).frame().clone();
    frame[frame.length / 2] ^= 1;
    ehcacheTier.ehcache().put(k, new Record(frame));
    AtomicBoolean ran = new AtomicBoolean();

    assertThatThrownBy(() -> tier.compute("k", (key, current) -> {
      ran.set(true);
      return current;
    })).isInstanceOf(TierException.class);

    assertThat(ran).isFalse();
    assertThat(tier.compute("k", (key, current) -> current == null ? entry("fresh", 2) : current).value())
        .isEqualTo("fresh");
  }

  @Test
  void theIteratorSkipsAndRemovesCorruptEntries() {
    Tier<String, String> tier = offHeap(strings("corrupt-iteration"), "4MB");
    EhcacheTier<String, String> ehcacheTier = (EhcacheTier<String, String>) tier;
    for (int i = 0; i < 10; i++) {
      tier.put("k" + i, entry("v" + i, i + 1));
    }
    ByteKey victim = ehcacheTier.ehcache().iterator().next().getKey();
    byte[] frame = ehcacheTier.ehcache().get(victim).frame().clone();
    frame[3] ^= 0x40;
    ehcacheTier.ehcache().put(victim, new Record(frame));

    Set<String> seen = new HashSet<>();
    tier.iterator().forEachRemaining(e -> {
      assertThat(e.getValue().value()).isEqualTo("v" + e.getKey().substring(1));
      seen.add(e.getKey());
    });

    assertThat(seen).hasSize(9);
    assertThat(tier.size()).isEqualTo(9);
  }

  @Test
  void aClassTheCodecRefusesIsACodecExceptionAndTheEntryIsDropped() {
    ObjectInputFilter stringsOnly = info -> info.serialClass() == null || info.serialClass() == String.class
        ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    TestTierContext<String, Object> context = TestTierContext.of("refused", String.class, Object.class);
    Tier<String, Object> writer = disk(context, true);
    writer.put("ok", StoredEntry.of("text", StoredEntry.NEVER, 1));
    writer.put("refused", StoredEntry.of(new ArrayList<>(List.of(1)), StoredEntry.NEVER, 2));
    writer.close();

    Tier<String, Object> reader = disk(context.withCodec(new JavaSerializationCodec(stringsOnly)), true);

    assertThat(reader.get("ok").value()).isEqualTo("text");
    assertThatThrownBy(() -> reader.get("refused")).isInstanceOf(CodecException.class);
    assertThat(reader.get("refused")).isNull();
  }

  // ------------------------------------------------------------------ atomicity

  @Test
  void mutationsOfAKeyWaitForARunningCompute() throws Exception {
    Tier<String, String> tier = offHeap(strings("atomic"), "4MB");
    tier.put("k", entry("before", 1));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> compute = pool.submit(() -> tier.compute("k", (key, current) -> {
        inside.countDown();
        await(release);
        return entry(current.value() + "+computed", current.version() + 1);
      }));
      assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
      Future<?> put = pool.submit(() -> tier.put("k", entry("put", 10)));

      Thread.sleep(200);
      assertThat(put).isNotDone();
      assertThat(tier.get("k").value()).as("reads do not wait").isEqualTo("before");

      release.countDown();
      compute.get(5, TimeUnit.SECONDS);
      put.get(5, TimeUnit.SECONDS);
      assertThat(tier.get("k").value()).isEqualTo("put");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void overlappingBatchesAndComputesDoNotDeadlockOrLoseUpdates() throws Exception {
    Tier<String, Long> tier = offHeap(TestTierContext.of("batches", String.class, Long.class), "8MB");
    int keys = 64;
    int threads = 6;
    int rounds = 300;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          long increments = 0;
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int r = 0; r < rounds; r++) {
            Set<String> batch = new HashSet<>();
            for (int i = 0; i < 8; i++) {
              batch.add("k" + random.nextInt(keys));
            }
            if (random.nextBoolean()) {
              tier.computeAll(batch, (key, current) -> current == null
                  ? StoredEntry.of(1L, StoredEntry.NEVER, 1)
                  : StoredEntry.of(current.value() + 1, StoredEntry.NEVER, current.version() + 1));
              increments += batch.size();
            } else {
              for (String key : batch) {
                tier.compute(key, (k, current) -> current == null
                    ? StoredEntry.of(1L, StoredEntry.NEVER, 1)
                    : StoredEntry.of(current.value() + 1, StoredEntry.NEVER, current.version() + 1));
                increments++;
              }
            }
            tier.getAll(batch);
          }
          return increments;
        }));
      }
      long expected = 0;
      for (Future<Long> future : futures) {
        expected += future.get(60, TimeUnit.SECONDS);
      }
      long total = 0;
      for (Iterator<Map.Entry<String, StoredEntry<Long>>> it = tier.iterator(); it.hasNext(); ) {
        StoredEntry<Long> entry = it.next().getValue();
        assertThat(entry.version()).isEqualTo(entry.value());
        total += entry.value();
      }
      assertThat(total).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void computeAllWritesTheKeysBeforeAFailingOne() {
    Tier<String, String> tier = offHeap(strings("partial"), "4MB");
    RuntimeException failure = new IllegalStateException("writer failed");
    Set<String> done = new HashSet<>();

    assertThatThrownBy(() -> tier.computeAll(new java.util.LinkedHashSet<>(List.of("a", "b", "c")), (key, current) -> {
      if (done.size() == 2) {
        throw failure;
      }
      done.add(key);
      return entry("computed " + key, 1);
    })).isSameAs(failure);

    for (String key : List.of("a", "b", "c")) {
      if (done.contains(key)) {
        assertThat(tier.get(key).value()).isEqualTo("computed " + key);
      } else {
        assertThat(tier.get(key)).isNull();
      }
    }
  }

  // ------------------------------------------------------------------ disk layout and lifecycle

  @Test
  void cachesSharingAPathGetADirectoryEach() throws Exception {
    Tier<String, String> orders = disk(strings("orders"), true);
    Tier<String, String> odd = disk(strings("com.example/Odd name"), false);
    orders.put("k", entry("order", 1));
    odd.put("k", entry("odd", 1));

    try (Stream<Path> children = Files.list(directory)) {
      // a persistent tier's directory is named after its cache; a non-persistent one's is private to it
      assertThat(children.map(p -> p.getFileName().toString()).sorted().toList())
          .hasSize(2)
          .satisfiesExactly(
              name -> assertThat(name).startsWith(EhcacheTiers.directoryName("com.example/Odd name") + "-"),
              name -> assertThat(name).isEqualTo("orders"));
    }
    assertThat(orders.get("k").value()).isEqualTo("order");
    assertThat(odd.get("k").value()).isEqualTo("odd");
  }

  @Test
  void aCacheDirectoryIsPrivateToItsUser() throws Exception {
    disk(strings("private"), true);
    Path root = directory.resolve("private");
    if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void aCacheOpenTwiceOnOnePathIsAClearError() {
    disk(strings("twice"), true);
    assertThatThrownBy(() -> disk(strings("twice"), true))
        .isInstanceOf(TierException.class)
        .hasMessageContaining("disk tier of cache 'twice'")
        .hasMessageContaining("locked");
  }

  @Test
  void aNonPersistentDiskTierStartsEmptyAndLeavesNothingBehind() throws Exception {
    Tier<String, String> persistent = disk(strings("scratch"), true);
    persistent.put("k", entry("persisted", 1));
    persistent.close();

    Tier<String, String> scratch = disk(strings("scratch"), false);
    assertThat(scratch.get("k")).as("a non-persistent tier ignores earlier data").isNull();
    scratch.put("k", entry("scratch", 2));
    scratch.close();

    try (Stream<Path> children = Files.list(directory)) {
      assertThat(children.map(p -> p.getFileName().toString()))
          .as("the persistent tier's data stays; the non-persistent tier's directory is gone")
          .containsExactly("scratch");
    }
  }

  @Test
  void aClosedTierSaysSo() {
    Tier<String, String> tier = offHeap(strings("closed"), "4MB");
    tier.close();
    assertThatThrownBy(() -> tier.get("k"))
        .isInstanceOf(TierException.class)
        .hasMessage("offheap tier of cache 'closed' is closed");
    tier.close();
  }

  @Test
  void sizeMatchesAnIteration() {
    Tier<String, String> tier = disk(strings("sized"), false);
    Map<String, StoredEntry<String>> batch = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      batch.put("k" + i, entry("v" + i, i + 1));
    }
    tier.putAll(batch);
    tier.removeAll(Set.of("k1", "k2", "k3"));
    long iterated = 0;
    for (Iterator<?> it = tier.iterator(); it.hasNext(); it.next()) {
      iterated++;
    }
    assertThat(iterated).isEqualTo(297);
    assertThat(tier.size()).isEqualTo(297);
  }

  // ------------------------------------------------------------------ helpers

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}

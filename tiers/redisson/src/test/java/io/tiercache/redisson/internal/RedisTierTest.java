package io.tiercache.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.CodecException;
import io.tiercache.config.TierSpec;
import io.tiercache.internal.codec.JavaSerializationCodec;
import io.tiercache.redisson.RedisServer;
import io.tiercache.redisson.RedisTierFactory;
import io.tiercache.spi.ContractValue;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TestTierContext;
import java.io.ObjectInputFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis tier's own promises: corrupt bytes, native expiry, locks across clients, key layout. */
class RedisTierTest {

  @RegisterExtension
  static final RedisServer REDIS = RedisServer.perClass();

  private static final long VERSION = (1L << 52) + 1;

  private final List<Tier<?, ?>> tiers = new ArrayList<>();
  private String cacheName;

  @BeforeEach
  void name(TestInfo info) {
    cacheName = "RedisTierTest-" + info.getTestMethod().orElseThrow().getName() + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeTiers() {
    for (Tier<?, ?> tier : tiers) {
      try {
        tier.clear();
      } catch (RuntimeException ignored) {
        // the server may have been killed by the test
      }
      tier.close();
    }
    tiers.clear();
  }

  private <K, V> RedisTier<K, V> tier(TierContext<K, V> context, Map<String, ?> extra) {
    Map<String, Object> properties = new HashMap<>(extra);
    properties.put("address", REDIS.uri());
    Tier<K, V> tier = new RedisTierFactory().create(TierSpec.of("redis", properties), context);
    tiers.add(tier);
    return (RedisTier<K, V>) tier;
  }

  private RedisTier<String, String> stringTier() {
    return tier(TestTierContext.of(cacheName, String.class, String.class), Map.of());
  }

  /** A tier on its own Redisson client (a distinct timeout makes distinct settings): another "node". */
  private RedisTier<String, Long> node(int timeoutMillis) {
    return tier(TestTierContext.of(cacheName, String.class, Long.class), Map.of("timeout", timeoutMillis));
  }

  private static <V> StoredEntry<V> entry(V value) {
    return StoredEntry.of(value, StoredEntry.NEVER, VERSION);
  }

  private byte[] rawGet(String key) {
    return (byte[]) REDIS.command("GET", key);
  }

  // ------------------------------------------------------------------ corrupt data

  @Test
  void garbageBytesUnderAKeyAreATierExceptionThenAMiss() {
    RedisTier<String, String> tier = stringTier();
    tier.put("k", entry("good"));
    REDIS.command("SET", tier.redisKeyOf("k"), "not a frame at all".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> tier.get("k")).isInstanceOf(TierException.class).hasMessageContaining("corrupt");
    assertThat(tier.get("k")).as("discarded after the failed read").isNull();
  }

  @Test
  void everyFlippedByteIsDetected() {
    RedisTier<String, String> tier = stringTier();
    tier.put("k", StoredEntry.of("value-" + "x".repeat(40), StoredEntry.NEVER, VERSION));
    byte[] good = rawGet(tier.redisKeyOf("k"));
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x10;
      REDIS.command("SET", tier.redisKeyOf("k"), bad);
      int position = i;
      assertThatThrownBy(() -> tier.get("k")).as("byte %d flipped", position).isInstanceOf(TierException.class);
    }
    REDIS.command("SET", tier.redisKeyOf("k"), java.util.Arrays.copyOf(good, good.length - 1));
    assertThatThrownBy(() -> tier.get("k")).as("truncated").isInstanceOf(TierException.class);
    REDIS.command("SET", tier.redisKeyOf("k"), good);
    assertThat(tier.get("k").value()).startsWith("value-");
  }

  @Test
  void aValidFrameCopiedUnderAnotherKeyDoesNotVerify() {
    RedisTier<String, String> tier = stringTier();
    tier.put("a", entry("value of a"));
    tier.put("b", entry("value of b"));
    REDIS.command("SET", tier.redisKeyOf("a"), rawGet(tier.redisKeyOf("b")));

    assertThatThrownBy(() -> tier.get("a")).isInstanceOf(TierException.class);
    assertThat(tier.get("a")).isNull();
    assertThat(tier.get("b").value()).isEqualTo("value of b");
  }

  @Test
  void corruptEntriesFailABatchReadAndAreSkippedByIteration() {
    RedisTier<String, String> tier = stringTier();
    tier.put("good", entry("fine"));
    tier.put("bad", entry("doomed"));
    REDIS.command("SET", tier.redisKeyOf("bad"), new byte[] {1, 0, 0, 0});

    assertThatThrownBy(() -> tier.getAll(Set.of("good", "bad"))).isInstanceOf(TierException.class);
    tier.put("bad", entry("doomed again"));
    REDIS.command("SET", tier.redisKeyOf("bad"), new byte[] {1, 0, 0, 0});
    Map<String, StoredEntry<String>> seen = new HashMap<>();
    tier.iterator().forEachRemaining(e -> seen.put(e.getKey(), e.getValue()));
    assertThat(seen).containsOnlyKeys("good");
    assertThat(tier.getAll(Set.of("good", "bad"))).containsOnlyKeys("good");
  }

  @Test
  void aValueOfAClassOutsideTheAllowlistIsRefusedNotDecoded() {
    TestTierContext<String, Object> open = TestTierContext.of(cacheName, String.class, Object.class);
    RedisTier<String, Object> writer = tier(open, Map.of());
    writer.put("k", entry(new ContractValue("name", 1, List.of("a"))));

    ObjectInputFilter onlyJavaLang = ObjectInputFilter.Config.createFilter("java.lang.*;java.util.*;!*");
    RedisTier<String, Object> reader = tier(open.withCodec(new JavaSerializationCodec(onlyJavaLang)), Map.of());

    assertThatThrownBy(() -> reader.get("k")).isInstanceOfAny(CodecException.class, TierException.class);
    assertThat(reader.get("k")).isNull();
  }

  @Test
  void aValueOfTheWrongTypeIsATierException() {
    RedisTier<String, Object> writer = tier(TestTierContext.of(cacheName, String.class, Object.class), Map.of());
    writer.put("k", entry(42L));
    RedisTier<String, String> reader = stringTier();

    assertThatThrownBy(() -> reader.get("k")).isInstanceOf(TierException.class).hasMessageContaining("Long");
  }

  // ------------------------------------------------------------------ native expiry, layout

  @Test
  void entriesExpireNativelyAndLeaveTheIndex() throws Exception {
    RedisTier<String, String> tier = stringTier();
    long soon = System.currentTimeMillis() + 300;
    tier.put("short", StoredEntry.of("v", soon, VERSION));
    tier.put("eternal", entry("forever"));
    tier.put("reserved", StoredEntry.reservation(7));

    assertThat((Long) REDIS.command("PTTL", tier.redisKeyOf("short"))).isBetween(1L, 300L);
    assertThat((Long) REDIS.command("PTTL", tier.redisKeyOf("eternal"))).isEqualTo(-1L);
    assertThat((Long) REDIS.command("PTTL", tier.redisKeyOf("reserved")))
        .isBetween(1L, RedisTier.RESERVATION_TTL_MILLIS);
    assertThat(tier.size()).isEqualTo(3);

    long deadline = System.currentTimeMillis() + 5_000;
    while ((Long) REDIS.command("EXISTS", tier.redisKeyOf("short")) != 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat((Long) REDIS.command("EXISTS", tier.redisKeyOf("short"))).isZero();
    assertThat(tier.get("short")).isNull();
    assertThat(tier.size()).isEqualTo(2);
  }

  @Test
  void anEntryAlreadyExpiredIsNotStored() {
    RedisTier<String, String> tier = stringTier();
    tier.put("past", StoredEntry.of("v", System.currentTimeMillis() - 1_000, VERSION));

    assertThat(tier.get("past")).isNull();
    assertThat(tier.size()).isZero();
  }

  @Test
  void everyKeyOfACacheSharesOneHashTagAndTheIndexListsThem() {
    RedisTier<String, String> tier = stringTier();
    tier.put("a", entry("1"));
    tier.put("b", entry("2"));

    String tag = "{" + RedisKeys.tag(cacheName) + "}";
    assertThat(tier.redisKeyOf("a")).startsWith("tc:" + tag + ":e:");
    assertThat(tier.indexKey()).isEqualTo("tc:" + tag + ":i");
    assertThat((Long) REDIS.command("ZCARD", tier.indexKey())).isEqualTo(2);
    tier.clear();
    assertThat((Long) REDIS.command("EXISTS", tier.indexKey(), tier.redisKeyOf("a"), tier.redisKeyOf("b"))).isZero();
  }

  @Test
  void hashTagsNeverHoldBracesAndDistinctNamesStayDistinct() {
    assertThat(RedisKeys.tag("orders")).isEqualTo("orders");
    assertThat(RedisKeys.tag("a}b")).doesNotContain("}").isNotEqualTo(RedisKeys.tag("a{b"));
    assertThat(RedisKeys.tag("")).isNotEmpty();
    assertThat(RedisKeys.tag("x*")).doesNotContain("*");
  }

  // ------------------------------------------------------------------ locks across clients

  @Test
  void computeIsExclusiveAcrossClients() throws Exception {
    List<RedisTier<String, Long>> nodes = List.of(node(3_000), node(3_001));
    assertThat(RedisConnections.openClients()).isGreaterThanOrEqualTo(2);
    int perThread = 100;
    AtomicInteger calls = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        RedisTier<String, Long> node = nodes.get(t % 2);
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            node.compute("counter", (key, current) -> {
              calls.incrementAndGet();
              return current == null ? StoredEntry.of(1L, StoredEntry.NEVER, VERSION)
                  : StoredEntry.of(current.value() + 1, StoredEntry.NEVER, current.version() + 1);
            });
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(nodes.get(0).get("counter").value()).isEqualTo(4L * perThread);
    assertThat(calls).hasValue(4 * perThread);
  }

  @Test
  void aWriteFromAnotherClientWaitsForARunningCompute() throws Exception {
    RedisTier<String, Long> a = node(3_000);
    RedisTier<String, Long> b = node(3_001);
    a.put("k", StoredEntry.of(1L, StoredEntry.NEVER, VERSION));
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> compute = pool.submit(() -> a.compute("k", (key, current) -> {
        inside.countDown();
        await(release);
        return StoredEntry.of(2L, StoredEntry.NEVER, VERSION + 1);
      }));
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      Future<?> put = pool.submit(() -> b.put("k", StoredEntry.of(3L, StoredEntry.NEVER, VERSION + 2)));
      Thread.sleep(300);
      assertThat(put.isDone()).as("put finished while the compute held the key").isFalse();
      release.countDown();
      compute.get(10, TimeUnit.SECONDS);
      put.get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertThat(b.get("k").value()).isEqualTo(3L);
  }

  @Test
  void aComputeThatOutlivesItsLeaseWritesNothing() {
    RedisTier<String, String> tier = tier(TestTierContext.of(cacheName, String.class, String.class),
        Map.of("lockLease", 200));
    tier.put("k", entry("before"));

    assertThatThrownBy(() -> tier.compute("k", (key, current) -> {
      sleep(600);
      return StoredEntry.of("after", StoredEntry.NEVER, VERSION + 1);
    })).isInstanceOf(TierException.class).hasMessageContaining("lease");
    assertThat(tier.get("k").value()).isEqualTo("before");
  }

  @Test
  void aComputeMayWriteItsOwnKeyFromInside() {
    RedisTier<String, String> tier = stringTier();
    StoredEntry<String> result = tier.compute("k", (key, current) -> {
      tier.put("k", entry("inner"));
      assertThat(tier.get("k").value()).isEqualTo("inner");
      return StoredEntry.of("outer", StoredEntry.NEVER, VERSION + 1);
    });
    assertThat(result.value()).isEqualTo("outer");
    assertThat(tier.get("k").value()).isEqualTo("outer");
    assertThat((Long) REDIS.command("EXISTS", "tc:{" + RedisKeys.tag(cacheName) + "}:l:"
        + tier.redisKeyOf("k").substring(tier.redisKeyOf("k").lastIndexOf(':') + 1))).isZero();
  }

  @Test
  void computeAllLocksAndReleasesEveryKey() {
    RedisTier<String, String> tier = stringTier();
    tier.put("a", entry("1"));
    Map<String, StoredEntry<String>> result = tier.computeAll(Set.of("a", "b", "c"),
        (key, current) -> key.equals("c") ? null : StoredEntry.of(key + "!", StoredEntry.NEVER, VERSION + 1));

    assertThat(result).containsOnlyKeys("a", "b");
    @SuppressWarnings("unchecked")
    List<Object> locks = (List<Object>) REDIS.command("KEYS", "tc:{" + RedisKeys.tag(cacheName) + "}:l:*");
    assertThat(locks).as("locks left behind").isEmpty();
    tier.put("c", entry("free"));
    assertThat(tier.get("c").value()).isEqualTo("free");
  }

  // ------------------------------------------------------------------ clients

  @Test
  void tiersWithTheSameSettingsShareOneClientUntilTheLastCloses() {
    int before = RedisConnections.openClients();
    Tier<String, String> one = new RedisTierFactory().create(TierSpec.of("redis",
        Map.of("address", REDIS.uri(), "timeout", 2_345)), TestTierContext.of(cacheName, String.class, String.class));
    Tier<String, String> two = new RedisTierFactory().create(TierSpec.of("redis",
        Map.of("address", REDIS.uri(), "timeout", 2_345)), TestTierContext.of(cacheName + "-2", String.class,
        String.class));
    assertThat(RedisConnections.openClients()).isEqualTo(before + 1);
    one.close();
    one.close();
    two.put("k", entry("still works"));
    assertThat(two.get("k").value()).isEqualTo("still works");
    two.clear();
    two.close();
    assertThat(RedisConnections.openClients()).isEqualTo(before);
  }

  @Test
  void iteratorRemoveAndPruningOfVanishedEntries() {
    RedisTier<String, String> tier = stringTier();
    for (int i = 0; i < 600; i++) {
      tier.put("k" + i, entry("v" + i));
    }
    REDIS.command("DEL", tier.redisKeyOf("k5"));  // as if Redis had evicted it
    int seen = 0;
    for (Iterator<Map.Entry<String, StoredEntry<String>>> it = tier.iterator(); it.hasNext(); ) {
      Map.Entry<String, StoredEntry<String>> next = it.next();
      seen++;
      if (next.getKey().equals("k7")) {
        it.remove();
      }
    }
    assertThat(seen).isEqualTo(599);
    assertThat(tier.get("k7")).isNull();
    assertThat(tier.size()).isEqualTo(598);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

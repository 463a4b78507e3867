package io.tiercache.hazelcast.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.tiercache.config.TierSpec;
import io.tiercache.hazelcast.HazelcastTestCluster;
import io.tiercache.hazelcast.HazelcastTierFactory;
import io.tiercache.hazelcast.HazelcastTiers;
import io.tiercache.spi.EntryFrames;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationMessages;
import io.tiercache.spi.LoadLease;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TierLocality;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the contract does not cover: native expiry, leases, corrupt bytes, the bus, registered instances. */
class HazelcastTierTest {

  static HazelcastTestCluster cluster;

  private final List<Tier<?, ?>> tiers = new ArrayList<>();
  private final String cacheName = "tier-test-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void startCluster() {
    cluster = HazelcastTestCluster.start(1);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void closeTiers() {
    for (Tier<?, ?> tier : tiers) {
      tier.clear();
      tier.close();
    }
  }

  private <K, V> Tier<K, V> tier(TierSpec spec, Class<K> keyType, Class<V> valueType) {
    Tier<K, V> tier = new HazelcastTierFactory().create(spec, TestTierContext.of(cacheName, keyType, valueType));
    tiers.add(tier);
    return tier;
  }

  private Tier<String, String> tier() {
    return tier(cluster.memberSpec(0), String.class, String.class);
  }

  private IMap<byte[], byte[]> rawMap() {
    return cluster.member(0).getMap(HazelcastNames.map(cacheName));
  }

  static void await(long millis, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + millis + " ms: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  @Test
  void isSharedAndStoresInTheCachesOwnMap() {
    Tier<String, String> tier = tier();
    assertThat(tier.locality()).isEqualTo(TierLocality.SHARED);
    assertThat(tier.name()).isEqualTo("hazelcast");
    tier.put("k", StoredEntry.of("v", StoredEntry.NEVER, 7));
    assertThat(rawMap().size()).isEqualTo(1);
    assertThat(cluster.member(0).getConfig().getMapConfig(HazelcastNames.map(cacheName)).getBackupCount()).isEqualTo(1);
  }

  @Test
  void hazelcastExpiresEntriesNatively() {
    Tier<String, String> tier = tier();
    tier.put("short", StoredEntry.of("v", System.currentTimeMillis() + 2_000, 1));
    tier.putAll(Map.of("batch", StoredEntry.of("v", System.currentTimeMillis() + 2_000, 2)));
    tier.putIfAbsent("pia", StoredEntry.of("v", System.currentTimeMillis() + 2_000, 3));
    tier.put("replaced", StoredEntry.reservation(9));
    assertThat(tier.replace("replaced", -9, StoredEntry.of("v", System.currentTimeMillis() + 2_000, 4))).isTrue();
    tier.compute("computed", (k, current) -> StoredEntry.of("v", System.currentTimeMillis() + 2_000, 5));
    tier.put("eternal", StoredEntry.of("v", StoredEntry.NEVER, 6));
    tier.put("later", StoredEntry.of("v", System.currentTimeMillis() + 60_000, 7));
    assertThat(rawMap().size()).isEqualTo(7);
    long now = System.currentTimeMillis();
    List<byte[]> shortLived = new ArrayList<>();
    List<Long> others = new ArrayList<>();
    for (byte[] key : rawMap().keySet()) {
      long expiration = rawMap().getEntryView(key).getExpirationTime();
      if (expiration <= now + 2_500) {
        shortLived.add(key);
      } else {
        others.add(expiration);
      }
    }
    assertThat(shortLived).as("entries with a native expiry time within 2.5 s (others: %s, now %d)", others, now).hasSize(5);
    assertThat(others).as("the eternal and the later entry").hasSize(2).contains(Long.MAX_VALUE);

    await(10_000, "the short-lived entries gone from the map", () -> {
      for (byte[] key : shortLived) {
        if (rawMap().get(key) != null) {
          return false;
        }
      }
      return true;
    });
    assertThat(tier.get("eternal")).isNotNull();
    assertThat(tier.get("later")).isNotNull();
    assertThat(tier.get("short")).isNull();
  }

  @Test
  void aReservationReplacedByAnEternalValueKeepsNoTimeToLive() {
    Tier<String, String> tier = tier();
    tier.put("k", StoredEntry.reservation(3));
    assertThat(tier.replace("k", -3, StoredEntry.of("v", StoredEntry.NEVER, 4))).isTrue();
    long ttl = rawMap().getEntryView(rawMap().keySet().iterator().next()).getTtl();
    assertThat(ttl).as("ttl of the value that replaced a reservation").isIn(0L, Long.MAX_VALUE);
  }

  @Test
  void aLoadLeaseIsExclusiveUntilClosedOrRunOut() {
    Tier<String, String> a = tier();
    Tier<String, String> b = tier(cluster.clientSpec(), String.class, String.class);
    assertThat(a.supportsLoadLeases()).isTrue();

    LoadLease lease = a.tryLoadLease("k", 10_000);
    assertThat(lease).isNotNull();
    assertThat(b.tryLoadLease("k", 10_000)).as("held by a").isNull();
    assertThat(a.tryLoadLease("k", 10_000)).as("held, even for its holder's node").isNull();
    assertThat(b.tryLoadLease("other", 10_000)).as("another key").isNotNull();
    lease.close();
    lease.close();
    LoadLease next = b.tryLoadLease("k", 300);
    assertThat(next).as("given up").isNotNull();

    await(5_000, "the lease runs out", () -> {
      LoadLease taken = a.tryLoadLease("k", 10_000);
      if (taken != null) {
        taken.close();
      }
      return taken != null;
    });
    next.close(); // no longer its holder: must not free a's lease (already closed) nor throw
  }

  @Test
  void corruptBytesAreRefusedAndDropped() {
    Tier<String, String> tier = tier();
    tier.put("k", StoredEntry.of("v", StoredEntry.NEVER, 5));
    byte[] key = rawMap().keySet().iterator().next();
    byte[] frame = rawMap().get(key);
    frame[frame.length - 6] ^= 0x55;
    rawMap().set(key, frame);

    assertThatThrownBy(() -> tier.get("k")).isInstanceOf(TierException.class).hasMessageContaining("checksum");
    assertThat(tier.get("k")).as("dropped").isNull();

    tier.put("k2", StoredEntry.of("v", StoredEntry.NEVER, 5));
    byte[] key2 = rawMap().keySet().iterator().next();
    rawMap().set(key2, new byte[] {1, 2, 3});
    assertThat(tier.iterator().hasNext()).as("the iterator skips it").isFalse();
    assertThatThrownBy(() -> tier.remove("k2", 5)).isInstanceOf(TierException.class);
  }

  @Test
  void anEntryWrittenUnderAnotherKeyDoesNotVerify() {
    Tier<String, String> tier = tier();
    tier.put("a", StoredEntry.of("secret", StoredEntry.NEVER, 5));
    tier.put("b", StoredEntry.of("public", StoredEntry.NEVER, 5));
    List<byte[]> keys = new ArrayList<>(rawMap().keySet());
    rawMap().set(keys.get(1), rawMap().get(keys.get(0)));
    List<String> readable = new ArrayList<>();
    for (String key : List.of("a", "b")) {
      try {
        readable.add(tier.get(key).value());
      } catch (TierException e) {
        readable.add("refused");
      }
    }
    assertThat(readable).containsExactlyInAnyOrder("secret", "refused");
  }

  /** Records what a bus tells its listener. */
  static final class Recorder implements InvalidationBus.Listener<String> {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void invalidated(String key) {
      events.add("key:" + key);
    }

    @Override
    public void invalidatedAll() {
      events.add("all");
    }

    @Override
    public void disconnected() {
      events.add("disconnected");
    }

    boolean has(String event) {
      synchronized (events) {
        return events.contains(event);
      }
    }
  }

  @Test
  void theBusCarriesKeysAndClearsToOtherTiersOnly() {
    Tier<String, String> a = tier();
    Tier<String, String> b = tier(cluster.clientSpec(), String.class, String.class);
    Recorder onA = new Recorder();
    Recorder onB = new Recorder();
    a.invalidationBus().subscribe(onA);
    b.invalidationBus().subscribe(onB);
    assertThat(onA.events).containsExactly("all");

    a.invalidationBus().publish("k1");
    b.invalidationBus().publish("k2");
    a.invalidationBus().publishClear();
    await(5_000, "B got k1 and the clear", () -> onB.has("key:k1") && onB.events.size() == 3);
    await(5_000, "A got k2", () -> onA.has("key:k2"));
    assertThat(onA.events).containsExactly("all", "key:k2");
    assertThat(onB.events).containsExactly("all", "key:k1", "all");
  }

  @Test
  void anUnreadableMessageDropsEverythingAndTheBusGoesOn() {
    Tier<String, String> a = tier();
    Tier<String, String> b = tier();
    Recorder onB = new Recorder();
    b.invalidationBus().subscribe(onB);
    onB.events.clear();
    ITopic<byte[]> topic = cluster.member(0).getTopic(HazelcastNames.topic(cacheName));

    topic.publish("garbage".getBytes(StandardCharsets.UTF_8));
    await(5_000, "garbage drops everything", () -> onB.events.size() == 1);
    // a well-formed message (of another origin) around a key frame whose checksum does not verify
    byte[] keyFrame = new byte[8];
    keyFrame[0] = EntryFrames.FORMAT;
    topic.publish(new InvalidationMessages().key(keyFrame));
    await(5_000, "a bad key frame drops everything", () -> onB.events.size() == 2);

    a.invalidationBus().publish("k");
    await(5_000, "B still hears A", () -> onB.has("key:k"));
    assertThat(onB.events).containsExactly("all", "all", "key:k");
  }

  @Test
  void aClientThatLosesItsClusterSaysSoAndDropsEverythingWhenBack() {
    try (HazelcastTestCluster own = HazelcastTestCluster.start(1)) {
      Tier<String, String> client = tier(own.clientSpec(), String.class, String.class);
      Recorder recorder = new Recorder();
      client.invalidationBus().subscribe(recorder);
      recorder.events.clear();

      own.stop(0); // the only member shuts down
      await(10_000, "the client is told", () -> recorder.has("disconnected"));
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
      assertThat(recorder.events).as("nothing says delivery resumed while the cluster is gone")
          .containsExactly("disconnected");
      try (HazelcastTestCluster restarted = own.restart()) {
        await(20_000, "the client is back and drops everything", () -> recorder.has("all"));
        assertThat(recorder.events).containsExactly("disconnected", "all");
        Tier<String, String> member = tier(restarted.memberSpec(0), String.class, String.class);
        member.invalidationBus().publish("after");
        await(5_000, "messages flow again", () -> recorder.has("key:after"));
      }
    }
  }

  @Test
  void aMemberLeavingDropsEverything() {
    try (HazelcastTestCluster two = HazelcastTestCluster.start(2)) {
      Tier<String, String> tier = tier(two.memberSpec(0), String.class, String.class);
      Recorder recorder = new Recorder();
      tier.invalidationBus().subscribe(recorder);
      recorder.events.clear();

      two.stop(1);
      await(10_000, "told to drop everything", () -> recorder.has("all"));
    }
  }

  @Test
  void aRegisteredInstanceIsUsedAndNotShutDown() {
    HazelcastInstance own = Hazelcast.newHazelcastInstance(HazelcastConnections.memberConfig(
        HazelcastTierPropertiesAccess.settings(TierSpec.of("hazelcast", Map.of("cluster",
            "tc-own-" + UUID.randomUUID(), "port", HazelcastTestCluster.freePortForTests())))));
    try {
      HazelcastTiers.register("mine", own);
      Tier<String, String> tier = new HazelcastTierFactory().create(
          TierSpec.of("hazelcast", Map.of("instance", "mine")), TestTierContext.of(cacheName, String.class, String.class));
      tier.put("k", StoredEntry.of("v", StoredEntry.NEVER, 1));
      assertThat(own.getMap(HazelcastNames.map(cacheName)).size()).isEqualTo(1);
      tier.close();
      assertThat(own.getLifecycleService().isRunning()).isTrue();
    } finally {
      HazelcastTiers.unregister("mine");
      own.shutdown();
    }
    assertThatThrownBy(() -> new HazelcastTierFactory().create(TierSpec.of("hazelcast", Map.of("instance", "mine")),
        TestTierContext.of(cacheName, String.class, String.class)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("register");
  }

  @Test
  void aLockWhoseBackupDidNotAcknowledgeIsHeldAndReleased() {
    // a live cluster misses a backup acknowledgement only when a member stalls: a proxy over the real
    // map takes the lock, then reports what Hazelcast reports then
    IMap<byte[], byte[]> real = rawMap();
    @SuppressWarnings("unchecked")
    IMap<byte[], byte[]> stalling = (IMap<byte[], byte[]>) java.lang.reflect.Proxy.newProxyInstance(
        IMap.class.getClassLoader(), new Class<?>[] {IMap.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("lock")) {
            throw new com.hazelcast.core.IndeterminateOperationStateException("backup acks missed");
          }
          return result;
        });
    TestTierContext<String, String> context = TestTierContext.of(cacheName, String.class, String.class);
    io.tiercache.spi.EntryFrames<String, String> frames = new io.tiercache.spi.EntryFrames<>(context.codec(),
        context.classLoader(), String.class, String.class, "test");
    HazelcastTier<String, String> tier = new HazelcastTier<>("test", HazelcastConnections.acquire(
        HazelcastTierPropertiesAccess.settings(cluster.memberSpec(0))), cacheName, frames, 30_000, false, stalling);
    tiers.add(tier);

    tier.compute("k", (k, current) -> StoredEntry.of("v", StoredEntry.NEVER, 1));
    assertThat(tier.replace("k", 1, StoredEntry.of("w", StoredEntry.NEVER, 2))).isTrue();

    assertThat(tier.get("k").value()).isEqualTo("w");
    assertThat(real.isLocked(frames.encodeKey("k"))).as("unlocked after the operations").isFalse();
  }
}

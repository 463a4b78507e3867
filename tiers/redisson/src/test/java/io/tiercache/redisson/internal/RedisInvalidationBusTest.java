package io.tiercache.redisson.internal;

import io.tiercache.spi.EntryFrames;
import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.config.TierSpec;
import io.tiercache.redisson.RedisServer;
import io.tiercache.redisson.RedisTierFactory;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.InvalidationMessages;
import io.tiercache.spi.TestTierContext;
import io.tiercache.spi.Tier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis invalidation bus on its own: two "nodes" (two Redisson clients) on one cache's channel. */
class RedisInvalidationBusTest {

  @RegisterExtension
  static final RedisServer REDIS = RedisServer.perClass();

  private final String cacheName = "bus-" + UUID.randomUUID();
  private final List<Tier<?, ?>> tiers = new ArrayList<>();

  @AfterEach
  void closeTiers() {
    tiers.forEach(Tier::close);
    tiers.clear();
  }

  /** A tier on its own Redisson client (a distinct timeout makes distinct settings): another node. */
  private RedisTier<String, String> node(int timeoutMillis) {
    Tier<String, String> tier = new RedisTierFactory().create(TierSpec.of("redis",
        Map.of("address", REDIS.uri(), "timeout", timeoutMillis)),
        TestTierContext.of(cacheName, String.class, String.class));
    tiers.add(tier);
    return (RedisTier<String, String>) tier;
  }

  @SuppressWarnings("unchecked")
  private static RedisInvalidationBus<String> bus(RedisTier<String, String> tier) {
    return (RedisInvalidationBus<String>) tier.invalidationBus();
  }

  /** Records what a node is told, in order. */
  private static final class Recorder implements InvalidationBus.Listener<String> {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

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

    String next(long millis) throws InterruptedException {
      return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Waits until nothing arrived for 200 ms, then forgets everything (the subscription's own events). */
    void settle() throws InterruptedException {
      while (events.poll(200, TimeUnit.MILLISECONDS) != null) {
        // drain
      }
    }
  }

  private static Recorder subscribe(RedisTier<String, String> tier) throws InterruptedException {
    Recorder recorder = new Recorder();
    bus(tier).subscribe(recorder);
    assertThat(recorder.next(2_000)).as("told to drop everything once subscribed").isEqualTo("all");
    recorder.settle();
    return recorder;
  }

  @Test
  void aKeyAndAClearReachTheOtherNodeButNotTheSender() throws Exception {
    RedisTier<String, String> a = node(3_000);
    RedisTier<String, String> b = node(3_001);
    Recorder onA = subscribe(a);
    Recorder onB = subscribe(b);

    bus(a).publish("k1");
    assertThat(onB.next(2_000)).isEqualTo("key:k1");
    bus(a).publishClear();
    assertThat(onB.next(2_000)).isEqualTo("all");
    bus(b).publish("k2");
    assertThat(onA.next(2_000)).isEqualTo("key:k2");

    assertThat(onA.next(300)).as("A never hears its own messages").isNull();
    assertThat(onB.next(300)).as("B never hears its own messages").isNull();
    assertThat(bus(a).channel()).isEqualTo("tc:{" + cacheName + "}:inv");
  }

  @Test
  void anUnreadableMessageDropsEverything() throws Exception {
    RedisTier<String, String> b = node(3_000);
    Recorder onB = subscribe(b);
    String channel = bus(b).channel();

    REDIS.command("PUBLISH", channel, "garbage".getBytes(StandardCharsets.UTF_8));
    assertThat(onB.next(2_000)).isEqualTo("all");

    // a well-formed message (of another origin) around a key frame whose checksum does not verify
    byte[] keyFrame = new byte[8];
    keyFrame[0] = EntryFrames.FORMAT;
    byte[] message = new InvalidationMessages().key(keyFrame);
    REDIS.command("PUBLISH", channel, message);
    assertThat(onB.next(2_000)).isEqualTo("all");

    message[1] = 99;  // an unknown kind (the byte after the format)
    REDIS.command("PUBLISH", channel, message);
    assertThat(onB.next(2_000)).isEqualTo("all");
    assertThat(bus(b).isUp()).isTrue();
  }

  @Test
  void aKilledSubscriptionIsReportedAtOnceThenDeliveryResumesWithADropAll() throws Exception {
    RedisTier<String, String> a = node(3_000);
    RedisTier<String, String> b = node(3_001);
    Recorder onB = subscribe(b);

    long killed = System.nanoTime();
    REDIS.command("CLIENT", "KILL", "TYPE", "pubsub");
    assertThat(onB.next(2_000)).isEqualTo("disconnected");
    long toDisconnected = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    String next = onB.next(5_000);
    long toResumed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
    assertThat(next).as("delivery resumed").isEqualTo("all");
    System.out.printf("[bus] pub/sub connection killed: disconnected() after %d ms, invalidatedAll() after %d ms%n",
        toDisconnected, toResumed);
    assertThat(toDisconnected).isLessThan(1_000);
    assertThat(bus(b).isUp()).isTrue();
    onB.settle();

    bus(a).publish("after");
    assertThat(onB.next(2_000)).isEqualTo("key:after");
  }

  @Test
  void aSilentlyStalledSubscriptionIsFoundByAProbe() throws Exception {
    RedisTier<String, String> b = node(1_000);  // probes time out after max(1 s, timeout)
    Recorder onB = subscribe(b);

    long paused = System.nanoTime();
    REDIS.pause();  // the socket stays open: no connection event, only a probe that never comes back
    String first;
    try {
      first = onB.next(RedisInvalidationBus.IDLE_PROBE_MILLIS + 5_000);
    } finally {
      REDIS.resume();
    }
    long toDisconnected = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused);
    assertThat(first).isEqualTo("disconnected");
    System.out.printf("[bus] server paused (SIGSTOP): disconnected() after %d ms (idle probe after %d ms + 1 s)%n",
        toDisconnected, RedisInvalidationBus.IDLE_PROBE_MILLIS);
    assertThat(onB.next(10_000)).as("delivery resumed").isEqualTo("all");
    assertThat(bus(b).isUp()).isTrue();
  }

  @Test
  void aPublishRedisRefusedIsQueuedAndRetriedUntilItGoesThrough() throws Exception {
    RedisTier<String, String> a = node(3_000);
    RedisTier<String, String> b = node(3_001);
    Recorder onB = subscribe(b);

    REDIS.command("ACL", "SETUSER", "default", "-publish");
    try {
      bus(a).publish("k");  // refused: queued, not thrown
      bus(a).publish("j");
      assertThat(bus(a).pendingMessages()).isEqualTo(2);
      assertThat(onB.next(300)).isNull();
    } finally {
      REDIS.command("ACL", "SETUSER", "default", "+publish");
    }
    assertThat(List.of(onB.next(2_000), onB.next(2_000))).containsExactlyInAnyOrder("key:k", "key:j");
    assertThat(bus(a).pendingMessages()).isZero();
    assertThat(bus(b).isUp()).isTrue();
  }

  @Test
  void aClosedTierStopsListening() throws Exception {
    RedisTier<String, String> a = node(3_000);
    RedisTier<String, String> b = node(3_001);
    Recorder onB = subscribe(b);
    b.close();
    Thread.sleep(200);

    bus(a).publish("k");
    assertThat(onB.next(500)).isNull();
  }
}

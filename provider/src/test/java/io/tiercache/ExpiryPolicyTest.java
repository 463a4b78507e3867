package io.tiercache;

import static io.tiercache.testing.RecordingListener.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.tiercache.testing.JCacheTestSupport;
import io.tiercache.testing.RecordingListener;
import io.tiercache.testing.SettableExpiryPolicy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;

/**
 * Expiry edge cases with short durations. A policy's duration is {@value #LIFE} ms; an access or
 * update happens at {@value #TOUCH} ms and the entry is checked at {@value #CHECK} ms: after the
 * original expiry, before an extended one. Timing margins are 150 milliseconds or more, all in the
 * direction of a correct cache passing.
 */
class ExpiryPolicyTest extends JCacheTestSupport {

  static final long LIFE = 600;
  static final long TOUCH = 300;
  static final long CHECK = 750;

  private static Duration millis(long millis) {
    return new Duration(TimeUnit.MILLISECONDS, millis);
  }

  private Cache<Integer, String> cache(Factory<? extends ExpiryPolicy> policy) {
    return createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setExpiryPolicyFactory(policy));
  }

  private Cache<Integer, String> cache(SettableExpiryPolicy policy) {
    return cache(FactoryBuilder.factoryOf(policy));
  }

  private static void sleepUntil(long deadline) throws InterruptedException {
    long wait = deadline - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  private static void awaitGone(Cache<Integer, String> cache, int key) {
    await().atMost(java.time.Duration.ofSeconds(2)).pollInterval(java.time.Duration.ofMillis(20))
        .until(() -> !cache.containsKey(key));
  }

  // ------------------------------------------------------------------ ZERO and null

  @Test
  void zeroOnCreationStoresNothingAndRaisesNoCreated() {
    Cache<Integer, String> cache = cache(new SettableExpiryPolicy().creation(Duration.ZERO));
    RecordingListener<Integer, String> listener = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfiguration(listener, true, true));

    cache.put(1, "a");
    assertThat(cache.putIfAbsent(2, "b")).isFalse();
    assertThat(cache.getAndPut(3, "c")).isNull();
    cache.putAll(Map.of(4, "d", 5, "e"));
    cache.invoke(6, (entry, args) -> {
      entry.setValue("f");
      return null;
    });

    for (int key = 1; key <= 6; key++) {
      assertThat(cache.containsKey(key)).as("key %d", key).isFalse();
      assertThat(cache.get(key)).as("key %d", key).isNull();
    }
    assertThat(cache.iterator().hasNext()).isFalse();
    assertThat(listener.events(EventType.CREATED)).isEmpty();
    assertThat(listener.events(EventType.UPDATED)).isEmpty();
  }

  @Test
  void zeroOnUpdateMakesTheEntryGoneOnTheNextRead() {
    Cache<Integer, String> cache = cache(new SettableExpiryPolicy().update(Duration.ZERO));
    cache.put(1, "a");
    cache.put(2, "a");
    cache.put(3, "a");
    assertThat(cache.get(1)).isEqualTo("a");

    cache.put(1, "b");
    cache.replace(2, "b");
    cache.invoke(3, (entry, args) -> {
      entry.setValue("b");
      return null;
    });

    assertThat(cache.get(1)).isNull();
    assertThat(cache.get(2)).isNull();
    assertThat(cache.containsKey(3)).isFalse();
    assertThat(cache.getAll(Set.of(1, 2, 3))).isEmpty();
  }

  @Test
  void zeroOnAccessExpiresTheEntryAfterTheRead() {
    Cache<Integer, String> cache = cache(new SettableExpiryPolicy().access(Duration.ZERO));
    cache.put(1, "a");

    assertThat(cache.get(1)).as("first read").isEqualTo("a");
    assertThat(cache.get(1)).as("second read").isNull();
  }

  @Test
  void nullFromGetExpiryForUpdateKeepsTheExpiryTime() throws Exception {
    Cache<Integer, String> cache = cache(new SettableExpiryPolicy().creation(millis(LIFE)).update(null));
    long start = System.currentTimeMillis();
    cache.put(1, "a");
    sleepUntil(start + TOUCH);
    assertThat(cache.getAndPut(1, "b")).as("an update of the live entry (LIFE - TOUCH ms of margin)").isNotNull();

    sleepUntil(start + CHECK);

    assertThat(cache.containsKey(1)).as("still there after the creation time ran out").isFalse();
  }

  @Test
  void aPolicyThatThrowsOnCreationStoresTheEntryAsEternal() throws Exception {
    SettableExpiryPolicy policy = new SettableExpiryPolicy().throwOnCreation(true);
    Cache<Integer, String> cache = cache(policy);

    assertThatCode(() -> cache.put(1, "a")).doesNotThrowAnyException();
    assertThat(cache.get(1)).isEqualTo("a");

    Thread.sleep(CHECK);
    assertThat(cache.get(1)).isEqualTo("a");
  }

  @Test
  void aPolicyThatThrowsOnUpdateOrAccessKeepsTheExpiryTime() throws Exception {
    SettableExpiryPolicy policy = new SettableExpiryPolicy().creation(millis(LIFE));
    Cache<Integer, String> cache = cache(policy);
    long start = System.currentTimeMillis();
    cache.put(1, "a");
    policy.throwOnUpdate(true).throwOnAccess(true);
    sleepUntil(start + TOUCH);

    assertThatCode(() -> cache.put(1, "b")).doesNotThrowAnyException();
    assertThat(cache.get(1)).isEqualTo("b");

    sleepUntil(start + CHECK);
    assertThat(cache.containsKey(1)).isFalse();
  }

  // ------------------------------------------------------------------ the four standard policies

  @Test
  void createdExpiryIsExtendedNeitherByReadsNorByUpdates() throws Exception {
    Cache<Integer, String> cache = cache(CreatedExpiryPolicy.factoryOf(millis(LIFE)));
    long start = System.currentTimeMillis();
    cache.put(1, "a");
    cache.put(2, "a");
    sleepUntil(start + TOUCH);
    assertThat(cache.get(1)).isEqualTo("a");
    assertThat(cache.getAndPut(2, "b")).as("an update of the live entry (LIFE - TOUCH ms of margin)").isNotNull();

    sleepUntil(start + CHECK);

    assertThat(cache.containsKey(1)).as("read entry").isFalse();
    assertThat(cache.containsKey(2)).as("updated entry").isFalse();
  }

  @Test
  void modifiedExpiryIsExtendedByUpdatesButNotByReads() throws Exception {
    Cache<Integer, String> cache = cache(ModifiedExpiryPolicy.factoryOf(millis(LIFE)));
    long start = System.currentTimeMillis();
    cache.put(1, "a");
    cache.put(2, "a");
    sleepUntil(start + TOUCH);
    assertThat(cache.get(1)).isEqualTo("a");
    assertThat(cache.getAndPut(2, "b")).as("an update of the live entry (LIFE - TOUCH ms of margin)").isNotNull();

    sleepUntil(start + CHECK);

    assertThat(cache.containsKey(1)).as("read entry").isFalse();
    assertThat(cache.get(2)).as("updated entry").isEqualTo("b");
    awaitGone(cache, 2);
  }

  @Test
  void accessedExpiryIsExtendedByEveryRead() throws Exception {
    Cache<Integer, String> cache = cache(AccessedExpiryPolicy.factoryOf(millis(LIFE)));
    long start = System.currentTimeMillis();
    cache.put(1, "a");

    for (int i = 1; i <= 4; i++) {
      sleepUntil(start + i * TOUCH);
      assertThat(cache.get(1)).as("read %d at about %d ms", i, i * TOUCH).isEqualTo("a");
    }

    awaitGone(cache, 1);
  }

  @Test
  void accessedExpiryIsExtendedByEveryKindOfRead() throws Exception {
    Cache<Integer, String> cache = cache(AccessedExpiryPolicy.factoryOf(millis(LIFE)));
    long start = System.currentTimeMillis();
    cache.put(1, "a");
    cache.put(2, "a");
    cache.put(3, "a");
    sleepUntil(start + TOUCH);
    assertThat(cache.getAll(Set.of(1))).containsEntry(1, "a");
    String read = cache.invoke(2, (entry, args) -> entry.getValue());
    assertThat(read).isEqualTo("a");

    sleepUntil(start + CHECK);

    assertThat(cache.containsKey(1)).as("read by getAll").isTrue();
    assertThat(cache.containsKey(2)).as("read by an entry processor").isTrue();
    assertThat(cache.containsKey(3)).as("not read").isFalse();
  }

  @Test
  void accessedExpiryIsExtendedByIterationButNotByContainsKey() throws Exception {
    Cache<Integer, String> cache = cache(AccessedExpiryPolicy.factoryOf(millis(LIFE)));
    long start = System.currentTimeMillis();
    cache.put(1, "a");
    sleepUntil(start + TOUCH);
    assertThat(cache.containsKey(1)).isTrue();
    sleepUntil(start + TOUCH + 20);
    assertThat(cache.containsKey(1)).isTrue();

    sleepUntil(start + CHECK);
    assertThat(cache.containsKey(1)).as("containsKey is not an access").isFalse();

    cache.put(2, "b");
    long second = System.currentTimeMillis();
    sleepUntil(second + TOUCH);
    assertThat(cache.iterator().next().getValue()).isEqualTo("b");
    sleepUntil(second + CHECK);
    assertThat(cache.containsKey(2)).as("iteration is an access").isTrue();
  }

  @Test
  void accessedExpiryIsNotExtendedByUpdates() throws Exception {
    Cache<Integer, String> cache = cache(AccessedExpiryPolicy.factoryOf(millis(LIFE)));
    long start = System.currentTimeMillis();
    cache.put(1, "a");
    sleepUntil(start + TOUCH);
    assertThat(cache.getAndReplace(1, "b")).as("an update of the live entry (LIFE - TOUCH ms of margin)").isNotNull();

    sleepUntil(start + CHECK);

    assertThat(cache.containsKey(1)).isFalse();
  }

  @Test
  void touchedExpiryIsExtendedByReadsAndByUpdates() throws Exception {
    Cache<Integer, String> cache = cache(TouchedExpiryPolicy.factoryOf(millis(LIFE)));
    long start = System.currentTimeMillis();
    cache.put(1, "a");
    cache.put(2, "a");
    cache.put(3, "a");
    sleepUntil(start + TOUCH);
    assertThat(cache.get(1)).isEqualTo("a");
    cache.put(2, "b");

    sleepUntil(start + CHECK);

    assertThat(cache.containsKey(1)).as("read entry").isTrue();
    assertThat(cache.containsKey(2)).as("updated entry").isTrue();
    assertThat(cache.containsKey(3)).as("untouched entry").isFalse();
    awaitGone(cache, 1);
    awaitGone(cache, 2);
  }

  // ------------------------------------------------------------------ expired entries are invisible

  @Test
  void expiredEntriesAreReturnedByNoRead() throws Exception {
    Cache<Integer, String> cache = cache(CreatedExpiryPolicy.factoryOf(millis(100)));
    for (int key = 1; key <= 6; key++) {
      cache.put(key, "v" + key);
    }
    Thread.sleep(200);

    assertThat(cache.containsKey(1)).isFalse();
    assertThat(cache.iterator().hasNext()).isFalse();
    assertThat(cache.getAll(Set.of(1, 2, 3))).isEmpty();
    assertThat(cache.get(1)).isNull();
    assertThat(cache.getAndReplace(2, "x")).isNull();
    assertThat(cache.replace(3, "x")).isFalse();
    assertThat(cache.replace(4, "v4", "x")).isFalse();
    assertThat(cache.remove(5, "v5")).isFalse();
    boolean exists = cache.invoke(6, (entry, args) -> entry.exists());
    assertThat(exists).isFalse();
    for (int key = 1; key <= 6; key++) {
      assertThat(cache.containsKey(key)).as("key %d", key).isFalse();
    }
  }

  @Test
  void anExpiredEntryCountsAsAbsentForConditionalWrites() throws Exception {
    Cache<Integer, String> cache = cache(CreatedExpiryPolicy.factoryOf(millis(100)));
    cache.put(1, "old");
    cache.put(2, "old");
    Thread.sleep(200);

    assertThat(cache.putIfAbsent(1, "new")).isTrue();
    assertThat(cache.getAndPut(2, "new")).isNull();

    assertThat(cache.get(1)).isEqualTo("new");
    assertThat(cache.get(2)).isEqualTo("new");
  }

  @Test
  void aReadThroughValueGetsTheCreationExpiry() throws Exception {
    RecordingListener<Integer, String> listener = new RecordingListener<>();
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(millis(LIFE)))
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new io.tiercache.testing.NumberLoader())));
    cache.registerCacheEntryListener(listenerConfiguration(listener, true, true));
    long start = System.currentTimeMillis();

    assertThat(cache.get(1)).isEqualTo("loaded-1");
    assertThat(listener.events()).containsExactly(created(1, "loaded-1"));

    sleepUntil(start + CHECK);
    assertThat(cache.containsKey(1)).isFalse();
  }
}

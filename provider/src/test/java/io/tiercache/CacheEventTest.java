package io.tiercache;

import static io.tiercache.testing.RecordingListener.created;
import static io.tiercache.testing.RecordingListener.expired;
import static io.tiercache.testing.RecordingListener.removed;
import static io.tiercache.testing.RecordingListener.updated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tiercache.testing.JCacheTestSupport;
import io.tiercache.testing.NumberLoader;
import io.tiercache.testing.RecordingListener;
import io.tiercache.testing.RecordingListener.Received;
import io.tiercache.testing.SettableExpiryPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.integration.CompletionListenerFuture;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entry events: which operation raises which event with which values, when synchronous listeners
 * have run, the per-key order of asynchronous delivery, filters, listener failures, deregistration.
 * Synchronous listeners are checked right after the operation returns, without waiting.
 */
class CacheEventTest extends JCacheTestSupport {

  private final RecordingListener<Integer, String> listener = new RecordingListener<>();

  private Cache<Integer, String> cacheWithSyncListener(boolean oldValueRequired) {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class));
    cache.registerCacheEntryListener(listenerConfiguration(listener, oldValueRequired, true));
    return cache;
  }

  /** Runs {@code operation} and checks that it raised exactly {@code expected}, already delivered. */
  private void assertEvents(Runnable operation, Received... expected) {
    listener.reset();
    operation.run();
    assertThat(listener.events()).containsExactly(expected);
  }

  // ------------------------------------------------------------------ put / remove, old values

  @ParameterizedTest(name = "oldValueRequired={0}")
  @ValueSource(booleans = {true, false})
  void putCreatesThenUpdates(boolean oldValueRequired) {
    Cache<Integer, String> cache = cacheWithSyncListener(oldValueRequired);

    assertEvents(() -> cache.put(1, "a"), created(1, "a"));
    assertEvents(() -> cache.put(1, "b"), oldValueRequired
        ? updated(1, "b", "a")
        : new Received(EventType.UPDATED, 1, "b", null, false));
  }

  @Test
  void removeReportsTheOldValueWhenRequired() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    cache.put(1, "a");

    assertEvents(() -> cache.remove(1), removed(1, "a"));
  }

  @Test
  void removeReportsNoOldValueWhenNotRequired() {
    Cache<Integer, String> cache = cacheWithSyncListener(false);
    cache.put(1, "a");
    listener.reset();

    cache.remove(1);

    assertThat(listener.events()).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(EventType.REMOVED);
      assertThat(event.key()).isEqualTo(1);
      assertThat(event.oldValue()).isNull();
      assertThat(event.oldValueAvailable()).isFalse();
    });
  }

  @Test
  void createdEventsNeverCarryAnOldValue() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    cache.put(1, "a");
    CacheEntryEvent<? extends Integer, ? extends String> event = listener.rawEvents().get(0);
    assertThat(event.isOldValueAvailable()).isFalse();
    assertThat(event.getOldValue()).isNull();
    assertThat((Object) event.getSource()).isSameAs(cache);
  }

  // ------------------------------------------------------------------ every operation

  @Test
  void getAndPutCreatesThenUpdates() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    assertEvents(() -> cache.getAndPut(1, "a"), created(1, "a"));
    assertEvents(() -> cache.getAndPut(1, "b"), updated(1, "b", "a"));
  }

  @Test
  void putIfAbsentCreatesOnlyWhenAbsent() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    assertEvents(() -> cache.putIfAbsent(1, "a"), created(1, "a"));
    assertEvents(() -> cache.putIfAbsent(1, "b"));
  }

  @Test
  void replaceUpdatesOnlyWhenPresent() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    assertEvents(() -> cache.replace(1, "a"));
    cache.put(1, "a");
    assertEvents(() -> cache.replace(1, "b"), updated(1, "b", "a"));
  }

  @Test
  void conditionalReplaceUpdatesOnlyWhenTheOldValueMatches() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    assertEvents(() -> cache.replace(1, "a", "b"));
    cache.put(1, "a");
    assertEvents(() -> cache.replace(1, "x", "b"));
    assertEvents(() -> cache.replace(1, "a", "b"), updated(1, "b", "a"));
  }

  @Test
  void getAndReplaceUpdatesOnlyWhenPresent() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    assertEvents(() -> cache.getAndReplace(1, "a"));
    cache.put(1, "a");
    assertEvents(() -> cache.getAndReplace(1, "b"), updated(1, "b", "a"));
  }

  @Test
  void conditionalRemoveRemovesOnlyWhenTheValueMatches() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    assertEvents(() -> cache.remove(1, "a"));
    cache.put(1, "a");
    assertEvents(() -> cache.remove(1, "x"));
    assertEvents(() -> cache.remove(1, "a"), removed(1, "a"));
  }

  @Test
  void getAndRemoveRemovesOnlyWhenPresent() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    assertEvents(() -> cache.getAndRemove(1));
    cache.put(1, "a");
    assertEvents(() -> cache.getAndRemove(1), removed(1, "a"));
  }

  @Test
  void removeOfAnAbsentKeyRaisesNothing() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    assertEvents(() -> cache.remove(1));
  }

  @Test
  void invokeRaisesWhatTheProcessorDid() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);

    assertEvents(() -> cache.invoke(1, (entry, args) -> {
      entry.setValue("a");
      return null;
    }), created(1, "a"));
    assertEvents(() -> cache.invoke(1, (entry, args) -> {
      entry.setValue("b");
      return null;
    }), updated(1, "b", "a"));
    assertEvents(() -> cache.invoke(1, (entry, args) -> entry.getValue()));
    assertEvents(() -> cache.invoke(1, (entry, args) -> {
      entry.remove();
      return null;
    }), removed(1, "b"));
    assertEvents(() -> cache.invoke(1, (entry, args) -> {
      entry.remove();
      return null;
    }));
    assertEvents(() -> cache.invoke(2, (entry, args) -> {
      entry.setValue("temporary");
      entry.remove();
      return null;
    }));
  }

  @Test
  void invokeThatSetsTwiceRaisesOneEventWithTheLastValue() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    assertEvents(() -> cache.invoke(1, (MutableEntry<Integer, String> entry, Object... args) -> {
      entry.setValue("first");
      entry.setValue("second");
      return null;
    }), created(1, "second"));
  }

  @Test
  void invokeAllRaisesOneEventPerChangedKey() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    cache.put(1, "a");
    listener.reset();

    cache.invokeAll(Set.of(1, 2, 3), (entry, args) -> {
      if (entry.getKey() != 3) {
        entry.setValue("x" + entry.getKey());
      }
      return null;
    });

    assertThat(listener.events()).containsExactlyInAnyOrder(updated(1, "x1", "a"), created(2, "x2"));
  }

  @Test
  void loadAllThatReplacesRaisesUpdated() throws Exception {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new NumberLoader())));
    cache.put(1, "a");
    cache.put(2, "b");
    cache.registerCacheEntryListener(listenerConfiguration(listener, true, true));

    CompletionListenerFuture keep = new CompletionListenerFuture();
    cache.loadAll(Set.of(1, 3), false, keep);
    keep.get(5, TimeUnit.SECONDS);
    assertThat(listener.events()).containsExactly(created(3, "loaded-3"));

    listener.reset();
    CompletionListenerFuture replace = new CompletionListenerFuture();
    cache.loadAll(Set.of(2), true, replace);
    replace.get(5, TimeUnit.SECONDS);
    assertThat(listener.events()).containsExactly(updated(2, "loaded-2", "b"));
  }

  @Test
  void putAllCreatesNewKeysAndUpdatesExistingOnes() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    cache.put(1, "a");
    Map<Integer, String> batch = new LinkedHashMap<>();
    batch.put(1, "b");
    batch.put(2, "c");
    listener.reset();

    cache.putAll(batch);

    assertThat(listener.events()).containsExactlyInAnyOrder(updated(1, "b", "a"), created(2, "c"));
  }

  @Test
  void removeAllRemovesOnlyPresentKeys() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    cache.put(1, "a");
    cache.put(2, "b");
    cache.put(3, "c");
    listener.reset();

    cache.removeAll(Set.of(1, 2, 4));
    assertThat(listener.events()).containsExactlyInAnyOrder(removed(1, "a"), removed(2, "b"));

    listener.reset();
    cache.removeAll();
    assertThat(listener.events()).containsExactly(removed(3, "c"));
  }

  @Test
  void clearAndReadsRaiseNothing() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    cache.put(1, "a");
    cache.put(2, "b");

    assertEvents(() -> cache.get(1));
    assertEvents(() -> cache.getAll(Set.of(1, 2, 3)));
    assertEvents(() -> cache.containsKey(1));
    assertEvents(() -> cache.iterator().forEachRemaining(entry -> { }));
    assertEvents(cache::clear);
    assertThat(cache.iterator().hasNext()).isFalse();
  }

  @Test
  void iteratorRemoveRaisesARemovedEvent() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    cache.put(1, "a");
    listener.reset();

    var iterator = cache.iterator();
    iterator.next();
    iterator.remove();

    assertThat(listener.events()).containsExactly(removed(1, "a"));
  }

  @Test
  void aReadThroughLoadRaisesCreated() throws Exception {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(new NumberLoader())));
    cache.registerCacheEntryListener(listenerConfiguration(listener, true, true));

    assertEvents(() -> cache.get(7), created(7, "loaded-7"));
    assertEvents(() -> cache.get(7));

    CompletionListenerFuture done = new CompletionListenerFuture();
    listener.reset();
    cache.loadAll(Set.of(8, 9), false, done);
    done.get(5, TimeUnit.SECONDS);
    assertThat(listener.events()).containsExactlyInAnyOrder(created(8, "loaded-8"), created(9, "loaded-9"));
  }

  // ------------------------------------------------------------------ synchronous delivery

  @Test
  void synchronousListenersHaveRunBeforeTheCallReturns() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    listener.slowDown(50);

    cache.put(1, "a");
    assertThat(listener.events()).containsExactly(created(1, "a"));
    cache.remove(1);
    assertThat(listener.events()).containsExactly(created(1, "a"), removed(1, "a"));
  }

  @Test
  void aSynchronousListenerExceptionReachesTheCallerButTheChangeStays() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    listener.failOn(EventType.CREATED);

    assertThatThrownBy(() -> cache.put(1, "a")).isInstanceOf(CacheEntryListenerException.class);
    assertThat(cache.get(1)).isEqualTo("a");

    listener.failOn(EventType.UPDATED);
    assertThatThrownBy(() -> cache.put(1, "b")).isInstanceOf(CacheEntryListenerException.class);
    assertThat(cache.get(1)).isEqualTo("b");

    listener.failOn(EventType.REMOVED);
    assertThatThrownBy(() -> cache.remove(1)).isInstanceOf(CacheEntryListenerException.class);
    assertThat(cache.containsKey(1)).isFalse();
  }

  @Test
  void aSynchronousListenerRuntimeExceptionIsWrappedInCacheEntryListenerException() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    IllegalStateException failure = new IllegalStateException("listener bug");
    listener.failOn(EventType.CREATED, failure);

    assertThatThrownBy(() -> cache.put(1, "a"))
        .isInstanceOf(CacheEntryListenerException.class)
        .hasRootCause(failure);
    assertThat(cache.get(1)).isEqualTo("a");
  }

  @Test
  void aFailingSynchronousListenerDoesNotKeepOthersFromTheEvent() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    RecordingListener<Integer, String> other = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfiguration(other, true, true));
    listener.failOn(EventType.CREATED);

    assertThatThrownBy(() -> cache.put(1, "a")).isInstanceOf(CacheEntryListenerException.class);

    assertThat(listener.events()).containsExactly(created(1, "a"));
    assertThat(other.events()).containsExactly(created(1, "a"));
  }

  // ------------------------------------------------------------------ asynchronous delivery

  @Test
  void anAsynchronousListenerGetsOneKeysEventsInOrder() {
    Cache<Integer, Integer> cache = createCache(new MutableConfiguration<Integer, Integer>()
        .setTypes(Integer.class, Integer.class));
    RecordingListener<Integer, Integer> async = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfiguration(async, true, false));

    for (int i = 0; i < 1000; i++) {
      cache.put(1, i);
    }

    await().atMost(java.time.Duration.ofSeconds(5)).until(() -> async.events().size() >= 1000);
    List<Received> events = async.events();
    assertThat(events).hasSize(1000);
    assertThat(events.get(0)).isEqualTo(created(1, 0));
    for (int i = 1; i < 1000; i++) {
      assertThat(events.get(i)).as("event %d", i).isEqualTo(updated(1, i, i - 1));
    }
  }

  @Test
  void anAsynchronousListenerGetsEachKeysEventsInOrderUnderConcurrentWriters() throws Exception {
    Cache<Integer, Integer> cache = createCache(new MutableConfiguration<Integer, Integer>()
        .setTypes(Integer.class, Integer.class));
    RecordingListener<Integer, Integer> async = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfiguration(async, true, false));
    int threads = 4;
    int updates = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int key = t;
        futures.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < updates; i++) {
            cache.put(key, i);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> future : futures) {
        future.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    await().atMost(java.time.Duration.ofSeconds(5)).until(() -> async.events().size() >= threads * updates);
    for (int key = 0; key < threads; key++) {
      int k = key;
      List<Object> values = async.events(event -> event.key().equals(k)).stream().map(Received::value).toList();
      List<Object> expected = new ArrayList<>();
      for (int i = 0; i < updates; i++) {
        expected.add(i);
      }
      assertThat(values).as("values of key %d in delivery order", key).isEqualTo(expected);
    }
  }

  @Test
  void anAsynchronousListenerExceptionNeitherReachesTheCallerNorStopsLaterEvents() {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class));
    RecordingListener<Integer, String> async = new RecordingListener<>();
    async.failOn(EventType.CREATED);
    cache.registerCacheEntryListener(listenerConfiguration(async, true, false));

    cache.put(1, "a");
    cache.put(1, "b");
    cache.remove(1);

    await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(async.events()).containsExactly(created(1, "a"), updated(1, "b", "a"), removed(1, "b")));
    assertThat(cache.containsKey(1)).isFalse();
  }

  // ------------------------------------------------------------------ filters

  @ParameterizedTest(name = "synchronous={0}")
  @ValueSource(booleans = {true, false})
  void aFilterDecidesWhichEventsTheListenerSees(boolean synchronous) {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class));
    RecordingListener<Integer, String> filtered = new RecordingListener<>();
    RecordingListener<Integer, String> marker = new RecordingListener<>();
    cache.registerCacheEntryListener(listenerConfiguration(filtered,
        event -> event.getKey() % 2 == 0 && event.getEventType() != EventType.UPDATED, true, synchronous));
    cache.registerCacheEntryListener(listenerConfiguration(marker, true, synchronous));

    for (int i = 0; i < 6; i++) {
      cache.put(i, "v" + i);
    }
    for (int i = 0; i < 6; i++) {
      cache.put(i, "w" + i);
    }
    cache.remove(2);
    cache.remove(3);

    await().atMost(java.time.Duration.ofSeconds(5)).until(() -> marker.events().size() >= 14);
    assertThat(filtered.events()).containsExactlyInAnyOrder(created(0, "v0"), created(2, "v2"), created(4, "v4"),
        removed(2, "w2"));
  }

  // ------------------------------------------------------------------ registration

  @Test
  void deregisteringASynchronousListenerStopsItsEvents() {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class));
    MutableCacheEntryListenerConfiguration<Integer, String> registration = listenerConfiguration(listener, true, true);
    cache.registerCacheEntryListener(registration);
    cache.put(1, "a");

    cache.deregisterCacheEntryListener(registration);
    cache.put(1, "b");
    cache.put(2, "c");
    cache.remove(1);

    assertThat(listener.events()).containsExactly(created(1, "a"));
  }

  @Test
  void deregisteringAnAsynchronousListenerStopsItsEvents() {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class));
    RecordingListener<Integer, String> stays = new RecordingListener<>();
    MutableCacheEntryListenerConfiguration<Integer, String> leaving = listenerConfiguration(listener, true, false);
    cache.registerCacheEntryListener(leaving);
    cache.registerCacheEntryListener(listenerConfiguration(stays, true, false));
    cache.put(1, "a");
    await().atMost(java.time.Duration.ofSeconds(5)).until(() -> listener.events().size() == 1);

    cache.deregisterCacheEntryListener(leaving);
    cache.put(1, "b");
    cache.put(2, "c");

    await().atMost(java.time.Duration.ofSeconds(5)).until(() -> stays.events().size() >= 3);
    assertThat(listener.events()).containsExactly(created(1, "a"));
  }

  @Test
  void aListenerConfiguredWithTheCacheGetsEvents() {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .addCacheEntryListenerConfiguration(listenerConfiguration(listener, false, true)));

    cache.put(1, "a");

    assertThat(listener.events()).containsExactly(created(1, "a"));
  }

  @Test
  void registeringTheSameConfigurationTwiceIsRefused() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    // an equal configuration: same listener instance, same flags
    MutableCacheEntryListenerConfiguration<Integer, String> again = listenerConfiguration(listener, true, true);

    assertThatThrownBy(() -> cache.registerCacheEntryListener(again)).isInstanceOf(IllegalArgumentException.class);
    cache.put(1, "a");
    assertThat(listener.events()).containsExactly(created(1, "a"));
  }

  @Test
  void closingTheCacheClosesItsListeners() {
    Cache<Integer, String> cache = cacheWithSyncListener(true);
    cache.put(1, "a");
    assertThat(listener.isClosed()).isFalse();

    cache.close();

    assertThat(listener.isClosed()).isTrue();
  }

  // ------------------------------------------------------------------ expiry

  private Cache<Integer, String> expiringCache(RecordingListener<Integer, String> recorder, boolean synchronous,
      SettableExpiryPolicy policy) {
    Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class)
        .setExpiryPolicyFactory(FactoryBuilder.factoryOf(policy)));
    cache.registerCacheEntryListener(listenerConfiguration(recorder, true, synchronous));
    return cache;
  }

  @Test
  void readingAnExpiredEntryRaisesExpiredForASynchronousListenerBeforeTheReadReturns() throws Exception {
    Cache<Integer, String> cache = expiringCache(listener, true,
        new SettableExpiryPolicy().creation(new Duration(TimeUnit.MILLISECONDS, 100)));
    cache.put(1, "a");
    Thread.sleep(200);

    assertThat(cache.get(1)).isNull();

    assertThat(listener.events()).containsExactly(created(1, "a"), expired(1, "a"));
  }

  @Test
  void readingAnExpiredEntryRaisesExpiredForAnAsynchronousListener() throws Exception {
    RecordingListener<Integer, String> async = new RecordingListener<>();
    Cache<Integer, String> cache = expiringCache(async, false,
        new SettableExpiryPolicy().creation(new Duration(TimeUnit.MILLISECONDS, 100)));
    cache.put(1, "a");
    Thread.sleep(200);

    assertThat(cache.get(1)).isNull();

    await().atMost(java.time.Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(async.events()).containsExactly(created(1, "a"), expired(1, "a")));
  }

  @Test
  void writingOverAnExpiredEntryRaisesExpiredThenCreated() throws Exception {
    Cache<Integer, String> cache = expiringCache(listener, true,
        new SettableExpiryPolicy().creation(new Duration(TimeUnit.MILLISECONDS, 100)));
    cache.put(1, "a");
    Thread.sleep(200);
    listener.reset();

    cache.put(1, "b");

    assertThat(listener.events()).containsExactly(expired(1, "a"), created(1, "b"));
  }

  @Test
  void anEntryThatExpiresOnCreationRaisesNoCreated() {
    Cache<Integer, String> cache = expiringCache(listener, true, new SettableExpiryPolicy().creation(Duration.ZERO));

    cache.put(1, "a");
    cache.putIfAbsent(2, "b");
    cache.getAndPut(3, "c");

    assertThat(listener.events(EventType.CREATED)).isEmpty();
    assertThat(cache.iterator().hasNext()).isFalse();
  }
}

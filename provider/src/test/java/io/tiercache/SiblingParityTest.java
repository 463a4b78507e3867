package io.tiercache;

import static io.tiercache.testing.RecordingListener.created;
import static io.tiercache.testing.RecordingListener.removed;
import static io.tiercache.testing.RecordingListener.updated;

import io.tiercache.testing.JCacheTestSupport;
import io.tiercache.testing.RecordingListener;
import io.tiercache.testing.RecordingListener.Received;
import io.tiercache.testing.SettableExpiryPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parity between sibling operations, as Caffeine tests its JCache adapter: every operation that can
 * store, remove or read one key runs through the same scenario (key absent, present, or present but
 * expired), and siblings that the specification says have the same effect must raise the same
 * events, count the same statistics and leave the same value. An expired entry must behave exactly
 * like an absent one, apart from the expiry event; that event, if any, must be raised alike by all.
 */
class SiblingParityTest extends JCacheTestSupport {

  enum Scenario { ABSENT, PRESENT, EXPIRED }

  private static final int KEY = 1;
  private static final String OLD = "old";
  private static final String NEW = "new";

  /** What one sibling is expected to do in one scenario. */
  record Expected(List<Received> events, Object result, long hits, long misses, long puts, long removals,
      String finalValue) {
  }

  /** What one sibling did. */
  record Observed(List<Received> events, int expiredEvents, Object result, Counts counts, String finalValue) {

    /** The part that siblings with the same effect must share. */
    String effect() {
      return "events=" + events + " puts=" + counts.puts() + " removals=" + counts.removals() + " value="
          + finalValue;
    }
  }

  /** One operation and what it should do per scenario (EXPIRED is expected to behave as ABSENT). */
  record Sibling(String name, Function<Cache<Integer, String>, Object> operation,
      Function<Boolean, Expected> expectedWhenPresent) {

    Expected expected(Scenario scenario) {
      return expectedWhenPresent.apply(scenario == Scenario.PRESENT);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Expected expect(List<Received> events, Object result, long hits, long misses, long puts,
      long removals, String finalValue) {
    return new Expected(events, result, hits, misses, puts, removals, finalValue);
  }

  // ------------------------------------------------------------------ the siblings

  static final List<Sibling> STORING = List.of(
      new Sibling("put", cache -> {
        cache.put(KEY, NEW);
        return null;
      }, present -> present
          ? expect(List.of(updated(KEY, NEW, OLD)), null, 0, 0, 1, 0, NEW)
          : expect(List.of(created(KEY, NEW)), null, 0, 0, 1, 0, NEW)),
      new Sibling("getAndPut", cache -> cache.getAndPut(KEY, NEW), present -> present
          ? expect(List.of(updated(KEY, NEW, OLD)), OLD, 1, 0, 1, 0, NEW)
          : expect(List.of(created(KEY, NEW)), null, 0, 1, 1, 0, NEW)),
      new Sibling("putIfAbsent", cache -> cache.putIfAbsent(KEY, NEW), present -> present
          ? expect(List.of(), false, 1, 0, 0, 0, OLD)
          : expect(List.of(created(KEY, NEW)), true, 0, 1, 1, 0, NEW)),
      new Sibling("invoke(setValue)", cache -> cache.invoke(KEY, (entry, args) -> {
        entry.setValue(NEW);
        return null;
      }), present -> present
          ? expect(List.of(updated(KEY, NEW, OLD)), null, 1, 0, 1, 0, NEW)
          : expect(List.of(created(KEY, NEW)), null, 0, 1, 1, 0, NEW)),
      new Sibling("putAll", cache -> {
        cache.putAll(Map.of(KEY, NEW));
        return null;
      }, present -> present
          ? expect(List.of(updated(KEY, NEW, OLD)), null, 0, 0, 1, 0, NEW)
          : expect(List.of(created(KEY, NEW)), null, 0, 0, 1, 0, NEW)),
      new Sibling("replace", cache -> cache.replace(KEY, NEW), present -> present
          ? expect(List.of(updated(KEY, NEW, OLD)), true, 1, 0, 1, 0, NEW)
          : expect(List.of(), false, 0, 1, 0, 0, null)),
      new Sibling("replace(k, old, new)", cache -> cache.replace(KEY, OLD, NEW), present -> present
          ? expect(List.of(updated(KEY, NEW, OLD)), true, 1, 0, 1, 0, NEW)
          : expect(List.of(), false, 0, 1, 0, 0, null)),
      new Sibling("getAndReplace", cache -> cache.getAndReplace(KEY, NEW), present -> present
          ? expect(List.of(updated(KEY, NEW, OLD)), OLD, 1, 0, 1, 0, NEW)
          : expect(List.of(), null, 0, 1, 0, 0, null)));

  static final List<Sibling> REMOVING = List.of(
      new Sibling("remove", cache -> cache.remove(KEY), present -> present
          ? expect(List.of(removed(KEY, OLD)), true, 0, 0, 0, 1, null)
          : expect(List.of(), false, 0, 0, 0, 0, null)),
      new Sibling("remove(k, old)", cache -> cache.remove(KEY, OLD), present -> present
          ? expect(List.of(removed(KEY, OLD)), true, 1, 0, 0, 1, null)
          : expect(List.of(), false, 0, 1, 0, 0, null)),
      new Sibling("getAndRemove", cache -> cache.getAndRemove(KEY), present -> present
          ? expect(List.of(removed(KEY, OLD)), OLD, 1, 0, 0, 1, null)
          : expect(List.of(), null, 0, 1, 0, 0, null)),
      new Sibling("invoke(remove)", cache -> cache.invoke(KEY, (entry, args) -> {
        entry.remove();
        return null;
      }), present -> present
          ? expect(List.of(removed(KEY, OLD)), null, 1, 0, 0, 1, null)
          : expect(List.of(), null, 0, 1, 0, 0, null)),
      new Sibling("removeAll(keys)", cache -> {
        cache.removeAll(Set.of(KEY));
        return null;
      }, present -> present
          ? expect(List.of(removed(KEY, OLD)), null, 0, 0, 0, 1, null)
          : expect(List.of(), null, 0, 0, 0, 0, null)),
      new Sibling("removeAll()", cache -> {
        cache.removeAll();
        return null;
      }, present -> present
          ? expect(List.of(removed(KEY, OLD)), null, 0, 0, 0, 1, null)
          : expect(List.of(), null, 0, 0, 0, 0, null)));

  static final List<Sibling> READING = List.of(
      new Sibling("get", cache -> cache.get(KEY), present -> present
          ? expect(List.of(), OLD, 1, 0, 0, 0, OLD)
          : expect(List.of(), null, 0, 1, 0, 0, null)),
      new Sibling("getAll", cache -> cache.getAll(Set.of(KEY)).get(KEY), present -> present
          ? expect(List.of(), OLD, 1, 0, 0, 0, OLD)
          : expect(List.of(), null, 0, 1, 0, 0, null)),
      new Sibling("invoke(getValue)", cache -> cache.invoke(KEY, (entry, args) -> entry.getValue()),
          present -> present
              ? expect(List.of(), OLD, 1, 0, 0, 0, OLD)
              : expect(List.of(), null, 0, 1, 0, 0, null)),
      new Sibling("iterator", cache -> {
        Iterator<Cache.Entry<Integer, String>> iterator = cache.iterator();
        return iterator.hasNext() ? iterator.next().getValue() : null;
      }, present -> present
          ? expect(List.of(), OLD, 1, 0, 0, 0, OLD)
          : expect(List.of(), null, 0, 0, 0, 0, null)));

  // ------------------------------------------------------------------ the tests

  @ParameterizedTest(name = "{0}")
  @EnumSource(Scenario.class)
  void storingSiblingsAgree(Scenario scenario) throws Exception {
    checkParity(scenario, STORING);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Scenario.class)
  void removingSiblingsAgree(Scenario scenario) throws Exception {
    checkParity(scenario, REMOVING);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Scenario.class)
  void readingSiblingsAgree(Scenario scenario) throws Exception {
    checkParity(scenario, READING);
  }

  private void checkParity(Scenario scenario, List<Sibling> siblings) throws Exception {
    Map<Sibling, Observed> observed = runAll(scenario, siblings);
    SoftAssertions softly = new SoftAssertions();

    // siblings meant to have the same effect must have the same effect
    Map<String, List<Sibling>> groups = siblings.stream().collect(Collectors.groupingBy(
        sibling -> effectOf(sibling.expected(scenario)), LinkedHashMap::new, Collectors.toList()));
    for (List<Sibling> group : groups.values()) {
      Map<String, List<String>> effects = group.stream().collect(Collectors.groupingBy(
          sibling -> observed.get(sibling).effect(), LinkedHashMap::new,
          Collectors.mapping(Sibling::name, Collectors.toList())));
      softly.assertThat(effects).as("%s: siblings %s should agree, but split into", scenario,
          group.stream().map(Sibling::name).toList()).hasSize(1);
    }

    // an expiry event, if raised at all, is raised alike by every sibling
    Map<Integer, List<String>> expiredCounts = siblings.stream().collect(Collectors.groupingBy(
        sibling -> observed.get(sibling).expiredEvents(), LinkedHashMap::new,
        Collectors.mapping(Sibling::name, Collectors.toList())));
    softly.assertThat(expiredCounts).as("%s: EXPIRED events raised per sibling", scenario).hasSize(1);
    softly.assertThat(expiredCounts.keySet()).as("%s: EXPIRED events per operation", scenario)
        .allMatch(count -> count <= (scenario == Scenario.EXPIRED ? 1 : 0));

    // and each one does what the specification says
    for (Sibling sibling : siblings) {
      Expected expected = sibling.expected(scenario);
      Observed actual = observed.get(sibling);
      String what = scenario + " " + sibling.name();
      softly.assertThat(actual.events()).as("%s: events", what).isEqualTo(expected.events());
      softly.assertThat(actual.result()).as("%s: result", what).isEqualTo(expected.result());
      softly.assertThat(actual.counts()).as("%s: statistics", what)
          .isEqualTo(Counts.of(expected.hits(), expected.misses(), expected.puts(), expected.removals()));
      softly.assertThat(actual.finalValue()).as("%s: value afterwards", what).isEqualTo(expected.finalValue());
    }
    softly.assertAll();
  }

  private static String effectOf(Expected expected) {
    return expected.events() + "|" + expected.puts() + "|" + expected.removals() + "|" + expected.finalValue();
  }

  /** Prepares one cache per sibling in {@code scenario}, then runs each sibling on its own cache. */
  private Map<Sibling, Observed> runAll(Scenario scenario, List<Sibling> siblings) throws Exception {
    SettableExpiryPolicy policy = new SettableExpiryPolicy();
    if (scenario == Scenario.EXPIRED) {
      policy.creation(new Duration(TimeUnit.MILLISECONDS, 50));
    }
    Map<Sibling, Cache<Integer, String>> caches = new LinkedHashMap<>();
    Map<Sibling, RecordingListener<Integer, String>> listeners = new LinkedHashMap<>();
    for (Sibling sibling : siblings) {
      Cache<Integer, String> cache = createCache(new MutableConfiguration<Integer, String>()
          .setTypes(Integer.class, String.class)
          .setStatisticsEnabled(true)
          .setExpiryPolicyFactory(FactoryBuilder.factoryOf(policy)));
      RecordingListener<Integer, String> listener = new RecordingListener<>();
      cache.registerCacheEntryListener(listenerConfiguration(listener, true, true));
      if (scenario != Scenario.ABSENT) {
        cache.put(KEY, OLD);
      }
      caches.put(sibling, cache);
      listeners.put(sibling, listener);
    }
    if (scenario == Scenario.EXPIRED) {
      Thread.sleep(120);
      policy.creation(Duration.ETERNAL);
    }

    Map<Sibling, Observed> observed = new LinkedHashMap<>();
    for (Sibling sibling : siblings) {
      Cache<Integer, String> cache = caches.get(sibling);
      RecordingListener<Integer, String> listener = listeners.get(sibling);
      statisticsBean(cache).clear();
      listener.reset();

      Object result = sibling.operation().apply(cache);

      Counts counts = counts(cache);
      List<Received> events = new ArrayList<>(listener.eventsExcept(EventType.EXPIRED));
      int expired = listener.events(EventType.EXPIRED).size();
      statisticsBean(cache).clear();
      String finalValue = cache.get(KEY);
      observed.put(sibling, new Observed(events, expired, result, counts, finalValue));
    }
    return observed;
  }
}

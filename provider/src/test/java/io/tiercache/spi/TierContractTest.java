package io.tiercache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link Tier}, written once and run against every tier kind. A tier module extends
 * this class and implements {@link #newTier}; every test then runs against that tier.
 *
 * <ul>
 *   <li>Each test builds its tiers through {@link #newTier} with a {@link TestTierContext} whose cache
 *       name is unique to the test (shared tiers: no two tests, or two runs, see each other's keys).</li>
 *   <li>Every tier built is released with {@link #destroyTier} after the test (override it to also
 *       delete persistent or remote data).</li>
 *   <li>Values are compared by {@code equals} ({@code Arrays.equals} for arrays): a tier that holds
 *       bytes hands back equal copies, never the instances it was given.</li>
 *   <li>Nothing here waits for native expiry or eviction; tier-specific tests do that.</li>
 * </ul>
 */
public abstract class TierContractTest {

  /** Far enough in the future that no test outlives it; odd to catch rounding. */
  protected static final long ONE_HOUR = 3_600_000L;

  private final List<Tier<?, ?>> openTiers = new ArrayList<>();
  private String cacheName;

  /** Builds the tier under test for {@code context}. */
  protected abstract <K, V> Tier<K, V> newTier(TierContext<K, V> context);

  /** Releases a tier built by {@link #newTier}; the default closes it. */
  protected void destroyTier(Tier<?, ?> tier) {
    tier.close();
  }

  /** Threads of the concurrency tests. */
  protected int concurrentThreads() {
    return 4;
  }

  /** Compute increments per thread in {@link #computeIsAtomicUnderConcurrentIncrements()}. */
  protected int computeIncrementsPerThread() {
    return 1000;
  }

  @BeforeEach
  void nameTheCache(TestInfo info) {
    String method = info.getTestMethod().map(m -> m.getName()).orElse("test");
    cacheName = getClass().getSimpleName() + "-" + method + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void destroyTiers() {
    RuntimeException failure = null;
    for (Tier<?, ?> tier : openTiers) {
      try {
        destroyTier(tier);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    openTiers.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** The context every tier of the current test starts from. */
  protected <K, V> TestTierContext<K, V> context(Class<K> keyType, Class<V> valueType) {
    return TestTierContext.of(cacheName, keyType, valueType);
  }

  /** A tier built by {@link #newTier} and destroyed after the test. */
  protected <K, V> Tier<K, V> tier(TierContext<K, V> context) {
    Tier<K, V> tier = newTier(context);
    assertThat(tier).as("newTier(%s)", context).isNotNull();
    openTiers.add(tier);
    return tier;
  }

  /** Registers a tier built some other way so that it is destroyed after the test; returns it. */
  protected <T extends Tier<?, ?>> T track(T tier) {
    openTiers.add(tier);
    return tier;
  }

  protected <K, V> Tier<K, V> tier(Class<K> keyType, Class<V> valueType) {
    return tier(context(keyType, valueType));
  }

  protected Tier<String, String> stringTier() {
    return tier(String.class, String.class);
  }

  /** The name of the cache the current test's tiers belong to. */
  protected String cacheName() {
    return cacheName;
  }

  // ------------------------------------------------------------------ entries and assertions

  private static final AtomicInteger VERSIONS = new AtomicInteger();

  /** A realistic version: the core's versions start near the wall clock shifted left by 12 bits. */
  protected static long version(int n) {
    return (1L << 52) + n;
  }

  protected static long freshVersion() {
    return version(1000 + VERSIONS.incrementAndGet());
  }

  protected static long inAnHour() {
    return System.currentTimeMillis() + ONE_HOUR + 7;
  }

  protected static <V> StoredEntry<V> entry(V value) {
    return StoredEntry.of(value, StoredEntry.NEVER, freshVersion());
  }

  protected static <V> StoredEntry<V> entry(V value, long expiresAt, long version) {
    return StoredEntry.of(value, expiresAt, version);
  }

  protected static void assertSameValue(Object actual, Object expected) {
    assertThat(Objects.deepEquals(actual, expected))
        .as("value %s should equal %s", describe(actual), describe(expected))
        .isTrue();
  }

  protected static <V> void assertEntry(StoredEntry<V> actual, StoredEntry<V> expected) {
    assertThat(actual).as("entry (expected %s)", expected).isNotNull();
    assertThat(actual.isReservation()).as("is a reservation").isEqualTo(expected.isReservation());
    assertThat(actual.version()).as("version").isEqualTo(expected.version());
    assertThat(actual.expiresAt()).as("expiresAt").isEqualTo(expected.expiresAt());
    assertSameValue(actual.value(), expected.value());
  }

  private static String describe(Object value) {
    if (value instanceof byte[] bytes) {
      return "byte[]" + java.util.Arrays.toString(bytes);
    }
    return String.valueOf(value);
  }

  // ------------------------------------------------------------------ key and value types

  /** Keys and values of one type pair; {@code equalKey(i)} is a distinct instance equal to {@code key(i)}. */
  protected record TypeCase<K, V>(String name, Class<K> keyType, Class<V> valueType, IntFunction<K> key,
      IntFunction<K> equalKey, IntFunction<V> value) {
    @Override
    public String toString() {
      return name;
    }
  }

  @SuppressWarnings("removal")
  static Stream<TypeCase<?, ?>> typeCases() {
    return Stream.of(
        new TypeCase<>("String->String", String.class, String.class,
            i -> "key-" + i, i -> new String(("key-" + i).toCharArray()), i -> "value-" + i),
        new TypeCase<>("Long->Long", Long.class, Long.class,
            i -> 1_000_000L + i, i -> new Long(1_000_000L + i), i -> -7L * i - 1),
        new TypeCase<>("ContractKey->ContractValue", ContractKey.class, ContractValue.class,
            i -> new ContractKey("region", i), i -> new ContractKey("region", i),
            i -> new ContractValue("name-" + i, i * 31L, List.of("a", "b" + i))),
        new TypeCase<>("String->byte[]", String.class, byte[].class,
            i -> "bytes-" + i, i -> new String(("bytes-" + i).toCharArray()),
            i -> ("payload-" + i + "-\u00e9\u4e2d").getBytes(StandardCharsets.UTF_8)),
        new TypeCase<>("Object->Object (mixed)", Object.class, Object.class,
            i -> i % 2 == 0 ? (Object) ("mixed-" + i) : (Object) Long.valueOf(i),
            i -> i % 2 == 0 ? (Object) new String(("mixed-" + i).toCharArray()) : (Object) new Long(i),
            i -> i % 3 == 0 ? (Object) ("s" + i) : i % 3 == 1 ? (Object) Long.valueOf(i)
                : new ContractValue("v", i, List.of())));
  }

  // ------------------------------------------------------------------ identity

  @Test
  void hasANameAndALocality() {
    Tier<String, String> tier = stringTier();
    assertThat(tier.name()).isNotNull().isNotBlank();
    assertThat(tier.locality()).isNotNull();
  }

  // ------------------------------------------------------------------ get / put

  @Test
  void getOfAnAbsentKeyIsNull() {
    assertThat(stringTier().get("missing")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  <K, V> void putThenGetRoundTrips(TypeCase<K, V> types) {
    Tier<K, V> tier = tier(types.keyType(), types.valueType());
    StoredEntry<V> stored = entry(types.value().apply(1), inAnHour(), version(11));
    tier.put(types.key().apply(1), stored);

    assertEntry(tier.get(types.key().apply(1)), stored);
    assertThat(tier.get(types.key().apply(2))).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  <K, V> void anEqualKeyInstanceFindsTheEntry(TypeCase<K, V> types) {
    Tier<K, V> tier = tier(types.keyType(), types.valueType());
    StoredEntry<V> stored = entry(types.value().apply(3));
    tier.put(types.key().apply(3), stored);

    K equalKey = types.equalKey().apply(3);
    assertEntry(tier.get(equalKey), stored);
    assertThat(tier.getAll(Set.of(equalKey))).containsOnlyKeys(equalKey);
    assertThat(tier.remove(equalKey, stored.version())).isTrue();
    assertThat(tier.get(types.key().apply(3))).isNull();
  }

  @Test
  void putReplacesTheExistingEntry() {
    Tier<String, String> tier = stringTier();
    tier.put("k", entry("first", inAnHour(), version(1)));
    StoredEntry<String> second = entry("second", StoredEntry.NEVER, version(2));
    tier.put("k", second);

    assertEntry(tier.get("k"), second);
  }

  @Test
  void putReplacesAReservation() {
    Tier<String, String> tier = stringTier();
    tier.put("k", StoredEntry.reservation(5));
    StoredEntry<String> value = entry("value");
    tier.put("k", value);

    assertEntry(tier.get("k"), value);
  }

  // ------------------------------------------------------------------ getAll / putAll

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  <K, V> void getAllReturnsOnlyThePresentEntries(TypeCase<K, V> types) {
    Tier<K, V> tier = tier(types.keyType(), types.valueType());
    StoredEntry<V> one = entry(types.value().apply(1), inAnHour(), version(1));
    StoredEntry<V> three = entry(types.value().apply(3), StoredEntry.NEVER, version(3));
    tier.put(types.key().apply(1), one);
    tier.put(types.key().apply(3), three);

    Map<K, StoredEntry<V>> found = tier.getAll(Set.of(types.key().apply(1), types.key().apply(2),
        types.key().apply(3)));

    assertThat(found).containsOnlyKeys(types.key().apply(1), types.key().apply(3));
    assertEntry(found.get(types.key().apply(1)), one);
    assertEntry(found.get(types.key().apply(3)), three);
  }

  @Test
  void getAllOfNoKeysIsEmpty() {
    Tier<String, String> tier = stringTier();
    tier.put("k", entry("v"));
    assertThat(tier.getAll(Set.of())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  <K, V> void putAllStoresEveryEntry(TypeCase<K, V> types) {
    Tier<K, V> tier = tier(types.keyType(), types.valueType());
    Map<K, StoredEntry<V>> batch = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      batch.put(types.key().apply(i), entry(types.value().apply(i), i % 2 == 0 ? StoredEntry.NEVER : inAnHour(),
          version(100 + i)));
    }
    tier.putAll(batch);

    for (int i = 0; i < 20; i++) {
      assertEntry(tier.get(types.key().apply(i)), batch.get(types.key().apply(i)));
    }
    assertThat(tier.getAll(batch.keySet())).hasSize(20);
  }

  @Test
  void putAllReplacesExistingEntries() {
    Tier<String, String> tier = stringTier();
    tier.put("a", entry("old-a"));
    tier.put("c", entry("old-c"));
    StoredEntry<String> a = entry("new-a");
    StoredEntry<String> b = entry("new-b");
    tier.putAll(Map.of("a", a, "b", b));

    assertEntry(tier.get("a"), a);
    assertEntry(tier.get("b"), b);
    assertThat(tier.get("c").value()).isEqualTo("old-c");
  }

  // ------------------------------------------------------------------ putIfAbsent

  @Test
  void putIfAbsentStoresWhenTheKeyHasNoEntry() {
    Tier<String, String> tier = stringTier();
    StoredEntry<String> value = entry("v", inAnHour(), version(9));

    assertThat(tier.putIfAbsent("k", value)).isNull();
    assertEntry(tier.get("k"), value);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  <K, V> void putIfAbsentReturnsTheExistingEntryAndKeepsIt(TypeCase<K, V> types) {
    Tier<K, V> tier = tier(types.keyType(), types.valueType());
    StoredEntry<V> existing = entry(types.value().apply(1), inAnHour(), version(1));
    tier.put(types.key().apply(1), existing);

    StoredEntry<V> returned = tier.putIfAbsent(types.key().apply(1), entry(types.value().apply(2)));

    assertEntry(returned, existing);
    assertEntry(tier.get(types.key().apply(1)), existing);
  }

  @Test
  void putIfAbsentReturnsAReservationAndLeavesItInPlace() {
    Tier<String, String> tier = stringTier();
    tier.put("k", StoredEntry.reservation(42));

    StoredEntry<String> returned = tier.putIfAbsent("k", entry("v"));

    assertThat(returned).isNotNull();
    assertThat(returned.isReservation()).isTrue();
    assertThat(returned.version()).isEqualTo(-42);
    assertThat(returned.value()).isNull();
    StoredEntry<String> current = tier.get("k");
    assertThat(current.isReservation()).isTrue();
    assertThat(current.version()).isEqualTo(-42);
  }

  @Test
  void putIfAbsentOfAReservationHoldsTheKey() {
    Tier<String, String> tier = stringTier();
    assertThat(tier.putIfAbsent("k", StoredEntry.reservation(3))).isNull();
    assertThat(tier.putIfAbsent("k", StoredEntry.reservation(4)).version()).isEqualTo(-3);
  }

  @Test
  void putIfAbsentIsAtomicAcrossThreads() throws Exception {
    Tier<String, Long> tier = tier(String.class, Long.class);
    int threads = Math.max(2, concurrentThreads() * 2);
    List<StoredEntry<Long>> results = runConcurrently(threads,
        index -> tier.putIfAbsent("race", entry((long) index, StoredEntry.NEVER, version(index + 1))));

    long winners = results.stream().filter(Objects::isNull).count();
    assertThat(winners).as("threads whose putIfAbsent stored").isEqualTo(1);
    StoredEntry<Long> stored = tier.get("race");
    for (StoredEntry<Long> loser : results) {
      if (loser != null) {
        assertEntry(loser, stored);
      }
    }
  }

  // ------------------------------------------------------------------ replace by version

  @Test
  void replaceSucceedsWhenTheVersionMatches() {
    Tier<String, String> tier = stringTier();
    tier.put("k", entry("old", StoredEntry.NEVER, version(1)));
    StoredEntry<String> next = entry("new", inAnHour(), version(2));

    assertThat(tier.replace("k", version(1), next)).isTrue();
    assertEntry(tier.get("k"), next);
  }

  @Test
  void replaceFailsWhenTheVersionDiffers() {
    Tier<String, String> tier = stringTier();
    StoredEntry<String> current = entry("current", StoredEntry.NEVER, version(5));
    tier.put("k", current);

    assertThat(tier.replace("k", version(4), entry("new", StoredEntry.NEVER, version(6)))).isFalse();
    assertEntry(tier.get("k"), current);
  }

  @Test
  void replaceOfAnAbsentKeyFailsAndStoresNothing() {
    Tier<String, String> tier = stringTier();
    assertThat(tier.replace("k", version(1), entry("new"))).isFalse();
    assertThat(tier.get("k")).isNull();
  }

  @Test
  void replaceSwapsAReservationForAValueByItsToken() {
    Tier<String, String> tier = stringTier();
    tier.put("k", StoredEntry.reservation(17));
    StoredEntry<String> promoted = entry("promoted", inAnHour(), version(3));

    assertThat(tier.replace("k", -18, promoted)).as("another reader's token").isFalse();
    assertThat(tier.get("k").isReservation()).isTrue();
    assertThat(tier.replace("k", -17, promoted)).isTrue();
    assertEntry(tier.get("k"), promoted);
  }

  @Test
  void replaceIsAtomicAcrossThreads() throws Exception {
    Tier<String, Long> tier = tier(String.class, Long.class);
    tier.put("counter", entry(0L, StoredEntry.NEVER, version(1)));
    int perThread = 250;
    runConcurrently(concurrentThreads(), index -> {
      for (int i = 0; i < perThread; i++) {
        while (true) {
          StoredEntry<Long> current = tier.get("counter");
          if (tier.replace("counter", current.version(),
              entry(current.value() + 1, StoredEntry.NEVER, current.version() + 1))) {
            break;
          }
        }
      }
      return null;
    });

    assertThat(tier.get("counter").value()).isEqualTo((long) concurrentThreads() * perThread);
  }

  // ------------------------------------------------------------------ remove

  @Test
  void removeByVersionRemovesWhenTheVersionMatches() {
    Tier<String, String> tier = stringTier();
    tier.put("k", entry("v", StoredEntry.NEVER, version(8)));

    assertThat(tier.remove("k", version(8))).isTrue();
    assertThat(tier.get("k")).isNull();
  }

  @Test
  void removeByVersionKeepsTheEntryWhenTheVersionDiffers() {
    Tier<String, String> tier = stringTier();
    StoredEntry<String> current = entry("v", StoredEntry.NEVER, version(8));
    tier.put("k", current);

    assertThat(tier.remove("k", version(7))).isFalse();
    assertEntry(tier.get("k"), current);
  }

  @Test
  void removeByVersionOfAnAbsentKeyIsFalse() {
    assertThat(stringTier().remove("k", version(1))).isFalse();
  }

  @Test
  void removeByVersionRemovesAReservationByItsToken() {
    Tier<String, String> tier = stringTier();
    tier.put("k", StoredEntry.reservation(21));

    assertThat(tier.remove("k", -22)).isFalse();
    assertThat(tier.get("k")).isNotNull();
    assertThat(tier.remove("k", -21)).isTrue();
    assertThat(tier.get("k")).isNull();
  }

  @Test
  void removeRemovesTheEntry() {
    Tier<String, String> tier = stringTier();
    tier.put("k", entry("v"));
    tier.put("other", entry("w"));

    tier.remove("k");

    assertThat(tier.get("k")).isNull();
    assertThat(tier.get("other")).isNotNull();
  }

  @Test
  void removeRemovesAReservation() {
    Tier<String, String> tier = stringTier();
    tier.put("k", StoredEntry.reservation(1));
    tier.remove("k");
    assertThat(tier.get("k")).isNull();
  }

  @Test
  void removeOfAnAbsentKeyDoesNothing() {
    Tier<String, String> tier = stringTier();
    tier.put("other", entry("w"));
    assertThatCode(() -> tier.remove("k")).doesNotThrowAnyException();
    assertThat(tier.get("other")).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  <K, V> void removeAllRemovesOnlyTheGivenKeys(TypeCase<K, V> types) {
    Tier<K, V> tier = tier(types.keyType(), types.valueType());
    for (int i = 0; i < 6; i++) {
      tier.put(types.key().apply(i), entry(types.value().apply(i)));
    }

    tier.removeAll(Set.of(types.key().apply(0), types.key().apply(2), types.key().apply(4),
        types.key().apply(99)));

    for (int i = 0; i < 6; i++) {
      if (i % 2 == 0) {
        assertThat(tier.get(types.key().apply(i))).as("key %d", i).isNull();
      } else {
        assertThat(tier.get(types.key().apply(i))).as("key %d", i).isNotNull();
      }
    }
  }

  // ------------------------------------------------------------------ compute

  @Test
  void computeOfAnAbsentKeyStoresWhatTheFunctionReturns() {
    Tier<String, String> tier = stringTier();
    StoredEntry<String> created = entry("created", inAnHour(), version(4));
    List<StoredEntry<String>> seen = new ArrayList<>();

    StoredEntry<String> result = tier.compute("k", (key, current) -> {
      seen.add(current);
      assertThat(key).isEqualTo("k");
      return created;
    });

    assertThat(seen).containsExactly((StoredEntry<String>) null);
    assertEntry(result, created);
    assertEntry(tier.get("k"), created);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  <K, V> void computeSeesTheCurrentEntryAndReplacesIt(TypeCase<K, V> types) {
    Tier<K, V> tier = tier(types.keyType(), types.valueType());
    K key = types.key().apply(1);
    StoredEntry<V> current = entry(types.value().apply(1), inAnHour(), version(1));
    tier.put(key, current);
    StoredEntry<V> next = entry(types.value().apply(2), StoredEntry.NEVER, version(2));
    List<StoredEntry<V>> seen = new ArrayList<>();

    StoredEntry<V> result = tier.compute(types.equalKey().apply(1), (k, existing) -> {
      seen.add(existing);
      return next;
    });

    assertThat(seen).hasSize(1);
    assertEntry(seen.get(0), current);
    assertEntry(result, next);
    assertEntry(tier.get(key), next);
  }

  @Test
  void computeReturningNullRemovesTheEntry() {
    Tier<String, String> tier = stringTier();
    tier.put("k", entry("v"));

    assertThat(tier.compute("k", (key, current) -> null)).isNull();
    assertThat(tier.get("k")).isNull();
  }

  @Test
  void computeReturningNullForAnAbsentKeyStoresNothing() {
    Tier<String, String> tier = stringTier();
    assertThat(tier.compute("k", (key, current) -> null)).isNull();
    assertThat(tier.get("k")).isNull();
    assertThat(tier.size()).isZero();
  }

  @Test
  void computeReturningTheCurrentEntryKeepsIt() {
    Tier<String, String> tier = stringTier();
    StoredEntry<String> current = entry("v", inAnHour(), version(3));
    tier.put("k", current);

    StoredEntry<String> result = tier.compute("k", (key, existing) -> existing);

    assertEntry(result, current);
    assertEntry(tier.get("k"), current);
  }

  @Test
  void computeSeesAReservation() {
    Tier<String, String> tier = stringTier();
    tier.put("k", StoredEntry.reservation(12));
    List<StoredEntry<String>> seen = new ArrayList<>();

    tier.compute("k", (key, current) -> {
      seen.add(current);
      return current;
    });

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).isReservation()).isTrue();
    assertThat(seen.get(0).version()).isEqualTo(-12);
  }

  @Test
  void computeRunsTheFunctionExactlyOnce() {
    Tier<String, String> tier = stringTier();
    AtomicInteger calls = new AtomicInteger();
    tier.compute("absent", (key, current) -> {
      calls.incrementAndGet();
      return entry("created");
    });
    assertThat(calls).hasValue(1);

    tier.compute("absent", (key, current) -> {
      calls.incrementAndGet();
      return entry("updated");
    });
    assertThat(calls).hasValue(2);

    tier.compute("absent", (key, current) -> {
      calls.incrementAndGet();
      return null;
    });
    assertThat(calls).hasValue(3);

    tier.compute("never", (key, current) -> {
      calls.incrementAndGet();
      return null;
    });
    assertThat(calls).hasValue(4);
  }

  @Test
  void computeThatThrowsLeavesTheEntryUnchangedAndPropagates() {
    Tier<String, String> tier = stringTier();
    StoredEntry<String> current = entry("v", inAnHour(), version(6));
    tier.put("k", current);
    IllegalStateException failure = new IllegalStateException("writer failed");
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> tier.compute("k", (key, existing) -> {
      calls.incrementAndGet();
      throw failure;
    })).isSameAs(failure);

    assertThat(calls).hasValue(1);
    assertEntry(tier.get("k"), current);
  }

  @Test
  void computeThatThrowsOnAnAbsentKeyStoresNothing() {
    Tier<String, String> tier = stringTier();
    IllegalArgumentException failure = new IllegalArgumentException("no");

    assertThatThrownBy(() -> tier.compute("k", (key, existing) -> {
      throw failure;
    })).isSameAs(failure);

    assertThat(tier.get("k")).isNull();
  }

  @Test
  void computeIsAtomicUnderConcurrentIncrements() throws Exception {
    Tier<String, Long> tier = tier(String.class, Long.class);
    int perThread = computeIncrementsPerThread();
    AtomicInteger calls = new AtomicInteger();
    runConcurrently(concurrentThreads(), index -> {
      for (int i = 0; i < perThread; i++) {
        tier.compute("counter", (key, current) -> {
          calls.incrementAndGet();
          return current == null
              ? entry(1L, StoredEntry.NEVER, version(1))
              : entry(current.value() + 1, StoredEntry.NEVER, current.version() + 1);
        });
      }
      return null;
    });

    long expected = (long) concurrentThreads() * perThread;
    StoredEntry<Long> counter = tier.get("counter");
    assertThat(counter.value()).isEqualTo(expected);
    assertThat(counter.version()).isEqualTo(version(0) + expected);
    assertThat(calls).as("function calls").hasValue((int) expected);
  }

  @Test
  void computeAllAppliesTheFunctionOnceToEachKey() {
    Tier<String, String> tier = stringTier();
    tier.put("update", entry("old"));
    tier.put("remove", entry("doomed"));
    StoredEntry<String> created = entry("created", inAnHour(), version(70));
    StoredEntry<String> updated = entry("updated", StoredEntry.NEVER, version(71));
    Map<String, Integer> calls = new ConcurrentHashMap<>();
    Map<String, StoredEntry<String>> seen = new ConcurrentHashMap<>();

    Map<String, StoredEntry<String>> result = tier.computeAll(Set.of("create", "update", "remove", "absent"),
        (key, current) -> {
          calls.merge(key, 1, Integer::sum);
          if (current != null) {
            seen.put(key, current);
          }
          return switch (key) {
            case "create" -> created;
            case "update" -> updated;
            default -> null;
          };
        });

    assertThat(calls).containsOnly(Map.entry("create", 1), Map.entry("update", 1), Map.entry("remove", 1),
        Map.entry("absent", 1));
    assertThat(seen).containsOnlyKeys("update", "remove");
    assertThat(seen.get("update").value()).isEqualTo("old");
    assertThat(result).containsOnlyKeys("create", "update");
    assertEntry(result.get("create"), created);
    assertEntry(result.get("update"), updated);
    assertEntry(tier.get("create"), created);
    assertEntry(tier.get("update"), updated);
    assertThat(tier.get("remove")).isNull();
    assertThat(tier.get("absent")).isNull();
  }

  // ------------------------------------------------------------------ iteration, size, clear

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeCases")
  <K, V> void iteratorListsEveryEntry(TypeCase<K, V> types) {
    Tier<K, V> tier = tier(types.keyType(), types.valueType());
    Map<K, StoredEntry<V>> expected = new HashMap<>();
    for (int i = 0; i < 25; i++) {
      StoredEntry<V> stored = entry(types.value().apply(i), i % 2 == 0 ? StoredEntry.NEVER : inAnHour(),
          version(200 + i));
      tier.put(types.key().apply(i), stored);
      expected.put(types.key().apply(i), stored);
    }

    Map<K, StoredEntry<V>> seen = new HashMap<>();
    Iterator<Map.Entry<K, StoredEntry<V>>> iterator = tier.iterator();
    while (iterator.hasNext()) {
      Map.Entry<K, StoredEntry<V>> next = iterator.next();
      assertThat(seen.put(next.getKey(), next.getValue())).as("key %s seen twice", next.getKey()).isNull();
    }

    assertThat(seen.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<K, StoredEntry<V>> entry : expected.entrySet()) {
      assertEntry(seen.get(entry.getKey()), entry.getValue());
    }
  }

  @Test
  void iteratorOfAnEmptyTierHasNothing() {
    assertThat(stringTier().iterator().hasNext()).isFalse();
  }

  @Test
  void sizeCountsTheEntries() {
    Tier<String, String> tier = stringTier();
    assertThat(tier.size()).isZero();
    for (int i = 0; i < 5; i++) {
      tier.put("k" + i, entry("v" + i));
    }
    assertThat(tier.size()).isEqualTo(5);
    tier.remove("k0");
    assertThat(tier.size()).isEqualTo(4);
  }

  @Test
  void clearRemovesEveryEntryAndReservation() {
    Tier<String, String> tier = stringTier();
    for (int i = 0; i < 10; i++) {
      tier.put("k" + i, entry("v" + i));
    }
    tier.put("reserved", StoredEntry.reservation(99));

    tier.clear();

    assertThat(tier.size()).isZero();
    assertThat(tier.get("k3")).isNull();
    assertThat(tier.get("reserved")).isNull();
    assertThat(tier.iterator().hasNext()).isFalse();
    tier.put("after", entry("works"));
    assertThat(tier.get("after").value()).isEqualTo("works");
  }

  @Test
  void clearDoesNotTouchAnotherCachesTier() {
    Tier<String, String> mine = stringTier();
    Tier<String, String> other = tier(TestTierContext.of(cacheName() + "-other", String.class, String.class));
    mine.put("k", entry("mine"));
    other.put("k", entry("other"));

    mine.clear();

    assertThat(mine.get("k")).isNull();
    assertThat(other.get("k").value()).isEqualTo("other");
  }

  @Test
  void closeReleasesTheTierAndANewOneCanBeBuilt() {
    Tier<String, String> tier = newTier(context(String.class, String.class));
    tier.put("k", entry("v"));

    assertThatCode(tier::close).doesNotThrowAnyException();

    Tier<String, String> next = stringTier();
    next.put("k2", entry("v2"));
    assertThat(next.get("k2").value()).isEqualTo("v2");
  }

  // ------------------------------------------------------------------ expiry metadata

  @Test
  void expiryTimesAndVersionsRoundTripExactlyThroughEveryOperation() {
    Tier<String, String> tier = stringTier();
    long at = inAnHour() + 3;
    StoredEntry<String> put = entry("put", at, version(301));
    StoredEntry<String> fromPutIfAbsent = entry("pia", at + 1, version(302));
    StoredEntry<String> fromPutAll = entry("all", at + 2, version(303));
    StoredEntry<String> fromCompute = entry("compute", at + 3, version(304));
    StoredEntry<String> fromReplace = entry("replace", at + 4, version(305));
    StoredEntry<String> eternal = entry("eternal", StoredEntry.NEVER, Long.MAX_VALUE - 1);

    tier.put("put", put);
    tier.putIfAbsent("pia", fromPutIfAbsent);
    tier.putAll(Map.of("all", fromPutAll));
    tier.compute("compute", (k, current) -> fromCompute);
    tier.put("replace", entry("before", StoredEntry.NEVER, version(1)));
    tier.replace("replace", version(1), fromReplace);
    tier.put("eternal", eternal);

    Map<String, StoredEntry<String>> expected = Map.of("put", put, "pia", fromPutIfAbsent, "all", fromPutAll,
        "compute", fromCompute, "replace", fromReplace, "eternal", eternal);
    for (Map.Entry<String, StoredEntry<String>> e : expected.entrySet()) {
      assertEntry(tier.get(e.getKey()), e.getValue());
    }
    Map<String, StoredEntry<String>> batch = tier.getAll(expected.keySet());
    for (Map.Entry<String, StoredEntry<String>> e : expected.entrySet()) {
      assertEntry(batch.get(e.getKey()), e.getValue());
    }
    assertEntry(tier.putIfAbsent("put", entry("ignored")), put);
    tier.compute("compute", (k, current) -> {
      assertEntry(current, fromCompute);
      return current;
    });
  }

  @Test
  void aNewExpiryTimeForTheSameVersionIsStored() {
    Tier<String, String> tier = stringTier();
    StoredEntry<String> original = entry("v", inAnHour(), version(40));
    tier.put("k", original);
    StoredEntry<String> touched = original.withExpiresAt(original.expiresAt() + 60_000);

    assertThat(tier.replace("k", version(40), touched)).isTrue();

    StoredEntry<String> current = tier.get("k");
    assertThat(current.expiresAt()).isEqualTo(original.expiresAt() + 60_000);
    assertThat(current.version()).isEqualTo(version(40));
    assertThat(current.value()).isEqualTo("v");
  }

  @Test
  void eternalEntriesRoundTripWhenEntriesCannotExpire() {
    Tier<String, String> tier = tier(this.<String, String>context(String.class, String.class)
        .withEntriesMayExpire(false));
    StoredEntry<String> stored = entry("v", StoredEntry.NEVER, version(50));
    tier.put("k", stored);
    tier.compute("c", (k, current) -> entry("c", StoredEntry.NEVER, version(51)));

    StoredEntry<String> read = tier.get("k");
    assertThat(read.isReservation()).isFalse();
    assertThat(read.expiresAt()).isEqualTo(StoredEntry.NEVER);
    assertThat(read.version()).as("version").isPositive();
    assertThat(read.value()).isEqualTo("v");
    assertThat(tier.get("c").expiresAt()).isEqualTo(StoredEntry.NEVER);
    assertThat(tier.get("c").value()).isEqualTo("c");
  }

  @Test
  void anEternalEntryMatchesTheVersionReadBackOnlyIfTheTierKeptIt() {
    Tier<String, String> tier = tier(this.<String, String>context(String.class, String.class)
        .withEntriesMayExpire(false));
    tier.put("k", entry("v", StoredEntry.NEVER, version(52)));
    long readVersion = tier.get("k").version();
    // a tier either keeps the version (then it matches) or not (then no positive version matches)
    boolean kept = readVersion == version(52);

    assertThat(tier.replace("k", readVersion, entry("replaced", StoredEntry.NEVER, version(53))))
        .as("replace by the version read back").isEqualTo(kept);
    assertThat(tier.get("k").value()).isEqualTo(kept ? "replaced" : "v");
    long current = tier.get("k").version();
    assertThat(tier.remove("k", current)).as("remove by the version read back").isEqualTo(kept);
    assertThat(tier.get("k") == null).isEqualTo(kept);
  }

  // ------------------------------------------------------------------ live values

  @Test
  void liveValueIsTheValueOfALiveEntry() {
    Tier<String, String> tier = stringTier();
    tier.put("eternal", entry("e", StoredEntry.NEVER, version(60)));
    tier.put("later", entry("l", inAnHour(), version(61)));

    assertThat(tier.liveValue("eternal")).isEqualTo("e");
    assertThat(tier.liveValue("later")).isEqualTo("l");
    assertThat(tier.liveValue("absent")).isNull();
  }

  @Test
  void liveValueOfAReservationOrAnExpiredEntryIsNull() {
    Tier<String, String> tier = stringTier();
    tier.put("reserved", StoredEntry.reservation(62));
    tier.put("expired", entry("x", System.currentTimeMillis() - 1, version(63)));

    assertThat(tier.liveValue("reserved")).isNull();
    assertThat(tier.liveValue("expired")).isNull();
  }

  @Test
  void liveValueInACacheWhoseEntriesCannotExpire() {
    Tier<String, String> tier = tier(this.<String, String>context(String.class, String.class)
        .withEntriesMayExpire(false));
    tier.put("v", entry("value", StoredEntry.NEVER, version(64)));
    tier.put("reserved", StoredEntry.reservation(65));

    assertThat(tier.liveValue("v")).isEqualTo("value");
    assertThat(tier.liveValue("reserved")).isNull();
    assertThat(tier.liveValue("absent")).isNull();
  }

  @Test
  void explicitOperationsAreNotReportedAsDrops() {
    RecordingTierListener<String, String> listener = new RecordingTierListener<>();
    Tier<String, String> tier = tier(this.<String, String>context(String.class, String.class)
        .withListener(listener));

    tier.put("a", entry("1", inAnHour(), version(1)));
    tier.put("a", entry("2", inAnHour(), version(2)));
    tier.replace("a", version(2), entry("3", inAnHour(), version(3)));
    tier.remove("a", version(3));
    tier.put("b", entry("b"));
    tier.remove("b");
    tier.putAll(Map.of("c", entry("c"), "d", entry("d")));
    tier.removeAll(Set.of("c"));
    tier.compute("d", (k, current) -> null);
    tier.put("e", entry("e"));
    tier.put("r", StoredEntry.reservation(5));
    tier.remove("r", -5);
    tier.clear();

    assertThat(listener.drops()).isEmpty();
  }

  // ------------------------------------------------------------------ helpers

  /** A task run by one of several threads; gets its thread index. */
  @FunctionalInterface
  protected interface IndexedTask<T> {
    T run(int index) throws Exception;
  }

  /** Runs {@code task} on {@code threads} threads released together; returns their results in index order. */
  protected static <T> List<T> runConcurrently(int threads, IndexedTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<T> callable = () -> {
          ready.countDown();
          go.await();
          return task.run(index);
        };
        futures.add(pool.submit(callable));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).as("threads started").isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}

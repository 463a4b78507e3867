package io.tiercache.internal.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tiercache.config.Tiers;
import io.tiercache.spi.RecordingTierListener;
import io.tiercache.spi.RecordingTierListener.Drop;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierContractTest;
import io.tiercache.spi.TierLocality;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tier contract on the heap tier, plus what only the heap tier promises: native expiry and eviction. */
class HeapTierContractTest extends TierContractTest {

  @Override
  protected <K, V> Tier<K, V> newTier(TierContext<K, V> context) {
    return new HeapTierFactory().create(Tiers.heap(1000), context);
  }

  private <K, V> Tier<K, V> boundedTier(long entries, TierContext<K, V> context) {
    return track(new HeapTierFactory().create(Tiers.heap(entries), context));
  }

  @Test
  void isALocalTierNamedHeap() {
    Tier<String, String> tier = stringTier();
    assertThat(tier.name()).isEqualTo("heap");
    assertThat(tier.locality()).isEqualTo(TierLocality.LOCAL);
  }

  @Test
  void expiredEntriesAreReclaimedWithoutBeingReadAndReportedAsExpired() {
    RecordingTierListener<String, String> listener = new RecordingTierListener<>();
    Tier<String, String> tier = tier(this.<String, String>context(String.class, String.class)
        .withEntriesMayExpire(true).withListener(listener));
    StoredEntry<String> shortLived = entry("short", System.currentTimeMillis() + 100, version(1));
    tier.put("short", shortLived);
    tier.put("long", entry("long", inAnHour(), version(2)));

    // no call on the tier while waiting: reclaiming must not depend on reads or writes
    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
        .until(() -> !listener.dropsOf("short").isEmpty());

    List<Drop<String, String>> drops = listener.dropsOf("short");
    assertThat(drops).hasSize(1);
    assertThat(drops.get(0).expired()).as("reported as expired").isTrue();
    assertThat(drops.get(0).entry().value()).isEqualTo("short");
    assertThat(drops.get(0).entry().version()).isEqualTo(version(1));
    assertThat(tier.get("short")).isNull();
    assertThat(tier.get("long")).isNotNull();
    assertThat(listener.dropsOf("long")).isEmpty();
  }

  @Test
  void expiredEntriesAreReclaimedOnceTheTierIsUsed() {
    RecordingTierListener<String, String> listener = new RecordingTierListener<>();
    Tier<String, String> tier = tier(this.<String, String>context(String.class, String.class)
        .withEntriesMayExpire(true).withListener(listener));
    tier.put("short", entry("short", System.currentTimeMillis() + 50, version(1)));

    await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).until(() -> {
      tier.put("other", entry("other"));
      return !listener.dropsOf("short").isEmpty();
    });

    assertThat(listener.dropsOf("short")).singleElement().satisfies(drop -> assertThat(drop.expired()).isTrue());
  }

  @Test
  void aBoundedTierEvictsAndReportsEvictionsAsNotExpired() {
    RecordingTierListener<Integer, String> listener = new RecordingTierListener<>();
    Tier<Integer, String> tier = boundedTier(10, this.<Integer, String>context(Integer.class, String.class)
        .withEntriesMayExpire(false).withListener(listener));
    for (int i = 0; i < 100; i++) {
      tier.put(i, entry("v" + i));
    }

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
      tier.get(0); // activity lets the tier catch up on its bound
      assertThat(tier.size()).isLessThanOrEqualTo(10);
      assertThat(listener.drops()).hasSizeGreaterThanOrEqualTo(90);
    });
    assertThat(listener.drops()).allSatisfy(drop -> {
      assertThat(drop.expired()).as("eviction of %s reported as expiry", drop.key()).isFalse();
      assertThat(drop.entry().value()).isEqualTo("v" + drop.key());
    });
    assertThat(listener.drops()).extracting(Drop::key).doesNotHaveDuplicates();
  }

  @Test
  void anEternalCacheHoldsValuesWithoutTheirVersions() {
    Tier<String, String> tier = tier(this.<String, String>context(String.class, String.class)
        .withEntriesMayExpire(false));
    tier.put("k", entry("v", StoredEntry.NEVER, version(70)));

    assertThat(tier.get("k").version()).isEqualTo(HeapTier.UNKEPT_VERSION);
    assertThat(tier.replace("k", HeapTier.UNKEPT_VERSION, entry("w"))).isFalse();
    assertThat(tier.replace("k", version(70), entry("w"))).as("the version it was stored with").isFalse();
    assertThat(tier.remove("k", HeapTier.UNKEPT_VERSION)).isFalse();
    assertThat(tier.get("k").value()).isEqualTo("v");
    // the computed entry is what the function saw: the value, read back without its version
    assertThat(tier.compute("k", (k, current) -> current).value()).isEqualTo("v");
  }

  @Test
  void anEternalCacheKeepsReservationsAndTheirTokens() {
    Tier<String, String> tier = tier(this.<String, String>context(String.class, String.class)
        .withEntriesMayExpire(false));
    assertThat(tier.putIfAbsent("k", StoredEntry.reservation(71))).isNull();

    assertThat(tier.putIfAbsent("k", entry("other")).version()).isEqualTo(-71);
    assertThat(tier.replace("k", -72, entry("wrong token"))).isFalse();
    assertThat(tier.replace("k", -71, entry("promoted", StoredEntry.NEVER, version(73)))).isTrue();
    assertThat(tier.get("k").value()).isEqualTo("promoted");
    assertThat(tier.replace("k", -71, entry("again"))).as("the reservation is gone").isFalse();
  }

  @Test
  void anEternalCacheHoldsAValueThatIsItselfAnEntry() {
    Tier<String, Object> tier = tier(this.<String, Object>context(String.class, Object.class)
        .withEntriesMayExpire(false));
    StoredEntry<Object> inner = StoredEntry.reservation(74);
    tier.put("k", StoredEntry.of(inner, StoredEntry.NEVER, version(75)));

    StoredEntry<Object> read = tier.get("k");
    assertThat(read.isReservation()).isFalse();
    assertThat(read.version()).isEqualTo(version(75));
    assertThat(read.value()).isSameAs(inner);
    assertThat(tier.liveValue("k")).isSameAs(inner);
  }

  @Test
  void evictedReservationsAreNotReported() {
    RecordingTierListener<Integer, String> listener = new RecordingTierListener<>();
    Tier<Integer, String> tier = boundedTier(5, this.<Integer, String>context(Integer.class, String.class)
        .withListener(listener));
    for (int i = 0; i < 50; i++) {
      tier.put(i, StoredEntry.reservation(i + 1));
    }

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
      tier.get(0);
      return tier.size() <= 5;
    });
    assertThat(listener.drops()).isEmpty();
  }
}

package io.tiercache.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TierStatistics;
import io.tiercache.TieredCacheView;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CacheResultTest {

  private WeldContainer container;
  private Greetings greetings;

  @BeforeEach
  void start() {
    Containers.destroyCaches();
    container = Containers.start(Greetings.class);
    greetings = container.select(Greetings.class).get();
  }

  @AfterEach
  void stop() {
    container.close();
  }

  @Test
  void aSecondCallIsAnsweredFromTheCacheWhichHoldsTheResultUnderTheGeneratedKey() {
    assertThat(greetings.greet("Ann")).isEqualTo("Hello Ann #1");
    assertThat(greetings.greet("Ann")).isEqualTo("Hello Ann #1");
    assertThat(greetings.greet("Bob")).isEqualTo("Hello Bob #2");
    assertThat(greetings.calls()).isEqualTo(2);

    Cache<Object, Object> cache = Containers.defaultManager().getCache("greetings");
    assertThat(cache.get(DefaultCacheKey.of("Ann"))).isEqualTo("Hello Ann #1");
    assertThat(cache.get(DefaultCacheKey.of("Bob"))).isEqualTo("Hello Bob #2");
    assertThat(entries(cache)).hasSize(2);
  }

  @Test
  void theCacheIsTiercachesWithTheDeclaredDefaultsAndCountsHitsAndMisses() {
    greetings.greet("Ann");
    greetings.greet("Ann");
    greetings.greet("Ann");

    Cache<Object, Object> cache = Containers.defaultManager().getCache("greetings");
    TieredCacheView view = cache.unwrap(TieredCacheView.class);
    assertThat(view.tierNames()).hasSize(1);
    TierStatistics heap = view.tierStatistics().get(0);
    assertThat(heap.misses()).isEqualTo(1);
    assertThat(heap.hits()).isEqualTo(2);
  }

  @Test
  void withoutANameTheCacheIsNamedAfterClassMethodAndParameterTypes() {
    assertThat(greetings.unnamed("ab", 2)).isEqualTo("abab #1");
    assertThat(greetings.unnamed("ab", 2)).isEqualTo("abab #1");
    assertThat(greetings.unnamed("ab", 3)).isEqualTo("ababab #2");

    Cache<Object, Object> cache =
        Containers.defaultManager().getCache("io.tiercache.cdi.Greetings.unnamed(java.lang.String,int)");
    assertThat(cache).isNotNull();
    assertThat(cache.get(DefaultCacheKey.of("ab", 2))).isEqualTo("abab #1");
    assertThat(cache.get(DefaultCacheKey.of("ab", 3))).isEqualTo("ababab #2");
  }

  @Test
  void onlyCacheKeyParametersFormTheKey() {
    assertThat(greetings.formal("Ann", "monitor-1")).isEqualTo("Good day, Ann #1");
    assertThat(greetings.formal("Ann", "monitor-2")).isEqualTo("Good day, Ann #1");

    Cache<Object, Object> cache = Containers.defaultManager().getCache("formal");
    assertThat(cache.get(DefaultCacheKey.of("Ann"))).isEqualTo("Good day, Ann #1");
  }

  @Test
  void aNullResultIsNotCached() {
    assertThat(greetings.nothing("Ann")).isNull();
    assertThat(greetings.nothing("Ann")).isNull();

    assertThat(greetings.calls()).isEqualTo(2);
    assertThat(entries(Containers.defaultManager().getCache("nothing"))).isEmpty();
  }

  @Test
  void skipGetAlwaysCallsTheMethodAndReplacesTheCachedResult() {
    greetings.greet("Ann");
    assertThat(greetings.refresh("Ann")).isEqualTo("Hello again Ann #2");
    assertThat(greetings.refresh("Ann")).isEqualTo("Hello again Ann #3");
    assertThat(greetings.greet("Ann")).isEqualTo("Hello again Ann #3");

    Cache<Object, Object> cache = Containers.defaultManager().getCache("greetings");
    assertThat(cache.get(DefaultCacheKey.of("Ann"))).isEqualTo("Hello again Ann #3");
  }

  static List<Cache.Entry<Object, Object>> entries(Cache<Object, Object> cache) {
    List<Cache.Entry<Object, Object>> entries = new ArrayList<>();
    cache.forEach(entries::add);
    return entries;
  }
}

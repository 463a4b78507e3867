package io.tiercache.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import javax.cache.Cache;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExceptionCachingTest {

  private static final DefaultCacheKey KEY = DefaultCacheKey.of("k");

  private WeldContainer container;
  private Lookups lookups;

  @BeforeEach
  void start() {
    Containers.destroyCaches();
    container = Containers.start(Lookups.class);
    lookups = container.select(Lookups.class).get();
  }

  @AfterEach
  void stop() {
    container.close();
  }

  @Test
  void aCachedExceptionIsRethrownWithoutCallingTheMethod() {
    assertThatThrownBy(() -> lookups.anyFailure("k", "state")).isInstanceOf(IllegalStateException.class)
        .hasMessage("no k");
    assertThatThrownBy(() -> lookups.anyFailure("k", "io")).isInstanceOf(IllegalStateException.class)
        .hasMessage("no k");
    assertThat(lookups.calls()).isEqualTo(1);

    assertThat(failures().get(KEY)).isInstanceOf(IllegalStateException.class).hasMessage("no k");
    assertThat(results().containsKey(KEY)).isFalse();
  }

  @Test
  void withBothListsEmptyCheckedExceptionsAreCachedToo() {
    assertThatThrownBy(() -> lookups.anyFailure("k", "io")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> lookups.anyFailure("k", "io")).isInstanceOf(IOException.class);
    assertThat(lookups.calls()).isEqualTo(1);
    assertThat(failures().get(KEY)).isInstanceOf(IOException.class);
  }

  @Test
  void cachedExceptionsAdmitsItsSubclassesUnlessNonCachedExceptionsNamesThem() throws Exception {
    assertThatThrownBy(() -> lookups.filtered("k", "argument")).isInstanceOf(IllegalArgumentException.class);
    assertThat(failures().containsKey(KEY)).isFalse();
    assertThatThrownBy(() -> lookups.filtered("k", "io")).isInstanceOf(IOException.class);
    assertThat(failures().containsKey(KEY)).isFalse();
    assertThat(lookups.calls()).isEqualTo(2);

    assertThatThrownBy(() -> lookups.filtered("k", "state")).isInstanceOf(IllegalStateException.class);
    assertThat(failures().get(KEY)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> lookups.filtered("k", "argument")).isInstanceOf(IllegalStateException.class);
    assertThat(lookups.calls()).isEqualTo(3);
  }

  @Test
  void nonCachedExceptionsAloneCachesEverythingElse() {
    assertThatThrownBy(() -> lookups.excludedOnly("k", "io")).isInstanceOf(IOException.class);
    assertThat(failures().containsKey(KEY)).isFalse();
    assertThatThrownBy(() -> lookups.excludedOnly("k", "argument")).isInstanceOf(IllegalArgumentException.class);
    assertThat(failures().get(KEY)).isInstanceOf(IllegalArgumentException.class);
    assertThat(lookups.calls()).isEqualTo(2);
  }

  @Test
  void withoutAnExceptionCacheNameNothingIsCached() {
    assertThatThrownBy(() -> lookups.withoutExceptionCache("k")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> lookups.withoutExceptionCache("k")).isInstanceOf(IllegalStateException.class);
    assertThat(lookups.calls()).isEqualTo(2);
    assertThat(Containers.defaultManager().getCache("lookup-failures")).isNull();
  }

  @Test
  void skipGetCallsTheMethodDespiteACachedException() throws Exception {
    assertThatThrownBy(() -> lookups.skipGet("k", "state")).isInstanceOf(IllegalStateException.class);
    assertThat(failures().get(KEY)).isInstanceOf(IllegalStateException.class);

    assertThat(lookups.skipGet("k", null)).isEqualTo("found k");
    assertThat(lookups.calls()).isEqualTo(2);
    assertThat(results().get(KEY)).isEqualTo("found k");
  }

  private static Cache<Object, Object> results() {
    return Containers.defaultManager().getCache("lookups");
  }

  private static Cache<Object, Throwable> failures() {
    return Containers.defaultManager().getCache("lookup-failures");
  }
}

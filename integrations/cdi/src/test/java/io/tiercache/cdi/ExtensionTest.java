package io.tiercache.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.cache.Cache;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheResult;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExtensionTest {

  @BeforeEach
  void emptyDefaultManager() {
    Containers.destroyCaches();
  }

  @Test
  void theAnnotationsAreInterceptorBindingsWithNonBindingMembers() {
    try (WeldContainer container = Containers.start(Greetings.class)) {
      assertThat(container.getBeanManager().getExtension(TieredCacheExtension.class)).isNotNull();
      assertThat(container.getBeanManager().isInterceptorBinding(CacheResult.class)).isTrue();
      assertThat(container.getBeanManager().isInterceptorBinding(CachePut.class)).isTrue();
      // different member values, one interceptor: every member is non-binding
      Greetings greetings = container.select(Greetings.class).get();
      assertThat(greetings.greet("Ann")).isEqualTo(greetings.greet("Ann"));
      assertThat(greetings.formal("Ann", "m")).isEqualTo(greetings.formal("Ann", "n"));
      assertThat(greetings.calls()).isEqualTo(2);
    }
  }

  @Test
  void theExtensionCanBeAddedByHandToAContainerWithoutDiscovery() {
    try (WeldContainer container = new Weld()
        .disableDiscovery()
        .addExtension(new TieredCacheExtension())
        .addBeanClasses(Greetings.class)
        .initialize()) {
      Greetings greetings = container.select(Greetings.class).get();
      assertThat(greetings.greet("Ann")).isEqualTo(greetings.greet("Ann"));
      assertThat(greetings.calls()).isEqualTo(1);
    }
  }

  @Test
  void twoCacheAnnotationsOnOneMethodFailTheDeployment() {
    assertThatThrownBy(() -> Containers.start(TwoAnnotations.class).close())
        .hasStackTraceContaining("TwoAnnotations.both(java.lang.String) has @CacheResult, @CacheRemove")
        .hasStackTraceContaining("one cache annotation per method");
  }

  @Test
  void cachePutWithoutACacheValueParameterFailsTheDeployment() {
    assertThatThrownBy(() -> Containers.start(PutWithoutValue.class).close())
        .hasStackTraceContaining("exactly one parameter must be annotated @CacheValue, found 0");
  }

  @Test
  void anAnnotationOnTheClassCachesEveryBusinessMethod() {
    try (WeldContainer container = Containers.start(ClassLevelResult.class)) {
      ClassLevelResult bean = container.select(ClassLevelResult.class).get();
      assertThat(bean.first("a")).isEqualTo("first a #1");
      assertThat(bean.first("a")).isEqualTo("first a #1");
      assertThat(bean.second("b")).isEqualTo("second b #2");
      assertThat(bean.second("b")).isEqualTo("second b #2");

      Cache<Object, Object> cache = Containers.defaultManager().getCache("class-level");
      assertThat(cache.get(DefaultCacheKey.of("a"))).isEqualTo("first a #1");
      assertThat(cache.get(DefaultCacheKey.of("b"))).isEqualTo("second b #2");
    }
  }

  @Test
  void beansOfAPassivatingScopeDeployBecauseTheInterceptorsAreSerializable() {
    try (WeldContainer container = Containers.start(Conversation.class)) {
      assertThat(container.getBeanManager().getBeans(Conversation.class)).hasSize(1);
    }
  }

  @Test
  void aClassLevelCachePutServesMethodsWithACacheValueAndRefusesTheOthers() {
    try (WeldContainer container = Containers.start(ClassLevelPut.class)) {
      ClassLevelPut bean = container.select(ClassLevelPut.class).get();
      bean.store("k", "v");
      assertThat(Containers.defaultManager().getCache("class-put").get(DefaultCacheKey.of("k"))).isEqualTo("v");

      assertThatThrownBy(() -> bean.noValue("k"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ClassLevelPut.noValue(java.lang.String) is intercepted by @CachePut");
    }
  }
}

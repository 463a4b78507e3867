package io.tiercache.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.TieredCachingProvider;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

class ProviderSelectionTest {

  @Test
  void withASecondProviderOnTheClasspathTheDefaultResolverStillUsesTiercache() {
    List<String> providers = new ArrayList<>();
    for (CachingProvider provider : Caching.getCachingProviders()) {
      providers.add(provider.getClass().getName());
    }
    assertThat(providers).contains(TieredCachingProvider.class.getName(), RiCacheResolverFactory.RI_PROVIDER);
    assertThatThrownBy(Caching::getCachingProvider).isInstanceOf(CacheException.class);

    Containers.destroyCaches();
    try (WeldContainer container = Containers.start(Greetings.class)) {
      Greetings greetings = container.select(Greetings.class).get();
      assertThat(greetings.greet("Ann")).isEqualTo(greetings.greet("Ann"));

      Cache<Object, Object> cache = Containers.defaultManager().getCache("greetings");
      assertThat(cache.getCacheManager().getCachingProvider()).isInstanceOf(TieredCachingProvider.class);
      assertThat(RiCacheResolverFactory.manager().getCache("greetings")).isNull();
    }
  }
}

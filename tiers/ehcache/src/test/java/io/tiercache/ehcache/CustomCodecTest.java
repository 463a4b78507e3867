package io.tiercache.ehcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import io.tiercache.internal.config.CountingCodec;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A codec set on the configuration is the one the byte-storing tiers use. */
class CustomCodecTest {

  private final CacheManager manager = Caching.getCachingProvider(TieredCachingProvider.class.getName())
      .getCacheManager(URI.create("test:" + CustomCodecTest.class.getName()), getClass().getClassLoader());

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void theOffHeapTierStoresBytesOfTheConfiguredCodec() {
    Cache<String, String> cache = manager.createCache("coded", new TieredConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setCodecFactory(FactoryBuilder.factoryOf(CountingCodec.class))
        .tiers(Tiers.heap(10), Tiers.offHeap("4MB")));
    int before = CountingCodec.ENCODED.get();

    cache.put("k", "v");

    assertThat(CountingCodec.ENCODED.get() - before).as("key and value encoded by the codec").isGreaterThanOrEqualTo(2);
    assertThat(cache.get("k")).isEqualTo("v");
  }
}

package io.tiercache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.CodecException;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A value another node wrote to a shared tier is deserialized only if the reading cache allows its
 * class; the refusal that reaches the caller names the class and says where to allow it.
 */
class SerializationAllowTest {

  record Review(String product, int stars) implements Serializable {
  }

  private final String space = "allow-" + UUID.randomUUID();
  private final CachingProvider provider = Caching.getCachingProvider(TieredCachingProvider.class.getName());
  private final CacheManager writer = provider.getCacheManager(URI.create("test:" + space + "/writer"),
      getClass().getClassLoader());
  private final CacheManager reader = provider.getCacheManager(URI.create("test:" + space + "/reader"),
      getClass().getClassLoader());

  @AfterEach
  void close() {
    writer.close();
    reader.close();
  }

  private Cache<Object, Object> cache(CacheManager node, String name, List<String> allowed) {
    TierSpec shared = TierSpec.of("shared-map", Map.of("space", space));
    return node.createCache(name, new TieredConfiguration<>().tiers(Tiers.heap(100), shared).allowClasses(allowed));
  }

  @Test
  void aClassTheReaderDoesNotAllowIsRefusedNamingItAndTheSetting() {
    cache(writer, "reviews", List.of(Review.class.getName())).put("p1", new Review("p1", 5));
    Cache<Object, Object> reviews = cache(reader, "reviews", List.of());

    assertThatThrownBy(() -> reviews.get("p1"))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("Refused to deserialize " + Review.class.getName() + ": the class is not allowed")
        .hasMessageContaining("(io.tiercache.**) to the cache's serialization.allow");
  }

  @Test
  void aClassTheReaderAllowsIsRead() {
    cache(writer, "reviews", List.of(Review.class.getName())).put("p1", new Review("p1", 5));

    assertThat(cache(reader, "reviews", List.of(Review.class.getName())).get("p1")).isEqualTo(new Review("p1", 5));
  }
}

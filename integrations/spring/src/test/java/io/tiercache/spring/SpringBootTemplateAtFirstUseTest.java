package io.tiercache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCacheView;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A cache named only in an annotation (not under {@code caches:} in the YAML, not in
 * {@code spring.cache.cache-names}) is created at first use from the YAML template its name matches.
 */
class SpringBootTemplateAtFirstUseTest {

  @Test
  void aCacheNamedOnlyInAnAnnotationIsCreatedFromItsTemplateAtFirstUse() {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReviewApplication.class)
        .web(WebApplicationType.NONE).run()) {
      ReviewService reviews = context.getBean(ReviewService.class);
      CacheManager jcacheManager = context.getBean(CacheManager.class);
      assertThat(jcacheManager.getCacheNames()).doesNotContain("productReviews");

      assertThat(reviews.reviews("p1")).isEqualTo(new Reviews("p1", 5));
      assertThat(reviews.reviews("p1")).isEqualTo(new Reviews("p1", 5));

      assertThat(reviews.lookups()).isEqualTo(1);
      Cache<Object, Object> cache = jcacheManager.getCache("productReviews");
      assertThat(cache.unwrap(TieredCacheView.class).tierNames()).containsExactly("heap", "offheap");
      assertThat(cache.get("p1")).isEqualTo(new Reviews("p1", 5));
    }
  }

  record Reviews(String productId, int stars) implements Serializable {
  }

  static class ReviewService {
    private final AtomicInteger lookups = new AtomicInteger();

    @Cacheable("productReviews")
    public Reviews reviews(String productId) {
      lookups.incrementAndGet();
      return new Reviews(productId, 5);
    }

    public int lookups() {
      return lookups.get();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  @Import(ReviewService.class)
  static class ReviewApplication {
  }
}

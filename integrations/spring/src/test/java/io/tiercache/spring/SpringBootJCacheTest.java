package io.tiercache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCacheView;
import io.tiercache.TieredCachingProvider;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A Spring Boot application whose only cache settings are in {@code application.properties}:
 * {@code spring.cache.jcache.provider}, {@code spring.cache.jcache.config=classpath:tiercache.yaml}
 * and {@code spring.cache.cache-names}. Boot's JCache auto-configuration (spring-boot-cache) builds the
 * tiercache {@link CacheManager} and Spring's {@link JCacheCacheManager} over it.
 */
class SpringBootJCacheTest {

  /** One application for the class (starting one is slow); each test uses its own caches. */
  private static ConfigurableApplicationContext context;
  private static ProductService products;

  @BeforeAll
  static void start() {
    context = new SpringApplicationBuilder(ShopApplication.class).web(WebApplicationType.NONE).run();
    products = context.getBean(ProductService.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void bootBuildsTheCacheManagerFromTheTiercacheYaml() {
    CacheManager jcacheManager = context.getBean(CacheManager.class);
    assertThat(jcacheManager.getCachingProvider()).isInstanceOf(TieredCachingProvider.class);
    assertThat(jcacheManager.getURI().toString()).endsWith("tiercache.yaml");
    assertThat(context.getBean(org.springframework.cache.CacheManager.class)).isInstanceOf(JCacheCacheManager.class);
    assertThat(context.getBean(org.springframework.cache.CacheManager.class).getCacheNames())
        .containsExactlyInAnyOrder("orders", "products", "customers");
  }

  @Test
  void aCacheDeclaredInTheYamlHasItsDeclaredTiers() {
    Cache<Object, Object> orders = context.getBean(CacheManager.class).getCache("orders");

    assertThat(products.order("o1")).isEqualTo("order o1");
    assertThat(products.order("o1")).isEqualTo("order o1");

    assertThat(products.orderLookups()).isEqualTo(1);
    assertThat(orders.unwrap(TieredCacheView.class).tierNames()).containsExactly("heap");
    assertThat(orders.get("o1")).isEqualTo("order o1");
  }

  @Test
  void aCacheListedInCacheNamesGetsTheTiersOfItsTemplate() {
    Cache<Object, Object> cache = context.getBean(CacheManager.class).getCache("products");
    assertThat(cache.unwrap(TieredCacheView.class).tierNames()).containsExactly("heap", "offheap");

    Product first = products.product("p1");
    Product second = products.product("p1");

    assertThat(second).isEqualTo(first).isNotSameAs(first);   // store-by-value: each read is a copy
    assertThat(products.productLookups()).isEqualTo(1);
    assertThat(cache.get("p1")).isEqualTo(new Product("p1", "product p1"));
    CacheStatisticsMXBean statistics = CacheStats.of(cache);   // statistics: true comes from the template
    assertThat(statistics.getCacheMisses()).isEqualTo(1);
    assertThat(statistics.getCacheHits()).isEqualTo(2);
  }

  @Test
  void aCacheListedInCacheNamesThatNoTemplateMatchesGetsTheDefaults() {
    Cache<Object, Object> customers = context.getBean(CacheManager.class).getCache("customers");

    assertThat(customers.unwrap(TieredCacheView.class).tierNames()).containsExactly("heap");
    assertThat(customers.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled()).isTrue();
  }

  /** A Serializable value: the off-heap tier stores its bytes. */
  record Product(String id, String name) implements Serializable {
  }

  static class ProductService {
    private final AtomicInteger productLookups = new AtomicInteger();
    private final AtomicInteger orderLookups = new AtomicInteger();

    @Cacheable("products")
    public Product product(String id) {
      productLookups.incrementAndGet();
      return new Product(id, "product " + id);
    }

    @Cacheable("orders")
    public String order(String id) {
      orderLookups.incrementAndGet();
      return "order " + id;
    }

    public int productLookups() {
      return productLookups.get();
    }

    public int orderLookups() {
      return orderLookups.get();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableCaching
  @Import(ProductService.class)
  static class ShopApplication {
  }
}

package io.tiercache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.TieredCacheView;
import io.tiercache.TieredCachingProvider;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spring's cache abstraction over tiercache in a plain Spring context: {@link JCacheCacheManager} over a
 * tiercache {@link CacheManager} read from YAML, Spring's own annotations and the JSR-107 ones.
 * Hits and misses are checked twice: by how often the method really ran, and by what the tiercache
 * cache holds and counts.
 */
class SpringCacheAnnotationsTest {

  private AnnotationConfigApplicationContext context;
  private CacheManager jcacheManager;
  private BookService books;
  private AuthorService authors;

  @BeforeEach
  void start() {
    context = new AnnotationConfigApplicationContext(CachingConfig.class);
    jcacheManager = context.getBean(CacheManager.class);
    books = context.getBean(BookService.class);
    authors = context.getBean(AuthorService.class);
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void cacheableRunsTheMethodOncePerKeyAndStoresTheValueInTiercache() {
    Cache<Object, Object> cache = jcacheManager.getCache("books");

    assertThat(books.find("isbn-1").title()).isEqualTo("title of isbn-1");
    assertThat(books.find("isbn-1").title()).isEqualTo("title of isbn-1");
    assertThat(books.find("isbn-1").title()).isEqualTo("title of isbn-1");
    assertThat(books.find("isbn-2").title()).isEqualTo("title of isbn-2");

    assertThat(books.lookups()).isEqualTo(2);
    assertThat(cache.get("isbn-1")).isEqualTo(new Book("isbn-1", "title of isbn-1"));
    CacheStatisticsMXBean statistics = CacheStats.of(cache);
    assertThat(statistics.getCacheMisses()).isEqualTo(2);
    assertThat(statistics.getCacheHits()).isEqualTo(3);  // two repeated finds and the get above
    assertThat(statistics.getCachePuts()).isEqualTo(2);
    TieredCacheView view = cache.unwrap(TieredCacheView.class);
    assertThat(view.tierNames()).hasSize(2);
    assertThat(view.tierStatistics().get(0).hits()).isEqualTo(3);
  }

  @Test
  void cachePutReplacesTheCachedValueAndCacheEvictRemovesIt() {
    Cache<Object, Object> cache = jcacheManager.getCache("books");
    books.find("isbn-1");

    books.save(new Book("isbn-1", "second edition"));
    assertThat(cache.get("isbn-1")).isEqualTo(new Book("isbn-1", "second edition"));
    assertThat(books.find("isbn-1").title()).isEqualTo("second edition");
    assertThat(books.lookups()).isEqualTo(1);

    books.evict("isbn-1");
    assertThat(cache.containsKey("isbn-1")).isFalse();
    assertThat(books.find("isbn-1").title()).isEqualTo("title of isbn-1");
    assertThat(books.lookups()).isEqualTo(2);
  }

  @Test
  void cacheEvictAllEntriesClearsTheTiercacheCache() {
    Cache<Object, Object> cache = jcacheManager.getCache("books");
    books.find("isbn-1");
    books.find("isbn-2");
    books.find("isbn-3");
    assertThat(keys(cache)).containsExactlyInAnyOrder("isbn-1", "isbn-2", "isbn-3");

    books.evictAll();

    assertThat(keys(cache)).isEmpty();
    books.find("isbn-1");
    assertThat(books.lookups()).isEqualTo(4);
  }

  @Test
  void aNullResultIsCachedAsSpringsNullHolder() {
    Cache<Object, Object> cache = jcacheManager.getCache("books");

    assertThat(books.find("unknown")).isNull();
    assertThat(books.find("unknown")).isNull();

    assertThat(books.lookups()).isEqualTo(1);
    assertThat(cache.containsKey("unknown")).isTrue();  // JCache has no nulls: Spring stores a marker
  }

  @Test
  void jsr107AnnotationsGoThroughTheSameCaches() {
    Cache<Object, Object> cache = jcacheManager.getCache("authors");

    assertThat(authors.name("a1")).isEqualTo("author a1");
    assertThat(authors.name("a1")).isEqualTo("author a1");
    assertThat(authors.lookups()).isEqualTo(1);
    assertThat(cache.get("a1")).isEqualTo("author a1");
    CacheStatisticsMXBean statistics = CacheStats.of(cache);
    assertThat(statistics.getCacheHits()).isEqualTo(2);
    assertThat(statistics.getCacheMisses()).isEqualTo(1);

    authors.rename("a1", "renamed a1");                   // @CachePut with @CacheValue
    assertThat(cache.get("a1")).isEqualTo("renamed a1");
    assertThat(authors.name("a1")).isEqualTo("renamed a1");
    assertThat(authors.lookups()).isEqualTo(1);

    authors.forget("a1");                                 // @CacheRemove
    assertThat(cache.containsKey("a1")).isFalse();
    assertThat(authors.name("a1")).isEqualTo("author a1");
    assertThat(authors.lookups()).isEqualTo(2);

    authors.name("a2");
    authors.forgetAll();                                  // @CacheRemoveAll
    assertThat(keys(cache)).isEmpty();
    authors.name("a2");
    assertThat(authors.lookups()).isEqualTo(4);
  }

  @Test
  void aValueThatIsNotSerializableCannotEnterAStoreByValueCache() {
    assertThatThrownBy(() -> books.gadget("g1"))
        .hasMessageContaining(Widget.class.getName())
        .hasMessageContaining("not Serializable");
    assertThat(jcacheManager.getCache("gadgets").containsKey("g1")).isFalse();
  }

  @Test
  void aStoreByReferenceCacheHoldsValuesThatAreNotSerializable() {
    Widget first = books.widget("w1");
    Widget second = books.widget("w1");

    assertThat(second).isSameAs(first);
    assertThat(books.widgets()).isEqualTo(1);
    assertThat(jcacheManager.getCache("widgets").unwrap(TieredCacheView.class).tierNames()).hasSize(1);
  }

  @Test
  void aCacheNameThatTheConfigurationDoesNotKnowIsReportedByName() {
    assertThatThrownBy(() -> books.misspelt("isbn-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot find cache named 'bookz'");
    assertThat(books.lookups()).isEqualTo(0);
  }

  private static List<Object> keys(Cache<Object, Object> cache) {
    List<Object> keys = new ArrayList<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    return keys;
  }

  /** A Serializable value: store-by-value copies it, the off-heap tier stores its bytes. */
  record Book(String isbn, String title) implements Serializable {
  }

  /** Not Serializable: fits only a store-by-reference cache. */
  static final class Widget {
  }

  /** Spring's cache annotations. */
  static class BookService {
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger widgets = new AtomicInteger();

    /** How often {@link #find} and {@link #misspelt} really ran (a method: the bean is a proxy). */
    public int lookups() {
      return lookups.get();
    }

    public int widgets() {
      return widgets.get();
    }

    @Cacheable("books")
    public Book find(String isbn) {
      lookups.incrementAndGet();
      return isbn.equals("unknown") ? null : new Book(isbn, "title of " + isbn);
    }

    @CachePut(cacheNames = "books", key = "#book.isbn")
    public Book save(Book book) {
      return book;
    }

    @CacheEvict("books")
    public void evict(String isbn) {
    }

    @CacheEvict(cacheNames = "books", allEntries = true)
    public void evictAll() {
    }

    @Cacheable("gadgets")
    public Widget gadget(String id) {
      return new Widget();
    }

    @Cacheable("widgets")
    public Widget widget(String id) {
      widgets.incrementAndGet();
      return new Widget();
    }

    @Cacheable("bookz")
    public Book misspelt(String isbn) {
      lookups.incrementAndGet();
      return new Book(isbn, "never cached");
    }
  }

  /** The JSR-107 annotations (javax.cache.annotation), run by Spring's JCache interceptor. */
  @CacheDefaults(cacheName = "authors")
  static class AuthorService {
    private final AtomicInteger lookups = new AtomicInteger();

    public int lookups() {
      return lookups.get();
    }

    @CacheResult
    public String name(String id) {
      lookups.incrementAndGet();
      return "author " + id;
    }

    @javax.cache.annotation.CachePut
    public void rename(String id, @CacheValue String name) {
    }

    @CacheRemove
    public void forget(String id) {
    }

    @CacheRemoveAll
    public void forgetAll() {
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class CachingConfig {

    @Bean
    CacheManager jcacheManager() {
      return Caching.getCachingProvider(TieredCachingProvider.class.getName())
          .getCacheManager(URI.create("classpath:spring-tiercache.yaml"), getClass().getClassLoader());
    }

    @Bean
    JCacheCacheManager cacheManager(CacheManager jcacheManager) {
      return new JCacheCacheManager(jcacheManager);
    }

    @Bean
    BookService bookService() {
      return new BookService();
    }

    @Bean
    AuthorService authorService() {
      return new AuthorService();
    }
  }
}

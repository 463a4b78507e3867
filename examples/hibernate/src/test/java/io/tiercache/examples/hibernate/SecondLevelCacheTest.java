package io.tiercache.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TieredConfiguration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.hibernate.KeyType;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hibernate's second-level cache on tiercache, configured by the example's tiercache-hibernate.yaml. */
class SecondLevelCacheTest {

  private static final String AUTHOR = Author.class.getName();
  private static final String BOOK = Book.class.getName();
  private static final String BOOKS = AUTHOR + ".books";
  private static final String AUTHOR_NATURAL_ID = AUTHOR + "##NaturalId";
  private static final String QUERIES = "default-query-results-region";
  private static final String TIMESTAMPS = "default-update-timestamps-region";

  private static final AtomicInteger AUTHORS = new AtomicInteger();

  private static HibernateLog log;
  private static SessionFactory sessionFactory;
  private static Statistics statistics;

  @BeforeAll
  static void startSessionFactory() {
    log = HibernateLog.capture();
    sessionFactory = ExampleSessionFactory.build("jdbc:h2:mem:second-level-cache;DB_CLOSE_DELAY=-1",
        ExampleSessionFactory.HEAP_CONFIG, Map.of());
    statistics = sessionFactory.getStatistics();
  }

  @AfterAll
  static void closeSessionFactory() {
    if (sessionFactory != null) {
      sessionFactory.close();
    }
    if (log != null) {
      log.close();
    }
  }

  @BeforeEach
  void emptyCacheAndFigures() {
    sessionFactory.getCache().evictAllRegions();
    statistics.clear();
  }

  @Test
  void hibernateAsksForTheseRegionsAndEachGetsItsTemplate() {
    CacheManager manager = HibernateExample.cacheManager(sessionFactory);
    Map<String, String> tiers = new LinkedHashMap<>();
    for (String name : manager.getCacheNames()) {
      @SuppressWarnings("unchecked")
      TieredConfiguration<Object, Object> configuration =
          manager.getCache(name).getConfiguration(TieredConfiguration.class);
      tiers.put(name, configuration.getTiers().toString());
    }

    // the first matching template of tiercache-hibernate.yaml, told apart by the heap size
    assertThat(tiers).containsOnly(
        Map.entry(AUTHOR, "[heap{entries=10000}]"),
        Map.entry(BOOK, "[heap{entries=10000}]"),
        Map.entry(BOOKS, "[heap{entries=10000}]"),
        Map.entry(AUTHOR_NATURAL_ID, "[heap{entries=20000}]"),
        Map.entry(QUERIES, "[heap{entries=5000}]"),
        Map.entry(TIMESTAMPS, "[heap{entries=1000}]"));
    // Hibernate's statistics name every region but the timestamps region
    assertThat(sessionFactory.getStatistics().getSecondLevelCacheRegionNames())
        .containsExactlyInAnyOrder(AUTHOR, BOOK, BOOKS, AUTHOR_NATURAL_ID, QUERIES);
    // missing_cache_strategy=create: Hibernate creates the caches without a word
    assertThat(log.warnings()).isEmpty();
  }

  @Test
  void tiercacheIsTheOnlyCachingProviderOnTheClassPath() {
    // the redis tier shades Redisson without Redisson's own JCache provider (G2); Hibernate names ours anyway
    List<String> providers = new ArrayList<>();
    Caching.getCachingProviders().forEach(provider -> providers.add(provider.getClass().getName()));
    assertThat(providers).containsExactly(TieredCachingProvider.class.getName());
  }

  @Test
  void theSecondLoadInANewSessionIsASecondLevelCacheHit() {
    Long id = newAuthor("Ada Lovelace");
    sessionFactory.getCache().evictAllRegions();
    statistics.clear();

    assertThat(nameOf(id)).isEqualTo("Ada Lovelace");
    assertThat(statistics.getSecondLevelCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getSecondLevelCachePutCount()).isEqualTo(1);
    assertThat(statistics.getEntityLoadCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isEqualTo(1);
    statistics.clear();

    assertThat(nameOf(id)).isEqualTo("Ada Lovelace");
    assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getDomainDataRegionStatistics(AUTHOR).getHitCount()).isEqualTo(1);
    assertThat(statistics.getEntityLoadCount()).isZero();
    assertThat(statistics.getPrepareStatementCount()).isZero();
  }

  @Test
  void anUpdateReplacesTheCachedEntryAndTheNextSessionSeesIt() {
    Long id = newAuthor("Ada Lovelace");
    assertThat(nameOf(id)).isEqualTo("Ada Lovelace");
    statistics.clear();

    sessionFactory.inTransaction(session -> session.find(Author.class, id).setName("Augusta Ada King"));
    assertThat(statistics.getDomainDataRegionStatistics(AUTHOR).getPutCount()).isEqualTo(1);
    statistics.clear();

    assertThat(nameOf(id)).isEqualTo("Augusta Ada King");
    assertThat(statistics.getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isZero();
  }

  @Test
  void aBulkUpdateEmptiesTheRegionAndTheNextSessionReadsTheDatabase() {
    Long id = newAuthor("Ada Lovelace");
    assertThat(nameOf(id)).isEqualTo("Ada Lovelace");

    sessionFactory.inTransaction(session -> session.createMutationQuery(
            "update Author set name = :name where id = :id")
        .setParameter("name", "Countess of Lovelace").setParameter("id", id).executeUpdate());
    statistics.clear();

    assertThat(nameOf(id)).isEqualTo("Countess of Lovelace");
    assertThat(statistics.getSecondLevelCacheHitCount()).isZero();
    assertThat(statistics.getPrepareStatementCount()).isEqualTo(1);
  }

  @Test
  void theCollectionCacheHoldsTheBooksOfAnAuthor() {
    Long id = newAuthor("Mary Shelley", "Frankenstein", "The Last Man");
    sessionFactory.getCache().evictAllRegions();
    statistics.clear();

    assertThat(titlesOf(id)).containsExactly("Frankenstein", "The Last Man");
    assertThat(statistics.getDomainDataRegionStatistics(BOOKS).getMissCount()).isEqualTo(1);
    assertThat(statistics.getDomainDataRegionStatistics(BOOKS).getPutCount()).isEqualTo(1);
    statistics.clear();

    assertThat(titlesOf(id)).containsExactly("Frankenstein", "The Last Man");
    assertThat(statistics.getDomainDataRegionStatistics(BOOKS).getHitCount()).isEqualTo(1);
    assertThat(statistics.getDomainDataRegionStatistics(BOOK).getHitCount()).isEqualTo(2);
    assertThat(statistics.getCollectionLoadCount()).isZero();
    assertThat(statistics.getPrepareStatementCount()).isZero();
  }

  @Test
  void theNaturalIdCacheResolvesAnEmailWithoutSql() {
    Long id = newAuthor("Grace Hopper");
    String email = emailOf(id);
    sessionFactory.getCache().evictAllRegions();
    statistics.clear();

    assertThat(idByEmail(email)).isEqualTo(id);
    assertThat(statistics.getNaturalIdCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isPositive();
    statistics.clear();

    assertThat(idByEmail(email)).isEqualTo(id);
    assertThat(statistics.getNaturalIdCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getDomainDataRegionStatistics(AUTHOR_NATURAL_ID).getHitCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isZero();
  }

  @Test
  void theQueryCacheAnswersTheSameQueryInANewSessionUntilTheTableChanges() {
    Long id = newAuthor("Ursula K. Le Guin", "The Dispossessed", "The Left Hand of Darkness");
    String email = emailOf(id);
    statistics.clear();

    assertThat(titlesByQuery(email)).containsExactly("The Dispossessed", "The Left Hand of Darkness");
    assertThat(statistics.getQueryCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getQueryCachePutCount()).isEqualTo(1);
    statistics.clear();

    assertThat(titlesByQuery(email)).containsExactly("The Dispossessed", "The Left Hand of Darkness");
    assertThat(statistics.getQueryCacheHitCount()).isEqualTo(1);
    assertThat(statistics.getPrepareStatementCount()).isZero();

    // a new book changes the table: the timestamps region marks the cached result stale
    sessionFactory.inTransaction(session -> session.persist(session.find(Author.class, id).addBook("Earthsea")));
    statistics.clear();
    assertThat(titlesByQuery(email)).containsExactly("Earthsea", "The Dispossessed", "The Left Hand of Darkness");
    assertThat(statistics.getQueryCacheHitCount()).isZero();
    assertThat(statistics.getQueryCacheMissCount()).isEqualTo(1);
    assertThat(statistics.getUpdateTimestampsCacheHitCount()).isPositive();
  }

  // ------------------------------------------------------------------ helpers

  private static Long newAuthor(String name, String... titles) {
    String email = "author-" + AUTHORS.incrementAndGet() + "@example.com";
    return sessionFactory.fromTransaction(session -> {
      Author author = new Author(email, name);
      for (String title : titles) {
        author.addBook(title);
      }
      session.persist(author);
      return author.getId();
    });
  }

  private static String nameOf(Long id) {
    return sessionFactory.fromSession(session -> session.find(Author.class, id).getName());
  }

  private static String emailOf(Long id) {
    return sessionFactory.fromSession(session -> session.find(Author.class, id).getEmail());
  }

  private static Long idByEmail(String email) {
    return sessionFactory.fromSession(session -> session.find(Author.class, email, KeyType.NATURAL).getId());
  }

  private static List<String> titlesOf(Long id) {
    return sessionFactory.fromSession(session ->
        session.find(Author.class, id).getBooks().stream().map(Book::getTitle).toList());
  }

  private static List<String> titlesByQuery(String email) {
    return sessionFactory.fromSession(session -> session.createSelectionQuery(
            "select b.title from Book b where b.author.email = :email order by b.title", String.class)
        .setParameter("email", email)
        .setCacheable(true)
        .getResultList());
  }
}

package io.tiercache.examples.hibernate;

import io.tiercache.TierStatistics;
import io.tiercache.TieredCacheView;
import io.tiercache.config.TieredConfiguration;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.hibernate.KeyType;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.Statistics;

/**
 * Hibernate ORM 7 with its second-level cache on tiercache: an author and her books in H2 in memory,
 * read through the entity, collection, natural-id and query caches, with what each read cost in SQL.
 *
 * <pre>
 * java -jar examples/hibernate/target/tiercache-hibernate-example.jar [tiercache configuration]
 * </pre>
 *
 * <p>The argument is a class path resource or a {@code file:} URI. The default configuration is
 * {@value ExampleSessionFactory#HEAP_CONFIG} (heap tiers). With
 * {@value ExampleSessionFactory#REDIS_CONFIG} every region is a heap tier in front of the Redis server
 * that the environment variable {@code REDIS_URL} names (default {@code redis://127.0.0.1:6379}).
 */
public final class HibernateExample {

  private static final String JDBC_URL = "jdbc:h2:mem:tiercache-example;DB_CLOSE_DELAY=-1";

  private HibernateExample() {
  }

  /** Runs the example; exits with status 0 when every read saw what it should. */
  public static void main(String[] args) {
    // Hibernate logs through java.util.logging here: its start-up messages would drown the output
    Logger.getLogger("org.hibernate").setLevel(Level.WARNING);
    System.exit(run(args, System.out));
  }

  /** The example, writing to {@code out}; returns the exit status. */
  static int run(String[] args, PrintStream out) {
    String config = args.length > 0 ? args[0] : ExampleSessionFactory.HEAP_CONFIG;
    out.println("tiercache as Hibernate's second-level cache (H2 in memory, " + config + ")");
    // hibernate.javax.cache.uri names the YAML; Hibernate resolves it through its class loader (a jar:
    // URI when the YAML is inside this jar) and tiercache reads it from there
    try (SessionFactory sessionFactory = ExampleSessionFactory.build(JDBC_URL, config, Map.of())) {
      return new Steps(sessionFactory, out).run();
    }
  }

  /** The steps of the example, each in new sessions, so that only the second-level cache can save SQL. */
  private static final class Steps {
    private final SessionFactory sessionFactory;
    private final Statistics statistics;
    private final PrintStream out;
    private boolean allAsExpected = true;

    Steps(SessionFactory sessionFactory, PrintStream out) {
      this.sessionFactory = sessionFactory;
      this.statistics = sessionFactory.getStatistics();
      this.out = out;
    }

    int run() {
      printRegions();
      Long id = sessionFactory.fromTransaction(session -> {
        Author author = new Author("ada@example.com", "Ada Lovelace");
        author.addBook("Notes on the Analytical Engine");
        author.addBook("Sketch of the Analytical Engine");
        session.persist(author);
        return author.getId();
      });
      sessionFactory.getCache().evictAllRegions();
      out.println();
      out.println("Stored one author with two books, then emptied the second-level cache.");
      out.println();

      step("load the author (cache empty)", false,
          session -> session.find(Author.class, id).getName());
      step("load the author again, new session", true,
          session -> session.find(Author.class, id).getName());
      step("her books (collection cache empty)", false,
          session -> titles(session.find(Author.class, id)));
      step("her books again, new session", true,
          session -> titles(session.find(Author.class, id)));
      step("find her by e-mail (natural id)", true,
          session -> session.find(Author.class, "ada@example.com", KeyType.NATURAL).getName());
      step("query her books (query cache empty)", false, this::queryTitles);
      step("query her books again, new session", true, this::queryTitles);
      sessionFactory.inTransaction(session -> session.find(Author.class, id).setName("Augusta Ada King"));
      out.println("  (renamed her in another session: the entity region now holds the new name)");
      step("load the author after the update", true,
          session -> session.find(Author.class, id).getName());

      out.println();
      printRegionFigures();
      out.println();
      out.println(allAsExpected ? "Every repeated read came from the second-level cache."
          : "Some reads did not behave as expected: see above.");
      return allAsExpected ? 0 : 1;
    }

    private Object queryTitles(Session session) {
      return session.createSelectionQuery(
              "select b.title from Book b where b.author.email = :email order by b.title", String.class)
          .setParameter("email", "ada@example.com")
          .setCacheable(true)
          .getResultList();
    }

    private static List<String> titles(Author author) {
      List<String> titles = new ArrayList<>();
      author.getBooks().forEach(book -> titles.add(book.getTitle()));
      return titles;
    }

    /** Runs {@code read} in a new session and says what it cost in SQL statements and cache hits. */
    private void step(String what, boolean expectCached, Function<Session, Object> read) {
      long statementsBefore = statistics.getPrepareStatementCount();
      long hitsBefore = statistics.getSecondLevelCacheHitCount() + statistics.getNaturalIdCacheHitCount()
          + statistics.getQueryCacheHitCount();
      Object result = sessionFactory.fromSession(read::apply);
      long statements = statistics.getPrepareStatementCount() - statementsBefore;
      long hits = statistics.getSecondLevelCacheHitCount() + statistics.getNaturalIdCacheHitCount()
          + statistics.getQueryCacheHitCount() - hitsBefore;
      boolean asExpected = expectCached ? statements == 0 && hits > 0 : statements > 0;
      allAsExpected &= asExpected;
      out.printf("  %-40s %-50s %d SQL, %d cache hit%s%s%n", what, result, statements, hits, hits == 1 ? "" : "s",
          asExpected ? "" : "   <- unexpected");
    }

    private void printRegions() {
      CacheManager manager = cacheManager(sessionFactory);
      out.println("Regions (one tiercache cache each, configured by the matching template):");
      for (String name : manager.getCacheNames()) {
        Cache<Object, Object> cache = manager.getCache(name);
        @SuppressWarnings("unchecked")
        TieredConfiguration<Object, Object> configuration = cache.getConfiguration(TieredConfiguration.class);
        out.printf("  %-52s %s%n", name, configuration.getTiers());
      }
    }

    private void printRegionFigures() {
      CacheManager manager = cacheManager(sessionFactory);
      out.println("Per region and tier (tiercache's figures):");
      for (String name : manager.getCacheNames()) {
        TieredCacheView view = manager.getCache(name).unwrap(TieredCacheView.class);
        for (TierStatistics tier : view.tierStatistics()) {
          out.printf("  %-52s %-6s %3d hits %3d misses%n", name, tier.tierName(), tier.hits(), tier.misses());
        }
      }
    }
  }

  /** The cache manager Hibernate's region factory uses. */
  static CacheManager cacheManager(SessionFactory sessionFactory) {
    JCacheRegionFactory regionFactory = (JCacheRegionFactory) sessionFactory.unwrap(SessionFactoryImplementor.class)
        .getCache().getRegionFactory();
    return regionFactory.getCacheManager();
  }
}

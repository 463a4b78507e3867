package io.tiercache.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiercache.config.TieredConfiguration;
import io.tiercache.redisson.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes, each a SessionFactory with its own tiercache cache manager whose regions are a heap tier in
 * front of one Redis (the example's tiercache-hibernate-redis.yaml), over one H2 database. A change made
 * through one node reaches the other node's heap as an invalidation over Redis pub/sub.
 */
class TwoNodesOverRedisTest {

  @RegisterExtension
  static final RedisServer REDIS = RedisServer.perClass();

  private static final String JDBC_URL = "jdbc:h2:mem:two-nodes;DB_CLOSE_DELAY=-1";
  private static final Duration COHERENCE_DEADLINE = Duration.ofSeconds(15);

  @TempDir
  static Path configDir;

  private static String previousRedisUrl;
  private static SessionFactory nodeA;
  private static SessionFactory nodeB;

  @BeforeAll
  static void startNodes() throws IOException {
    // the YAML reads ${REDIS_URL:-...}: the environment variable, else this system property
    previousRedisUrl = System.setProperty("REDIS_URL", REDIS.uri());
    // two files, so two URIs and two cache managers in this one JVM, as on two machines
    nodeA = ExampleSessionFactory.build(JDBC_URL, copyOfRedisConfig("node-a"), Map.of());
    nodeB = ExampleSessionFactory.build(JDBC_URL, copyOfRedisConfig("node-b"),
        Map.of(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, "none"));
  }

  private static String copyOfRedisConfig(String node) throws IOException {
    Path file = Files.createDirectories(configDir.resolve(node)).resolve("tiercache.yaml");
    try (InputStream in = TwoNodesOverRedisTest.class.getClassLoader()
        .getResourceAsStream(ExampleSessionFactory.REDIS_CONFIG)) {
      Files.copy(in, file);
    }
    return file.toUri().toString();
  }

  @AfterAll
  static void stopNodes() {
    for (SessionFactory node : new SessionFactory[] {nodeA, nodeB}) {
      if (node != null) {
        node.close();
      }
    }
    if (previousRedisUrl == null) {
      System.clearProperty("REDIS_URL");
    } else {
      System.setProperty("REDIS_URL", previousRedisUrl);
    }
  }

  @BeforeEach
  void clearFigures() {
    nodeA.getStatistics().clear();
    nodeB.getStatistics().clear();
  }

  @Test
  void theNodesHaveSeparateCacheManagersOnRedis() {
    assertThat(HibernateExample.cacheManager(nodeA)).isNotSameAs(HibernateExample.cacheManager(nodeB));
    @SuppressWarnings("unchecked")
    TieredConfiguration<Object, Object> authors = HibernateExample.cacheManager(nodeA).getCache(Author.class.getName())
        .getConfiguration(TieredConfiguration.class);
    assertThat(authors.getTiers().toString()).contains("heap{entries=10000}", "redis{");
  }

  @Test
  void anUpdateOnOneNodeIsSeenByTheOther() {
    Long id = nodeA.fromTransaction(session -> {
      Author author = new Author("octavia@example.com", "Octavia Butler");
      session.persist(author);
      return author.getId();
    });
    nodeA.getStatistics().clear();

    // cached on both nodes: neither needs SQL
    assertThat(nameOf(nodeB, id)).isEqualTo("Octavia Butler");
    assertThat(nodeB.getStatistics().getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(nodeB.getStatistics().getPrepareStatementCount()).isZero();
    assertThat(nameOf(nodeA, id)).isEqualTo("Octavia Butler");
    assertThat(nodeA.getStatistics().getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(nodeA.getStatistics().getPrepareStatementCount()).isZero();

    nodeB.inTransaction(session -> session.find(Author.class, id).setName("Octavia E. Butler"));

    // node A's heap drops the old entry when the invalidation arrives
    Awaitility.await().atMost(COHERENCE_DEADLINE).pollInterval(Duration.ofMillis(20))
        .until(() -> nameOf(nodeA, id), "Octavia E. Butler"::equals);
    nodeA.getStatistics().clear();
    assertThat(nameOf(nodeA, id)).isEqualTo("Octavia E. Butler");
    assertThat(nodeA.getStatistics().getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(nodeA.getStatistics().getPrepareStatementCount()).isZero();
  }

  @Test
  void aQueryCachedOnOneNodeIsStaleOnceTheOtherChangesTheTable() {
    Long id = nodeA.fromTransaction(session -> {
      Author author = new Author("nk@example.com", "N. K. Jemisin");
      author.addBook("The Fifth Season");
      session.persist(author);
      return author.getId();
    });
    assertThat(titles(nodeA, "nk@example.com")).containsExactly("The Fifth Season");
    assertThat(titles(nodeA, "nk@example.com")).containsExactly("The Fifth Season");
    assertThat(nodeA.getStatistics().getQueryCacheHitCount()).isEqualTo(1);

    nodeB.inTransaction(session -> session.persist(session.find(Author.class, id).addBook("The Obelisk Gate")));

    Awaitility.await().atMost(COHERENCE_DEADLINE).pollInterval(Duration.ofMillis(20))
        .until(() -> titles(nodeA, "nk@example.com"), List.of("The Fifth Season", "The Obelisk Gate")::equals);
  }

  private static String nameOf(SessionFactory node, Long id) {
    return node.fromSession(session -> session.find(Author.class, id).getName());
  }

  private static List<String> titles(SessionFactory node, String email) {
    return node.fromSession(session -> session.createSelectionQuery(
            "select b.title from Book b where b.author.email = :email order by b.title", String.class)
        .setParameter("email", email)
        .setCacheable(true)
        .getResultList());
  }

}

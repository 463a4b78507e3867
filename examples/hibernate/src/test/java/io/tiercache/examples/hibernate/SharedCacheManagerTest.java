package io.tiercache.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

/**
 * Two session factories in one JVM with the same {@code hibernate.javax.cache.uri} get the same cache
 * manager (the provider keeps one per URI and class loader), so they share their regions, and Hibernate
 * closes that manager when either session factory closes.
 */
class SharedCacheManagerTest {

  @Test
  void closingOneSessionFactoryClosesTheCacheManagerOfTheOther() {
    SessionFactory first = ExampleSessionFactory.build("jdbc:h2:mem:shared-first;DB_CLOSE_DELAY=-1",
        ExampleSessionFactory.HEAP_CONFIG, Map.of());
    try (SessionFactory second = ExampleSessionFactory.build("jdbc:h2:mem:shared-second;DB_CLOSE_DELAY=-1",
        ExampleSessionFactory.HEAP_CONFIG, Map.of())) {
      assertThat(HibernateExample.cacheManager(first)).isSameAs(HibernateExample.cacheManager(second));
      Long id = second.fromTransaction(session -> {
        Author author = new Author("shared@example.com", "Shared");
        session.persist(author);
        return author.getId();
      });

      first.close();

      assertThat(HibernateExample.cacheManager(second).isClosed()).isTrue();
      assertThatThrownBy(() -> second.fromSession(session -> session.find(Author.class, id)))
          .hasStackTraceContaining("is closed");
    } finally {
      if (first.isOpen()) {
        first.close();
      }
    }
  }
}

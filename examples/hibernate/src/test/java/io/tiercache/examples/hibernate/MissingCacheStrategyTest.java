package io.tiercache.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.ConfigSettings;
import org.junit.jupiter.api.Test;

/**
 * What {@code hibernate.javax.cache.missing_cache_strategy} does with caches that tiercache configures
 * from templates: Hibernate asks the cache manager for each region's cache by name, and a template
 * does not make a cache exist before it is created, so Hibernate always takes the "missing" path.
 */
class MissingCacheStrategyTest {

  private static final String JDBC_URL = "jdbc:h2:mem:missing-cache-strategy;DB_CLOSE_DELAY=-1";

  @Test
  void createWarnTheDefaultWarnsAboutEveryRegionThoughATemplateConfiguresIt() {
    try (HibernateLog log = HibernateLog.capture();
        SessionFactory sessionFactory = ExampleSessionFactory.build(JDBC_URL, ExampleSessionFactory.HEAP_CONFIG,
            Map.of(ConfigSettings.MISSING_CACHE_STRATEGY, "create-warn"))) {
      assertThat(sessionFactory.isOpen()).isTrue();
      assertThat(log.warnings())
          .hasSize(6)
          .allSatisfy(warning -> assertThat(warning).contains("HHH90001006", "Missing cache region", "provider-specific default policies"))
          .anySatisfy(warning -> assertThat(warning).contains("[io.tiercache.examples.hibernate.Author]"))
          .anySatisfy(warning -> assertThat(warning).contains("[io.tiercache.examples.hibernate.Author.books]"))
          .anySatisfy(warning -> assertThat(warning).contains("[io.tiercache.examples.hibernate.Author##NaturalId]"))
          .anySatisfy(warning -> assertThat(warning).contains("[io.tiercache.examples.hibernate.Book]"))
          .anySatisfy(warning -> assertThat(warning).contains("[default-query-results-region]"))
          .anySatisfy(warning -> assertThat(warning).contains("[default-update-timestamps-region]"));
    }
  }

  @Test
  void createIsSilent() {
    try (HibernateLog log = HibernateLog.capture();
        SessionFactory sessionFactory = ExampleSessionFactory.build(JDBC_URL, ExampleSessionFactory.HEAP_CONFIG,
            Map.of())) {
      assertThat(sessionFactory.isOpen()).isTrue();
      assertThat(log.warnings()).isEmpty();
    }
  }

  @Test
  void failRefusesRegionsThatOnlyATemplateConfigures() {
    assertThatThrownBy(() -> ExampleSessionFactory.build(JDBC_URL, ExampleSessionFactory.HEAP_CONFIG,
            Map.of(ConfigSettings.MISSING_CACHE_STRATEGY, "fail")).close())
        .hasStackTraceContaining("On-the-fly creation of JCache Cache objects is not supported");
  }
}

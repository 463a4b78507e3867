package io.tiercache.examples.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.ConfigSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code hibernate.javax.cache.missing_cache_strategy} does with caches that tiercache configures
 * from templates: Hibernate asks the cache manager for each region's cache by name, and a region whose
 * name a template matches is created then, so no strategy finds it missing. Without a matching
 * template (only {@code defaults:}) the region is missing and the strategy decides.
 */
class MissingCacheStrategyTest {

  private static final String JDBC_URL = "jdbc:h2:mem:missing-cache-strategy;DB_CLOSE_DELAY=-1";
  private static final String DEFAULTS_ONLY = "tiercache-defaults-only.yaml";

  @ParameterizedTest
  @ValueSource(strings = {"create-warn", "create", "fail"})
  void regionsATemplateMatchesAreNeverMissing(String strategy) {
    try (HibernateLog log = HibernateLog.capture();
        SessionFactory sessionFactory = ExampleSessionFactory.build(JDBC_URL, ExampleSessionFactory.HEAP_CONFIG,
            Map.of(ConfigSettings.MISSING_CACHE_STRATEGY, strategy))) {
      assertThat(sessionFactory.isOpen()).isTrue();
      assertThat(log.warnings()).isEmpty();
    }
  }

  @Test
  void createWarnWarnsAboutRegionsNoTemplateMatches() {
    try (HibernateLog log = HibernateLog.capture();
        SessionFactory sessionFactory = ExampleSessionFactory.build(JDBC_URL, DEFAULTS_ONLY,
            Map.of(ConfigSettings.MISSING_CACHE_STRATEGY, "create-warn"))) {
      assertThat(sessionFactory.isOpen()).isTrue();
      assertThat(log.warnings())
          .hasSize(6)
          .allSatisfy(warning -> assertThat(warning).contains("HHH90001006", "Missing cache region"))
          .anySatisfy(warning -> assertThat(warning).contains("[io.tiercache.examples.hibernate.Author]"))
          .anySatisfy(warning -> assertThat(warning).contains("[default-update-timestamps-region]"));
    }
  }

  @Test
  void failRefusesRegionsNoTemplateMatches() {
    assertThatThrownBy(() -> ExampleSessionFactory.build(JDBC_URL, DEFAULTS_ONLY,
            Map.of(ConfigSettings.MISSING_CACHE_STRATEGY, "fail")).close())
        .hasStackTraceContaining("On-the-fly creation of JCache Cache objects is not supported");
  }
}

package io.tiercache.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TierSpecTest {

  @Test
  void secretsAreHiddenWhenASpecIsPrinted() {
    TierSpec spec = TierSpec.of("redis", Map.of("address", "redis://127.0.0.1:6379", "password", "s3cret",
        "sentinelPassword", "other", "tlsTruststorePassword", "third"));

    assertThat(spec.toString()).contains("redis://127.0.0.1:6379").doesNotContain("s3cret", "other", "third");
    assertThat(spec.properties()).containsEntry("password", "s3cret");
  }
}

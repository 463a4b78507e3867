package io.tiercache.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

  @Test
  void durationsTakeAUnitOrMeanSeconds() {
    assertThat(ConfigValues.parseDuration("500ms")).isEqualTo(new Duration(TimeUnit.MILLISECONDS, 500));
    assertThat(ConfigValues.parseDuration("30s")).isEqualTo(new Duration(TimeUnit.SECONDS, 30));
    assertThat(ConfigValues.parseDuration("10m")).isEqualTo(new Duration(TimeUnit.MINUTES, 10));
    assertThat(ConfigValues.parseDuration("2h")).isEqualTo(new Duration(TimeUnit.HOURS, 2));
    assertThat(ConfigValues.parseDuration("1d")).isEqualTo(new Duration(TimeUnit.DAYS, 1));
    assertThat(ConfigValues.parseDuration("90")).isEqualTo(new Duration(TimeUnit.SECONDS, 90));
    assertThat(ConfigValues.parseDuration("0s")).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10 minutes", "10M", "-5s", "1.5h", "", "m", "10mm"})
  void otherDurationsAreRejected(String text) {
    assertThatThrownBy(() -> ConfigValues.parseDuration(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a duration");
  }

  @Test
  void sizesAreBinaryMultiples() {
    assertThat(ConfigValues.parseSize("1024B")).isEqualTo(1024);
    assertThat(ConfigValues.parseSize("512KB")).isEqualTo(512L << 10);
    assertThat(ConfigValues.parseSize("256MB")).isEqualTo(256L << 20);
    assertThat(ConfigValues.parseSize("2GB")).isEqualTo(2L << 30);
    assertThat(ConfigValues.parseSize("1TB")).isEqualTo(1L << 40);
    assertThat(ConfigValues.parseSize("4096")).isEqualTo(4096);
    assertThat(ConfigValues.parseSize("256 mb")).isEqualTo(256L << 20);
    assertThat(ConfigValues.parseSize("1G")).isEqualTo(1L << 30);
    assertThat(ConfigValues.parseSize("1_024MiB")).isEqualTo(1024L << 20);
  }

  @ParameterizedTest
  @ValueSource(strings = {"256XB", "MB", "1.5GB", "-1GB", "2 G B", "99999999999TB"})
  void otherSizesAreRejected(String text) {
    assertThat(ConfigValues.isSize(text)).isFalse();
    assertThatThrownBy(() -> ConfigValues.parseSize(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void globsMatchTheWholeNameWithStarForAnyCharacters() {
    assertThat(ConfigValues.glob("com.example.*").matcher("com.example.Order").matches()).isTrue();
    assertThat(ConfigValues.glob("com.example.*").matcher("com.example.sub.Order").matches()).isTrue();
    assertThat(ConfigValues.glob("com.example.*").matcher("comXexample.Order").matches()).isFalse();
    assertThat(ConfigValues.glob("*-region").matcher("users-region").matches()).isTrue();
    assertThat(ConfigValues.glob("*-region").matcher("users-region-2").matches()).isFalse();
    assertThat(ConfigValues.glob("a*b*c").matcher("a-b-c").matches()).isTrue();
    assertThat(ConfigValues.glob("orders").matcher("orders").matches()).isTrue();
    assertThat(ConfigValues.glob("(x)+").matcher("(x)+").matches()).isTrue();
  }

  @Test
  void classPatternsFollowObjectInputFilterSyntax() {
    assertThat(ConfigValues.isClassPattern("com.example.Order")).isTrue();
    assertThat(ConfigValues.isClassPattern("com.example.*")).isTrue();
    assertThat(ConfigValues.isClassPattern("com.example.**")).isTrue();
    assertThat(ConfigValues.isClassPattern("com.example.*.Order")).isFalse();
    assertThat(ConfigValues.isClassPattern("*")).isFalse();
    assertThat(ConfigValues.isClassPattern("com..Order")).isFalse();
  }

  @Test
  void variablesResolveWithDefaultsAndEscapes() {
    Variables variables = new Variables(Map.of("HOST", "db", "EMPTY", "")::get);

    assertThat(variables.substitute("${HOST}:${PORT:-5432}")).isEqualTo("db:5432");
    assertThat(variables.substitute("${EMPTY:-fallback}|${EMPTY}")).isEqualTo("fallback|");
    assertThat(variables.substitute("$${HOST} $5 a$b")).isEqualTo("${HOST} $5 a$b");
    assertThat(variables.substitute("${PORT:-}")).isEmpty();
  }

  @Test
  void malformedOrUnsetVariablesAreRejected() {
    Variables variables = new Variables(Map.<String, String>of()::get);

    assertThatThrownBy(() -> variables.substitute("${MISSING}")).hasMessageContaining("${MISSING} is not set");
    assertThatThrownBy(() -> variables.substitute("${OPEN")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> variables.substitute("${}")).hasMessageContaining("bad variable reference");
  }

  @Test
  void suggestionsAreOfferedForNearMisses() {
    assertThat(ConfigParser.didYouMean("readthrough", ConfigParser.CACHE_KEYS)).contains("'readThrough'");
    assertThat(ConfigParser.didYouMean("tier", ConfigParser.CACHE_KEYS)).contains("'tiers'");
    assertThat(ConfigParser.didYouMean("zzzzzz", ConfigParser.CACHE_KEYS)).isEmpty();
  }
}

package io.tiercache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.config.TierSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierPropertiesTest {

  private static TierSpec spec(String key, Object value) {
    return TierSpec.of("demo", Map.of(key, value));
  }

  @Test
  void unknownPropertiesAreRefusedWithTheKnownOnesInOrder() {
    TierSpec spec = TierSpec.of("demo", Map.of("size", 1, "sise", 2));
    assertThatThrownBy(() -> TierProperties.checkKnown(spec, List.of("size", "path")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown demo tier property 'sise' (expected: size, path)");
    assertThatCode(() -> TierProperties.checkKnown(spec("size", 1), List.of("size", "path")))
        .doesNotThrowAnyException();
  }

  @Test
  void textIsNullWhenAbsentOrBlank() {
    assertThat(TierProperties.text(TierSpec.of("demo", Map.of()), "name")).isNull();
    assertThat(TierProperties.text(spec("name", " "), "name")).isNull();
    assertThat(TierProperties.text(spec("name", " a b "), "name")).isEqualTo(" a b ");
    assertThatThrownBy(() -> TierProperties.text(spec("name", 3), "name"))
        .hasMessage("demo tier 'name' must be text, was '3'");
    assertThatThrownBy(() -> TierProperties.text(spec("password", 1234), "password"))
        .as("a secret is not shown").hasMessage("demo tier 'password' must be text, was '****'");
    assertThat(TierProperties.present(spec("name", ""), "name")).isTrue();
    assertThat(TierProperties.present(spec("name", ""), "other")).isFalse();
  }

  @Test
  void numbersComeAsNumbersOrText() {
    assertThat(TierProperties.intValue(TierSpec.of("demo", Map.of()), "count", 7, 0, 10)).isEqualTo(7);
    assertThat(TierProperties.intValue(spec("count", 3L), "count", 7, 0, 10)).isEqualTo(3);
    assertThat(TierProperties.intValue(spec("count", " 1_0 "), "count", 7, 0, 10)).isEqualTo(10);
    assertThat(TierProperties.intValue(spec("count", ""), "count", 7, 0, 10)).isEqualTo(7);
    assertThatThrownBy(() -> TierProperties.intValue(spec("count", 11), "count", 7, 0, 10))
        .hasMessage("demo tier 'count' must be a whole number from 0 to 10, was '11'");
    assertThatThrownBy(() -> TierProperties.intValue(spec("count", 2.5), "count", 7, 0, 10))
        .hasMessage("demo tier 'count' must be a whole number from 0 to 10, was '2.5'");
    assertThatThrownBy(() -> TierProperties.intValue(spec("count", "99999999999"), "count", 7, 0, Integer.MAX_VALUE))
        .hasMessage("demo tier 'count' must be a whole number of at least 0, was '99999999999'");
    assertThat(TierProperties.millis(spec("timeout", "250"), "timeout", 1_000, 1)).isEqualTo(250);
    assertThatThrownBy(() -> TierProperties.millis(spec("timeout", "soon"), "timeout", 1_000, 1))
        .hasMessage("demo tier 'timeout' must be a whole number (milliseconds) of at least 1, was 'soon'");
  }

  @Test
  void flagsAreBooleansOrTheirText() {
    assertThat(TierProperties.flag(TierSpec.of("demo", Map.of()), "tls")).isNull();
    assertThat(TierProperties.flag(spec("tls", true), "tls")).isTrue();
    assertThat(TierProperties.flag(spec("tls", " FALSE "), "tls")).isFalse();
    assertThat(TierProperties.flag(TierSpec.of("demo", Map.of()), "tls", true)).isTrue();
    assertThatThrownBy(() -> TierProperties.flag(spec("tls", "yes"), "tls"))
        .hasMessage("demo tier 'tls' must be true or false, was 'yes'");
  }

  @Test
  void listsComeAsCollectionsOrSeparatedText() {
    assertThat(TierProperties.list(TierSpec.of("demo", Map.of()), "hosts", "host names")).isEmpty();
    assertThat(TierProperties.list(spec("hosts", " b, a  c,,"), "hosts", "host names")).containsExactly("b", "a", "c");
    assertThat(TierProperties.list(spec("hosts", List.of(" b ", "a", " ")), "hosts", "host names"))
        .containsExactly("b", "a");
    assertThatThrownBy(() -> TierProperties.list(spec("hosts", Arrays.asList("a", 5)), "hosts", "host names"))
        .hasMessage("demo tier 'hosts' must hold host names, found '5'");
    assertThatThrownBy(() -> TierProperties.list(spec("hosts", 5), "hosts", "host names"))
        .hasMessage("demo tier 'hosts' must be a list of host names or one text of them separated by commas,"
            + " was '5'");
  }

  @Test
  void invalidNamesKindKeyAndValue() {
    assertThat(TierProperties.invalid(spec("mode", "ring"), "mode", "a or b", "ring"))
        .hasMessage("demo tier 'mode' must be a or b, was 'ring'");
  }
}

package io.tiercache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InvalidationMessagesTest {

  private final InvalidationMessages mine = new InvalidationMessages();
  private final InvalidationMessages other = new InvalidationMessages();

  @Test
  void keysAndClearsReachTheOtherOriginsOnly() {
    byte[] keyFrame = {EntryFrames.FORMAT, 7, 8, 9};
    InvalidationMessages.Received key = other.read(mine.key(keyFrame));
    assertThat(key.kind()).isEqualTo(InvalidationMessages.Kind.KEY);
    assertThat(key.keyFrame()).containsExactly(keyFrame);
    assertThat(other.read(mine.clear()).kind()).isEqualTo(InvalidationMessages.Kind.CLEAR);

    assertThat(mine.read(mine.key(keyFrame))).as("own key").isNull();
    assertThat(mine.read(mine.clear())).as("own clear").isNull();
  }

  @Test
  void probesComeBackToTheirOriginOnly() {
    InvalidationMessages.Received probe = mine.read(mine.probe(-42L));
    assertThat(probe.kind()).isEqualTo(InvalidationMessages.Kind.PROBE);
    assertThat(probe.probe()).isEqualTo(-42L);
    assertThat(other.read(mine.probe(1))).as("another bus's probe").isNull();
  }

  @Test
  void messagesOfAnotherFormatOrShapeAreRefusedWithAReason() {
    assertThatThrownBy(() -> mine.read(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 bytes");
    assertThatThrownBy(() -> mine.read(new byte[] {'g', 'a', 'r', 'b', 'a', 'g', 'e'}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 bytes with format 103");

    byte[] wrongFormat = other.clear();
    wrongFormat[0] = 2;
    assertThatThrownBy(() -> mine.read(wrongFormat)).hasMessageContaining("format 2");

    byte[] unknownKind = other.clear();
    unknownKind[1] = 99;
    assertThatThrownBy(() -> mine.read(unknownKind)).hasMessageContaining("unknown kind 99");

    byte[] clearWithPayload = Arrays.copyOf(other.clear(), other.clear().length + 1);
    assertThatThrownBy(() -> mine.read(clearWithPayload)).hasMessageContaining("clear message with 1 bytes");

    byte[] shortProbe = Arrays.copyOf(mine.probe(5), mine.probe(5).length - 1);
    assertThatThrownBy(() -> mine.read(shortProbe)).hasMessageContaining("probe of 7 bytes");

    byte[] emptyKey = Arrays.copyOf(other.clear(), other.clear().length);
    emptyKey[1] = 0;
    assertThatThrownBy(() -> mine.read(emptyKey)).hasMessageContaining("without a key frame");
    assertThatThrownBy(() -> mine.key(new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }
}

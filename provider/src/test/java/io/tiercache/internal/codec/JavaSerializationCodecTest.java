package io.tiercache.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.CodecException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JavaSerializationCodecTest {

  record Point(int x, int y) implements Serializable {
  }

  private final JavaSerializationCodec codec = new JavaSerializationCodec(
      AllowList.filter(Set.of(Point.class), List.of()));

  private Object roundTrip(Object value) {
    return codec.decode(codec.encode(value), getClass().getClassLoader());
  }

  @Test
  void commonTypesRoundTripToTheSameTypeAndValue() {
    List<Object> values = List.of("", "héllo wörld ✓", 0L, Long.MIN_VALUE, Long.MAX_VALUE, -1, Integer.MAX_VALUE,
        (short) -7, (byte) 0x7f, 'x', '✓', true, false, Math.PI, -0.0d, Double.NaN, 1.5f, Float.NEGATIVE_INFINITY,
        UUID.randomUUID());
    for (Object value : values) {
      Object back = roundTrip(value);
      assertThat(back).as("%s (%s)", value, value.getClass().getSimpleName())
          .isInstanceOf(value.getClass()).isEqualTo(value);
    }
    byte[] bytes = {1, 2, 3, (byte) 0xAC, (byte) 0xED};
    assertThat((byte[]) roundTrip(bytes)).isEqualTo(bytes).isNotSameAs(bytes);
    assertThat((byte[]) roundTrip(new byte[0])).isEmpty();
  }

  @Test
  void commonTypesAreCompactAndEqualKeysGiveEqualBytes() {
    assertThat(codec.encode(42L)).hasSize(9).isEqualTo(codec.encode(Long.valueOf(42)));
    assertThat(codec.encode(42)).hasSize(5);
    assertThat(codec.encode("abc")).hasSize(4).isEqualTo(codec.encode(new String("abc")));
    assertThat(codec.encode(new byte[100])).hasSize(101);
    // the same number as a Long and as an Integer are different keys, as in a HashMap
    assertThat(codec.encode(42L)).isNotEqualTo(codec.encode(42));
  }

  @Test
  void otherObjectsGoThroughJdkSerializationUnderTheFilter() {
    byte[] encoded = codec.encode(new Point(1, 2));
    assertThat(encoded[0]).isEqualTo((byte) 0xAC);
    assertThat(roundTrip(new Point(1, 2))).isEqualTo(new Point(1, 2));
    assertThat(roundTrip(new BigDecimal("1.25"))).isEqualTo(new BigDecimal("1.25"));

    JavaSerializationCodec strict = new JavaSerializationCodec(AllowList.filter(Set.of(), List.of()));
    assertThatThrownBy(() -> strict.decode(encoded, getClass().getClassLoader()))
        .isInstanceOf(CodecException.class)
        .hasMessage("Refused to deserialize " + Point.class.getName() + ": the class is not allowed. Add it ("
            + Point.class.getName() + ") or its package (io.tiercache.internal.codec.**) to the cache's "
            + "serialization.allow (TieredConfiguration.allowClasses in code)");
  }

  @Test
  void aRefusalNamesTheRefusedClassInsideAllowedContainersAndArrays() {
    JavaSerializationCodec strict = new JavaSerializationCodec(AllowList.filter(Set.of(), List.of()));

    byte[] list = codec.encode(new ArrayList<>(List.of(new Point(1, 2))));
    assertThatThrownBy(() -> strict.decode(list, getClass().getClassLoader()))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("Refused to deserialize " + Point.class.getName() + ":");

    byte[] array = codec.encode(new Point[] {new Point(1, 2)});
    assertThatThrownBy(() -> strict.decode(array, getClass().getClassLoader()))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("Refused to deserialize an array of " + Point.class.getName() + ":")
        .hasMessageContaining("serialization.allow");

    JavaSerializationCodec allowing = new JavaSerializationCodec(
        AllowList.filter(Set.of(), List.of("io.tiercache.internal.codec.**")));
    assertThat(allowing.decode(list, getClass().getClassLoader())).isEqualTo(List.of(new Point(1, 2)));
  }

  @Test
  void aKnownGadgetClassIsRefusedWhateverTheAllowListSays() {
    JavaSerializationCodec allowingJdk = new JavaSerializationCodec(
        AllowList.filter(Set.of(), List.of("java.util.**")));
    byte[] queue = codec.encode(new PriorityQueue<>(List.of(3, 1, 2)));

    assertThatThrownBy(() -> allowingJdk.decode(queue, getClass().getClassLoader()))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("Refused to deserialize java.util.PriorityQueue:")
        .hasMessageContaining("whatever serialization.allow says");
  }

  @Test
  void corruptOrTruncatedBytesAreRefusedWithAClearError() {
    byte[] truncated = codec.encode(7L);
    assertThatThrownBy(() -> codec.decode(java.util.Arrays.copyOf(truncated, 5), null))
        .isInstanceOf(CodecException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> codec.decode(new byte[] {99, 1, 2}, null))
        .isInstanceOf(CodecException.class).hasMessageContaining("unknown form 99");
    assertThatThrownBy(() -> codec.decode(new byte[] {8, 5}, null))
        .isInstanceOf(CodecException.class).hasMessageContaining("boolean");
    assertThatThrownBy(() -> codec.decode(new byte[0], null))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 1}, null))
        .isInstanceOf(CodecException.class).hasMessageContaining("corrupt");
  }

  @Test
  void unserializableObjectsNameTheirClassAndTheWayOut() {
    assertThatThrownBy(() -> codec.encode(new Object()))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("Cannot serialize an instance of java.lang.Object: java.lang.Object is not Serializable")
        .hasMessageContaining("storeByValue: false")
        .hasMessageContaining("heap tier only");
  }
}

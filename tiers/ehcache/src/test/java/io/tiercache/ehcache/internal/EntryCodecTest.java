package io.tiercache.ehcache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tiercache.codec.Codec;
import io.tiercache.internal.codec.JavaSerializationCodec;
import io.tiercache.spi.StoredEntry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The frames: every damaged byte, every truncation, every swap is detected before the codec runs. */
class EntryCodecTest {

  private static final Codec JDK = new JavaSerializationCodec(null);

  private final EntryCodec<String, String> codec = codec(7);

  private static EntryCodec<String, String> codec(long incarnation) {
    return new EntryCodec<>(JDK, EntryCodecTest.class.getClassLoader(), String.class, String.class, incarnation,
        "test tier");
  }

  @Test
  void valuesRoundTripWithVersionAndExpiry() {
    ByteKey key = codec.encodeKey("k");
    StoredEntry<String> entry = StoredEntry.of("value", 1_234_567L, 99);

    StoredEntry<String> decoded = codec.decode(key, codec.encode(key, entry));

    assertThat(decoded.value()).isEqualTo("value");
    assertThat(decoded.expiresAt()).isEqualTo(1_234_567L);
    assertThat(decoded.version()).isEqualTo(99);
    assertThat(codec.decodeKey(key)).isEqualTo("k");
  }

  @Test
  void equalKeysEncodeToEqualByteKeys() {
    ByteKey one = codec.encodeKey("same");
    ByteKey two = codec.encodeKey(new String("same".toCharArray()));
    assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
    assertThat(one).isNotEqualTo(codec.encodeKey("other"));
  }

  @Test
  void reservationsRoundTripInTheirIncarnationAndAreAbsentInAnother() {
    ByteKey key = codec.encodeKey("k");
    Record record = codec.encode(key, StoredEntry.reservation(5));

    StoredEntry<String> decoded = codec.decode(key, record);
    assertThat(decoded.isReservation()).isTrue();
    assertThat(decoded.version()).isEqualTo(-5);
    assertThat(codec.version(key, record)).isEqualTo(-5);

    EntryCodec<String, String> restarted = codec(8);
    assertThat(restarted.decode(key, record)).isNull();
    assertThat(restarted.version(key, record)).isEqualTo(EntryCodec.ABSENT);
  }

  @Test
  void everySingleBitFlipOfARecordIsDetected() {
    ByteKey key = codec.encodeKey("k");
    byte[] frame = codec.encode(key, StoredEntry.of("some value", StoredEntry.NEVER, 3)).frame();
    for (int i = 0; i < frame.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] damaged = frame.clone();
        damaged[i] ^= (byte) (1 << bit);
        int index = i;
        assertThatThrownBy(() -> codec.decode(key, new Record(damaged)))
            .as("bit %d of byte %d", bit, index)
            .isInstanceOf(CorruptEntryException.class)
            .hasMessageStartingWith("test tier: corrupt data:");
      }
    }
  }

  @Test
  void everyTruncationOfARecordIsDetected() {
    ByteKey key = codec.encodeKey("k");
    byte[] frame = codec.encode(key, StoredEntry.of("some value", 42L, 3)).frame();
    for (int length = 0; length < frame.length; length++) {
      byte[] truncated = Arrays.copyOf(frame, length);
      assertThatThrownBy(() -> codec.decode(key, new Record(truncated)))
          .isInstanceOf(CorruptEntryException.class);
    }
  }

  @Test
  void aRecordStoredUnderAnotherKeyIsDetected() {
    ByteKey a = codec.encodeKey("a");
    ByteKey b = codec.encodeKey("b");
    Record ofA = codec.encode(a, StoredEntry.of("value of a", StoredEntry.NEVER, 1));

    assertThatThrownBy(() -> codec.decode(b, ofA))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessageContaining("stored under another key");
  }

  @Test
  void everySingleBitFlipOfAKeyIsDetected() {
    byte[] frame = codec.encodeKey("a key").frame();
    for (int i = 0; i < frame.length; i++) {
      byte[] damaged = frame.clone();
      damaged[i] ^= 0x10;
      assertThatThrownBy(() -> codec.decodeKey(new ByteKey(damaged))).isInstanceOf(CorruptEntryException.class);
    }
    assertThatThrownBy(() -> codec.decodeKey(new ByteKey(new byte[3]))).isInstanceOf(CorruptEntryException.class);
  }

  @Test
  void aValueOfAnotherTypeIsRejected() {
    EntryCodec<String, Object> untyped = new EntryCodec<>(JDK, getClass().getClassLoader(), String.class,
        Object.class, 7, "test tier");
    ByteKey key = untyped.encodeKey("k");
    Record record = untyped.encode(key, StoredEntry.of(42L, StoredEntry.NEVER, 1));

    assertThatThrownBy(() -> codec.decode(key, record))
        .isInstanceOf(CorruptEntryException.class)
        .hasMessage("test tier holds a value of java.lang.Long, the cache expects java.lang.String");
  }

  @Test
  void theExpiryPolicyReadsTheHeader() {
    ByteKey key = codec.encodeKey("k");
    long in10s = System.currentTimeMillis() + 10_000;
    RecordExpiryPolicy expiring = new RecordExpiryPolicy(true);

    assertThat(expiring.getExpiryForCreation(key, codec.encode(key, StoredEntry.of("v", in10s, 1))))
        .isBetween(java.time.Duration.ofSeconds(9), java.time.Duration.ofSeconds(10));
    assertThat(expiring.getExpiryForCreation(key, codec.encode(key, StoredEntry.of("v", StoredEntry.NEVER, 1))))
        .isEqualTo(org.ehcache.expiry.ExpiryPolicy.INFINITE);
    assertThat(expiring.getExpiryForUpdate(key, null, codec.encode(key, StoredEntry.of("v", 1_000, 1))))
        .isZero();
    assertThat(expiring.getExpiryForCreation(key, codec.encode(key, StoredEntry.reservation(3))))
        .isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(expiring.getExpiryForAccess(key, () -> null)).isNull();
    assertThat(new RecordExpiryPolicy(false).getExpiryForCreation(key, codec.encode(key,
        StoredEntry.of("v", in10s, 1)))).isEqualTo(org.ehcache.expiry.ExpiryPolicy.INFINITE);
  }
}

package io.tiercache.internal.copy;

import io.tiercache.codec.Codec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Copies by encoding and decoding with a {@link Codec}; immutable JDK types and enums are returned
 * as they are, arrays of primitives are cloned.
 */
public final class SerializingCopier implements Copier {

  private static final Set<Class<?>> IMMUTABLE = Set.of(
      String.class, Boolean.class, Byte.class, Short.class, Character.class, Integer.class, Long.class,
      Float.class, Double.class, BigInteger.class, BigDecimal.class, UUID.class, URI.class, URL.class,
      Class.class, Locale.class, Currency.class, Pattern.class, InetAddress.class, Optional.class,
      Instant.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class,
      ZonedDateTime.class, Duration.class, Period.class);

  private final Codec codec;
  private final ClassLoader classLoader;

  public SerializingCopier(Codec codec, ClassLoader classLoader) {
    this.codec = codec;
    this.classLoader = classLoader;
  }

  /** Whether values of {@code type} never need copying. */
  public static boolean isImmutable(Class<?> type) {
    return IMMUTABLE.contains(type) || type.isEnum() || ZoneId.class.isAssignableFrom(type)
        || (type.getSuperclass() != null && type.getSuperclass().isEnum());
  }

  /** How values of a class are copied, decided once per class (the copy is on every read's path). */
  private enum Strategy {
    SAME, CLONE_BYTES, CLONE_INTS, CLONE_LONGS, CLONE_CHARS, SERIALIZE
  }

  private static final ClassValue<Strategy> STRATEGIES = new ClassValue<>() {
    @Override
    protected Strategy computeValue(Class<?> type) {
      if (isImmutable(type)) {
        return Strategy.SAME;
      }
      if (type == byte[].class) {
        return Strategy.CLONE_BYTES;
      }
      if (type == int[].class) {
        return Strategy.CLONE_INTS;
      }
      if (type == long[].class) {
        return Strategy.CLONE_LONGS;
      }
      if (type == char[].class) {
        return Strategy.CLONE_CHARS;
      }
      return Strategy.SERIALIZE;
    }
  };

  @Override
  @SuppressWarnings("unchecked")
  public <T> T copy(T object) {
    if (object == null) {
      return null;
    }
    if (object instanceof byte[] bytes) { // the commonest value of all, ahead of the per-class lookup
      return (T) bytes.clone();
    }
    return switch (STRATEGIES.get(object.getClass())) {
      case SAME -> object;
      case CLONE_BYTES -> (T) ((byte[]) object).clone();
      case CLONE_INTS -> (T) ((int[]) object).clone();
      case CLONE_LONGS -> (T) ((long[]) object).clone();
      case CLONE_CHARS -> (T) ((char[]) object).clone();
      case SERIALIZE -> (T) codec.decode(codec.encode(object), classLoader);
    };
  }
}

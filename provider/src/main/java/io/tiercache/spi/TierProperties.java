package io.tiercache.spi;

import io.tiercache.config.TierSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Reads the properties of a {@link TierSpec} for a {@link TierFactory}: one set of rules and error
 * messages for every tier kind.
 *
 * <ul>
 *   <li>Every error is an {@link IllegalArgumentException} whose text names the tier kind, the property
 *       and the value it refused, such as {@code redis tier 'timeout' must be a whole number
 *       (milliseconds) of at least 1, was 'soon'}; values of secrets ({@code password}, {@code token},
 *       ...) are shown as {@code ****}.</li>
 *   <li>An absent property, or one whose value is {@code null}, takes the default. Texts come from
 *       configuration files as well as from code: numbers and booleans may be given as text, and an
 *       empty text counts as absent (an unset placeholder).</li>
 * </ul>
 */
public final class TierProperties {

  private TierProperties() {
  }

  /**
   * Refuses a property outside {@code known}; the error lists {@code known} in its iteration order, so
   * pass a {@link List}.
   */
  public static void checkKnown(TierSpec spec, Collection<String> known) {
    for (String key : spec.properties().keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown " + spec.kind() + " tier property '" + key + "' (expected: "
            + String.join(", ", known) + ")");
      }
    }
  }

  /** Whether {@code key} is set (to a value other than {@code null}). */
  public static boolean present(TierSpec spec, String key) {
    return spec.properties().get(key) != null;
  }

  /** A text property as given (not trimmed), or {@code null} when absent or blank. */
  public static String text(TierSpec spec, String key) {
    Object value = spec.properties().get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof CharSequence)) {
      throw invalid(spec, key, "text", value);
    }
    String text = value.toString();
    return text.isBlank() ? null : text;
  }

  /**
   * A whole number from {@code min} to {@code max}: an {@code Integer}, {@code Long} or {@code Short},
   * or a text of digits ({@code _} between them ignored); {@code defaultValue} when absent.
   */
  public static int intValue(TierSpec spec, String key, int defaultValue, int min, int max) {
    return number(spec, key, defaultValue, min, max, "");
  }

  /** A duration in whole milliseconds of at least {@code min}, read as {@link #intValue}. */
  public static int millis(TierSpec spec, String key, int defaultValue, int min) {
    return number(spec, key, defaultValue, min, Integer.MAX_VALUE, " (milliseconds)");
  }

  /**
   * A boolean: a {@code Boolean} or the text {@code true} or {@code false} (any case); {@code null}
   * when absent, so that a caller can tell "not said" from {@code false}.
   */
  public static Boolean flag(TierSpec spec, String key) {
    Object value = spec.properties().get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    if (value instanceof CharSequence text) {
      String word = text.toString().trim().toLowerCase(Locale.ROOT);
      if (word.isEmpty()) {
        return null;
      }
      if (word.equals("true") || word.equals("false")) {
        return Boolean.valueOf(word);
      }
    }
    throw invalid(spec, key, "true or false", value);
  }

  /** {@link #flag(TierSpec, String)} with a default. */
  public static boolean flag(TierSpec spec, String key, boolean defaultValue) {
    Boolean flag = flag(spec, key);
    return flag == null ? defaultValue : flag;
  }

  /**
   * A list of texts: a collection of texts, or one text whose items are separated by commas or white
   * space. Returns the items trimmed, without empty ones, in the order given; empty when absent.
   * {@code items} says what the items are in errors, such as {@code "host:port addresses"}.
   */
  public static List<String> list(TierSpec spec, String key, String items) {
    Object value = spec.properties().get(key);
    if (value == null) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    if (value instanceof CharSequence text) {
      for (String part : text.toString().split("[,\\s]+")) {
        if (!part.isEmpty()) {
          result.add(part);
        }
      }
    } else if (value instanceof Collection<?> collection) {
      for (Object item : collection) {
        if (!(item instanceof CharSequence)) {
          throw new IllegalArgumentException(spec.kind() + " tier '" + key + "' must hold " + items + ", found '"
              + shown(key, item) + "'");
        }
        String text = item.toString().trim();
        if (!text.isEmpty()) {
          result.add(text);
        }
      }
    } else {
      throw invalid(spec, key, "a list of " + items + " or one text of them separated by commas", value);
    }
    return List.copyOf(result);
  }

  /**
   * The error for a value of {@code key} that is not {@code expected}: {@code <kind> tier '<key>' must be
   * <expected>, was '<value>'}. For the checks a tier makes itself.
   */
  public static IllegalArgumentException invalid(TierSpec spec, String key, String expected, Object value) {
    return new IllegalArgumentException(spec.kind() + " tier '" + key + "' must be " + expected + ", was '"
        + shown(key, value) + "'");
  }

  private static int number(TierSpec spec, String key, int defaultValue, int min, int max, String unit) {
    Object value = spec.properties().get(key);
    if (value == null || value instanceof CharSequence text && text.toString().isBlank()) {
      return defaultValue;
    }
    String expected = "a whole number" + unit + (max == Integer.MAX_VALUE ? " of at least " + min
        : " from " + min + " to " + max);
    long number;
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      number = ((Number) value).longValue();
    } else if (value instanceof CharSequence text) {
      try {
        number = Long.parseLong(text.toString().trim().replace("_", ""));
      } catch (NumberFormatException e) {
        throw invalid(spec, key, expected, value);
      }
    } else {
      throw invalid(spec, key, expected, value);
    }
    if (number < min || number > max) {
      throw invalid(spec, key, expected, value);
    }
    return (int) number;
  }

  /** The value as an error shows it: secrets hidden. */
  private static Object shown(String key, Object value) {
    String lower = key.toLowerCase(Locale.ROOT);
    boolean secret = lower.contains("password") || lower.contains("secret") || lower.contains("token")
        || lower.endsWith("key");
    return secret ? "****" : value;
  }
}

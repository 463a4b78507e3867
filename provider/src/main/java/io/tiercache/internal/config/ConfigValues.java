package io.tiercache.internal.config;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.expiry.Duration;

/** The value formats of the declarative configuration: durations, sizes, name globs, class patterns. */
public final class ConfigValues {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");
  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,18})\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)", Pattern.CASE_INSENSITIVE);
  private static final Pattern CLASS_PATTERN =
      Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
          + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*(\\.\\*\\*?)?");

  /** What a duration looks like, for error messages. */
  public static final String DURATION_FORMAT =
      "a whole number followed by ms, s, m, h or d (500ms, 30s, 10m, 2h, 1d), or a whole number of seconds";

  /** What a size looks like, for error messages. */
  public static final String SIZE_FORMAT = "a whole number of bytes, or a whole number followed by B, KB, MB, GB"
      + " or TB (1024B, 512KB, 256MB, 2GB; also K, M, G, T and KiB, MiB, GiB, TiB, all powers of 1024)";

  private ConfigValues() {
  }

  /**
   * Parses a duration such as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h} or {@code 1d}; a plain
   * whole number is seconds.
   *
   * @throws IllegalArgumentException when the text is not a duration
   */
  public static Duration parseDuration(String text) {
    String trimmed = text.trim();
    if (trimmed.chars().allMatch(Character::isDigit) && !trimmed.isEmpty() && trimmed.length() <= 18) {
      return duration(TimeUnit.SECONDS, Long.parseLong(trimmed));
    }
    Matcher matcher = DURATION.matcher(trimmed);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: expected " + DURATION_FORMAT);
    }
    long amount = Long.parseLong(matcher.group(1));
    TimeUnit unit = switch (matcher.group(2)) {
      case "ms" -> TimeUnit.MILLISECONDS;
      case "s" -> TimeUnit.SECONDS;
      case "m" -> TimeUnit.MINUTES;
      case "h" -> TimeUnit.HOURS;
      default -> TimeUnit.DAYS;
    };
    return duration(unit, amount);
  }

  /** A duration of {@code amount} seconds (a plain number in configuration). */
  static Duration seconds(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException(amount + " is not a duration: it must not be negative");
    }
    return duration(TimeUnit.SECONDS, amount);
  }

  private static Duration duration(TimeUnit unit, long amount) {
    return amount == 0 ? Duration.ZERO : new Duration(unit, amount);
  }

  /**
   * Whether {@code text} is a size: a whole number of bytes, or a whole number with a unit {@code B, KB,
   * MB, GB, TB} (also {@code K, M, G, T} and {@code KiB, MiB, GiB, TiB}), case-insensitive, {@code _}
   * ignored: the grammar the Ehcache tiers read.
   */
  public static boolean isSize(String text) {
    try {
      parseSize(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The number of bytes of a size such as {@code 1024B}, {@code 512KB}, {@code 256MB}, {@code 2GB} or
   * {@code 1TB} (powers of 1024); see {@link #isSize(String)}.
   *
   * @throws IllegalArgumentException when the text is not a size or is too large
   */
  public static long parseSize(String text) {
    Matcher matcher = SIZE.matcher(text.replace("_", "").trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: expected " + SIZE_FORMAT);
    }
    long amount = Long.parseLong(matcher.group(1));
    int shift = switch (lower(matcher.group(2))) {
      case "", "b" -> 0;
      case "k", "kb", "kib" -> 10;
      case "m", "mb", "mib" -> 20;
      case "g", "gb", "gib" -> 30;
      default -> 40;
    };
    if (amount > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("'" + text + "' is too large a size");
    }
    return amount << shift;
  }

  /** A cache name pattern where {@code *} stands for any characters (dots included). */
  public static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    int start = 0;
    for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', start)) {
      if (star > start) {
        regex.append(Pattern.quote(glob.substring(start, star)));
      }
      regex.append(".*");
      start = star + 1;
    }
    if (start < glob.length()) {
      regex.append(Pattern.quote(glob.substring(start)));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /**
   * Whether {@code pattern} is a class allowlist pattern in {@link java.io.ObjectInputFilter} syntax:
   * a class name ({@code com.example.Order}), a package ({@code com.example.*}) or a package and its
   * sub-packages ({@code com.example.**}).
   */
  public static boolean isClassPattern(String pattern) {
    return CLASS_PATTERN.matcher(pattern).matches();
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}

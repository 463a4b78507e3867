package io.tiercache.ehcache.internal;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.TierProperties;
import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks the properties of an Ehcache tier spec ({@code offheap}, {@code disk}) beside
 * {@link TierProperties}; every error names the kind and property.
 */
public final class EhcacheTierProperties {

  /** The smallest size a tier accepts: Ehcache splits a pool into segments and needs room for them. */
  public static final long MIN_SIZE = 1L << 20;

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");

  private EhcacheTierProperties() {
  }

  /**
   * The {@code size} property in bytes: a whole number of bytes, or a whole number with a unit
   * {@code B, KB, MB, GB, TB} (also {@code K, M, G, T} and {@code KiB, MiB, GiB, TiB}; all powers of
   * 1024, as in Ehcache), case-insensitive, {@code _} ignored; at least {@link #MIN_SIZE}.
   */
  public static long size(TierSpec spec) {
    Object value = spec.properties().get("size");
    if (value == null) {
      throw new IllegalArgumentException(spec.kind() + " tier needs a 'size' (e.g. 256MB)");
    }
    long bytes;
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      bytes = ((Number) value).longValue();
    } else if (value instanceof CharSequence text) {
      bytes = parseSize(spec.kind(), text.toString());
    } else {
      throw badSize(spec.kind(), value);
    }
    if (bytes < MIN_SIZE) {
      throw new IllegalArgumentException(spec.kind() + " tier 'size' must be at least 1MB, was '" + value + "'");
    }
    return bytes;
  }

  /** The required {@code path} property: a string, {@link Path} or {@link File}. */
  public static Path path(TierSpec spec) {
    Object value = spec.properties().get("path");
    if (value == null) {
      throw new IllegalArgumentException(spec.kind() + " tier needs a 'path' (the directory of its files)");
    }
    if (value instanceof Path path) {
      return path;
    }
    if (value instanceof File file) {
      return file.toPath();
    }
    if (value instanceof CharSequence text && !text.toString().isBlank()) {
      try {
        return Path.of(text.toString().trim());
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(spec.kind() + " tier 'path' is not a valid path: '" + value + "'", e);
      }
    }
    throw new IllegalArgumentException(spec.kind() + " tier 'path' must be a directory name, was '" + value + "'");
  }

  /** The {@code persistent} property: a boolean or {@code "true"}/{@code "false"}; default false. */
  public static boolean persistent(TierSpec spec) {
    return TierProperties.flag(spec, "persistent", false);
  }

  private static long parseSize(String kind, String text) {
    Matcher matcher = SIZE.matcher(text.replace("_", "").trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw badSize(kind, text);
    }
    int shift = switch (matcher.group(2)) {
      case "", "b" -> 0;
      case "k", "kb", "kib" -> 10;
      case "m", "mb", "mib" -> 20;
      case "g", "gb", "gib" -> 30;
      case "t", "tb", "tib" -> 40;
      default -> throw badSize(kind, text);
    };
    try {
      long number = Long.parseLong(matcher.group(1));
      if (number > (Long.MAX_VALUE >> shift)) {
        throw badSize(kind, text);
      }
      return number << shift;
    } catch (NumberFormatException e) {
      throw badSize(kind, text);
    }
  }

  private static IllegalArgumentException badSize(String kind, Object value) {
    return new IllegalArgumentException(kind + " tier 'size' must be bytes or a number with a unit"
        + " (B, KB, MB, GB, TB), e.g. 256MB; was '" + value + "'");
  }
}

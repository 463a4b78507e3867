package io.tiercache.internal.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of {@code templates}: the settings for caches whose name matches {@code match}, a glob
 * where {@code *} stands for any characters ({@code com.example.*}, {@code *-region}). Immutable.
 */
public final class CacheTemplate {

  private final String match;
  private final Pattern pattern;
  private final CacheDefinition definition;

  CacheTemplate(String match, CacheDefinition definition) {
    this.match = Objects.requireNonNull(match, "match");
    this.pattern = ConfigValues.glob(match);
    this.definition = Objects.requireNonNull(definition, "definition");
  }

  /** The glob as written. */
  public String match() {
    return match;
  }

  /** Whether {@code cacheName} matches the glob (the whole name). */
  public boolean matches(String cacheName) {
    return pattern.matcher(cacheName).matches();
  }

  /** The settings, completed with {@code defaults}. */
  public CacheDefinition definition() {
    return definition;
  }

  @Override
  public String toString() {
    return "CacheTemplate[" + match + "]";
  }
}

package io.tiercache.internal.config;

import javax.cache.CacheException;

/**
 * A declarative configuration that cannot be used: its message names the file (the URI as given), the
 * line (1-based) and the key path, and says what was expected.
 */
public class ConfigException extends CacheException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String path;
  private final String problem;

  /**
   * @param source the configuration's URI as given
   * @param line the 1-based line, or 0 when unknown
   * @param path the key path such as {@code caches.orders.tiers[1].size}, or empty
   * @param problem what is wrong and what was expected
   */
  public ConfigException(String source, int line, String path, String problem) {
    this(source, line, path, problem, null);
  }

  /** As {@link #ConfigException(String, int, String, String)}, with a cause. */
  public ConfigException(String source, int line, String path, String problem, Throwable cause) {
    super(format(source, line, path, problem), cause);
    this.source = source;
    this.line = line;
    this.path = path == null ? "" : path;
    this.problem = problem;
  }

  private static String format(String source, int line, String path, String problem) {
    StringBuilder message = new StringBuilder("tiercache configuration ").append(source);
    if (line > 0) {
      message.append(", line ").append(line);
    }
    if (path != null && !path.isEmpty()) {
      message.append(", at ").append(path);
    }
    return message.append(": ").append(problem).toString();
  }

  /** The configuration's URI as given. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The key path of the problem, such as {@code caches.orders.tiers[1].size}; empty at the top. */
  public String path() {
    return path;
  }

  /** The problem alone, without file, line and path. */
  public String problem() {
    return problem;
  }
}

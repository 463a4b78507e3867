package io.tiercache.internal.config;

import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${NAME}} and {@code ${NAME:-default}} in scalar values: the environment variable
 * {@code NAME}, else the system property {@code NAME}, else the default (also taken when the variable
 * is set but empty, as in a shell). {@code $${} writes a literal {@code ${}. Defaults do not nest.
 */
final class Variables {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

  private final UnaryOperator<String> lookup;

  Variables(UnaryOperator<String> lookup) {
    this.lookup = lookup;
  }

  /** Environment variables, then system properties. */
  static Variables system() {
    return new Variables(name -> {
      String value = System.getenv(name);
      return value != null ? value : System.getProperty(name);
    });
  }

  /**
   * {@code text} with its variables substituted.
   *
   * @throws IllegalArgumentException for a malformed reference or an unset variable without default
   */
  String substitute(String text) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("unterminated variable reference '" + text.substring(i)
              + "': expected ${NAME} or ${NAME:-default}");
        }
        out.append(resolve(text.substring(i + 2, close)));
        i = close + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return out.toString();
  }

  private String resolve(String reference) {
    int separator = reference.indexOf(":-");
    String name = separator < 0 ? reference : reference.substring(0, separator);
    String fallback = separator < 0 ? null : reference.substring(separator + 2);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad variable reference '${" + reference
          + "}': expected ${NAME} or ${NAME:-default}, NAME made of letters, digits, '_', '.' and '-'");
    }
    String value = lookup.apply(name);
    if (value == null || (value.isEmpty() && fallback != null)) {
      if (fallback == null) {
        throw new IllegalArgumentException("variable ${" + name + "} is not set (no environment variable or"
            + " system property of that name) and has no default; write ${" + name + ":-default} to give one");
      }
      return fallback;
    }
    return value;
  }
}

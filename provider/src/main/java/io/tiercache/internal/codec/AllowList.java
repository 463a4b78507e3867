package io.tiercache.internal.codec;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classes a cache may deserialize from bytes it did not write itself (shared tiers, persistent
 * tiers after a restart): the cache's key and value types, a conservative set of JDK value types,
 * and the patterns the user allowed ({@code com.example.**}, {@code com.example.Order}). Everything
 * else is rejected, so whoever can write to Redis or the disk cannot make this JVM run gadget code.
 */
public final class AllowList {

  /** JDK packages whose serializable classes are plain values. */
  static final List<String> JDK_VALUE_PATTERNS = List.of(
      "java.lang.*", "java.math.*", "java.time.*", "java.time.chrono.*", "java.util.*", "java.net.URI",
      "java.net.URL", "java.net.Inet4Address", "java.net.Inet6Address", "java.net.InetAddress",
      "java.net.InetAddress$*", "java.net.Inet6Address$*");

  /** JDK classes that are known deserialization gadgets or carry behaviour; refused even in java.util. */
  static final List<String> JDK_REFUSED = List.of(
      "!java.util.PriorityQueue", "!java.util.concurrent.*", "!java.lang.reflect.*", "!java.lang.invoke.*",
      "!java.lang.Runtime", "!java.lang.ProcessBuilder", "!java.lang.Thread", "!java.lang.ClassLoader");

  private AllowList() {
  }

  /** Whether {@link #JDK_REFUSED} refuses {@code className}, so that no allow pattern can let it through. */
  static boolean alwaysRefused(String className) {
    int dot = className.lastIndexOf('.');
    String packageName = dot < 0 ? "" : className.substring(0, dot);
    for (String refused : JDK_REFUSED) {
      String pattern = refused.substring(1);
      boolean matches = pattern.endsWith(".*")
          ? packageName.equals(pattern.substring(0, pattern.length() - 2))
          : className.equals(pattern);
      if (matches) {
        return true;
      }
    }
    return false;
  }

  /**
   * A filter allowing {@code types} (and their arrays), JDK value types and {@code patterns}
   * ({@link ObjectInputFilter.Config#createFilter} syntax, one class or package pattern each),
   * rejecting the rest.
   */
  public static ObjectInputFilter filter(Set<Class<?>> types, List<String> patterns) {
    Set<String> parts = new LinkedHashSet<>(JDK_REFUSED);
    for (Class<?> type : types) {
      if (type != null && type != Object.class && !type.isPrimitive()) {
        parts.add(type.getName());
      }
    }
    parts.addAll(JDK_VALUE_PATTERNS);
    for (String pattern : patterns) {
      String trimmed = pattern.trim();
      if (trimmed.isEmpty() || trimmed.contains(";")) {
        throw new IllegalArgumentException("invalid allowlist pattern '" + pattern + "'");
      }
      parts.add(trimmed);
    }
    List<String> ordered = new ArrayList<>(parts);
    ordered.add("!*");
    return ObjectInputFilter.Config.createFilter(String.join(";", ordered));
  }
}

package io.tiercache.cdi.internal;

/**
 * The include/exclude rule the JSR-107 annotations share ({@code cachedExceptions}/{@code nonCachedExceptions},
 * {@code cacheFor}/{@code noCacheFor}, {@code evictFor}/{@code noEvictFor}):
 *
 * <ul>
 *   <li>both lists empty: the annotation's default decides (exceptions are cached by {@code @CacheResult},
 *       prevent the put or the removal otherwise);
 *   <li>otherwise an exception is included when it is an instance of a class in the include list (or that list
 *       is empty) and of none in the exclude list.
 * </ul>
 */
final class ExceptionFilter {

  private ExceptionFilter() {}

  static boolean includes(Throwable thrown, Class<? extends Throwable>[] include,
      Class<? extends Throwable>[] exclude, boolean whenBothEmpty) {
    if (include.length == 0 && exclude.length == 0) {
      return whenBothEmpty;
    }
    return (include.length == 0 || isInstance(thrown, include)) && !isInstance(thrown, exclude);
  }

  private static boolean isInstance(Throwable thrown, Class<? extends Throwable>[] types) {
    for (Class<? extends Throwable> type : types) {
      if (type.isInstance(thrown)) {
        return true;
      }
    }
    return false;
  }
}

package io.tiercache.cdi.internal;

import java.lang.reflect.Method;
import java.util.List;

/** Checks an annotated method before deployment; see {@link #of(Method)}. */
public final class MethodProblems {

  private MethodProblems() {}

  /**
   * The problems that make an annotated method unusable, empty when there are none: more than one cache
   * annotation, a {@code @CachePut} without exactly one {@code @CacheValue} parameter.
   *
   * @param method the method to check
   * @return one message per problem
   */
  public static List<String> of(Method method) {
    return MethodDetails.problems(method);
  }
}

package io.tiercache.cdi.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheValue;

/**
 * What is known about one annotated method before any call: its annotation, the cache name, the resolvers
 * and key generator chosen for it, which parameters form the key and which is the value. Built once per
 * method and bean class by {@link CacheInterceptorSupport}.
 *
 * @param <A> the cache annotation type
 */
final class MethodDetails<A extends Annotation> implements CacheMethodDetails<A> {

  private final CacheOperation operation;
  private final Method method;
  private final Set<Annotation> annotations;
  private final A cacheAnnotation;
  private final String cacheName;
  private final List<Set<Annotation>> parameterAnnotations;
  private final int[] keyPositions;
  private final int valuePosition;
  private CacheResolver cacheResolver;
  private CacheResolver exceptionCacheResolver;
  private CacheKeyGenerator keyGenerator;

  MethodDetails(Method method, A cacheAnnotation, String cacheName) {
    this.operation = CacheOperation.of(cacheAnnotation);
    this.method = method;
    this.annotations = Set.copyOf(Arrays.asList(method.getAnnotations()));
    this.cacheAnnotation = cacheAnnotation;
    this.cacheName = cacheName;
    Annotation[][] declared = method.getParameterAnnotations();
    List<Set<Annotation>> parameters = new ArrayList<>();
    List<Integer> keys = new ArrayList<>();
    int value = -1;
    for (int i = 0; i < declared.length; i++) {
      parameters.add(Set.copyOf(Arrays.asList(declared[i])));
      if (operation == CacheOperation.PUT && has(declared[i], CacheValue.class)) {
        value = i;
      } else if (has(declared[i], CacheKey.class)) {
        keys.add(i);
      }
    }
    if (keys.isEmpty()) {
      for (int i = 0; i < declared.length; i++) {
        if (i != value) {
          keys.add(i);
        }
      }
    }
    this.parameterAnnotations = List.copyOf(parameters);
    this.keyPositions = keys.stream().mapToInt(Integer::intValue).toArray();
    this.valuePosition = value;
  }

  /**
   * The problems that make an annotated method unusable, empty when there are none: more than one cache
   * annotation, a {@code @CachePut} without exactly one {@code @CacheValue} parameter.
   */
  static List<String> problems(Method method) {
    List<String> problems = new ArrayList<>();
    List<String> found = Arrays.stream(CacheOperation.values())
        .filter(operation -> method.isAnnotationPresent(operation.annotationType()))
        .map(operation -> "@" + operation.annotationType().getSimpleName())
        .collect(Collectors.toList());
    if (found.size() > 1) {
      problems.add(method + " has " + String.join(", ", found) + ": one cache annotation per method");
    }
    long values = Arrays.stream(method.getParameterAnnotations()).filter(a -> has(a, CacheValue.class)).count();
    if (method.isAnnotationPresent(javax.cache.annotation.CachePut.class) && values != 1) {
      problems.add(method + " is annotated @CachePut: exactly one parameter must be annotated @CacheValue, found "
          + values);
    }
    return problems;
  }

  private static boolean has(Annotation[] annotations, Class<? extends Annotation> type) {
    for (Annotation annotation : annotations) {
      if (annotation.annotationType() == type) {
        return true;
      }
    }
    return false;
  }

  /** Called once, before the details are shared: the resolver factory needs the details to choose. */
  void resolvers(CacheResolver cacheResolver, CacheResolver exceptionCacheResolver, CacheKeyGenerator keyGenerator) {
    this.cacheResolver = cacheResolver;
    this.exceptionCacheResolver = exceptionCacheResolver;
    this.keyGenerator = keyGenerator;
  }

  boolean hasValueParameter() {
    return valuePosition >= 0;
  }

  CacheOperation operation() {
    return operation;
  }

  CacheResolver cacheResolver() {
    return cacheResolver;
  }

  /** The resolver of the exception cache, null when the method caches no exceptions. */
  CacheResolver exceptionCacheResolver() {
    return exceptionCacheResolver;
  }

  /** Null for {@code @CacheRemoveAll}, which has no key. */
  CacheKeyGenerator keyGenerator() {
    return keyGenerator;
  }

  /** The context of one call, for resolvers and key generators. */
  Invocation<A> invocation(Object target, Object[] arguments) {
    Class<?>[] types = method.getParameterTypes();
    Parameter[] all = new Parameter[types.length];
    for (int i = 0; i < types.length; i++) {
      all[i] = new Parameter(types[i], arguments[i], parameterAnnotations.get(i), i);
    }
    Parameter[] keys = new Parameter[keyPositions.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = all[keyPositions[i]];
    }
    return new Invocation<>(this, target, all, keys, valuePosition < 0 ? null : all[valuePosition]);
  }

  @Override
  public Method getMethod() {
    return method;
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return annotations;
  }

  @Override
  public A getCacheAnnotation() {
    return cacheAnnotation;
  }

  @Override
  public String getCacheName() {
    return cacheName;
  }

  @Override
  public String toString() {
    return "@" + operation.annotationType().getSimpleName() + " " + method + " on cache " + cacheName;
  }
}

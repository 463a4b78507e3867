package io.tiercache.cdi.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;

/** The context of one intercepted call, handed to cache resolvers and key generators. */
final class Invocation<A extends Annotation> implements CacheKeyInvocationContext<A> {

  private final MethodDetails<A> details;
  private final Object target;
  private final Parameter[] all;
  private final Parameter[] keys;
  private final Parameter value;

  Invocation(MethodDetails<A> details, Object target, Parameter[] all, Parameter[] keys, Parameter value) {
    this.details = details;
    this.target = target;
    this.all = all;
    this.keys = keys;
    this.value = value;
  }

  @Override
  public Method getMethod() {
    return details.getMethod();
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return details.getAnnotations();
  }

  @Override
  public A getCacheAnnotation() {
    return details.getCacheAnnotation();
  }

  @Override
  public String getCacheName() {
    return details.getCacheName();
  }

  @Override
  public Object getTarget() {
    return target;
  }

  @Override
  public CacheInvocationParameter[] getAllParameters() {
    return all.clone();
  }

  @Override
  public CacheInvocationParameter[] getKeyParameters() {
    return keys.clone();
  }

  @Override
  public CacheInvocationParameter getValueParameter() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap an invocation context to " + type.getName());
  }
}

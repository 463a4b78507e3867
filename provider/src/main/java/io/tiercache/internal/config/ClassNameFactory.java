package io.tiercache.internal.config;

import java.io.Serializable;
import java.util.Objects;
import javax.cache.CacheException;
import javax.cache.configuration.Factory;

/**
 * Builds a new instance of a named class with its public no-argument constructor, loading the class
 * with the cache manager's class loader (unlike {@code FactoryBuilder.ClassFactory}, which uses the
 * thread's context class loader). Serializable: after deserialization the context class loader is used.
 *
 * @param <T> the type built
 */
public final class ClassNameFactory<T> implements Factory<T>, Serializable {

  private static final long serialVersionUID = 1L;

  private final String className;
  private final transient ClassLoader classLoader;

  /** A factory of {@code className}, loaded by {@code classLoader} (null: the context class loader). */
  public ClassNameFactory(String className, ClassLoader classLoader) {
    this.className = Objects.requireNonNull(className, "className");
    this.classLoader = classLoader;
  }

  /** The name of the class built. */
  public String className() {
    return className;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T create() {
    ClassLoader loader = classLoader;
    if (loader == null) {
      loader = Thread.currentThread().getContextClassLoader();
    }
    if (loader == null) {
      loader = ClassNameFactory.class.getClassLoader();
    }
    try {
      return (T) Class.forName(className, true, loader).getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new CacheException("Cannot instantiate " + className + " with its public no-argument constructor", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClassNameFactory<?> that && className.equals(that.className);
  }

  @Override
  public int hashCode() {
    return className.hashCode();
  }

  @Override
  public String toString() {
    return "ClassNameFactory[" + className + "]";
  }
}

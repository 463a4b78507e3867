package io.tiercache.cdi.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the four interceptors share within one CDI container.
 *
 * <ul>
 *   <li>Method details are read once per method and bean class (the bean class decides
 *       {@code @CacheDefaults}); resolver factories are asked for their resolvers then, once per method, as
 *       the specification says.
 *   <li>Key generators and resolver factories named by the annotations are CDI beans when the class is
 *       one (resolvable with the default qualifier), else instances made with the public no-argument
 *       constructor; one instance per class.
 *   <li>The cache manager is the application's CDI bean of type {@link CacheManager} when there is one,
 *       else the default cache manager of the tiercache provider, named explicitly because other providers
 *       may be on the classpath. That manager is shared by the JVM, so it is not closed with the container.
 * </ul>
 */
@ApplicationScoped
public class CacheInterceptorSupport {

  /** The class name of the tiercache {@code CachingProvider}. */
  static final String PROVIDER = "io.tiercache.TieredCachingProvider";

  private static final Logger LOG = LoggerFactory.getLogger(CacheInterceptorSupport.class);

  private final ConcurrentMap<MethodKey, OnceDetails> methods = new ConcurrentHashMap<>();
  private final ConcurrentMap<Class<?>, Object> instances = new ConcurrentHashMap<>();
  private final CacheKeyGenerator defaultKeyGenerator = new DefaultCacheKeyGenerator();
  private final CacheResolverFactory defaultResolverFactory = new TieredCacheResolverFactory(this::cacheManager);
  private final Object managerLock = new Object();
  private volatile CacheManager cacheManager;

  @Inject
  BeanManager beanManager;

  /**
   * The details of the intercepted method, or null when it carries no cache annotation (its class does
   * not either).
   *
   * @param context the intercepted call
   * @return the method's details, or null
   */
  public MethodDetails<?> details(InvocationContext context) {
    Method method = context.getMethod();
    Class<?> beanClass = context.getTarget() == null ? method.getDeclaringClass() : context.getTarget().getClass();
    return methods.computeIfAbsent(new MethodKey(method, beanClass), OnceDetails::new).get();
  }

  /**
   * Builds one method's details once, however many threads make the first call: resolver factories are
   * asked once per method. Built outside the map's own lock, because building may reach the container;
   * a build that throws (an invalid method) is tried again on the next call.
   */
  private final class OnceDetails {

    private final MethodKey key;
    private volatile boolean built;
    private MethodDetails<?> details; // written before built, read after it

    OnceDetails(MethodKey key) {
      this.key = key;
    }

    MethodDetails<?> get() {
      if (built) {
        return details;
      }
      synchronized (this) {
        if (!built) {
          details = build(key.method(), key.beanClass());
          built = true;
        }
        return details;
      }
    }
  }

  /**
   * The cache manager of the default cache resolver.
   *
   * @return the application's {@code CacheManager} bean, else tiercache's default cache manager
   */
  public CacheManager cacheManager() {
    CacheManager current = cacheManager;
    if (current != null && !current.isClosed()) {
      return current;
    }
    synchronized (managerLock) {
      current = cacheManager;
      if (current == null || current.isClosed()) {
        current = findCacheManager();
        cacheManager = current;
      }
      return current;
    }
  }

  private CacheManager findCacheManager() {
    Instance<CacheManager> beans = beanManager.createInstance().select(CacheManager.class);
    if (beans.isAmbiguous()) {
      throw new IllegalStateException("Several CDI beans of type javax.cache.CacheManager: the JSR-107 annotations "
          + "do not know which to use; keep one with the default qualifier, or name a CacheResolverFactory");
    }
    if (beans.isResolvable()) {
      LOG.debug("JSR-107 annotations use the application's CacheManager bean");
      return beans.get();
    }
    CacheManager manager = Caching.getCachingProvider(PROVIDER).getCacheManager();
    LOG.debug("JSR-107 annotations use the tiercache cache manager {}", manager.getURI());
    return manager;
  }

  private MethodDetails<?> build(Method method, Class<?> beanClass) {
    Annotation annotation = cacheAnnotation(method, beanClass);
    if (annotation == null) {
      return null;
    }
    List<String> problems = MethodDetails.problems(method);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(String.join("; ", problems));
    }
    CacheDefaults defaults = findAnnotation(beanClass, CacheDefaults.class);
    return switch (CacheOperation.of(annotation)) {
      case RESULT -> {
        CacheResult result = (CacheResult) annotation;
        MethodDetails<CacheResult> details =
            new MethodDetails<>(method, result, cacheName(result.cacheName(), defaults, method));
        CacheResolverFactory factory = resolverFactory(result.cacheResolverFactory(), defaults);
        CacheResolver exceptions = result.exceptionCacheName().isEmpty()
            ? null : factory.getExceptionCacheResolver(details);
        details.resolvers(factory.getCacheResolver(details), exceptions,
            keyGenerator(result.cacheKeyGenerator(), defaults));
        yield details;
      }
      case PUT -> {
        CachePut put = (CachePut) annotation;
        MethodDetails<CachePut> details = new MethodDetails<>(method, put, cacheName(put.cacheName(), defaults, method));
        if (!details.hasValueParameter()) {
          // @CachePut on the class reaches methods the deployment check did not look at
          throw new IllegalStateException(method + " is intercepted by @CachePut: exactly one parameter must be "
              + "annotated @CacheValue, found none");
        }
        details.resolvers(resolverFactory(put.cacheResolverFactory(), defaults).getCacheResolver(details), null,
            keyGenerator(put.cacheKeyGenerator(), defaults));
        yield details;
      }
      case REMOVE -> {
        CacheRemove remove = (CacheRemove) annotation;
        MethodDetails<CacheRemove> details =
            new MethodDetails<>(method, remove, cacheName(remove.cacheName(), defaults, method));
        details.resolvers(resolverFactory(remove.cacheResolverFactory(), defaults).getCacheResolver(details), null,
            keyGenerator(remove.cacheKeyGenerator(), defaults));
        yield details;
      }
      case REMOVE_ALL -> {
        CacheRemoveAll removeAll = (CacheRemoveAll) annotation;
        MethodDetails<CacheRemoveAll> details =
            new MethodDetails<>(method, removeAll, cacheName(removeAll.cacheName(), defaults, method));
        details.resolvers(resolverFactory(removeAll.cacheResolverFactory(), defaults).getCacheResolver(details),
            null, null);
        yield details;
      }
    };
  }

  /** The method's cache annotation, else one on the bean class (an interceptor binding on the type). */
  private static Annotation cacheAnnotation(Method method, Class<?> beanClass) {
    for (CacheOperation operation : CacheOperation.values()) {
      Annotation annotation = method.getAnnotation(operation.annotationType());
      if (annotation != null) {
        return annotation;
      }
    }
    for (CacheOperation operation : CacheOperation.values()) {
      Annotation annotation = findAnnotation(beanClass, operation.annotationType());
      if (annotation != null) {
        return annotation;
      }
    }
    return null;
  }

  /** Looks at the class and its superclasses: the target of a call may be a container-made subclass. */
  private static <T extends Annotation> T findAnnotation(Class<?> type, Class<T> annotationType) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      T annotation = c.getAnnotation(annotationType);
      if (annotation != null) {
        return annotation;
      }
    }
    return null;
  }

  /**
   * The annotation's cache name, else {@code @CacheDefaults}', else
   * {@code package.Class.method(package.ParameterType,...)} as the specification defines it.
   */
  private static String cacheName(String declared, CacheDefaults defaults, Method method) {
    if (!declared.isEmpty()) {
      return declared;
    }
    if (defaults != null && !defaults.cacheName().isEmpty()) {
      return defaults.cacheName();
    }
    StringBuilder name = new StringBuilder(method.getDeclaringClass().getName())
        .append('.').append(method.getName()).append('(');
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      name.append(i == 0 ? "" : ",").append(types[i].getTypeName());
    }
    return name.append(')').toString();
  }

  private CacheResolverFactory resolverFactory(Class<? extends CacheResolverFactory> declared, CacheDefaults defaults) {
    Class<? extends CacheResolverFactory> type = declared;
    if (type == CacheResolverFactory.class && defaults != null) {
      type = defaults.cacheResolverFactory();
    }
    return type == CacheResolverFactory.class ? defaultResolverFactory : instance(type);
  }

  private CacheKeyGenerator keyGenerator(Class<? extends CacheKeyGenerator> declared, CacheDefaults defaults) {
    Class<? extends CacheKeyGenerator> type = declared;
    if (type == CacheKeyGenerator.class && defaults != null) {
      type = defaults.cacheKeyGenerator();
    }
    return type == CacheKeyGenerator.class ? defaultKeyGenerator : instance(type);
  }

  /** One instance per class: the CDI bean of that class when there is one, else a new instance. */
  private <T> T instance(Class<T> type) {
    Object existing = instances.get(type);
    if (existing == null) {
      // created outside the map: a bean's construction may itself reach an intercepted method
      Object created = create(type);
      existing = instances.putIfAbsent(type, created);
      if (existing == null) {
        existing = created;
      }
    }
    return type.cast(existing);
  }

  private <T> T create(Class<T> type) {
    Instance<T> beans = beanManager.createInstance().select(type);
    if (beans.isResolvable()) {
      return beans.get();
    }
    if (beans.isAmbiguous()) {
      throw new IllegalStateException("Several CDI beans of type " + type.getName() + ": name a concrete class");
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor();
      constructor.trySetAccessible();
      return constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(type.getName() + " is neither a CDI bean nor instantiable through a "
          + "no-argument constructor", e);
    }
  }

  private record MethodKey(Method method, Class<?> beanClass) {}
}

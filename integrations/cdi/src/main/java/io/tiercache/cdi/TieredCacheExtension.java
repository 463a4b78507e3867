package io.tiercache.cdi;

import io.tiercache.cdi.internal.CacheInterceptorSupport;
import io.tiercache.cdi.internal.CachePutInterceptor;
import io.tiercache.cdi.internal.CacheRemoveAllInterceptor;
import io.tiercache.cdi.internal.CacheRemoveInterceptor;
import io.tiercache.cdi.internal.CacheResultInterceptor;
import io.tiercache.cdi.internal.MethodProblems;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.util.Nonbinding;
import java.lang.annotation.Annotation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * Makes the JSR-107 annotations work on CDI beans: {@code @CacheResult}, {@code @CachePut},
 * {@code @CacheRemove} and {@code @CacheRemoveAll} (with {@code @CacheKey}, {@code @CacheValue} and
 * {@code @CacheDefaults}).
 *
 * <p>Registered through {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}: nothing to
 * declare in {@code beans.xml}. The extension declares the four annotations as interceptor bindings with
 * every member non-binding (the annotations predate Jakarta CDI) and adds the interceptors, enabled for
 * the whole application by their priority. A method carrying more than one cache annotation, or a
 * {@code @CachePut} method without exactly one {@code @CacheValue} parameter, is a deployment error.
 *
 * <p>Caches are resolved by name in the application's CDI bean of type {@code javax.cache.CacheManager}
 * when it has one, else in the default cache manager of the tiercache provider (which reads the YAML file
 * named by the system property {@code tiercache.config}). Missing caches are created with a plain
 * {@code MutableConfiguration}, to which tiercache applies the declared templates and defaults.
 */
public final class TieredCacheExtension implements Extension {

  private static final List<Class<? extends Annotation>> BINDINGS =
      List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

  private final Set<String> problems = new LinkedHashSet<>();

  void registerBindingsAndInterceptors(@Observes BeforeBeanDiscovery discovery, BeanManager beanManager) {
    for (Class<? extends Annotation> binding : BINDINGS) {
      discovery.configureInterceptorBinding(binding)
          .methods()
          .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
    }
    for (Class<?> type : List.of(CacheInterceptorSupport.class, CacheResultInterceptor.class,
        CachePutInterceptor.class, CacheRemoveInterceptor.class, CacheRemoveAllInterceptor.class)) {
      discovery.addAnnotatedType(beanManager.createAnnotatedType(type), TieredCacheExtension.class.getName() + "#"
          + type.getName());
    }
  }

  <T> void checkAnnotatedMethods(@Observes @WithAnnotations({CacheResult.class, CachePut.class,
      CacheRemove.class, CacheRemoveAll.class}) ProcessAnnotatedType<T> event) {
    for (AnnotatedMethod<? super T> method : event.getAnnotatedType().getMethods()) {
      synchronized (problems) {
        problems.addAll(MethodProblems.of(method.getJavaMember()));
      }
    }
  }

  void reportProblems(@Observes AfterBeanDiscovery event) {
    synchronized (problems) {
      for (String problem : problems) {
        event.addDefinitionError(new IllegalStateException(problem));
      }
      problems.clear();
    }
  }
}

package io.tiercache.cdi.internal;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/** The four JSR-107 method annotations, each handled by its own interceptor. */
enum CacheOperation {
  RESULT(CacheResult.class),
  PUT(CachePut.class),
  REMOVE(CacheRemove.class),
  REMOVE_ALL(CacheRemoveAll.class);

  private final Class<? extends Annotation> annotationType;

  CacheOperation(Class<? extends Annotation> annotationType) {
    this.annotationType = annotationType;
  }

  Class<? extends Annotation> annotationType() {
    return annotationType;
  }

  static CacheOperation of(Annotation annotation) {
    for (CacheOperation operation : values()) {
      if (operation.annotationType.isInstance(annotation)) {
        return operation;
      }
    }
    throw new IllegalArgumentException("Not a JSR-107 cache annotation: " + annotation);
  }
}

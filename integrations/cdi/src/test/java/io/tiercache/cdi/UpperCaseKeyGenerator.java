package io.tiercache.cdi;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** A key generator that is no CDI bean: made with its no-argument constructor. */
public class UpperCaseKeyGenerator implements CacheKeyGenerator {

  @Override
  public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
    return new StringKey(String.valueOf(context.getKeyParameters()[0].getValue()).toUpperCase());
  }
}

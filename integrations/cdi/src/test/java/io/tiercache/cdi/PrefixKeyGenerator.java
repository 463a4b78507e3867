package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** A key generator that is a CDI bean: it works only if the container made it (the prefix is injected). */
@ApplicationScoped
public class PrefixKeyGenerator implements CacheKeyGenerator {

  @Inject
  TenantPrefix tenant;

  @Override
  public GeneratedCacheKey generateCacheKey(CacheKeyInvocationContext<? extends Annotation> context) {
    return new StringKey(tenant.prefix() + ":" + Arrays.stream(context.getKeyParameters())
        .map(parameter -> String.valueOf(parameter.getValue()))
        .collect(Collectors.joining(",")));
  }
}

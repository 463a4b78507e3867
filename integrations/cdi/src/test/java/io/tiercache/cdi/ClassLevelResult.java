package io.tiercache.cdi;

import jakarta.enterprise.context.Dependent;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;

/** {@code @CacheResult} on the class: every business method is cached, in one cache. */
@Dependent
@CacheResult(cacheName = "class-level")
public class ClassLevelResult {

  private final AtomicInteger calls = new AtomicInteger();

  public String first(String key) {
    return "first " + key + " #" + calls.incrementAndGet();
  }

  public String second(String key) {
    return "second " + key + " #" + calls.incrementAndGet();
  }
}

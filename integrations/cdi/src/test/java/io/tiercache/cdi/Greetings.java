package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheResult;

/** {@code @CacheResult} in its plain forms. */
@ApplicationScoped
public class Greetings {

  private final AtomicInteger calls = new AtomicInteger();

  /** How often a method body ran (read through the proxy, not a field). */
  public int calls() {
    return calls.get();
  }

  @CacheResult(cacheName = "greetings")
  public String greet(String name) {
    return "Hello " + name + " #" + calls.incrementAndGet();
  }

  @CacheResult
  public String unnamed(String name, int times) {
    return name.repeat(times) + " #" + calls.incrementAndGet();
  }

  @CacheResult(cacheName = "formal")
  public String formal(@CacheKey String name, String monitor) {
    return "Good day, " + name + " #" + calls.incrementAndGet();
  }

  @CacheResult(cacheName = "nothing")
  public String nothing(String name) {
    calls.incrementAndGet();
    return null;
  }

  @CacheResult(cacheName = "greetings", skipGet = true)
  public String refresh(String name) {
    return "Hello again " + name + " #" + calls.incrementAndGet();
  }
}

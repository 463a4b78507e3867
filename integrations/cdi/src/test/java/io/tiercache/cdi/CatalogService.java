package io.tiercache.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;

/** Caches declared in the application's YAML, matched by a template, or neither. */
@ApplicationScoped
public class CatalogService {

  private final AtomicInteger calls = new AtomicInteger();

  public int calls() {
    return calls.get();
  }

  @CacheResult(cacheName = "catalog")
  public String product(String id) {
    return "product " + id + " #" + calls.incrementAndGet();
  }

  @CacheResult(cacheName = "catalog-undeclared")
  public String price(String id) {
    return "price " + id + " #" + calls.incrementAndGet();
  }

  @CacheResult(cacheName = "reports.daily")
  public String report(String day) {
    return "report " + day + " #" + calls.incrementAndGet();
  }
}

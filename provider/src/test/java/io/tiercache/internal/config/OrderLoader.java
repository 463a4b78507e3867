package io.tiercache.internal.config;

import java.util.HashMap;
import java.util.Map;
import javax.cache.integration.CacheLoader;

/** A loader named in the test configuration files. */
public final class OrderLoader implements CacheLoader<String, Order> {

  @Override
  public Order load(String key) {
    return new Order();
  }

  @Override
  public Map<String, Order> loadAll(Iterable<? extends String> keys) {
    Map<String, Order> result = new HashMap<>();
    keys.forEach(key -> result.put(key, new Order()));
    return result;
  }
}

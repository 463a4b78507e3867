package io.tiercache.testing;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.integration.CacheLoader;

/** A loader that answers {@code loaded-<key>} and counts its calls. */
public final class NumberLoader implements CacheLoader<Integer, String>, Serializable {

  private static final long serialVersionUID = 1L;

  private final transient AtomicInteger loads = new AtomicInteger();

  @Override
  public String load(Integer key) {
    loads.incrementAndGet();
    return "loaded-" + key;
  }

  @Override
  public Map<Integer, String> loadAll(Iterable<? extends Integer> keys) {
    Map<Integer, String> loaded = new LinkedHashMap<>();
    for (Integer key : keys) {
      loaded.put(key, load(key));
    }
    return loaded;
  }

  /** How many keys were loaded so far. */
  public int loads() {
    return loads.get();
  }
}

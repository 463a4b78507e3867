package io.tiercache.internal;

import javax.cache.Cache;

/** A key and value handed to callers (iteration), writers and loaders. */
public final class TieredEntry<K, V> implements Cache.Entry<K, V> {

  private final K key;
  private final V value;

  public TieredEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache entry to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "Entry[" + key + "=" + value + "]";
  }
}

package io.tiercache.internal;

import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@code EntryProcessor} works on. It records what the processor did; the cache
 * applies it when the processor returns.
 */
final class ProcessorEntry<K, V> implements MutableEntry<K, V> {

  /** What the processor did to the entry, as far as the cache is concerned. */
  enum Operation {
    /** Nothing visible. */
    NONE,
    /** Read an existing value: the access duration applies. */
    ACCESS,
    /** Set a value where there was none: a write. */
    CREATE,
    /** Read a value that the loader supplied: stored like a read-through load. */
    LOAD,
    /** Set a new value over an existing one. */
    UPDATE,
    /** Removed the entry. */
    REMOVE
  }

  private final K key;
  private final boolean existed;
  private final CacheLoader<K, V> loader;
  private V value;
  private Operation operation = Operation.NONE;

  ProcessorEntry(K key, V current, CacheLoader<K, V> loader) {
    this.key = key;
    this.existed = current != null;
    this.value = current;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (value != null) {
      if (operation == Operation.NONE) {
        operation = Operation.ACCESS;
      }
      return value;
    }
    if (loader != null && operation != Operation.REMOVE) {
      V loaded;
      try {
        loaded = loader.load(key);
      } catch (CacheLoaderException e) {
        throw e;
      } catch (Exception e) {
        throw new CacheLoaderException("The CacheLoader failed to load " + key, e);
      }
      if (loaded != null) {
        value = loaded;
        operation = Operation.LOAD;
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public void remove() {
    operation = operation == Operation.CREATE || operation == Operation.LOAD ? Operation.NONE : Operation.REMOVE;
    value = null;
  }

  @Override
  public void setValue(V newValue) {
    if (newValue == null) {
      throw new NullPointerException("An entry processor cannot set a null value; use remove()");
    }
    operation = existed ? Operation.UPDATE : Operation.CREATE;
    value = newValue;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a processor entry to " + clazz.getName());
  }

  Operation operation() {
    return operation;
  }

  V valueForStore() {
    return value;
  }
}

package io.tiercache.internal.config;

import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/** A writer named in the test configuration files. */
public final class OrderWriter implements CacheWriter<String, Order> {

  @Override
  public void write(Cache.Entry<? extends String, ? extends Order> entry) {
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends String, ? extends Order>> entries) {
  }

  @Override
  public void delete(Object key) {
  }

  @Override
  public void deleteAll(Collection<?> keys) {
  }
}

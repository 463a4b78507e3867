package io.tiercache.internal.event;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/** One registered listener, built from its configuration's factories. */
final class Registration<K, V> {

  final CacheEntryListenerConfiguration<K, V> configuration;
  final CacheEntryListener<? super K, ? super V> listener;
  final CacheEntryEventFilter<? super K, ? super V> filter;
  final boolean synchronous;
  final boolean oldValueRequired;
  /** For asynchronous listeners: the tail of each key's delivery chain, so a key's events stay in order. */
  final ConcurrentMap<Object, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  Registration(CacheEntryListenerConfiguration<K, V> configuration) {
    this.configuration = configuration;
    Factory<CacheEntryListener<? super K, ? super V>> listenerFactory = configuration.getCacheEntryListenerFactory();
    if (listenerFactory == null) {
      throw new IllegalArgumentException("A listener configuration needs a listener factory");
    }
    this.listener = listenerFactory.create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory = configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
    this.synchronous = configuration.isSynchronous();
    this.oldValueRequired = configuration.isOldValueRequired();
  }

  boolean accepts(EventType type) {
    return switch (type) {
      case CREATED -> listener instanceof CacheEntryCreatedListener;
      case UPDATED -> listener instanceof CacheEntryUpdatedListener;
      case REMOVED -> listener instanceof CacheEntryRemovedListener;
      case EXPIRED -> listener instanceof CacheEntryExpiredListener;
    };
  }

  void close() {
    closeQuietly(listener);
    closeQuietly(filter);
  }

  private static void closeQuietly(Object object) {
    if (object instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        EventDispatcher.LOG.warn("Closing {} failed", object, e);
      }
    } else if (object instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        EventDispatcher.LOG.warn("Closing {} failed", object, e);
      }
    }
  }
}

package io.tiercache.internal.event;

import io.tiercache.internal.copy.Copier;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a cache's entry events to its registered listeners.
 *
 * <ul>
 *   <li>Events are recorded inside the per-key atomic update that caused them, so they describe
 *       exactly the transition the store made.</li>
 *   <li>Asynchronous listeners get their events on the dispatcher's executor, in order per key
 *       (each key has its own delivery chain), in parallel across keys. The chain is extended inside
 *       the atomic update ({@link #enqueueAsync}), so two updates of a key are delivered in the
 *       order they were applied. An exception from an asynchronous listener is logged.</li>
 *   <li>Synchronous listeners run on the calling thread after the update and before the cache
 *       operation returns ({@link #deliverSync}); no thread hand-off is paid. An exception from one
 *       reaches the caller as a {@link CacheEntryListenerException} after every listener has run;
 *       an {@link Error} is passed on unwrapped.</li>
 *   <li>A listener that did not ask for old values sees {@code null} old values; for removed and
 *       expired events it then sees no value at all.</li>
 *   <li>Each listener gets its own copies of keys and values when the cache stores by value.</li>
 *   <li>With no listener registered, nothing is recorded and nothing is allocated.</li>
 * </ul>
 */
public final class EventDispatcher<K, V> {

  static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  private final Cache<K, V> source;
  private final Executor executor;
  private final Copier copier;
  private final CopyOnWriteArrayList<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();
  private volatile boolean active;
  private volatile boolean anySync;
  private volatile boolean anyAsync;

  /** A dispatcher whose listeners get keys and values through {@code copier} (store-by-value). */
  public EventDispatcher(Cache<K, V> source, Executor executor, Copier copier) {
    this.source = source;
    this.executor = executor;
    this.copier = copier;
  }

  /** Whether any listener is registered: when not, callers skip recording events. */
  public boolean isActive() {
    return active;
  }

  /** Registers a listener; {@code IllegalArgumentException} if the same configuration is registered. */
  public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> registration : registrations) {
      if (registration.configuration.equals(configuration)) {
        throw new IllegalArgumentException("Listener configuration is already registered: " + configuration);
      }
    }
    registrations.add(new Registration<>(configuration));
    refreshFlags();
  }

  /** Deregisters a listener and closes what its factories created; returns whether it was registered. */
  public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (Registration<K, V> registration : registrations) {
      if (registration.configuration.equals(configuration)) {
        registrations.remove(registration);
        refreshFlags();
        registration.close();
        return true;
      }
    }
    return false;
  }

  /** Deregisters every listener and closes what their factories created. */
  public synchronized void closeAll() {
    for (Registration<K, V> registration : registrations) {
      registration.close();
    }
    registrations.clear();
    refreshFlags();
  }

  private void refreshFlags() {
    boolean sync = false;
    boolean async = false;
    for (Registration<K, V> registration : registrations) {
      sync |= registration.synchronous;
      async |= !registration.synchronous;
    }
    anySync = sync;
    anyAsync = async;
    active = sync || async;
  }

  /**
   * Hands asynchronous listeners their events. Call inside the atomic update that produced them, once
   * it can no longer fail.
   */
  public void enqueueAsync(List<PendingEvent<K, V>> events) {
    if (events == null || events.isEmpty() || !anyAsync) {
      return;
    }
    for (Registration<K, V> registration : registrations) {
      if (registration.synchronous) {
        continue;
      }
      for (PendingEvent<K, V> event : events) {
        if (registration.accepts(event.type())) {
          chain(registration, event);
        }
      }
    }
  }

  private void chain(Registration<K, V> registration, PendingEvent<K, V> event) {
    Runnable task = () -> {
      try {
        deliver(registration, event);
      } catch (Throwable t) {
        LOG.warn("Asynchronous listener {} failed on {} of key {}", registration.listener, event.type(), event.key(), t);
      }
    };
    Object key = event.key();
    CompletableFuture<Void> future = registration.tails.compute(key, (k, tail) ->
        tail == null ? CompletableFuture.runAsync(task, executor) : tail.thenRunAsync(task, executor));
    future.whenComplete((ignored, error) -> registration.tails.remove(key, future));
  }

  /** Runs the synchronous listeners on the calling thread. Call after the atomic update. */
  public void deliverSync(List<PendingEvent<K, V>> events) {
    if (events == null || events.isEmpty() || !anySync) {
      return;
    }
    Throwable failure = null;
    for (Registration<K, V> registration : registrations) {
      if (!registration.synchronous) {
        continue;
      }
      for (PendingEvent<K, V> event : events) {
        if (!registration.accepts(event.type())) {
          continue;
        }
        try {
          deliver(registration, event);
        } catch (Throwable t) {
          if (failure == null) {
            failure = t;
          } else {
            failure.addSuppressed(t);
          }
        }
      }
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof CacheEntryListenerException listenerException) {
      throw listenerException;
    }
    if (failure != null) {
      throw new CacheEntryListenerException("A synchronous listener failed: " + failure, failure);
    }
  }

  /** Waits until every asynchronous event enqueued so far has been delivered (used when closing). */
  public void awaitQuiescence() {
    for (Registration<K, V> registration : registrations) {
      for (CompletableFuture<Void> tail : registration.tails.values()) {
        try {
          tail.join();
        } catch (RuntimeException e) {
          // already logged by the task
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void deliver(Registration<K, V> registration, PendingEvent<K, V> event) {
    CacheEntryEvent<K, V> entryEvent = toEvent(registration, event);
    if (registration.filter != null && !registration.filter.evaluate(entryEvent)) {
      return;
    }
    Iterable<CacheEntryEvent<? extends K, ? extends V>> batch = List.of(entryEvent);
    Object listener = registration.listener;
    switch (event.type()) {
      case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(batch);
      case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(batch);
      case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(batch);
      case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(batch);
      default -> throw new IllegalStateException("Unknown event type " + event.type());
    }
  }

  private CacheEntryEvent<K, V> toEvent(Registration<K, V> registration, PendingEvent<K, V> event) {
    boolean old = registration.oldValueRequired;
    EventType type = event.type();
    K key = copier.copy(event.key());
    return switch (type) {
      case CREATED -> new TieredEntryEvent<>(source, type, key, copier.copy(event.value()), null, false);
      case UPDATED -> new TieredEntryEvent<>(source, type, key, copier.copy(event.value()),
          old ? copier.copy(event.oldValue()) : null, old);
      case REMOVED, EXPIRED -> {
        V oldValue = old ? copier.copy(event.oldValue()) : null;
        yield new TieredEntryEvent<>(source, type, key, oldValue, oldValue, old);
      }
    };
  }
}

package io.tiercache.testing;

import java.io.Closeable;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * A listener for all four event types that records what it receives. It can be told to fail on a
 * given event type. Serializable only so that {@code FactoryBuilder.factoryOf} accepts it: the
 * cache gets this very instance.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RecordingListener<K, V> implements CacheEntryCreatedListener<K, V>,
    CacheEntryUpdatedListener<K, V>, CacheEntryRemovedListener<K, V>, CacheEntryExpiredListener<K, V>,
    Closeable, Serializable {

  private static final long serialVersionUID = 1L;

  /** One received event, by value. */
  public record Received(EventType type, Object key, Object value, Object oldValue, boolean oldValueAvailable) {

    /** What {@link #sameAs} compares: type, key, value and old value. */
    public Received withoutAvailability() {
      return new Received(type, key, value, oldValue, false);
    }

    @Override
    public String toString() {
      return type + "(" + key + ", value=" + value + ", old=" + oldValue
          + (oldValueAvailable ? ", old available" : "") + ")";
    }
  }

  private final transient List<Received> received = new CopyOnWriteArrayList<>();
  private final transient List<CacheEntryEvent<? extends K, ? extends V>> raw = new CopyOnWriteArrayList<>();
  private final transient List<Thread> threads = new CopyOnWriteArrayList<>();
  private final transient AtomicBoolean closed = new AtomicBoolean();
  private volatile EventType failOn;
  private volatile RuntimeException failure;
  private volatile long delayMillis;

  /** An event as a listener would see it with old values available. */
  public static Received event(EventType type, Object key, Object value, Object oldValue) {
    return new Received(type, key, value, oldValue, oldValue != null);
  }

  public static Received created(Object key, Object value) {
    return new Received(EventType.CREATED, key, value, null, false);
  }

  public static Received updated(Object key, Object value, Object oldValue) {
    return new Received(EventType.UPDATED, key, value, oldValue, true);
  }

  /** A removed event with the old value available (JCache 1.1: the value is the old value too). */
  public static Received removed(Object key, Object oldValue) {
    return new Received(EventType.REMOVED, key, oldValue, oldValue, true);
  }

  /** An expired event with the old value available (JCache 1.1: the value is the old value too). */
  public static Received expired(Object key, Object oldValue) {
    return new Received(EventType.EXPIRED, key, oldValue, oldValue, true);
  }

  /**
   * Makes the listener throw a {@link CacheEntryListenerException} on events of {@code type} from now
   * on ({@code null}: never). The event is recorded before the listener throws.
   */
  public void failOn(EventType type) {
    failOn(type, null);
  }

  /** Makes the listener throw {@code exception} on events of {@code type} from now on. */
  public void failOn(EventType type, RuntimeException exception) {
    this.failure = exception;
    this.failOn = type;
  }

  /** Makes the listener take {@code millis} per event (a slow listener). */
  public void slowDown(long millis) {
    this.delayMillis = millis;
  }

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  private void record(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    for (CacheEntryEvent<? extends K, ? extends V> event : events) {
      raw.add(event);
      threads.add(Thread.currentThread());
      received.add(new Received(event.getEventType(), event.getKey(), event.getValue(), event.getOldValue(),
          event.isOldValueAvailable()));
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (event.getEventType() == failOn) {
        RuntimeException toThrow = failure;
        throw toThrow != null ? toThrow : new CacheEntryListenerException("listener told to fail on " + failOn);
      }
    }
  }

  /** Every event received so far, in order. */
  public List<Received> events() {
    return List.copyOf(received);
  }

  /** The events of {@code type} received so far. */
  public List<Received> events(EventType type) {
    return received.stream().filter(event -> event.type() == type).toList();
  }

  /** The events received so far except those of {@code type}. */
  public List<Received> eventsExcept(EventType type) {
    return received.stream().filter(event -> event.type() != type).toList();
  }

  /** The events received so far that match {@code filter}. */
  public List<Received> events(Predicate<Received> filter) {
    return received.stream().filter(filter).toList();
  }

  /** The events as the cache handed them over. */
  public List<CacheEntryEvent<? extends K, ? extends V>> rawEvents() {
    return List.copyOf(raw);
  }

  /** The thread that delivered each event. */
  public List<Thread> threads() {
    return List.copyOf(threads);
  }

  /** Forgets everything received so far. */
  public void reset() {
    received.clear();
    raw.clear();
    threads.clear();
  }

  /** Whether the cache closed this listener. */
  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    closed.set(true);
  }
}

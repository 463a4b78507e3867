package io.tiercache.internal.event;

import javax.cache.event.EventType;

/**
 * An event recorded inside an atomic update, delivered once the update is done. {@code value} is
 * the new value (created, updated) and {@code oldValue} the previous one (updated, removed, expired).
 */
public record PendingEvent<K, V>(EventType type, K key, V value, V oldValue) {
}

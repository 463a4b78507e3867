package io.tiercache.ehcache.internal;

import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.TierListener;
import org.ehcache.event.CacheEvent;
import org.ehcache.event.CacheEventListener;
import org.ehcache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the core about entries Ehcache evicted or expired on its own.
 *
 * <ul>
 *   <li>Registered only when the core listens (its listener is not {@link TierListener#none()}):
 *       decoding a dropped entry costs a codec call.</li>
 *   <li>Asynchronous and unordered, on Ehcache's event threads: a drop is reported shortly after it
 *       happened, never inside the operation that caused it.</li>
 *   <li>Reservations, and entries that no longer decode, are not reported.</li>
 *   <li>Ehcache reports an expiry when it finds the entry expired (on access or while evicting); it has
 *       no sweeper, so an entry nobody touches is reported when it is evicted, as expired.</li>
 * </ul>
 */
final class DroppedEntryForwarder<K, V> implements CacheEventListener<ByteKey, Record> {

  private static final Logger LOG = LoggerFactory.getLogger(DroppedEntryForwarder.class);

  private final EntryCodec<K, V> codec;
  private final TierListener<K, V> listener;

  DroppedEntryForwarder(EntryCodec<K, V> codec, TierListener<K, V> listener) {
    this.codec = codec;
    this.listener = listener;
  }

  @Override
  public void onEvent(CacheEvent<? extends ByteKey, ? extends Record> event) {
    ByteKey key = event.getKey();
    Record record = event.getOldValue();
    if (key == null || record == null || record.isReservationUnchecked()) {
      return;
    }
    K decodedKey;
    StoredEntry<V> entry;
    try {
      entry = codec.decode(key, record);
      if (entry == null || entry.isReservation()) {
        return;
      }
      decodedKey = codec.decodeKey(key);
    } catch (RuntimeException e) {
      LOG.debug("Not reporting a dropped entry that does not decode", e);
      return;
    }
    try {
      listener.onDropped(decodedKey, entry, event.getType() == EventType.EXPIRED);
    } catch (RuntimeException e) {
      LOG.warn("A tier listener failed on a dropped entry", e);
    }
  }
}

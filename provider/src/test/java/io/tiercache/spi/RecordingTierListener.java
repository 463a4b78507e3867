package io.tiercache.spi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link TierListener} that remembers every drop it is told about, for tier tests.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class RecordingTierListener<K, V> implements TierListener<K, V> {

  /** One reported drop. */
  public record Drop<K, V>(K key, StoredEntry<V> entry, boolean expired) {
  }

  private final List<Drop<K, V>> drops = new CopyOnWriteArrayList<>();

  @Override
  public void onDropped(K key, StoredEntry<V> entry, boolean expired) {
    drops.add(new Drop<>(key, entry, expired));
  }

  /** The drops reported so far, in order. */
  public List<Drop<K, V>> drops() {
    return List.copyOf(drops);
  }

  /** The drops of {@code key} reported so far. */
  public List<Drop<K, V>> dropsOf(K key) {
    return drops.stream().filter(drop -> drop.key().equals(key)).toList();
  }
}

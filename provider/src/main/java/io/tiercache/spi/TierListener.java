package io.tiercache.spi;

/** How a tier tells the core about entries it dropped on its own. */
@FunctionalInterface
public interface TierListener<K, V> {

  /** A listener that ignores everything. */
  @SuppressWarnings("rawtypes")
  TierListener NONE = (key, entry, expired) -> { };

  /**
   * {@code entry} of {@code key} left the tier without being asked to: {@code expired} when its
   * expiry time passed, else evicted to stay within the tier's bounds. Called on the tier's thread;
   * must not block.
   */
  void onDropped(K key, StoredEntry<V> entry, boolean expired);

  /** The listener that ignores everything. */
  @SuppressWarnings("unchecked")
  static <K, V> TierListener<K, V> none() {
    return NONE;
  }
}

package io.tiercache.spi;

/**
 * Carries invalidations between the JVMs that share a tier, so that each JVM's local caching tiers
 * drop what another JVM changed. A shared tier offers one through {@link Tier#invalidationBus()}.
 *
 * <ul>
 *   <li>The core publishes after the change is stored in the shared tier, never before: a node that
 *       re-reads on an invalidation sees the new entry.</li>
 *   <li>A node does not receive its own invalidations.</li>
 *   <li>When the bus cannot promise delivery (connection lost), it says so with
 *       {@link Listener#disconnected()} before anything else; when delivery resumes it calls
 *       {@link Listener#invalidatedAll()}, since messages sent meanwhile are lost.</li>
 * </ul>
 *
 * @param <K> the key type
 */
public interface InvalidationBus<K> {

  /** Tells the other nodes that this node changed {@code key}. */
  void publish(K key);

  /** Tells the other nodes that this node removed every entry of the cache. */
  void publishClear();

  /** Starts delivering the other nodes' invalidations to {@code listener}. Called once. */
  void subscribe(Listener<K> listener);

  /** What a node is told. Called on the bus's threads; must not block. */
  interface Listener<K> {

    /** Another node changed {@code key}. */
    void invalidated(K key);

    /** Another node cleared the cache, or invalidations may have been missed: drop everything. */
    void invalidatedAll();

    /** Invalidations cannot be delivered until the next {@link #invalidatedAll()}. */
    void disconnected();
  }
}

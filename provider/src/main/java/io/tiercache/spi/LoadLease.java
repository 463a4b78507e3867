package io.tiercache.spi;

/**
 * The right, held by one node at a time, to load a key through the cache loader: other nodes that
 * miss the key wait a bounded time for the holder's value instead of loading it too. It ends when
 * closed or when its lease time runs out, so a node that dies never blocks the others for longer.
 */
public interface LoadLease extends AutoCloseable {

  /** Gives the lease up (no-op if it already ran out). Never throws. */
  @Override
  void close();
}

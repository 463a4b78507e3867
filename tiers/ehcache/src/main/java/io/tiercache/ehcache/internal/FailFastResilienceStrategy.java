package io.tiercache.ehcache.internal;

import io.tiercache.spi.TierException;
import java.util.Map;
import org.ehcache.Cache;
import org.ehcache.spi.resilience.RecoveryStore;
import org.ehcache.spi.resilience.ResilienceStrategy;
import org.ehcache.spi.resilience.StoreAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every Ehcache store failure into a {@link TierException}. Ehcache's default strategy logs
 * and answers as if the cache were empty (a failed put is silently dropped); the core must know,
 * because its failure policy (degrade or fail) decides. As Ehcache's own strategies do, the keys
 * involved are first removed from the store, whose state for them is unknown after a failure; if even
 * that fails, the store is emptied.
 *
 * <p>Ehcache builds it reflectively with the arguments {@code (where, store)}.
 */
public final class FailFastResilienceStrategy implements ResilienceStrategy<ByteKey, Record> {

  private static final Logger LOG = LoggerFactory.getLogger(FailFastResilienceStrategy.class);

  private final String where;
  private final RecoveryStore<ByteKey> store;

  public FailFastResilienceStrategy(String where, RecoveryStore<ByteKey> store) {
    this.where = where;
    this.store = store;
  }

  @Override
  public Record getFailure(ByteKey key, StoreAccessException e) {
    throw fail(key, "get", e);
  }

  @Override
  public boolean containsKeyFailure(ByteKey key, StoreAccessException e) {
    throw fail(key, "containsKey", e);
  }

  @Override
  public void putFailure(ByteKey key, Record value, StoreAccessException e) {
    throw fail(key, "put", e);
  }

  @Override
  public void removeFailure(ByteKey key, StoreAccessException e) {
    throw fail(key, "remove", e);
  }

  @Override
  public void clearFailure(StoreAccessException e) {
    try {
      store.obliterate();
    } catch (StoreAccessException | RuntimeException suppressed) {
      e.addSuppressed(suppressed);
    }
    throw new TierException(where + ": clear failed: " + EhcacheStore.rootMessage(e), e);
  }

  @Override
  public Cache.Entry<ByteKey, Record> iteratorFailure(StoreAccessException e) {
    throw new TierException(where + ": iteration failed: " + EhcacheStore.rootMessage(e), e);
  }

  @Override
  public Record putIfAbsentFailure(ByteKey key, Record value, StoreAccessException e) {
    throw fail(key, "putIfAbsent", e);
  }

  @Override
  public boolean removeFailure(ByteKey key, Record value, StoreAccessException e) {
    throw fail(key, "remove", e);
  }

  @Override
  public Record replaceFailure(ByteKey key, Record value, StoreAccessException e) {
    throw fail(key, "replace", e);
  }

  @Override
  public boolean replaceFailure(ByteKey key, Record value, Record newValue, StoreAccessException e) {
    throw fail(key, "replace", e);
  }

  @Override
  public Map<ByteKey, Record> getAllFailure(Iterable<? extends ByteKey> keys, StoreAccessException e) {
    throw fail(keys, "getAll", e);
  }

  @Override
  public void putAllFailure(Map<? extends ByteKey, ? extends Record> entries, StoreAccessException e) {
    throw fail(entries.keySet(), "putAll", e);
  }

  @Override
  public void removeAllFailure(Iterable<? extends ByteKey> keys, StoreAccessException e) {
    throw fail(keys, "removeAll", e);
  }

  private TierException fail(ByteKey key, String operation, StoreAccessException e) {
    try {
      store.obliterate(key);
    } catch (StoreAccessException | RuntimeException keyFailure) {
      e.addSuppressed(keyFailure);
      obliterateAll(e);
    }
    return new TierException(where + ": " + operation + " failed: " + EhcacheStore.rootMessage(e), e);
  }

  private TierException fail(Iterable<? extends ByteKey> keys, String operation, StoreAccessException e) {
    try {
      store.obliterate(keys);
    } catch (StoreAccessException | RuntimeException keyFailure) {
      e.addSuppressed(keyFailure);
      obliterateAll(e);
    }
    return new TierException(where + ": " + operation + " failed: " + EhcacheStore.rootMessage(e), e);
  }

  /**
   * The keys' entries cannot even be removed: the store's structures are damaged (a disk file changed
   * underneath). A cache may forget; it must not keep failing, so the whole store is emptied.
   */
  private void obliterateAll(StoreAccessException e) {
    LOG.error("{}: cannot remove entries after a failure; emptying the store", where, e);
    try {
      store.obliterate();
    } catch (StoreAccessException | RuntimeException failure) {
      e.addSuppressed(failure);
    }
  }
}

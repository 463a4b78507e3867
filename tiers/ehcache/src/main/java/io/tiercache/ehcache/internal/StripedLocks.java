package io.tiercache.ehcache.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks chosen by key hash, so that every mutation of one key is atomic with respect
 * to the others (Ehcache's public API has no compute).
 *
 * <ul>
 *   <li>A key always maps to the same stripe; keys of one stripe serialize each other (the price of a
 *       bounded lock count).</li>
 *   <li>Several stripes are always taken in ascending order, so batch operations cannot deadlock with
 *       each other or with single-key ones.</li>
 *   <li>Reentrant: a compute function may read the tier, and may write its own key; writing another
 *       key from inside a compute can deadlock against a thread doing the reverse.</li>
 * </ul>
 */
final class StripedLocks {

  static final int STRIPES = 1024;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  StripedLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  static int stripe(ByteKey key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  ReentrantLock lockFor(ByteKey key) {
    ReentrantLock lock = locks[stripe(key)];
    lock.lock();
    return lock;
  }

  /** Locks the stripes of {@code keys} in ascending order; returns them for {@link #unlock(int[])}. */
  int[] lockAll(Collection<ByteKey> keys) {
    int[] stripes = new int[keys.size()];
    int i = 0;
    for (ByteKey key : keys) {
      stripes[i++] = stripe(key);
    }
    stripes = Arrays.stream(stripes).sorted().distinct().toArray();
    int locked = 0;
    try {
      for (int stripe : stripes) {
        locks[stripe].lock();
        locked++;
      }
    } catch (RuntimeException | Error e) {
      for (int j = locked - 1; j >= 0; j--) {
        locks[stripes[j]].unlock();
      }
      throw e;
    }
    return stripes;
  }

  void unlock(int[] stripes) {
    for (int i = stripes.length - 1; i >= 0; i--) {
      locks[stripes[i]].unlock();
    }
  }
}

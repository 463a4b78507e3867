package io.tiercache.redisson.internal;

import io.tiercache.spi.TierException;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks of this JVM chosen by key hash. Every mutation of a key takes its stripe before going to Redis,
 * so threads of one JVM queue here instead of polling a compute lock in Redis. Several stripes are
 * always taken in ascending order. Reentrant. Waits are bounded (as the Redis lock waits are): two
 * computes whose functions write each other's keys fail with a {@link TierException} instead of
 * hanging.
 */
final class StripedLocks {

  static final int STRIPES = 1024;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final long waitMillis;
  private final String where;

  StripedLocks(long waitMillis, String where) {
    this.waitMillis = waitMillis;
    this.where = where;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  private static int stripe(String member) {
    int h = member.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  ReentrantLock lockFor(String member) {
    ReentrantLock lock = locks[stripe(member)];
    acquire(lock);
    return lock;
  }

  private void acquire(ReentrantLock lock) {
    try {
      if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
        throw new TierException(where + ": a key stayed locked by another thread of this JVM for more than "
            + waitMillis + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TierException(where + ": interrupted while waiting for a key's lock", e);
    }
  }

  int[] lockAll(Collection<String> members) {
    int[] stripes = members.stream().mapToInt(StripedLocks::stripe).sorted().distinct().toArray();
    int locked = 0;
    try {
      for (int stripe : stripes) {
        acquire(locks[stripe]);
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

package io.tiercache.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues entry versions. A version is above the key's previous version and above every version this
 * JVM issued before; it starts from the wall clock (milliseconds, shifted) so that versions issued by
 * different JVMs, or after a key was removed and written again, still grow in practice.
 */
final class VersionClock {

  private static final AtomicLong LAST = new AtomicLong();

  private VersionClock() {
  }

  /** A version greater than {@code previous} (0 when the key had none). */
  static long next(long previous) {
    long floor = Math.max(previous, System.currentTimeMillis() << 12);
    return LAST.accumulateAndGet(floor, (last, min) -> Math.max(last, min) + 1);
  }
}

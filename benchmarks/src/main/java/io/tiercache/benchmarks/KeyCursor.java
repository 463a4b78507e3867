package io.tiercache.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/** A thread's walk over a precomputed key sequence (boxed up front: no allocation on the measured path). */
@State(Scope.Thread)
public class KeyCursor {

  private Long[] sequence;
  private int next;

  void init(Long[] keys) {
    this.sequence = keys;
  }

  /** The next key. */
  public Long next() {
    return sequence[next++ & (Workloads.SEQUENCE - 1)];
  }

  /** The index of the next key (for workloads that mix operations deterministically). */
  public int position() {
    return next;
  }

  /** A seed that differs per thread. */
  static long seed(ThreadParams thread) {
    return 0x9E3779B97F4A7C15L * (thread.getThreadIndex() + 1);
  }
}

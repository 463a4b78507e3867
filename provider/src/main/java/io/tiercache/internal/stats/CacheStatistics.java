package io.tiercache.internal.stats;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The JCache statistics of one cache. Striped counters: recording never contends; the core records
 * only while statistics are enabled, so a disabled cache pays nothing.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();

  public void recordHits(long count) {
    hits.add(count);
  }

  public void recordMisses(long count) {
    misses.add(count);
  }

  public void recordPuts(long count) {
    puts.add(count);
  }

  public void recordRemovals(long count) {
    removals.add(count);
  }

  public void recordEvictions(long count) {
    evictions.add(count);
  }

  public void recordGetTime(long nanos) {
    getNanos.add(nanos);
  }

  public void recordPutTime(long nanos) {
    putNanos.add(nanos);
  }

  public void recordRemoveTime(long nanos) {
    removeNanos.add(nanos);
  }

  @Override
  public void clear() {
    for (LongAdder adder : new LongAdder[] {hits, misses, puts, removals, evictions, getNanos, putNanos, removeNanos}) {
      adder.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long h = getCacheHits();
    long total = h + getCacheMisses();
    return total == 0 ? 0 : (float) h / total * 100.0f;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long m = getCacheMisses();
    long total = m + getCacheHits();
    return total == 0 ? 0 : (float) m / total * 100.0f;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long nanos, long count) {
    return count == 0 ? 0 : (nanos / 1000f) / count;
  }
}

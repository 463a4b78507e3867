package io.tiercache.internal;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.tiercache.spi.CorruptEntryException;
import io.tiercache.spi.InvalidationBus;
import io.tiercache.spi.LoadLease;
import io.tiercache.spi.StoredEntry;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TierLocality;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shared tier behind a circuit breaker (Resilience4j): after {@value #FAILURES_IN_A_ROW} calls in a
 * row failed with a {@link TierException}, the tier is not called for {@link #OPEN_FOR}: every call
 * fails at once with a {@code TierException} instead of waiting for the tier's timeout. Then
 * {@value #TRIAL_CALLS} calls go through; the breaker closes again if most of them succeed. A success
 * forgets the failures before it, so a tier that is back is never shut off for failures of its
 * outage. Corrupt bytes are a fault of the data, not of the tier's reachability, and do not count.
 * The cache's {@code onTierFailure} policy decides what a failure means to the caller.
 */
final class GuardedTier<K, V> implements Tier<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(GuardedTier.class);

  static final int FAILURES_IN_A_ROW = 10;
  static final int TRIAL_CALLS = 3;
  static final Duration OPEN_FOR = Duration.ofSeconds(5);

  private final Tier<K, V> tier;
  private final String cacheName;
  private final CircuitBreaker breaker;
  /** Failed calls since the last success (a hint: exact under no concurrency). */
  private final AtomicInteger failuresInARow = new AtomicInteger();

  GuardedTier(String cacheName, Tier<K, V> tier) {
    this.tier = tier;
    this.cacheName = cacheName;
    this.breaker = CircuitBreaker.of(cacheName + "/" + tier.name(), CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(FAILURES_IN_A_ROW)
        .minimumNumberOfCalls(FAILURES_IN_A_ROW)
        .failureRateThreshold(50)
        .waitDurationInOpenState(OPEN_FOR)
        .permittedNumberOfCallsInHalfOpenState(TRIAL_CALLS)
        .recordExceptions(TierException.class)
        .ignoreExceptions(CorruptEntryException.class)
        .build());
    breaker.getEventPublisher().onStateTransition(event -> LOG.warn("Cache {}: circuit breaker of tier {}: {}",
        cacheName, tier.name(), event.getStateTransition()));
  }

  /** Whether the breaker refuses calls now. */
  boolean circuitOpen() {
    CircuitBreaker.State state = breaker.getState();
    return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
  }

  private <T> T call(Supplier<T> operation) {
    T result;
    try {
      result = breaker.executeSupplier(operation);
    } catch (CallNotPermittedException e) {
      throw new TierException("Cache " + cacheName + ": tier " + tier.name() + " is not called for now: its"
          + " last " + FAILURES_IN_A_ROW + " calls failed, so its circuit breaker is open (" + OPEN_FOR.toSeconds()
          + " s, then a few calls try it again)", e);
    } catch (TierException e) {
      if (!(e instanceof CorruptEntryException)) {
        failuresInARow.incrementAndGet();
      }
      throw e;
    }
    if (failuresInARow.get() > 0 && failuresInARow.getAndSet(0) > 0
        && breaker.getState() == CircuitBreaker.State.CLOSED) {
      breaker.reset();
    }
    return result;
  }

  private void run(Runnable operation) {
    call(() -> {
      operation.run();
      return null;
    });
  }

  @Override
  public String name() {
    return tier.name();
  }

  @Override
  public TierLocality locality() {
    return tier.locality();
  }

  @Override
  public StoredEntry<V> get(K key) {
    return call(() -> tier.get(key));
  }

  @Override
  public Map<K, StoredEntry<V>> getAll(Set<? extends K> keys) {
    return call(() -> tier.getAll(keys));
  }

  @Override
  public void put(K key, StoredEntry<V> entry) {
    run(() -> tier.put(key, entry));
  }

  @Override
  public void putAll(Map<? extends K, StoredEntry<V>> entries) {
    run(() -> tier.putAll(entries));
  }

  @Override
  public StoredEntry<V> putIfAbsent(K key, StoredEntry<V> entry) {
    return call(() -> tier.putIfAbsent(key, entry));
  }

  @Override
  public boolean replace(K key, long expectedVersion, StoredEntry<V> entry) {
    return call(() -> tier.replace(key, expectedVersion, entry));
  }

  @Override
  public boolean remove(K key, long expectedVersion) {
    return call(() -> tier.remove(key, expectedVersion));
  }

  @Override
  public void remove(K key) {
    run(() -> tier.remove(key));
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    run(() -> tier.removeAll(keys));
  }

  @Override
  public StoredEntry<V> compute(K key,
      BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
    return call(() -> tier.compute(key, function));
  }

  @Override
  public Map<K, StoredEntry<V>> computeAll(Set<? extends K> keys,
      BiFunction<? super K, ? super StoredEntry<V>, ? extends StoredEntry<V>> function) {
    return call(() -> tier.computeAll(keys, function));
  }

  @Override
  public Iterator<Map.Entry<K, StoredEntry<V>>> iterator() {
    return call(tier::iterator);
  }

  @Override
  public long size() {
    return call(tier::size);
  }

  @Override
  public void clear() {
    run(tier::clear);
  }

  @Override
  public InvalidationBus<K> invalidationBus() {
    return tier.invalidationBus();
  }

  @Override
  public boolean supportsLoadLeases() {
    return tier.supportsLoadLeases();
  }

  @Override
  public LoadLease tryLoadLease(K key, long leaseMillis) {
    return call(() -> tier.tryLoadLease(key, leaseMillis));
  }

  @Override
  public void close() {
    tier.close();
  }

  @Override
  public String toString() {
    return tier + " (circuit breaker " + breaker.getState() + ")";
  }
}

package io.tiercache.config;

import io.tiercache.codec.Codec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A JCache configuration with the tiers of the cache, fastest first; the last tier is the authority.
 * With no tiers set, the cache manager's defaults apply (a heap tier unless configured otherwise).
 *
 * <pre>{@code
 * var config = new TieredConfiguration<String, Order>()
 *     .setTypes(String.class, Order.class)
 *     .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.TEN_MINUTES))
 *     .tiers(Tiers.heap(10_000), Tiers.offHeap("256MB"));
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class TieredConfiguration<K, V> extends MutableConfiguration<K, V> {

  private static final long serialVersionUID = 1L;

  private List<TierSpec> tiers = List.of();
  private List<String> allowedClasses = List.of();
  private Factory<? extends Codec> codecFactory;
  private long loadLeaseMillis;
  private long loadWaitMillis;
  private TierFailurePolicy tierFailurePolicy = TierFailurePolicy.FAIL;

  /** An empty configuration: JCache defaults, default tiers. */
  public TieredConfiguration() {
  }

  /** A copy of {@code configuration}, including its tiers if it is a {@code TieredConfiguration}. */
  public TieredConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof TieredConfiguration<K, V> tiered) {
      this.tiers = tiered.tiers;
      this.allowedClasses = tiered.allowedClasses;
      this.codecFactory = tiered.codecFactory;
      this.loadLeaseMillis = tiered.loadLeaseMillis;
      this.loadWaitMillis = tiered.loadWaitMillis;
      this.tierFailurePolicy = tiered.tierFailurePolicy;
    }
  }

  /** The tiers, fastest first; empty means the cache manager's defaults. */
  public List<TierSpec> getTiers() {
    return tiers;
  }

  /** Sets the tiers, fastest first; the last is the authority. */
  public TieredConfiguration<K, V> tiers(TierSpec... specs) {
    return tiers(Arrays.asList(specs));
  }

  /** Sets the tiers, fastest first; the last is the authority. */
  public TieredConfiguration<K, V> tiers(List<TierSpec> specs) {
    List<TierSpec> copy = new ArrayList<>(specs.size());
    for (TierSpec spec : specs) {
      copy.add(Objects.requireNonNull(spec, "tier spec"));
    }
    this.tiers = List.copyOf(copy);
    return this;
  }

  /**
   * The classes, beyond the key and value types and plain JDK value types, that may be deserialized
   * from bytes a shared or persistent tier returns: class names or patterns such as
   * {@code com.example.Order}, {@code com.example.*} (one package) or {@code com.example.**}
   * (with subpackages).
   */
  public List<String> getAllowedClasses() {
    return allowedClasses;
  }

  /** Sets the deserialization allowlist patterns; see {@link #getAllowedClasses()}. */
  public TieredConfiguration<K, V> allowClasses(String... patterns) {
    return allowClasses(Arrays.asList(patterns));
  }

  /** Sets the deserialization allowlist patterns; see {@link #getAllowedClasses()}. */
  public TieredConfiguration<K, V> allowClasses(List<String> patterns) {
    List<String> copy = new ArrayList<>(patterns.size());
    for (String pattern : patterns) {
      copy.add(Objects.requireNonNull(pattern, "pattern"));
    }
    this.allowedClasses = List.copyOf(copy);
    return this;
  }

  /** The factory of the codec for byte-storing tiers, or {@code null} for JDK serialization. */
  public Factory<? extends Codec> getCodecFactory() {
    return codecFactory;
  }

  /**
   * Sets the codec that turns keys and values into bytes for off-heap, disk and shared tiers
   * ({@code null}: JDK serialization under the allowlist). A codec of your own decides itself which
   * bytes it trusts: it must not run code chosen by whoever can write to a shared or persistent tier.
   */
  public TieredConfiguration<K, V> setCodecFactory(Factory<? extends Codec> factory) {
    this.codecFactory = factory;
    return this;
  }

  /**
   * Turns on cross-node stampede protection for read-through: on a miss, one node takes a lease on the
   * key at the shared authority (for {@code leaseMillis}) and loads; the others wait up to
   * {@code waitMillis} for its value, then load themselves. Needs a shared authority that offers
   * leases (Redis); ignored otherwise. {@code leaseMillis} 0 turns it off.
   */
  public TieredConfiguration<K, V> loadLease(long leaseMillis, long waitMillis) {
    if (leaseMillis < 0 || waitMillis < 0) {
      throw new IllegalArgumentException("lease and wait must not be negative");
    }
    this.loadLeaseMillis = leaseMillis;
    this.loadWaitMillis = waitMillis;
    return this;
  }

  /** The load lease time in milliseconds; 0 when cross-node stampede protection is off. */
  public long getLoadLeaseMillis() {
    return loadLeaseMillis;
  }

  /** How long a node waits for another node's load, in milliseconds. */
  public long getLoadWaitMillis() {
    return loadWaitMillis;
  }

  /**
   * What the cache does when a tier fails (unreachable, timed out, corrupt bytes): {@link
   * TierFailurePolicy#FAIL} (the default) or {@link TierFailurePolicy#DEGRADE}.
   */
  public TieredConfiguration<K, V> setTierFailurePolicy(TierFailurePolicy policy) {
    this.tierFailurePolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** What the cache does when a tier fails; {@link TierFailurePolicy#FAIL} unless set. */
  public TierFailurePolicy getTierFailurePolicy() {
    return tierFailurePolicy;
  }

  @Override
  public TieredConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> addCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    super.addCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> removeCacheEntryListenerConfiguration(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    super.removeCacheEntryListenerConfiguration(listenerConfiguration);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> setCacheLoaderFactory(Factory<? extends CacheLoader<K, V>> factory) {
    super.setCacheLoaderFactory(factory);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> setCacheWriterFactory(
      Factory<? extends CacheWriter<? super K, ? super V>> factory) {
    super.setCacheWriterFactory(factory);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> setReadThrough(boolean isReadThrough) {
    super.setReadThrough(isReadThrough);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
    super.setWriteThrough(isWriteThrough);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
    super.setStoreByValue(isStoreByValue);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  @Override
  public TieredConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TieredConfiguration<?, ?> that && super.equals(other) && tiers.equals(that.tiers)
        && allowedClasses.equals(that.allowedClasses) && Objects.equals(codecFactory, that.codecFactory)
        && loadLeaseMillis == that.loadLeaseMillis && loadWaitMillis == that.loadWaitMillis
        && tierFailurePolicy == that.tierFailurePolicy;
  }

  @Override
  public int hashCode() {
    return (super.hashCode() * 31 + tiers.hashCode()) * 31 + allowedClasses.hashCode();
  }
}

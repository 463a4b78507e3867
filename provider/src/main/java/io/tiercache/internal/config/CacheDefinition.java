package io.tiercache.internal.config;

import io.tiercache.config.TierFailurePolicy;
import io.tiercache.codec.Codec;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import java.util.List;
import java.util.Optional;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * The settings of one cache as declared in the configuration file (a {@code caches} entry, a template
 * or {@code defaults}), already completed with {@code defaults} key by key: a key absent here and
 * present in {@code defaults} takes the value of {@code defaults}. Every setting is optional; an
 * absent one takes the JCache (or tiercache) default. Immutable.
 */
public final class CacheDefinition {

  private final String origin;
  private final List<TierSpec> tiers;
  private final Factory<? extends ExpiryPolicy> expiryPolicyFactory;
  private final Boolean readThrough;
  private final Boolean writeThrough;
  private final Boolean statistics;
  private final Boolean management;
  private final Boolean storeByValue;
  private final String loaderClassName;
  private final String writerClassName;
  private final String codecClassName;
  private final Class<?> keyType;
  private final Class<?> valueType;
  private final List<String> serializationAllowlist;
  private final TierFailurePolicy onTierFailure;
  private final Long loadLeaseMillis;
  private final Long loadWaitMillis;
  private final ClassLoader classLoader;

  private CacheDefinition(Builder builder) {
    this.origin = builder.origin;
    this.tiers = builder.tiers == null ? List.of() : List.copyOf(builder.tiers);
    this.expiryPolicyFactory = builder.expiryPolicyFactory;
    this.readThrough = builder.readThrough;
    this.writeThrough = builder.writeThrough;
    this.statistics = builder.statistics;
    this.management = builder.management;
    this.storeByValue = builder.storeByValue;
    this.loaderClassName = builder.loaderClassName;
    this.writerClassName = builder.writerClassName;
    this.codecClassName = builder.codecClassName;
    this.keyType = builder.keyType;
    this.valueType = builder.valueType;
    this.serializationAllowlist =
        builder.serializationAllowlist == null ? null : List.copyOf(builder.serializationAllowlist);
    this.onTierFailure = builder.onTierFailure;
    this.loadLeaseMillis = builder.loadLeaseMillis;
    this.loadWaitMillis = builder.loadWaitMillis;
    this.classLoader = builder.classLoader;
  }

  /** Where this was declared: {@code caches.orders}, {@code templates[0]} or {@code defaults}. */
  public String origin() {
    return origin;
  }

  /** The tiers, fastest first; empty when neither this entry nor {@code defaults} declares any. */
  public List<TierSpec> tiers() {
    return tiers;
  }

  /** The expiry policy factory of the {@code expiry} section. */
  public Optional<Factory<? extends ExpiryPolicy>> expiryPolicyFactory() {
    return Optional.ofNullable(expiryPolicyFactory);
  }

  /** {@code readThrough}. */
  public Optional<Boolean> readThrough() {
    return Optional.ofNullable(readThrough);
  }

  /** {@code writeThrough}. */
  public Optional<Boolean> writeThrough() {
    return Optional.ofNullable(writeThrough);
  }

  /** {@code statistics}. */
  public Optional<Boolean> statisticsEnabled() {
    return Optional.ofNullable(statistics);
  }

  /** {@code management}. */
  public Optional<Boolean> managementEnabled() {
    return Optional.ofNullable(management);
  }

  /** {@code storeByValue}. */
  public Optional<Boolean> storeByValue() {
    return Optional.ofNullable(storeByValue);
  }

  /** {@code loader}: the name of a class implementing {@code CacheLoader} (checked at load time). */
  public Optional<String> loaderClassName() {
    return Optional.ofNullable(loaderClassName);
  }

  /** {@code writer}: the name of a class implementing {@code CacheWriter} (checked at load time). */
  public Optional<String> writerClassName() {
    return Optional.ofNullable(writerClassName);
  }

  /** The class name of the codec ({@code serialization.codec}). */
  public Optional<String> codecClassName() {
    return Optional.ofNullable(codecClassName);
  }

  /** {@code keyType}. */
  public Optional<Class<?>> keyType() {
    return Optional.ofNullable(keyType);
  }

  /** {@code valueType}. */
  public Optional<Class<?>> valueType() {
    return Optional.ofNullable(valueType);
  }

  /**
   * {@code serialization.allow}: the class patterns ({@link java.io.ObjectInputFilter} syntax:
   * {@code com.example.Order}, {@code com.example.*}, {@code com.example.**}) that bytes read from a
   * persistent or shared tier may deserialize to.
   */
  public Optional<List<String>> serializationAllowlist() {
    return Optional.ofNullable(serializationAllowlist);
  }

  /** {@code onTierFailure}. */
  public Optional<TierFailurePolicy> onTierFailure() {
    return Optional.ofNullable(onTierFailure);
  }

  /**
   * A new, independent configuration with these settings ({@code serialization.allow} becomes
   * {@link TieredConfiguration#getAllowedClasses()}); settings not declared keep the defaults of
   * {@link TieredConfiguration}. Loader and writer factories load their class with the class loader the
   * file was read with.
   *
   * @param <K> the key type ({@link #keyType()}, or {@code Object})
   * @param <V> the value type ({@link #valueType()}, or {@code Object})
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <K, V> TieredConfiguration<K, V> toConfiguration() {
    TieredConfiguration<K, V> config = new TieredConfiguration<>();
    if (keyType != null || valueType != null) {
      config.setTypes((Class<K>) (keyType == null ? Object.class : keyType),
          (Class<V>) (valueType == null ? Object.class : valueType));
    }
    if (!tiers.isEmpty()) {
      config.tiers(tiers);
    }
    if (expiryPolicyFactory != null) {
      config.setExpiryPolicyFactory(expiryPolicyFactory);
    }
    if (loaderClassName != null) {
      config.setCacheLoaderFactory((Factory<? extends CacheLoader<K, V>>) (Factory) new ClassNameFactory<CacheLoader<K, V>>(
          loaderClassName, classLoader));
    }
    if (writerClassName != null) {
      config.setCacheWriterFactory((Factory<? extends CacheWriter<? super K, ? super V>>) (Factory)
          new ClassNameFactory<CacheWriter<K, V>>(writerClassName, classLoader));
    }
    if (readThrough != null) {
      config.setReadThrough(readThrough);
    }
    if (writeThrough != null) {
      config.setWriteThrough(writeThrough);
    }
    if (statistics != null) {
      config.setStatisticsEnabled(statistics);
    }
    if (management != null) {
      config.setManagementEnabled(management);
    }
    if (storeByValue != null) {
      config.setStoreByValue(storeByValue);
    }
    if (loadLeaseMillis != null) {
      config.loadLease(loadLeaseMillis, loadWaitMillis == null ? loadLeaseMillis : loadWaitMillis);
    }
    if (codecClassName != null) {
      config.setCodecFactory(new ClassNameFactory<Codec>(codecClassName, classLoader));
    }
    if (serializationAllowlist != null) {
      config.allowClasses(serializationAllowlist);
    }
    if (onTierFailure != null) {
      config.setTierFailurePolicy(onTierFailure);
    }
    return config;
  }

  /** This definition, each setting it lacks taken from {@code defaults}. */
  CacheDefinition withDefaults(CacheDefinition defaults) {
    if (defaults == null) {
      return this;
    }
    Builder builder = new Builder(origin, classLoader);
    builder.tiers = tiers.isEmpty() ? defaults.tiers : tiers;
    builder.expiryPolicyFactory = expiryPolicyFactory != null ? expiryPolicyFactory : defaults.expiryPolicyFactory;
    builder.readThrough = readThrough != null ? readThrough : defaults.readThrough;
    builder.writeThrough = writeThrough != null ? writeThrough : defaults.writeThrough;
    builder.statistics = statistics != null ? statistics : defaults.statistics;
    builder.management = management != null ? management : defaults.management;
    builder.storeByValue = storeByValue != null ? storeByValue : defaults.storeByValue;
    builder.loaderClassName = loaderClassName != null ? loaderClassName : defaults.loaderClassName;
    builder.writerClassName = writerClassName != null ? writerClassName : defaults.writerClassName;
    builder.codecClassName = codecClassName != null ? codecClassName : defaults.codecClassName;
    builder.keyType = keyType != null ? keyType : defaults.keyType;
    builder.valueType = valueType != null ? valueType : defaults.valueType;
    builder.serializationAllowlist =
        serializationAllowlist != null ? serializationAllowlist : defaults.serializationAllowlist;
    builder.onTierFailure = onTierFailure != null ? onTierFailure : defaults.onTierFailure;
    builder.loadLeaseMillis = loadLeaseMillis != null ? loadLeaseMillis : defaults.loadLeaseMillis;
    builder.loadWaitMillis = loadWaitMillis != null ? loadWaitMillis : defaults.loadWaitMillis;
    return builder.build();
  }

  @Override
  public String toString() {
    return "CacheDefinition[" + origin + ", tiers=" + tiers + "]";
  }

  /** Collects the settings of one entry while it is parsed. */
  static final class Builder {
    final String origin;
    final ClassLoader classLoader;
    List<TierSpec> tiers;
    Factory<? extends ExpiryPolicy> expiryPolicyFactory;
    Boolean readThrough;
    Boolean writeThrough;
    Boolean statistics;
    Boolean management;
    Boolean storeByValue;
    String loaderClassName;
    String writerClassName;
    String codecClassName;
    Class<?> keyType;
    Class<?> valueType;
    List<String> serializationAllowlist;
    TierFailurePolicy onTierFailure;
    Long loadLeaseMillis;
    Long loadWaitMillis;

    Builder(String origin, ClassLoader classLoader) {
      this.origin = origin;
      this.classLoader = classLoader;
    }

    CacheDefinition build() {
      return new CacheDefinition(this);
    }
  }
}

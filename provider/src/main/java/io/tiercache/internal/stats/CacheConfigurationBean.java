package io.tiercache.internal.stats;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/** The JCache {@code CacheMXBean}: a live view of a cache's configuration. */
public final class CacheConfigurationBean implements CacheMXBean {

  private final CompleteConfiguration<?, ?> configuration;
  private final java.util.function.BooleanSupplier statisticsEnabled;
  private final java.util.function.BooleanSupplier managementEnabled;

  public CacheConfigurationBean(CompleteConfiguration<?, ?> configuration,
      java.util.function.BooleanSupplier statisticsEnabled, java.util.function.BooleanSupplier managementEnabled) {
    this.configuration = configuration;
    this.statisticsEnabled = statisticsEnabled;
    this.managementEnabled = managementEnabled;
  }

  @Override
  public String getKeyType() {
    return configuration.getKeyType().getName();
  }

  @Override
  public String getValueType() {
    return configuration.getValueType().getName();
  }

  @Override
  public boolean isReadThrough() {
    return configuration.isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return configuration.isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return configuration.isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return statisticsEnabled.getAsBoolean();
  }

  @Override
  public boolean isManagementEnabled() {
    return managementEnabled.getAsBoolean();
  }
}

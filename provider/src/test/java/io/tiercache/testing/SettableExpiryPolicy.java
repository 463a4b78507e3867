package io.tiercache.testing;

import java.io.Serializable;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * An expiry policy whose durations a test changes while the cache runs; each may be {@code null}
 * (JCache: unchanged) or made to throw. Serializable only so that {@code FactoryBuilder.factoryOf}
 * accepts it: the cache gets this very instance.
 */
public final class SettableExpiryPolicy implements ExpiryPolicy, Serializable {

  private static final long serialVersionUID = 1L;

  private volatile Duration creation = Duration.ETERNAL;
  private volatile Duration update;
  private volatile Duration access;
  private volatile boolean throwOnCreation;
  private volatile boolean throwOnUpdate;
  private volatile boolean throwOnAccess;

  public SettableExpiryPolicy creation(Duration duration) {
    this.creation = duration;
    return this;
  }

  public SettableExpiryPolicy update(Duration duration) {
    this.update = duration;
    return this;
  }

  public SettableExpiryPolicy access(Duration duration) {
    this.access = duration;
    return this;
  }

  public SettableExpiryPolicy throwOnCreation(boolean shouldThrow) {
    this.throwOnCreation = shouldThrow;
    return this;
  }

  public SettableExpiryPolicy throwOnUpdate(boolean shouldThrow) {
    this.throwOnUpdate = shouldThrow;
    return this;
  }

  public SettableExpiryPolicy throwOnAccess(boolean shouldThrow) {
    this.throwOnAccess = shouldThrow;
    return this;
  }

  @Override
  public Duration getExpiryForCreation() {
    if (throwOnCreation) {
      throw new IllegalStateException("getExpiryForCreation told to fail");
    }
    return creation;
  }

  @Override
  public Duration getExpiryForAccess() {
    if (throwOnAccess) {
      throw new IllegalStateException("getExpiryForAccess told to fail");
    }
    return access;
  }

  @Override
  public Duration getExpiryForUpdate() {
    if (throwOnUpdate) {
      throw new IllegalStateException("getExpiryForUpdate told to fail");
    }
    return update;
  }
}

package io.tiercache.internal.config;

import java.io.Serializable;
import java.util.Objects;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The expiry policy of an {@code expiry} section that names more than one of {@code created},
 * {@code updated} and {@code accessed} in a combination that no standard policy expresses. A
 * {@code null} duration for update or access means "unchanged".
 */
public final class DeclaredExpiryPolicy implements ExpiryPolicy, Serializable {

  private static final long serialVersionUID = 1L;

  private final Duration creation;
  private final Duration update;
  private final Duration access;

  /**
   * @param creation the lifetime of a created entry, not null
   * @param update the lifetime after an update, or null for unchanged
   * @param access the lifetime after an access, or null for unchanged
   */
  public DeclaredExpiryPolicy(Duration creation, Duration update, Duration access) {
    this.creation = Objects.requireNonNull(creation, "creation");
    this.update = update;
    this.access = access;
  }

  @Override
  public Duration getExpiryForCreation() {
    return creation;
  }

  @Override
  public Duration getExpiryForAccess() {
    return access;
  }

  @Override
  public Duration getExpiryForUpdate() {
    return update;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeclaredExpiryPolicy that && creation.equals(that.creation)
        && Objects.equals(update, that.update) && Objects.equals(access, that.access);
  }

  @Override
  public int hashCode() {
    return Objects.hash(creation, update, access);
  }

  @Override
  public String toString() {
    return "DeclaredExpiryPolicy[creation=" + creation + ", update=" + update + ", access=" + access + "]";
  }
}

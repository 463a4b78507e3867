package io.tiercache.spi;

import java.io.Serializable;
import java.util.Objects;

/** A custom serializable key for the tier contract: equal by content, never the same instance. */
public final class ContractKey implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String region;
  private final int id;

  public ContractKey(String region, int id) {
    this.region = region;
    this.id = id;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContractKey that && id == that.id && region.equals(that.region);
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, id);
  }

  @Override
  public String toString() {
    return "ContractKey[" + region + "/" + id + "]";
  }
}

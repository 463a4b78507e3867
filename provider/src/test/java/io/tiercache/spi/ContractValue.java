package io.tiercache.spi;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A custom serializable value for the tier contract, with a nested collection. */
public final class ContractValue implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final long amount;
  private final List<String> tags;

  public ContractValue(String name, long amount, List<String> tags) {
    this.name = name;
    this.amount = amount;
    this.tags = new ArrayList<>(tags);
  }

  public long amount() {
    return amount;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContractValue that && amount == that.amount && name.equals(that.name)
        && tags.equals(that.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, amount, tags);
  }

  @Override
  public String toString() {
    return "ContractValue[" + name + ", " + amount + ", " + tags + "]";
  }
}

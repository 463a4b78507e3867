package io.tiercache.testing;

import java.io.Serializable;

/** A mutable serializable key (equal by id): mutating a key the cache did not copy breaks its lookups. */
public final class MutableKey implements Serializable {

  private static final long serialVersionUID = 1L;

  private int id;

  public MutableKey(int id) {
    this.id = id;
  }

  public void id(int newId) {
    this.id = newId;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MutableKey that && id == that.id;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(id);
  }

  @Override
  public String toString() {
    return "MutableKey[" + id + "]";
  }
}

package io.tiercache.testing;

import java.io.Serializable;
import java.util.Objects;

/** A mutable serializable object, to check store-by-value isolation. */
public final class MutableValue implements Serializable {

  private static final long serialVersionUID = 1L;

  private String text;

  public MutableValue(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  public void text(String newText) {
    this.text = newText;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MutableValue that && Objects.equals(text, that.text);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(text);
  }

  @Override
  public String toString() {
    return "MutableValue[" + text + "]";
  }
}

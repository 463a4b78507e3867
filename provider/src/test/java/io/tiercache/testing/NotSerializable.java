package io.tiercache.testing;

/** A value that JDK serialization refuses. */
public final class NotSerializable {

  private final String text;

  public NotSerializable(String text) {
    this.text = text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NotSerializable that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}

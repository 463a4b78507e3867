package io.tiercache.spi;

/** A tier could not do what it was asked: unreachable, timed out, corrupt data. */
public class TierException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TierException(String message) {
    super(message);
  }

  public TierException(String message, Throwable cause) {
    super(message, cause);
  }
}

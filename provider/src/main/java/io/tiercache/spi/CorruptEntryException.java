package io.tiercache.spi;

/** Bytes read from a tier did not verify (length, format, checksum or type): never a wrong value. */
public final class CorruptEntryException extends TierException {

  private static final long serialVersionUID = 1L;

  public CorruptEntryException(String message) {
    super(message);
  }
}

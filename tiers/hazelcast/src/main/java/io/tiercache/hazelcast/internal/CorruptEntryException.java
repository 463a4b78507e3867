package io.tiercache.hazelcast.internal;

import io.tiercache.spi.TierException;

/** Bytes read from Hazelcast did not verify (length, format, checksum, type). */
final class CorruptEntryException extends TierException {

  private static final long serialVersionUID = 1L;

  CorruptEntryException(String message) {
    super(message);
  }
}

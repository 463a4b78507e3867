package io.tiercache.codec;

import javax.cache.CacheException;

/** A key or value could not be encoded, or bytes could not be decoded safely. */
public class CodecException extends CacheException {

  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}

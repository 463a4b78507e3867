package io.tiercache.internal.config;

import io.tiercache.codec.Codec;
import io.tiercache.internal.codec.JavaSerializationCodec;
import java.util.concurrent.atomic.AtomicInteger;

/** A codec named in configuration by tests: JDK serialization that counts what it encodes. */
public final class CountingCodec implements Codec {

  public static final AtomicInteger ENCODED = new AtomicInteger();

  private final Codec delegate = new JavaSerializationCodec(null);

  @Override
  public byte[] encode(Object object) {
    ENCODED.incrementAndGet();
    return delegate.encode(object);
  }

  @Override
  public Object decode(byte[] bytes, ClassLoader classLoader) {
    return delegate.decode(bytes, classLoader);
  }
}

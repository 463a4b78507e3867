package io.tiercache.ehcache.internal;

import java.nio.ByteBuffer;
import org.ehcache.spi.serialization.Serializer;

/**
 * Ehcache {@link Serializer}s that copy frames in and out and check nothing: {@link EntryCodec}
 * checks them outside Ehcache. So they never throw, and a corrupt frame reaches our code (which
 * reports it) instead of failing inside the store (where Ehcache would log and hide it).
 */
final class FrameSerializers {

  private FrameSerializers() {
  }

  static final class Keys implements Serializer<ByteKey> {

    @Override
    public ByteBuffer serialize(ByteKey key) {
      return ByteBuffer.wrap(key.frame()).asReadOnlyBuffer();
    }

    @Override
    public ByteKey read(ByteBuffer binary) {
      return new ByteKey(copy(binary));
    }

    @Override
    public boolean equals(ByteKey key, ByteBuffer binary) {
      return ByteBuffer.wrap(key.frame()).equals(binary);
    }
  }

  static final class Records implements Serializer<Record> {

    @Override
    public ByteBuffer serialize(Record record) {
      return ByteBuffer.wrap(record.frame()).asReadOnlyBuffer();
    }

    @Override
    public Record read(ByteBuffer binary) {
      return new Record(copy(binary));
    }

    @Override
    public boolean equals(Record record, ByteBuffer binary) {
      return ByteBuffer.wrap(record.frame()).equals(binary);
    }
  }

  private static byte[] copy(ByteBuffer binary) {
    byte[] bytes = new byte[binary.remaining()];
    binary.duplicate().get(bytes);
    return bytes;
  }
}

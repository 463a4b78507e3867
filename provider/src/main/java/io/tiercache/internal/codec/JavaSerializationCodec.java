package io.tiercache.internal.codec;

import io.tiercache.codec.Codec;
import io.tiercache.codec.CodecException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * JDK serialization. Every decode runs under an {@link ObjectInputFilter}: the one given, else
 * the JVM-wide filter, else no restriction (for trusted, in-process copies only).
 */
public final class JavaSerializationCodec implements Codec {

  private final ObjectInputFilter filter;

  /** A codec that decodes under {@code filter} ({@code null}: the JVM-wide filter, if any). */
  public JavaSerializationCodec(ObjectInputFilter filter) {
    this.filter = filter;
  }

  @Override
  public byte[] encode(Object object) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    } catch (NotSerializableException e) {
      throw new CodecException("Cannot serialize an instance of " + object.getClass().getName()
          + ": " + e.getMessage() + " is not Serializable", e);
    } catch (IOException e) {
      throw new CodecException("Cannot serialize an instance of " + object.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes, ClassLoader classLoader) {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
      if (filter != null) {
        in.setObjectInputFilter(filter);
      }
      return in.readObject();
    } catch (InvalidClassException e) {
      throw new CodecException("Rejected a serialized class: " + e.getMessage(), e);
    } catch (ClassNotFoundException e) {
      throw new CodecException("Cannot deserialize: class not found: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("Cannot deserialize " + bytes.length + " bytes: corrupt or truncated data", e);
    }
  }

  /** Resolves classes through the cache manager's class loader. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader classLoader;

    LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
      super(in);
      this.classLoader = classLoader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      if (classLoader != null) {
        try {
          return Class.forName(desc.getName(), false, classLoader);
        } catch (ClassNotFoundException e) {
          // fall back to the default resolution (primitives, JDK classes)
        }
      }
      return super.resolveClass(desc);
    }
  }
}

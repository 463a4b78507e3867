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
import java.io.ObjectInputFilter.FilterInfo;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * JDK serialization, with compact forms for the most common keys and values. Every JDK decode runs
 * under an {@link ObjectInputFilter}: the one given, else the JVM-wide filter, else no restriction
 * (for trusted, in-process copies only).
 *
 * <p>Strings, the boxed primitives, {@code byte[]} and {@link UUID}s are written as one tag byte and
 * their contents (a {@code Long} in 9 bytes instead of 82, with no stream objects to build); every
 * other object as a JDK serialization stream, which always starts with {@code 0xACED}, so the first
 * byte tells the two apart. Encoding is deterministic: equal keys of these types give equal bytes.
 */
public final class JavaSerializationCodec implements Codec {

  private final ObjectInputFilter filter;

  /** A codec that decodes under {@code filter} ({@code null}: the JVM-wide filter, if any). */
  public JavaSerializationCodec(ObjectInputFilter filter) {
    this.filter = filter;
  }

  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte INTEGER = 3;
  private static final byte BYTES = 4;
  private static final byte SHORT = 5;
  private static final byte BYTE = 6;
  private static final byte CHARACTER = 7;
  private static final byte BOOLEAN = 8;
  private static final byte DOUBLE = 9;
  private static final byte FLOAT = 10;
  private static final byte UUID_TAG = 11;
  /** The first byte of every JDK serialization stream ({@code STREAM_MAGIC} is 0xACED). */
  private static final byte JDK_STREAM = (byte) 0xAC;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  @Override
  public byte[] encode(Object object) {
    byte[] compact = compact(object);
    return compact != null ? compact : serialize(object);
  }

  /** The compact form of {@code object}, or {@code null} if its class has none. */
  private static byte[] compact(Object object) {
    if (object instanceof String string) {
      byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
      byte[] out = new byte[utf8.length + 1];
      out[0] = STRING;
      System.arraycopy(utf8, 0, out, 1, utf8.length);
      return out;
    } else if (object instanceof Long value) {
      return withLong(LONG, value);
    } else if (object instanceof Integer value) {
      byte[] out = tagged(INTEGER, Integer.BYTES);
      INTS.set(out, 1, (int) value);
      return out;
    } else if (object instanceof byte[] array) {
      byte[] out = new byte[array.length + 1];
      out[0] = BYTES;
      System.arraycopy(array, 0, out, 1, array.length);
      return out;
    } else if (object instanceof Short value) {
      byte[] out = tagged(SHORT, Short.BYTES);
      SHORTS.set(out, 1, (short) value);
      return out;
    } else if (object instanceof Byte value) {
      byte[] out = tagged(BYTE, 1);
      out[1] = value;
      return out;
    } else if (object instanceof Character value) {
      byte[] out = tagged(CHARACTER, Character.BYTES);
      SHORTS.set(out, 1, (short) value.charValue());
      return out;
    } else if (object instanceof Boolean value) {
      byte[] out = tagged(BOOLEAN, 1);
      out[1] = (byte) (value ? 1 : 0);
      return out;
    } else if (object instanceof Double value) {
      return withLong(DOUBLE, Double.doubleToRawLongBits(value));
    } else if (object instanceof Float value) {
      byte[] out = tagged(FLOAT, Float.BYTES);
      INTS.set(out, 1, Float.floatToRawIntBits(value));
      return out;
    } else if (object instanceof UUID value) {
      byte[] out = tagged(UUID_TAG, 2 * Long.BYTES);
      LONGS.set(out, 1, value.getMostSignificantBits());
      LONGS.set(out, 1 + Long.BYTES, value.getLeastSignificantBits());
      return out;
    }
    return null;
  }

  private static byte[] tagged(byte tag, int length) {
    byte[] out = new byte[1 + length];
    out[0] = tag;
    return out;
  }

  private static byte[] withLong(byte tag, long value) {
    byte[] out = tagged(tag, Long.BYTES);
    LONGS.set(out, 1, value);
    return out;
  }

  private static Object decodeCompact(byte[] bytes) {
    byte tag = bytes[0];
    int length = bytes.length - 1;
    return switch (tag) {
      case STRING -> new String(bytes, 1, length, StandardCharsets.UTF_8);
      case BYTES -> Arrays.copyOfRange(bytes, 1, bytes.length);
      case LONG -> (long) LONGS.get(expect(bytes, Long.BYTES), 1);
      case INTEGER -> (int) INTS.get(expect(bytes, Integer.BYTES), 1);
      case SHORT -> (short) SHORTS.get(expect(bytes, Short.BYTES), 1);
      case BYTE -> expect(bytes, 1)[1];
      case CHARACTER -> (char) (short) SHORTS.get(expect(bytes, Character.BYTES), 1);
      case BOOLEAN -> switch (expect(bytes, 1)[1]) {
        case 0 -> Boolean.FALSE;
        case 1 -> Boolean.TRUE;
        default -> throw new CodecException("Cannot decode a boolean from byte " + bytes[1] + ": corrupt data");
      };
      case DOUBLE -> Double.longBitsToDouble((long) LONGS.get(expect(bytes, Long.BYTES), 1));
      case FLOAT -> Float.intBitsToFloat((int) INTS.get(expect(bytes, Float.BYTES), 1));
      case UUID_TAG -> new UUID((long) LONGS.get(expect(bytes, 2 * Long.BYTES), 1),
          (long) LONGS.get(bytes, 1 + Long.BYTES));
      default -> throw new CodecException("Cannot decode " + bytes.length + " bytes: unknown form "
          + (tag & 0xFF) + " (corrupt data, or written by another codec)");
    };
  }

  private static byte[] expect(byte[] bytes, int length) {
    if (bytes.length - 1 != length) {
      throw new CodecException("Cannot decode " + bytes.length + " bytes: form " + bytes[0] + " holds "
          + length + " bytes after its tag: corrupt or truncated data");
    }
    return bytes;
  }

  private static byte[] serialize(Object object) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    } catch (NotSerializableException e) {
      throw new CodecException("Cannot serialize an instance of " + object.getClass().getName()
          + ": " + e.getMessage() + " is not Serializable. A cache that stores by value (the JCache default) "
          + "copies its keys and values by serialization: make the class Serializable, or give the cache "
          + "storeByValue: false to keep references (heap tier only)", e);
    } catch (IOException e) {
      throw new CodecException("Cannot serialize an instance of " + object.getClass().getName(), e);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] bytes, ClassLoader classLoader) {
    if (bytes.length == 0) {
      throw new CodecException("Cannot decode 0 bytes: corrupt or truncated data");
    }
    if (bytes[0] != JDK_STREAM) {
      return decodeCompact(bytes);
    }
    RecordingFilter recording = filter == null ? null : new RecordingFilter(filter);
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
      if (recording != null) {
        in.setObjectInputFilter(recording);
      }
      return in.readObject();
    } catch (InvalidClassException e) {
      if (recording != null && recording.refused != null) {
        throw new CodecException(refusal(recording.refused), e);
      }
      throw new CodecException("Cannot deserialize: " + e.getMessage(), e);
    } catch (ClassNotFoundException e) {
      throw new CodecException("Cannot deserialize: class not found: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new CodecException("Cannot deserialize " + bytes.length + " bytes: corrupt or truncated data", e);
    }
  }

  /** The message for a decode the filter refused; {@code refused} is what {@link RecordingFilter} saw. */
  private static String refusal(FilterInfo refused) {
    Class<?> type = refused.serialClass();
    if (type == null) {
      return "Refused to deserialize: the data exceeds the deserialization filter's limits (depth "
          + refused.depth() + ", " + refused.references() + " references, array length " + refused.arrayLength()
          + ")";
    }
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    String name = element.getName();
    String what = type.isArray() ? "an array of " + name : name;
    if (AllowList.alwaysRefused(name)) {
      return "Refused to deserialize " + what + ": a class tiercache never deserializes from a tier's bytes "
          + "(a known deserialization gadget), whatever serialization.allow says";
    }
    int dot = name.lastIndexOf('.');
    String example = dot < 0 ? name : name.substring(0, dot) + ".**";
    return "Refused to deserialize " + what + ": the class is not allowed. Add it (" + name + ") or its package ("
        + example + ") to the cache's serialization.allow (TieredConfiguration.allowClasses in code)";
  }

  /**
   * Delegates to the codec's filter and remembers the first check it rejected, so that the error names
   * the class: the stream's own {@link InvalidClassException} only says "filter status: REJECTED". One
   * per decode.
   */
  private static final class RecordingFilter implements ObjectInputFilter {
    private final ObjectInputFilter delegate;
    FilterInfo refused;

    RecordingFilter(ObjectInputFilter delegate) {
      this.delegate = delegate;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      Status status = delegate.checkInput(info);
      if (status == Status.REJECTED && refused == null) {
        refused = info;
      }
      return status;
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

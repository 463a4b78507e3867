package io.tiercache.internal.config;

import io.tiercache.config.TierSpec;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierFactory;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Tier factories standing in for the tier modules (offheap, disk, redis, hazelcast), which are not on
 * the provider's class path; {@link #classLoader()} makes them visible to {@code ServiceLoader}.
 */
final class StubTierFactories {

  private static final String SERVICE = "META-INF/services/" + TierFactory.class.getName();
  private static final String STUB_SERVICE = "config/services/" + TierFactory.class.getName();

  private StubTierFactories() {
  }

  /** A class loader that also lists the stub factories as {@code TierFactory} services. */
  static ClassLoader classLoader() {
    ClassLoader parent = StubTierFactories.class.getClassLoader();
    return new ClassLoader(parent) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        if (!name.equals(SERVICE)) {
          return super.getResources(name);
        }
        List<URL> urls = new ArrayList<>(Collections.list(super.getResources(name)));
        urls.add(parent.getResource(STUB_SERVICE));
        return Collections.enumeration(urls);
      }
    };
  }

  private abstract static class Stub implements TierFactory {
    private final String kind;

    Stub(String kind) {
      this.kind = kind;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
      throw new UnsupportedOperationException("stub");
    }
  }

  /** {@code offheap}. */
  public static final class OffHeap extends Stub {
    public OffHeap() {
      super("offheap");
    }
  }

  /** {@code disk}: requires {@code path}. */
  public static final class Disk extends Stub {
    public Disk() {
      super("disk");
    }

    @Override
    public void validate(TierSpec spec) {
      if (spec.property("path", null) == null) {
        throw new IllegalArgumentException("a disk tier needs 'path', the directory of its files");
      }
    }
  }

  /** {@code redis}. */
  public static final class Redis extends Stub {
    public Redis() {
      super("redis");
    }
  }

  /** {@code hazelcast}. */
  public static final class Hazelcast extends Stub {
    public Hazelcast() {
      super("hazelcast");
    }
  }
}

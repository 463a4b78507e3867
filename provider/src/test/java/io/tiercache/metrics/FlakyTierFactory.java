package io.tiercache.metrics;

import io.tiercache.config.TierSpec;
import io.tiercache.internal.heap.HeapTierFactory;
import io.tiercache.spi.Tier;
import io.tiercache.spi.TierContext;
import io.tiercache.spi.TierException;
import io.tiercache.spi.TierFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kind {@code flaky}: a heap tier named {@code flaky} whose reads ({@code get}, {@code getAll}) fail
 * while {@link #FAILING} is set. Registered only through the class loader a test gives its cache manager.
 */
public final class FlakyTierFactory implements TierFactory {

  /** While set, reads of every flaky tier throw a {@link TierException}. */
  static final AtomicBoolean FAILING = new AtomicBoolean();

  @Override
  public String kind() {
    return "flaky";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Tier<K, V> create(TierSpec spec, TierContext<K, V> context) {
    Tier<K, V> heap = new HeapTierFactory().create(TierSpec.of("heap", Map.of("entries", 1000)), context);
    return (Tier<K, V>) Proxy.newProxyInstance(Tier.class.getClassLoader(), new Class<?>[] {Tier.class},
        (proxy, method, args) -> {
          if (method.getName().equals("name") && method.getParameterCount() == 0) {
            return "flaky";
          }
          if ((method.getName().equals("get") || method.getName().equals("getAll")) && FAILING.get()) {
            throw new TierException("the flaky tier failed a read");
          }
          try {
            return method.invoke(heap, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}

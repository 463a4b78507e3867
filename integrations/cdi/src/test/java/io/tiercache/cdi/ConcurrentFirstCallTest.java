package io.tiercache.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

class ConcurrentFirstCallTest {

  private static final int THREADS = 8;

  @Test
  void threadsMakingTheFirstCallsTogetherAskTheResolverFactoryOnce() throws Exception {
    Containers.destroyCaches();
    Containers.defaultManager().createCache("counted", new MutableConfiguration<>());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (WeldContainer container = Containers.start(Counted.class, CountingResolverFactory.class)) {
      Counted counted = container.select(Counted.class).get();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        String key = "k" + (i % 2);
        results.add(pool.submit(() -> {
          start.await();
          return counted.value(key);
        }));
      }
      start.countDown();
      for (int i = 0; i < THREADS; i++) {
        assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("value k" + (i % 2));
      }

      assertThat(container.select(CountingResolverFactory.class).get().asked()).isEqualTo(1);
      assertThat(CacheResultTest.entries(Containers.defaultManager().getCache("counted"))).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }
}

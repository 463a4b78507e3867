package io.tiercache.examples;

import io.tiercache.TieredCacheView;
import io.tiercache.TieredCachingProvider;
import io.tiercache.config.TierSpec;
import io.tiercache.config.TieredConfiguration;
import io.tiercache.config.Tiers;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.HdrHistogram.Histogram;

/**
 * The tiercache demo: a skewed read workload in front of a slow {@link javax.cache.integration.CacheLoader},
 * through nothing but the public API ({@code javax.cache} and {@code io.tiercache}).
 *
 * <pre>
 * java -jar examples/target/tiercache-demo.jar --ops 200000
 * java -jar examples/target/tiercache-demo.jar --help
 * </pre>
 */
public final class Demo {

  /** The name of the cache the demo creates (and destroys when done). */
  public static final String CACHE_NAME = "demo";

  /** Exit status: the run completed and every get returned the right value. */
  public static final int EXIT_OK = 0;
  /** Exit status: some gets failed or returned a wrong value. */
  public static final int EXIT_FAILED = 1;
  /** Exit status: bad options, or the cache could not be set up (e.g. a tier module is missing). */
  public static final int EXIT_USAGE = 2;

  private Demo() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the demo with {@code args}, everything (report and errors) to {@code out}; returns the exit status. */
  public static int run(String[] args, PrintStream out) {
    return run(args, out, out);
  }

  /** Runs the demo with {@code args}, the report to {@code out}, errors to {@code err}; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (DemoOptions.UsageException e) {
      err.println("error: " + e.getMessage());
      err.println("Run with --help to see the options.");
      return EXIT_USAGE;
    }
    if (options.help()) {
      out.print(DemoOptions.usage());
      out.flush();
      return EXIT_OK;
    }
    try {
      DemoResult result = runWorkload(options, out);
      Report.print(result, out);
      if (result.firstFailure() != null) {
        err.println("error: " + result.failedGets() + " gets failed; the first failure:");
        result.firstFailure().printStackTrace(err);
      }
      if (result.wrongValues() > 0) {
        err.println("error: " + result.wrongValues() + " gets returned a value the loader did not produce for the key");
      }
      return result.exitCode();
    } catch (SetupException e) {
      err.println("error: " + e.getMessage());
      if (e.hint != null) {
        err.println(e.hint);
      }
      return EXIT_USAGE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * Creates the cache, runs the workload with a progress display on {@code out}, collects the figures,
   * then destroys the cache.
   *
   * @throws SetupException when the provider or the cache cannot be set up
   */
  public static DemoResult runWorkload(DemoOptions options, PrintStream out) throws SetupException {
    ZipfSampler sampler = new ZipfSampler(options.keys(), options.zipfExponent());
    SlowLoader.LoaderFactory loaderFactory =
        new SlowLoader.LoaderFactory(TimeUnit.MICROSECONDS.toNanos(options.loaderLatencyMicros()));

    Path temporaryDiskPath = null;
    CacheManager manager = null;
    try {
      Path diskPath = options.diskPath();
      if (options.tiers().contains("disk") && diskPath == null) {
        temporaryDiskPath = Files.createTempDirectory("tiercache-demo-disk");
        diskPath = temporaryDiskPath;
      }
      List<TierSpec> tiers = tiers(options, diskPath);
      List<String> tierDescriptions = describe(tiers);
      printHeader(options, sampler, tierDescriptions, out);

      try {
        manager = Caching.getCachingProvider(TieredCachingProvider.class.getName()).getCacheManager();
      } catch (CacheException e) {
        throw new SetupException("cannot load the tiercache provider: " + e.getMessage(), null, e);
      }
      Cache<Long, String> cache = createCache(manager, tiers, loaderFactory, options);
      try {
        return measure(cache, options, sampler, loaderFactory, tierDescriptions, out);
      } finally {
        manager.destroyCache(CACHE_NAME);
      }
    } catch (IOException e) {
      throw new SetupException("cannot create a directory for the disk tier: " + e.getMessage(), null, e);
    } finally {
      if (manager != null) {
        manager.close();
      }
      if (temporaryDiskPath != null) {
        deleteRecursively(temporaryDiskPath);
      }
    }
  }

  /**
   * The tiers of the demo cache, fastest first, from {@code --tiers}. The kinds other than {@code heap}
   * come from tier modules that must be on the classpath.
   */
  static List<TierSpec> tiers(DemoOptions options, Path diskPath) {
    List<TierSpec> tiers = new ArrayList<>();
    for (String kind : options.tiers()) {
      tiers.add(switch (kind) {
        case "heap" -> Tiers.heap(options.heapEntries());
        case "offheap" -> Tiers.offHeap(options.offHeapSize());
        case "disk" -> Tiers.disk(diskPath.toString(), options.diskSize(), false);
        default -> throw new IllegalArgumentException("unknown tier kind " + kind);
      });
    }
    return tiers;
  }

  private static List<String> describe(List<TierSpec> tiers) {
    List<String> descriptions = new ArrayList<>();
    for (TierSpec tier : tiers) {
      descriptions.add(switch (tier.kind()) {
        case "heap" -> String.format(Locale.ROOT, "heap (%,d entries)", ((Number) tier.property("entries", 0)).longValue());
        case "offheap" -> "offheap (" + tier.property("size", "?") + ")";
        case "disk" -> "disk (" + tier.property("size", "?") + ")";
        default -> tier.toString();
      });
    }
    return descriptions;
  }

  private static Cache<Long, String> createCache(CacheManager manager, List<TierSpec> tiers,
      SlowLoader.LoaderFactory loaderFactory, DemoOptions options) throws SetupException {
    TieredConfiguration<Long, String> configuration = new TieredConfiguration<Long, String>()
        .setTypes(Long.class, String.class)
        .setStatisticsEnabled(true)
        .setReadThrough(true)
        .setCacheLoaderFactory(loaderFactory)
        .tiers(tiers);
    if (StreamSupport.stream(manager.getCacheNames().spliterator(), false).anyMatch(CACHE_NAME::equals)) {
      manager.destroyCache(CACHE_NAME); // left over from an earlier run in this JVM
    }
    try {
      return manager.createCache(CACHE_NAME, configuration);
    } catch (CacheException | IllegalArgumentException e) {
      String hint = null;
      if (options.tiers().stream().anyMatch(kind -> !kind.equals("heap"))) {
        hint = "The offheap and disk tiers come from the tiercache-ehcache module. Put it (and its dependencies)"
            + " on the classpath and start the demo with its main class, for example:\n"
            + "  java -cp tiercache-demo.jar" + File.pathSeparator + "<tiercache-ehcache jars> "
            + Demo.class.getName() + " --tiers " + String.join(",", options.tiers());
      }
      throw new SetupException("cannot create the cache with tiers " + options.tiers() + ": " + e.getMessage(), hint, e);
    }
  }

  private static void printHeader(DemoOptions options, ZipfSampler sampler, List<String> tierDescriptions,
      PrintStream out) {
    out.println("tiercache demo");
    out.printf(Locale.ROOT, "  workload  %,d gets, %d threads, %,d keys, Zipf exponent %.2f%n",
        options.ops(), options.threads(), options.keys(), options.zipfExponent());
    long heap = options.heapEntries();
    if (heap < options.keys()) {
      out.printf(Locale.ROOT, "            the %,d hottest keys draw %.1f%% of the gets%n",
          heap, sampler.cumulativeProbability((int) heap) * 100);
    }
    out.printf(Locale.ROOT, "  loader    read-through, %,d us per call%n", options.loaderLatencyMicros());
    out.println("  tiers     " + String.join(" -> ", tierDescriptions));
    out.println();
    out.flush();
  }

  private static DemoResult measure(Cache<Long, String> cache, DemoOptions options, ZipfSampler sampler,
      SlowLoader.LoaderFactory loaderFactory, List<String> tierDescriptions, PrintStream out) {
    int threads = (int) Math.min(options.threads(), options.ops());
    LongAdder done = new LongAdder();
    LongAdder failed = new LongAdder();
    LongAdder wrong = new LongAdder();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    CountDownLatch finished = new CountDownLatch(threads);
    List<Histogram> histograms = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    SplittableRandom seeds = new SplittableRandom(options.seed());

    for (int t = 0; t < threads; t++) {
      long share = options.ops() / threads + (t < options.ops() % threads ? 1 : 0);
      SplittableRandom random = seeds.split();
      Histogram histogram = new Histogram(3);
      histograms.add(histogram);
      Thread worker = new Thread(() -> {
        try {
          for (long i = 0; i < share; i++) {
            long key = sampler.sample(random) + 1L; // key 1 is the hottest
            long start = System.nanoTime();
            String value;
            try {
              value = cache.get(key);
            } catch (RuntimeException e) {
              failed.increment();
              firstFailure.compareAndSet(null, e);
              done.increment();
              continue;
            }
            histogram.recordValue(System.nanoTime() - start);
            if (value == null || !value.equals(SlowLoader.valueOf(key))) {
              wrong.increment();
            }
            done.increment();
          }
        } catch (Throwable e) {
          firstFailure.compareAndSet(null, e);
          throw e;
        } finally {
          finished.countDown();
        }
      }, "demo-worker-" + t);
      worker.setDaemon(true);
      workers.add(worker);
    }

    Progress progress = new Progress(out, Progress.isTerminal(out), options.ops());
    long start = System.nanoTime();
    workers.forEach(Thread::start);
    try {
      while (!finished.await(100, TimeUnit.MILLISECONDS)) {
        progress.update(done.sum());
      }
      for (Thread worker : workers) {
        worker.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while the workload ran", e);
    }
    long elapsed = System.nanoTime() - start;
    progress.finish(done.sum());
    out.println();

    Histogram latency = new Histogram(3);
    histograms.forEach(latency::add);
    long completed = done.sum();
    long failures = failed.sum() + (options.ops() - completed); // a worker that died left gets undone

    String jmxName = statisticsObjectName(cache).toString();
    return new DemoResult(options, tierDescriptions, options.ops(), failures, wrong.sum(), firstFailure.get(),
        loaderFactory.calls(), cache.unwrap(TieredCacheView.class).tierStatistics(),
        latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(50),
        latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99),
        latency.getMaxValue(), elapsed, jmxName, readJCacheStatistics(cache));
  }

  /**
   * The spec's name of the cache's statistics MXBean:
   * {@code javax.cache:type=CacheStatistics,CacheManager=<uri>,Cache=<name>}, with {@code : = ,} and
   * newlines replaced by dots.
   */
  static ObjectName statisticsObjectName(Cache<?, ?> cache) {
    try {
      return new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
          + mbeanSafe(cache.getCacheManager().getURI().toString()) + ",Cache=" + mbeanSafe(cache.getName()));
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String mbeanSafe(String value) {
    return value == null ? "" : value.replaceAll("[:=,\n]", ".");
  }

  /** The cache's JCache statistics from the platform MBean server, or {@code null} when not registered. */
  static DemoResult.JCacheStatistics readJCacheStatistics(Cache<?, ?> cache) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = statisticsObjectName(cache);
    if (!server.isRegistered(name)) {
      return null;
    }
    CacheStatisticsMXBean bean = JMX.newMXBeanProxy(server, name, CacheStatisticsMXBean.class);
    return new DemoResult.JCacheStatistics(bean.getCacheHits(), bean.getCacheMisses(),
        bean.getCacheHitPercentage(), bean.getAverageGetTime());
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temporary directory left behind is harmless
    }
  }

  /** The cache could not be set up; the message says why, the hint (if any) what to do. */
  public static final class SetupException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String hint;

    SetupException(String message, String hint, Throwable cause) {
      super(message, cause);
      this.hint = hint;
    }

    /** What the user can do about it, or {@code null}. */
    public String hint() {
      return hint;
    }
  }
}

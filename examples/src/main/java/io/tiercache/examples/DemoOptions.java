package io.tiercache.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The demo's command line, parsed and checked. Immutable; build one with {@link #parse(String...)}. */
public final class DemoOptions {

  /** The tier kinds {@code --tiers} understands, fastest first. */
  public static final List<String> TIER_KINDS = List.of("heap", "offheap", "disk");

  /** The largest {@code --keys}: the Zipf sampler keeps 8 bytes per key. */
  public static final int MAX_KEYS = 10_000_000;

  static final long DEFAULT_OPS = 200_000;
  static final int DEFAULT_KEYS = 100_000;
  static final int DEFAULT_THREADS = 4;
  static final long DEFAULT_LOADER_LATENCY_MICROS = 500;
  static final double DEFAULT_ZIPF_EXPONENT = 1.0;
  static final long DEFAULT_SEED = 42;
  static final String DEFAULT_OFFHEAP_SIZE = "4MB";
  static final String DEFAULT_DISK_SIZE = "256MB";

  private long ops = DEFAULT_OPS;
  private int keys = DEFAULT_KEYS;
  private int threads = DEFAULT_THREADS;
  private long heapEntries; // 0: 10% of the keys
  private long loaderLatencyMicros = DEFAULT_LOADER_LATENCY_MICROS;
  private double zipfExponent = DEFAULT_ZIPF_EXPONENT;
  private long seed = DEFAULT_SEED;
  private List<String> tiers = List.of("heap", "offheap", "disk");
  private String offHeapSize = DEFAULT_OFFHEAP_SIZE;
  private String diskSize = DEFAULT_DISK_SIZE;
  private Path diskPath; // null: a temporary directory, removed afterwards
  private boolean help;

  private DemoOptions() {
  }

  /** The defaults: what the demo runs with no arguments. */
  public static DemoOptions defaults() {
    return parse();
  }

  /**
   * Parses {@code args}. Options take their value as the next argument or after {@code =}
   * ({@code --ops 5000}, {@code --ops=5000}); numbers may use {@code _} or {@code ,} between digits.
   *
   * @throws UsageException naming the offending option when an option is unknown, lacks its value,
   *     or has a bad one
   */
  public static DemoOptions parse(String... args) {
    DemoOptions options = new DemoOptions();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "-h", "--help" -> {
          noValue(name, value);
          options.help = true;
        }
        default -> {
          if (!FLAGS_WITH_VALUE.contains(name)) {
            throw new UsageException(arg.startsWith("-") ? "unknown option " + name
                : "unexpected argument '" + arg + "' (options start with --)");
          }
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException(name + " needs a value");
            }
            value = args[++i];
          }
          options.set(name, value);
        }
      }
    }
    if (options.heapEntries == 0) {
      options.heapEntries = Math.max(1, options.keys / 10);
    }
    return options;
  }

  private static final Set<String> FLAGS_WITH_VALUE = Set.of("--ops", "--keys", "--threads", "--heap-entries",
      "--loader-latency-us", "--zipf-exponent", "--seed", "--tiers", "--offheap-size", "--disk-size", "--disk-path");

  private void set(String name, String value) {
    switch (name) {
      case "--ops" -> ops = longValue(name, value, 1, Long.MAX_VALUE);
      case "--keys" -> keys = (int) longValue(name, value, 1, MAX_KEYS);
      case "--threads" -> threads = (int) longValue(name, value, 1, 1024);
      case "--heap-entries" -> heapEntries = longValue(name, value, 1, Long.MAX_VALUE);
      case "--loader-latency-us" -> loaderLatencyMicros = longValue(name, value, 0, 60_000_000);
      case "--zipf-exponent" -> zipfExponent = doubleValue(name, value, 0, 10);
      case "--seed" -> seed = longValue(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
      case "--tiers" -> tiers = tierList(value);
      case "--offheap-size" -> offHeapSize = size(name, value);
      case "--disk-size" -> diskSize = size(name, value);
      case "--disk-path" -> {
        if (value.isBlank()) {
          throw new UsageException("--disk-path needs a directory");
        }
        diskPath = Path.of(value);
      }
      default -> throw new IllegalStateException(name);
    }
  }

  private static void noValue(String name, String value) {
    if (value != null) {
      throw new UsageException(name + " takes no value");
    }
  }

  private static long longValue(String name, String value, long min, long max) {
    long parsed;
    try {
      parsed = Long.parseLong(digits(value));
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a whole number, was '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw new UsageException(name + " must be " + range(min, max) + ", was " + value);
    }
    return parsed;
  }

  private static String range(long min, long max) {
    if (max == Long.MAX_VALUE) {
      return "at least " + min;
    }
    return "between " + String.format(Locale.ROOT, "%,d and %,d", min, max);
  }

  private static double doubleValue(String name, String value, double min, double max) {
    double parsed;
    try {
      parsed = Double.parseDouble(digits(value));
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a number, was '" + value + "'");
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new UsageException(name + " must be between " + min + " and " + max + ", was " + value);
    }
    return parsed;
  }

  private static String digits(String value) {
    return value.trim().replace("_", "").replace(",", "");
  }

  private static String size(String name, String value) {
    if (!value.trim().matches("(?i)\\d+\\s*(B|KB|MB|GB|TB)?")) {
      throw new UsageException(name + " needs a size such as 64MB or 2GB, was '" + value + "'");
    }
    return value.trim().toUpperCase(Locale.ROOT).replace(" ", "");
  }

  private static List<String> tierList(String value) {
    List<String> kinds = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String kind = part.trim().toLowerCase(Locale.ROOT).replace("-", "");
      if (kind.isEmpty()) {
        throw new UsageException("--tiers needs a comma-separated list such as heap,offheap,disk, was '" + value + "'");
      }
      if (!TIER_KINDS.contains(kind)) {
        throw new UsageException("--tiers: unknown tier kind '" + part.trim() + "' (known: "
            + String.join(", ", TIER_KINDS) + ")");
      }
      if (kinds.contains(kind)) {
        throw new UsageException("--tiers: tier '" + kind + "' is listed twice");
      }
      kinds.add(kind);
    }
    return List.copyOf(kinds);
  }

  /** The usage text of {@code --help}. */
  public static String usage() {
    return String.join(System.lineSeparator(),
        "Usage: java -jar tiercache-demo.jar [options]",
        "",
        "Runs a skewed (Zipf) read workload against a tiercache cache that reads through a slow",
        "CacheLoader, then reports what each tier answered and how many loader calls the cache saved.",
        "",
        "Options:",
        "  --ops N                 gets to perform in total (default " + fmt(DEFAULT_OPS) + ")",
        "  --keys K                distinct keys; key 1 is the most popular (default " + fmt(DEFAULT_KEYS) + ")",
        "  --threads T             threads issuing gets (default " + DEFAULT_THREADS + ")",
        "  --heap-entries N        bound of the heap tier (default 10% of --keys)",
        "  --loader-latency-us U   time each CacheLoader call takes, microseconds (default "
            + DEFAULT_LOADER_LATENCY_MICROS + ")",
        "  --zipf-exponent S       key popularity skew; 0 is uniform (default " + DEFAULT_ZIPF_EXPONENT + ")",
        "  --seed N                seed of the key sequence (default " + DEFAULT_SEED + ")",
        "  --tiers LIST            tiers fastest first, from heap, offheap, disk (default heap,offheap,disk);",
        "                          offheap and disk need the tiercache-ehcache module on the classpath",
        "  --offheap-size SIZE     size of the offheap tier (default " + DEFAULT_OFFHEAP_SIZE + ")",
        "  --disk-size SIZE        size of the disk tier (default " + DEFAULT_DISK_SIZE + ")",
        "  --disk-path DIR         directory of the disk tier (default: a temporary directory, removed at the end)",
        "  -h, --help              print this help",
        "",
        "Exit status: 0 done, 1 some gets failed, 2 bad options or the tiers could not be set up.",
        "");
  }

  private static String fmt(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** Total gets. */
  public long ops() {
    return ops;
  }

  /** Distinct keys. */
  public int keys() {
    return keys;
  }

  /** Threads issuing gets. */
  public int threads() {
    return threads;
  }

  /** The heap tier bound. */
  public long heapEntries() {
    return heapEntries;
  }

  /** The latency of one loader call, microseconds. */
  public long loaderLatencyMicros() {
    return loaderLatencyMicros;
  }

  /** The Zipf exponent. */
  public double zipfExponent() {
    return zipfExponent;
  }

  /** The seed of the key sequence. */
  public long seed() {
    return seed;
  }

  /** The tier kinds, fastest first. */
  public List<String> tiers() {
    return tiers;
  }

  /** The off-heap tier size. */
  public String offHeapSize() {
    return offHeapSize;
  }

  /** The disk tier size. */
  public String diskSize() {
    return diskSize;
  }

  /** The disk tier directory, or {@code null} for a temporary one. */
  public Path diskPath() {
    return diskPath;
  }

  /** Whether {@code --help} was given. */
  public boolean help() {
    return help;
  }

  /** A bad command line; the message says what is wrong. */
  public static final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}

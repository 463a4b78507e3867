package io.tiercache.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every workload shares: throughput in ops/s, one fork with a fixed 3 GB heap and the JVM flags
 * Hazelcast asks for, the subject under test (opened by the workload's own setup) and its closing.
 * JMH reads these annotations from the superclass; a workload may override any of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:MaxDirectMemorySize=2g",
    // touch the whole heap at start: a store-by-value get allocates its copy, and on a VM where a page
    // fault is expensive the first pass through fresh Eden pages took such subjects from 3 M to 0.8 M
    // ops/s mid-fork (Caffeine's JCache adapter as much as tiercache); huge pages make the touching quick
    "-XX:+AlwaysPreTouch", "-XX:+UseTransparentHugePages",
    "-Dhazelcast.phone.home.enabled=false", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    // what Hazelcast asks for to use its fast paths (it warns and falls back without them)
    "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public abstract class CacheBenchmark {

  /** The subject under test. */
  Subject cache;

  @TearDown(Level.Trial)
  public void close() {
    cache.close();
  }
}

/**
 * JMH benchmarks of tiercache's tier stacks beside the caches users would pick instead.
 *
 * <ul>
 *   <li>{@link io.tiercache.benchmarks.Subjects} opens each subject by name (the {@code subject}
 *       parameter), with the servers it needs on loopback, and closes them again.</li>
 *   <li>The workloads: {@link io.tiercache.benchmarks.GetBenchmark}, {@link io.tiercache.benchmarks.PutBenchmark},
 *       {@link io.tiercache.benchmarks.MixedBenchmark}, {@link io.tiercache.benchmarks.GetAllBenchmark},
 *       {@link io.tiercache.benchmarks.ZipfBenchmark}; {@link io.tiercache.benchmarks.Footprint} measures
 *       retained heap per entry outside JMH.</li>
 *   <li>{@link io.tiercache.benchmarks.Report} turns JMH's JSON into docs/benchmarks.md and a chart.</li>
 * </ul>
 */
package io.tiercache.benchmarks;

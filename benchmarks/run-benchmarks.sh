#!/usr/bin/env bash
# Runs the JMH suite and renders docs/benchmarks.md and docs/benchmarks.svg.
#
#   benchmarks/run-benchmarks.sh [JMH include pattern ...]
#
# Environment:
#   THREADS    thread counts to run, default "1 2"
#   JMH_ARGS   extra JMH options, e.g. "-p subject=caffeine,tiercache-heap -wi 1 -i 3 -r 1s"
#   FOOTPRINT  "no" skips the retained-heap measurement (1M entries per in-heap subject)
#   NOTE       a line printed under the page title: machine, load, date (recorded with the numbers)
#   SKIP_BUILD "yes" reuses benchmarks/target/benchmarks.jar
#   ZIPF_ARGS  JMH options for the Zipf workload instead of JMH_ARGS (its own defaults warm up longer)
#   ZIPF_SUBJECTS  subjects of the 1M-key Zipf workload when no pattern is given, default
#                  "ehcache-offheap,tiercache-offheap" (add tiercache-redis,tiercache-hazelcast: slow fill)
#
# Each benchmark starts the servers it needs on loopback (redis-server, an embedded Hazelcast member)
# and stops them. Results go to benchmarks/target/results/ (JMH JSON, one file per thread count).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

jar=benchmarks/target/benchmarks.jar
results=benchmarks/target/results
threads="${THREADS:-1 2}"
cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
memory="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)"
jdk="$(java -version 2>&1 | head -1)"
note="${NOTE:-Recorded $(date -u +%Y-%m-%d) on $(nproc) CPUs (${cpu:-unknown model}), ${memory:-unknown memory}, ${jdk}; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) at the start; JMH options: ${JMH_ARGS:-none beyond the annotations}.}"

if [[ "${SKIP_BUILD:-no}" != "yes" ]]; then
  ./mvnw -B -q -pl benchmarks -am package -DskipTests
fi

rm -rf "$results"
mkdir -p "$results"

for t in $threads; do
  if [[ $# -gt 0 ]]; then
    # shellcheck disable=SC2086 # JMH_ARGS is split on purpose
    java -jar "$jar" -t "$t" -rf json -rff "$results/threads-$t.json" ${JMH_ARGS:-} "$@"
  else
    # everything but the 1M-key Zipf workload, then that one on the subjects ZIPF_SUBJECTS names
    # (filling 1M keys into Redis or Hazelcast takes minutes: name them there to include them)
    # shellcheck disable=SC2086
    java -jar "$jar" -t "$t" -rf json -rff "$results/threads-$t.json" ${JMH_ARGS:-} '^(?!.*ZipfBenchmark).*'
    # shellcheck disable=SC2086
    java -jar "$jar" -t "$t" -rf json -rff "$results/zipf-threads-$t.json" ${ZIPF_ARGS:-} \
      -p subject="${ZIPF_SUBJECTS:-ehcache-offheap,tiercache-offheap}" ZipfBenchmark
  fi
done

if [[ "${FOOTPRINT:-yes}" != "no" ]]; then
  java -Xms3g -Xmx3g -cp "$jar" io.tiercache.benchmarks.Footprint 1000000 "$results/footprint.json"
fi

java -cp "$jar" io.tiercache.benchmarks.Report "$results" docs/benchmarks.md docs/benchmarks.svg "$note"

#!/usr/bin/env bash
# Runs thrjob's JMH benchmarks, each beside its JDK baseline, and keeps the results.
#
#   tests/bench/run.sh [--quick] [BENCHMARK ...] [-- JMH_OPTION ...]
#
#   BENCHMARK   class names to run (default: all of them), e.g. UnorderedJobsBench
#   --quick     a smoke check that each benchmark runs (1 fork, 1 x 200 ms warm-up and
#               measurement): its numbers mean nothing
#   -- ...      passed to JMH as is, e.g. -- -p impl=thr-forkjoin,forkjoin-pool
#
# The full run is 3 forks x (3 warm-up + 5 measured iterations of 1 s): anything that parks and
# wakes threads is bimodal on 2 cores, and 3 forks show both modes. AllocationBench also runs
# with -prof gc. The provider is chosen with -Dthr.provider (default forkjoin; set THR_PROVIDER
# to pick another); JMH's forks inherit it. Results go to tests/bench/results/<time>-<name>.json
# (JMH's JSON) and .txt (the console output). See docs/BENCHMARKS.md for how to read them.
# A benchmark that throws stops the script with a non-zero status (-foe true): a run with a
# missing contender is no comparison.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/tests/bench"
jar="$bench/target/benchmarks.jar"
results="$bench/results"
all=(UnorderedJobsBench RecursiveTreeBench SerialQueueBench MainQueueRoundTripBench AllocationBench
     BioPostBench BioBurstBench BlockedClientRoundTripBench BlockedClientFootprintBench
     ReplyLatencyBench)

timing=(-f 3 -wi 3 -w 1s -i 5 -r 1s)
names=()
jmh_extra=()
while (($#)); do
    case "$1" in
        --quick) timing=(-f 1 -wi 1 -i 1 -w 200ms -r 200ms) ;;
        --) shift; jmh_extra=("$@"); break ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        -*) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
        *) names+=("$1") ;;
    esac
    shift
done
((${#names[@]})) || names=("${all[@]}")

# Build the jar when it is missing or older than any source it is made of.
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/pom.xml" "$bench/pom.xml" "$bench/src" \
        "$root/thr-api/src" "$root/thr-api/pom.xml" \
        "$root/thr-impl-forkjoin/src" "$root/thr-impl-forkjoin/pom.xml" \
        "$root/thr-impl-threads/src" "$root/thr-impl-threads/pom.xml" \
        "$root/bio/src" "$root/bio/pom.xml" \
        "$root/modules-blocking/src" "$root/modules-blocking/pom.xml" \
        "$root/ichannel-bridge/src" "$root/ichannel-bridge/pom.xml" \
        -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    echo "run.sh: building $jar" >&2
    (cd "$root" && ./mvnw -q -DskipTests -pl tests/bench -am package)
fi

provider="${THR_PROVIDER:-forkjoin}"
mkdir -p "$results"
stamp="$(date +%Y%m%d-%H%M%S)"
for name in "${names[@]}"; do
    profilers=()
    [[ "$name" == AllocationBench ]] && profilers=(-prof gc)
    out="$results/$stamp-$name"
    echo "run.sh: $name -> $out.{json,txt}" >&2
    java "-Dthr.provider=$provider" -jar "$jar" "^org\.thrjob\.bench\.$name\." \
        "${timing[@]}" "${profilers[@]}" -foe true -rf json -rff "$out.json" "${jmh_extra[@]}" \
        2>&1 | tee "$out.txt"
done

#!/usr/bin/env bash
# Pipelined PING throughput of ichannel beside redis-server, with Debian's redis-benchmark.
#
#   tests/bench/redis-compare.sh [--quick] [--rounds N] [--requests N]
#
#   --quick       a smoke check that both servers answer (1 round of 100000 requests): its
#                 numbers mean nothing
#   --rounds N    rounds per server, run alternately (default 5)
#   --requests N  requests per redis-benchmark run (default 2000000)
#
# Installs redis-server and redis-tools with apt-get when they are missing, builds
# tests/bench/target/benchmarks.jar when it is missing, starts org.thrjob.bench.PingServer (an
# echo/PING server made of ichannel-bridge alone) and a redis-server without persistence, both on
# loopback, warms both up with one discarded run each, and runs `redis-benchmark -t ping -P 16`
# against each in turn. Prints each run's
# requests per second and, per server and test (PING_INLINE, PING_MBULK), the median over the
# rounds and the ratio ichannel / redis-server. Target (issue 6): ratio >= 1.0.
# The provider is chosen with THR_PROVIDER (default forkjoin). Results also go to
# tests/bench/results/<time>-redis-compare.txt.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/tests/bench"
jar="$bench/target/benchmarks.jar"
rounds=5
requests=2000000
while (($#)); do
    case "$1" in
        --quick) rounds=1; requests=100000 ;;
        --rounds) rounds="$2"; shift ;;
        --requests) requests="$2"; shift ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "redis-compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
    echo "redis-compare.sh: installing redis-server and redis-tools" >&2
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-tools >/dev/null
fi
if [[ ! -f "$jar" ]]; then
    echo "redis-compare.sh: building $jar" >&2
    (cd "$root" && ./mvnw -q -DskipTests -pl tests/bench -am package)
fi

thr_port=6390
redis_port=6391
provider="${THR_PROVIDER:-forkjoin}"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

java "-Dthr.provider=$provider" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$jar" org.thrjob.bench.PingServer "$thr_port" &
pids+=($!)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize no --loglevel warning &
pids+=($!)
for port in "$thr_port" "$redis_port"; do
    for _ in $(seq 1 100); do
        redis-cli -p "$port" ping >/dev/null 2>&1 && break
        sleep 0.1
    done
    [[ "$(redis-cli -p "$port" ping)" == PONG ]] || { echo "redis-compare.sh: nothing answers on $port" >&2; exit 1; }
done

# One discarded run per server first: the JVM's JIT warms up, as JMH's warm-up iterations do.
for port in "$thr_port" "$redis_port"; do
    redis-benchmark -p "$port" -t ping -P 16 -n "$requests" -c 50 -q >/dev/null
done

mkdir -p "$bench/results"
out="$bench/results/$(date +%Y%m%d-%H%M%S)-redis-compare.txt"
declare -A runs
for round in $(seq 1 "$rounds"); do
    for server in ichannel redis-server; do
        port=$thr_port
        [[ $server == redis-server ]] && port=$redis_port
        while IFS=, read -r test rps _; do
            test="${test//\"/}"; rps="${rps//\"/}"
            [[ "$test" == test ]] && continue
            echo "round $round $server $test $rps" | tee -a "$out"
            runs["$server,$test"]+="$rps "
        done < <(redis-benchmark -p "$port" -t ping -P 16 -n "$requests" -c 50 --csv)
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "medians over $rounds round(s) of $requests requests, -P 16, provider $provider:" | tee -a "$out"
for test in PING_INLINE PING_MBULK; do
    t=$(echo "${runs[ichannel,$test]:-}" | median)
    r=$(echo "${runs[redis-server,$test]:-}" | median)
    ratio=$(awk -v t="$t" -v r="$r" 'BEGIN { printf (r > 0 ? "%.2f" : "n/a"), t / r }')
    printf '%-12s ichannel %12s rps   redis-server %12s rps   ratio %s (target >= 1.0)\n' \
        "$test" "$t" "$r" "$ratio" | tee -a "$out"
done

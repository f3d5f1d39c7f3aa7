#!/usr/bin/env bash
# The server (org.thrjob.server) beside redis-server on the same machine (issue 7):
#
#   tests/bench/server-compare.sh [--quick] [--rounds N] [--pin] [--no-docs]
#
#   --quick    a smoke check that every step runs (1 round, requests divided by 50, 20,000 keys,
#              2,000 hand-offs): its numbers mean nothing; the docs are not touched
#   --rounds N rounds per server and measurement, run alternately (default 5)
#   --pin      both servers on CPU 0 and every client (redis-benchmark, the hand-off, redis-cli)
#              on CPU 1, with taskset (needs 2+ cores): the client never shares the CPU of the
#              server it measures; each server's own threads (bio, the JVM's) share its CPU
#   --no-docs  do not write the table into docs/BENCHMARKS.md
#
# Measures, alternately against each server, several rounds, reporting medians:
#   1. redis-benchmark -t ping,set,get,lpush,lpop with -c 50 -n 200000, with -P 16 -n 2000000 and
#      with -c 200 -n 200000, once with appendonly no and once with appendfsync everysec;
#   2. the BLPOP/LPUSH hand-off (tests/bench/scripts/Handoff.java: one client blocked, another
#      pushing, strict ping-pong), 100,000 hand-offs;
#   3. memory: growth of INFO's used_memory for 1,000,000 small keys (SET key:N val:N, loaded with
#      redis-cli --pipe), each side read after MEMORY PURGE (a full GC on the JVM).
# Targets: >= 1.0x redis-server on every row of 1 and on 2; <= 2x redis-server's growth for 3.
# Beside each shape of 1, two rows without a target say what bounded it: each server's CPU per
# request (user + system, from /proc/PID/stat) and the CPU redis-benchmark used (from bash's time)
# against each. A client near 100% of a CPU (with --pin, all of its own) is the limit of that
# shape: its request rows then measure the client, whichever server is faster.
#
# Installs redis-server and redis-tools with apt-get when missing; builds the server when
# server/target/module-path.txt is missing. The provider is THR_PROVIDER (default forkjoin);
# JAVA_OPTS goes to the server's JVM. Results go to tests/bench/results/<time>-server-compare.md
# and, unless --quick or --no-docs, between the server-compare markers of docs/BENCHMARKS.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/tests/bench"
rounds=5
quick=""
docs=yes
pin=""
while (($#)); do
    case "$1" in
        --quick) quick=yes; rounds=1; docs="" ;;
        --rounds) rounds="$2"; shift ;;
        --no-docs) docs="" ;;
        --pin) pin=yes ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "server-compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
div=1; keys=1000000; handoffs=100000
if [[ -n $quick ]]; then div=50; keys=20000; handoffs=2000; fi
# Prefixes for the servers' and the clients' commands: empty, or taskset onto one CPU each.
on_server=(); on_client=()
if [[ -n $pin ]]; then
    if (( $(nproc) < 2 )) || ! command -v taskset >/dev/null; then
        echo "server-compare.sh: --pin needs 2 or more cores and taskset (util-linux)" >&2; exit 2
    fi
    on_server=(taskset -c 0); on_client=(taskset -c 1)
fi

if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
    echo "server-compare.sh: installing redis-server and redis-tools" >&2
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server redis-tools >/dev/null
fi
server="$root/server/target"
if [[ ! -f "$server/module-path.txt" || ! -d "$server/classes" ]]; then
    echo "server-compare.sh: building the server" >&2
    (cd "$root" && ./mvnw -q -DskipTests -pl server -am package)
fi

thr_port=6392
redis_port=6393
provider="${THR_PROVIDER:-forkjoin}"
work="$(mktemp -d)"
pid_thr=""; pid_redis=""
stop_servers() {
    for pid in $pid_thr $pid_redis; do kill "$pid" 2>/dev/null || true; done
    for pid in $pid_thr $pid_redis; do wait "$pid" 2>/dev/null || true; done
    pid_thr=""; pid_redis=""
}
cleanup() { stop_servers; rm -rf "$work"; }
trap cleanup EXIT

# start_servers no|everysec
start_servers() {
    local aof=(--appendonly no)
    [[ $1 == everysec ]] && aof=(--appendonly yes --appendfsync everysec)
    rm -rf "$work/thr" "$work/redis"; mkdir -p "$work/thr" "$work/redis"
    # shellcheck disable=SC2086 # JAVA_OPTS holds several options on purpose
    "${on_server[@]}" java ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
        --module-path "$(cat "$server/module-path.txt"):$server/classes" \
        -m org.thrjob.server/org.thrjob.server.Main --port "$thr_port" --provider "$provider" \
        --dir "$work/thr" "${aof[@]}" &
    pid_thr=$!
    "${on_server[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --dir "$work/redis" "${aof[@]}" \
        --daemonize no --loglevel warning &
    pid_redis=$!
    for port in "$thr_port" "$redis_port"; do
        for _ in $(seq 1 100); do
            redis-cli -p "$port" ping >/dev/null 2>&1 && break
            sleep 0.1
        done
        [[ "$(redis-cli -p "$port" ping)" == PONG ]] || { echo "server-compare.sh: nothing answers on $port" >&2; exit 1; }
    done
}

# A process's CPU time so far (user + system), in clock ticks.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
clk_tck=$(getconf CLK_TCK)
TIMEFORMAT='%U %S %R'   # what bash's time keyword prints: user, system and wall seconds

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR == 0) print 0; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# medians KEY: sets t and r to the medians of runs[KEY|thr] and runs[KEY|redis].
medians() { t=$(echo "${runs[$1|thr]:-}" | median); r=$(echo "${runs[$1|redis]:-}" | median); }
ratio() { awk -v t="$1" -v r="$2" 'BEGIN { printf (r > 0 ? "%.2f" : "n/a"), t / r }'; }

mkdir -p "$bench/results"
out="$bench/results/$(date +%Y%m%d-%H%M%S)-server-compare.md"
declare -A runs
table="| measurement | thrjob server | redis-server | ratio | target |"$'\n'"|---|---|---|---|---|"

for persistence in no everysec; do
    start_servers "$persistence"
    for shape in "-c 50 -n $((200000 / div))" "-P 16 -n $((2000000 / div))" "-c 200 -n $((200000 / div))"; do
        # One discarded run per server first: the JVM's JIT warms up.
        # shellcheck disable=SC2086 # shape holds several options on purpose
        for port in "$thr_port" "$redis_port"; do
            "${on_client[@]}" redis-benchmark -p "$port" -t ping,set,get,lpush,lpop $shape -q >/dev/null
        done
        for round in $(seq 1 "$rounds"); do
            for name in thr redis; do
                port=$thr_port; pid=$pid_thr
                if [[ $name == redis ]]; then port=$redis_port; pid=$pid_redis; fi
                ticks_before=$(server_ticks "$pid")
                # time's line goes to bench.time; redis-benchmark's own errors still reach the terminal (fd 4).
                # shellcheck disable=SC2086
                { time "${on_client[@]}" redis-benchmark -p "$port" -t ping,set,get,lpush,lpop $shape --csv \
                    >"$work/bench.csv" 2>&4; } 4>&2 2>"$work/bench.time"
                ticks=$(($(server_ticks "$pid") - ticks_before))
                while IFS=, read -r test rps _; do
                    test="${test//\"/}"; rps="${rps//\"/}"
                    [[ "$test" == test ]] && continue
                    echo "aof=$persistence $shape round $round $name $test $rps"
                    runs["$persistence|$shape|$test|$name"]+="$rps "
                done <"$work/bench.csv"
                # The client's CPU over its wall time, and the server's CPU per request (6 tests of n).
                read -r user sys real <"$work/bench.time"
                client=$(awk -v u="$user" -v s="$sys" -v r="$real" 'BEGIN { printf "%.0f", 100 * (u + s) / r }')
                cost=$(awk -v t="$ticks" -v hz="$clk_tck" -v n="${shape##* }" 'BEGIN { printf "%.2f", 1e6 * t / hz / (6 * n) }')
                echo "aof=$persistence $shape round $round $name client ${client}% of a CPU, server ${cost} us/request"
                runs["$persistence|$shape|client|$name"]+="$client "
                runs["$persistence|$shape|cost|$name"]+="$cost "
            done
        done
        for test in PING_INLINE PING_MBULK SET GET LPUSH LPOP; do
            medians "$persistence|$shape|$test"
            table+=$'\n'"| $test $shape, appendonly $persistence (req/s) | $t | $r | $(ratio "$t" "$r") | >= 1.0 |"
        done
        medians "$persistence|$shape|cost"
        table+=$'\n'"| server CPU per request (user + system), $shape, appendonly $persistence (µs) | $t | $r | $(ratio "$t" "$r") | (no target) |"
        medians "$persistence|$shape|client"
        table+=$'\n'"| redis-benchmark's CPU use, $shape, appendonly $persistence (% of one CPU) | $t | $r | | (no target) |"
    done
    if [[ $persistence == no ]]; then
        "${on_client[@]}" java "$bench/scripts/Handoff.java" "$thr_port" "$((handoffs / 10))" >/dev/null   # warm-up
        for round in $(seq 1 "$rounds"); do
            for name in thr redis; do
                port=$thr_port; [[ $name == redis ]] && port=$redis_port
                rate=$("${on_client[@]}" java "$bench/scripts/Handoff.java" "$port" "$handoffs")
                echo "handoff round $round $name $rate"
                runs["handoff|$name"]+="$rate "
            done
        done
        medians handoff
        table+=$'\n'"| BLPOP/LPUSH hand-off, strict ping-pong (hand-offs/s) | $t | $r | $(ratio "$t" "$r") | >= 1.0 |"

        declare -A growth
        for name in thr redis; do
            port=$thr_port; [[ $name == redis ]] && port=$redis_port
            redis-cli -p "$port" flushall >/dev/null
            redis-cli -p "$port" memory purge >/dev/null
            before=$(redis-cli -p "$port" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" {print $2}')
            awk -v n="$keys" 'BEGIN { for (i = 0; i < n; i++) { k = "key:" i; v = "val:" i;
                printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }' \
                | "${on_client[@]}" redis-cli -p "$port" --pipe >/dev/null
            [[ "$(redis-cli -p "$port" dbsize)" == "$keys" ]] || { echo "server-compare.sh: $name did not load $keys keys" >&2; exit 1; }
            redis-cli -p "$port" memory purge >/dev/null
            after=$(redis-cli -p "$port" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" {print $2}')
            growth[$name]=$((after - before))
            echo "memory $name $keys keys: used_memory $before -> $after"
        done
        table+=$'\n'"| used_memory growth for $keys small keys (bytes) | ${growth[thr]} | ${growth[redis]} | $(ratio "${growth[thr]}" "${growth[redis]}") | <= 2.0 |"
    fi
    stop_servers
done

{
    pinned=""; [[ -n $pin ]] && pinned=", servers pinned to CPU 0 and clients to CPU 1"
    echo "Run of $(date -u +%Y-%m-%dT%H:%MZ), provider $provider, $rounds round(s), medians$pinned; $(nproc) cores, $(java -version 2>&1 | head -1)."
    echo
    echo "$table"
} | tee "$out"

if [[ -n $docs ]]; then
    doc="$root/docs/BENCHMARKS.md"
    python3 - "$doc" "$out" <<'PY'
import sys
doc, out = sys.argv[1], sys.argv[2]
text, table = open(doc).read(), open(out).read()
begin, end = "<!-- server-compare:begin -->", "<!-- server-compare:end -->"
i, j = text.index(begin) + len(begin), text.index(end)
open(doc, "w").write(text[:i] + "\n" + table + "\n" + text[j:])
PY
    echo "server-compare.sh: table written into $doc"
fi

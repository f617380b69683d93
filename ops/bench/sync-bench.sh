#!/usr/bin/env bash
# Sync benchmark: a real server (fresh data directory, SQLite) and real clients as separate
# processes over loopback. Usage: ops/bench/sync-bench.sh [N] (default 100000).
# Prints one JSON line: {"n","avg_doc_bytes","push_s","push_docs_per_s","pull_s","pull_docs_per_s","incr_s",
#   "push_bytes_per_record","pull_bytes_per_record" (sync bodies as sent over the wire, gzip included),
#   "push_server_cpu_s","pull_server_cpu_s","push_server_cpu_by_thread_s" ({jit,gc,app}: compiler threads, GC threads, the rest),"push_client_cpu_s","pull_client_cpu_s",
#   "server_start_ms" (process start to /health answering, empty store),
#   "server_restart_ms" (the same with the store of N records, after the run),
#   "server_rss_mb" (peak resident memory of the server through the run), "client_heap_max_mb"}
# The client runs with -Xmx256m, so a round that needed more would fail rather than report.
# The clients run with the device's flags (ops/client-jvm.options: C1 only, the serial collector).
# Extra JVM options: BENCH_SERVER_OPTS (e.g. a JFR recording), BENCH_CLIENT_OPTS (after the device's).
# The server starts as ops/run.sh starts it in production (fieldsync_server_flags of ops/build.sh):
# with the jar's AOT cache on JDK 25+ (classes and a training run's method profiles, made first by
# ops/aot-cache.sh when missing) and the module flags the cache was trained with.
# BENCH_AOT=0 measures a server started without it.
# BENCH_WARMUP=W: a third device of the same inspector first pushes W records of its own (not
# counted), so the figures are of a server that has run a while (its JIT compilers done with the
# sync path), as a production server is when an inspector comes back with a day's records; the
# default 0 measures the server's first sync after start-up. "warmup" in the output says which.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ops/java-home.sh
N=${1:-100000}
if [ ! -f server/target/server.jar ] || [ ! -f sync-cli/target/fieldsync.jar ]; then
  # the build talks on stderr: stdout carries only the figures (a colour escape there broke peer-compare's JSON)
  mvn -B -q -ntp -DskipTests package -pl schemas,sync-client,sync-cli,server >&2
fi
source ops/build.sh
# the flags ops/run.sh starts the server with (the AOT cache made first when missing); BENCH_AOT=0: none
SERVER_FLAGS=$(FIELDSYNC_AOT=${BENCH_AOT:-1} fieldsync_server_flags)
echo "sync-bench: server started with $SERVER_FLAGS" >&2
WORK=$(mktemp -d /tmp/fieldsync-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
ADMIN_PASSWORD=bench-admin-password
SERVER=
now_ms() { date +%s%3N; }
# the server with a bounded heap, as in production: its resident memory is one of the figures
# sets SERVER (its pid) and READY_MS (process start to /health answering)
start_server() {
  local t0; t0=$(now_ms)
  java -Xmx256m $SERVER_FLAGS ${BENCH_SERVER_OPTS:-} -Dfieldsync.data-dir="$WORK/server" -Dserver.port="$PORT" -Dserver.host=127.0.0.1 \
       -Dfieldsync.admin-password="$ADMIN_PASSWORD" \
       -jar server/target/server.jar >>"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 1200); do curl -sf "$URL/health" >/dev/null 2>&1 && break; sleep 0.05; done
  curl -sf "$URL/health" >/dev/null || { echo "the server did not start; see $WORK/server.log" >&2; cat "$WORK/server.log" >&2; exit 1; }
  READY_MS=$(( $(now_ms) - t0 ))
}
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap 'stop_server; rm -rf "$WORK"' EXIT
cpu_s() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }   # utime + stime of a live process
# CPU seconds of the server's threads by kind (JIT compiler, GC, the rest), for where a phase's CPU went
thread_cpu() {
  for t in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(awk '{print $14 + $15}' "$t/stat" 2>/dev/null)"
  done | awk -F'\t' '{k = ($1 ~ /Compiler/) ? "jit" : ($1 ~ /^(GC|G1)/) ? "gc" : "app"; s[k] += $2}
                     END {printf "{\"jit\":%.2f,\"gc\":%.2f,\"app\":%.2f}", s["jit"]/100, s["gc"]/100, s["app"]/100}'
}

start_server
START_MS=$READY_MS
# the device side runs as ops/fieldsync runs it: with the flags of ops/client-jvm.options
CLIENT=(java -Xmx256m @ops/client-jvm.options -jar sync-cli/target/fieldsync.jar)
BENCH=(java -Xmx256m @ops/client-jvm.options ${BENCH_CLIENT_OPTS:-} -cp sync-cli/target/fieldsync.jar cn.fieldsync.client.bench.SyncBench)
UNIT=$(fieldsync_bench_setup "$URL" "$ADMIN_PASSWORD" 基准测试化工有限公司)
export FIELDSYNC_PASSWORD=bench-password
"${CLIENT[@]}" init --store "$WORK/a" --server "$URL" --device-name bench-a --user bench >/dev/null
"${CLIENT[@]}" init --store "$WORK/b" --server "$URL" --device-name bench-b --user bench >/dev/null

WARMUP=${BENCH_WARMUP:-0}
if [ "$WARMUP" -gt 0 ]; then
  echo "warming the server up: device W pushes $WARMUP records of its own..." >&2
  "${CLIENT[@]}" init --store "$WORK/w" --server "$URL" --device-name bench-w --user bench >/dev/null
  "${BENCH[@]}" generate "$WORK/w" "$UNIT" "$WARMUP" >/dev/null
  "${BENCH[@]}" sync "$WORK/w" >/dev/null
fi
echo "generating $N hidden dangers on device A..." >&2
GEN=$("${BENCH[@]}" generate "$WORK/a" "$UNIT" "$N" | tail -1)
echo "device A: push (and pull its own changes back)..." >&2
C0=$(cpu_s "$SERVER")
T0=$(thread_cpu "$SERVER")
A1=$("${BENCH[@]}" sync "$WORK/a" | tail -1)
C1=$(cpu_s "$SERVER")
T1=$(thread_cpu "$SERVER")
echo "device B: initial pull..." >&2
B1=$("${BENCH[@]}" sync "$WORK/b" | tail -1)
C2=$(cpu_s "$SERVER")
"${BENCH[@]}" edit "$WORK/a" 1
echo "incremental: A pushes 1%, B pulls..." >&2
A2=$("${BENCH[@]}" sync "$WORK/a" | tail -1)
B2=$("${BENCH[@]}" sync "$WORK/b" | tail -1)
RSS=$(awk '/VmHWM/ {print $2}' /proc/$SERVER/status)
echo "restarting the server on the store of $N records..." >&2
stop_server
start_server
RESTART_MS=$READY_MS

python3 - "$N" "$A1" "$B1" "$A2" "$B2" "$RSS" "$GEN" "$C0" "$C1" "$C2" "$START_MS" "$RESTART_MS" "$T0" "$T1" "$WARMUP" <<'PY'
import json, sys
t0, t1 = json.loads(sys.argv[13]), json.loads(sys.argv[14])
n = int(sys.argv[1]); a1, b1, a2, b2 = (json.loads(x) for x in sys.argv[2:6]); rss_kb = int(sys.argv[6])
gen = json.loads(sys.argv[7]); c0, c1, c2 = (float(x) for x in sys.argv[8:11])
push_s = a1["push_ms"] / 1000; pull_s = b1["pull_ms"] / 1000
incr_s = (a2["push_ms"] + a2["pull_ms"] + b2["pull_ms"]) / 1000
print(json.dumps({"n": n, "warmup": int(sys.argv[15]), "avg_doc_bytes": gen["avg_doc_bytes"],
                  "push_s": round(push_s, 2), "push_docs_per_s": round(n / push_s) if push_s else None,
                  "pull_s": round(pull_s, 2), "pull_docs_per_s": round(b1["pulled"] / pull_s) if pull_s else None,
                  "incr_s": round(incr_s, 2),
                  "push_bytes_per_record": round((a1["push_bytes_sent"] + a1["push_bytes_received"]) / n, 1),
                  "pull_bytes_per_record": round(b1["pull_bytes_received"] / max(1, b1["pulled"]), 1),
                  # A's round also pulls its own records back; the server's CPU of that is in push_server_cpu_s
                  "push_server_cpu_s": round(c1 - c0, 2), "pull_server_cpu_s": round(c2 - c1, 2),
                  # of push_server_cpu_s: the JIT compiler's threads, the garbage collector's, and the rest
                  "push_server_cpu_by_thread_s": {k: round(t1[k] - t0[k], 2) for k in t0},
                  "push_client_cpu_s": round(a1["cpu_ms"] / 1000, 2), "pull_client_cpu_s": round(b1["cpu_ms"] / 1000, 2),
                  "server_start_ms": int(sys.argv[11]), "server_restart_ms": int(sys.argv[12]),
                  "server_rss_mb": round(rss_kb / 1024, 1),
                  "client_heap_max_mb": round(max(x["heap_max_mb"] for x in (a1, b1, a2, b2)), 1)}))
PY

#!/usr/bin/env bash
# Start-up benchmark (issue 17): how long the server takes to answer its first GET /version and how
# much memory it holds, on a SQLite store of N records (default 100000), run with the same flags as
# ops/run.sh (the AOT cache when there is one: ops/aot-cache.sh).
#
#   ops/bench/startup.sh [N] [--runs 3] [--no-aot] [--no-sync]
#
# --no-sync stops after the starts (no warm sync, no memory figures): for profiling a start, e.g.
#   BENCH_SERVER_OPTS="-XX:StartFlightRecording=filename=/tmp/start-%p.jfr,settings=profile" \
#     bash ops/bench/startup.sh --runs 1 --no-sync
# (the recording is written when the server stops; BENCH_SERVER_OPTS are added to the server's flags).
#
# The store is made once (a device pushes N generated hidden dangers through the real sync) and
# kept in $FIELDSYNC_BENCH_STORE (default /tmp/fieldsync-startup-store-N) for the next runs; delete
# that directory to make it again. Then the server is started --runs times on it, each time timed
# from the java command to the first 200 of /version; after the last start a warm sync runs (device
# A changes 1% and syncs, a fresh device B pulls everything) and the server's resident memory is
# read from /proc: VmRSS after the sync and VmHWM (the peak). Prints the figures, then one JSON line:
#   {"n","aot_cache","start_ms":[...],"start_ms_best","start_cpu_ms":[...] (the server's CPU until then),
#    "rss_after_sync_mb","rss_peak_mb","goal_met"}
# Goal (issue 17): start-up under 3 s and RSS under 512 MB. Hold the bench lock:
#   bash ops/bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source ops/java-home.sh
source ops/build.sh

N=100000
RUNS=3
AOT=1
SYNC=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --no-aot) AOT=0; shift ;;
    --no-sync) SYNC=0; shift ;;
    [0-9]*) N=$1; shift ;;
    *) echo "unknown argument $1 (ops/bench/startup.sh [N] [--runs 3] [--no-aot] [--no-sync])" >&2; exit 1 ;;
  esac
done
if [ ! -f server/target/server.jar ] || [ ! -f sync-cli/target/fieldsync.jar ]; then
  # the build talks on stderr: stdout carries only the figures (a colour escape there broke peer-compare's JSON)
  mvn -B -q -ntp -DskipTests package -pl schemas,sync-client,sync-cli,server >&2
fi
STORE=${FIELDSYNC_BENCH_STORE:-/tmp/fieldsync-startup-store-$N}
# the devices of the store know the server by its address: the port is kept with the store
mkdir -p "$STORE"
if [ ! -f "$STORE/made" ] || [ ! -f "$STORE/port.keep" ]; then
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' >"$STORE/port.keep"
fi
PORT=$(cat "$STORE/port.keep")
URL="http://127.0.0.1:$PORT"
ADMIN_PASSWORD=bench-admin-password
SERVER=
now_ms() { date +%s%3N; }
server_flags() {
  # the flags ops/run.sh uses, the AOT cache included (made first when missing) unless --no-aot
  FIELDSYNC_AOT=$AOT fieldsync_server_flags
}
# sets SERVER (its pid) and READY_MS (the java command to the first 200 of /version)
start_server() {
  local t0; t0=$(now_ms)
  # -Xmx256m as the other benchmarks: production runs with a bounded heap
  java -Xmx256m $(server_flags) ${BENCH_SERVER_OPTS:-} -Dfieldsync.data-dir="$STORE/server" -Dserver.port="$PORT" \
       -Dserver.host=127.0.0.1 -Dfieldsync.admin-password="$ADMIN_PASSWORD" \
       -jar server/target/server.jar >>"$STORE/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 2400); do curl -sf "$URL/version" >/dev/null 2>&1 && break; sleep 0.025; done
  curl -sf "$URL/version" >/dev/null || { echo "the server did not start; see $STORE/server.log" >&2; tail -40 "$STORE/server.log" >&2; exit 1; }
  READY_MS=$(( $(now_ms) - t0 ))
  # CPU the server spent getting ready (all its threads): on a shared machine the time on the clock
  # depends on what else runs, this does not
  READY_CPU_MS=$(awk '{print ($14 + $15) * 10}' "/proc/$SERVER/stat")
}
# SIGTERM, then SIGKILL after 40 s: a server that hangs while stopping (seen with a flight recording
# being written) must not keep the bench lock, which it inherited, from the other engineers
stop_server() {
  [ -n "$SERVER" ] || return 0
  kill "$SERVER" 2>/dev/null || true
  for _ in $(seq 1 400); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=
}
trap 'stop_server; rm -rf "$STORE/b"' EXIT
CLIENT=(java -Xmx256m -jar sync-cli/target/fieldsync.jar)
BENCH=(java -Xmx256m --enable-native-access=ALL-UNNAMED -cp sync-cli/target/fieldsync.jar cn.fieldsync.client.bench.SyncBench)
export FIELDSYNC_PASSWORD=bench-password

# a store made by a build whose migrations differ (one edited since, or a later one) would not start
# (Flyway's checksum check): it is made again, not measured half-migrated
MIGRATIONS=$(cat server/src/main/resources/db/migration/*.sql | sha256sum | cut -c1-16)
if [ -f "$STORE/made" ] && [ "$(cat "$STORE/made")" != "$MIGRATIONS" ]; then
  echo "the store in $STORE was made with other migrations: making it again" >&2
  rm -f "$STORE/made"
fi
if [ ! -f "$STORE/made" ]; then
  find "$STORE" -mindepth 1 -not -name port.keep -delete
  echo "making a store of $N records in $STORE (once)..." >&2
  start_server
  UNIT=$(fieldsync_bench_setup "$URL" "$ADMIN_PASSWORD" 启动基准化工有限公司)
  "${CLIENT[@]}" init --store "$STORE/a" --server "$URL" --device-name startup-a --user bench >/dev/null
  "${BENCH[@]}" generate "$STORE/a" "$UNIT" "$N" >/dev/null
  "${BENCH[@]}" sync "$STORE/a" >/dev/null
  stop_server
  echo "$MIGRATIONS" >"$STORE/made"
fi

echo "server: $(java -version 2>&1 | head -1); flags: $(server_flags)" >&2
STARTS=()
CPUS=()
for run in $(seq 1 "$RUNS"); do
  start_server
  STARTS+=("$READY_MS")
  CPUS+=("$READY_CPU_MS")
  echo "start $run on the store of $N records: first /version after $READY_MS ms ($READY_CPU_MS ms of CPU; load average $(cut -d' ' -f1 /proc/loadavg))" >&2
  [ "$run" = "$RUNS" ] || stop_server
done
if [ "$SYNC" = 0 ]; then
  echo "{\"n\": $N, \"start_ms\": [$(IFS=,; echo "${STARTS[*]}")], \"start_cpu_ms\": [$(IFS=,; echo "${CPUS[*]}")]}"
  exit 0
fi
echo "warm sync: device A changes 1% and syncs, a fresh device B pulls all $N..." >&2
"${BENCH[@]}" edit "$STORE/a" 1 >/dev/null
"${BENCH[@]}" sync "$STORE/a" >/dev/null
rm -rf "$STORE/b"
"${CLIENT[@]}" init --store "$STORE/b" --server "$URL" --device-name startup-b --user bench >/dev/null
"${BENCH[@]}" sync "$STORE/b" >/dev/null
RSS=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
HWM=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER/status")
echo "server resident memory after the warm sync: $((RSS / 1024)) MB (peak $((HWM / 1024)) MB)" >&2
AOT_FILE=$( [ "$AOT" = 1 ] && [ -n "$(fieldsync_aot_flags)" ] && echo "$FIELDSYNC_AOT_CACHE" || echo "")
python3 - "$N" "$AOT_FILE" "$RSS" "$HWM" "$(IFS=,; echo "${CPUS[*]}")" "${STARTS[@]}" <<'PY'
import json, sys
starts = [int(x) for x in sys.argv[6:]]
cpus = [int(x) for x in sys.argv[5].split(",")]
rss, hwm = int(sys.argv[3]) / 1024, int(sys.argv[4]) / 1024
print(json.dumps({"n": int(sys.argv[1]), "aot_cache": sys.argv[2] or None, "start_ms": starts,
                  "start_ms_best": min(starts), "start_cpu_ms": cpus, "rss_after_sync_mb": round(rss, 1), "rss_peak_mb": round(hwm, 1),
                  "goal_met": max(starts) < 3000 and hwm < 512}))
PY

#!/usr/bin/env bash
# Sync benchmark: a real server (fresh data directory, SQLite) and real clients as separate
# processes over loopback. Usage: ops/bench/sync-bench.sh [N] (default 100000).
# Prints one JSON line: {"n","push_s","push_docs_per_s","pull_s","pull_docs_per_s","incr_s",
#                        "server_rss_mb","client_heap_max_mb"}
# The client runs with -Xmx256m, so a round that needed more would fail rather than report.
set -euo pipefail
cd "$(dirname "$0")/../.."
source ops/java-home.sh
N=${1:-100000}
if [ ! -f server/target/server.jar ] || [ ! -f sync-cli/target/fieldsync.jar ]; then
  mvn -B -q -ntp -DskipTests install
fi
WORK=$(mktemp -d /tmp/fieldsync-bench.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# the server with a bounded heap, as in production: its resident memory is one of the figures
ADMIN_PASSWORD=bench-admin-password
java -Xmx256m -Dfieldsync.data-dir="$WORK/server" -Dserver.port="$PORT" -Dserver.host=127.0.0.1 \
     -Dfieldsync.admin-password="$ADMIN_PASSWORD" \
     -jar server/target/server.jar >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do curl -sf "$URL/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$URL/health" >/dev/null || { echo "the server did not start; see $WORK/server.log" >&2; cat "$WORK/server.log" >&2; exit 1; }

CLIENT=(java -Xmx256m -jar sync-cli/target/fieldsync.jar)
BENCH=(java -Xmx256m --enable-native-access=ALL-UNNAMED -cp sync-cli/target/fieldsync.jar cn.fieldsync.client.bench.SyncBench)
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
TOKEN=$(curl -sf -XPOST "$URL/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | json_field token)
AUTH=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
UNIT=$(curl -sf -XPOST "$URL/api/units" "${AUTH[@]}" \
  -d '{"name":"基准测试化工有限公司","kind":"ENTERPRISE","jurisdictionCode":"370686"}' | json_field id)
curl -sf -XPOST "$URL/api/admin/users" "${AUTH[@]}" >/dev/null \
  -d '{"username":"bench","password":"bench-password","role":"INSPECTOR","jurisdictions":["370686"]}'
export FIELDSYNC_PASSWORD=bench-password
"${CLIENT[@]}" init --store "$WORK/a" --server "$URL" --device-name bench-a --user bench >/dev/null
"${CLIENT[@]}" init --store "$WORK/b" --server "$URL" --device-name bench-b --user bench >/dev/null

echo "generating $N hidden dangers on device A..." >&2
"${BENCH[@]}" generate "$WORK/a" "$UNIT" "$N"
echo "device A: push (and pull its own changes back)..." >&2
A1=$("${BENCH[@]}" sync "$WORK/a")
echo "device B: initial pull..." >&2
B1=$("${BENCH[@]}" sync "$WORK/b")
"${BENCH[@]}" edit "$WORK/a" 1
echo "incremental: A pushes 1%, B pulls..." >&2
A2=$("${BENCH[@]}" sync "$WORK/a")
B2=$("${BENCH[@]}" sync "$WORK/b")
RSS=$(awk '/VmHWM/ {print $2}' /proc/$SERVER/status)

python3 - "$N" "$A1" "$B1" "$A2" "$B2" "$RSS" <<'PY'
import json, sys
n = int(sys.argv[1]); a1, b1, a2, b2 = (json.loads(x) for x in sys.argv[2:6]); rss_kb = int(sys.argv[6])
push_s = a1["push_ms"] / 1000; pull_s = b1["pull_ms"] / 1000
incr_s = (a2["push_ms"] + a2["pull_ms"] + b2["pull_ms"]) / 1000
print(json.dumps({"n": n, "push_s": round(push_s, 2), "push_docs_per_s": round(n / push_s) if push_s else None,
                  "pull_s": round(pull_s, 2), "pull_docs_per_s": round(b1["pulled"] / pull_s) if pull_s else None,
                  "incr_s": round(incr_s, 2), "server_rss_mb": round(rss_kb / 1024, 1),
                  "client_heap_max_mb": round(max(x["heap_max_mb"] for x in (a1, b1, a2, b2)), 1)}))
PY

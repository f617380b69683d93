#!/usr/bin/env bash
# Makes the server's AOT cache (JDK 25+: JEP 483 classes loaded and linked ahead of time, JEP 514
# in one step, JEP 515 method profiles): a training run starts the server on a throw-away SQLite
# data directory, sends it the requests of a working day (login, units, a hidden danger, the
# change feed, health) and stops it; the JVM writes what it loaded to the cache file as it exits.
# The next start with -XX:AOTCache=FILE finds those classes ready instead of reading, verifying and
# linking them from the jars again.
#
#   bash ops/aot-cache.sh [JAVA] [APP_JAR] [CACHE]
#     JAVA     the java binary that will run the server (default: the JDK of ops/java-home.sh)
#     APP_JAR  the server jar, at the path it will be run from (default server/target/server.jar)
#     CACHE    the file to write (default: next to the jar, server.aot)
#
# The cache only fits the JVM binary and the very jars (path, size, time) it was made from: make it
# again after every build and with the java that runs the server (the container's jlink'd JRE
# makes its own in the image). A cache that does not fit is refused by the JVM with a warning and
# the server starts as it would without one. ops/run.sh remakes it when the jar is newer.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  source ops/java-home.sh
fi
JAVA=${1:-java}
JAR=${2:-server/target/server.jar}
CACHE=${3:-$(dirname "$JAR")/server.aot}
DATA=$(mktemp -d /tmp/fieldsync-aot.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
       || echo $(( 20000 + RANDOM % 20000 )))
URL="http://127.0.0.1:$PORT"
PASSWORD=aot-training-password
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$DATA"' EXIT

echo "fieldsync: AOT training run of $JAR on $("$JAVA" -version 2>&1 | head -1)..."
rm -f "$CACHE"
# the same flags as ops/run.sh and the image's entrypoint, so the cache fits the runs that use it
# the JDK's own log manager in the training run: with the server's (ServerLogManager, which keeps the log
# open while the JVM stops) the JVM wrote an AOT configuration its assembly step refused
"$JAVA" --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput="$CACHE" -Xlog:aot=warning \
  -Djava.util.logging.manager=java.util.logging.LogManager \
  -Dfieldsync.data-dir="$DATA/data" -Dserver.port="$PORT" -Dserver.host=127.0.0.1 \
  -Dfieldsync.admin-password="$PASSWORD" -jar "$JAR" >"$DATA/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  curl -sf "$URL/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$DATA/server.log" >&2; echo "fieldsync: the training run stopped" >&2; exit 1; }
  sleep 0.25
done
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
# a working day's requests: each route's classes (JSON, JPA, audit, sync) get loaded and profiled
for round in 1 2 3; do
  curl -sf "$URL/version" >/dev/null
  curl -sf "$URL/health" >/dev/null
  TOKEN=$(curl -sf -XPOST "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | field token)
  AUTH=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
  UNIT=$(curl -sf -XPOST "$URL/api/units" "${AUTH[@]}" \
    -d "{\"name\":\"训练化工有限公司$round\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}" | field id)
  curl -sf -XPOST "$URL/api/hazards" "${AUTH[@]}" >/dev/null -d "{\"unitId\":\"$UNIT\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",
    \"description\":\"液氨储罐区消防通道被杂物堵塞\",\"location\":{\"lat\":37.5,\"lon\":120.4,\"accuracyM\":5,\"address\":\"化工园$round号\"},
    \"foundAt\":\"2026-11-20T09:30:00+08:00\",\"deadline\":\"2026-12-20\",\"responsiblePerson\":\"李建国\",\"status\":\"REGISTERED\"}"
  curl -sf "$URL/api/hazards" "${AUTH[@]}" >/dev/null
  curl -sf "$URL/api/sync/changes?since=0&limit=500" "${AUTH[@]}" >/dev/null
  curl -sf "$URL/api/auth/me" "${AUTH[@]}" >/dev/null
  curl -sf "$URL/openapi" >/dev/null || true
done
kill -TERM "$pid"
wait "$pid" || true
pid=
if [ ! -s "$CACHE" ]; then
  cat "$DATA/server.log" >&2
  echo "fieldsync: the JVM wrote no AOT cache (a JDK older than 25?)" >&2
  exit 1
fi
echo "fieldsync: AOT cache $CACHE ($(du -h "$CACHE" | cut -f1)); start with -XX:AOTCache=$CACHE"

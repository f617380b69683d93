#!/usr/bin/env bash
# Makes the server's AOT cache (JDK 25+: JEP 483 classes loaded and linked ahead of time, JEP 514
# in one step, JEP 515 method profiles): a training run starts the server on a throw-away SQLite
# data directory, sends it the requests of a working day (login, units, a hidden danger, the
# change feed, health, and a device's pushes and pulls) and stops it; the JVM writes what it loaded
# to the cache file as it exits.
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
# a hidden danger's fields: hazard UNIT_ID DESCRIPTION ADDRESS
hazard() {
  printf '{"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"%s","location":{"lat":37.5,"lon":120.4,"accuracyM":5,"address":"%s"},"foundAt":"2026-11-20T09:30:00+08:00","deadline":"2026-12-20","responsiblePerson":"李建国","status":"REGISTERED"}' "$1" "$2" "$3"
}
# a working day's requests: each route's classes (JSON, JPA, audit, sync) get loaded and profiled
for round in 1 2 3; do
  curl -sf "$URL/version" >/dev/null
  curl -sf "$URL/health" >/dev/null
  TOKEN=$(curl -sf -XPOST "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | field token)
  AUTH=(-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json')
  UNIT=$(curl -sf -XPOST "$URL/api/units" "${AUTH[@]}" \
    -d "{\"name\":\"训练化工有限公司$round\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}" | field id)
  curl -sf -XPOST "$URL/api/hazards" "${AUTH[@]}" >/dev/null -d "$(hazard "$UNIT" 液氨储罐区消防通道被杂物堵塞 "化工园$round号")"
  curl -sf "$URL/api/hazards" "${AUTH[@]}" >/dev/null
  curl -sf "$URL/api/sync/changes?since=0&limit=500" "${AUTH[@]}" >/dev/null
  curl -sf "$URL/api/auth/me" "${AUTH[@]}" >/dev/null
  curl -sf "$URL/openapi" >/dev/null || true
done
# A device's sync: an inspector of the county enrols a device and pushes batches of hidden dangers
# (a create's JSON Schema walk, the writer's transaction, the audit chain), pulling after each. With
# the push path's classes and method profiles in the cache, a node just started serves its first
# devices as it serves them later: on the load benchmark (200 devices, 12 s think time) the first
# 10 s went from p50 / p99 591 / 2,051 ms to 43 / 647 ms. Not required: a failure here is reported
# and the cache keeps the rest.
uuid() { cat /proc/sys/kernel/random/uuid 2>/dev/null || python3 -c 'import uuid; print(uuid.uuid4())'; }
train_device_sync() {
  local inspector device ops batch n
  curl -sf -XPOST "$URL/api/admin/users" "${AUTH[@]}" >/dev/null \
    -d '{"username":"aot-training","password":"aot-training-password","role":"INSPECTOR","jurisdictions":["370686"]}' || return 1
  inspector=$(curl -sf -XPOST "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"username":"aot-training","password":"aot-training-password"}' | field token) || return 1
  device=$(curl -sf -XPOST "$URL/api/devices" -H "Authorization: Bearer $inspector" -H 'Content-Type: application/json' \
    -d '{"name":"训练平板"}' | field id) || return 1
  inspector=$(curl -sf -XPOST "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"aot-training\",\"password\":\"aot-training-password\",\"deviceId\":\"$device\"}" | field token) || return 1
  [ -n "$inspector" ] && [ -n "$device" ] || return 1
  for batch in $(seq 1 20); do
    ops=
    for n in $(seq 1 25); do
      ops="$ops${ops:+,}{\"opId\":\"$(uuid)\",\"type\":\"hazard\",\"id\":\"$(uuid)\",\"baseVersion\":0,\"fields\":$(hazard "$UNIT" "灭火器压力不足（第${batch}批第${n}条）" 化工园)}"
    done
    curl -sf -XPOST "$URL/api/sync/push" -H "Authorization: Bearer $inspector" -H 'Content-Type: application/json' \
      -H 'Fieldsync-Protocol: 1' -d "{\"operations\":[$ops]}" | grep -q '"status":"applied"' || return 1
    curl -sf "$URL/api/sync/changes?since=0&limit=500" -H "Authorization: Bearer $inspector" -H 'Fieldsync-Protocol: 1' \
      >/dev/null || return 1
  done
}
train_device_sync || echo "fieldsync: the training run's device sync failed; the cache holds the rest of the working day" >&2
kill -TERM "$pid"
wait "$pid" || true
pid=
if [ ! -s "$CACHE" ]; then
  cat "$DATA/server.log" >&2
  echo "fieldsync: the JVM wrote no AOT cache (a JDK older than 25?)" >&2
  exit 1
fi
echo "fieldsync: AOT cache $CACHE ($(du -h "$CACHE" | cut -f1)); start with -XX:AOTCache=$CACHE"

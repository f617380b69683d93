#!/usr/bin/env bash
# Assembles the container image's file layout without a container engine (none runs here, and no
# image registry is reachable): the same steps as ops/container/Dockerfile's build stage, into
# server/target/image/ — java/ (a JRE cut by jlink from the JDK that builds), app/server.jar and
# app/libs/, app/server.aot (the AOT cache, JDK 25+: ops/aot-cache.sh), entrypoint.sh. Then, with --check, starts that entrypoint on a fresh data directory
# and waits for /health/ready, as CI does; prints the layout's size and the time to ready.
#   bash ops/container/build-layout.sh            # assemble
#   bash ops/container/build-layout.sh --check    # assemble, start, wait for ready, stop
set -euo pipefail
cd "$(dirname "$0")/../.."
source ops/java-home.sh
source ops/build.sh

fieldsync_build_if_changed
IMAGE=server/target/image
rm -rf "$IMAGE"
mkdir -p "$IMAGE/app"
echo "fieldsync: cutting a JRE with jlink from $JAVA_HOME..."
"$JAVA_HOME/bin/jlink" --add-modules "$(cat ops/container/modules.txt)" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$IMAGE/java"
cp server/target/server.jar "$IMAGE/app/"
cp -r server/target/libs "$IMAGE/app/libs"
cp ops/container/entrypoint.sh "$IMAGE/entrypoint.sh"
# the AOT cache, made by a training run of this JRE on this jar where they lie (as the Dockerfile does)
if "$IMAGE/java/bin/java" -XX:AOTMode=off -version >/dev/null 2>&1; then
  bash ops/aot-cache.sh "$IMAGE/java/bin/java" "$IMAGE/app/server.jar" "$IMAGE/app/server.aot"
fi
echo "fieldsync: image layout in $IMAGE: $(du -sh "$IMAGE" | cut -f1) (JRE $(du -sh "$IMAGE/java" | cut -f1), libraries $(du -sh "$IMAGE/app" | cut -f1))"

if [ "${1:-}" != "--check" ]; then
  exit 0
fi
DATA=$(mktemp -d /tmp/fieldsync-image.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
started=$(date +%s%N)
FIELDSYNC_DATA_DIR="$DATA" FIELDSYNC_ADMIN_PASSWORD=image-check-password "$IMAGE/entrypoint.sh" \
  -Dserver.port="$PORT" -Dserver.host=127.0.0.1 >"$DATA/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 600); do
  if ! kill -0 "$pid" 2>/dev/null; then
    cat "$DATA/server.log" >&2
    echo "fieldsync: the image's entrypoint stopped before it was ready" >&2
    exit 1
  fi
  if curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then
    echo "fieldsync: the image's entrypoint answered /health/ready after $(( ($(date +%s%N) - started) / 1000000 )) ms: $(curl -fsS "http://127.0.0.1:$PORT/version")"
    kill -TERM "$pid"
    wait "$pid" || true
    exit 0
  fi
  sleep 0.5
done
cat "$DATA/server.log" >&2
echo "fieldsync: the image's entrypoint was not ready within 300 s" >&2
exit 1

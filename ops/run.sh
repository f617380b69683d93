#!/usr/bin/env bash
# Builds what changed and starts the server on the embedded default (SQLite under ./data) with
# demo data. Any -Dkey=value arguments are passed to the server, e.g. -Dserver.port=9090 or the
# fieldsync.db.* settings for PostgreSQL (see README.md). Needs only a JDK 21+: Maven comes with
# ./mvnw (downloaded once from Maven Central into ~/.m2/wrapper).
set -euo pipefail
cd "$(dirname "$0")/.."
source ops/java-home.sh
source ops/build.sh

fieldsync_build_if_changed
# JDK 25+: the AOT cache of this jar (ops/aot-cache.sh) halves the CPU of a start; it is made
# again, once, after each build (about a minute). FIELDSYNC_AOT=0 starts without it.
if [ "${FIELDSYNC_AOT:-1}" != 0 ] && [ -z "$(fieldsync_aot_flags)" ] \
   && [ "$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = \([0-9]*\).*/\1/p')" -ge 25 ]; then
  bash ops/aot-cache.sh java server/target/server.jar "$FIELDSYNC_AOT_CACHE" || echo "fieldsync: no AOT cache; starting without one"
fi
AOT=()
[ "${FIELDSYNC_AOT:-1}" = 0 ] || AOT=($(fieldsync_aot_flags))
echo "Starting the fieldsync server (Ctrl-C stops it; it waits for requests in progress)..."
exec java $(fieldsync_java_flags) "${AOT[@]}" -Dfieldsync.demo-data=true "$@" -jar server/target/server.jar

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
FLAGS=$(fieldsync_server_flags)
echo "Starting the fieldsync server (Ctrl-C stops it; it waits for requests in progress)..."
exec java $FLAGS -Dfieldsync.demo-data=true "$@" -jar server/target/server.jar

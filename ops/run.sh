#!/usr/bin/env bash
# Builds everything and starts the server on the embedded default (SQLite under ./data) with
# demo data. Any -Dkey=value arguments are passed to the server, e.g. -Dserver.port=9090 or the
# fieldsync.db.* settings for PostgreSQL (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source ops/java-home.sh
mvn -B -q -ntp -DskipTests install
echo "Starting the fieldsync server (Ctrl-C stops it)..."
exec java -Dfieldsync.demo-data=true "$@" -jar server/target/server.jar

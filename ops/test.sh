#!/usr/bin/env bash
# Runs every test. The persistence and API tests run on SQLite, and again on PostgreSQL when a
# PostgreSQL server is installed (Debian: apt-get install postgresql): a throw-away cluster is
# started for the run and removed after it. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
source ops/java-home.sh
source ops/pg-cluster.sh
source ops/build.sh

if fieldsync_start_pg; then
  PG_FLAGS=(-Dfieldsync.test.require-pg=true)
else
  echo "No PostgreSQL server installed: the tests run on SQLite only." >&2
  PG_FLAGS=()
fi
MAVEN_OPTS="${MAVEN_OPTS:-} $(fieldsync_java_flags)" ./mvnw -B -ntp -Dstyle.color=never \
  -Dfieldsync.commit="$(git rev-parse --short=10 HEAD 2>/dev/null || true)" "${PG_FLAGS[@]}" verify "$@"

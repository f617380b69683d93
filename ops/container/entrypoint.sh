#!/bin/sh
# The image's entrypoint: the server on the JRE made by jlink, every setting from the environment
# (FIELDSYNC_DB_URL, FIELDSYNC_DB_USER, FIELDSYNC_DB_PASSWORD, FIELDSYNC_DATA_DIR, ...; README.md,
# "Settings"), extra JVM flags in JAVA_OPTS. exec: SIGTERM reaches the JVM, which lets requests
# in progress finish (fieldsync.shutdown.grace-period).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
# Arguments are JVM options and -Dkey=value settings, as for ops/run.sh.
exec "$HERE/java/bin/java" --enable-native-access=ALL-UNNAMED -XX:MaxRAMPercentage=75 ${JAVA_OPTS:-} "$@" \
  -Dfieldsync.data-dir="${FIELDSYNC_DATA_DIR:-/var/lib/fieldsync}" -jar "$HERE/app/server.jar"

#!/bin/sh
# The image's entrypoint: the server on the JRE made by jlink, every setting from the environment
# (FIELDSYNC_DB_URL, FIELDSYNC_DB_USER, FIELDSYNC_DB_PASSWORD, FIELDSYNC_DATA_DIR, ...; README.md,
# "Settings"), extra JVM flags in JAVA_OPTS. exec: SIGTERM reaches the JVM, which lets requests
# in progress finish (fieldsync.shutdown.grace-period).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
# The AOT cache made in the image from this JRE and jar (ops/aot-cache.sh): classes ready-linked
# and method profiles, about half the CPU of a start. One that does not fit is refused by the JVM,
# which then starts without it.
AOT=
[ ! -f "$HERE/app/server.aot" ] || AOT="-XX:AOTCache=$HERE/app/server.aot"
# Arguments are JVM options and -Dkey=value settings, as for ops/run.sh.
exec "$HERE/java/bin/java" --enable-native-access=ALL-UNNAMED $AOT -XX:MaxRAMPercentage=75 ${JAVA_OPTS:-} "$@" \
  -Dfieldsync.data-dir="${FIELDSYNC_DATA_DIR:-/var/lib/fieldsync}" -jar "$HERE/app/server.jar"

# Sourced by ops/run.sh and the other scripts: builds the server and the device's command line
# with ./mvnw when a source changed since the last build, showing the modules as they build
# instead of Maven's own noise.

# The feature release of the java on the PATH (17, 21, 25...), 0 when it cannot be told.
fieldsync_java_major() {
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = \([0-9]*\).*/\1/p')
  echo "${v:-0}"
}

# JVM flags that keep the JDK quiet: JDK 23+ warns about libraries' sun.misc.Unsafe use (Maven's
# Guava) unless told it is allowed; SQLite's native library needs native access.
fieldsync_java_flags() {
  local flags="--enable-native-access=ALL-UNNAMED"
  if [ "$(fieldsync_java_major)" -ge 23 ]; then flags="$flags --sun-misc-unsafe-memory-access=allow"; fi
  echo "$flags"
}

# True when a pom or a source file is newer than the jars (or the jars are missing).
fieldsync_sources_changed() {
  local jar
  # the device's command line is built by sync-cli (a tester found sync-client/target/fieldsync.jar named
  # here, which no build makes: every start rebuilt, and failed offline)
  for jar in server/target/server.jar sync-cli/target/fieldsync.jar; do
    [ -f "$jar" ] || return 0
  done
  [ -n "$(find pom.xml */pom.xml schemas/src sync-client/src sync-cli/src server/src -newer server/target/server.jar -type f -print -quit 2>/dev/null)" ]
}

fieldsync_build_if_changed() {
  if ! fieldsync_sources_changed; then
    echo "fieldsync: the build is up to date (server/target/server.jar)"
    return 0
  fi
  local commit
  commit=$(git rev-parse --short=10 HEAD 2>/dev/null || true)
  echo "fieldsync: building (the first build downloads Maven and the libraries: a few minutes)..."
  local log
  log=$(mktemp /tmp/fieldsync-build.XXXXXX)
  # -Dstyle.color=never: no ANSI codes. The module lines are shown as they start; the whole log stays in $log.
  set +e
  MAVEN_OPTS="${MAVEN_OPTS:-} $(fieldsync_java_flags)" ./mvnw -B -ntp -Dstyle.color=never -DskipTests \
      -Dfieldsync.commit="$commit" package 2>&1 | tee "$log" \
    | grep --line-buffered -E '^\[INFO\] (Building fieldsync|BUILD|Total time)' | sed -u 's/^\[INFO\] /  /'
  local status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    grep -E '^\[ERROR\]' "$log" | head -n 40 >&2
    echo "fieldsync: the build failed; the whole log is in $log" >&2
    return 1
  fi
  rm -f "$log"
}

# The server's AOT cache (JDK 25+, JEP 483/514/515): the classes the server loads and links at
# start-up, and the method profiles of a training run, saved by ops/aot-cache.sh into this file. It
# only matches the jar (and its libs/) and the JDK it was made from: ops/aot-cache.sh is run again
# after every build (ops/run.sh does it when the jar is newer than the cache).
FIELDSYNC_AOT_CACHE=${FIELDSYNC_AOT_CACHE:-server/target/server.aot}

# The flags that use the AOT cache, or nothing when there is none for this jar (an empty file is a
# training run that failed) or the JDK is older than 25. A cache made by another JDK or jar is
# refused by the JVM itself, which then starts without it.
fieldsync_aot_flags() {
  if [ "$(fieldsync_java_major)" -ge 25 ] && [ -s "$FIELDSYNC_AOT_CACHE" ] && [ "$FIELDSYNC_AOT_CACHE" -nt server/target/server.jar ]; then
    echo "-XX:AOTCache=$FIELDSYNC_AOT_CACHE"
  fi
}

# The server's JVM flags as ops/run.sh starts it: the JDK's quiet flags and, on JDK 25+, the AOT
# cache of this jar, made first (about a minute, its messages on stderr) when it is missing or older
# than the jar. FIELDSYNC_AOT=0 starts without a cache. Every start that means to measure or run the
# server as production does goes through here: the JVM refuses a cache, and starts cold, when a
# module flag differs from the training run's (--enable-native-access among them).
fieldsync_server_flags() {
  fieldsync_java_flags
  [ "${FIELDSYNC_AOT:-1}" != 0 ] || return 0
  if [ -z "$(fieldsync_aot_flags)" ] && [ "$(fieldsync_java_major)" -ge 25 ]; then
    bash ops/aot-cache.sh java server/target/server.jar "$FIELDSYNC_AOT_CACHE" >&2 \
      || echo "fieldsync: no AOT cache could be made; the server starts without one" >&2
  fi
  fieldsync_aot_flags
}

# What the benchmarks (ops/bench/startup.sh, ops/bench/sync-bench.sh) make on a fresh server
# through its real API, as an administrator would: one enterprise of the county 370686 named $3,
# and the inspector "bench" (password bench-password) of that county. Prints the unit's id.
#   fieldsync_bench_setup URL ADMIN_PASSWORD UNIT_NAME
fieldsync_bench_setup() {
  local url=$1 password=$2 name=$3 token unit
  token=$(curl -sf -XPOST "$url/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\"}" | fieldsync_json_field token) || return 1
  local auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
  unit=$(curl -sf -XPOST "$url/api/units" "${auth[@]}" \
    -d "{\"name\":\"$name\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}" | fieldsync_json_field id) || return 1
  curl -sf -XPOST "$url/api/admin/users" "${auth[@]}" >/dev/null \
    -d '{"username":"bench","password":"bench-password","role":"INSPECTOR","jurisdictions":["370686"]}' || return 1
  echo "$unit"
}

# One member of the JSON object on stdin: fieldsync_json_field NAME
fieldsync_json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# Sourced by the project's scripts: picks a JDK 21 or newer for Maven and java.
# Keeps JAVA_HOME when it already points at one; otherwise tries the usual places.
_fieldsync_java_ok() {
  [ -x "$1/bin/java" ] || return 1
  local v
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  [ -n "$v" ] && [ "${v%%.*}" -ge 21 ]
}
if [ -z "${JAVA_HOME:-}" ] || ! _fieldsync_java_ok "$JAVA_HOME"; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 \
                   /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/*; do
    if _fieldsync_java_ok "$candidate"; then export JAVA_HOME="$candidate"; break; fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || ! _fieldsync_java_ok "$JAVA_HOME"; then
  echo "fieldsync needs JDK 21 or newer: set JAVA_HOME to one" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"

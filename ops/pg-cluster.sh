# Sourced: starts a throw-away PostgreSQL cluster (initdb in a temp dir, a free port on
# 127.0.0.1) for the tests, exports FIELDSYNC_TEST_PG_URL/_USER/_PASSWORD, and stops and removes
# it when the calling script exits. Returns non-zero when no PostgreSQL server is installed.
fieldsync_start_pg() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    return 1
  fi
  local owner=""
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: the package's postgres user runs it.
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    owner=postgres
  fi
  PG_TMP=$(mktemp -d /tmp/fieldsync-pg.XXXXXX)
  [ -n "$owner" ] && chown "$owner" "$PG_TMP"
  local as=()
  [ -n "$owner" ] && as=(runuser -u "$owner" --)
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
            || echo $((20000 + RANDOM % 20000)))
  "${as[@]}" "$bin/initdb" -D "$PG_TMP/data" -U fieldsync --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 2; }
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
    -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; return 2; }
  PG_BIN=$bin
  PG_AS=("${as[@]}")
  trap fieldsync_stop_pg EXIT
  "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U fieldsync fieldsync_test
  export FIELDSYNC_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/fieldsync_test"
  export FIELDSYNC_TEST_PG_USER=fieldsync
  export FIELDSYNC_TEST_PG_PASSWORD=unused-trust-auth
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$PG_PORT"
}

fieldsync_stop_pg() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}

#!/usr/bin/env bash
# Backs up a fieldsync server while it runs: the database, the audit key and checkpoints, and the
# attachments, into a new directory.
#   ops/backup.sh BACKUP_DIR [--data-dir DIR] [--pg postgresql://user:password@host:5432/db] [--pg-schema S]
# SQLite (the default, DIR/fieldsync.db): an online backup with VACUUM INTO through the JDBC driver,
# never a copy of the file (the write-ahead log holds the latest writes). PostgreSQL: pg_dump in
# its custom format (needs the PostgreSQL client, Debian: postgresql-client).
# The order keeps the copy consistent without stopping writers: the audit checkpoints first (each
# names an entry the database dump will hold), then the database, then the attachments (files are
# written before any record can name them and never change, so every attachment the dump names is
# copied). Prints what it copied and how long it took; restore with ops/restore.sh.
set -euo pipefail

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
OUT=$1; shift
DATA=./data; PG=""; PG_SCHEMA=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA=$2; shift 2 ;;
    --pg) PG=$2; shift 2 ;;
    --pg-schema) PG_SCHEMA=$2; shift 2 ;;
    *) usage ;;
  esac
done
OUT=$(realpath -m "$OUT"); DATA=$(realpath -m "$DATA")
cd "$(dirname "$0")/.."
source ops/java-home.sh
[ -e "$OUT" ] && { echo "backup: $OUT exists already; give a new directory" >&2; exit 2; }
[ -d "$DATA" ] || { echo "backup: no data directory $DATA" >&2; exit 2; }
started=$(date +%s%N)
mkdir -p "$OUT"

# 1. the audit signing key and the signed checkpoints
if [ -d "$DATA/audit-key" ]; then cp -a "$DATA/audit-key" "$OUT/audit-key"; fi
if [ -f "$DATA/audit-checkpoints.jsonl" ]; then cp -a "$DATA/audit-checkpoints.jsonl" "$OUT/"; fi

# 2. the database
if [ -z "$PG" ]; then
  [ -f "$DATA/fieldsync.db" ] || { echo "backup: no SQLite database in $DATA (for PostgreSQL give --pg)" >&2; exit 2; }
  [ -f server/target/server.jar ] || { source ops/build.sh; fieldsync_build_if_changed; }
  java --enable-native-access=ALL-UNNAMED -cp "server/target/libs/*" ops/backup/SqliteBackup.java "$DATA/fieldsync.db" "$OUT/fieldsync.db"
  echo "database=sqlite" >"$OUT/BACKUP"
else
  args=(--format=custom --no-owner --file="$OUT/fieldsync.pgdump")
  [ -n "$PG_SCHEMA" ] && args+=(--schema="$PG_SCHEMA")
  pg_dump "${args[@]}" "$PG"
  echo "postgresql: $(du -h "$OUT/fieldsync.pgdump" | cut -f1) dump in $OUT/fieldsync.pgdump"
  { echo "database=postgresql"; echo "schema=$PG_SCHEMA"; } >"$OUT/BACKUP"
fi

# 3. the attachments, complete ones only (partial/ holds uploads in progress; the devices resume them)
mkdir -p "$OUT/attachments"
if [ -d "$DATA/attachments" ]; then
  (cd "$DATA/attachments" && find . -path ./partial -prune -o -type f -print0 | xargs -0 -r cp -a --parents -t "$OUT/attachments")
fi
count=$(find "$OUT/attachments" -type f | wc -l)
{ echo "attachments=$count"; echo "taken=$(date -u +%Y-%m-%dT%H:%M:%SZ)"; } >>"$OUT/BACKUP"
echo "attachments: $count files ($(du -sh "$OUT/attachments" | cut -f1))"
echo "backup: done in $(( ($(date +%s%N) - started) / 1000000 )) ms into $OUT"

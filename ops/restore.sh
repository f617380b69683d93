#!/usr/bin/env bash
# Restores a backup made by ops/backup.sh into a NEW server: an empty data directory, and for
# PostgreSQL an empty database (created beforehand: createdb). Refuses to overwrite anything.
#   ops/restore.sh BACKUP_DIR --data-dir NEW_DIR [--pg postgresql://user:password@host:5432/newdb]
# Then start the server on NEW_DIR (and the database) and check the audit chain:
#   ops/audit-verify.sh -Dfieldsync.data-dir=NEW_DIR [-Dfieldsync.db.url=... ]
set -euo pipefail

usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
BACKUP=$1; shift
DATA=""; PG=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data-dir) DATA=$2; shift 2 ;;
    --pg) PG=$2; shift 2 ;;
    *) usage ;;
  esac
done
[ -n "$DATA" ] || usage
BACKUP=$(realpath -m "$BACKUP"); DATA=$(realpath -m "$DATA")
[ -f "$BACKUP/BACKUP" ] || { echo "restore: $BACKUP is not a backup of ops/backup.sh (no BACKUP file)" >&2; exit 2; }
if [ -d "$DATA" ] && [ -n "$(ls -A "$DATA")" ]; then
  echo "restore: $DATA is not empty; restore into a new directory" >&2; exit 2
fi
started=$(date +%s%N)
kind=$(sed -n 's/^database=//p' "$BACKUP/BACKUP")
mkdir -p "$DATA"
if [ "$kind" = sqlite ]; then
  [ -z "$PG" ] || { echo "restore: this backup holds a SQLite database; leave out --pg" >&2; exit 2; }
  cp "$BACKUP/fieldsync.db" "$DATA/fieldsync.db"
else
  [ -n "$PG" ] || { echo "restore: this backup holds a PostgreSQL dump; give --pg with an empty database" >&2; exit 2; }
  tables=$(psql -At -c "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'flyway_schema_history'" "$PG")
  [ "$tables" = 0 ] || { echo "restore: the database already holds fieldsync tables; restore into an empty one" >&2; exit 2; }
  pg_restore --no-owner --exit-on-error --dbname="$PG" "$BACKUP/fieldsync.pgdump"
fi
[ -d "$BACKUP/audit-key" ] && cp -a "$BACKUP/audit-key" "$DATA/audit-key"
[ -f "$BACKUP/audit-checkpoints.jsonl" ] && cp -a "$BACKUP/audit-checkpoints.jsonl" "$DATA/"
cp -a "$BACKUP/attachments" "$DATA/attachments"
echo "restore: $kind database, $(find "$DATA/attachments" -type f | wc -l) attachments into $DATA in $(( ($(date +%s%N) - started) / 1000000 )) ms"

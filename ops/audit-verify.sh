#!/usr/bin/env bash
# Verifies the whole audit chain, its signed checkpoints and every stored record version straight
# from the database; no server needs to run, and no private key: only the server's public audit key
# (pin it: -Dfieldsync.audit.public-key=BASE64 from GET /api/audit/key or the start-up log; without it
# the key beside -Dfieldsync.audit.key-file, default DATA/audit-key/audit-ed25519.key.pub, is used) and
# the checkpoint file (-Dfieldsync.audit.checkpoint-file, default DATA/audit-checkpoints.jsonl).
#   ops/audit-verify.sh                          # the SQLite database in ./data
#   ops/audit-verify.sh -Dfieldsync.data-dir=/srv/fieldsync
#   ops/audit-verify.sh -Dfieldsync.db.url=jdbc:postgresql://host/db -Dfieldsync.db.user=... -Dfieldsync.db.password=...
# Prints the result; exits 0 when intact, 1 naming the first broken entry, 2 when it cannot read.
set -euo pipefail
cd "$(dirname "$0")/.."
source ops/java-home.sh
source ops/build.sh
[ -f server/target/server.jar ] || fieldsync_build_if_changed >&2
exec java --enable-native-access=ALL-UNNAMED "$@" -cp "server/target/server.jar:server/target/libs/*" \
  cn.fieldsync.server.audit.AuditVerifyCommand

#!/usr/bin/env bash
# fieldsync against the PouchDB/CouchDB peer, one after the other in ONE run, on the same machine,
# with ~1.2 KB hidden-danger records on both sides. Usage: ops/bench/peer-compare.sh [N] (default 50000).
#
# The peer benchmark (PouchDB 9 replicating to express-pouchdb; its own README says how it works)
# is taken from $PEER_BENCH_DIR, by default ../shared/peer-bench next to the project folder.
#
# Prints one JSON line:
#   n, ours{push_docs_per_s, pull_docs_per_s, push_bytes_per_record, pull_bytes_per_record,
#           server_start_ms, server_restart_ms, server_rss_mb, ...the rest of sync-bench.sh},
#   peer{push_docs_per_s, pull_docs_per_s, push_bytes_per_record, pull_bytes_per_record, server_peak_rss_mb, ...},
#   push_ratio, pull_ratio (ours / peer: above 1 is faster than the peer),
#   bytes_note (how each side's bytes were counted).
# Bytes on the wire: ours are the sync bodies exactly as sent and received (gzip-compressed, counted
# by the client's HttpTransport; HTTP headers, ~300 B per request of 1,000 records, left out); the
# peer's are every byte its device side's TCP sockets wrote and read (headers included), counted by
# ops/bench/wire-count.cjs loaded into the peer's node process, split by the peer's own phase lines.
# The machine is shared and noisy: only the ratios, measured side by side, mean anything.
# BENCH_WARMUP=W (read by sync-bench.sh) measures ours on a server that first took W records from
# another device (a server that has run a while); by default both sides start cold.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
N=${1:-50000}
PEER_BENCH_DIR=${PEER_BENCH_DIR:-$ROOT/../shared/peer-bench}
if [ ! -f "$PEER_BENCH_DIR/run.sh" ]; then
  echo "peer-compare: the peer benchmark is not at $PEER_BENCH_DIR (no run.sh there)." >&2
  echo "peer-compare: set PEER_BENCH_DIR to the folder holding the PouchDB/CouchDB peer's run.sh." >&2
  exit 2
fi
command -v node >/dev/null || { echo "peer-compare: the peer needs node (20 or newer) on the PATH" >&2; exit 2; }

WORK=$(mktemp -d /tmp/fieldsync-peer-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "peer-compare: fieldsync, N=$N ..." >&2
bash ops/bench/sync-bench.sh "$N" >"$WORK/ours.json"
echo "peer-compare: the PouchDB/CouchDB peer, N=$N ..." >&2
# the peer's progress lines are its phase marks for the byte count: never quiet here
env -u BENCH_QUIET NODE_OPTIONS="--require $ROOT/ops/bench/wire-count.cjs" WIRE_COUNT_FILE="$WORK/peer-wire.json" \
  bash "$PEER_BENCH_DIR/run.sh" "$N" >"$WORK/peer.json" || echo "peer-compare: the peer reported a failure (see its ok/error below)" >&2

python3 - "$N" "$WORK/ours.json" "$WORK/peer.json" "$WORK/peer-wire.json" <<'PY'
import json, sys
n = int(sys.argv[1])
ours = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
peer = json.loads(open(sys.argv[3]).read().strip().splitlines()[-1])
marks = {m["mark"]: m for m in json.load(open(sys.argv[4]))}
if not (peer.get("push_docs_per_s") and peer.get("pull_docs_per_s")):
    sys.exit("peer-compare: the peer benchmark failed before its push and pull: " + json.dumps(peer))
def phase(start, end):
    a, b = marks[start], marks[end]
    return (b["sent"] - a["sent"]) + (b["received"] - a["received"])
# "ok" is the peer's own check of all its phases (its conflict round included), "error" what failed
peer_side = {k: peer.get(k) for k in ("push_s", "push_docs_per_s", "pull_s", "pull_docs_per_s", "incr_s",
                                      "server_peak_rss_mb", "avg_doc_bytes_utf8", "server_gzip", "pouchdb_version",
                                      "push", "pull", "ok", "error") if k in peer}
peer_side["push_bytes_per_record"] = round(phase("wrote", "push") / n, 1)
peer_side["pull_bytes_per_record"] = round(phase("push", "pull") / n, 1)
ratio = lambda a, b: round(a / b, 2) if a and b else None
print(json.dumps({
    "n": n,
    "ours": ours,
    "peer": peer_side,
    "push_ratio": ratio(ours["push_docs_per_s"], peer["push_docs_per_s"]),
    "pull_ratio": ratio(ours["pull_docs_per_s"], peer["pull_docs_per_s"]),
    "bytes_note": "ours: sync request+answer bodies as sent (gzip), headers not counted; "
                  "peer: all TCP bytes of its device side (headers included), split at its phase lines",
}, ensure_ascii=False))
PY

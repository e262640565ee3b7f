#!/usr/bin/env bash
# Differential test of entente's write clauses against Kùzu 0.11.3: write-then-read sequences
# on a generated graph.
#
#   run_writes.sh ENTENTE_BINARY WORKDIR [PEERS_DIR]
#
# Generates a seeded graph into WORKDIR/graph with tests/tools/gen_tsv.py (300 entities, 1,500
# relations, seed 20240619: the sequences name entities of this graph by id), installs
# kuzu@0.11.3 into PEERS_DIR (default WORKDIR/peers) unless it is there already, and runs every
# sequence of write_sequences.cypher on both engines (write_sequences.js). ENTENTE_BINARY `-`
# runs Kùzu alone. Exit 0 when all sequences agree, 1 when some do not, 2 when the set-up fails.
#
# Settings (environment): KUZU_WRITES_ONLY (run only the sequence with this number), PYTHON
# (/usr/bin/python3).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: run_writes.sh ENTENTE_BINARY WORKDIR [PEERS_DIR]   (ENTENTE_BINARY '-' runs Kùzu alone)" >&2
  exit 2
fi
entente=$1
work=$2
peers=${3:-$work/peers}
mkdir -p "$work" "$peers" || { echo "run_writes.sh: cannot create $work or $peers" >&2; exit 2; }
# Absolute paths: node resolves a relative require() path as a package name.
work=$(cd "$work" && pwd)
peers=$(cd "$peers" && pwd)
[[ $entente == "-" || $entente == /* ]] || entente=$PWD/$entente
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=$here/../../tools
python=${PYTHON:-/usr/bin/python3}

fail() {
  echo "run_writes.sh: $*" >&2
  exit 2
}

if [[ $entente != "-" && ! -x $entente ]]; then
  fail "the entente program '$entente' does not exist or is not executable"
fi
command -v node >/dev/null || fail "node is not installed (on Debian: apt-get install nodejs npm)"
[[ -x $python ]] || fail "no Python at $python (set PYTHON)"

bash "$here/install_kuzu.sh" "$peers" "$work" || exit 2

"$python" "$tools/gen_tsv.py" --entities 300 --relations 1500 --seed 20240619 --out "$work/graph" ||
  fail "generating the graph failed"
# The endpoint kinds each relation type may join, from the generator itself, so that Kùzu's rel
# tables accept every relation a sequence may create between the kinds the schema allows.
GEN_TSV_DIR=$tools "$python" -c '
import json, os, sys
sys.path.insert(0, os.environ["GEN_TSV_DIR"])
import gen_tsv
json.dump([{"type": t, "from": list(f), "to": list(o)} for t, _, f, o in gen_tsv.RELATION_TYPES], sys.stdout)
' >"$work/relation_types.json" || fail "reading the relation types of gen_tsv.py failed"

args=(--graph "$work/graph" --sequences "$here/write_sequences.cypher" --schema "$work/relation_types.json"
      --work "$work/sequences")
[[ $entente == "-" ]] || args+=(--entente "$entente")
[[ -z ${KUZU_WRITES_ONLY:-} ]] || args+=(--only "$KUZU_WRITES_ONLY")
NODE_PATH=$peers/node_modules exec node "$here/write_sequences.js" "${args[@]}"

#!/usr/bin/env bash
# Differential test of `entente query` against Kùzu 0.11.3 on a generated graph.
#
#   run.sh ENTENTE_BINARY WORKDIR [PEERS_DIR]
#
# Generates a seeded graph into WORKDIR/graph with tests/tools/gen_tsv.py, installs the npm
# package kuzu@0.11.3 into PEERS_DIR (default WORKDIR/peers) unless it is there already, and runs
# every query of queries.cypher on both engines (differential.js). ENTENTE_BINARY `-` runs Kùzu
# alone. Exit 0 when all queries agree, 1 when some do not, 2 when the set-up fails.
#
# Settings (environment): KUZU_DIFF_ENTITIES (2000), KUZU_DIFF_RELATIONS (10000), KUZU_DIFF_SEED
# (20240619), KUZU_DIFF_ONLY (run only the query with this number), PYTHON (/usr/bin/python3).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: run.sh ENTENTE_BINARY WORKDIR [PEERS_DIR]   (ENTENTE_BINARY '-' runs Kùzu alone)" >&2
  exit 2
fi
entente=$1
work=$2
peers=${3:-$work/peers}
mkdir -p "$work" "$peers" || { echo "run.sh: cannot create $work or $peers" >&2; exit 2; }
# Absolute paths: node resolves a relative require() path as a package name.
work=$(cd "$work" && pwd)
peers=$(cd "$peers" && pwd)
[[ $entente == "-" || $entente == /* ]] || entente=$PWD/$entente
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
generator=$here/../../tools/gen_tsv.py
python=${PYTHON:-/usr/bin/python3}

fail() {
  echo "run.sh: $*" >&2
  exit 2
}

if [[ $entente != "-" && ! -x $entente ]]; then
  fail "the entente program '$entente' does not exist or is not executable"
fi
command -v node >/dev/null || fail "node is not installed (on Debian: apt-get install nodejs npm)"
[[ -x $python ]] || fail "no Python at $python (set PYTHON)"

bash "$here/install_kuzu.sh" "$peers" "$work" || exit 2

"$python" "$generator" --entities "${KUZU_DIFF_ENTITIES:-2000}" --relations "${KUZU_DIFF_RELATIONS:-10000}" \
  --seed "${KUZU_DIFF_SEED:-20240619}" --out "$work/graph" || fail "generating the graph failed"

args=(--graph "$work/graph" --queries "$here/queries.cypher" --work "$work/kuzu-load")
[[ $entente == "-" ]] || args+=(--entente "$entente")
[[ -z ${KUZU_DIFF_ONLY:-} ]] || args+=(--only "$KUZU_DIFF_ONLY")
NODE_PATH=$peers/node_modules exec node "$here/differential.js" "${args[@]}"

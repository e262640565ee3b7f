#!/usr/bin/env bash
# Runs the shared knowledge-graph workload on entente beside its peers (Boost.Graph, igraph,
# NetworkX, Kùzu) and prints the comparison table. Usage: bench/compare.sh DIR
#   DIR holds entities.tsv, relations.tsv and queries.tsv; when DIR does not exist it is
#   generated with ../shared/bench/gen_kg.py (ENTITIES and RELATIONS, default 200000/1000000).
# Environment: SHARED (default ../shared beside the repository), RUNS, SYSTEMS, THREADS (1),
#   VIA: how entente answers q1-q3: `api` (system "entente"), `cypher` (prepared queries through
#     the engine, system "entente-cypher") or `both` (the default: two rows in the table),
#   ENTENTE_BUILD_DIR (default build-bench in the repository) and JOBS (default: every core),
#     where and how entente-bench is built.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED:-$root/../shared}
dir=${1:?usage: bench/compare.sh DIR}
via=${VIA:-both}
systems=${SYSTEMS:-"bgl igraph networkx kuzu entente"}
build=${ENTENTE_BUILD_DIR:-$root/build-bench}
[[ -f $shared/bench/run_all.sh ]] || { echo "compare.sh: no $shared/bench/run_all.sh (set SHARED)" >&2; exit 2; }
case $via in
  api | cypher | both) ;;
  *) echo "compare.sh: VIA is api, cypher or both, not '$via'" >&2; exit 2 ;;
esac

# The peers, as ../shared/bench/README.md installs them.
export DEBIAN_FRONTEND=noninteractive
need=()
for p in python3-networkx python3-igraph python3-scipy libboost-graph-dev time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
# By command: a Node.js from elsewhere (NodeSource's carries npm) conflicts with Debian's npm.
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if ((${#need[@]})); then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi
peers=${NODE_PATH:-/tmp/peers/node_modules}
if [[ ! -d $peers/kuzu ]]; then
  mkdir -p "$(dirname "$peers")"
  (cd "$(dirname "$peers")" && npm init -y >/dev/null && npm install --silent kuzu@0.11.3)
  cp -n "$peers/kuzu/prebuilt/kuzujs-linux-x64.node" "$peers/kuzu/kuzujs.node" 2>/dev/null || true
fi

# entente, built for speed.
bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DENTENTE_BUILD_BENCH=ON \
  -DENTENTE_BUILD_TESTS=OFF -DENTENTE_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j"${JOBS:-$(nproc)}" --target entente_bench >/dev/null

if [[ ! -f $dir/relations.tsv ]]; then
  /usr/bin/python3 "$shared/bench/gen_kg.py" --entities "${ENTITIES:-200000}" \
    --relations "${RELATIONS:-1000000}" --seed 1 --out "$dir"
fi

# run_all.sh runs ENTENTE_BENCH with DIR only; a wrapper per variant passes the rest.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2016 # "$1" is the wrapper's own argument, expanded when it runs
for variant in api cypher; do
  printf '#!/bin/sh\nexec "%s" "$1" --via %s --threads %s\n' "$build/bin/entente-bench" \
    "$variant" "${THREADS:-1}" > "$tmp/entente-$variant"
  chmod +x "$tmp/entente-$variant"
done
run_all() {  # ENTENTE_BENCH_VARIANT SYSTEMS
  NODE_PATH=$peers ENTENTE_BENCH=$tmp/entente-$1 SYSTEMS=$2 bash "$shared/bench/run_all.sh" "$dir"
}

# Peers have no snapshot: entente's snapshot load is timed against its own TSV load.
snapshot_line() {
  [[ " $systems " == *" entente "* ]] || return 0
  echo
  echo "Snapshot (.kga) against TSV load of the same graph, entente-bench --snapshot, medians of 3:"
  "$build/bin/entente-bench" "$dir" --snapshot "$tmp/graph.kga"
}

if [[ $via != both || " $systems " != *" entente "* ]]; then
  run_all "${via/both/api}" "$systems"
  snapshot_line
  exit
fi

# Both variants: run_all.sh starts its results file afresh on every call, so the second call
# (the cypher variant alone) is appended to the first and the summary made from the two.
run_all api "$systems" > /dev/null
mv "$dir/results.jsonl" "$tmp/first.jsonl"
run_all cypher entente > /dev/null
# run_all.sh names a failed run by the SYSTEMS entry ("entente"), not by the program's output.
"${PYTHON:-/usr/bin/python3}" - "$tmp/first.jsonl" "$dir/results.jsonl" > "$tmp/all.jsonl" <<'EOF'
import json, sys
first, second = sys.argv[1:3]
print(open(first).read(), end="")
for line in open(second):
    if line.strip():
        r = json.loads(line)
        if "error" in r and r.get("system") == "entente":
            r["system"] = "entente-cypher"
        print(json.dumps(r))
EOF
mv "$tmp/all.jsonl" "$dir/results.jsonl"
echo "merged results of both variants in $dir/results.jsonl" >&2
"${PYTHON:-/usr/bin/python3}" "$shared/bench/summarize.py" "$dir/results.jsonl"
snapshot_line

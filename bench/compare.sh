#!/usr/bin/env bash
# Runs the shared knowledge-graph workload on entente beside its peers (Boost.Graph, igraph,
# NetworkX, Kùzu) and prints the comparison table. Usage: bench/compare.sh DIR
#   DIR holds entities.tsv, relations.tsv and queries.tsv; when DIR does not exist it is
#   generated with ../shared/bench/gen_kg.py (ENTITIES and RELATIONS, default 200000/1000000).
# Environment: SHARED (default ../shared beside the repository), RUNS, SYSTEMS, THREADS (1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED:-$root/../shared}
dir=${1:?usage: bench/compare.sh DIR}
[[ -f $shared/bench/run_all.sh ]] || { echo "compare.sh: no $shared/bench/run_all.sh (set SHARED)" >&2; exit 2; }

# The peers, as ../shared/bench/README.md installs them.
export DEBIAN_FRONTEND=noninteractive
need=()
for p in python3-networkx python3-igraph python3-scipy libboost-graph-dev nodejs npm time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if ((${#need[@]})); then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi
peers=${NODE_PATH:-/tmp/peers/node_modules}
if [[ ! -d $peers/kuzu ]]; then
  mkdir -p "$(dirname "$peers")"
  (cd "$(dirname "$peers")" && npm init -y >/dev/null && npm install --silent kuzu@0.11.3)
  cp -n "$peers/kuzu/prebuilt/kuzujs-linux-x64.node" "$peers/kuzu/kuzujs.node" 2>/dev/null || true
fi

# entente, built for speed.
bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build-bench" -DCMAKE_BUILD_TYPE=Release -DENTENTE_BUILD_BENCH=ON \
  -DENTENTE_BUILD_TESTS=OFF -DENTENTE_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$root/build-bench" -j"$(nproc)" --target entente_bench >/dev/null

if [[ ! -f $dir/relations.tsv ]]; then
  /usr/bin/python3 "$shared/bench/gen_kg.py" --entities "${ENTITIES:-200000}" \
    --relations "${RELATIONS:-1000000}" --seed 1 --out "$dir"
fi

# run_all.sh runs ENTENTE_BENCH with DIR only; a wrapper passes the thread count.
wrapper=$(mktemp)
trap 'rm -f "$wrapper"' EXIT
printf '#!/bin/sh\nexec "%s" "$1" --threads %s\n' "$root/build-bench/bin/entente-bench" "${THREADS:-1}" > "$wrapper"
chmod +x "$wrapper"
NODE_PATH=$peers ENTENTE_BENCH=$wrapper SYSTEMS=${SYSTEMS:-"bgl igraph networkx kuzu entente"} \
  bash "$shared/bench/run_all.sh" "$dir"

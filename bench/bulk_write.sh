#!/usr/bin/env bash
# Bulk writes through Cypher against bulk loads of the same data, entente beside Kùzu, and the
# Markdown table of the figures. Usage: bench/bulk_write.sh DIR
#   DIR holds entities.tsv and relations.tsv; when it does not exist it is generated with
#   ../shared/bench/gen_kg.py (ENTITIES and RELATIONS, default 200000/1000000).
# entente: the TSV load (entente::io::load_tsv) and `UNWIND $rows AS r CREATE ...` queries
#   (bench/bulk_write.cpp); Kùzu: `COPY FROM` and its own `UNWIND ... CREATE`
#   (bench/kuzu_bulk_write.js), in an in-memory database.
# Environment:
#   RUNS          runs of each measurement (default 3; every figure is a median)
#   BATCHES       rows of a file per query, 0 for all at once (default "100000 0")
#   LAYOUT        entente's queries: combined (the default) or per-type (see bulk_write.cpp)
#   KUZU_RUNS     Kùzu's runs (default RUNS)
#   KUZU_BATCHES  Kùzu's batches (default BATCHES); "none" times its COPY only: its UNWIND grows
#                 with rows × entities (see kuzu_bulk_write.js)
#   ENDPOINTS     how Kùzu's relation rows find their entities: merge (the default) or match
#   SYSTEMS       default "entente kuzu"
#   SHARED        default ../shared beside the repository
#   NODE_PATH     where the kuzu npm package is (default /tmp/peers/node_modules, installed
#                 there when missing)
#   ENTENTE_BUILD_DIR, JOBS  where and how entente is built (default build-bench in the
#                 repository, every core)
#   OUT           the JSON line of each program (default DIR/bulk_write.jsonl)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED:-$root/../shared}
dir=${1:?usage: bench/bulk_write.sh DIR}
runs=${RUNS:-3}
batches=${BATCHES:-"100000 0"}
layout=${LAYOUT:-combined}
systems=${SYSTEMS:-"entente kuzu"}
build=${ENTENTE_BUILD_DIR:-$root/build-bench}
peers=${NODE_PATH:-/tmp/peers/node_modules}
python=/usr/bin/python3

if [[ ! -f $dir/relations.tsv ]]; then
  [[ -f $shared/bench/gen_kg.py ]] || { echo "bulk_write.sh: no $shared/bench/gen_kg.py (set SHARED)" >&2; exit 2; }
  $python "$shared/bench/gen_kg.py" --entities "${ENTITIES:-200000}" \
    --relations "${RELATIONS:-1000000}" --seed 1 --out "$dir"
fi
dir=$(cd "$dir" && pwd)
out=${OUT:-$dir/bulk_write.jsonl}
: > "$out"

if [[ " $systems " == *" entente "* ]]; then
  bash "$root/scripts/install-deps.sh"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DENTENTE_BUILD_BENCH=ON \
    -DENTENTE_BUILD_TESTS=OFF -DENTENTE_BUILD_EXAMPLES=OFF >/dev/null
  cmake --build "$build" -j"${JOBS:-$(nproc)}" --target entente_bulk_write >/dev/null
  args=()
  for b in $batches; do args+=(--batch "$b"); done
  echo "entente: TSV load and Cypher bulk writes, $runs run(s) each" >&2
  "$build/bin/entente-bulk-write" "$dir" --runs "$runs" --layout "$layout" "${args[@]}" >> "$out"
fi

if [[ " $systems " == *" kuzu "* ]]; then
  if [[ ! -d $peers/kuzu ]]; then
    # As ../shared/bench/README.md installs it.
    command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm >/dev/null; }
    mkdir -p "$(dirname "$peers")"
    (cd "$(dirname "$peers")" && npm init -y >/dev/null && npm install --silent kuzu@0.11.3)
    cp -n "$peers/kuzu/prebuilt/kuzujs-linux-x64.node" "$peers/kuzu/kuzujs.node" 2>/dev/null || true
  fi
  echo "kuzu: COPY FROM and UNWIND ... CREATE, ${KUZU_RUNS:-$runs} run(s) each" >&2
  # shellcheck disable=SC2086 # one argument per batch size
  RUNS=${KUZU_RUNS:-$runs} NODE_PATH=$peers node "$here/kuzu_bulk_write.js" "$dir" \
    ${KUZU_BATCHES:-$batches} >> "$out"
fi

$python - "$out" <<'EOF'
import json, sys

lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {r["system"]: r for r in lines}
any_ = lines[0]
rows_total = any_["entities"] + any_["relations"]
base = by["entente"]["tsv_load_s"] if "entente" in by else None

def sec(s):
    return f"{s:.3f}" if s < 10 else f"{s:.1f}"

def batch_text(b):
    return "all" if b == 0 else f"{b:,}"

table = []  # system, method, batch, wall seconds, CPU seconds
if "entente" in by:
    e = by["entente"]
    table.append(("entente", "TSV load (`io::load_tsv`)", "–", e["tsv_load_s"],
                  e["tsv_load_cpu_s"]))
    for m in e["cypher"]:
        table.append(("entente", f"Cypher `UNWIND … CREATE` ({e['layout']}, {m['queries']} queries)",
                      batch_text(m["batch"]), m["cypher_s"], m["cypher_cpu_s"]))
if "kuzu" in by:
    k = by["kuzu"]
    table.append(("Kùzu", f"`COPY FROM` ({k['threads']} threads)", "–", k["copy_s"],
                  k["copy_cpu_s"]))
    for m in k["unwind"]:
        how = "MERGE endpoints" if k["endpoints"] == "merge" else "MATCH endpoints"
        table.append(("Kùzu", f"Cypher `UNWIND … CREATE` ({how}, {m['queries']} queries)",
                      batch_text(m["batch"]), m["unwind_s"], m["unwind_cpu_s"]))
base_cpu = by["entente"]["tsv_load_cpu_s"] if "entente" in by else None

runs = ", ".join(f"{r['system']} {r['runs']}" for r in lines)
print(f"{any_['entities']:,} entities + {any_['relations']:,} relations "
      f"({rows_total:,} rows), medians of the runs ({runs}):\n")
print("| system | method | batch | seconds | rows/s | ratio to entente's TSV load | CPU seconds "
      "| CPU ratio |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for system, method, batch, s, cpu in table:
    ratio = f"{s / base:.2f}×" if base else "–"
    cpu_ratio = f"{cpu / base_cpu:.2f}×" if base_cpu else "–"
    print(f"| {system} | {method} | {batch} | {sec(s)} | {rows_total / s:,.0f} | {ratio} | "
          f"{sec(cpu)} | {cpu_ratio} |")

if "entente" in by:
    e = by["entente"]
    print("\nentente's Cypher writes, split (seconds; parameters are made before the clock "
          f"starts; reading the TSV rows for them took {sec(e['read_rows_s'])} s; one copy of "
          f"the whole loaded graph, which a write query makes only before it changes something "
          f"the graph held, took {sec(e['graph_copy_s'])} s):\n")
    print("| batch | queries | making parameters | entities | relations | indexes | total | "
          "graph == TSV load of the same rows |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for m in e["cypher"]:
        print(f"| {batch_text(m['batch'])} | {m['queries']} | {sec(m['params_s'])} | "
              f"{sec(m['entities_s'])} | {sec(m['relations_s'])} | {sec(m['index_s'])} | "
              f"{sec(m['cypher_s'])} | {'yes' if m['equal'] else 'no'} |")
if "kuzu" in by and by["kuzu"]["unwind"]:
    k = by["kuzu"]
    print(f"\nKùzu's UNWIND, split (seconds; reading the rows into parameters took "
          f"{sec(k['params_s'])} s, not timed):\n")
    print("| batch | queries | entities | relations | total | same graph as COPY |")
    print("|---:|---:|---:|---:|---:|---|")
    for m in k["unwind"]:
        print(f"| {batch_text(m['batch'])} | {m['queries']} | {sec(m['entities_s'])} | "
              f"{sec(m['relations_s'])} | {sec(m['unwind_s'])} | {'yes' if m['equal'] else 'no'} |")
EOF

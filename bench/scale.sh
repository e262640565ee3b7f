#!/usr/bin/env bash
# Runs the shared knowledge-graph workload at growing sizes and plots time and memory against
# the number of relations. Usage: bench/scale.sh DATA_DIR [RELATIONS...]
#   RELATIONS default to 100000 1000000 10000000. Each size is generated (once) into
#   DATA_DIR/r<RELATIONS> with ../shared/bench/gen_kg.py --entities RELATIONS/5 --seed 1.
#   Every run's JSON line, with "relations" and the whole-process wall time and peak memory
#   added, goes to OUT (earlier lines for the sizes run again are replaced); then
#   plot_scale.py draws OUT's plot and prints its table.
#   Past 10,000,000 relations the data comes from entente-gen-stream (the same distribution,
#   streamed: the shared generator holds every row in memory).
# Environment: SYSTEMS (default "entente entente-cypher bgl"; `entente-mapped` runs the API on
#   a mapped snapshot of each size, DATA_DIR/r<RELATIONS>.kgm, made once), RUNS per size (default 3),
#   RUN_TIMEOUT seconds per run (default 1800), THREADS for entente's PageRank (1),
#   OUT (default bench/results/scale.jsonl), PNG (default OUT with .png), SHARED (default
#   ../shared beside the repository), ENTENTE_BUILD_DIR (default build-bench in the
#   repository) and JOBS (default: every core), BGL_BUILD_DIR (default /tmp/kgbench/build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED:-$root/../shared}
data=${1:?usage: bench/scale.sh DATA_DIR [RELATIONS...]}
shift
sizes=("$@")
((${#sizes[@]})) || sizes=(100000 1000000 10000000)
systems=${SYSTEMS:-"entente entente-cypher bgl"}
runs=${RUNS:-3}
run_timeout=${RUN_TIMEOUT:-1800}
out=${OUT:-$here/results/scale.jsonl}
png=${PNG:-${out%.jsonl}.png}
build=${ENTENTE_BUILD_DIR:-$root/build-bench}
bgl_build=${BGL_BUILD_DIR:-/tmp/kgbench/build}
python=/usr/bin/python3
[[ -f $shared/bench/gen_kg.py ]] || { echo "scale.sh: no $shared/bench/gen_kg.py (set SHARED)" >&2; exit 2; }
for n in "${sizes[@]}"; do
  if ! [[ $n =~ ^[0-9]+$ ]] || ((n < 500)); then
    echo "scale.sh: '$n' is not a number of relations (500 or more)" >&2
    exit 2
  fi
done
[[ -x /usr/bin/time ]] || { echo "scale.sh: needs GNU time (apt-get install time)" >&2; exit 2; }

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DENTENTE_BUILD_BENCH=ON \
  -DENTENTE_BUILD_TESTS=OFF -DENTENTE_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j"${JOBS:-$(nproc)}" --target entente_bench entente_gen_stream >/dev/null
if [[ " $systems " == *" bgl "* ]]; then
  mkdir -p "$bgl_build"
  g++ -O2 -std=c++17 -o "$bgl_build/bench_bgl" "$shared/bench/bench_bgl.cpp"
fi

command_for() {  # system
  case $1 in
    entente) echo "$build/bin/entente-bench --via api --threads ${THREADS:-1}" ;;
    entente-cypher) echo "$build/bin/entente-bench --via cypher --threads ${THREADS:-1}" ;;
    entente-mapped)
      echo "$build/bin/entente-bench --via api --threads ${THREADS:-1} --graph $data/r$2.kgm" ;;
    bgl) echo "$bgl_build/bench_bgl" ;;
    *) echo "scale.sh: unknown system '$1' (entente, entente-cypher, entente-mapped, bgl)" >&2
       return 1 ;;
  esac
}

# Generated files take about 55 bytes per relation (entities included); ask for a margin.
generate() {  # relations
  local n=$1 dest=$data/r$1
  [[ -f $dest/queries.tsv ]] && return 0
  mkdir -p "$data"
  local need_kib=$((n * 66 / 1024)) free_kib
  free_kib=$(df -Pk "$data" | awk 'NR == 2 { print $4 }')
  if ((free_kib < need_kib)); then
    echo "scale.sh: $n relations need about $((need_kib / 1024)) MiB in $data, $((free_kib / 1024)) MiB free" >&2
    return 1
  fi
  echo "generating $n relations into $dest" >&2
  rm -rf "$dest.partial"
  if ((n > 10000000)); then
    "$build/bin/entente-gen-stream" --entities $((n / 5)) --relations "$n" --seed 1 \
      --out "$dest.partial" >&2
  else
    "$python" "$shared/bench/gen_kg.py" --entities $((n / 5)) --relations "$n" --seed 1 \
      --out "$dest.partial" >&2
  fi
  mv "$dest.partial" "$dest"
}

# The mapped snapshot of a size, made once, read as the workload reads the TSV files.
map_size() {  # relations
  [[ -f $data/r$1.kgm ]] && return 0
  echo "mapping $1 relations into $data/r$1.kgm" >&2
  "$build/bin/entente-bench" "$data/r$1" --save "$data/r$1.partial.kgm"
  mv "$data/r$1.partial.kgm" "$data/r$1.kgm"
}

# Peak memory grows about linearly with the relations: the last size measured, scaled, must fit
# in what the machine has available, with a margin.
fits_in_memory() {  # system relations
  local predicted available
  predicted=$("$python" - "$out" "$1" "$2" <<'EOF'
import json, sys
path, system, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
best = None
for line in open(path):
    r = json.loads(line)
    mem = r.get("time_max_rss_mib") or r.get("peak_rss_mib")
    if r.get("system") == system and "error" not in r and mem and r["relations"] < n:
        if best is None or r["relations"] > best[0]:
            best = (r["relations"], mem)
print(int(best[1] * n / best[0] * 1.25) if best else 0)
EOF
  )
  available=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
  if ((predicted > available)); then
    echo "  $1 at $2 relations: skipped, about $predicted MiB predicted, $available MiB available" >&2
    return 1
  fi
}

mkdir -p "$(dirname "$out")"
touch "$out"
# Drop earlier lines of the sizes measured again.
"$python" - "$out" "${sizes[@]}" <<'EOF'
import json, sys
path, again = sys.argv[1], {int(n) for n in sys.argv[2:]}
kept = [l for l in open(path) if l.strip() and json.loads(l).get("relations") not in again]
open(path, "w").writelines(kept)
EOF

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
record() {  # system relations [error]
  "$python" - "$tmp/out" "$tmp/time" "$@" >> "$out" <<'EOF'
import json, sys
out_file, time_file, system, n = sys.argv[1:5]
if len(sys.argv) > 5:
    print(json.dumps({"system": system, "relations": int(n), "error": sys.argv[5]}))
    sys.exit()
r = json.loads([l for l in open(out_file).read().splitlines() if l.startswith("{")][-1])
wall, rss_kib = open(time_file).read().split()[-2:]
r["relations"] = int(n)
r["process_wall_s"] = float(wall)
r["time_max_rss_mib"] = int(rss_kib) / 1024.0
print(json.dumps(r))
EOF
}

for n in "${sizes[@]}"; do
  generate "$n" || continue
  for sys in $systems; do
    [[ $sys != entente-mapped ]] || map_size "$n"
    cmd=$(command_for "$sys" "$n")
    fits_in_memory "$sys" "$n" || { record "$sys" "$n" "skipped: predicted not to fit in memory"; continue; }
    for ((run = 1; run <= runs; run++)); do
      set +e
      # shellcheck disable=SC2086 # the command is a program and its flags
      timeout "$run_timeout" /usr/bin/time -f '%e %M' -o "$tmp/time" $cmd "$data/r$n" \
        > "$tmp/out" 2> "$tmp/err"
      rc=$?
      set -e
      if ((rc == 124)); then
        echo "  $sys at $n relations, run $run: killed after ${run_timeout}s" >&2
        record "$sys" "$n" "run exceeded ${run_timeout}s"
        break
      elif ((rc != 0)); then
        echo "  $sys at $n relations, run $run: exit status $rc; stderr tail:" >&2
        tail -5 "$tmp/err" >&2
        record "$sys" "$n" "exit status $rc"
        continue
      fi
      record "$sys" "$n"
      echo "  $sys at $n relations, run $run: $(cut -d' ' -f1 "$tmp/time") s" >&2
    done
  done
done

"$python" "$here/plot_scale.py" "$out" --png "$png"

#!/usr/bin/env bash
# Measures mapped snapshots (.kgm) against the other ways of opening a graph, on the shared
# workload. Usage: bench/mapped.sh DATA_DIR [RELATIONS]
#   RELATIONS defaults to 10000000; DATA_DIR/r<RELATIONS> is generated (once) as scale.sh does,
#   with entente-gen-stream past 10,000,000 relations (the shared generator holds every row in
#   memory). Prints, and appends as one JSON line to OUT (default bench/results/mapped.jsonl):
#   - open + one q3 path through the program, whole process, warm cache: `entente path` on the
#     .kga snapshot against the .kgm (DATA_DIR/r<RELATIONS>.cli.kgm: not the file scale.sh maps,
#     whose schema is the workload's), each made by `entente convert` (medians of RUNS, default 3);
#   - q1-q4 in memory against the same graph mapped (`entente-bench DIR --mapped FILE`);
#   - a second process on the file while another holds it mapped: its resident memory, its own
#     (anonymous) part and its proportional share, which falls below its resident size when the
#     pages are shared;
#   - the file's size, and the peak memory of the convert that wrote it.
# Environment: RUNS, OUT, SHARED (default ../shared beside the repository), ENTENTE_BUILD_DIR
#   (default build-bench in the repository), JOBS (default: every core).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
shared=${SHARED:-$root/../shared}
data=${1:?usage: bench/mapped.sh DATA_DIR [RELATIONS]}
n=${2:-10000000}
runs=${RUNS:-3}
out=${OUT:-$here/results/mapped.jsonl}
build=${ENTENTE_BUILD_DIR:-$root/build-bench}
python=/usr/bin/python3
[[ $n =~ ^[0-9]+$ ]] || { echo "mapped.sh: '$n' is not a number of relations" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "mapped.sh: needs GNU time (apt-get install time)" >&2; exit 2; }

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DENTENTE_BUILD_BENCH=ON \
  -DENTENTE_BUILD_TESTS=OFF -DENTENTE_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j"${JOBS:-$(nproc)}" --target entente_bench entente_gen_stream \
  entente_cli >/dev/null
bin=$build/bin

dir=$data/r$n
if [[ ! -f $dir/queries.tsv ]]; then
  echo "generating $n relations into $dir" >&2
  rm -rf "$dir.partial"
  if ((n > 10000000)); then
    "$bin/entente-gen-stream" --entities $((n / 5)) --relations "$n" --seed 1 --out "$dir.partial" >&2
  else
    "$python" "$shared/bench/gen_kg.py" --entities $((n / 5)) --relations "$n" --seed 1 \
      --out "$dir.partial" >&2
  fi
  mv "$dir.partial" "$dir"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [[ -n ${holder:-} ]] && kill "$holder" 2>/dev/null; true' EXIT

# The snapshots, as a user makes them; the mapped one's convert is timed and its memory kept.
[[ -f $dir.kga ]] || "$bin/entente" convert "$dir" "$dir.kga" >&2
if [[ ! -f $dir.cli.kgm ]]; then
  /usr/bin/time -f '%e %M' -o "$tmp/convert" "$bin/entente" convert "$dir" "$dir.cli.kgm" >&2
  cp "$tmp/convert" "$dir.cli.kgm.convert"
fi
read -r convert_s convert_kib < "$dir.cli.kgm.convert"

# One q3 pair of the workload.
read -r from to < <(awk -F'\t' '$1 == "path" { print $2, $3; exit }' "$dir/queries.tsv")
median_of() {  # command...: the median wall time of RUNS runs, after one to warm the cache
  "$@" >/dev/null 2>&1 || true
  local times=()
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e' -o "$tmp/t" "$@" >/dev/null 2>&1 || true
    times+=("$(cat "$tmp/t")")
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p"
}
path_kga=$(median_of "$bin/entente" path "$dir.kga" "$from" "$to")
path_kgm=$(median_of "$bin/entente" path "$dir.cli.kgm" "$from" "$to")
echo "entente path on .kga: ${path_kga} s, on .kgm: ${path_kgm} s" >&2

# q1-q4 in memory and mapped.
"$bin/entente-bench" "$dir" --mapped "$dir.bench.kgm" > "$tmp/queries"
echo "q1-q4: $(cat "$tmp/queries")" >&2

# A second process while another holds the file mapped, every page read.
"$python" - "$dir.bench.kgm" > "$tmp/holder" <<'EOF' &
import mmap, sys, time
with open(sys.argv[1], "rb") as f:
    m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
    total = sum(m[i] for i in range(0, len(m), 4096))
    print("held", total, flush=True)
    time.sleep(3600)
EOF
holder=$!
until grep -q held "$tmp/holder" 2>/dev/null; do sleep 0.5; done
"$bin/entente-bench" "$dir" --graph "$dir.bench.kgm" > "$tmp/second"
kill "$holder" 2>/dev/null || true
holder=

"$python" - "$tmp/queries" "$tmp/second" "$n" "$path_kga" "$path_kgm" "$convert_s" \
  "$convert_kib" "$(stat -c %s "$dir.cli.kgm")" "$(stat -c %s "$dir.kga")" >> "$out" <<'EOF'
import json, sys
queries, second = (json.loads(open(f).read().splitlines()[-1]) for f in sys.argv[1:3])
n, kga, kgm, convert_s, convert_kib, kgm_bytes, kga_bytes = sys.argv[3:10]
r = {"relations": int(n), "path_kga_s": float(kga), "path_kgm_s": float(kgm),
     "path_ratio": float(kgm) / float(kga), "convert_kgm_s": float(convert_s),
     "convert_peak_mib": int(convert_kib) / 1024, "kgm_bytes": int(kgm_bytes),
     "kga_bytes": int(kga_bytes)}
r.update({k: v for k, v in queries.items() if k.startswith(("q", "open", "same"))})
r.update({"second_" + k: second[k] for k in ("load_s", "rss_anon_mib", "rss_file_mib", "pss_mib",
                                             "peak_rss_mib", "q1_s", "q2_s", "q3_s", "q4_s")})
print(json.dumps(r))
EOF
tail -1 "$out"

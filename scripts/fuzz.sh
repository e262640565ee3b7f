#!/usr/bin/env bash
# Fuzzes one target for a while:   bash scripts/fuzz.sh TARGET SECONDS
#
# TARGET is a file of tests/fuzz/ (fuzz_json, fuzz_tsv, fuzz_archive, fuzz_cypher,
# fuzz_path_expression, fuzz_names, fuzz_param, fuzz_csv, fuzz_graphml, fuzz_rdf, fuzz_mapped, fuzz_ingest). The script
# builds it in build-fuzz with clang, libFuzzer and the address and undefined-behaviour sanitizers
# (installing clang when missing), then runs one fuzzing process for SECONDS over
# tests/fuzz/corpus/TARGET and
# tests/fuzz/regressions/TARGET with the target's dictionary where it has one. The repository is
# only read: new inputs go to build-fuzz/scratch/TARGET/corpus, findings (crash-*, timeout-*,
# oom-*, leak-*) to build-fuzz/scratch/TARGET/findings. It ends with the figures: seconds,
# executions, coverage (libFuzzer's cov and ft) and findings; the exit code is libFuzzer's.
# FUZZ_ARGS adds libFuzzer options (FUZZ_ARGS=-seed=1); BUILD_JOBS the build's parallelism (1).
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(fuzz_json fuzz_tsv fuzz_archive fuzz_cypher fuzz_path_expression fuzz_names fuzz_param fuzz_csv
         fuzz_graphml fuzz_rdf fuzz_mapped fuzz_ingest)
if (($# != 2)) || [[ ! " ${targets[*]} " =~ " $1 " ]] || [[ ! $2 =~ ^[0-9]+$ ]]; then
  echo "usage: bash scripts/fuzz.sh TARGET SECONDS, TARGET one of: ${targets[*]}" >&2
  exit 2
fi
target=$1
seconds=$2

bash scripts/install-deps.sh clang libclang-rt-14-dev
build=build-fuzz
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# Optimised, with debug information and with assertions (no NDEBUG).
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" -DENTENTE_BUILD_FUZZ=ON -DENTENTE_BUILD_TESTS=OFF \
  -DENTENTE_BUILD_TOOLS=OFF -DENTENTE_BUILD_EXAMPLES=OFF -DENTENTE_INSTALL=OFF \
  "${launcher[@]}" >/dev/null
cmake --build "$build" -j"${BUILD_JOBS:-1}" --target "$target"

scratch=$build/scratch/$target
mkdir -p "$scratch/corpus" "$scratch/findings" "$scratch/tmp"
inputs=("$scratch/corpus" "tests/fuzz/corpus/$target")
if [[ -d tests/fuzz/regressions/$target ]]; then inputs+=("tests/fuzz/regressions/$target"); fi
options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
         -artifact_prefix="$scratch/findings/")
dict=tests/fuzz/${target#fuzz_}.dict
if [[ -f $dict ]]; then options+=(-dict="$dict"); fi

# One process (no -jobs or -workers): the machine is shared. Temporary files (fuzz_tsv's
# folders) go to the scratch folder, so a crash leaves none behind elsewhere.
status=0
touch "$scratch/started"
start=$SECONDS
TMPDIR=$PWD/$scratch/tmp "$build/fuzz/$target" "${options[@]}" ${FUZZ_ARGS:-} "${inputs[@]}" \
  2> >(tee "$scratch/log" >&2) || status=$?
wait

elapsed=$((SECONDS - start))
log=$scratch/log
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
findings=$(find "$scratch/findings" -type f -newer "$scratch/started" | wc -l)
new=$(find "$scratch/corpus" -type f -newer "$scratch/started" | wc -l)
echo
echo "$target: ${elapsed} s, ${executions:-?} executions, cov ${cov:-?}, ft ${ft:-?}," \
     "$findings finding(s) in $scratch/findings, $new new inputs in $scratch/corpus"
exit "$status"

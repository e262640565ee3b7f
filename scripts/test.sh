#!/usr/bin/env bash
# Builds everything and runs the whole test suite three times:
#   release  the whole suite, with the differential tests against Kùzu and NetworkX (in build/);
#   asan     the suite again under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/);
#   tsan     the tests whose work runs on several threads (label `threads`) under
#            ThreadSanitizer (build-tsan/).
# `bash scripts/test.sh asan` runs only the runs named. A failing suite does not stop the runs
# after it: each prints its summary, and the script exits non-zero if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=("$@")
((${#runs[@]})) || runs=(release asan tsan)
for run in "${runs[@]}"; do
  [[ $run == release || $run == asan || $run == tsan ]] ||
    { echo "scripts/test.sh: unknown run '$run' (release, asan, tsan)" >&2; exit 2; }
done

# Graphviz draws the pictures `entente render` makes, which the tests look at.
bash scripts/install-deps.sh graphviz
# clang and its sanitizer runtimes build the sanitizer runs.
if [[ " ${runs[*]} " == *" asan "* || " ${runs[*]} " == *" tsan "* ]]; then
  bash scripts/install-deps.sh clang libclang-rt-14-dev
fi
bash scripts/install-peers.sh

jobs=$(nproc)
common=(-DENTENTE_BUILD_TESTS=ON -DENTENTE_WARNINGS_AS_ERRORS=ON)
# The sanitizer builds leave out the examples and benchmarks (the release build compiles the
# examples) and the differential tests (they compare answers, which the release run does). They
# are built by clang, which compiles this code with the sanitizers in half the time GCC takes
# (and the release build is GCC's, so both compilers see every line), at -O0 with line tables
# only for debug information (reports still name file and line) and the library's heavy headers
# precompiled.
sanitized=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug -DENTENTE_BUILD_EXAMPLES=OFF
           -DENTENTE_BUILD_BENCH=OFF -DENTENTE_PEER_TESTS=OFF -DENTENTE_PRECOMPILE_HEADERS=ON
           "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -g1")
# Left to the release run: the package tests install the library and build consumers of it (the
# add_subdirectory one compiling the whole library once more), which checks CMake packaging, where
# a sanitizer finds nothing; and the tests of what happens between processes, writers killed
# mid-save (label kill) and two writers taking turns through the lock 400 times, which spend their
# time starting instrumented processes while the code they run is sanitized by the other tests.
not_in_sanitizers=(-E '^(package: |cli: query --write: counter$)' -LE kill)
failed=()

suite() {  # suite NAME CTEST-ARGUMENTS...: runs ctest, noting a failure and going on
  local name=$1
  shift
  echo "== $name"
  ctest "$@" -j"$jobs" --output-on-failure || failed+=("$name")
}

for run in "${runs[@]}"; do
  began=$SECONDS
  case $run in
    release)
      cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DENTENTE_PEER_TESTS=ON "${common[@]}" \
        >/dev/null
      cmake --build build -j"$jobs"
      suite "the release suite" --test-dir build
      ;;
    asan)
      cmake -S . -B build-asan "${sanitized[@]}" -DENTENTE_SANITIZE=address,undefined \
        "${common[@]}" >/dev/null
      cmake --build build-asan -j"$jobs"
      # A report (a leak too: LeakSanitizer is on) ends the program with exit code 86, which no
      # test expects: by default it would be 1, which the `entente` tests expect of some commands.
      ASAN_OPTIONS=exitcode=86 UBSAN_OPTIONS=exitcode=86:print_stacktrace=1 \
        suite "the suite under AddressSanitizer and UndefinedBehaviorSanitizer" \
        --test-dir build-asan "${not_in_sanitizers[@]}"
      ;;
    tsan)
      cmake -S . -B build-tsan "${sanitized[@]}" -DENTENTE_SANITIZE=thread "${common[@]}" \
        >/dev/null
      cmake --build build-tsan -j"$jobs" --target entente_thread_tests
      # A report makes the test exit 66, so it fails.
      TSAN_OPTIONS=second_deadlock_stack=1 \
        suite "the tests on several threads under ThreadSanitizer" \
        --test-dir build-tsan -L threads
      ;;
  esac
  echo "== $run: built and run in $(((SECONDS - began) / 60)) min $(((SECONDS - began) % 60)) s"
done

if ((${#failed[@]})); then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi

#!/usr/bin/env bash
# Builds everything and runs the whole test suite, including the differential tests against
# Kùzu and NetworkX. ENTENTE_SANITIZE=address,undefined runs it under the sanitizers (in
# build-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
# Graphviz draws the pictures `entente render` makes, which the tests look at.
bash scripts/install-deps.sh graphviz
bash scripts/install-peers.sh
build=build
flags=(-DCMAKE_BUILD_TYPE=Release)
if [[ -n "${ENTENTE_SANITIZE:-}" ]]; then
  build=build-asan
  flags=(-DCMAKE_BUILD_TYPE=Debug "-DENTENTE_SANITIZE=${ENTENTE_SANITIZE}")
fi
cmake -S . -B "$build" "${flags[@]}" -DENTENTE_BUILD_TESTS=ON -DENTENTE_PEER_TESTS=ON -DENTENTE_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure

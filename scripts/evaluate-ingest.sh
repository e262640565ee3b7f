#!/usr/bin/env bash
# Prints how well `entente ingest` reads, as the README's tables: precision and recall per
# relation type on the project's annotated corpus (tests/ingest/corpus/) and on the two seed
# articles against the bundled knowledge base, with the evidence level and item of what it found.
# Builds `ingest_evaluation` in build/ (configuring it with the tests when needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DENTENTE_BUILD_TESTS=ON >/dev/null
fi
cmake --build build -j"$(nproc)" --target ingest_evaluation >/dev/null
build/bin/ingest_evaluation

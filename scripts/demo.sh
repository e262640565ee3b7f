#!/usr/bin/env bash
# Builds the entente program and asks the bundled knowledge base about North Korea.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DENTENTE_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target entente_cli
build/bin/entente stats
build/bin/entente show "North Korea"

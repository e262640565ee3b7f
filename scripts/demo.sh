#!/usr/bin/env bash
# Builds the entente program and asks the bundled knowledge base who backs Russia's war, and
# how sure the sources are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The options test.sh chose stay as they are: one build folder serves both scripts.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target entente_cli
build/bin/entente stats
echo
build/bin/entente query 'MATCH (a)-[r:supports|supplies|allied_with]->(b:State {name: "Russia"})
                         RETURN a.name AS actor, type(r) AS relation, r.item AS item,
                                r.evidence AS evidence, r.sources[0].id AS source
                         ORDER BY actor, relation, item'

#!/bin/sh
# `entente convert GRAPH g.cypher`, then the script run on an empty graph with `entente query
# --write`, as its first lines say:
#
#   cypher_export.sh ENTENTE GRAPH DIR
#
# The rebuilt graph, saved as JSON by the query, must be byte for byte GRAPH converted to JSON.
# Prints "ok" at the end; anything else is a failure, with what went wrong.
set -eu
entente=$1 graph=$2 dir=$3
rm -rf "$dir"
mkdir -p "$dir"

fail() {
  echo "FAILED: $*"
  exit 1
}

"$entente" convert "$graph" "$dir/g.cypher" 2>"$dir/err" || fail "convert, exit $?: $(cat "$dir/err")"
grep -q "^//   entente query EMPTY.kg.json --write \"\$(cat THIS.cypher)\"$" "$dir/g.cypher" ||
  fail "the script does not say how to run it: $(head -5 "$dir/g.cypher")"
echo '{}' >"$dir/rebuilt.kg.json"
"$entente" query "$dir/rebuilt.kg.json" --write "$(cat "$dir/g.cypher")" >"$dir/out" 2>"$dir/err" ||
  fail "query --write, exit $?: $(cat "$dir/err")"
grep -q "entities created, .* relations created" "$dir/err" || fail "no summary: $(cat "$dir/err")"
"$entente" convert "$graph" "$dir/expected.kg.json" 2>"$dir/err" || fail "convert to JSON"
cmp -s "$dir/expected.kg.json" "$dir/rebuilt.kg.json" ||
  fail "the rebuilt graph differs: $(diff "$dir/expected.kg.json" "$dir/rebuilt.kg.json" | head -20)"
echo ok

#!/bin/sh
# `entente ingest`, case by case, in a folder of its own:
#
#   ingest.sh CASE ENTENTE CORPUS DIR        (CORPUS: tests/ingest/corpus)
#
# review:  an article of the corpus against its graph gives a review list grouped by sentence,
#          with quotes, evidence and confidence, and the new entities;
# json:    --format json gives the candidates as an array of objects with the documented keys;
# accept:  --accept writes the grown graph, which `entente check` reads; the same article
#          accepted again into it adds citations and no relation;
# refused: a missing article, one that is not UTF-8 (named by byte, line and column), a bad
#          lexicon (named with line and column) and --pick of no candidate are bad input (exit 2).
# Prints "ok" at the end; anything else is a failure, with what went wrong.
set -eu
case=$1 entente=$2 corpus=$3 dir=$4
rm -rf "$dir"
mkdir -p "$dir"
article=$corpus/iran-drones-russia.md
graph=$corpus/iran-drones-russia.kg.json

fail() {
  echo "FAILED: $*"
  exit 1
}

case $case in
review)
  "$entente" ingest "$article" --graph "$graph" >"$dir/out" 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  grep -q "candidate relations" "$dir/out" || fail "no summary: $(cat "$dir/out")"
  grep -q "^sentence [0-9]* (characters [0-9]*–[0-9]*)" "$dir/out" || fail "no sentence: $(cat "$dir/out")"
  grep -q "^  \[[0-9]*\] .* supplies " "$dir/out" || fail "no supplies candidate: $(cat "$dir/out")"
  grep -q "quote: “" "$dir/out" || fail "no quote: $(cat "$dir/out")"
  grep -q "confidence 0\.[0-9][0-9]" "$dir/out" || fail "no confidence: $(cat "$dir/out")"
  ;;
json)
  "$entente" ingest "$article" --graph "$graph" --format json >"$dir/out" 2>"$dir/err" ||
    fail "exit $?: $(cat "$dir/err")"
  head -c 1 "$dir/out" | grep -q '\[' || fail "not an array: $(head -c 200 "$dir/out")"
  for key in from type to attributes evidence span quote confidence; do
    grep -q "\"$key\":" "$dir/out" || fail "no key $key: $(head -c 400 "$dir/out")"
  done
  ;;
accept)
  "$entente" ingest "$article" --graph "$graph" --source-id drones-2024 --published 2024-09-18 \
    --accept "$dir/grown.kg.json" >"$dir/out" 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  grep -q "relations added" "$dir/err" || fail "no summary: $(cat "$dir/err")"
  "$entente" check "$dir/grown.kg.json" >"$dir/check" 2>&1 || fail "check: $(cat "$dir/check")"
  grep -q '"id": "drones-2024"' "$dir/grown.kg.json" || fail "no source in the graph"
  "$entente" ingest "$article" --graph "$dir/grown.kg.json" --source-id drones-2024 \
    --accept "$dir/again.kg.json" >"$dir/out2" 2>"$dir/err2" || fail "exit $?: $(cat "$dir/err2")"
  grep -q ": 0 relations added" "$dir/err2" || fail "added again: $(cat "$dir/err2")"
  ;;
refused)
  status=0
  "$entente" ingest "$dir/missing.md" --graph "$graph" >"$dir/out" 2>"$dir/err" || status=$?
  [ "$status" = 2 ] || fail "missing article: exit $status"
  grep -q "cannot read the article" "$dir/err" || fail "missing article: $(cat "$dir/err")"
  printf 'Iran supplied drones.\nRussia \377 used them.\n' >"$dir/bad.md"
  status=0
  "$entente" ingest "$dir/bad.md" --graph "$graph" >"$dir/out" 2>"$dir/err" || status=$?
  [ "$status" = 2 ] || fail "not UTF-8: exit $status"
  grep -q "bad.md: the article is not UTF-8 at byte 30 (line 2, column 8)" "$dir/err" ||
    fail "not UTF-8: $(cat "$dir/err")"
  printf '[relation supplies]\nX supply~ Y\n' >"$dir/bad.lex"
  status=0
  "$entente" ingest "$article" --graph "$graph" --lexicon "$dir/bad.lex" >"$dir/out" 2>"$dir/err" || status=$?
  [ "$status" = 2 ] || fail "bad lexicon: exit $status"
  grep -q "bad.lex: a pattern needs the object slot Z (line 2, column 1)" "$dir/err" ||
    fail "bad lexicon: $(cat "$dir/err")"
  status=0
  "$entente" ingest "$article" --graph "$graph" --accept "$dir/x.kg.json" --pick 9999 \
    >"$dir/out" 2>"$dir/err" || status=$?
  [ "$status" = 2 ] || fail "--pick: exit $status"
  grep -q "no candidate 9999" "$dir/err" || fail "--pick: $(cat "$dir/err")"
  [ ! -e "$dir/x.kg.json" ] || fail "--pick wrote a graph"
  ;;
*)
  fail "unknown case $case"
  ;;
esac
echo ok

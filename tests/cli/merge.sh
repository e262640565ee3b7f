#!/bin/sh
# `entente merge`, case by case, in a folder of its own:
#
#   merge.sh CASE ENTENTE DATA DIR        (DATA: tests/data/merge)
#
# rejoin:    the bundled graph's two halves by source merge back into a graph with the same
#            counts of everything, every relation matched by id;
# conflicts: two analysts' graphs: entities matched by wikidata id, the differing source title
#            and attribute reported, nothing matched by name unless asked;
# names:     with --match-names the differently spelled Russia is found, and `entente check`
#            shows the contradiction (one source asserting what another denies) the merge made;
# report:    --format json and --report FILE give the report as JSON;
# refused:   fewer than two graphs, or a graph that cannot be read, is bad input (exit 2).
# Prints "ok" at the end; anything else is a failure, with what went wrong.
set -eu
case=$1 entente=$2 data=$3 dir=$4
rm -rf "$dir"
mkdir -p "$dir"

fail() {
  echo "FAILED: $*"
  exit 1
}

case $case in
rejoin)
  "$entente" merge "$data/korea_russia.first.kg.json" "$data/korea_russia.second.kg.json" \
    -o "$dir/joined.kg.json" >"$dir/out" 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  grep -q "matched by id, 0 by external id, 0 by name;" "$dir/out" || fail "report: $(cat "$dir/out")"
  grep -q "0 ambiguous" "$dir/out" || fail "ambiguous: $(cat "$dir/out")"
  "$entente" stats "$dir/joined.kg.json" >"$dir/joined.stats"
  "$entente" stats >"$dir/bundled.stats"
  diff "$dir/bundled.stats" "$dir/joined.stats" >"$dir/diff" || fail "stats differ: $(cat "$dir/diff")"
  ;;
conflicts)
  "$entente" merge "$data/analyst_a.kg.json" "$data/analyst_b.kg.json" -o "$dir/m.kg.json" \
    >"$dir/out" 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  grep -q "north-korea *→ *PRK *by external id *wikidata:Q423" "$dir/out" ||
    fail "no external-id match: $(cat "$dir/out")"
  grep -q "source un-panel-2024 *title *kept Report of the Panel of Experts *dropped Final report" \
    "$dir/out" || fail "no source conflict: $(cat "$dir/out")"
  grep -q "entity UKR *attribute capital" "$dir/out" && fail "a new attribute is no conflict"
  grep -q "russia.*by name" "$dir/out" && fail "matched by name unasked"
  "$entente" show "$dir/m.kg.json" PRK | grep -q "조선" || fail "the alias did not come"
  "$entente" check "$dir/m.kg.json" >"$dir/check" || true
  grep -q "contradictions between sources: 0" "$dir/check" || fail "check: $(cat "$dir/check")"
  ;;
names)
  "$entente" merge "$data/analyst_a.kg.json" "$data/analyst_b.kg.json" --match-names \
    -o "$dir/m.kg.json" >"$dir/out" 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  grep -q "russia *→ *RUS *by name *RUSSIAN FEDERATION" "$dir/out" ||
    fail "no name match: $(cat "$dir/out")"
  grep -q "1 added, 1 already there (gaining 1 citation); 1 source added" "$dir/out" ||
    fail "relations: $(cat "$dir/out")"
  "$entente" check "$dir/m.kg.json" >"$dir/check" || true
  grep -q "contradictions between sources: 1" "$dir/check" || fail "check: $(cat "$dir/check")"
  grep -q "according to kcna-2024" "$dir/check" || fail "check sides: $(cat "$dir/check")"
  ;;
report)
  "$entente" merge "$data/analyst_a.kg.json" "$data/analyst_b.kg.json" --format json \
    --report "$dir/report.json" -o "$dir/m.kg.json" >"$dir/out" 2>"$dir/err" ||
    fail "exit $?: $(cat "$dir/err")"
  grep -q '"rule": "external id"' "$dir/out" || fail "json: $(cat "$dir/out")"
  grep -q '"on": "wikidata:Q423"' "$dir/out" || fail "json: $(cat "$dir/out")"
  grep -q '"field": "title"' "$dir/out" || fail "json conflicts: $(cat "$dir/out")"
  cmp -s "$dir/out" "$dir/report.json" || fail "--report differs from what was printed"
  ;;
refused)
  if "$entente" merge "$data/analyst_a.kg.json" -o "$dir/m.kg.json" >"$dir/out" 2>"$dir/err"; then
    fail "one graph was accepted"
  else
    [ $? -eq 2 ] || fail "exit code for one graph"
  fi
  grep -q "at least two graphs" "$dir/err" || fail "message: $(cat "$dir/err")"
  if "$entente" merge "$data/analyst_a.kg.json" "$dir/missing.kg.json" -o "$dir/m.kg.json" \
    >"$dir/out" 2>"$dir/err"; then
    fail "a missing graph was accepted"
  else
    [ $? -eq 2 ] || fail "exit code for a missing graph"
  fi
  grep -q "missing.kg.json: no such file" "$dir/err" || fail "message: $(cat "$dir/err")"
  [ ! -e "$dir/m.kg.json" ] || fail "an output was written"
  ;;
*)
  fail "unknown case $case"
  ;;
esac
echo ok

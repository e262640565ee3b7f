#!/bin/sh
# `entente query --write`, case by case, on a copy of a graph in a folder of its own:
#
#   write_query.sh CASE ENTENTE GRAPH DIR
#
# saves:    the change is saved in the graph's own format, and a JSON graph changes only where
#           the change is (a small diff);
# refused:  without --write a write query is refused with the hint, and the file is untouched;
# rollback: a write query that fails leaves the file byte for byte as it was, and nothing beside;
# cite:     --source declares a document and --cite stamps it on every relation made;
# counter:  two processes that each add 1 to a counter 200 times leave it at 400 (the lock);
# stats:    --stats writes what a query changed as the openCypher TCK counts side effects.
# Prints "ok" at the end; anything else is a failure, with what went wrong.
set -eu
case=$1 entente=$2 graph=$3 dir=$4
rm -rf "$dir"
mkdir -p "$dir"
g=$dir/world.kg.json
cp "$graph" "$g"
cp "$graph" "$dir/before.json"

fail() {
  echo "FAILED: $*"
  exit 1
}

case $case in
saves)
  "$entente" query "$g" --write \
    "MATCH (a {id: 'RUS'}) CREATE (:State {id: 'ELB', name: 'Elbonia'})-[:supports]->(a)" \
    >"$dir/out" 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  grep -q "1 entity created, 1 relation created, 2 properties set" "$dir/err" ||
    fail "no summary: $(cat "$dir/err")"
  "$entente" query "$g" "MATCH (e {id: 'ELB'})-[:supports]->(r) RETURN e.name, r.id" |
    grep -q "Elbonia" || fail "the change was not saved"
  removed=$(diff "$dir/before.json" "$g" | grep -c '^<' || true)
  added=$(diff "$dir/before.json" "$g" | grep -c '^>' || true)
  [ "$removed" -le 2 ] && [ "$added" -le 12 ] ||
    fail "the diff is not small: $removed lines removed, $added added"
  [ "$(ls -A "$dir" | sort | tr '\n' ' ')" = "before.json err out world.kg.json " ] ||
    fail "files left: $(ls -A "$dir")"
  ;;
refused)
  if "$entente" query "$g" "MATCH (n {id: 'RUS'}) SET n.x = 1" 2>"$dir/err"; then
    fail "a write query ran without --write"
  fi
  grep -q "the query changes the graph (SET at line 1, column 23): add --write" "$dir/err" ||
    fail "no hint: $(cat "$dir/err")"
  cmp -s "$g" "$dir/before.json" || fail "the file changed"
  ;;
rollback)
  if "$entente" query "$g" --write \
    "MATCH (n {id: 'RUS'}) SET n.x = 1 WITH n MATCH (m {id: 'PRK'}) DELETE m" 2>"$dir/err"; then
    fail "a failing write query succeeded"
  fi
  grep -q "DETACH DELETE" "$dir/err" || fail "no reason: $(cat "$dir/err")"
  cmp -s "$g" "$dir/before.json" || fail "the file changed"
  [ "$(ls -A "$dir" | sort | tr '\n' ' ')" = "before.json err world.kg.json " ] ||
    fail "files left: $(ls -A "$dir")"
  ;;
cite)
  "$entente" query "$g" --write --source new-article --source-title "A new article" \
    --source-published 2026-11 --cite "new-article:Pyongyang sent more shells" \
    "MATCH (a {id: 'PRK'}), (b {id: 'RUS'}) CREATE (a)-[:supplies {evidence: 'alleged'}]->(b)" \
    >/dev/null 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  grep -q "1 source declared, 1 relation created" "$dir/err" || fail "summary: $(cat "$dir/err")"
  "$entente" query "$g" --format tsv \
    "MATCH ()-[r:supplies {evidence: 'alleged'}]->() UNWIND r.sources AS s RETURN s.id, s.quote" |
    grep -q "new-article	Pyongyang sent more shells" || fail "the citation is missing"
  ;;
counter)
  "$entente" query "$g" --write "CREATE (:Item {id: 'counter', n: 0})" >/dev/null 2>&1
  add() {
    i=0
    while [ $i -lt 200 ]; do
      "$entente" query "$g" --write "MATCH (c {id: 'counter'}) SET c.n = c.n + 1" \
        >/dev/null 2>>"$dir/err$1" || echo "exit $? in writer $1" >>"$dir/err$1"
      i=$((i + 1))
    done
  }
  add 1 &
  add 2 &
  wait
  if grep -v "1 property set" "$dir/err1" "$dir/err2"; then fail "a writer failed"; fi
  n=$("$entente" query "$g" --format tsv "MATCH (c {id: 'counter'}) RETURN c.n" | tail -1)
  [ "$n" = 400 ] || fail "the counter is $n, not 400: updates were lost"
  ;;
stats)
  # The side effects in one line: "+nodes=1 -nodes=0 ...", in the order the file gives them.
  effects() {
    tr -d ' \n{}"' <"$dir/stats.json" | tr ',:' ' ='
  }
  "$entente" query "$g" --write --stats "$dir/stats.json" \
    "MATCH (a {id: 'RUS'}) CREATE (:State {id: 'ELB', name: 'Elbonia', motto: 'Onward'})-[:supports]->(a)" \
    >/dev/null 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  [ "$(effects)" = "+nodes=1 -nodes=0 +relationships=1 -relationships=0 +labels=0 -labels=0 +properties=2 -properties=0" ] ||
    fail "create: $(effects)"
  # A changed value is one property removed and one added; an unchanged one is no change.
  "$entente" query "$g" --write --stats "$dir/stats.json" \
    "MATCH (e {id: 'ELB'}) SET e.name = 'Elbonian Republic', e.motto = 'Onward'" \
    >/dev/null 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  [ "$(effects)" = "+nodes=0 -nodes=0 +relationships=0 -relationships=0 +labels=0 -labels=0 +properties=1 -properties=1" ] ||
    fail "set: $(effects)"
  "$entente" query "$g" --write --stats "$dir/stats.json" \
    "MATCH (e {id: 'ELB'}) DETACH DELETE e" >/dev/null 2>"$dir/err" || fail "exit $?: $(cat "$dir/err")"
  [ "$(effects)" = "+nodes=0 -nodes=1 +relationships=0 -relationships=1 +labels=0 -labels=0 +properties=0 -properties=2" ] ||
    fail "delete: $(effects)"
  # A read changes nothing, with or without --write.
  "$entente" query "$g" --stats "$dir/stats.json" "MATCH (n) RETURN count(n)" >/dev/null ||
    fail "read: exit $?"
  [ "$(effects)" = "+nodes=0 -nodes=0 +relationships=0 -relationships=0 +labels=0 -labels=0 +properties=0 -properties=0" ] ||
    fail "read: $(effects)"
  cmp -s "$g" "$dir/before.json" || fail "creating and deleting ELB left the file changed"
  ;;
*)
  fail "unknown case $case"
  ;;
esac
echo ok

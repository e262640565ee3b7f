// The write clauses as the parser reads them: CREATE, MERGE with ON CREATE / ON MATCH, SET,
// REMOVE, DELETE and DETACH DELETE, where they may stand, and what they may not make.

#include "parser_testing.hpp"

#include <entente/error.hpp>
#include <entente/query/ast.hpp>
#include <entente/query/parser.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace entente;
using namespace entente::cypher;
using namespace entente::cypher::testing;

TEST_CASE("cypher writes: each clause reads back to its canonical form") {
  CHECK(canon("create (a:State {name: 'Xanadu'})") == R"(CREATE (a:State {name: "Xanadu"}))");
  CHECK(canon("MATCH (a {id: 'x'}), (b {id: 'y'}) CREATE (a)-[r:supplies {evidence: "
              "'alleged'}]->(b), (b)<-[:sanctions]-(c:State) RETURN r") ==
        R"(MATCH (a {id: "x"}), (b {id: "y"}) CREATE (a)-[r:supplies {evidence: "alleged"}]->(b), )"
        R"((b)<-[:sanctions]-(c:State) RETURN r)");
  CHECK(canon("UNWIND $rows AS row MERGE (n:State {id: row.id}) ON CREATE SET n.name = row.name, "
              "n.created = true ON MATCH SET n += row.extra") ==
        "UNWIND $rows AS row MERGE (n:State {id: row.id}) ON CREATE SET n.name = row.name, "
        "n.created = true ON MATCH SET n += row.extra");
  CHECK(canon("MATCH (n) SET n.x = 1 + 2, n = {a: 1}, n += $m, n:Person") ==
        "MATCH (n) SET n.x = 1 + 2, n = {a: 1}, n += $m, n:Person");
  CHECK(canon("MATCH (n)-[r]->() REMOVE n.x, r.`two words`, n:Person") ==
        "MATCH (n)-[r]->() REMOVE n.x, r.`two words`, n:Person");
  CHECK(canon("MATCH (n)-[r]->() DELETE r, n") == "MATCH (n)-[r]->() DELETE r, n");
  CHECK(canon("match (n) detach delete n;") == "MATCH (n) DETACH DELETE n");
  // Several ON clauses of one kind gather in order.
  CHECK(
      canon("MERGE (n {id: 1}) ON MATCH SET n.a = 1 ON CREATE SET n.b = 2 ON MATCH SET n.c = 3") ==
      "MERGE (n {id: 1}) ON CREATE SET n.b = 2 ON MATCH SET n.a = 1, n.c = 3");
}

TEST_CASE("cypher writes: the syntax tree of SET, REMOVE and DELETE") {
  query q = parse("MATCH (n) SET n.a.b = 1, n = {}, n += {x: 2}, n:State:Actor");
  const auto& items = q.clauses[1].get_if<set_clause>()->items;
  REQUIRE(items.size() == 4);
  CHECK(items[0].operation == set_operation::property);
  const auto* outer = items[0].target->get_if<property_access>();
  REQUIRE(outer != nullptr);
  CHECK(outer->key.name == "b");
  CHECK(outer->subject->get_if<property_access>()->key.name == "a");
  CHECK(items[1].operation == set_operation::replace_all);
  CHECK(items[2].operation == set_operation::add_all);
  CHECK(items[3].operation == set_operation::labels);
  CHECK(items[3].value == nullptr);
  CHECK(items[3].labels.size() == 2);

  q = parse("MATCH (n) REMOVE n.a, n:State");
  const auto& removed = q.clauses[1].get_if<remove_clause>()->items;
  REQUIRE(removed.size() == 2);
  CHECK(removed[0].target->get_if<property_access>()->key.name == "a");
  CHECK(removed[0].labels.empty());
  CHECK(removed[1].target->get_if<variable>()->name == "n");
  CHECK(removed[1].labels[0].name == "State");

  q = parse("MATCH p = (n)-->() DETACH DELETE n, p, [n][0]");
  const auto* d = q.clauses[1].get_if<delete_clause>();
  REQUIRE(d != nullptr);
  CHECK(d->detach);
  CHECK(d->targets.size() == 3);
}

TEST_CASE("cypher writes: a query may end with a write clause, and says whether it writes") {
  CHECK(parse("CREATE (a)").writes());
  CHECK(parse("MATCH (a) SET a.x = 1 RETURN a").writes());
  CHECK_FALSE(parse("MATCH (a) RETURN a").writes());
  CHECK(parse("MATCH (a) RETURN a").clauses[0].writes() == false);
  CHECK(parse("CREATE (a) WITH a MATCH (b) RETURN b").clauses[0].writes());
  // Reading clauses end with RETURN.
  CHECK_THROWS_WITH_AS(parse("MATCH (a) WITH a"),
                       doctest::Contains("expected RETURN or another clause"), parse_error);
  // Writes may follow writes, and RETURN may follow them.
  CHECK(round_trips("CREATE (a) CREATE (b) SET a.x = 1 DELETE b RETURN a"));
  CHECK(round_trips("MATCH (a) MERGE (a)-[:supports]-(b) RETURN b"));
}

TEST_CASE("cypher writes: WITH is required between a write and a read") {
  CHECK_THROWS_WITH_AS(parse("CREATE (a) MATCH (b) RETURN b"),
                       "WITH is required between CREATE and MATCH (line 1, column 12)\n"
                       "  CREATE (a) MATCH (b) RETURN b\n"
                       "             ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) SET a.x = 1 UNWIND [1] AS y RETURN y"),
                       doctest::Contains("WITH is required between SET and UNWIND"), parse_error);
  CHECK_THROWS_WITH_AS(
      parse("MATCH (a) DETACH DELETE a OPTIONAL MATCH (b) RETURN b"),
      doctest::Contains("WITH is required between DETACH DELETE and OPTIONAL MATCH"), parse_error);
  CHECK(round_trips("CREATE (a) WITH a MATCH (b) RETURN b"));
  // The write is named after the clauses have grown past it (found by fuzz_cypher).
  CHECK_THROWS_WITH_AS(parse("MATCH () MERGE (b) MATCH (s:State) RETURN s"),
                       doctest::Contains("WITH is required between MERGE and MATCH"), parse_error);
}

TEST_CASE("cypher writes: what CREATE and MERGE cannot make") {
  CHECK_THROWS_WITH_AS(parse("CREATE (a)-[:supports]-(b)"),
                       doctest::Contains("CREATE needs a direction for each relationship: -[...]-> "
                                         "or <-[...]- (line 1, column 11)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("CREATE (a)-->(b)"),
                       doctest::Contains("CREATE needs exactly one type for each relationship"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MERGE (a)-[:supports|supplies]->(b)"),
                       doctest::Contains("MERGE needs exactly one type for each relationship"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("CREATE (a)-[:supports*2]->(b)"),
                       doctest::Contains("CREATE cannot make a variable-length relationship"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MERGE p = shortestPath((a)-[:supports]->(b))"),
                       doctest::Contains("MERGE cannot make a shortest path"), parse_error);
  // MERGE may leave the direction open: it matches either way and creates left to right.
  CHECK(canon("MERGE (a)-[:supports]-(b)") == "MERGE (a)-[:supports]-(b)");
}

TEST_CASE("cypher writes: malformed write clauses say what they expected") {
  CHECK_THROWS_WITH_AS(parse("MATCH (n) SET n"),
                       doctest::Contains("expected '.', ':', '=' or '+='"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (n) SET n.x"),
                       doctest::Contains("expected '=' after the property"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (n) SET 1 = 2"),
                       doctest::Contains("expected a variable or property to set"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (n) REMOVE n"),
                       doctest::Contains("expected '.' or ':' after the variable"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (n) DETACH n"),
                       doctest::Contains("expected DELETE after DETACH"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (n) DELETE"),
                       doctest::Contains("expected an entity, relation or path to delete"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MERGE (n) ON DELETE SET n.x = 1"),
                       doctest::Contains("expected CREATE or MATCH after ON"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MERGE (n) ON CREATE n.x = 1"), doctest::Contains("expected SET"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("CREATE (a) foo"),
                       doctest::Contains("expected ',' or a clause such as CREATE, SET, WITH or "
                                         "RETURN or the end of the query"),
                       parse_error);
}

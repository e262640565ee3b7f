// The parser: the shape of a query, patterns, projections, lexical matters and positions.
// Expressions are in parser_expressions_test.cpp, errors and robustness in parser_errors_test.cpp.

#include <entente/error.hpp>
#include <entente/query/ast.hpp>
#include <entente/query/parser.hpp>

#include "query/parser_testing.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using namespace entente;
using namespace entente::cypher;
using namespace entente::cypher::testing;

// ---- the whole shape ---------------------------------------------------------------------

TEST_CASE("cypher: the design's example parses to its canonical form") {
  CHECK(
      canon(valid_queries[0]) ==
      R"(MATCH (a:State)-[r:supports|supplies*1..3]->(b {name: "Russia"}) WHERE a.name STARTS WITH "N" AND NOT r IS NULL RETURN DISTINCT a.name AS n ORDER BY n DESC SKIP 1 LIMIT 5)");
  CHECK(canon(R"(MATCH (a)-[:supplies]->(b {name: "Russia"}) RETURN a.name)") ==
        R"(MATCH (a)-[:supplies]->(b {name: "Russia"}) RETURN a.name)");
}

TEST_CASE("cypher: every canonical form parses back to itself") {
  for (const auto& q : valid_queries) {
    CAPTURE(q);
    CHECK(round_trips(q));
  }
}

TEST_CASE("cypher: clauses chain in order") {
  query q = parse(
      "MATCH (a) WITH a MATCH (a)-->(b) OPTIONAL MATCH (b)-->(c) UNWIND [1] AS x "
      "RETURN a, b, c, x");
  REQUIRE(q.clauses.size() == 6);
  CHECK(q.clauses[0].get_if<match_clause>() != nullptr);
  CHECK(q.clauses[1].get_if<with_clause>() != nullptr);
  CHECK_FALSE(q.clauses[2].get_if<match_clause>()->optional);
  CHECK(q.clauses[3].get_if<match_clause>()->optional);
  CHECK(q.clauses[4].get_if<unwind_clause>()->alias.name == "x");
  CHECK(q.clauses[5].get_if<return_clause>()->body.items.size() == 4);
  CHECK(q.text.starts_with("MATCH (a) WITH a"));
}

// ---- patterns ----------------------------------------------------------------------------

TEST_CASE("cypher: node patterns with every part optional") {
  CHECK(canon("MATCH () RETURN 1") == "MATCH () RETURN 1");
  CHECK(canon("MATCH (a) RETURN 1") == "MATCH (a) RETURN 1");
  CHECK(canon("MATCH (:State) RETURN 1") == "MATCH (:State) RETURN 1");
  CHECK(canon("MATCH (:State:Nation) RETURN 1") == "MATCH (:State:Nation) RETURN 1");
  CHECK(canon("MATCH ({name: 'x'}) RETURN 1") == R"(MATCH ({name: "x"}) RETURN 1)");
  CHECK(canon("MATCH (a $props) RETURN 1") == "MATCH (a $props) RETURN 1");
  CHECK(canon("MATCH ( a : State : Nation { name : 'x' , id : 1 } ) RETURN 1") ==
        R"(MATCH (a:State:Nation {name: "x", id: 1}) RETURN 1)");

  query q = parse("MATCH (v:Label1:Label2 {key: 1, other: 'x'}) RETURN v");
  const node_pattern& n = first_part(q).start;
  REQUIRE(n.variable);
  CHECK(n.variable->name == "v");
  REQUIRE(n.labels.size() == 2);
  CHECK(n.labels[1].name == "Label2");
  REQUIRE(n.properties);
  const auto* props = n.properties->get_if<map_literal>();
  REQUIRE(props != nullptr);
  CHECK(props->entries.size() == 2);
  CHECK(props->entries[1].key.name == "other");
}

TEST_CASE("cypher: labels, types and keys may be backquoted or reserved words") {
  CHECK(canon("MATCH (a:`Nation State` {`full name`: 1})-[:`is a`]->(:Match) RETURN a.`end`") ==
        "MATCH (a:`Nation State` {`full name`: 1})-[:`is a`]->(:Match) RETURN a.end");
  CHECK(canon("MATCH (`the node`) RETURN `the node`.x") ==
        "MATCH (`the node`) RETURN `the node`.x");
  CHECK(canon("MATCH (a:`odd``name`) RETURN a") == "MATCH (a:`odd``name`) RETURN a");
  query q = parse("MATCH (a:`odd``name`) RETURN a");
  CHECK(first_part(q).start.labels[0].name == "odd`name");
}

TEST_CASE("cypher: relationships in all three directions, with and without detail") {
  CHECK(canon("MATCH (a)-->(b) RETURN 1") == "MATCH (a)-->(b) RETURN 1");
  CHECK(canon("MATCH (a)<--(b) RETURN 1") == "MATCH (a)<--(b) RETURN 1");
  CHECK(canon("MATCH (a)--(b) RETURN 1") == "MATCH (a)--(b) RETURN 1");
  CHECK(canon("MATCH (a)-[]->(b) RETURN 1") == "MATCH (a)-->(b) RETURN 1");
  CHECK(canon("MATCH (a)<-[r]-(b) RETURN 1") == "MATCH (a)<-[r]-(b) RETURN 1");
  CHECK(canon("MATCH (a)-[r:t1|t2 {p: 1}]-(b) RETURN 1") ==
        "MATCH (a)-[r:t1|t2 {p: 1}]-(b) RETURN 1");
  CHECK(canon("MATCH (a)-[:t1|:t2]->(b) RETURN 1") == "MATCH (a)-[:t1|t2]->(b) RETURN 1");
  CHECK(canon("MATCH (a) - [ r ] -> (b) < - - (c) RETURN 1") ==
        "MATCH (a)-[r]->(b)<--(c) RETURN 1");
  CHECK(canon("MATCH (a)<-->(b) RETURN 1") == "MATCH (a)--(b) RETURN 1");

  query q = parse("MATCH (a)-[r:supports]->(b)<-[:aids]-(c)-[s]-(d) RETURN a");
  const pattern_part& part = first_part(q);
  REQUIRE(part.steps.size() == 3);
  CHECK(part.steps[0].relationship.direction == relationship_direction::outgoing);
  CHECK(part.steps[1].relationship.direction == relationship_direction::incoming);
  CHECK(part.steps[2].relationship.direction == relationship_direction::either);
  CHECK(part.steps[0].relationship.types[0].name == "supports");
  CHECK(part.steps[1].node.variable->name == "c");
}

TEST_CASE("cypher: variable-length relationships") {
  auto hops = [](std::string_view rel) {
    query q = parse("MATCH (a)" + std::string(rel) + "(b) RETURN a");
    return first_part(q).steps.at(0).relationship.hops;
  };
  using h = hop_range;
  constexpr auto none = std::nullopt;
  CHECK(hops("-->") == std::nullopt);
  CHECK(hops("-[*]->") == h{none, none});
  CHECK(hops("-[*2]->") == h{2, 2});
  CHECK(hops("-[*1..3]->") == h{1, 3});
  CHECK(hops("-[*..4]->") == h{none, 4});
  CHECK(hops("-[*2..]->") == h{2, none});
  CHECK(hops("-[* 0 .. 1]->") == h{0, 1});

  CHECK(canon("MATCH (a)-[*]->(b) RETURN 1") == "MATCH (a)-[*]->(b) RETURN 1");
  CHECK(canon("MATCH (a)-[*2..2]->(b) RETURN 1") == "MATCH (a)-[*2]->(b) RETURN 1");
  CHECK(canon("MATCH (a)-[:t*..4 {x: 1}]->(b) RETURN 1") ==
        "MATCH (a)-[:t*..4 {x: 1}]->(b) RETURN 1");
  CHECK(canon("MATCH (a)-[r*2..]-(b) RETURN 1") == "MATCH (a)-[r*2..]-(b) RETURN 1");
}

TEST_CASE("cypher: comma-separated patterns and named paths") {
  CHECK(canon("MATCH (a), (b)-->(c), p = (a)-->(b) RETURN p") ==
        "MATCH (a), (b)-->(c), p = (a)-->(b) RETURN p");
  CHECK(canon("MATCH p = shortestPath((a)-[*]-(b)) RETURN p") ==
        "MATCH p = shortestPath((a)-[*]-(b)) RETURN p");
  CHECK(canon("MATCH p = ALLSHORTESTPATHS((a)-[:x*..3]->(b)) RETURN p") ==
        "MATCH p = allShortestPaths((a)-[:x*..3]->(b)) RETURN p");
  CHECK(canon("MATCH shortestPath((a)-->(b)) RETURN a") ==
        "MATCH shortestPath((a)-->(b)) RETURN a");

  query q = parse("MATCH (x), p = allShortestPaths((a)-[*]-(b)) RETURN p");
  const auto& m = first<match_clause>(q);
  REQUIRE(m.pattern.size() == 2);
  CHECK_FALSE(m.pattern[0].path_variable);
  CHECK(m.pattern[1].path_variable->name == "p");
  CHECK(m.pattern[1].function == path_function::all_shortest_paths);
  CHECK(m.pattern[1].steps.size() == 1);
}

// ---- projections -------------------------------------------------------------------------

TEST_CASE("cypher: RETURN items, aliases, DISTINCT and *") {
  CHECK(canon("RETURN *") == "RETURN *");
  CHECK(canon("MATCH (a) RETURN *, a.name AS n") == "MATCH (a) RETURN *, a.name AS n");
  CHECK(canon("MATCH (a) RETURN DISTINCT a, a.name AS `the name`") ==
        "MATCH (a) RETURN DISTINCT a, a.name AS `the name`");

  query q = parse("MATCH (a) RETURN a.name AS n, count( * ), a");
  const auto& r = *q.clauses[1].get_if<return_clause>();
  REQUIRE(r.body.items.size() == 3);
  CHECK(r.body.items[0].alias->name == "n");
  CHECK(r.body.items[1].text == "count( * )");  // names the column, as in openCypher
  CHECK_FALSE(r.body.items[2].alias);
  CHECK_FALSE(r.body.distinct);
  CHECK_FALSE(r.body.star);
}

TEST_CASE("cypher: ORDER BY with every direction keyword, SKIP and LIMIT") {
  CHECK(canon("MATCH (a) RETURN a ORDER BY a.x ASC, a.y ASCENDING, a.z DESC, a.w DESCENDING") ==
        "MATCH (a) RETURN a ORDER BY a.x, a.y, a.z DESC, a.w DESC");
  CHECK(canon("MATCH (a) RETURN a SKIP 10 LIMIT 5") == "MATCH (a) RETURN a SKIP 10 LIMIT 5");
  CHECK(canon("MATCH (a) RETURN a SKIP $skip LIMIT $limit") ==
        "MATCH (a) RETURN a SKIP $skip LIMIT $limit");

  query q = parse("MATCH (a) RETURN a ORDER BY a.x DESC, a.y LIMIT 3");
  const auto& body = q.clauses[1].get_if<return_clause>()->body;
  REQUIRE(body.order_by.size() == 2);
  CHECK(body.order_by[0].descending);
  CHECK_FALSE(body.order_by[1].descending);
  CHECK_FALSE(body.skip);
  CHECK(body.limit->get_if<literal>() != nullptr);
}

TEST_CASE("cypher: WITH pipelines, with WHERE before or after ORDER BY") {
  CHECK(canon("MATCH (a) WITH DISTINCT a.kind AS k, count(*) AS n WHERE n > 2 RETURN k") ==
        "MATCH (a) WITH DISTINCT a.kind AS k, count(*) AS n WHERE n > 2 RETURN k");
  CHECK(canon("MATCH (a) WITH a ORDER BY a.x SKIP 1 LIMIT 2 WHERE a.y RETURN a") ==
        "MATCH (a) WITH a ORDER BY a.x SKIP 1 LIMIT 2 WHERE a.y RETURN a");
  CHECK(canon("MATCH (a) WITH a WHERE a.y ORDER BY a.x LIMIT 2 RETURN a") ==
        "MATCH (a) WITH a WHERE a.y ORDER BY a.x LIMIT 2 RETURN a");

  query before = parse("WITH 1 AS x WHERE x > 0 ORDER BY x RETURN x");
  CHECK(first<with_clause>(before).where_before_order);
  query after = parse("WITH 1 AS x ORDER BY x WHERE x > 0 RETURN x");
  CHECK_FALSE(first<with_clause>(after).where_before_order);
  query plain = parse("WITH 1 AS x WHERE x > 0 RETURN x");
  CHECK_FALSE(first<with_clause>(plain).where_before_order);  // nothing to be before
}

TEST_CASE("cypher: UNWIND") {
  CHECK(canon("UNWIND [1, 2] AS x RETURN x") == "UNWIND [1, 2] AS x RETURN x");
  CHECK(canon("UNWIND $names AS name MATCH (a {name: name}) RETURN a") ==
        "UNWIND $names AS name MATCH (a {name: name}) RETURN a");
}

// ---- lexical matters ---------------------------------------------------------------------

TEST_CASE("cypher: keywords ignore case, names do not") {
  CHECK(canon("match (A) where a.x = 1 return distinct A order by a desc limit 1") ==
        "MATCH (A) WHERE a.x = 1 RETURN DISTINCT A ORDER BY a DESC LIMIT 1");
  query q = parse("MaTcH (Abc:State) ReTuRn abc");
  CHECK(first_part(q).start.variable->name == "Abc");
  CHECK(first_part(q).start.labels[0].name == "State");
  CHECK(q.clauses[1].get_if<return_clause>()->body.items[0].value->get_if<variable>()->name ==
        "abc");
}

TEST_CASE("cypher: comments and odd whitespace are skipped") {
  CHECK(canon("// leading\nMATCH (a) // trailing\n/* multi\nline */ RETURN /**/ a // end") ==
        "MATCH (a) RETURN a");
  CHECK(canon("MATCH\t(a)\r\n\u00A0RETURN\u3000a") == "MATCH (a) RETURN a");
  CHECK(canon("RETURN 4/2") == "RETURN 4 / 2");  // a single slash divides
  CHECK(canon("RETURN 1;") == "RETURN 1");         // a trailing semicolon is allowed
}

TEST_CASE("cypher: names in any script") {
  CHECK(canon("MATCH (страна:Государство {имя: 'Россия'}) RETURN страна.имя") ==
        R"(MATCH (страна:Государство {имя: "Россия"}) RETURN страна.имя)");
  CHECK(canon("MATCH (n:국가) RETURN n.이름") == "MATCH (n:국가) RETURN n.이름");
}

// ---- positions ---------------------------------------------------------------------------

TEST_CASE("cypher: nodes record line, column and byte offset") {
  std::string text = "MATCH (a:State)\n  -[r:supports]->(b)\nWHERE a.name = 'x'\nRETURN a.name";
  query q = parse(text);
  CHECK(q.clauses[0].position == source_position{1, 1, 0});
  const auto& m = first<match_clause>(q);
  const pattern_part& part = m.pattern[0];
  CHECK(part.start.position == source_position{1, 7, 6});
  CHECK(part.start.labels[0].position == source_position{1, 10, 9});
  CHECK(part.steps[0].relationship.position == source_position{2, 3, 18});
  CHECK(part.steps[0].relationship.variable->position == source_position{2, 5, 20});
  CHECK(part.steps[0].node.position == source_position{2, 18, 33});
  const auto& where = *m.where;
  CHECK(where.position == source_position{3, 7, 43});
  CHECK(where.get_if<binary>()->op_position == source_position{3, 14, 50});
  CHECK(text.substr(where.position.offset, where.end - where.position.offset) == "a.name = 'x'");
  CHECK(q.clauses[1].position == source_position{4, 1, 56});
}

TEST_CASE("cypher: columns count characters, offsets count bytes") {
  query q = parse("MATCH (страна) RETURN страна.имя");
  const auto& item = q.clauses[1].get_if<return_clause>()->body.items[0];
  CHECK(item.value->position.column == 23);
  CHECK(item.value->position.offset == 28);  // six two-byte letters before it
  CHECK(item.value->get_if<property_access>()->key.position.column == 30);
}

TEST_CASE("cypher: parenthesised expressions span their parentheses") {
  query q = parse("RETURN (a + b) * c AS x");
  const auto& item = q.clauses[0].get_if<return_clause>()->body.items[0];
  CHECK(item.text == "(a + b) * c");
  const auto* product = item.value->get_if<binary>();
  REQUIRE(product != nullptr);
  CHECK(product->lhs->position.column == 8);
  CHECK(product->lhs->end == 14);
  CHECK(item.value->end == 18);
}

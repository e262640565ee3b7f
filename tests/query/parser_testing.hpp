#pragma once
// What the parser's tests share: canonical forms, the first clause or pattern of a query, a
// check that a text parses or is refused cleanly, and a set of valid queries.

#include <entente/error.hpp>
#include <entente/query/ast.hpp>
#include <entente/query/parser.hpp>

#include <doctest/doctest.h>

#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace entente::cypher::testing {

/// The canonical form of `text`, which must parse.
inline std::string canon(std::string_view text) { return to_string(parse(text)); }

/// True when the canonical form of `text` parses back to itself (printing is a fixed point).
inline bool round_trips(std::string_view text) {
  std::string once = canon(text);
  return canon(once) == once;
}

/// The expression in `RETURN text` with every operator parenthesised: how the parser read it.
inline std::string expr(std::string_view text) {
  return to_string(parse(std::string("RETURN ") + std::string(text)), parentheses::every_operator)
      .substr(7);
}

/// The first clause of `q` as a `T` (the test fails on anything else).
template <class T>
const T& first(const query& q) {
  REQUIRE(!q.clauses.empty());
  const T* c = q.clauses.front().get_if<T>();
  REQUIRE(c != nullptr);
  return *c;
}

/// The first pattern part of the first (MATCH) clause of `q`.
inline const pattern_part& first_part(const query& q) {
  return first<match_clause>(q).pattern.at(0);
}

/// Parses `text`, accepting success or a `parse_error` that locates itself and shows a caret;
/// anything else fails the test. A query that parses must also print to a fixed point.
inline void parse_or_refuse(const std::string& text) {
  try {
    query q = parse(text);
    std::string once = to_string(q);
    std::string twice;
    try {
      twice = to_string(parse(once));
    } catch (const parse_error& e) {
      FAIL_CHECK("canonical form does not parse: " << once << " <- " << text << ": " << e.what());
      return;
    }
    if (twice != once) FAIL_CHECK("not a fixed point: " << once << " -> " << twice);
  } catch (const parse_error& e) {
    std::string what = e.what();
    if (e.line() == 0 || e.column() == 0 || what.find('^') == std::string::npos)
      FAIL_CHECK("parse_error without a position or caret: " << what);
  } catch (const std::exception& e) {
    FAIL_CHECK("not a parse_error: " << e.what() << " for " << text);
  } catch (...) {
    FAIL_CHECK("not a std::exception for " << text);
  }
}

inline const std::vector<std::string> valid_queries = {
    R"(MATCH (a:State)-[r:supports|supplies*1..3]->(b {name: "Russia"}) WHERE a.name STARTS WITH "N" AND NOT r IS NULL RETURN DISTINCT a.name AS n ORDER BY n DESC SKIP 1 LIMIT 5)",
    "MATCH p = shortestPath((a:Person {name: $from})-[*..6]-(b)) RETURN nodes(p), length(p)",
    "OPTIONAL MATCH (a)<-[:leads]-(b), (c)-->(d) WITH a, count(DISTINCT b) AS n WHERE n > 1 "
    "RETURN a",
    "MATCH (a) WHERE a:State:Nation OR a.x IN [1, 2.5, 'x'] XOR a.y ENDS WITH 'z' RETURN *",
    "UNWIND [1, 2, 3] AS x WITH x ORDER BY x DESC SKIP 1 LIMIT $n RETURN x * 2 + -1 AS y",
    "MATCH (a)-[r]-(b) RETURN CASE WHEN r.since >= 2020 THEN 'new' ELSE 'old' END AS age",
    "MATCH (a) RETURN CASE a.kind WHEN 'State' THEN 1 END, a.aliases[0], a.aliases[1..]",
    "match (a {`full name`: \"Kim \\\"Jong\\\" Un\"}) return toLower(a.name), a.x IS NOT NULL",
    "MATCH (a)-[:supplies*2]->(b)<-[:aids*2..]-(c) RETURN {name: a.name, n: 1e3, m: .5}",
    "MATCH p = allShortestPaths((a)-[:supports|:aids*]->(b)) RETURN relationships(p)",
    "// comment\nMATCH (a) /* block\ncomment */ RETURN a.name CONTAINS 'K' AS k, a.x % 2 ^ 3",
    "MATCH (a:`Nation State`) WITH a WHERE a.p <> -9223372036854775808 RETURN a, $`a param`",
    "MATCH (a) RETURN a.x AS x UNION MATCH (b)-->() RETURN b.y AS x UNION RETURN 1 AS x",
    "UNWIND [1] AS x RETURN x UNION ALL CREATE (a:T {id: 'a'}) RETURN a.id AS x",
    "MATCH (a) WHERE (a)-[:supports {k: 1}]->(:State) AND NOT exists((a)<--()) RETURN "
    "[p = (a)-[r*..2]-(b) WHERE b.x > 1 | length(p)] AS l, [(a)-->(b), 1]",
    "MATCH (a) RETURN EXISTS { MATCH (a)-->(b), (b)<-[:x]-(c) WHERE EXISTS { (c)-->() } } AS e, "
    "[(a)-->(b) | [(b)-->(c) | c]] AS n",
    "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) WITH n, count(*) AS c WHERE c > 1 RETURN n } "
    "RETURN n",
};

}  // namespace entente::cypher::testing

#include <entente/query/ast.hpp>
#include <entente/query/parser.hpp>
#include <entente/error.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace entente;
using namespace entente::cypher;

namespace {

/// The canonical form of `text`, which must parse.
std::string canon(std::string_view text) { return to_string(parse(text)); }

/// True when the canonical form of `text` parses back to itself (printing is a fixed point).
bool round_trips(std::string_view text) {
  std::string once = canon(text);
  return canon(once) == once;
}

/// The canonical form of the expression in `RETURN text`.
std::string expr(std::string_view text) {
  return canon(std::string("RETURN ") + std::string(text)).substr(7);
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
const pattern_part& first_part(const query& q) { return first<match_clause>(q).pattern.at(0); }

/// Parses `text`, accepting success or a `parse_error` that locates itself and shows a caret;
/// anything else fails the test. A query that parses must also print to a fixed point.
void parse_or_refuse(const std::string& text) {
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

const std::vector<std::string> valid_queries = {
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
};

}  // namespace

// ---- the whole shape ---------------------------------------------------------------------

TEST_CASE("cypher: the design's example parses to its canonical form") {
  CHECK(
      canon(valid_queries[0]) ==
      R"(MATCH (a:State)-[r:supports|supplies*1..3]->(b {name: "Russia"}) WHERE ((a.name STARTS WITH "N") AND (NOT (r IS NULL))) RETURN DISTINCT a.name AS n ORDER BY n DESC SKIP 1 LIMIT 5)");
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
        "MATCH (a) WITH DISTINCT a.kind AS k, count(*) AS n WHERE (n > 2) RETURN k");
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

// ---- expressions -------------------------------------------------------------------------

TEST_CASE("cypher: number literals") {
  CHECK(expr("42") == "42");
  CHECK(expr("0x1F") == "31");
  CHECK(expr("0o17") == "15");
  CHECK(expr("1e3") == "1000.0");
  CHECK(expr("1.5E-3") == "0.0015");
  CHECK(expr(".5") == "0.5");
  CHECK(expr("2.0") == "2.0");
  CHECK(expr("9223372036854775807") == "9223372036854775807");
  CHECK(expr("-9223372036854775808") == "-9223372036854775808");
  CHECK(expr("-(-9223372036854775808)") == "(--9223372036854775808)");

  query q = parse("RETURN -9223372036854775808, 1e3, -2.5");
  const auto& items = q.clauses[0].get_if<return_clause>()->body.items;
  CHECK(std::get<std::int64_t>(items[0].value->get_if<literal>()->value) ==
        std::numeric_limits<std::int64_t>::min());
  CHECK(std::get<double>(items[1].value->get_if<literal>()->value) == 1000.0);
  CHECK(std::get<double>(items[2].value->get_if<literal>()->value) == -2.5);
}

TEST_CASE("cypher: string literals with either quote and every escape") {
  CHECK(expr(R"('single "quoted"')") == R"("single \"quoted\"")");
  CHECK(expr(R"("it's")") == R"("it's")");
  CHECK(expr(R"('it\'s')") == R"("it's")");
  CHECK(expr(R"("a\nb\tc\\d\"e")") == R"("a\nb\tc\\d\"e")");
  query q = parse(R"(RETURN "\u00e9\uD83D\uDE00\U0001F600 Ким")");
  const auto* lit = q.clauses[0].get_if<return_clause>()->body.items[0].value->get_if<literal>();
  REQUIRE(lit != nullptr);
  CHECK(std::get<std::string>(lit->value) == "é😀😀 Ким");
}

TEST_CASE("cypher: booleans and null in any case") {
  CHECK(expr("true, FALSE, Null, nUlL") == "true, false, null, null");
  query q = parse("RETURN TRUE");
  CHECK(std::get<bool>(
      q.clauses[0].get_if<return_clause>()->body.items[0].value->get_if<literal>()->value));
}

TEST_CASE("cypher: lists, maps, parameters, variables and property access") {
  CHECK(expr("[1, [2, 'x'], []]") == R"([1, [2, "x"], []])");
  CHECK(expr("{a: 1, `b c`: {d: [true]}, e: $p}") == "{a: 1, `b c`: {d: [true]}, e: $p}");
  CHECK(expr("{}") == "{}");
  CHECK(expr("$name, $0, $`odd name`") == "$name, $0, $`odd name`");
  CHECK(expr("a.b.c, `my var`.x") == "a.b.c, `my var`.x");
  CHECK(expr("{a: 1}.a, [1, 2][0]") == "{a: 1}.a, [1, 2][0]");
}

TEST_CASE("cypher: function calls, count(*) and DISTINCT in aggregates") {
  CHECK(expr("count(*)") == "count(*)");
  CHECK(expr("COUNT(DISTINCT a.x)") == "COUNT(DISTINCT a.x)");
  CHECK(expr("collect(DISTINCT a), sum(a.x), toLower(a.name), f()") ==
        "collect(DISTINCT a), sum(a.x), toLower(a.name), f()");
  CHECK(expr("size(labels(a)) + length(p)") == "(size(labels(a)) + length(p))");

  query q = parse("RETURN count(DISTINCT x, y), count(*)");
  const auto& items = q.clauses[0].get_if<return_clause>()->body.items;
  const auto* call = items[0].value->get_if<function_call>();
  REQUIRE(call != nullptr);
  CHECK(call->name.name == "count");
  CHECK(call->distinct);
  CHECK(call->arguments.size() == 2);
  CHECK(items[1].value->get_if<function_call>()->star);
}

TEST_CASE("cypher: list indexing and slicing") {
  CHECK(expr("xs[0]") == "xs[0]");
  CHECK(expr("xs[i + 1][0]") == "xs[(i + 1)][0]");
  CHECK(expr("xs[1..3], xs[..2], xs[1..], xs[..]") == "xs[1..3], xs[..2], xs[1..], xs[..]");
  query q = parse("RETURN xs[1..]");
  const auto* s = q.clauses[0].get_if<return_clause>()->body.items[0].value->get_if<slice>();
  REQUIRE(s != nullptr);
  CHECK(s->from != nullptr);
  CHECK(s->to == nullptr);
}

TEST_CASE("cypher: arithmetic precedence and associativity") {
  CHECK(expr("1 + 2 * 3") == "(1 + (2 * 3))");
  CHECK(expr("(1 + 2) * 3") == "((1 + 2) * 3)");
  CHECK(expr("1 - 2 - 3") == "((1 - 2) - 3)");
  CHECK(expr("8 / 4 / 2 % 3") == "(((8 / 4) / 2) % 3)");
  CHECK(expr("2 ^ 3 ^ 2") == "((2 ^ 3) ^ 2)");  // left-associative, as in openCypher
  CHECK(expr("a * b ^ c") == "(a * (b ^ c))");
  CHECK(expr("a - -b") == "(a - (-b))");
  CHECK(expr("-a.x") == "(-a.x)");
  CHECK(expr("-2 ^ 2") == "(-2 ^ 2)");  // unary minus binds tighter than ^
  CHECK(expr("- 5, -(5), +5, - -5") == "-5, -5, (+5), 5");
  CHECK(expr("(-1).x, -(1).x") == "(-1).x, (-1.x)");
}

TEST_CASE("cypher: comparison, string and list predicates, and null tests") {
  CHECK(expr("a = b, a <> b, a < b, a <= b, a > b, a >= b") ==
        "(a = b), (a <> b), (a < b), (a <= b), (a > b), (a >= b)");
  CHECK(expr("a + 1 < b * 2") == "((a + 1) < (b * 2))");
  CHECK(expr("a IN [1, 2] = true") == "((a IN [1, 2]) = true)");
  CHECK(expr("a.name STARTS WITH 'N' = b") == R"(((a.name STARTS WITH "N") = b))");
  CHECK(expr("s ENDS WITH 'x', s CONTAINS 'y'") == R"((s ENDS WITH "x"), (s CONTAINS "y"))");
  CHECK(expr("x IS NULL, x IS NOT NULL") == "(x IS NULL), (x IS NOT NULL)");
  CHECK(expr("a = b IS NULL") == "(a = (b IS NULL))");
  CHECK(expr("a + b IS NULL") == "((a + b) IS NULL)");
  CHECK(expr("a IN xs IS NOT NULL") == "((a IN xs) IS NOT NULL)");
  CHECK(expr("a starts with 'x' and b ends with 'y'") ==
        R"(((a STARTS WITH "x") AND (b ENDS WITH "y")))");
}

TEST_CASE("cypher: boolean precedence is OR < XOR < AND < NOT < comparison") {
  CHECK(expr("a OR b AND c") == "(a OR (b AND c))");
  CHECK(expr("a AND b OR c") == "((a AND b) OR c)");
  CHECK(expr("a OR b XOR c") == "(a OR (b XOR c))");
  CHECK(expr("a XOR b AND c") == "(a XOR (b AND c))");
  CHECK(expr("NOT a AND b") == "((NOT a) AND b)");
  CHECK(expr("NOT a = b") == "(NOT (a = b))");
  CHECK(expr("NOT NOT a") == "(NOT (NOT a))");
  CHECK(expr("a AND NOT b OR c") == "((a AND (NOT b)) OR c)");
  CHECK(expr("NOT x IS NULL") == "(NOT (x IS NULL))");
  CHECK(expr("a or b xor c and not d = e") == "(a OR (b XOR (c AND (NOT (d = e)))))");
}

namespace {

/// A random expression tree that prints itself two ways: fully parenthesised (as `to_string`
/// should) and with only the parentheses openCypher's precedence requires, so the parser's
/// precedence is checked against an independent statement of the rules.
struct random_tree {
  enum kind_type { leaf, logical_not, negate, is_null, property, infix } kind = leaf;
  std::string text;  // the leaf or the operator
  int precedence = 12;
  std::unique_ptr<random_tree> lhs, rhs;

  static std::unique_ptr<random_tree> make(std::mt19937& random, int depth) {
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(random); };
    struct op {
      const char* text;
      int precedence;
    };
    static const op ops[] = {{"OR", 1},          {"XOR", 2},      {"AND", 3}, {"=", 5},
                             {"<", 5},           {"<>", 5},       {">=", 5},  {"IN", 6},
                             {"STARTS WITH", 6}, {"CONTAINS", 6}, {"+", 7},   {"-", 7},
                             {"*", 8},           {"/", 8},        {"%", 8},   {"^", 9}};
    static const char* leaves[] = {"a", "b", "1", "$p", "null", "f(a)"};
    auto t = std::make_unique<random_tree>();
    int k = depth <= 0 ? 0 : pick(6);
    if (k == 0) {
      t->text = leaves[pick(6)];
      return t;
    }
    t->lhs = make(random, depth - 1);
    if (k == 5) {
      const op& o = ops[pick(16)];
      t->kind = infix;
      t->text = o.text;
      t->precedence = o.precedence;
      t->rhs = make(random, depth - 1);
      return t;
    }
    constexpr kind_type kinds[] = {leaf, logical_not, negate, is_null, property};
    constexpr int precedences[] = {12, 4, 10, 6, 11};
    t->kind = kinds[k];
    t->precedence = precedences[k];
    if (t->kind == negate && t->lhs->text == "1") t->lhs->text = "a";  // -1 is a literal
    return t;
  }

  [[nodiscard]] std::string canonical() const {
    switch (kind) {
      case leaf: return text;
      case logical_not: return "(NOT " + lhs->canonical() + ")";
      case negate: return "(-" + lhs->canonical() + ")";
      case is_null: return "(" + lhs->canonical() + " IS NULL)";
      case property: return lhs->canonical() + ".x";
      case infix: break;
    }
    return "(" + lhs->canonical() + " " + text + " " + rhs->canonical() + ")";
  }

  /// Parenthesised only where a looser operator sits where `need` or tighter is required.
  [[nodiscard]] std::string minimal(int need) const {
    std::string s;
    switch (kind) {
      case leaf: s = text; break;
      case logical_not: s = "NOT " + lhs->minimal(4); break;
      case negate: s = "-" + lhs->minimal(10); break;
      case is_null: s = lhs->minimal(6) + " IS NULL"; break;
      case property: s = lhs->minimal(11) + ".x"; break;
      case infix:  // left-associative; comparisons do not chain
        s = lhs->minimal(precedence == 5 ? 6 : precedence) + " " + text + " " +
            rhs->minimal(precedence + 1);
    }
    return precedence < need ? "(" + s + ")" : s;
  }
};

}  // namespace

TEST_CASE("cypher: random trees with minimal parentheses parse to the intended structure") {
  std::mt19937 random(42);
  for (int i = 0; i < 2000; ++i) {
    auto tree = random_tree::make(random, 1 + i % 6);
    std::string minimal = tree->minimal(0);
    CAPTURE(minimal);
    REQUIRE(expr(minimal) == tree->canonical());
  }
}

TEST_CASE("cypher: label tests in expressions") {
  CHECK(canon("MATCH (a) WHERE a:State RETURN a") == "MATCH (a) WHERE a:State RETURN a");
  CHECK(canon("MATCH (a) WHERE a:State:Nation AND NOT a:Person RETURN a") ==
        "MATCH (a) WHERE (a:State:Nation AND (NOT a:Person)) RETURN a");
  query q = parse("MATCH (a) WHERE a:State:`Nation State` RETURN a");
  const auto* t = first<match_clause>(q).where->get_if<label_test>();
  REQUIRE(t != nullptr);
  REQUIRE(t->labels.size() == 2);
  CHECK(t->labels[1].name == "Nation State");
  CHECK(t->subject->get_if<variable>()->name == "a");
}

TEST_CASE("cypher: CASE expressions, generic and simple") {
  CHECK(expr("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END") ==
        R"(CASE WHEN (a > 1) THEN "x" WHEN (a > 0) THEN "y" ELSE "z" END)");
  CHECK(expr("case a.kind when 'State' then 1 end + 1") ==
        R"((CASE a.kind WHEN "State" THEN 1 END + 1))");
  query q = parse("RETURN CASE x WHEN 1 THEN 2 END");
  const auto* c =
      q.clauses[0].get_if<return_clause>()->body.items[0].value->get_if<case_expression>();
  REQUIRE(c != nullptr);
  CHECK(c->subject != nullptr);
  CHECK(c->alternatives.size() == 1);
  CHECK(c->otherwise == nullptr);
}

TEST_CASE("cypher: binary and unary nodes carry their operators") {
  query q = parse("RETURN a AND NOT b");
  const auto* b = q.clauses[0].get_if<return_clause>()->body.items[0].value->get_if<binary>();
  REQUIRE(b != nullptr);
  CHECK(b->op == binary_operator::logical_and);
  CHECK(spelling(b->op) == "AND");
  CHECK(b->op_position.column == 10);
  const auto* u = b->rhs->get_if<unary>();
  REQUIRE(u != nullptr);
  CHECK(u->op == unary_operator::logical_not);
  CHECK(spelling(binary_operator::starts_with) == "STARTS WITH");
  CHECK(spelling(unary_operator::is_not_null) == "IS NOT NULL");
}

TEST_CASE("cypher: for_each_child visits sub-expressions in source order") {
  query q = parse("RETURN f(a, b + c, [d])");
  const auto& e = *q.clauses[0].get_if<return_clause>()->body.items[0].value;
  std::vector<std::string> children;
  for_each_child(e, [&](const expression& child) { children.push_back(to_string(child)); });
  CHECK(children == std::vector<std::string>{"a", "(b + c)", "[d]"});
}

// ---- lexical matters ---------------------------------------------------------------------

TEST_CASE("cypher: keywords ignore case, names do not") {
  CHECK(canon("match (A) where a.x = 1 return distinct A order by a desc limit 1") ==
        "MATCH (A) WHERE (a.x = 1) RETURN DISTINCT A ORDER BY a DESC LIMIT 1");
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
  CHECK(canon("RETURN 4/2") == "RETURN (4 / 2)");  // a single slash divides
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

// ---- errors ------------------------------------------------------------------------------

TEST_CASE("cypher errors: an unterminated string points at its opening quote") {
  CHECK_THROWS_WITH_AS(parse("RETURN \"abc"),
                       "unterminated string: no closing \" (line 1, column 8)\n"
                       "  RETURN \"abc\n"
                       "         ^",
                       syntax_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a {name: 'Kim}) RETURN a"),
                       doctest::Contains("unterminated string: no closing ' (line 1, column 17)"),
                       parse_error);
}

TEST_CASE("cypher errors: an unknown character") {
  CHECK_THROWS_WITH_AS(parse("RETURN 1 # 2"),
                       "unexpected character '#' (line 1, column 10)\n"
                       "  RETURN 1 # 2\n"
                       "           ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN a != b"),
                       doctest::Contains("'!=' is not openCypher: write '<>' for 'not equal'"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(std::string("RETURN \x01")),
                       doctest::Contains("unexpected character U+0001 (line 1, column 8)"),
                       parse_error);
}

TEST_CASE("cypher errors: a RETURN without an expression") {
  CHECK_THROWS_WITH_AS(parse("MATCH (a) RETURN"),
                       "unexpected end of query after 'MATCH (a) RETURN' — expected DISTINCT, '*' "
                       "or an expression (line 1, column 17)\n"
                       "  MATCH (a) RETURN\n"
                       "                  ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) RETURN a,"),
                       doctest::Contains("— expected an expression (line 1, column 20)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) RETURN WHERE"),
                       doctest::Contains("unexpected 'WHERE' after 'MATCH (a) RETURN'"),
                       parse_error);
}

TEST_CASE("cypher errors: a hop range whose minimum exceeds its maximum") {
  CHECK_THROWS_WITH_AS(parse("MATCH (a)-[*3..1]->(b) RETURN a"),
                       "invalid hop range *3..1: the minimum is greater than the maximum "
                       "(line 1, column 12)\n"
                       "  MATCH (a)-[*3..1]->(b) RETURN a\n"
                       "             ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a)-[*1.5]->(b) RETURN a"),
                       doctest::Contains("unexpected 1.5 after 'MATCH (a)-[*'"), parse_error);
}

TEST_CASE("cypher errors: mismatched brackets name the opening one") {
  CHECK_THROWS_WITH_AS(parse("MATCH (a] RETURN a"),
                       "unexpected ']' after 'MATCH (a' — expected a label, a property map or ')' "
                       "(line 1, column 9)\n"
                       "  MATCH (a] RETURN a\n"
                       "          ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN [1, 2)"),
                       "unexpected ')' after 'RETURN [1, 2' — expected ',' or ']' to close the '[' "
                       "at column 8 (line 1, column 13)\n"
                       "  RETURN [1, 2)\n"
                       "              ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN f(a,\n  (b + c]"),
                       doctest::Contains("expected an operator or ')' to close the '(' at column 3 "
                                         "(line 2, column 9)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN f(a,\n  b]"),
                       doctest::Contains("expected ',' or ')' to close the '(' at line 1, column 9 "
                                         "(line 2, column 4)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN {a: 1"), doctest::Contains("to close the '{' at column 8"),
                       parse_error);
}

TEST_CASE("cypher errors: write clauses are refused") {
  CHECK_THROWS_WITH_AS(parse("CREATE (a:State {name: 'X'})"),
                       "entente queries are read-only: CREATE is not supported (line 1, column 1)\n"
                       "  CREATE (a:State {name: 'X'})\n"
                       "  ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("match (a) merge (b)"),
                       doctest::Contains("read-only: MERGE is not supported (line 1, column 11)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) DETACH DELETE a"),
                       doctest::Contains("read-only: DETACH DELETE is not supported"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) WHERE a.x = 1 SET a.y = 2"),
                       doctest::Contains("read-only: SET is not supported (line 1, column 25)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) RETURN a REMOVE a.x"),
                       doctest::Contains("read-only: REMOVE is not supported"), parse_error);
  CHECK_THROWS_WITH_AS(parse("CALL db.labels()"),
                       doctest::Contains("read-only: CALL is not supported"), parse_error);
  CHECK_THROWS_WITH_AS(parse("LOAD CSV FROM 'x' AS row RETURN row"),
                       doctest::Contains("read-only: LOAD CSV is not supported"), parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 1 UNION RETURN 2"),
                       doctest::Contains("UNION is not supported"), parse_error);
}

TEST_CASE("cypher errors: trailing garbage") {
  CHECK_THROWS_WITH_AS(parse("MATCH (a) RETURN a foo"),
                       "unexpected 'foo' after 'MATCH (a) RETURN a' — expected ',', AS, ORDER BY, "
                       "SKIP, LIMIT or the end of the query (line 1, column 20)\n"
                       "  MATCH (a) RETURN a foo\n"
                       "                     ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) RETURN a LIMIT 1 )"),
                       doctest::Contains("unexpected ')' after 'MATCH (a) RETURN a LIMIT 1' — "
                                         "expected the end of the query"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 1; RETURN 2"),
                       doctest::Contains("— expected the end of the query (line 1, column 11)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a:State)) RETURN a"),
                       doctest::Contains("unexpected ')' after 'MATCH (a:State)' — expected ',', "
                                         "WHERE or a clause such as MATCH, WITH or RETURN"),
                       parse_error);
}

TEST_CASE("cypher errors: a query must have clauses and end with RETURN") {
  CHECK_THROWS_WITH_AS(parse(""),
                       "unexpected end of query — expected a clause such as MATCH or RETURN "
                       "(line 1, column 1)\n  \n  ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("  // nothing\n"), doctest::Contains("unexpected end of query"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a)\n"),
                       "unexpected end of query after 'MATCH (a)' — expected RETURN or another "
                       "clause (line 1, column 10)\n"
                       "  MATCH (a)\n"
                       "           ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 1 MATCH (a)"),
                       doctest::Contains("unexpected 'MATCH' after 'RETURN 1'"), parse_error);
}

TEST_CASE("cypher errors: bad literals") {
  CHECK_THROWS_WITH_AS(parse("RETURN 9223372036854775808"),
                       doctest::Contains("integer 9223372036854775808 is too large (the largest is "
                                         "9223372036854775807) (line 1, column 8)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 1 - 9223372036854775808"), doctest::Contains("is too large"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 007"),
                       doctest::Contains("invalid number '007': leading zeros are not allowed "
                                         "(octal is 0o7)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 12abc"), doctest::Contains("invalid number '12abc'"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 1e999"), doctest::Contains("number 1e999 is out of range"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(R"(RETURN "bad \q")"),
                       doctest::Contains("unknown escape '\\q' (known: \\\\ \\' \\\" \\n \\t \\r "
                                         "\\b \\f \\uXXXX \\UXXXXXXXX) (line 1, column 13)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(R"(RETURN "\u12")"),
                       doctest::Contains("invalid escape: \\u needs 4 hexadecimal digits"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(R"(RETURN "\uD800")"), doctest::Contains("lone surrogate"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN `a"), doctest::Contains("unterminated name: no closing '`'"),
                       parse_error);
  CHECK_THROWS_WITH_AS(
      parse("RETURN 1 /* open"),
      doctest::Contains("unterminated comment: no closing '*/' (line 1, column 10)"), parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN $"), doctest::Contains("expected a parameter name after '$'"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 'a\xff'"),
                       doctest::Contains("invalid UTF-8: unexpected byte 0xFF (line 1, column 10)"),
                       parse_error);
}

TEST_CASE("cypher errors: constructs outside the subset") {
  CHECK_THROWS_WITH_AS(
      parse("RETURN a < b < c"),
      doctest::Contains("chained comparisons are not supported: write 'a < b AND b "
                        "< c', not 'a < b < c' (line 1, column 14)"),
      parse_error);
  CHECK_THROWS_WITH_AS(
      parse("RETURN a = NOT b"),
      doctest::Contains("NOT binds more loosely than this operator: write (NOT …)"), parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN sum(*)"), doctest::Contains("'*' is only allowed as count(*)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN shortestPath((a)-->(b))"),
                       doctest::Contains("only supported as patterns of MATCH"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (match) RETURN 1"),
                       doctest::Contains("unexpected 'match' after 'MATCH ('"), parse_error);
  CHECK_THROWS_WITH_AS(parse("WITH 1 AS a WHERE a > 1 WHERE a < 2 RETURN a"),
                       doctest::Contains("WITH has two WHERE conditions: combine them with AND"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a)-(b) RETURN a"),
                       doctest::Contains("unexpected '(' after 'MATCH (a)-' — expected '[' or '-'"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a)-[r:T x]->(b) RETURN a"),
                       doctest::Contains("— expected '|', '*', a property map or ']'"),
                       parse_error);
}

TEST_CASE("cypher errors: parse_error knows the line and column") {
  try {
    (void)parse("MATCH (a)\nWHERE a.x =\n  RETURN a");
    FAIL("no error");
  } catch (const syntax_error& e) {
    CHECK(e.line() == 3);
    CHECK(e.column() == 3);
    CHECK(e.position() == source_position{3, 3, 24});
    CHECK(std::string(e.what()) ==
          "unexpected 'RETURN' after 'MATCH (a) WHERE a.x =' — expected an expression "
          "(line 3, column 3)\n"
          "    RETURN a\n"
          "    ^");
  }
  // A copy of the base class keeps the one-line message.
  try {
    (void)parse("RETURN )");
  } catch (const parse_error& e) {
    parse_error sliced = e;
    CHECK(std::string(sliced.what()) ==
          "unexpected ')' after 'RETURN' — expected DISTINCT, '*' or an expression "
          "(line 1, column 8)");
  }
}

TEST_CASE("cypher errors: the caret lines up under tabs and wide characters") {
  CHECK_THROWS_WITH_AS(
      parse("\tMATCH (a)\t(b)"),
      doctest::Contains("(line 1, column 12)\n  \tMATCH (a)\t(b)\n  \t         \t^"), parse_error);
  // Hangul takes two cells per character on a terminal.
  CHECK_THROWS_WITH_AS(parse("MATCH (n:국가) (x)"),
                       doctest::Contains("(line 1, column 14)\n  MATCH (n:국가) (x)\n"
                                         "                 ^"),
                       parse_error);
}

TEST_CASE("cypher errors: long lines are cut around the caret") {
  std::string text = "MATCH (a) WHERE " + std::string(200, 'x') + " = 1 RETURN a b";
  try {
    (void)parse(text);
    FAIL("no error");
  } catch (const parse_error& e) {
    std::string what = e.what();
    CHECK(e.column() == 231);
    CHECK(what.find("after '…xxxxxxxxxxxxxxxxx = 1 RETURN a' — expected") != std::string::npos);
    auto line = what.substr(what.find('\n') + 1);
    auto caret_line = line.substr(line.find('\n') + 1);
    line = line.substr(0, line.find('\n'));
    CHECK(line.starts_with("  …xxx"));
    CHECK(line.ends_with("x = 1 RETURN a b"));
    CHECK(caret_line == std::string(63, ' ') + "^");
  }
}

// ---- robustness --------------------------------------------------------------------------

TEST_CASE("cypher robustness: deep nesting is refused, not a stack overflow") {
  auto nested = [](std::string_view open, std::string_view close, int depth) {
    std::string s = "RETURN ";
    for (int i = 0; i < depth; ++i) s += open;
    s += "1";
    for (int i = 0; i < depth; ++i) s += close;
    return s;
  };
  CHECK_THROWS_WITH_AS(parse(nested("(", ")", 200)),
                       doctest::Contains("expression nested too deeply (more than 100 levels)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(nested("[", "]", 200)), doctest::Contains("nested too deeply"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(nested("{a: ", "}", 200)), doctest::Contains("nested too deeply"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(nested("f(", ")", 200)), doctest::Contains("nested too deeply"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(nested("NOT ", "", 200)), doctest::Contains("nested too deeply"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(nested("-", "", 200)), doctest::Contains("nested too deeply"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(nested("CASE WHEN ", " THEN 1 END", 200)),
                       doctest::Contains("nested too deeply"), parse_error);
  CHECK_NOTHROW((void)parse(nested("(", ")", 90)));
  CHECK_NOTHROW((void)parse(nested("[", "]", 90)));

  // Long flat chains nest as deeply as they are long: allowed up to a limit.
  auto chain = [](std::string_view op, int length) {
    std::string s = "RETURN a";
    for (int i = 0; i < length; ++i) s += std::string(op) + "a";
    return s;
  };
  CHECK_NOTHROW((void)parse(chain(" OR ", 500)));
  CHECK_THROWS_WITH_AS(parse(chain(" + ", 5000)),
                       doctest::Contains("expression nested too deeply (more than 1000 operators "
                                         "deep)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(chain(".", 5000)), doctest::Contains("nested too deeply"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN " + std::string(5000, '(')),
                       doctest::Contains("nested too deeply"), parse_error);
  // Wide is fine: a long list or pattern chain does not nest.
  std::string wide = "RETURN [0";
  for (int i = 1; i < 5000; ++i) wide += "," + std::to_string(i);
  CHECK_NOTHROW((void)parse(wide + "]"));
  std::string long_path = "MATCH (a0)";
  for (int i = 1; i < 2000; ++i) long_path += "-->(a" + std::to_string(i) + ")";
  CHECK(first_part(parse(long_path + " RETURN a0")).steps.size() == 1999);
}

TEST_CASE("cypher robustness: every prefix of a valid query parses or is refused cleanly") {
  for (const auto& q : valid_queries) {
    CAPTURE(q);
    for (std::size_t n = 0; n <= q.size(); ++n) parse_or_refuse(q.substr(0, n));
  }
}

TEST_CASE("cypher robustness: random bytes and random token soup only ever raise parse_error") {
  std::mt19937 random(20240619);
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };

  for (int i = 0; i < 300; ++i) {  // any bytes at all
    std::string text(pick(64), '\0');
    for (char& c : text) c = static_cast<char>(pick(256));
    parse_or_refuse(text);
  }

  const std::string alphabet = "()[]{}<>-:.,*|$'\"`\\/ \n\taAnN0123456789eExX+=%^;";
  for (int i = 0; i < 300; ++i) {  // characters that mean something to the lexer
    std::string text = pick(2) ? "MATCH " : "RETURN ";
    for (std::size_t n = pick(40); n > 0; --n) text += alphabet[pick(alphabet.size())];
    parse_or_refuse(text);
  }

  const std::vector<std::string> tokens = {
      "MATCH",       "OPTIONAL", "RETURN", "WITH",     "WHERE",    "UNWIND",
      "AS",          "ORDER BY", "SKIP",   "LIMIT",    "DISTINCT", "AND",
      "OR",          "XOR",      "NOT",    "IS",       "NULL",     "IN",
      "STARTS WITH", "CONTAINS", "CASE",   "WHEN",     "THEN",     "ELSE",
      "END",         "(",        ")",      "[",        "]",        "{",
      "}",           "-",        "->",     "<-",       "--",       "*",
      "..",          ":",        "|",      ",",        ".",        "=",
      "<",           ">=",       "+",      "/",        "^",        "a",
      "b",           "x.y",      "L",      "`q n`",    "1",        "2",
      "0.5",         "'s'",      "$p",     "count(*)", "f(",       "shortestPath(",
      "p =",         ";"};
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {  // sequences of real tokens reach deep into the grammar
    std::string text = pick(2) ? "MATCH (a)" : "RETURN";
    for (std::size_t n = 1 + pick(12); n > 0; --n) text += " " + tokens[pick(tokens.size())];
    if (pick(2)) text += " RETURN a";
    try {
      (void)parse(text);
      ++parsed;
    } catch (const parse_error&) {
    }
    parse_or_refuse(text);
  }
  CHECK(parsed > 10);  // the soup is not all rejected
}

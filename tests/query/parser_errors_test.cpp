// The parser on text it refuses: where and how each error is reported, and robustness against
// deep nesting, truncated queries and random input.

#include <entente/error.hpp>
#include <entente/query/ast.hpp>
#include <entente/query/parser.hpp>

#include "query/parser_testing.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace entente;
using namespace entente::cypher;
using namespace entente::cypher::testing;

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

TEST_CASE("cypher errors: a hop range whose minimum exceeds its maximum is no error") {
  // openCypher: it matches nothing (tests/query/queries/varlength.test runs it).
  CHECK_NOTHROW((void)parse("MATCH (a)-[*3..1]->(b) RETURN a"));
  CHECK_NOTHROW((void)parse("MATCH (a)-[*..0]->(b) RETURN a"));
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

TEST_CASE("cypher errors: clauses entente does not run are refused by name") {
  CHECK_THROWS_WITH_AS(parse("CALL db.labels()"),
                       "CALL is not supported (line 1, column 1)\n"
                       "  CALL db.labels()\n"
                       "  ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("LOAD CSV FROM 'x' AS row RETURN row"),
                       doctest::Contains("LOAD CSV is not supported"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) FOREACH (x IN [1] | CREATE (b))"),
                       doctest::Contains("FOREACH is not supported (line 1, column 11)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 1 UNION ALL RETURN 2 UNION RETURN 3"),
                       doctest::Contains("UNION or with UNION ALL, not both (line 1, column 29)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(
      parse("MATCH (a) UNION RETURN 2"),
      doctest::Contains(
          "UNION must follow a RETURN: each query it joins ends with RETURN (line 1, column 11)"),
      parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 1 UNION CREATE (a:State {id: 'X'})"),
                       doctest::Contains("the query after UNION must end with RETURN"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 1 UNION"), doctest::Contains("a clause such as MATCH"),
                       parse_error);
}

TEST_CASE("cypher errors: trailing garbage") {
  CHECK_THROWS_WITH_AS(parse("MATCH (a) RETURN a foo"),
                       "unexpected 'foo' after 'MATCH (a) RETURN a' — expected ',', AS, ORDER BY, "
                       "SKIP, LIMIT, UNION or the end of the query (line 1, column 20)\n"
                       "  MATCH (a) RETURN a foo\n"
                       "                     ^",
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) RETURN a LIMIT 1 )"),
                       doctest::Contains("unexpected ')' after 'MATCH (a) RETURN a LIMIT 1' — "
                                         "expected UNION or the end of the query"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN 1; RETURN 2"),
                       doctest::Contains("— expected the end of the query (line 1, column 11)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a:State)) RETURN a"),
                       doctest::Contains("unexpected ')' after 'MATCH (a:State)' — expected ',', "
                                         "WHERE or a clause such as MATCH, CREATE, WITH or RETURN"),
                       parse_error);
}

TEST_CASE("cypher errors: a query must have clauses and end with RETURN") {
  CHECK_THROWS_WITH_AS(
      parse(""),
      "unexpected end of query — expected a clause such as MATCH, CREATE or RETURN "
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

TEST_CASE("cypher errors: patterns inside expressions") {
  CHECK_THROWS_WITH_AS(parse("MATCH (a) WHERE EXISTS { (a)-->() RETURN a } RETURN a"),
                       doctest::Contains("EXISTS { … } with clauses starts with MATCH: write "
                                         "EXISTS { MATCH (a)-->(b) … RETURN … } (line 1, column "
                                         "35)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(
      parse("MATCH (a) WHERE EXISTS { (a)-->()"),
      doctest::Contains("expected ',', WHERE, a clause or '}' to close the '{' at column 24"),
      parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) WHERE EXISTS { MATCH (a)-->(b) DETACH DELETE b } RETURN a"),
                       doctest::Contains("EXISTS { … } only reads: DETACH is not allowed inside "
                                         "it (line 1, column 42)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) WHERE EXISTS { MATCH (a)-->(b) RETURN b LIMIT 1"),
                       doctest::Contains("— expected '}' to close the '{' at column 24"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) WHERE EXISTS { MATCH (a)-->(b) UNION MATCH (b) } RETURN a"),
                       doctest::Contains("UNION is not allowed inside it (line 1, column 42)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(
      parse(
          "MATCH (a) WHERE EXISTS { MATCH (a)-->(b) RETURN b UNION MATCH (b) RETURN b } RETURN a"),
      doctest::Contains("unexpected 'UNION' after"), parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) WHERE EXISTS {} RETURN a"),
                       doctest::Contains("— expected a pattern such as (a)-->(b)"), parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN [(a)-->(b) WHERE b.x b.y]"),
                       doctest::Contains("expected an operator or '|' and the result"),
                       parse_error);
  CHECK_THROWS_WITH_AS(
      parse("RETURN [(a)-->(b) | b"),
      doctest::Contains("expected an operator or ']' to close the '[' at column 8"), parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN [(a)-->(b) |]"),
                       doctest::Contains("unexpected ']' after 'RETURN [(a)-->(b) |' — expected an "
                                         "expression"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN [(a)-->"), doctest::Contains("expected a node pattern"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse("MATCH (a) WHERE (a)-[:x->() RETURN a"),
                       doctest::Contains("(line 1, column 24)"), parse_error);
  CHECK_THROWS_WITH_AS(parse("RETURN shortestPath((a)-->(b)) AS p"),
                       doctest::Contains("only supported as patterns of MATCH"), parse_error);
}

TEST_CASE("cypher robustness: token soup of patterns inside expressions") {
  std::mt19937 random(20261207);
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  const std::vector<std::string> tokens = {"EXISTS {", "}",
                                           "MATCH",    "WHERE",
                                           "(a)",      "(b:L {k: 1})",
                                           "-->",      "<-[r:T*1..2]-",
                                           "-[",       "]-",
                                           "]->",      "[",
                                           "]",        "|",
                                           "p =",      "(",
                                           ")",        "NOT",
                                           "AND",      ",",
                                           "a.k",      "exists(",
                                           "1",        "{k: "};
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = pick(2) ? "MATCH (a) WHERE" : "RETURN";
    for (std::size_t n = 1 + pick(10); n > 0; --n) text += " " + tokens[pick(tokens.size())];
    if (pick(2)) text += " RETURN a";
    try {
      (void)parse(text);
      ++parsed;
    } catch (const parse_error&) {
    }
    parse_or_refuse(text);
  }
  CHECK(parsed > 10);
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
  // Patterns inside expressions nest too: in a property map, a WHERE or a result.
  CHECK_THROWS_WITH_AS(parse(nested("EXISTS { (a)-->(b) WHERE ", " }", 200)),
                       doctest::Contains("nested too deeply"), parse_error);
  CHECK_THROWS_WITH_AS(parse(nested("[(a)-->(b) | ", "]", 200)),
                       doctest::Contains("nested too deeply"), parse_error);
  CHECK_THROWS_WITH_AS(parse(nested("(a)-->({k: ", "})", 200)),
                       doctest::Contains("nested too deeply"), parse_error);
  CHECK_THROWS_WITH_AS(parse(nested("[(a)-[{k: ", "}]->(b) | 1]", 200)),
                       doctest::Contains("nested too deeply"), parse_error);
  CHECK_NOTHROW((void)parse(nested("EXISTS { (a)-->(b) WHERE ", " }", 40)));
  CHECK_NOTHROW((void)parse(nested("[(a)-->(b) | ", "]", 40)));
  CHECK_THROWS_WITH_AS(parse("RETURN " + std::string(5000, '[') + "(a)-->"),
                       doctest::Contains("nested too deeply"), parse_error);
  // The clauses of EXISTS { MATCH ... RETURN ... } are walked as its children are: an operator
  // chain inside counts towards the depth of the expression around it.
  std::function<std::string(int)> exists = [&](int levels) {
    std::string s = "EXISTS { MATCH (a) WHERE " + (levels == 0 ? "a" : exists(levels - 1));
    for (int i = 0; i < 400; ++i) s += " + a";
    return s + " > 0 RETURN a }";
  };
  CHECK_NOTHROW((void)parse("RETURN " + exists(1)));
  CHECK_THROWS_WITH_AS(parse("RETURN " + exists(2)),
                       doctest::Contains("expression nested too deeply (more than 1000 operators "
                                         "deep)"),
                       parse_error);

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
  // Wide is fine: a long list does not nest.
  std::string wide = "RETURN [0";
  for (int i = 1; i < 5000; ++i) wide += "," + std::to_string(i);
  CHECK_NOTHROW((void)parse(wide + "]"));
}

TEST_CASE("cypher robustness: patterns and clauses, which run nested, are bounded at 1000") {
  // The matcher recurses once per step of a MATCH's patterns, the stages once per clause.
  std::string long_path = "MATCH (a0)";
  for (int i = 1; i < 1000; ++i) long_path += "-->(a" + std::to_string(i) + ")";
  CHECK(first_part(parse(long_path + " RETURN a0")).steps.size() == 999);
  CHECK_THROWS_WITH_AS(parse(long_path + "-->(a1000) RETURN a0"),
                       doctest::Contains("the patterns of one clause have at most 1000 nodes "
                                         "(line 1, column 8894)"),
                       parse_error);
  CHECK_THROWS_WITH_AS(parse(long_path + ", (b) RETURN a0"),
                       doctest::Contains("at most 1000 nodes"), parse_error);
  CHECK_NOTHROW((void)parse(long_path + " MATCH (b) RETURN a0"));  // the count is per MATCH
  // Patterns inside a clause's expressions count with its own: they run inside its matcher.
  CHECK_THROWS_WITH_AS(parse(long_path + " WHERE (a0)-->(a1) RETURN a0"),
                       doctest::Contains("at most 1000 nodes"), parse_error);
  std::string in_return = "RETURN [(a0)";
  for (int i = 1; i < 1000; ++i) in_return += "-->(a" + std::to_string(i) + ")";
  CHECK_NOTHROW((void)parse(long_path + " " + in_return + " | 1]"));  // the count is per clause
  CHECK_THROWS_WITH_AS(parse(long_path + " " + in_return + "-->() | 1]"),
                       doctest::Contains("at most 1000 nodes"), parse_error);
  std::string clauses = "WITH 1 AS x";
  for (int i = 1; i < 999; ++i) clauses += " WITH x AS x";
  CHECK(parse(clauses + " RETURN x").clauses.size() == 1000);
  // The clauses of EXISTS { MATCH ... } count too: its stages run inside the clause around it.
  CHECK_THROWS_WITH_AS(parse(clauses + " RETURN EXISTS { MATCH (a) MATCH (b) } AS e"),
                       doctest::Contains("a query has at most 1000 clauses"), parse_error);
  CHECK_NOTHROW((void)parse(clauses.substr(0, clauses.size() - 24) +
                            " RETURN EXISTS { MATCH (a) MATCH (b) } AS e"));
  CHECK_THROWS_WITH_AS(parse(clauses + " WITH x AS x RETURN x"),
                       doctest::Contains("a query has at most 1000 clauses (line 1, column 12001)"),
                       parse_error);
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

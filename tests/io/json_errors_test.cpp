// JSON that cannot be read: bad syntax is a parse_error with line and column, bad content an
// io_error naming the JSON path, a broken rule a schema_error with the path.

#include <entente/io/json.hpp>

#include "io/json_testing.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using entente::graph;
using entente::io::read_json;
using entente::io::write_json;
using entente::testing::with_relation;

namespace {

/// Reads `text` with "bad.kg.json" as its origin.
graph read_bad(std::string_view text) { return read_json(text, {.origin = "bad.kg.json"}); }

}  // namespace

// ---- errors --------------------------------------------------------------------------------

TEST_CASE("json errors: bad syntax is a parse_error with line and column") {
  const std::string text =
      "{\n  \"entities\": [\n    {\"id\": \"PRK\",, \"kind\": \"State\"}\n  ]\n}";
  CHECK_THROWS_WITH_AS(read_bad(text),
                       "bad.kg.json: invalid JSON: syntax error while parsing object key - "
                       "unexpected ','; expected string literal (line 3, column 18)",
                       entente::parse_error);
  try {
    (void)read_bad(text);
  } catch (const entente::parse_error& e) {
    CHECK(e.line() == 3);
    CHECK(e.column() == 18);
  }
}

TEST_CASE("json errors: columns count characters, not bytes") {
  CHECK_THROWS_WITH_AS(read_bad("{\"name\": \"Ким\" x}"), doctest::Contains("(line 1, column 16)"),
                       entente::parse_error);
}

TEST_CASE("json errors: empty and truncated input") {
  CHECK_THROWS_WITH_AS(read_bad(""), doctest::Contains("bad.kg.json: invalid JSON: "),
                       entente::parse_error);
  CHECK_THROWS_WITH_AS(read_bad("{\"entities\": ["), doctest::Contains("unexpected end of input"),
                       entente::parse_error);
  CHECK_THROWS_WITH_AS(read_bad("{} {}"), doctest::Contains("expected end of input"),
                       entente::parse_error);
}

TEST_CASE("json errors: a number too large for a double") {
  CHECK_THROWS_WITH_AS(
      read_bad(R"({"entities": [{"id": "x", "kind": "Item", "attributes": {"n": 1e400}}]})"),
      "bad.kg.json: invalid JSON: number overflow parsing '1e400' (line 1, column 67)",
      entente::parse_error);
}

TEST_CASE("json errors: the origin defaults to <json>") {
  CHECK_THROWS_WITH_AS(read_json("[]"), "<json>: $: expected an object, found an array",
                       entente::io_error);
}

TEST_CASE("json errors: wrong types name the path and what was found") {
  CHECK_THROWS_WITH_AS(read_bad(R"({"entities": {}})"),
                       "bad.kg.json: $.entities: expected an array, found an object",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(read_bad(R"({"entities": [{"id": "x", "kind": "Item", "name": 42}]})"),
                       "bad.kg.json: $.entities[0].name: expected a string, found 42",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(read_bad(R"({"entities": [{"id": "x", "kind": "Item", "aliases": "y"}]})"),
                       "bad.kg.json: $.entities[0].aliases: expected an array, found \"y\"",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(
      read_bad(R"({"entities": [{"id": "x", "kind": "Item", "aliases": ["y", false]}]})"),
      "bad.kg.json: $.entities[0].aliases[1]: expected a string, found false", entente::io_error);
  CHECK_THROWS_WITH_AS(read_bad(R"({"entities": [7]})"),
                       "bad.kg.json: $.entities[0]: expected an object, found 7",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(
      read_bad(R"({"sources": [{"id": "s"}], "entities": [{"id": "a", "kind": "State"}],
                   "relations": [{"from": "a", "type": "supports", "to": "a",
                                  "sources": [{"id": "s", "span": [1]}]}]})"),
      "bad.kg.json: $.relations[0].sources[0].span: expected [begin, end], found an array",
      entente::io_error);
}

TEST_CASE("json errors: an unknown field suggests the closest known one") {
  CHECK_THROWS_WITH_AS(
      read_bad(with_relation(
          R"({"from": "PRK", "type": "supports", "to": "RUS", "evidnce": "confirmed"})")),
      "bad.kg.json: $.relations[0].evidnce: unknown field; did you mean \"evidence\"?",
      entente::io_error);
  CHECK_THROWS_WITH_AS(read_bad(R"({"entities": [], "colour": "red"})"),
                       "bad.kg.json: $.colour: unknown field (known fields: schema, sources, "
                       "entities, relations)",
                       entente::io_error);
}

TEST_CASE("json errors: a missing field") {
  CHECK_THROWS_WITH_AS(read_bad(with_relation(R"({"from": "PRK", "to": "RUS"})")),
                       "bad.kg.json: $.relations[0]: missing field \"type\"", entente::io_error);
  CHECK_THROWS_WITH_AS(read_bad(R"({"entities": [{"id": "", "kind": "State"}]})"),
                       "bad.kg.json: $.entities[0].id: an entity id cannot be empty",
                       entente::io_error);
}

TEST_CASE("json errors: a relation to an unknown entity id suggests ids") {
  CHECK_THROWS_WITH_AS(
      read_bad(with_relation(R"({"from": "PRK", "type": "supports", "to": "RUSS"})")),
      "bad.kg.json: $.relations[0].to: no entity has the id \"RUSS\"; did you "
      "mean \"RUS\"?",
      entente::io_error);
}

TEST_CASE("json errors: unknown kinds and relation types suggest the closest names") {
  CHECK_THROWS_WITH_AS(read_bad(R"({"entities": [{"id": "PRK", "kind": "Sate"}]})"),
                       "bad.kg.json: $.entities[0].kind: unknown kind \"Sate\"; did you mean "
                       "\"State\"?",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(
      read_bad(with_relation(R"({"from": "PRK", "type": "suports", "to": "RUS"})")),
      "bad.kg.json: $.relations[0].type: unknown relation type \"suports\"; did "
      "you mean \"supports\"?",
      entente::io_error);
}

TEST_CASE("json errors: bad dates and evidence levels") {
  CHECK_THROWS_WITH_AS(
      read_bad(
          with_relation(R"({"from": "PRK", "type": "supports", "to": "RUS", "since": "2024-13"})")),
      "bad.kg.json: $.relations[0].since: \"2024-13\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
      entente::io_error);
  CHECK_THROWS_WITH_AS(
      read_bad(with_relation(R"({"from": "PRK", "type": "supports", "to": "RUS", "until": 2024})")),
      "bad.kg.json: $.relations[0].until: expected a string, found 2024", entente::io_error);
  CHECK_THROWS_WITH_AS(
      read_bad(
          with_relation(R"({"from": "PRK", "type": "supports", "to": "RUS", "evidence": "sure"})")),
      "bad.kg.json: $.relations[0].evidence: \"sure\" is not an evidence level (confirmed, "
      "reported, alleged, speculated, denied)",
      entente::io_error);
  CHECK_THROWS_WITH_AS(
      read_bad(
          R"({"entities": [{"id": "x", "kind": "Item", "attributes": {"born": {"date": "1952-02-30"}}}]})"),
      "bad.kg.json: $.entities[0].attributes.born.date: \"1952-02-30\" is not a date (YYYY, "
      "YYYY-MM or YYYY-MM-DD)",
      entente::io_error);
}

TEST_CASE("json errors: citations name known sources") {
  std::string text = with_relation(
      R"({"from": "PRK", "type": "supports", "to": "RUS", "sources": [{"id": "artcle-a"}]})");
  text.insert(1, R"("sources": [{"id": "article-a"}],)");
  CHECK_THROWS_WITH_AS(read_bad(text),
                       "bad.kg.json: $.relations[0].sources[0].id: unknown source \"artcle-a\"; "
                       "did you mean \"article-a\"?",
                       entente::io_error);
}

TEST_CASE("json errors: repeated ids and repeated keys") {
  CHECK_THROWS_WITH_AS(
      read_bad(R"({"entities": [{"id": "a", "kind": "State"}, {"id": "a", "kind": "State"}]})"),
      "bad.kg.json: $.entities[1].id: entity \"a\" is already declared at "
      "$.entities[0]",
      entente::io_error);
  CHECK_THROWS_WITH_AS(read_bad(R"({"sources": [{"id": "s"}, {"id": "s"}]})"),
                       "bad.kg.json: $.sources[1].id: source \"s\" is already declared at "
                       "$.sources[0]",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(
      read_bad(
          R"({"entities": [{"id": "a", "kind": "State", "external_ids": {"wikidata": "Q1", "wikidata": "Q2"}}]})"),
      "bad.kg.json: $.entities[0].external_ids: the key \"wikidata\" appears twice",
      entente::io_error);
}

TEST_CASE("json errors: attribute values") {
  auto attr = [](std::string_view v) {
    return read_bad(R"({"entities": [{"id": "x", "kind": "Item", "attributes": {"a": )" +
                    std::string(v) + "}}]}");
  };
  CHECK_NOTHROW((void)attr("[1, 2]"));
  CHECK_THROWS_WITH_AS(attr(R"({"dat": "2024"})"),
                       "bad.kg.json: $.entities[0].attributes.a.dat: unknown value type; did you "
                       "mean \"date\"? (typed values are {\"date\": ...} and {\"real\": ...})",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(attr(R"({"date": "2024", "real": 1})"),
                       doctest::Contains("a typed value is an object with one member"),
                       entente::io_error);
  CHECK_THROWS_WITH_AS(attr("18446744073709551615"),
                       "bad.kg.json: $.entities[0].attributes.a: 18446744073709551615 is out of "
                       "range (-9223372036854775808 .. 9223372036854775807)",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(attr(R"({"real": "infinity"})"),
                       doctest::Contains("is not a real (a number, \"nan\", \"inf\" or \"-inf\")"),
                       entente::io_error);
}

TEST_CASE("json errors: a list attribute holds scalars of one type, no nulls, nothing nested") {
  auto list = [](std::string_view v, bool on_relation = false) {
    if (on_relation)
      return read_bad(with_relation(R"({"from": "PRK", "type": "supports", "to": "RUS",
                                        "attributes": {"tags": )" +
                                    std::string(v) + "}}"));
    return read_bad(R"({"entities": [{"id": "x", "kind": "Item", "attributes": {"tags": )" +
                    std::string(v) + "}}]}");
  };
  CHECK_THROWS_WITH_AS(list(R"(["a", 1])"),
                       "bad.kg.json: $.entities[0].attributes.tags[1]: list item 1 is an integer, "
                       "but item 0 is a string (a list holds items of one type)",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(list("[1, 2.5]", true),
                       "bad.kg.json: $.relations[0].attributes.tags[1]: list item 1 is a real, but "
                       "item 0 is an integer (a list holds items of one type)",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(list(R"([{"date": "2014"}, "2015"])"),
                       doctest::Contains("tags[1]: list item 1 is a string, but item 0 is a date"),
                       entente::io_error);
  CHECK_THROWS_WITH_AS(list("[1, null]"),
                       "bad.kg.json: $.entities[0].attributes.tags[1]: a list holds no nulls",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(list(R"([{"date": null}])"),
                       "bad.kg.json: $.entities[0].attributes.tags[0]: a list holds no nulls",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(
      list("[[1], [2]]"),
      "bad.kg.json: $.entities[0].attributes.tags[0]: a list holds no nested lists",
      entente::io_error);
  CHECK_THROWS_WITH_AS(list(R"([{"a": 1}])"),
                       doctest::Contains("$.entities[0].attributes.tags[0].a: unknown value type"),
                       entente::io_error);
  CHECK_THROWS_WITH_AS(list(R"([{"date": "2014-13"}])"),
                       doctest::Contains("tags[0].date: \"2014-13\" is not a date"),
                       entente::io_error);
}

TEST_CASE("json errors: schema violations stay schema_error and gain the path") {
  CHECK_THROWS_WITH_AS(read_bad(with_relation(R"({"from": "PRK", "type": "leads", "to": "RUS"})")),
                       "bad.kg.json: $.relations[0]: relation PRK -[leads]-> RUS breaks rule "
                       "leads.domain: the source must be Person, not State",
                       entente::schema_error);
  CHECK_NOTHROW((void)read_json(with_relation(R"({"from": "PRK", "type": "leads", "to": "RUS"})"),
                                {.mode = entente::validation::lenient}));
}

TEST_CASE("json errors: schema extensions") {
  CHECK_THROWS_WITH_AS(read_bad(R"({"schema": {"kinds": [{"name": "Ship", "parent": "Iten"}]}})"),
                       "bad.kg.json: $.schema.kinds[0].parent: unknown kind \"Iten\"; did you "
                       "mean \"Item\"?",
                       entente::io_error);
  CHECK_THROWS_WITH_AS(read_bad(R"({"schema": {"kinds": [{"name": "State", "parent": "Item"}]}})"),
                       "bad.kg.json: $.schema.kinds[0]: kind 'State' is already declared with "
                       "another parent",
                       entente::schema_error);
  CHECK_THROWS_WITH_AS(
      read_bad(R"({"schema": {"relation_types": [{"name": "ships", "cameo": 72}]}})"),
      "bad.kg.json: $.schema.relation_types[0].cameo: expected a string, found 72 (CAMEO codes "
      "keep their leading zeros: \"051\")",
      entente::io_error);
  CHECK_THROWS_WITH_AS(
      read_bad(R"({"schema": {"relation_types": [{"name": "ships", "polarity": "friendly"}]}})"),
      "bad.kg.json: $.schema.relation_types[0].polarity: \"friendly\" is not a polarity "
      "(cooperation, conflict, structural)",
      entente::io_error);
  CHECK_THROWS_WITH_AS(read_bad(R"({"schema": {"base": "empty"}})"),
                       "bad.kg.json: $.schema.base: \"empty\" is not a base schema (geopolitics, "
                       "none, open)",
                       entente::io_error);
}

TEST_CASE("json errors: a binary file is not JSON, and the message spells its bytes as text") {
  CHECK_THROWS_WITH_AS(read_bad("\x89PNG\r\n\x1A\n"),
                       "bad.kg.json: invalid JSON: syntax error while parsing value - invalid "
                       "literal; last read: '\\x89' (line 1, column 1)",
                       entente::parse_error);
}

TEST_CASE("json errors: nesting is bounded at 64 levels, past it an error says where") {
  // Four levels are open at the attribute's value; 60 brackets reach level 64, a 61st goes past.
  auto nested = [](std::size_t brackets) {
    return R"({"entities": [{"id": "x", "kind": "Item", "attributes": {"a": )" +
           std::string(2, '\n') + std::string(brackets, '[') + std::string(brackets, ']') + "}}]}";
  };
  try {
    read_bad(nested(100000));
    FAIL("expected a parse error");
  } catch (const entente::parse_error& e) {
    CHECK(std::string(e.what()).starts_with("bad.kg.json: $.entities[0].attributes.a"));
    CHECK(std::string(e.what()).ends_with(": nested deeper than 64 levels (line 3, column 61)"));
    CHECK(e.line() == 3);
    CHECK(e.column() == 61);
  }
  CHECK_THROWS_WITH_AS(read_bad(nested(61)), doctest::Contains("nested deeper than 64 levels"),
                       entente::parse_error);
  // At the bound the nesting is read, and the value is refused for what it is.
  CHECK_THROWS_WITH_AS(read_bad(nested(60)),
                       doctest::Contains("$.entities[0].attributes.a[0]: a list holds no nested "
                                         "lists"),
                       entente::io_error);
}

TEST_CASE("json errors: unwritable values are refused with their path, not written wrongly") {
  graph h;
  h.add_entity({"y", "Item", "bad \xff name", {}, {}, {}});
  CHECK_THROWS_WITH_AS((void)write_json(h),
                       "<json>: $.entities[0].name: the text is not valid UTF-8",
                       entente::io_error);
  graph k;
  k.add_entity({"z", "Item", "Z", {}, {}, {{"wikidata", "Q1"}, {"wikidata", "Q2"}}});
  CHECK_THROWS_WITH_AS((void)write_json(k),
                       "<json>: $.entities[0].external_ids: the system \"wikidata\" appears twice",
                       entente::io_error);
}

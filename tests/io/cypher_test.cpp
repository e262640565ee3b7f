#include <entente/io/cypher.hpp>
#include <entente/io/json.hpp>
#include <entente/io/load.hpp>
#include <entente/query.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

using namespace entente;
namespace fs = std::filesystem;

namespace {

/// The graph the script of `g` builds, query by query, in an empty graph with `g`'s schema.
graph rebuilt(const graph& g, const io::cypher_options& opts = {}) {
  graph out(g.schema());
  for (const auto& q : io::write_cypher_queries(g, opts)) (void)query(out, q);
  return out;
}

/// The script's queries, cut where a line holds only `;` (as the README's csplit cuts them).
std::vector<std::string> cut_queries(const std::string& script) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  for (auto at = script.find("\n;\n"); at != std::string::npos; at = script.find("\n;\n", begin)) {
    out.push_back(script.substr(begin, at + 3 - begin));
    begin = at + 3;
    if (begin < script.size() && script[begin] == '\n') ++begin;  // the blank line between
  }
  return out;
}

fs::path bundled_json() { return fs::path(ENTENTE_DATA_DIR) / "korea_russia.kg.json"; }
fs::path bundled_script() { return fs::path(ENTENTE_DATA_DIR) / "korea_russia.cypher"; }

/// Text that a string literal must escape, and text in other scripts.
const std::string awkward = "say \"hi\", 'yo' \\ back\\slash\nnew line\ttab\r\x01\x7f` */ // ;";

/// Every kind of value and text the script writes.
graph hard_graph() {
  graph g;
  g.add_source({"full", "A \"quoted\" title\nover two lines", "Éditions Ünïcode", date(2024, 2, 29),
                "https://example.org/a?x=1&y=\"2\""});
  g.add_source({"bare", "", "", date(), ""});
  g.add_source({"year-only", "Годовой отчёт", "", date(1999), ""});
  g.add_source({awkward, "", "", date(2001, 12), ""});

  attributes a;
  a.set("population", std::int64_t{26'000'000});
  a.set("smallest", std::numeric_limits<std::int64_t>::min());
  a.set("largest", std::numeric_limits<std::int64_t>::max());
  a.set("ratio", 0.1);
  a.set("whole", 3.0);
  a.set("negative_zero", -0.0);
  a.set("huge", 1e300);
  a.set("tiny", 5e-324);
  a.set("negative", -2.5e-8);
  a.set("member", true);
  a.set("rogue", false);
  a.set("founded", date(1948, 9, 9));
  a.set("reformed", date(1972, 12));
  a.set("renamed", date(1994));
  a.set("motto", awkward);
  a.set("한국어 키", std::string("값"));
  a.set("with space", std::string(""));
  a.set("MATCH", std::string("a reserved word as a key"));
  g.add_entity({"PRK",
                "State",
                "North Korea",
                {"DPRK", "조선", "Северная Корея", awkward},
                a,
                {{"wikidata", "Q423"}, {"viaf", "12\"3"}, {"odd system", "x"}}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {{"wikidata", "Q159"}}});
  g.add_entity({"kim-jong-un", "Person", "Kim Jong-un", {"Ким Чен Ын", "김정은"}, {}, {}});
  g.add_entity({"salt", "Item", "", {}, {}, {}});  // the name is the id
  g.add_entity({"back`quote`", "Organization", "Backquotes", {}, {}, {}});
  g.add_entity({"MATCH", "Organization", "An id that is a keyword", {}, {}, {}});
  g.add_entity({"line\nbreak", "Place", "An id with a line break", {}, {}, {}});
  g.add_entity({"e6", "Place", "The id the one above would be named by", {}, {}, {}});
  g.add_entity({"北京", "Place", "Beijing", {"Пекин"}, {}, {}});
  g.add_entity({"emoji 🙂", "Event", "🙂", {}, {}, {}});

  attributes r;
  r.set("item", std::string("artillery-shells"));
  r.set("count", std::int64_t{-7});
  r.set("share", 0.25);
  r.set("secret", true);
  r.set("from", std::string("an attribute named like a clause word"));
  r.set("on", date(2023, 9, 13));
  g.add_relation({"PRK",
                  "supplies",
                  "RUS",
                  evidence::alleged,
                  {date(2023, 9), date(2024)},
                  {{"full", awkward, std::nullopt},
                   {"bare", "", std::nullopt},
                   {"year-only", "цитата", std::nullopt}},
                  r});
  g.add_relation(
      {"kim-jong-un", "leads", "PRK", evidence::confirmed, {date(2011, 12), {}}, {}, {}});
  g.add_relation({"RUS", "sanctions", "PRK", evidence::denied, {{}, date(2020)}, {}, {}});
  g.add_relation({"PRK",
                  "allied_with",
                  "RUS",
                  evidence::speculated,
                  {date(2024, 6, 19), date(2024, 6, 19)},
                  {{awkward, "", std::nullopt}},
                  {}});
  g.add_relation({"RUS", "allied_with", "PRK", evidence::reported, {}, {}, {}});  // both ways
  g.add_relation({"PRK", "supports", "PRK", evidence::reported, {}, {}, {}});     // a loop
  g.add_relation({"back`quote`", "opposes", "MATCH", evidence::reported, {}, {}, {}});
  g.add_relation({"line\nbreak", "located_in", "北京", evidence::confirmed, {}, {}, {}});
  g.add_relation({"e6", "located_in", "line\nbreak", evidence::confirmed, {}, {}, {}});
  g.add_relation({"emoji 🙂", "located_in", "e6", evidence::reported, {}, {}, {}});
  g.add_relation(
      {"PRK", "supplies", "RUS", evidence::alleged, {date(2023, 9), date(2024)}, {}, {}});
  return g;
}

/// A schema of its own: a kind and a relation type beyond the default vocabulary.
graph extended_graph() {
  schema s = schema::geopolitics();
  s.add_kind({"Vessel", "Item"});
  s.add_relation_type(
      {"docks_at", {"Vessel"}, {"Place"}, false, false, "hosts", {}, "", 0, 0, false});
  graph g(std::move(s));
  g.add_entity({"ship", "Vessel", "A ship", {}, {}, {}});
  g.add_entity({"port", "Place", "A port", {}, {}, {}});
  g.add_relation({"ship", "docks_at", "port", evidence::reported, {}, {}, {}});
  return g;
}

/// The message of the io_error that writing `g` as Cypher throws, or "" when it does not.
std::string refusal(const graph& g) {
  try {
    (void)io::write_cypher(g);
  } catch (const io_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("cypher: a small graph, whole") {
  CHECK(io::write_cypher(testing::tiny_world()) ==
        "// An entente graph as openCypher: 1 source, 2 entities and 1 relation.\n"
        "// Rebuild it in an empty graph:\n"
        "//   echo '{}' > EMPTY.kg.json\n"
        "//   entente query EMPTY.kg.json --write \"$(cat THIS.cypher)\"\n"
        "CREATE (:Source {id: \"article-a\", title: \"North Korea backs Russia\", publisher: "
        "\"Example Daily\", published: \"2024-07\", url: \"https://example.org/a?x=1\"})\n"
        "CREATE (`PRK`:State {id: \"PRK\", name: \"North Korea\", aliases: [\"DPRK\", \"북한\"], "
        "capital: \"Pyongyang\"}),\n"
        "       (`RUS`:State {id: \"RUS\", name: \"Russia\"})\n"
        "CREATE (`PRK`)-[:supplies {evidence: \"alleged\", since: \"2023-09\", until: \"2024\", "
        "sources: [{id: \"article-a\", quote: \"shells by the million\"}], item: "
        "\"artillery-shells\"}]->(`RUS`)\n"
        ";\n");
}

TEST_CASE("cypher: the script rebuilds the graph it was written from") {
  SUBCASE("the tiny world") { CHECK(rebuilt(testing::tiny_world()) == testing::tiny_world()); }
  SUBCASE("the small world") { CHECK(rebuilt(testing::small_world()) == testing::small_world()); }
  SUBCASE("quotes, escapes, other scripts, every kind of value") {
    const auto g = hard_graph();
    CHECK(rebuilt(g) == g);
  }
  SUBCASE("list attributes, as list literals") {
    const auto g = testing::list_world();
    const auto script = io::write_cypher(g);
    CHECK(testing::contains(script, "numbers: [1, -2, 9007199254740993]"));
    CHECK(testing::contains(script, R"(days: [{date: "2014"}, {date: "2023-09"}, )"));
    CHECK(testing::contains(script, "nothing: []"));
    CHECK(rebuilt(g) == g);
  }
  SUBCASE("many relations") {
    const auto g = testing::many_relations(300, 2000);
    CHECK(rebuilt(g) == g);
  }
  SUBCASE("the bundled knowledge base") {
    const auto g = io::load(bundled_json());
    CHECK(rebuilt(g) == g);
  }
  SUBCASE("an empty graph") {
    const auto script = io::write_cypher(graph());
    CHECK(testing::contains(script, "0 sources, 0 entities and 0 relations"));
    graph out;
    (void)query(out, script);
    CHECK(out == graph());
  }
  SUBCASE("a graph of one query is one script that runs as it is") {
    const auto g = hard_graph();
    const auto script = io::write_cypher(g);
    CHECK(io::write_cypher_queries(g) == std::vector<std::string>{script});
    graph out;
    auto rows = query(out, script);
    CHECK(rows.changes().entities_created == g.num_entities());
    CHECK(rows.changes().relations_created == g.num_relations());
    CHECK(rows.changes().sources_created == g.sources().size());
    CHECK(out == g);
  }
}

TEST_CASE("cypher: an id with a line break gets a variable of its own, clear of every id") {
  const auto script = io::write_cypher(hard_graph());
  // The seventh entity, "line\nbreak", would be `e6`, which is taken: it becomes `e6_`.
  CHECK(testing::contains(script, "(`e6_`:Place {id: \"line\\nbreak\""));
  CHECK(testing::contains(script, "(`e6`:Place {id: \"e6\""));
  CHECK(testing::contains(script, "(`back``quote```:Organization"));
  CHECK(testing::contains(script, "(`e6`)-[:located_in {evidence: \"confirmed\"}]->(`e6_`)"));
  // No line of the script starts inside a string or a name: every line is a clause, a part of
  // one, a comment or the end.
  std::size_t begin = 0;
  while (begin < script.size()) {
    auto end = script.find('\n', begin);
    auto line = script.substr(begin, end - begin);
    bool known = line.starts_with("//") || line.starts_with("CREATE (") ||
                 line.starts_with("       (") || line == ";";
    CHECK_MESSAGE(known, line);
    begin = end + 1;
  }
}

TEST_CASE("cypher: reals that have no literal come back, and a negative zero keeps its sign") {
  graph g;
  auto e = g.add_entity({"x", "Item", "", {}, {}, {}});
  g.set_attribute(e, "zero", -0.0);
  g.set_attribute(e, "nan", std::numeric_limits<double>::quiet_NaN());
  g.set_attribute(e, "up", std::numeric_limits<double>::infinity());
  g.set_attribute(e, "down", -std::numeric_limits<double>::infinity());
  auto script = io::write_cypher(g);
  CHECK(testing::contains(script, "down: -1.0 / 0.0, nan: 0.0 / 0.0, up: 1.0 / 0.0, zero: -0.0"));
  auto out = rebuilt(g);
  const auto& attrs = out.entity(0).attributes();
  CHECK(std::isnan(std::get<double>(*attrs.find("nan"))));
  CHECK(std::get<double>(*attrs.find("up")) == std::numeric_limits<double>::infinity());
  CHECK(std::get<double>(*attrs.find("down")) == -std::numeric_limits<double>::infinity());
  CHECK(std::signbit(std::get<double>(*attrs.find("zero"))));
}

TEST_CASE("cypher: a graph past a query's clauses is written as several queries") {
  const io::cypher_options small{.nodes_per_clause = 4, .clauses_per_query = 5};
  for (const auto& g : {hard_graph(), testing::small_world(), testing::many_relations(40, 120)}) {
    const auto queries = io::write_cypher_queries(g, small);
    CHECK(queries.size() > 1);
    CHECK(rebuilt(g, small) == g);
    // The script is the queries, a blank line between them, cut where a line holds only `;`.
    const auto script = io::write_cypher(g, small);
    CHECK(cut_queries(script) == queries);
    CHECK(testing::contains(queries.front(),
                            "// It takes " + std::to_string(queries.size()) + " queries"));
    for (const auto& q : queries) {
      auto parsed = cypher::parse(q);
      CHECK(parsed.clauses.size() <= 5);
    }
  }
  // A later query finds the entities its relations need, after WITH * where it has written.
  const auto queries = io::write_cypher_queries(testing::many_relations(40, 120), small);
  CHECK(testing::contains(queries.back(), "MATCH (`e"));
  CHECK(testing::contains(io::write_cypher(testing::many_relations(40, 120), small),
                          "WITH *\nMATCH"));
}

TEST_CASE("cypher: the default bounds keep each clause within the parser's") {
  // 1000 node patterns a clause: 1000 entities, or 500 relations (two ends each).
  const auto g = testing::many_relations(1500, 1200);
  const auto queries = io::write_cypher_queries(g);
  REQUIRE(queries.size() == 1);
  auto parsed = cypher::parse(queries.front());
  // One CREATE of the source, two of the entities, three of the relations.
  CHECK(parsed.clauses.size() == 6);
  CHECK(rebuilt(g) == g);
}

TEST_CASE("cypher: a schema of its own is written as the JSON of the empty graph to start from") {
  const auto g = extended_graph();
  const auto script = io::write_cypher(g);
  CHECK(testing::contains(script, "Its schema is not entente's default"));
  // The comment's line after the explanation holds the empty graph.
  auto at = script.find("\n// {");
  REQUIRE(at != std::string::npos);
  auto line = script.substr(at + 4, script.find('\n', at + 1) - at - 4);
  graph empty = io::read_json(line);
  CHECK(empty.schema() == g.schema());
  CHECK(empty.num_entities() == 0);
  (void)query(empty, script);
  CHECK(empty == g);
  // On the default schema the script fails where the schema differs.
  graph plain;
  CHECK_THROWS_WITH_AS((void)query(plain, script), doctest::Contains("unknown label ':Vessel'"),
                       cypher::syntax_error);
}

TEST_CASE("cypher: the bundled knowledge base as a script matches its JSON") {
  const auto g = io::load(bundled_json());
  const auto script = testing::read_file(bundled_script());
  REQUIRE(!script.empty());
  graph out;
  (void)query(out, script);
  CHECK(out == g);
  // Written by this export, so that a change to the JSON shows up here until the script is
  // written again: build/bin/entente convert examples/data/korea_russia.kg.json
  // examples/data/korea_russia.cypher
  CHECK_MESSAGE(script == io::write_cypher(g),
                "examples/data/korea_russia.cypher is stale: write it again with entente convert");
}

TEST_CASE("cypher: io::save writes a script by its extension; io::load says how to run one") {
  testing::scratch dir;
  const auto g = testing::small_world();
  io::save(g, dir.path / "world.cypher");
  CHECK(testing::read_file(dir.path / "world.cypher") == io::write_cypher(g));
  CHECK_THROWS_WITH_AS((void)io::load(dir.path / "world.cypher"),
                       doctest::Contains("entente writes .cypher files but does not read them"),
                       io_error);
}

TEST_CASE("cypher: what a script cannot say is refused, naming it") {
  SUBCASE("a citation with a text span") {
    auto g = testing::tiny_world();
    g.set_citations(0, {{"article-a", "shells", text_span{3, 9}}});
    CHECK(refusal(g) ==
          "cannot write the graph as Cypher: relation 0 (PRK -[supplies]-> RUS) cites "
          "'article-a' with a text span [3, 9), which Cypher cannot write (a source map holds "
          "only 'id' and 'quote')");
  }
  SUBCASE("a relation that breaks the schema, kept by a lenient graph") {
    graph g(schema::geopolitics(), validation::lenient);
    g.add_entity({"PRK", "State", "", {}, {}, {}});
    g.add_entity({"RUS", "State", "", {}, {}, {}});
    g.add_relation({"PRK", "leads", "RUS", evidence::reported, {}, {}, {}});
    CHECK(refusal(g) ==
          "cannot write the graph as Cypher: relation 0 (PRK -[leads]-> RUS) breaks rule "
          "leads.domain: the source must be Person, not State (kept by a lenient graph; a CREATE "
          "refuses it)");
  }
  SUBCASE("a lenient graph that keeps the schema is written") {
    graph g(schema::geopolitics(), validation::lenient);
    g.add_entity({"PRK", "State", "", {}, {}, {}});
    CHECK(refusal(g).empty());
  }
  SUBCASE("a null attribute") {
    auto g = testing::tiny_world();
    g.set_attribute(0, "gone", value{});
    CHECK(refusal(g) ==
          "cannot write the graph as Cypher: entity 'PRK' has attribute 'gone' set "
          "to null, which a CREATE does not store");
  }
  SUBCASE("an attribute named like an entity's own field") {
    for (const char* key : {"id", "name", "kind", "aliases", "external_ids"}) {
      auto g = testing::tiny_world();
      g.set_attribute(1, key, std::string("x"));
      CHECK(refusal(g) == fmt::format("cannot write the graph as Cypher: entity 'RUS' has an "
                                      "attribute '{}', which a CREATE reads as the entity's own "
                                      "'{}'",
                                      key, key));
    }
  }
  SUBCASE("an attribute named like a relation's own field") {
    for (const char* key : {"evidence", "since", "until", "sources"}) {
      auto g = testing::tiny_world();
      g.set_relation_attribute(0, key, std::string("x"));
      CHECK(refusal(g) == fmt::format("cannot write the graph as Cypher: relation 0 (PRK "
                                      "-[supplies]-> RUS) has an attribute '{}', which a CREATE "
                                      "reads as the relation's own '{}'",
                                      key, key));
    }
  }
  SUBCASE("an attribute without a name") {
    auto g = testing::tiny_world();
    g.set_attribute(0, "", true);
    CHECK(refusal(g) ==
          "cannot write the graph as Cypher: entity 'PRK' has an attribute with an empty name");
  }
  SUBCASE("an interval that ends before it starts") {
    auto g = testing::tiny_world();
    g.set_valid(0, {date(2024), date(2023, 12)});
    CHECK(refusal(g) ==
          "cannot write the graph as Cypher: relation 0 (PRK -[supplies]-> RUS) "
          "has 'until' 2023-12 before 'since' 2024, which a CREATE refuses");
  }
  SUBCASE("one external id system twice") {
    auto g = testing::tiny_world();
    g.set_external_ids(0, {{"wikidata", "Q1"}, {"wikidata", "Q2"}});
    CHECK(refusal(g) ==
          "cannot write the graph as Cypher: entity 'PRK' has two external ids of "
          "system 'wikidata', which one map cannot hold");
  }
  SUBCASE("text that is not UTF-8") {
    auto g = testing::tiny_world();
    g.set_name(1, "Rus\xFF");
    CHECK(refusal(g) ==
          "cannot write the graph as Cypher: entity 'RUS' holds text that is not "
          "UTF-8 (\"Rus\xEF\xBF\xBD\"), which a query cannot hold");
  }
  SUBCASE("a kind named Source, when there are sources to declare") {
    schema s = schema::geopolitics();
    s.add_kind({"source", ""});
    graph g(std::move(s));
    g.add_entity({"x", "source", "", {}, {}, {}});
    CHECK(refusal(g).empty());  // no sources: nothing to declare
    g.add_source({"a", "", "", date(), ""});
    CHECK(refusal(g) ==
          "cannot write the graph as Cypher: the schema has a kind named 'source', "
          "so CREATE (:Source {...}) would make an entity and the sources could not "
          "be declared");
  }
  SUBCASE("a refused save names the file and leaves none") {
    testing::scratch dir;
    auto g = testing::tiny_world();
    g.set_attribute(0, "gone", value{});
    CHECK_THROWS_WITH_AS(io::save(g, dir.path / "g.cypher"),
                         doctest::Contains("g.cypher: cannot save as Cypher: entity 'PRK'"),
                         io_error);
    CHECK(fs::is_empty(dir.path));
  }
  SUBCASE("bounds too small to write a relation") {
    CHECK_THROWS_WITH_AS((void)io::write_cypher(graph(), {.nodes_per_clause = 1}),
                         doctest::Contains("a clause needs room for 2 nodes"), error);
  }
}

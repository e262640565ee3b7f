// Reading GraphML: entente's own files back, and what NetworkX, yEd, Gephi and Neo4j write.
// The errors are in graphml_read_errors_test.cpp.

#include <entente/io/graphml.hpp>
#include <entente/io/json.hpp>
#include <entente/io/load.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using namespace entente;
using testing::scratch;

namespace {

/// What GraphML carries of `g` (io/graphml.hpp): all of it but citation spans and null
/// attributes, the schema as it is (readers pass it back). Reading the export of `g` gives this
/// graph when `g` holds no text that GraphML changes (characters XML cannot hold, " | " in an
/// alias) and no key of mixed types.
graph carried(const graph& g) {
  graph out(g.schema(), g.validation_mode());
  auto present = [](const attributes& attrs) {
    attributes kept;
    for (const auto& [key, v] : attrs) {
      const auto* d = std::get_if<date>(&v);
      if (!std::holds_alternative<std::monostate>(v) && !(d != nullptr && !d->is_set()))
        kept.set(key, v);
    }
    return kept;
  };
  for (const auto& s : g.sources()) out.add_source(s);
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto ent = g.entity(e);
    const auto names = ent.aliases();
    std::vector<std::string> aliases(names.begin(), names.end());
    out.add_entity({std::string(ent.id()), std::string(ent.kind_name()), std::string(ent.name()),
                    aliases, present(ent.attributes()), ent.external_ids()});
  }
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    auto rel = g.relation(r);
    std::vector<citation_spec> cites;
    for (const auto& c : rel.citations())
      cites.push_back({g.source_at(c.source).id, c.quote, std::nullopt});
    out.add_relation({std::string(g.entity(rel.from()).id()), std::string(rel.type_name()),
                      std::string(g.entity(rel.to()).id()), rel.evidence(), rel.valid(), cites,
                      present(rel.attributes())});
  }
  return out;
}

/// Reads back the export of `g` under its own schema and mode.
graph round_trip(const graph& g) {
  return io::read_graphml(io::write_graphml(g),
                          {.mode = g.validation_mode(), .schema = g.schema()});
}

/// Both graphs as JSON (which shows where they differ) and by operator==.
void check_same(const graph& got, const graph& expected) {
  CHECK(io::write_json(got) == io::write_json(expected));
  CHECK(got == expected);
}

}  // namespace

// ---- entente's own files ---------------------------------------------------------------------

TEST_CASE("graphml read: a graph GraphML carries whole reads back equal") {
  graph g;
  // Sources in an order that is not that of their citations, one uncited, one with every field.
  g.add_source({"uncited", "A title", "A publisher", date(2024, 6), "https://example.org/?a=1&b"});
  g.add_source({"article-b", "", "", date(2025), ""});
  g.add_source({.id = "article-a"});
  attributes a;
  a.set("population", std::int64_t{25'000'000});
  a.set("growth", -0.25);
  a.set("nuclear", true);
  a.set("founded", date(1948, 9, 9));
  a.set("capital", std::string("Pyongyang"));
  g.add_entity({"PRK",
                "State",
                "North Korea",
                {"DPRK", "북한"},
                a,
                {{"wikidata", "Q423"}, {"viaf", "123"}, {"geonames", "1873107"}}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {{"viaf", "x"}, {"wikidata", "Q159"}}});
  attributes item;
  item.set("item", std::string("shells"));
  item.set("count", std::int64_t{3});
  g.add_relation({"PRK",
                  "supplies",
                  "RUS",
                  evidence::alleged,
                  {date(2023, 9), date(2024)},
                  {{"article-a", "shells by the million", std::nullopt}, {"article-b", "", {}}},
                  item});
  g.add_relation({"RUS", "supports", "PRK", evidence::denied, {}, {}, {}});
  check_same(io::read_graphml(io::write_graphml(g)), g);
}

TEST_CASE("graphml read: list attributes of every item type read back equal") {
  const auto g = testing::list_world();
  check_same(io::read_graphml(io::write_graphml(g)), g);
  const auto lists = io::load_json(ENTENTE_TEST_DATA "/lists.kg.json");
  check_same(io::read_graphml(io::write_graphml(lists)), lists);
}

TEST_CASE("graphml read: the bundled knowledge base reads back equal") {
  const auto g = io::load_json(io::bundled_graph_path());
  // What GraphML once lost is there to lose: source titles and external ids.
  REQUIRE_FALSE(g.sources().front().title.empty());
  REQUIRE_FALSE(g.entity(g.at("PRK")).external_ids().empty());
  check_same(io::read_graphml(io::write_graphml(g)), g);
}

TEST_CASE("graphml read: the test graphs read back equal") {
  for (const char* name :
       {"lists.kg.json", "small_world.kg.json", "unchecked.kg.json", "queries/tiny.kg.json",
        "queries/dates.kg.json", "queries/routes.kg.json", "queries/open.kg.json",
        "queries/empty.kg.json", "queries/empty_open.kg.json"}) {
    CAPTURE(name);
    const auto g = io::load_json(fs::path(ENTENTE_TEST_DATA) / name, validation::lenient);
    check_same(round_trip(g), g);
  }
  const auto small = testing::small_world();
  check_same(round_trip(small), small);
  const auto tiny = testing::tiny_world();
  check_same(round_trip(tiny), tiny);
}

TEST_CASE("graphml read: citation spans and null attributes are what is left to lose") {
  graph g = testing::tiny_world();
  g.set_attribute(g.at("PRK"), "unknown", value{});
  g.set_citations(0, {{"article-a", "shells by the million", text_span{4, 9}}});
  const auto back = round_trip(g);
  CHECK_FALSE(back == g);
  check_same(back, carried(g));
  CHECK_FALSE(back.citations(0)[0].span);
  CHECK(back.entity(back.at("PRK")).attributes().find("unknown") == nullptr);
}

TEST_CASE("graphml read: sources come back in the graph's order with every field") {
  graph g;
  // Text that XML cannot hold survives in the source list's JSON escapes.
  g.add_source({"last-cited", "say \"hi\"\nback\\slash\x01 <&>", "Пресса", date(2024, 6),
                "https://example.org/a b?x=1&y=<2>"});
  g.add_source({"a/b α", "", "", date(2014), ""});
  g.add_source({"never-cited", "Kept", "", date(2024, 6, 19), ""});
  g.add_source({"first-cited", "", "", date(), ""});
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_relation({"PRK",
                  "supports",
                  "PRK",
                  evidence::reported,
                  {},
                  {{"first-cited", "", {}}, {"a/b α", "q", {}}, {"last-cited", "", {}}},
                  {}});
  const auto back = io::read_graphml(io::write_graphml(g));
  check_same(back, g);
  CHECK(back.sources().at(0).title == "say \"hi\"\nback\\slash\x01 <&>");
}

TEST_CASE("graphml read: external ids of several systems come back in their order") {
  graph g;
  g.add_entity({"PRK",
                "State",
                "North Korea",
                {},
                {},
                {{"wikidata", "Q423"}, {"viaf", "1 | 2"}, {"say \"hi\"", "tab\t\x01<&>"}}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {{"viaf", "x"}, {"wikidata", "Q159"}}});
  g.add_entity({"UKR", "State", "Ukraine", {}, {}, {}});
  // What .kg.json cannot hold, GraphML can: an empty system, and one system twice.
  g.add_entity({"odd", "Item", "Odd", {}, {}, {{"", ""}, {"isbn", "1"}, {"isbn", "2"}}});
  attributes clash;
  clash.set("external_ids", std::string("an attribute of that name"));
  g.add_entity({"clash", "Item", "Clash", {}, clash, {{"wikidata", "Q1"}}});
  const auto back = io::read_graphml(io::write_graphml(g));
  // Not check_same: .kg.json refuses a system named twice.
  for (entity_index e = 0; e < g.num_entities(); ++e)
    CHECK(back.entity(e).external_ids() == g.entity(e).external_ids());
  CHECK(back == g);
  CHECK(back.entity(back.at("PRK")).external_ids()[2].second == "tab\t\x01<&>");
}

TEST_CASE("graphml read: a source list after the edges, as NetworkX writes it, keeps its order") {
  // nx.write_graphml writes the graph's data after its nodes and edges.
  const char* text = R"(<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d5" for="edge" attr.name="sources" attr.type="string" />
  <key id="d4" for="edge" attr.name="evidence" attr.type="string" />
  <key id="d3" for="edge" attr.name="type" attr.type="string" />
  <key id="d2" for="node" attr.name="external_ids" attr.type="string" />
  <key id="d1" for="node" attr.name="kind" attr.type="string" />
  <key id="d0" for="graph" attr.name="sources" attr.type="string" />
  <graph edgedefault="directed">
    <node id="PRK"><data key="d1">State</data>
      <data key="d2">{"wikidata": "Q423", "viaf": "1"}</data></node>
    <edge source="PRK" target="PRK" id="r0">
      <data key="d3">supports</data><data key="d4">alleged</data>
      <data key="d5">b | unlisted | a</data>
    </edge>
    <edge source="PRK" target="PRK" id="r1">
      <data key="d3">supports</data><data key="d4">alleged</data><data key="d5">a</data>
    </edge>
    <data key="d0">[{"id": "a", "title": "A"}, {"id": "b", "published": "2024-06"},
      {"id": "c", "url": "https://example.org/c"}]</data>
  </graph>
</graphml>)";
  auto g = io::read_graphml(text);
  // The list's order; a cited source it lacks comes after, with its id alone.
  REQUIRE(g.sources().size() == 4);
  CHECK(g.sources()[0] == source_info{"a", "A", "", date(), ""});
  CHECK(g.sources()[1] == source_info{"b", "", "", date(2024, 6), ""});
  CHECK(g.sources()[2] == source_info{"c", "", "", date(), "https://example.org/c"});
  CHECK(g.sources()[3] == source_info{.id = "unlisted"});
  REQUIRE(g.citations(0).size() == 3);
  CHECK(g.citations(0)[0].source == 1);
  CHECK(g.citations(0)[1].source == 3);
  CHECK(g.citations(0)[2].source == 0);
  CHECK(g.citations(1)[0].source == 0);
  CHECK(g.entity(0).external_ids() ==
        std::vector<std::pair<std::string, std::string>>{{"wikidata", "Q423"}, {"viaf", "1"}});
}

TEST_CASE("graphml read: without a source list, cited sources come in the order of citation") {
  // An edge that waits for its node still cites in the order in which the edges are written.
  const char* text = R"(<graphml>
  <key id="k" for="node" attr.name="kind"/>
  <key id="t" for="edge" attr.name="type"/>
  <key id="e" for="edge" attr.name="evidence"/>
  <key id="s" for="edge" attr.name="sources"/>
  <graph edgedefault="directed">
    <node id="a"><data key="k">State</data></node>
    <edge source="a" target="b"><data key="t">supports</data><data key="s">x | y</data></edge>
    <edge source="a" target="a"><data key="t">supports</data><data key="s">z | x</data></edge>
    <node id="b"><data key="k">State</data></node>
  </graph>
</graphml>)";
  auto g = io::read_graphml(text);
  REQUIRE(g.sources().size() == 3);
  CHECK(g.sources()[0].id == "x");
  CHECK(g.sources()[1].id == "y");
  CHECK(g.sources()[2].id == "z");
  CHECK(g.entity(g.to(0)).id() == "a");  // the loop, added first
  REQUIRE(g.citations(0).size() == 2);
  CHECK(g.citations(0)[0].source == 2);
  CHECK(g.citations(1)[1].source == 1);
}

TEST_CASE("graphml read: a source list over several keys reads back whole") {
  graph g;
  const std::string title(300, 't');
  for (int i = 0; i < 30'000; ++i)
    g.add_source({"s" + std::to_string(i), title, "P", date(2000 + i % 25), ""});
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_relation(
      {"PRK", "supports", "PRK", evidence::reported, {}, {{"s29999", "", {}}, {"s0", "", {}}}, {}});
  const auto text = io::write_graphml(g);
  REQUIRE(testing::contains(text, "attr.name=\"sources_3\""));
  CHECK(io::read_graphml(text) == g);
}

TEST_CASE("graphml read: hostile text comes back but for what XML and the joins cannot hold") {
  const auto hostile = io::load_json(ENTENTE_TEST_DATA "/../differential/exports/hostile.kg.json");
  auto back = round_trip(hostile);
  auto expected = carried(hostile);
  const auto prk = expected.at("PRK");
  // Control characters and U+FFFE become U+FFFD; the one alias "a | b" becomes two.
  expected.set_aliases(prk, {"조선", "Северная Корея", "DPRK \"official\"", "a", "b"});
  expected.set_attribute(prk, "motto",
                         std::string("tab\there\xEF\xBF\xBD"
                                     "bell\xEF\xBF\xBD \\ end"));
  expected.set_name(expected.at("-x"), "«item» \xEF\xBF\xBD");
  // "mixed" is an integer here and a real there: both come back as their text.
  expected.set_attribute(prk, "mixed", std::string("1"));
  expected.set_attribute(expected.at("a b\"c<d>{e}|f\\g^h`i%j/k?l#m"), "mixed", std::string("2.5"));
  expected.set_citations(0, {{"src one/α", "a \"quote\" with \\ and \xEF\xBF\xBD and <&>", {}},
                             {"src one/α", "", {}},
                             {"reference", "second\nquote", {}}});
  // A NaN attribute is not equal to itself, so the graphs compare as their JSON text.
  CHECK(io::write_json(back) == io::write_json(expected));
  // What came back exactly: a list holding what XML cannot, the attribute named `name`, an id
  // made of markup, a CR LF in a name, a date attribute.
  const auto& attrs = back.entity(back.at("PRK")).attributes();
  REQUIRE(attrs.find("tags") != nullptr);
  CHECK(std::get<value_list>(*attrs.find("tags"))[2] == scalar(std::string("tab\there\x01")));
  CHECK(std::get<value_list>(*attrs.find("tags"))[3] == scalar(std::string("\xEF\xBF\xBE")));
  CHECK(*attrs.find("name") == value(std::string("clash with the fixed key")));
  CHECK(*attrs.find("founded") == value(date(1948, 9, 9)));
  CHECK(back.entity(back.at("a b\"c<d>{e}|f\\g^h`i%j/k?l#m")).name() == "R&D <lab> 'x'\r\nline");
}

TEST_CASE("graphml read: attributes named like fixed keys or starting with _ keep their names") {
  graph g;
  attributes a;
  a.set("name", std::string("official"));
  a.set("_name", std::string("underscored"));
  a.set("__x", std::int64_t{2});
  a.set("kind", std::string("a kind attribute"));
  g.add_entity({"PRK", "State", "North Korea", {}, a, {}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  attributes r;
  r.set("type", std::string("clash"));
  r.set("_sources", value_list{"x"});
  g.add_relation({"PRK", "supports", "RUS", evidence::reported, {}, {}, r});
  check_same(io::read_graphml(io::write_graphml(g)), g);
}

TEST_CASE("graphml read: a key whose values differ in type gives them back as text") {
  graph g;
  attributes a;
  a.set("mixed", std::int64_t{1});
  a.set("when", date(2014));
  a.set("days", value_list{date(2014), date(2024, 6)});
  g.add_entity({"PRK", "State", "North Korea", {}, a, {}});
  attributes b;
  b.set("mixed", 2.5);
  b.set("when", std::string("later"));
  b.set("days", value_list{"soon"});
  g.add_entity({"RUS", "State", "Russia", {}, b, {}});
  auto back = io::read_graphml(io::write_graphml(g));
  const auto& prk = back.entity(0).attributes();
  CHECK(*prk.find("mixed") == value(std::string("1")));
  CHECK(*prk.find("when") == value(std::string("2014")));
  // Lists stay lists; dates among other lists' strings come back as strings.
  CHECK(*prk.find("days") == value(value_list{"2014", "2024-06"}));
  const auto& rus = back.entity(1).attributes();
  CHECK(*rus.find("mixed") == value(std::string("2.5")));
  CHECK(*rus.find("when") == value(std::string("later")));
  CHECK(*rus.find("days") == value(value_list{"soon"}));
}

TEST_CASE("graphml read: a quote holding the separator joins the quotes after it") {
  graph g;
  g.add_source({.id = "a"});
  g.add_source({.id = "b"});
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_relation({"PRK",
                  "supports",
                  "PRK",
                  evidence::reported,
                  {},
                  {{"a", "one | two", {}}, {"b", "three", {}}},
                  {}});
  auto back = io::read_graphml(io::write_graphml(g));
  auto cites = back.citations(0);
  REQUIRE(cites.size() == 2);
  CHECK(cites[0].quote == "one");
  CHECK(cites[1].quote == "two | three");
}

TEST_CASE("graphml read: entente's files are known by their keys when another tool renames them") {
  // As NetworkX writes entente's export back: key ids renumbered, keys it saw no value for gone.
  const char* text = R"(<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d5" for="edge" attr.name="sources" attr.type="string" />
  <key id="d4" for="edge" attr.name="evidence" attr.type="string" />
  <key id="d3" for="edge" attr.name="type" attr.type="string" />
  <key id="d2" for="node" attr.name="_name" attr.type="string" />
  <key id="d1" for="node" attr.name="kind" attr.type="string" />
  <key id="d0" for="node" attr.name="name" attr.type="string" />
  <graph edgedefault="directed">
    <node id="PRK"><data key="d0">North Korea</data><data key="d1">State</data>
      <data key="d2">official</data></node>
    <node id="RUS"><data key="d0">Russia</data><data key="d1">state</data></node>
    <edge source="PRK" target="RUS" id="r0">
      <data key="d3">supplies</data><data key="d4">alleged</data><data key="d5">a | b</data>
    </edge>
  </graph>
</graphml>)";
  auto g = io::read_graphml(text);
  CHECK(g.schema() == schema::geopolitics());
  CHECK(g.entity(1).kind_name() == "State");
  CHECK(*g.entity(0).attributes().find("name") == value(std::string("official")));
  REQUIRE(g.num_relations() == 1);
  CHECK(g.relation(0).type_name() == "supplies");
  CHECK(g.evidence(0) == evidence::alleged);
  REQUIRE(g.sources().size() == 2);
  CHECK(g.sources()[1].id == "b");
  CHECK(g.citations(0).size() == 2);
}

TEST_CASE("graphml read: a schema given in the options is the one entente's files read under") {
  graph g(schema::open());
  g.add_entity({"a", "Thing", "A", {}, {}, {}});
  g.add_entity({"b", "", "B", {}, {}, {}});
  g.add_relation({"a", "touches", "b", evidence::reported, {}, {}, {}});
  const auto text = io::write_graphml(g);
  CHECK_THROWS_WITH_AS(io::read_graphml(text),
                       doctest::Contains("<graphml>: node 'a': unknown kind 'Thing'"), parse_error);
  check_same(io::read_graphml(text, {.schema = g.schema()}), g);
}

// ---- other tools' files ----------------------------------------------------------------------

namespace {

// A MultiDiGraph as NetworkX 2.8 writes it (nx.write_graphml), parallel edges with their keys.
const char* networkx_multigraph = R"(<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="d7" for="edge" attr.name="confirmed" attr.type="boolean" />
  <key id="d6" for="edge" attr.name="weight" attr.type="double" />
  <key id="d5" for="edge" attr.name="item" attr.type="string" />
  <key id="d4" for="edge" attr.name="type" attr.type="string" />
  <key id="d3" for="node" attr.name="nuclear" attr.type="boolean" />
  <key id="d2" for="node" attr.name="gdp" attr.type="double" />
  <key id="d1" for="node" attr.name="population" attr.type="long" />
  <key id="d0" for="node" attr.name="name" attr.type="string" />
  <graph edgedefault="directed">
    <node id="PRK">
      <data key="d0">North Korea</data>
      <data key="d1">25000000</data>
      <data key="d2">0.5</data>
      <data key="d3">True</data>
    </node>
    <node id="RUS">
      <data key="d0">Russia</data>
      <data key="d1">144000000</data>
      <data key="d2">1.25</data>
      <data key="d3">True</data>
    </node>
    <edge source="PRK" target="RUS" id="0">
      <data key="d4">supplies</data>
      <data key="d5">shells</data>
      <data key="d6">3.5</data>
    </edge>
    <edge source="PRK" target="RUS" id="1">
      <data key="d4">supplies</data>
      <data key="d5">missiles</data>
      <data key="d6">1.0</data>
    </edge>
    <edge source="RUS" target="PRK" id="0">
      <data key="d4">supports</data>
      <data key="d7">False</data>
    </edge>
  </graph>
</graphml>
)";

}  // namespace

TEST_CASE("graphml read: NetworkX's multigraph gives typed attributes and parallel relations") {
  auto g = io::read_graphml(networkx_multigraph);
  CHECK(g.schema().is_open());
  REQUIRE(g.num_entities() == 2);
  auto prk = g.entity(0);
  CHECK(prk.id() == "PRK");
  CHECK(prk.name() == "North Korea");
  CHECK(prk.kind_name().empty());
  CHECK(prk.attributes().find("name") == nullptr);  // it is the name
  CHECK(*prk.attributes().find("population") == value(std::int64_t{25'000'000}));
  CHECK(*prk.attributes().find("gdp") == value(0.5));
  CHECK(*prk.attributes().find("nuclear") == value(true));
  REQUIRE(g.num_relations() == 3);
  CHECK(g.relation(0).type_name() == "supplies");
  CHECK(g.relation(1).type_name() == "supplies");
  CHECK(*g.relation_attributes(1).find("item") == value(std::string("missiles")));
  CHECK(*g.relation_attributes(1).find("weight") == value(1.0));
  CHECK(g.relation(2).type_name() == "supports");
  CHECK(g.entity(g.relation(2).from()).id() == "RUS");
  CHECK(*g.relation_attributes(2).find("confirmed") == value(false));
  CHECK(g.relation_attributes(2).find("type") == nullptr);  // it is the type
  CHECK(g.evidence(2) == evidence::reported);
  CHECK(g.sources().empty());
}

TEST_CASE("graphml read: an undirected graph's types are declared symmetric") {
  // nx.write_graphml of an nx.Graph.
  const char* text = R"(<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="edge" attr.name="since" attr.type="long" />
  <graph edgedefault="undirected">
    <node id="a" />
    <node id="b" />
    <node id="c" />
    <edge source="a" target="b">
      <data key="d0">2020</data>
    </edge>
    <edge source="b" target="c" />
  </graph>
</graphml>
)";
  auto g = io::read_graphml(text);
  REQUIRE(g.num_relations() == 2);
  CHECK(g.relation(0).type_name() == "related_to");
  CHECK(g.schema().relation_type_at(g.type(0)).symmetric);
  CHECK(*g.relation_attributes(0).find("since") == value(std::int64_t{2020}));
  // Stored from source to target.
  CHECK(g.entity(g.from(1)).id() == "b");
  CHECK(g.entity(g.to(1)).id() == "c");
}

TEST_CASE("graphml read: directed=\"false\" makes one edge of a directed graph undirected") {
  const char* text = R"(<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="t" for="edge" attr.name="type" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="a"/><node id="b"/>
    <edge source="a" target="b" directed="false"><data key="t">borders</data></edge>
    <edge source="a" target="b"><data key="t">supplies</data></edge>
  </graph>
</graphml>)";
  auto g = io::read_graphml(text);
  CHECK(g.schema().relation_type_at(g.schema().relation_type("borders")).symmetric);
  CHECK_FALSE(g.schema().relation_type_at(g.schema().relation_type("supplies")).symmetric);
}

TEST_CASE("graphml read: a symmetric type of the given schema takes undirected edges") {
  const char* text = R"(<graphml>
  <key id="t" for="edge" attr.name="type"/>
  <key id="k" for="node" attr.name="kind"/>
  <graph edgedefault="undirected">
    <node id="a"><data key="k">State</data></node>
    <node id="b"><data key="k">State</data></node>
    <edge source="a" target="b"><data key="t">allied_with</data></edge>
  </graph>
</graphml>)";
  auto g = io::read_graphml(text, {.schema = schema::geopolitics()});
  CHECK(g.relation(0).type_name() == "allied_with");
}

TEST_CASE("graphml read: a key's default stands in where a node or an edge has no data") {
  const char* text = R"(<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="color" for="node" attr.name="color" attr.type="string"><default>yellow</default></key>
  <key id="size" for="all" attr.name="size" attr.type="int"><default>1</default></key>
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>
  <graph edgedefault="directed">
    <node id="n0"><data key="color">green</data></node>
    <node id="n1"/>
    <edge source="n0" target="n1"><data key="size">7</data></edge>
    <edge source="n1" target="n0"/>
  </graph>
</graphml>)";
  auto g = io::read_graphml(text);
  CHECK(*g.entity(0).attributes().find("color") == value(std::string("green")));
  CHECK(*g.entity(1).attributes().find("color") == value(std::string("yellow")));
  CHECK(*g.entity(1).attributes().find("size") == value(std::int64_t{1}));
  CHECK(*g.relation_attributes(0).find("size") == value(std::int64_t{7}));
  CHECK(*g.relation_attributes(1).find("size") == value(std::int64_t{1}));
  CHECK(g.relation_attributes(1).find("weight") == nullptr);
}

TEST_CASE("graphml read: numbers as other tools spell them") {
  const char* text = R"(<graphml>
  <key id="x" for="node" attr.name="x" attr.type="float"/>
  <key id="n" for="node" attr.name="n" attr.type="long"/>
  <key id="b" for="node" attr.name="b" attr.type="boolean"/>
  <key id="i" for="node" attr.name="i" attr.type="integer"/>
  <graph edgedefault="directed">
    <node id="a"><data key="x">nan</data><data key="n"> +42 </data><data key="b">1</data></node>
    <node id="c"><data key="x">-Infinity</data><data key="n">-9223372036854775808</data>
      <data key="b">FALSE</data></node>
    <node id="d"><data key="x">1e-05</data><data key="b">0</data></node>
    <node id="e"><data key="x">INF</data><data key="i">-3</data></node>
  </graph>
</graphml>)";
  auto g = io::read_graphml(text);
  CHECK(std::isnan(std::get<double>(*g.entity(0).attributes().find("x"))));
  CHECK(*g.entity(0).attributes().find("n") == value(std::int64_t{42}));
  CHECK(*g.entity(0).attributes().find("b") == value(true));
  CHECK(*g.entity(1).attributes().find("x") == value(-std::numeric_limits<double>::infinity()));
  CHECK(*g.entity(1).attributes().find("n") == value(std::numeric_limits<std::int64_t>::min()));
  CHECK(*g.entity(1).attributes().find("b") == value(false));
  CHECK(*g.entity(2).attributes().find("x") == value(1e-05));
  CHECK(*g.entity(3).attributes().find("x") == value(std::numeric_limits<double>::infinity()));
  CHECK(*g.entity(3).attributes().find("i") == value(std::int64_t{-3}));
}

TEST_CASE("graphml read: yEd's node and edge labels name entities and relations") {
  // As yEd 3 saves a small diagram: graphics in yfiles keys, resources at the end.
  const char* text = R"(<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:java="http://www.yworks.com/xml/yfiles-common/1.0/java" xmlns:sys="http://www.yworks.com/xml/yfiles-common/markup/primitives/2.0" xmlns:x="http://www.yworks.com/xml/yfiles-common/markup/2.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:y="http://www.yworks.com/xml/graphml" xmlns:yed="http://www.yworks.com/xml/yed/3" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">
  <!--Created by yEd 3.23.2-->
  <key attr.name="Description" attr.type="string" for="graph" id="d0"/>
  <key for="port" id="d1" yfiles.type="portgraphics"/>
  <key attr.name="url" attr.type="string" for="node" id="d3"/>
  <key attr.name="description" attr.type="string" for="node" id="d4"/>
  <key for="node" id="d5" yfiles.type="nodegraphics"><default><y:ShapeNode/></default></key>
  <key for="graphml" id="d6" yfiles.type="resources"/>
  <key attr.name="description" attr.type="string" for="edge" id="d9"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <graph edgedefault="directed" id="G">
    <data key="d0"/>
    <node id="n0">
      <data key="d4"><![CDATA[Hermit kingdom]]></data>
      <data key="d5">
        <y:ShapeNode>
          <y:Geometry height="30.0" width="30.0" x="10.0" y="20.0"/>
          <y:Fill color="#FFCC00" transparent="false"/>
          <y:BorderStyle color="#000000" raised="false" type="line" width="1.0"/>
          <y:NodeLabel alignment="center" autoSizePolicy="content" hasText="false" visible="true"/>
          <y:NodeLabel alignment="center" autoSizePolicy="content" fontSize="12" visible="true">North Korea<y:LabelModel><y:SmartNodeLabelModel distance="4.0"/></y:LabelModel><y:ModelParameter><y:SmartNodeLabelModelParameter labelRatioX="0.0"/></y:ModelParameter></y:NodeLabel>
          <y:Shape type="rectangle"/>
        </y:ShapeNode>
      </data>
    </node>
    <node id="n1">
      <data key="d5">
        <y:ShapeNode>
          <y:NodeLabel>Russia</y:NodeLabel>
        </y:ShapeNode>
      </data>
    </node>
    <node id="n2"/>
    <edge id="e0" source="n0" target="n1">
      <data key="d9">by train</data>
      <data key="d10">
        <y:PolyLineEdge>
          <y:LineStyle color="#000000" type="line" width="1.0"/>
          <y:Arrows source="none" target="standard"/>
          <y:EdgeLabel alignment="center" distance="2.0">supplies</y:EdgeLabel>
        </y:PolyLineEdge>
      </data>
    </edge>
    <edge id="e1" source="n1" target="n2">
      <data key="d10"><y:PolyLineEdge><y:Arrows source="none" target="standard"/></y:PolyLineEdge></data>
    </edge>
  </graph>
  <data key="d6">
    <y:Resources/>
  </data>
</graphml>
)";
  auto g = io::read_graphml(text);
  REQUIRE(g.num_entities() == 3);
  CHECK(g.entity(0).name() == "North Korea");
  CHECK(*g.entity(0).attributes().find("description") == value(std::string("Hermit kingdom")));
  CHECK(g.entity(0).attributes().size() == 1);
  CHECK(g.entity(1).name() == "Russia");
  CHECK(g.entity(2).name() == "n2");
  REQUIRE(g.num_relations() == 2);
  CHECK(g.relation(0).type_name() == "supplies");
  CHECK(*g.relation_attributes(0).find("description") == value(std::string("by train")));
  CHECK(g.relation(1).type_name() == "related_to");
}

TEST_CASE("graphml read: Gephi's labels are names and its viz elements are skipped") {
  const char* text = R"(<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:viz="http://www.gexf.net/1.2draft/viz">
<key attr.name="label" attr.type="string" for="node" id="label"/>
<key attr.name="Edge Label" attr.type="string" for="edge" id="edgelabel"/>
<key attr.name="weight" attr.type="double" for="edge" id="weight"/>
<key attr.name="r" attr.type="int" for="node" id="r"/>
<key attr.name="x" attr.type="float" for="node" id="x"/>
<key attr.name="Modularity Class" attr.type="int" for="node" id="modularity_class"/>
<graph edgedefault="directed">
<node id="0">
<data key="label">Alice</data>
<data key="r">153</data>
<data key="x">-12.5</data>
<data key="modularity_class">2</data>
<viz:color r="153" g="0" b="0"/><viz:position x="-12.5" y="3.0"/>
</node>
<node id="1">
<data key="label">Bob</data>
</node>
<edge id="0" source="0" target="1">
<data key="edgelabel">knows</data>
<data key="weight">1.0</data>
</edge>
</graph>
</graphml>
)";
  auto g = io::read_graphml(text);
  REQUIRE(g.num_entities() == 2);
  CHECK(g.entity(0).name() == "Alice");
  CHECK(g.entity(0).attributes().find("label") == nullptr);
  CHECK(*g.entity(0).attributes().find("r") == value(std::int64_t{153}));
  CHECK(*g.entity(0).attributes().find("x") == value(-12.5));
  CHECK(*g.entity(0).attributes().find("Modularity Class") == value(std::int64_t{2}));
  CHECK(g.entity(1).name() == "Bob");
  CHECK(g.relation(0).type_name() == "related_to");
  CHECK(*g.relation_attributes(0).find("Edge Label") == value(std::string("knows")));
  CHECK(*g.relation_attributes(0).find("weight") == value(1.0));
}

TEST_CASE("graphml read: Neo4j's labels are kinds and its edge labels types") {
  // As APOC's apoc.export.graphml writes nodes and relationships.
  const char* text = R"(<?xml version='1.0' encoding='UTF-8'?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
<key id="labels" for="node" attr.name="labels"/>
<key id="name" for="node" attr.name="name"/>
<key id="since" for="edge" attr.name="since" attr.type="long"/>
<key id="label" for="edge" attr.name="label"/>
<graph id="G" edgedefault="directed">
<node id="n0" labels=":Person"><data key="labels">:Person</data><data key="name">Kim</data></node>
<node id="n1" labels=":State:Actor"><data key="labels">:State:Actor</data><data key="name">PRK</data></node>
<node id="n2" labels=":person"><data key="labels">:person</data></node>
<edge id="e0" source="n0" target="n1" label="LEADS"><data key="label">LEADS</data><data key="since">2011</data></edge>
</graph>
</graphml>)";
  auto g = io::read_graphml(text);
  CHECK(g.entity(0).kind_name() == "Person");
  CHECK(g.entity(0).attributes().empty());
  CHECK(g.entity(1).kind_name() == "State");
  CHECK(*g.entity(1).attributes().find("labels") == value(std::string(":State:Actor")));
  CHECK(g.entity(2).kind() == g.entity(0).kind());  // kinds match case-insensitively
  CHECK(g.relation(0).type_name() == "LEADS");
  CHECK(*g.relation_attributes(0).find("since") == value(std::int64_t{2011}));
}

TEST_CASE("graphml read: a name key wins over a label key, which stays an attribute") {
  const char* text = R"(<graphml>
  <key id="a" for="node" attr.name="label"/>
  <key id="b" for="node" attr.name="name"/>
  <graph edgedefault="directed">
    <node id="x"><data key="a">shown</data><data key="b">named</data></node>
    <node id="y"><data key="a">only a label</data></node>
  </graph>
</graphml>)";
  auto g = io::read_graphml(text);
  CHECK(g.entity(0).name() == "named");
  CHECK(*g.entity(0).attributes().find("label") == value(std::string("shown")));
  CHECK(g.entity(1).name() == "y");
}

TEST_CASE("graphml read: an edge may come before its nodes, and waits for them") {
  const char* text = R"(<graphml>
  <graph edgedefault="directed">
    <edge id="late" source="a" target="c"/>
    <node id="a"/>
    <edge id="early" source="a" target="a"/>
    <edge id="loop" source="b" target="b"/>
    <node id="b"/>
    <node id="c"/>
  </graph>
</graphml>)";
  auto g = io::read_graphml(text);
  REQUIRE(g.num_relations() == 3);
  // Numbered in the order in which each edge has both nodes.
  CHECK(g.entity(g.to(0)).id() == "a");
  CHECK(g.entity(g.to(1)).id() == "b");
  CHECK(g.entity(g.to(2)).id() == "c");
}

TEST_CASE("graphml read: a document in another encoding reads as UTF-8") {
  const std::string text =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
      "<graphml><key id=\"n\" for=\"node\" attr.name=\"name\"/><graph edgedefault=\"directed\">"
      "<node id=\"z\"><data key=\"n\">Z\xFCrich</data></node></graph></graphml>";
  CHECK(io::read_graphml(text).entity(0).name() == "Z\xC3\xBCrich");
}

// ---- files -----------------------------------------------------------------------------------

TEST_CASE("graphml read: a file streams with progress by bytes and io::load reads it") {
  const auto g = testing::many_relations(500, 20000);
  scratch dir;
  const auto file = dir.path / "large.graphml";
  io::save_graphml(g, file);
  const auto size = fs::file_size(file);
  REQUIRE(size > (std::uintmax_t{1} << 21));
  std::vector<progress_report> calls;
  std::vector<std::string> tasks;
  auto back = io::load_graphml(file, {.progress = [&](const progress_report& p) {
                                 calls.push_back(p);
                                 tasks.emplace_back(p.task);
                               }});
  check_same(back, g);
  REQUIRE(calls.size() > 2);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    CHECK(tasks[i] == "reading large.graphml");
    CHECK(calls[i].total == size);
    if (i > 0) CHECK(calls[i].done >= calls[i - 1].done);
  }
  CHECK(calls.back().done == size);
  check_same(io::load(file), back);
}

TEST_CASE("graphml read: a file that shrinks while it is read is an io_error") {
  scratch dir;
  const auto file = dir.path / "shrinking.graphml";
  io::save_graphml(testing::many_relations(100, 5000), file);
  // The first report of progress comes after the first blocks: the file loses its end then.
  bool cut = false;
  auto shrink = [&](const progress_report&) {
    if (!std::exchange(cut, true)) fs::resize_file(file, 1000);
  };
  CHECK_THROWS_WITH_AS(io::load_graphml(file, {.progress = shrink}),
                       doctest::Contains((file.string() + ": ended early").c_str()), io_error);
}

TEST_CASE("graphml read: a progress callback that throws stops the reading") {
  const auto g = testing::many_relations(100, 5000);
  struct stop {};
  CHECK_THROWS_AS(io::read_graphml(io::write_graphml(g),
                                   {.progress = [](const progress_report&) { throw stop{}; }}),
                  stop);
}

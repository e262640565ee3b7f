// The RDF import, for entente's own vocabulary: round trips of every test graph in both
// syntaxes and both provenance styles, what RDF does not keep, statements in any order, and
// RDF-star's quoted triples on their way past serd. Other RDF and errors are in
// rdf_read_foreign_test.cpp.

#include <entente/io/json.hpp>
#include <entente/io/load.hpp>
#include <entente/io/rdf.hpp>

#include <doctest/doctest.h>

#include "io/rdf_read_testing.hpp"
#include "testing.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using namespace entente;
using testing::as_json;
using testing::rdf_kept;
using testing::rdf_round_trip;
using testing::rdf_styles;
using testing::style_name;

namespace {

/// The lines of `text`.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

/// Every graph of the test data and the bundled knowledge base, with the mode it reads in.
std::vector<std::pair<std::string, graph>> test_graphs() {
  std::vector<std::pair<std::string, graph>> graphs;
  const auto add = [&](const fs::path& file, validation mode = validation::strict) {
    graphs.emplace_back(file.filename().string(), io::load_json(file, mode));
  };
  add(ENTENTE_DATA_DIR "/korea_russia.kg.json");
  add(ENTENTE_TEST_DATA "/small_world.kg.json");
  add(ENTENTE_TEST_DATA "/lists.kg.json");
  add(ENTENTE_TEST_DATA "/unchecked.kg.json", validation::lenient);
  for (const char* name : {"dates", "empty", "empty_open", "open", "routes", "tiny"})
    add(fs::path(ENTENTE_TEST_DATA) / "queries" / (std::string(name) + ".kg.json"));
  add(ENTENTE_TEST_DATA "/../differential/exports/hostile.kg.json");
  return graphs;
}

}  // namespace

TEST_CASE("rdf import: the tiny graph reads back the same from each syntax and style") {
  const graph g = testing::tiny_world();
  for (const auto& style : rdf_styles) {
    CAPTURE(style_name(style));
    CHECK(rdf_round_trip(g, style) == g);
  }
}

TEST_CASE("rdf import: every test graph and the bundled one read back as RDF carries them") {
  for (const auto& named : test_graphs())
    for (const auto& style : rdf_styles) {
      const auto& g = named.second;
      CAPTURE(named.first);
      CAPTURE(style_name(style));
      CHECK(as_json(rdf_round_trip(g, style)) == as_json(rdf_kept(g)));
    }
}

TEST_CASE("rdf import: the bundled graph reads back whole, its external ids included") {
  const graph g = io::load_json(ENTENTE_DATA_DIR "/korea_russia.kg.json");
  std::size_t had = 0;
  for (entity_index e = 0; e < g.num_entities(); ++e) had += g.entity(e).external_ids().size();
  REQUIRE(had > 0);
  for (const auto& style : rdf_styles) {
    CAPTURE(style_name(style));
    CHECK(rdf_round_trip(g, style) == g);
    // Its schema is the geopolitical one, which is also what reads without a schema.
    CHECK(io::read_rdf(io::write_rdf(g, style), {.syntax = style.syntax}) == g);
  }
}

TEST_CASE("rdf import: external ids come back in the graph's order, a system named twice too") {
  graph g;
  g.add_entity({"PRK",
                "State",
                "North Korea",
                {},
                {},
                {{"wikidata", "Q423"},
                 {"a b/c%", "say \"hi\"\n"},
                 {"위키", ""},
                 {"", "none"},
                 {"wikidata", "Q1"},
                 {"wikidata", "Q423"}}});  // repeated exactly: RDF holds the triple once
  g.add_entity({"RUS", "State", "Russia", {}, {}, {{"wikidata", "Q159"}}});
  const std::vector<std::pair<std::string, std::string>> kept = {{"wikidata", "Q423"},
                                                                 {"a b/c%", "say \"hi\"\n"},
                                                                 {"위키", ""},
                                                                 {"", "none"},
                                                                 {"wikidata", "Q1"}};
  REQUIRE(rdf_kept(g).entity(0).external_ids() == kept);
  for (const auto& style : rdf_styles) {
    CAPTURE(style_name(style));
    const graph read = rdf_round_trip(g, style);
    CHECK(read.entity(0).external_ids() == kept);
    CHECK(read == rdf_kept(g));
  }
}

TEST_CASE("rdf import: an external id is a literal's text, on any entity, each once") {
  const std::string text = R"(@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ext: <urn:entente:external/> .
<urn:x:a> ext:wikidata "Q1"@en, "Q1", "5"^^xsd:integer ;
    ext:A "x" ; <urn:entente:external/%41> "x" .
_:b ext:viaf "2" ; ext:wikidata "Q2" .
<urn:x:a> ext:wikidata "Q3" .
)";
  const graph g = io::read_rdf(text);
  REQUIRE(g.num_entities() == 2);
  const std::vector<std::pair<std::string, std::string>> a = {
      {"wikidata", "Q1"}, {"wikidata", "5"}, {"A", "x"}, {"wikidata", "Q3"}};
  CHECK(g.entity(g.at("urn:x:a")).external_ids() == a);
  const std::vector<std::pair<std::string, std::string>> b = {{"viaf", "2"}, {"wikidata", "Q2"}};
  CHECK(g.entity(1).external_ids() == b);
  CHECK(g.entity(0).attributes().empty());
}

TEST_CASE("rdf import: statements in any order make the same relations, in statement order") {
  const graph g = testing::small_world();
  for (const auto& style : {rdf_styles[0], rdf_styles[2]}) {
    CAPTURE(style_name(style));
    auto lines = lines_of(io::write_rdf(g, style));
    std::mt19937 shuffle(7);
    std::shuffle(lines.begin(), lines.end(), shuffle);
    io::rdf_read_options opts{.syntax = io::rdf_syntax::ntriples};
    const graph read = io::read_rdf(joined(lines), opts);
    REQUIRE(read.num_relations() == g.num_relations());
    REQUIRE(read.num_entities() == g.num_entities());
    for (relation_index r = 0; r < g.num_relations(); ++r) {
      const auto a = g.relation(r);
      const auto b = read.relation(r);
      CHECK(read.entity(b.from()).id() == g.entity(a.from()).id());
      CHECK(b.type_name() == a.type_name());
      CHECK(read.entity(b.to()).id() == g.entity(a.to()).id());
      CHECK(b.evidence() == a.evidence());
      CHECK(b.valid() == a.valid());
      CHECK(b.citations().size() == a.citations().size());
    }
    for (entity_index e = 0; e < g.num_entities(); ++e) {
      const auto a = g.entity(e);
      const auto b = read.entity(read.at(a.id()));
      CHECK(b.name() == a.name());
      CHECK(b.kind_name() == a.kind_name());
      CHECK(b.aliases().size() == a.aliases().size());
    }
  }
}

TEST_CASE(
    "rdf import: without a schema, entente's RDF reads under the geopolitical one, extended") {
  const graph g = io::load_json(ENTENTE_TEST_DATA "/../differential/exports/hostile.kg.json");
  const graph read = io::read_rdf(io::write_rdf(g));
  // The extension the graph declared: Armed group under Organization, types "3" and "works with".
  CHECK(read.schema() == g.schema());
  const auto armed = read.schema().find_kind("Armed group");
  REQUIRE(armed);
  CHECK(read.schema().kind_at(*read.schema().kind_at(*armed).parent).name == "Organization");
  CHECK(as_json(read) == as_json(rdf_kept(g)));
}

TEST_CASE("rdf import: kinds the schema lacks come back under the kinds listed with them") {
  graph g;
  g.add_kind({"Armed group", "Organization"});
  g.add_kind({"Militia", "Armed group"});
  g.add_kind({"Region", ""});
  g.add_kind({"Province", "Region"});
  g.add_entity({"wagner", "Armed group", "Wagner Group", {}, {}, {}});
  g.add_entity({"sparta", "Militia", "Sparta Battalion", {}, {}, {}});
  g.add_entity({"donbas", "Province", "Donbas", {}, {}, {}});
  g.add_entity({"east", "Region", "Eastern Europe", {}, {}, {}});
  for (const auto& style : rdf_styles) {
    CAPTURE(style_name(style));
    io::rdf_read_options opts{.syntax = style.syntax};
    const graph read = io::read_rdf(io::write_rdf(g, style), opts);
    CHECK(read.schema() == g.schema());
    CHECK(read == g);
  }
}

TEST_CASE("rdf import: a list reads back as the sorted set of its items, one item as itself") {
  const graph read = rdf_round_trip(testing::list_world(), rdf_styles[0]);
  const auto& a = read.entity(0).attributes();
  CHECK(*a.find("numbers") ==
        value(value_list{std::int64_t{-2}, std::int64_t{1}, std::int64_t{9007199254740993}}));
  CHECK(*a.find("flags") == value(value_list{false, true}));
  CHECK(*a.find("days") == value(value_list{date(2014), date(2023, 9), date(2024, 6, 19)}));
  CHECK(*a.find("single") == value(std::string("one")));
  CHECK(a.find("nothing") == nullptr);
  const auto& items = read.relation(0).attributes();
  CHECK(*items.find("quantities") == value(value_list{std::int64_t{50}, std::int64_t{1000000}}));
  CHECK(items.find("batches") == nullptr);
}

TEST_CASE("rdf import: quoted citations keep their places, unquoted ones fill the places between") {
  graph g;
  for (const char* id : {"a", "b", "c", "d"}) g.add_source({id, "", "", date(), ""});
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  g.add_relation({"PRK",
                  "supplies",
                  "RUS",
                  evidence::reported,
                  {},
                  {{"a", "first", std::nullopt},
                   {"b", "", std::nullopt},
                   {"a", "", std::nullopt},  // a again, unquoted: RDF cannot tell it apart
                   {"c", "", std::nullopt},
                   {"d", "fifth", std::nullopt},
                   {"b", "", std::nullopt}},  // b again
                  {}});
  for (const auto& style : rdf_styles) {
    CAPTURE(style_name(style));
    const graph read = rdf_round_trip(g, style);
    const auto cites = read.relation(0).citations();
    REQUIRE(cites.size() == 4);
    CHECK(cites[0] == citation{0, "first", std::nullopt});
    CHECK(cites[1] == citation{1, "", std::nullopt});
    CHECK(cites[2] == citation{2, "", std::nullopt});
    CHECK(cites[3] == citation{3, "fifth", std::nullopt});
  }
}

TEST_CASE("rdf import: parallel relations stay apart by their statements") {
  const graph g = testing::small_world();
  const graph read = io::read_rdf(io::write_rdf(g), {.schema = g.schema()});
  const auto prk = read.at("PRK");
  const auto supports = read.out_relations(prk, read.schema().relation_type("supports"));
  REQUIRE(supports.size() == 2);
  CHECK(read.evidence(supports[0].relation) == evidence::confirmed);
  CHECK(read.evidence(supports[1].relation) == evidence::alleged);
}

TEST_CASE("rdf import: an asserted triple no statement describes is a reported relation") {
  const std::string text = R"(@prefix entity: <urn:entente:entity/> .
@prefix rel: <urn:entente:relation/> .
@prefix kind: <urn:entente:kind/> .
@prefix stmt: <urn:entente:statement/> .
@prefix ent: <urn:entente:> .
entity:PRK a kind:State ; rel:supports entity:RUS ; rel:supplies entity:RUS .
entity:RUS a kind:State ; rel:aids entity:PRK .
entity:PRK rel:supports entity:RUS .
stmt:0 ent:occurrenceOf << entity:PRK rel:supplies entity:RUS >> ; ent:evidence "confirmed" .
)";
  const graph g = io::read_rdf(text);
  REQUIRE(g.num_relations() == 3);  // the statement first, then the others once each, in order
  CHECK(g.relation(0).type_name() == "supplies");
  CHECK(g.relation(0).evidence() == evidence::confirmed);
  CHECK(g.relation(1).type_name() == "supports");
  CHECK(g.relation(1).evidence() == evidence::reported);
  CHECK(g.relation(2).type_name() == "aids");
  CHECK(g.entity(0).name() == "PRK");  // no label: the id
}

TEST_CASE("rdf import: statements by number first, then those without one in text order") {
  const std::string text = R"(@prefix entity: <urn:entente:entity/> .
@prefix rel: <urn:entente:relation/> .
@prefix kind: <urn:entente:kind/> .
@prefix stmt: <urn:entente:statement/> .
@prefix ent: <urn:entente:> .
entity:a a kind:State . entity:b a kind:State .
stmt:named ent:occurrenceOf << entity:a rel:aids entity:b >> .
stmt:10 ent:occurrenceOf << entity:a rel:supports entity:b >> .
stmt:2 ent:occurrenceOf << entity:a rel:sanctions entity:b >> .
stmt:007 ent:occurrenceOf << entity:a rel:condemns entity:b >> .
)";
  const graph g = io::read_rdf(text);
  REQUIRE(g.num_relations() == 4);
  CHECK(g.relation(0).type_name() == "sanctions");
  CHECK(g.relation(1).type_name() == "supports");
  CHECK(g.relation(2).type_name() == "aids");  // "named" and "007" are no numbers
  CHECK(g.relation(3).type_name() == "condemns");
}

TEST_CASE("rdf import: a graph written under another base reads back under that base") {
  graph g = testing::small_world();
  g.set_external_id(g.at("PRK"), "wikidata", "Q423");
  io::rdf_options style{.syntax = io::rdf_syntax::ntriples, .base = "http://example.org/kg/"};
  CHECK(rdf_round_trip(g, style) == g);
  // Under the default base the same text is other RDF: ids are IRIs, kinds and types local names,
  // and an external id an attribute.
  const graph foreign = io::read_rdf(io::write_rdf(g, style), {.syntax = style.syntax});
  CHECK(foreign.schema().is_open());
  const auto prk = foreign.find_id("http://example.org/kg/entity/PRK");
  REQUIRE(prk);
  CHECK(foreign.entity(*prk).external_ids().empty());
  CHECK(*foreign.entity(*prk).attributes().find("wikidata") == value(std::string("Q423")));
  CHECK(foreign.find_id("http://example.org/kg/statement/0"));
}

// ---- RDF-star --------------------------------------------------------------------------------

namespace {

const std::string star_prefixes = R"(@prefix entity: <urn:entente:entity/> .
@prefix rel: <urn:entente:relation/> .
@prefix kind: <urn:entente:kind/> .
@prefix stmt: <urn:entente:statement/> .
@prefix ent: <urn:entente:> .
entity:a a kind:State . entity:b a kind:State .
)";  // six lines

/// The message of the parse_error that reading `text` throws, and its place.
std::string parse_failure(const std::string& text, io::rdf_syntax syntax = io::rdf_syntax::turtle) {
  try {
    (void)io::read_rdf(text, {.origin = "star.ttl", .syntax = syntax});
  } catch (const parse_error& e) {
    return e.what();
  }
  return "(no parse_error)";
}

}  // namespace

TEST_CASE("rdf import: a quoted triple may span lines and use prefixes, `a`, escapes and @base") {
  const std::string text = R"(@base <http://example.org/kg/> .
@prefix e: <http://example.org/kg/entity/> .
@prefix r: <http://example.org/kg/relation/> .
e:a a <kind/State> . e:b\.c a <kind/State> .
<statement/0> <occurrenceOf> <<
    e:a   # a comment inside
    r:supports
    <entity/b.c> >> ;
  <evidence> "confirmed" .
<statement/1> <occurrenceOf> <<<entity/\u0062.c><relation/sanctions><http://example.org/kg/entity/a>>> .
<statement/2> <occurrenceOf> << e:a a e:b\.c >> .
)";
  const graph g = io::read_rdf(text, {.base = "http://example.org/kg/"});
  REQUIRE(g.num_relations() == 3);
  CHECK(g.entity(g.relation(0).from()).id() == "a");
  CHECK(g.relation(0).type_name() == "supports");
  CHECK(g.entity(g.relation(0).to()).id() == "b.c");
  CHECK(g.relation(0).evidence() == evidence::confirmed);
  CHECK(g.entity(g.relation(1).from()).id() == "b.c");
  CHECK(g.relation(1).type_name() == "sanctions");
  CHECK(g.relation(2).type_name() == "type");  // `a` is rdf:type, whose local name names it
}

TEST_CASE("rdf import: `<<` in strings, long strings, comments and IRIs is only text") {
  const std::string text = star_prefixes + R"(# << entity:a rel:aids entity:b >>
entity:a <urn:x:p> "<< entity:a rel:aids entity:b >>", '<<', "\"<<\"" ;
  <urn:x:q> """a "quoted" << long
>> string""", '''<<''', "" ;
  <urn:x:r> <urn:x:a%3C%3Cb> .
stmt:0 ent:occurrenceOf << entity:a rel:aids entity:b >> .
)";
  const graph g = io::read_rdf(text);
  REQUIRE(g.num_relations() == 2);  // aids, and r to the IRI that holds `<<` escaped
  CHECK(g.relation(0).type_name() == "aids");
  const auto& attrs = g.entity(0).attributes();
  CHECK(*attrs.find("p") == value(value_list{"\"<<\"", "<<", "<< entity:a rel:aids entity:b >>"}));
  CHECK(*attrs.find("q") == value(value_list{"", "<<", "a \"quoted\" << long\n>> string"}));
}

TEST_CASE("rdf import: positions after a quoted triple are those of the text as written") {
  CHECK(parse_failure(star_prefixes +
                      "stmt:0 ent:occurrenceOf << entity:a rel:aids entity:b >> ; !") ==
        "star.ttl: bad verb (line 7, column 60)");
  CHECK(parse_failure(star_prefixes +
                      "stmt:0 ent:occurrenceOf <<\n entity:a rel:aids\n entity:b >> !") ==
        "star.ttl: missing ';' or '.' (line 9, column 14)");
}

TEST_CASE("rdf import: a quoted triple anywhere but a statement's occurrenceOf is a parse_error") {
  CHECK(parse_failure(star_prefixes + "<< entity:a rel:aids entity:b >> ent:x entity:a .") ==
        "star.ttl: a quoted triple is read only as the object of a statement's occurrenceOf "
        "(line 7, column 1)");
  CHECK(parse_failure(star_prefixes + "entity:a <urn:x:says> << entity:a rel:aids entity:b >> .") ==
        "star.ttl: a quoted triple is read only as the object of a statement's "
        "<urn:entente:occurrenceOf> (line 7, column 23)");
}

TEST_CASE("rdf import: a quoted triple of a literal, a blank node or a quoted triple is refused") {
  const std::string head = star_prefixes + "stmt:0 ent:occurrenceOf << entity:a ";
  CHECK(parse_failure(head + "rel:aids \"x\" >> .") ==
        "star.ttl: a quoted triple is read when it holds three IRIs (in brackets or prefixed "
        "names), not a literal (line 7, column 46)");
  CHECK(parse_failure(head + "rel:aids 42 >> .") ==
        "star.ttl: a quoted triple is read when it holds three IRIs (in brackets or prefixed "
        "names), not a literal (line 7, column 46)");
  CHECK(parse_failure(head + "rel:aids true >> .") ==
        "star.ttl: a quoted triple is read when it holds three IRIs (in brackets or prefixed "
        "names), not a literal (line 7, column 46)");
  CHECK(parse_failure(head + "rel:aids _:x >> .") ==
        "star.ttl: a quoted triple is read when it holds three IRIs (in brackets or prefixed "
        "names), not a blank node (line 7, column 46)");
  CHECK(parse_failure(head + "rel:aids << entity:a rel:aids entity:b >> >> .") ==
        "star.ttl: a quoted triple inside a quoted triple is not read (only three IRIs are) "
        "(line 7, column 46)");
  CHECK(parse_failure(head + "rel:aids entity:b entity:c >> .") ==
        "star.ttl: expected `>>` after the three terms of a quoted triple (line 7, column 55)");
  CHECK(parse_failure(head + "rel:aids <urn:a b> >> .") ==
        "star.ttl: an IRI cannot hold the character ` ` (line 7, column 52)");
  CHECK(parse_failure(head + "rel:aids <urn:\\u00> >> .") ==
        "star.ttl: a bad escape in an IRI (`\\uXXXX` or `\\UXXXXXXXX` of a character) "
        "(line 7, column 51)");
  CHECK(parse_failure(head + "rel:aids nope:b >> .") ==
        "star.ttl: undefined prefix in `nope:b` (line 7, column 25)");
}

TEST_CASE("rdf import: in N-Triples a quoted triple holds IRIs in brackets only") {
  const std::string described =
      "<urn:entente:entity/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
      "<urn:entente:kind/State> .\n"
      "<urn:entente:entity/b> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
      "<urn:entente:kind/State> .\n";
  const std::string head =
      "<urn:entente:statement/0> <urn:entente:occurrenceOf> << <urn:entente:entity/a> ";
  CHECK(parse_failure(head + "a <urn:entente:entity/b> >> .", io::rdf_syntax::ntriples) ==
        "star.ttl: a quoted triple is read when it holds three IRIs in brackets (line 1, "
        "column 80)");
  const graph g =
      io::read_rdf(described + head + "<urn:entente:relation/aids> <urn:entente:entity/b> >> .\n",
                   {.syntax = io::rdf_syntax::ntriples});
  CHECK(g.num_relations() == 1);
}

TEST_CASE("rdf import: a quoted triple that does not end is a parse_error, however long") {
  const std::string head = star_prefixes + "stmt:0 ent:occurrenceOf << entity:a rel:aids ";
  CHECK(parse_failure(head + "entity:b") ==
        "star.ttl: the text ends inside a quoted triple (line 7, column 53)");
  CHECK(parse_failure(head + "<urn:x:" + std::string(70000, 'y') + "> >> .") ==
        "star.ttl: a quoted triple longer than 65536 bytes (line 7, column 25)");
}

TEST_CASE("rdf import: the blank node label the rewrite uses is reserved") {
  CHECK(parse_failure(star_prefixes + "entity:a <urn:x:p> _:entente-quoted-0 .") ==
        "star.ttl: the blank node label `_:entente-quoted-…` is reserved for the quoted triples "
        "the reader rewrites (line 7, column 20)");
  // Inside a prefixed name it is no label.
  const graph g = io::read_rdf(star_prefixes + "entity:a_:entente-quoted-0 a kind:State .");
  CHECK(g.find_id("a_:entente-quoted-0"));
}

TEST_CASE("rdf import: a large RDF-star file streams through, quoted triples across blocks") {
  const graph g = testing::many_relations(500, 20000);
  testing::scratch dir;
  for (const auto& style : {rdf_styles[2], rdf_styles[3]}) {
    CAPTURE(style_name(style));
    const fs::path file =
        dir.path / (style.syntax == io::rdf_syntax::turtle ? "many.ttl" : "many.nt");
    io::save_rdf(g, file, style);
    REQUIRE(fs::file_size(file) > (std::uintmax_t{1} << 21));  // many blocks of 256 KiB
    CHECK(io::load_rdf(file) == g);
  }
}

TEST_CASE("rdf import: a derivation without a quote counts as the source derived from") {
  const std::string text = R"(@prefix entity: <urn:entente:entity/> .
@prefix rel: <urn:entente:relation/> .
@prefix kind: <urn:entente:kind/> .
@prefix stmt: <urn:entente:statement/> .
@prefix source: <urn:entente:source/> .
@prefix cit: <urn:entente:citation/> .
@prefix ent: <urn:entente:> .
@prefix prov: <http://www.w3.org/ns/prov#> .
entity:a a kind:State . entity:b a kind:State .
source:s a prov:Entity . source:t a prov:Entity .
stmt:0 ent:occurrenceOf << entity:a rel:aids entity:b >> ;
  prov:qualifiedDerivation cit:0-0, cit:0-1, cit:0-2 .
cit:0-0 prov:entity source:s .
cit:0-1 prov:entity source:s ; ent:quote "said" .
cit:0-2 prov:entity source:t ; ent:quote "" .
)";
  const graph g = io::read_rdf(text);
  const auto cites = g.relation(0).citations();
  REQUIRE(cites.size() == 2);
  CHECK(cites[0] == citation{1, "", std::nullopt});  // t, in the place before the quote
  CHECK(cites[1] == citation{0, "said", std::nullopt});
  // What it reads writes and reads back the same.
  CHECK(io::read_rdf(io::write_rdf(g), {.schema = g.schema()}) == g);
}

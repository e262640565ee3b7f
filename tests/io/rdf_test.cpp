#include <entente/io/rdf.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace entente;
using testing::contains;
using testing::count;
using testing::scratch;

namespace {

const io::rdf_options ntriples{.syntax = io::rdf_syntax::ntriples};
const io::rdf_options turtle{.syntax = io::rdf_syntax::turtle};
const io::rdf_options star_ntriples{.syntax = io::rdf_syntax::ntriples,
                                    .provenance = io::rdf_provenance::rdf_star};
const io::rdf_options star_turtle{.syntax = io::rdf_syntax::turtle,
                                  .provenance = io::rdf_provenance::rdf_star};

const std::string tiny_ntriples =
    R"(<urn:entente:source/article-a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/prov#Entity> .
<urn:entente:source/article-a> <http://purl.org/dc/terms/title> "North Korea backs Russia" .
<urn:entente:source/article-a> <http://purl.org/dc/terms/publisher> "Example Daily" .
<urn:entente:source/article-a> <http://purl.org/dc/terms/issued> "2024-07"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
<urn:entente:source/article-a> <http://purl.org/dc/terms/identifier> "https://example.org/a?x=1"^^<http://www.w3.org/2001/XMLSchema#anyURI> .
<urn:entente:entity/PRK> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:entente:kind/State> .
<urn:entente:entity/PRK> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:entente:kind/Actor> .
<urn:entente:entity/PRK> <http://www.w3.org/2000/01/rdf-schema#label> "North Korea" .
<urn:entente:entity/PRK> <http://www.w3.org/2004/02/skos/core#altLabel> "DPRK" .
<urn:entente:entity/PRK> <http://www.w3.org/2004/02/skos/core#altLabel> "북한" .
<urn:entente:entity/PRK> <urn:entente:attribute/capital> "Pyongyang" .
<urn:entente:entity/RUS> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:entente:kind/State> .
<urn:entente:entity/RUS> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:entente:kind/Actor> .
<urn:entente:entity/RUS> <http://www.w3.org/2000/01/rdf-schema#label> "Russia" .
<urn:entente:entity/PRK> <urn:entente:relation/supplies> <urn:entente:entity/RUS> .
<urn:entente:statement/0> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement> .
<urn:entente:statement/0> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <urn:entente:entity/PRK> .
<urn:entente:statement/0> <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <urn:entente:relation/supplies> .
<urn:entente:statement/0> <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> <urn:entente:entity/RUS> .
<urn:entente:statement/0> <urn:entente:evidence> "alleged" .
<urn:entente:statement/0> <urn:entente:since> "2023-09"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .
<urn:entente:statement/0> <urn:entente:until> "2024"^^<http://www.w3.org/2001/XMLSchema#gYear> .
<urn:entente:statement/0> <http://www.w3.org/ns/prov#wasDerivedFrom> <urn:entente:source/article-a> .
<urn:entente:statement/0> <http://www.w3.org/ns/prov#qualifiedDerivation> <urn:entente:citation/0-0> .
<urn:entente:statement/0> <urn:entente:attribute/item> "artillery-shells" .
<urn:entente:citation/0-0> <http://www.w3.org/ns/prov#entity> <urn:entente:source/article-a> .
<urn:entente:citation/0-0> <urn:entente:quote> "shells by the million" .
)";

const std::string prefixes = R"(@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ent: <urn:entente:> .
@prefix entity: <urn:entente:entity/> .
@prefix kind: <urn:entente:kind/> .
@prefix rel: <urn:entente:relation/> .
@prefix attr: <urn:entente:attribute/> .
@prefix ext: <urn:entente:external/> .
@prefix source: <urn:entente:source/> .
@prefix stmt: <urn:entente:statement/> .
@prefix cit: <urn:entente:citation/> .
)";

// What the tiny graph's Turtle says before its relation, in either provenance style.
const std::string tiny_turtle_head = prefixes + R"(
source:article-a a prov:Entity ;
    dcterms:title "North Korea backs Russia" ;
    dcterms:publisher "Example Daily" ;
    dcterms:issued "2024-07"^^xsd:gYearMonth ;
    dcterms:identifier "https://example.org/a?x=1"^^xsd:anyURI .

entity:PRK a kind:State, kind:Actor ;
    rdfs:label "North Korea" ;
    skos:altLabel "DPRK", "북한" ;
    attr:capital "Pyongyang" .

entity:RUS a kind:State, kind:Actor ;
    rdfs:label "Russia" .

entity:PRK rel:supplies entity:RUS .
)";

const std::string tiny_provenance = R"(    ent:evidence "alleged" ;
    ent:since "2023-09"^^xsd:gYearMonth ;
    ent:until "2024"^^xsd:gYear ;
    prov:wasDerivedFrom source:article-a ;
    prov:qualifiedDerivation cit:0-0 ;
    attr:item "artillery-shells" .

cit:0-0 prov:entity source:article-a ;
    ent:quote "shells by the million" .
)";

/// A graph of one entity with id `id` and name `name`.
graph one(const std::string& id, const std::string& name = "x") {
  graph g;
  g.add_entity({id, "State", name, {}, {}, {}});
  return g;
}

}  // namespace

TEST_CASE("rdf: a tiny graph is written exactly as N-Triples") {
  CHECK(io::write_rdf(testing::tiny_world(), ntriples) == tiny_ntriples);
}

TEST_CASE("rdf: a tiny graph is written exactly as Turtle, which is the default") {
  const std::string expected = tiny_turtle_head + R"(
stmt:0 a rdf:Statement ;
    rdf:subject entity:PRK ;
    rdf:predicate rel:supplies ;
    rdf:object entity:RUS ;
)" + tiny_provenance;
  CHECK(io::write_rdf(testing::tiny_world(), turtle) == expected);
  CHECK(io::write_rdf(testing::tiny_world()) == expected);
}

TEST_CASE("rdf: RDF-star points each statement at its quoted triple") {
  CHECK(io::write_rdf(testing::tiny_world(), star_turtle) == tiny_turtle_head + R"(
stmt:0 ent:occurrenceOf << entity:PRK rel:supplies entity:RUS >> ;
)" + tiny_provenance);

  auto text = io::write_rdf(testing::tiny_world(), star_ntriples);
  CHECK(contains(text,
                 "<urn:entente:statement/0> <urn:entente:occurrenceOf> << <urn:entente:entity/PRK> "
                 "<urn:entente:relation/supplies> <urn:entente:entity/RUS> >> .\n"
                 "<urn:entente:statement/0> <urn:entente:evidence> \"alleged\" .\n"));
  CHECK_FALSE(contains(text, "Statement"));
  CHECK_FALSE(contains(text, "#subject"));
  // Everything else is the same as with reification.
  auto reified = io::write_rdf(testing::tiny_world(), ntriples);
  CHECK(count(text, "\n") == count(reified, "\n") - 3);
}

TEST_CASE("rdf: ids are percent-encoded where an IRI segment cannot hold them") {
  auto text = io::write_rdf(one("a b\"c<d>{e}|f\\g^h`i%j/k?l#m"), ntriples);
  CHECK(contains(text,
                 "<urn:entente:entity/a%20b%22c%3Cd%3E%7Be%7D%7Cf%5Cg%5Eh%60i%25j%2Fk%3Fl%23m> "));
  // Sub-delimiters, `:` and `@` are allowed in a segment; control characters are not.
  CHECK(contains(io::write_rdf(one("O'Brien(UK)+co,ltd;a=b!$&*:@~"), ntriples),
                 "<urn:entente:entity/O'Brien(UK)+co,ltd;a=b!$&*:@~> "));
  CHECK(contains(io::write_rdf(one("tab\there\x01\x7F"), ntriples),
                 "<urn:entente:entity/tab%09here%01%7F> "));
}

TEST_CASE("rdf: non-ASCII letters stay UTF-8 in IRIs, other characters are encoded") {
  CHECK(contains(io::write_rdf(one("Ким-Чен-Ын"), ntriples), "<urn:entente:entity/Ким-Чен-Ын> "));
  CHECK(contains(io::write_rdf(one("김정은"), ntriples), "<urn:entente:entity/김정은> "));
  // A byte that is not UTF-8, a C1 control and a private-use character are encoded byte by byte.
  CHECK(contains(io::write_rdf(one("a\xFF"
                                   "b\xC2\x85"
                                   "c\xEE\x80\x80"),
                               ntriples),
                 "<urn:entente:entity/a%FFb%C2%85c%EE%80%80> "));
}

TEST_CASE("rdf: Turtle uses a prefixed name only where the local name is valid") {
  auto spelled = [](const std::string& id) {
    auto text = io::write_rdf(one(id), turtle);
    return text.substr(text.find("\n\n") + 2, text.find(" a kind:State") - text.find("\n\n") - 2);
  };
  CHECK(spelled("PRK") == "entity:PRK");
  CHECK(spelled("kim-jong-un") == "entity:kim-jong-un");
  CHECK(spelled("1st_army") == "entity:1st_army");
  CHECK(spelled("a.b:c") == "entity:a.b:c");
  CHECK(spelled("Ким") == "entity:Ким");
  CHECK(spelled("김정은") == "entity:김정은");
  CHECK(spelled("a b") == "entity:a%20b");  // a percent escape is a valid part of a local name
  CHECK(spelled("U.S.") == "<urn:entente:entity/U.S.>");  // may not end with a dot
  CHECK(spelled("-x") == "<urn:entente:entity/-x>");      // may not start with a hyphen
  CHECK(spelled(".x") == "<urn:entente:entity/.x>");
  CHECK(spelled("O'Brien") == "<urn:entente:entity/O'Brien>");
  CHECK(spelled("a~b") == "<urn:entente:entity/a~b>");
  CHECK(spelled("«x»") == "<urn:entente:entity/«x»>");  // in an IRI, but not in a local name
}

TEST_CASE("rdf: kinds list every ancestor and are encoded like ids") {
  graph g;
  g.add_kind({"Armed group", "Organization"});
  g.add_entity({"wagner", "Armed group", "Wagner Group", {}, {}, {}});
  CHECK(contains(io::write_rdf(g, turtle),
                 "entity:wagner a kind:Armed%20group, kind:Organization, kind:Actor ;\n"));
  CHECK(contains(io::write_rdf(testing::small_world(), turtle),
                 "entity:artillery-shells a kind:Item ;\n"));
}

TEST_CASE("rdf: literals escape quotes, backslashes and control characters") {
  auto text = io::write_rdf(one("x", "say \"hi\" \\ now\nnext\r\tx\x01y\x1Fz\x7F"), ntriples);
  CHECK(contains(text,
                 "<http://www.w3.org/2000/01/rdf-schema#label> "
                 "\"say \\\"hi\\\" \\\\ now\\nnext\\r\\tx\\u0001y\\u001Fz\\u007F\" .\n"));
  auto ttl = io::write_rdf(one("x", "a\"b\nc"), turtle);
  CHECK(contains(ttl, "rdfs:label \"a\\\"b\\nc\" .\n"));
}

TEST_CASE("rdf: names in any script survive as UTF-8 literals, bytes that are not UTF-8 do not") {
  graph g;
  g.add_entity({"PRK",
                "State",
                "조선민주주의인민공화국",
                {"Корейская Народно-Демократическая Республика", "朝鮮", "ایران"},
                {},
                {}});
  auto text = io::write_rdf(g, turtle);
  CHECK(contains(text, "rdfs:label \"조선민주주의인민공화국\" ;\n"));
  CHECK(contains(text,
                 "skos:altLabel \"Корейская Народно-Демократическая Республика\", "
                 "\"朝鮮\", \"ایران\" .\n"));
  CHECK(contains(io::write_rdf(one("x",
                                   "a\xFF"
                                   "b\xE2\x82"),
                               ntriples),
                 "\"a\xEF\xBF\xBD"
                 "b\xEF\xBF\xBD\xEF\xBF\xBD\" .\n"));  // one for each byte
}

TEST_CASE("rdf: parallel relations keep their own statements, the triple is asserted once") {
  auto text = io::write_rdf(testing::small_world(), ntriples);
  CHECK(count(text,
              "<urn:entente:entity/PRK> <urn:entente:relation/supports> "
              "<urn:entente:entity/RUS> .\n") == 1);
  CHECK(count(text,
              "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> "
              "<urn:entente:entity/PRK> .\n") == 3);  // supports twice, supplies
  CHECK(contains(text, "<urn:entente:statement/2> <urn:entente:evidence> \"confirmed\" .\n"));
  CHECK(contains(text, "<urn:entente:statement/3> <urn:entente:evidence> \"alleged\" .\n"));
  CHECK(contains(text,
                 "<urn:entente:statement/2> <http://www.w3.org/ns/prov#wasDerivedFrom> "
                 "<urn:entente:source/article-a> .\n"));
  CHECK(contains(text,
                 "<urn:entente:statement/3> <http://www.w3.org/ns/prov#wasDerivedFrom> "
                 "<urn:entente:source/article-b> .\n"));
  CHECK(count(text, "#Statement> .\n") == 14);
}

TEST_CASE("rdf: a source cited twice is derived from once, each quote tied to it") {
  graph g = testing::tiny_world();
  g.add_citation(0, citation_spec{"article-a", "", std::nullopt});
  g.add_citation(0, citation_spec{"article-a", "a second quote", std::nullopt});
  auto text = io::write_rdf(g, turtle);
  CHECK(contains(text,
                 "    prov:wasDerivedFrom source:article-a ;\n"
                 "    prov:qualifiedDerivation cit:0-0, cit:0-2 ;\n"));
  CHECK(contains(text,
                 "cit:0-2 prov:entity source:article-a ;\n"
                 "    ent:quote \"a second quote\" .\n"));
  CHECK_FALSE(contains(text, "cit:0-1"));
}

TEST_CASE("rdf: attribute values become typed literals") {
  graph g;
  attributes a;
  a.set("population", std::int64_t{-25'000'000});
  a.set("growth", 0.5);
  a.set("huge", 1e300);
  a.set("nan", std::numeric_limits<double>::quiet_NaN());
  a.set("inf", -std::numeric_limits<double>::infinity());
  a.set("nuclear", true);
  a.set("founded", date(1948, 9, 9));
  a.set("month", date(1948, 9));
  a.set("year", date(1948));
  a.set("unset", date());
  a.set("nothing", value{});
  a.set("capital", std::string("Pyongyang"));
  g.add_entity({"PRK", "State", "North Korea", {}, a, {}});
  auto text = io::write_rdf(g, turtle);
  CHECK(contains(text, R"(    rdfs:label "North Korea" ;
    attr:capital "Pyongyang" ;
    attr:founded "1948-09-09"^^xsd:date ;
    attr:growth "0.5"^^xsd:double ;
    attr:huge "1e+300"^^xsd:double ;
    attr:inf "-INF"^^xsd:double ;
    attr:month "1948-09"^^xsd:gYearMonth ;
    attr:nan "NaN"^^xsd:double ;
    attr:nuclear "true"^^xsd:boolean ;
    attr:population "-25000000"^^xsd:long ;
    attr:year "1948"^^xsd:gYear .
)"));
  CHECK_FALSE(contains(text, "attr:unset"));
  CHECK_FALSE(contains(text, "attr:nothing"));
}

TEST_CASE("rdf: a list attribute gives one triple per item, an empty list none") {
  graph g;
  attributes a;
  a.set("tags", value_list{"b", "a", "b"});
  a.set("days", value_list{date(2014), date(2024, 6, 19)});
  a.set("none", value_list{});
  g.add_entity({"PRK", "State", "North Korea", {}, a, {}});
  auto text = io::write_rdf(g, turtle);
  CHECK(contains(text, R"(    rdfs:label "North Korea" ;
    attr:days "2014"^^xsd:gYear, "2024-06-19"^^xsd:date ;
    attr:tags "b", "a", "b" .
)"));
  CHECK_FALSE(contains(text, "attr:none"));
  auto nt = io::write_rdf(g, {.syntax = io::rdf_syntax::ntriples});
  CHECK(testing::count(nt, "<urn:entente:attribute/tags>") == 3);
}

TEST_CASE("rdf: external ids follow the aliases in the graph's order, a repeat written once") {
  graph g;
  g.add_entity({"PRK",
                "State",
                "North Korea",
                {"DPRK"},
                {},
                {{"wikidata", "Q423"}, {"viaf", "1"}, {"wikidata", "Q1"}, {"wikidata", "Q423"}}});
  CHECK(io::write_rdf(g, turtle) == prefixes + R"(
entity:PRK a kind:State, kind:Actor ;
    rdfs:label "North Korea" ;
    skos:altLabel "DPRK" ;
    ext:wikidata "Q423" ;
    ext:viaf "1" ;
    ext:wikidata "Q1" .
)");
  CHECK(
      io::write_rdf(g, ntriples) ==
      R"(<urn:entente:entity/PRK> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:entente:kind/State> .
<urn:entente:entity/PRK> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:entente:kind/Actor> .
<urn:entente:entity/PRK> <http://www.w3.org/2000/01/rdf-schema#label> "North Korea" .
<urn:entente:entity/PRK> <http://www.w3.org/2004/02/skos/core#altLabel> "DPRK" .
<urn:entente:entity/PRK> <urn:entente:external/wikidata> "Q423" .
<urn:entente:entity/PRK> <urn:entente:external/viaf> "1" .
<urn:entente:entity/PRK> <urn:entente:external/wikidata> "Q1" .
)");
}

TEST_CASE("rdf: external id systems are encoded like keys, ids escaped like literals") {
  graph g;
  g.add_entity({"x",
                "State",
                "x",
                {},
                {},
                {{"a b/c%", "say \"hi\"\n"}, {"위키", ""}, {"O'x", "1"}, {"", "none"}}});
  g.set_attribute(0, "a b", std::string("v"));  // external ids come before attributes
  CHECK(contains(io::write_rdf(g, turtle), R"(    rdfs:label "x" ;
    ext:a%20b%2Fc%25 "say \"hi\"\n" ;
    ext:위키 "" ;
    <urn:entente:external/O'x> "1" ;
    ext: "none" ;
    attr:a%20b "v" .
)"));
  CHECK(contains(io::write_rdf(g, ntriples),
                 "<urn:entente:entity/x> <urn:entente:external/a%20b%2Fc%25> "
                 "\"say \\\"hi\\\"\\n\" .\n"));
}

TEST_CASE("rdf: a source without details is only a prov:Entity") {
  auto text = io::write_rdf(testing::small_world(), turtle);
  CHECK(contains(text,
                 "\nsource:reference a prov:Entity ;\n"
                 "    dcterms:title \"General reference\" .\n"));
  graph g;
  g.add_source({"bare", "", "", date(), ""});
  CHECK(io::write_rdf(g, turtle) == prefixes + "\nsource:bare a prov:Entity .\n");
}

TEST_CASE("rdf: an empty graph is empty N-Triples and Turtle with only prefixes") {
  CHECK(io::write_rdf(graph(), ntriples).empty());
  CHECK(io::write_rdf(graph(), turtle) == prefixes);
}

TEST_CASE("rdf: every IRI starts with the base given") {
  io::rdf_options opts = ntriples;
  opts.base = "http://example.org/kg/";
  auto text = io::write_rdf(testing::tiny_world(), opts);
  CHECK(contains(text,
                 "<http://example.org/kg/statement/0> <http://example.org/kg/evidence> "
                 "\"alleged\" .\n"));
  CHECK_FALSE(contains(text, "urn:entente"));
  opts.syntax = io::rdf_syntax::turtle;
  CHECK(contains(io::write_rdf(testing::tiny_world(), opts),
                 "@prefix entity: <http://example.org/kg/entity/> .\n"));
}

TEST_CASE("rdf: a base that is not an absolute IRI is an io_error") {
  for (std::string base : {"", "entity/", ":x", "1urn:x", "urn:a b/", "urn:<x>", "http://x/\"y\"",
                           "urn:x{", "urn:x\\", "urn:\n"}) {
    io::rdf_options opts;
    opts.base = base;
    CHECK_THROWS_AS_MESSAGE(io::write_rdf(testing::tiny_world(), opts), io_error, base);
  }
  io::rdf_options opts;
  opts.base = "urn:a b/";
  CHECK_THROWS_WITH(io::write_rdf(testing::tiny_world(), opts),
                    "rdf: the base \"urn:a b/\" is not an absolute IRI that N-Triples and Turtle "
                    "can hold");
}

TEST_CASE("rdf: the same graph gives the same bytes") {
  for (const auto& opts : {ntriples, turtle, star_ntriples, star_turtle})
    CHECK(io::write_rdf(testing::small_world(), opts) ==
          io::write_rdf(testing::small_world(), opts));
  graph a = testing::tiny_world();
  graph b = testing::tiny_world();
  a.set_attribute(0, "zone", std::string("z"));
  a.set_attribute(0, "area", std::int64_t{1});
  b.set_attribute(0, "area", std::int64_t{1});
  b.set_attribute(0, "zone", std::string("z"));
  CHECK(io::write_rdf(a) == io::write_rdf(b));
}

TEST_CASE("rdf: save writes the text atomically in the syntax asked for") {
  scratch dir;
  const auto file = dir.path / "world.nt";
  std::ofstream(file) << "old";
  io::save_rdf(testing::tiny_world(), file, ntriples);
  CHECK(testing::read_file(file) == tiny_ntriples);
  io::save_rdf(testing::tiny_world(), dir.path / "world.ttl");
  CHECK(testing::read_file(dir.path / "world.ttl") == io::write_rdf(testing::tiny_world(), turtle));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 2);
}

TEST_CASE("rdf: saving into a missing folder is an io_error naming the file") {
  scratch dir;
  const auto file = dir.path / "missing" / "world.ttl";
  CHECK_THROWS_WITH_AS(io::save_rdf(testing::tiny_world(), file),
                       doctest::Contains((file.string() + ": cannot save").c_str()), io_error);
  CHECK_FALSE(fs::exists(file));
}

TEST_CASE("rdf: a bad base is refused before the file is touched") {
  scratch dir;
  const auto file = dir.path / "world.ttl";
  std::ofstream(file) << "old";
  io::rdf_options opts;
  opts.base = "not an iri";
  CHECK_THROWS_AS(io::save_rdf(testing::tiny_world(), file, opts), io_error);
  CHECK(testing::read_file(file) == "old");
}

TEST_CASE("rdf: a large graph saves the same text it writes, in either syntax") {
  auto g = testing::many_relations(2000, 20000);
  scratch dir;
  for (auto syntax : {io::rdf_syntax::ntriples, io::rdf_syntax::turtle}) {
    io::save_rdf(g, dir.path / "large.rdf", {.syntax = syntax});
    auto text = io::write_rdf(g, {.syntax = syntax});
    REQUIRE(text.size() > (std::size_t{1} << 21));  // saved in several blocks
    CHECK(testing::read_file(dir.path / "large.rdf") == text);
  }
}

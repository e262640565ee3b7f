// The RDF import, for RDF that other tools write (FOAF, schema.org, Wikidata-like statements):
// entities, names, kinds, relations and typed attributes by the rules of io/rdf.hpp; then every
// error the reader reports, files, progress and io::load.

#include <entente/io/load.hpp>
#include <entente/io/rdf.hpp>

#include <doctest/doctest.h>

#include "io/rdf_read_testing.hpp"
#include "testing.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace entente;

namespace {

const io::rdf_read_options nt{.origin = "people.nt", .syntax = io::rdf_syntax::ntriples};
const io::rdf_read_options ttl{.origin = "people.ttl"};

const std::string foaf_turtle = R"(@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/people/> .

ex:alice a foaf:Person ;
    foaf:name "Alice" ;
    foaf:nick "ally", "al" ;
    foaf:age 34 ;
    foaf:knows ex:bob, _:carol ;
    foaf:homepage <http://example.org/~alice> .
ex:bob a foaf:Person ; foaf:name "Bob" ; foaf:knows ex:alice .
_:carol a foaf:Person ; foaf:name "Carol"@en ; foaf:knows [ foaf:name "Dan" ] .
)";

/// A value read as an attribute of the entity `id`, or null when it has none.
value attribute(const graph& g, std::string_view id, std::string_view key) {
  const auto e = g.find_id(id);
  REQUIRE(e);
  const value* v = g.entity(*e).attributes().find(key);
  return v == nullptr ? value() : *v;
}

/// The message of what reading `text` throws: a parse_error, io_error or other error.
template <class Error = parse_error>
std::string failure(const std::string& text, const io::rdf_read_options& opts = ttl) {
  try {
    (void)io::read_rdf(text, opts);
  } catch (const Error& e) {
    return e.what();
  }
  return "(nothing of the kind thrown)";
}

}  // namespace

// ---- other RDF ---------------------------------------------------------------------------------

TEST_CASE("rdf import: FOAF people are entities named by foaf:name, knowing one another") {
  const graph g = io::read_rdf(foaf_turtle, ttl);
  CHECK(g.schema().is_open());
  REQUIRE(g.num_entities() == 5);
  const auto alice = g.entity(0);
  CHECK(alice.id() == "http://example.org/people/alice");
  CHECK(alice.kind_name() == "Person");
  CHECK(alice.name() == "Alice");
  CHECK(attribute(g, alice.id(), "nick") == value(value_list{"al", "ally"}));
  CHECK(attribute(g, alice.id(), "age") == value(std::int64_t{34}));
  CHECK(g.entity(1).id() == "http://example.org/people/bob");
  CHECK(g.entity(2).id() == "_:carol");
  CHECK(g.entity(2).name() == "Carol");
  // An IRI that is only an object is an entity with no kind, named by its local name.
  const auto home = g.entity(*g.find_id("http://example.org/~alice"));
  CHECK(home.kind_name() == "");
  CHECK(home.name() == "~alice");
  // serd names the anonymous node.
  CHECK(g.entity(4).id() == "_:b1");
  CHECK(g.entity(4).name() == "Dan");
  REQUIRE(g.num_relations() == 5);
  CHECK(g.relation(0).type_name() == "knows");
  CHECK(g.relation(2).type_name() == "homepage");
  CHECK(g.relation(0).evidence() == evidence::reported);
  CHECK(g.entity(g.relation(4).to()).name() == "Dan");
}

TEST_CASE("rdf import: the same people in N-Triples read as the same graph") {
  const std::string text =
      R"(<http://example.org/people/alice> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> .
<http://example.org/people/alice> <http://xmlns.com/foaf/0.1/name> "Alice" .
<http://example.org/people/alice> <http://xmlns.com/foaf/0.1/age> "34"^^<http://www.w3.org/2001/XMLSchema#integer> .
<http://example.org/people/alice> <http://xmlns.com/foaf/0.1/knows> _:carol .
_:carol <http://xmlns.com/foaf/0.1/name> "Carol"@en .
_:carol <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://xmlns.com/foaf/0.1/Person> .
)";
  const std::string turtle = R"(@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://example.org/people/alice> a foaf:Person ; foaf:name "Alice" ; foaf:age 34 ;
    foaf:knows _:carol .
_:carol foaf:name "Carol"@en ; a foaf:Person .
)";
  CHECK(io::read_rdf(text, nt) == io::read_rdf(turtle, ttl));
  CHECK(io::read_rdf(text, nt).num_relations() == 1);
}

TEST_CASE("rdf import: schema.org data under https, with several types and dated literals") {
  const std::string text = R"(@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/kim> a schema:Person, schema:Politician ;
    schema:name "Kim Jong-un" ;
    schema:alternateName "Kim Jong Un" ;
    schema:birthDate "1984-01-08Z"^^xsd:date ;
    schema:memberOf <https://example.org/wpk> .
<https://example.org/wpk> a schema:Organization ; schema:name "Workers' Party of Korea" ;
    schema:foundingDate "1949-06"^^xsd:gYearMonth .
)";
  const graph g = io::read_rdf(text, ttl);
  const auto kim = g.entity(0);
  CHECK(kim.name() == "Kim Jong-un");
  // Two unrelated classes: the first is the kind, the other listed.
  CHECK(kim.kind_name() == "Person");
  CHECK(attribute(g, kim.id(), "types") == value(value_list{"Politician"}));
  CHECK(attribute(g, kim.id(), "birthDate") == value(date(1984, 1, 8)));
  CHECK(attribute(g, kim.id(), "alternateName") == value(std::string("Kim Jong Un")));
  CHECK(attribute(g, "https://example.org/wpk", "foundingDate") == value(date(1949, 6)));
  CHECK(g.relation(0).type_name() == "memberOf");
}

TEST_CASE("rdf import: Wikidata-like statements: labels in languages, descriptions, qualifiers") {
  const std::string text = R"(@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix p: <http://www.wikidata.org/prop/> .
@prefix ps: <http://www.wikidata.org/prop/statement/> .
@prefix pq: <http://www.wikidata.org/prop/qualifier/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix wikibase: <http://wikiba.se/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
wd:Q423 a wikibase:Item ;
    rdfs:label "Corée du Nord"@fr, "North Korea"@en, "Северная Корея"@ru ;
    skos:altLabel "DPRK"@en ;
    schema:description "country in East Asia"@en, "pays d'Asie de l'Est"@fr ;
    wdt:P31 wd:Q6256 ;
    wdt:P1082 "25660000"^^xsd:decimal ;
    p:P6 [ ps:P6 wd:Q56226 ; pq:P580 "2011-12-17T00:00:00Z"^^xsd:dateTime ] .
wd:Q6256 rdfs:label "country"@en .
)";
  const graph g = io::read_rdf(text, ttl);
  const auto prk = g.entity(0);
  CHECK(prk.id() == "http://www.wikidata.org/entity/Q423");
  CHECK(prk.kind_name() == "Item");
  CHECK(prk.name() == "North Korea");  // no untagged label: the English one
  const auto aliases = prk.aliases();
  CHECK(aliases == std::vector<std::string_view>{"DPRK", "Corée du Nord", "Северная Корея"});
  CHECK(attribute(g, prk.id(), "description") == value(std::string("country in East Asia")));
  CHECK(attribute(g, prk.id(), "description@fr") == value(std::string("pays d'Asie de l'Est")));
  CHECK(attribute(g, prk.id(), "P1082") == value(25660000.0));
  CHECK(g.entity(1).name() == "country");
  // The qualified statement is a blank node with relations and a string timestamp.
  const auto statement = g.entity(2);
  CHECK(statement.id() == "_:b1");
  CHECK(attribute(g, statement.id(), "P580") == value(std::string("2011-12-17T00:00:00Z")));
  REQUIRE(g.num_relations() == 3);
  CHECK(g.relation(0).type_name() == "P31");
  CHECK(g.relation(1).type_name() == "P6");
  // ps:P6 and p:P6 share a local name: the later one is named by its IRI.
  CHECK(g.relation(2).type_name() == "http://www.wikidata.org/prop/statement/P6");
}

TEST_CASE("rdf import: the name is the best label by predicate, then no tag, English, other") {
  const std::string text = R"(@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <http://schema.org/> .
<urn:x:a> schema:name "schema" ; foaf:name "foaf" ; skos:prefLabel "pref" ;
    rdfs:label "label"@de, "label"@en-GB, "label plain" ; skos:altLabel "alt", "pref" .
<urn:x:b> schema:name "schema" ; foaf:name "foaf"@ko ; skos:prefLabel "pref"@fr .
<urn:x:c> rdfs:label "Ким"@ru, "金"@zh .
<urn:x:d> <urn:x:p> "x" .
)";
  const graph g = io::read_rdf(text, ttl);
  CHECK(g.entity(0).name() == "label plain");
  CHECK(g.entity(0).aliases() ==
        std::vector<std::string_view>{"alt", "pref", "schema", "foaf", "label"});
  CHECK(g.entity(1).name() == "pref");
  CHECK(g.entity(2).name() == "Ким");  // no plain or English one: the first
  CHECK(g.entity(3).name() == "d");    // no label: the local name
}

TEST_CASE("rdf import: literals are typed by their datatypes") {
  const std::string text = R"(@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:x:a> <urn:x:integer> 42 ; <urn:x:long> "-9007199254740993"^^xsd:long ;
    <urn:x:int> " +7 "^^xsd:int ; <urn:x:byte> "1"^^xsd:unsignedByte ;
    <urn:x:decimal> 2.50 ; <urn:x:double> 1e300 ; <urn:x:float> "-INF"^^xsd:float ;
    <urn:x:nan> "NaN"^^xsd:double ; <urn:x:huge> "1e999"^^xsd:double ;
    <urn:x:bool> true ; <urn:x:one> "1"^^xsd:boolean ;
    <urn:x:date> "2024-06-19+09:00"^^xsd:date ; <urn:x:month> "2023-09"^^xsd:gYearMonth ;
    <urn:x:year> "2014"^^xsd:gYear ; <urn:x:time> "2024-06-19T10:00:00"^^xsd:dateTime ;
    <urn:x:uri> "https://example.org"^^xsd:anyURI ; <urn:x:custom> "5"^^<urn:x:unit> ;
    <urn:x:string> "text"^^xsd:string .
)";
  const graph g = io::read_rdf(text, ttl);
  const auto at = [&](const char* key) { return attribute(g, "urn:x:a", key); };
  CHECK(at("integer") == value(std::int64_t{42}));
  CHECK(at("long") == value(std::int64_t{-9007199254740993}));
  CHECK(at("int") == value(std::int64_t{7}));
  CHECK(at("byte") == value(std::int64_t{1}));
  CHECK(at("decimal") == value(2.5));
  CHECK(at("double") == value(1e300));
  CHECK(at("float") == value(-std::numeric_limits<double>::infinity()));
  CHECK(std::isnan(std::get<double>(at("nan"))));
  CHECK(at("huge") == value(std::numeric_limits<double>::infinity()));
  CHECK(at("bool") == value(true));
  CHECK(at("one") == value(true));
  CHECK(at("date") == value(date(2024, 6, 19)));
  CHECK(at("month") == value(date(2023, 9)));
  CHECK(at("year") == value(date(2014)));
  CHECK(at("time") == value(std::string("2024-06-19T10:00:00")));
  CHECK(at("uri") == value(std::string("https://example.org")));
  CHECK(at("custom") == value(std::string("5")));
  CHECK(at("string") == value(std::string("text")));
}

TEST_CASE("rdf import: infinities and NaN read in XML Schema's spelling and in rdflib's") {
  const std::string text = R"(@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:x:a> <urn:x:up> "INF"^^xsd:double, "+INF"^^xsd:double, "inf"^^xsd:double ;
    <urn:x:down> "-INF"^^xsd:double, "-inf"^^xsd:float ;
    <urn:x:nan> "nan"^^xsd:double, "NaN"^^xsd:double .
)";
  const graph g = io::read_rdf(text, ttl);
  CHECK(attribute(g, "urn:x:a", "up") == value(std::numeric_limits<double>::infinity()));
  CHECK(attribute(g, "urn:x:a", "down") == value(-std::numeric_limits<double>::infinity()));
  CHECK(std::isnan(std::get<double>(attribute(g, "urn:x:a", "nan"))));  // once: one NaN
  CHECK(failure(R"(<urn:x:a> <urn:x:n> "infinity"^^<http://www.w3.org/2001/XMLSchema#double> .)") ==
        "people.ttl: \"infinity\" is not a number (<http://www.w3.org/2001/XMLSchema#double>) "
        "(line 1, column 74)");
}

TEST_CASE("rdf import: several values make a sorted set, of strings when their types differ") {
  const std::string text = R"(<urn:x:a> <urn:x:n> 3, 1, 2, 1 ; <urn:x:mixed> 1, "one", true, 1.5 ;
    <urn:x:said> "hello"@en, "bonjour"@fr, "salut"@fr, "hi"@en-US .
<urn:x:b> <urn:x:said> "plain", "hello"@en .
)";
  const graph g = io::read_rdf(text, ttl);
  CHECK(attribute(g, "urn:x:a", "n") ==
        value(value_list{std::int64_t{1}, std::int64_t{2}, std::int64_t{3}}));
  CHECK(attribute(g, "urn:x:a", "mixed") == value(value_list{"1", "1.5", "one", "true"}));
  CHECK(attribute(g, "urn:x:a", "said") == value(value_list{"hello", "hi"}));
  CHECK(attribute(g, "urn:x:a", "said@fr") == value(value_list{"bonjour", "salut"}));
  CHECK(attribute(g, "urn:x:b", "said") == value(std::string("plain")));
  CHECK(attribute(g, "urn:x:b", "said@en") == value(std::string("hello")));
}

TEST_CASE("rdf import: a local name two predicates share goes to the first, the other its IRI") {
  const std::string text = R"(@prefix a: <http://a.example/> .
@prefix b: <http://b.example/ns#> .
a:x a:knows a:y ; b:knows a:y ; a:age 1 ; b:age 2 ; a:knows2 a:y .
)";
  const graph g = io::read_rdf(text, ttl);
  CHECK(g.relation(0).type_name() == "knows");
  CHECK(g.relation(1).type_name() == "http://b.example/ns#knows");
  CHECK(g.relation(2).type_name() == "knows2");
  CHECK(attribute(g, "http://a.example/x", "age") == value(std::int64_t{1}));
  CHECK(attribute(g, "http://a.example/x", "http://b.example/ns#age") == value(std::int64_t{2}));
}

TEST_CASE("rdf import: of several classes the schema's most specific is the kind") {
  const std::string text = R"(<urn:x:prk> a <urn:x:Actor>, <urn:y:State> .
<urn:x:kim> a <urn:x:Actor>, <urn:x:Person>, <urn:x:Politician> .
)";
  io::rdf_read_options opts = ttl;
  opts.schema = schema::geopolitics();
  opts.schema->set_open(true);  // Politician is not in it
  const graph g = io::read_rdf(text, opts);
  CHECK(g.entity(0).kind_name() == "State");
  CHECK(g.entity(0).attributes().find("types") == nullptr);  // Actor is State's ancestor
  CHECK(g.entity(1).kind_name() == "Person");
  CHECK(attribute(g, "urn:x:kim", "types") == value(value_list{"Politician"}));
}

TEST_CASE("rdf import: an entity without a class has no kind, in an open schema only") {
  const std::string text = "<urn:x:a> <urn:x:knows> <urn:x:b> .\n";
  const graph g = io::read_rdf(text, ttl);
  CHECK(g.entity(0).kind_name() == "");
  io::rdf_read_options closed = ttl;
  closed.schema = schema::geopolitics();
  CHECK_THROWS_WITH_AS(io::read_rdf(text, closed),
                       "people.ttl: \"urn:x:a\" has no kind, and the schema is closed (first "
                       "mentioned on line 1)",
                       io_error);
}

TEST_CASE("rdf import: a closed schema given must know every kind and relation type") {
  io::rdf_read_options closed = ttl;
  closed.schema = schema::geopolitics();
  CHECK(failure<io_error>("<urn:x:a> a <urn:x:Stat> .\n", closed) ==
        "people.ttl: unknown kind 'Stat'; did you mean \"State\"?");
  CHECK(failure<io_error>("<urn:x:a> a <urn:x:State> ; <urn:x:suports> <urn:x:a> .\n", closed) ==
        "people.ttl: unknown relation type 'suports' (<urn:x:suports>); did you mean "
        "\"supports\"?");
  const graph g =
      io::read_rdf("<urn:x:a> a <urn:x:State> ; <urn:x:supports> <urn:x:a> .\n", closed);
  CHECK(g.relation(0).type_name() == "supports");
}

TEST_CASE("rdf import: relative IRIs resolve against @base, and stay as written without one") {
  const graph g = io::read_rdf("@base <http://example.org/kg/> .\n<a> <p> <b#c> .\n", ttl);
  CHECK(g.find_id("http://example.org/kg/a"));
  CHECK(g.find_id("http://example.org/kg/b#c"));
  CHECK(g.relation(0).type_name() == "p");
  const graph bare = io::read_rdf("<a> <p> <b> .\n", ttl);
  CHECK(bare.find_id("a"));
}

TEST_CASE("rdf import: a triple said twice is one relation, one value") {
  const std::string text =
      "<urn:x:a> <urn:x:p> <urn:x:b> .\n<urn:x:a> <urn:x:p> <urn:x:b> .\n"
      "<urn:x:a> <urn:x:n> \"1\" .\n<urn:x:a> <urn:x:n> \"1\" .\n";
  const graph g = io::read_rdf(text, nt);
  CHECK(g.num_relations() == 1);
  CHECK(attribute(g, "urn:x:a", "n") == value(std::string("1")));
}

TEST_CASE("rdf import: a collection's cells are blank-node entities, first and rest") {
  const graph g = io::read_rdf("<urn:x:a> <urn:x:list> ( <urn:x:b> <urn:x:c> ) .\n", ttl);
  CHECK(g.num_entities() == 6);  // a, two cells, b, c, rdf:nil
  CHECK(g.relation(0).type_name() == "list");
  CHECK(g.relation(1).type_name() == "first");
  CHECK(g.relation(2).type_name() == "rest");
}

TEST_CASE("rdf import: blank node labels are the entity ids, the same on every read") {
  const std::string text = "_:x <urn:x:p> [ <urn:x:q> _:y ] .\n";
  const graph a = io::read_rdf(text, ttl);
  CHECK(a.entity(0).id() == "_:x");
  CHECK(a.entity(1).id() == "_:b1");
  CHECK(a.entity(2).id() == "_:y");
  CHECK(io::read_rdf(text, ttl) == a);
}

// ---- errors ------------------------------------------------------------------------------------

TEST_CASE("rdf import: bad syntax is a parse_error with the origin, line and column") {
  CHECK(failure("@prefix ex: <http://ex/> .\nex:a ex:p ex:b ;\n  ex:q !! .\n") ==
        "people.ttl: expected prefixed name (line 3, column 8)");
  CHECK(failure("<http://a> <http://p> ex:b .\n", nt) ==
        "people.nt: expected: ':', '<', or '_' (line 1, column 23)");
  CHECK(failure("<http://a> <http://p> \"unterminated\n", nt) ==
        "people.nt: line end in short string (line 1, column 36)");
  CHECK(failure("<http://a> <http://p> \"x\xff\" .\n", nt) ==
        "people.nt: invalid UTF-8 start 0xFF (line 1, column 26)");
  CHECK(failure("<http://a> <http://p> \"x\"") ==
        "people.ttl: unexpected end of file (line 1, column 25)");
}

TEST_CASE("rdf import: an undefined prefix is a parse_error") {
  CHECK(failure("ex:a <urn:x:p> <urn:x:b> .\n") ==
        "people.ttl: undefined prefix in `ex:a` (line 1, column 25)");
}

TEST_CASE("rdf import: a literal its datatype does not allow is a parse_error") {
  const std::string xsd = "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";
  CHECK(failure(xsd + "<urn:x:a> <urn:x:n> \"abc\"^^xsd:integer .\n") ==
        "people.ttl: \"abc\" is not an integer (<http://www.w3.org/2001/XMLSchema#integer>) "
        "(line 2, column 39)");
  CHECK(failure(xsd + "<urn:x:a> <urn:x:n> 99999999999999999999 .\n") ==
        "people.ttl: \"99999999999999999999\" is not an integer of 64 bits "
        "(<http://www.w3.org/2001/XMLSchema#integer>) (line 2, column 41)");
  CHECK(failure(xsd + "<urn:x:a> <urn:x:n> \"1,5\"^^xsd:double .\n") ==
        "people.ttl: \"1,5\" is not a number (<http://www.w3.org/2001/XMLSchema#double>) (line "
        "2, column 38)");
  CHECK(failure(xsd + "<urn:x:a> <urn:x:n> \"yes\"^^xsd:boolean .\n") ==
        "people.ttl: \"yes\" is not a boolean (true, false, 1, 0) "
        "(<http://www.w3.org/2001/XMLSchema#boolean>) (line 2, column 39)");
  CHECK(failure(xsd + "<urn:x:a> <urn:x:n> \"2024-02-30\"^^xsd:date .\n") ==
        "people.ttl: \"2024-02-30\" is not a date entente can hold (years 1 to 9999) "
        "(<http://www.w3.org/2001/XMLSchema#date>) (line 2, column 43)");
  CHECK(failure(xsd + "<urn:x:a> <urn:x:n> \"2024\"^^xsd:date .\n") ==
        "people.ttl: \"2024\" is not a date entente can hold (years 1 to 9999) "
        "(<http://www.w3.org/2001/XMLSchema#date>) (line 2, column 37)");
  CHECK(failure(xsd + "<urn:x:a> <urn:x:n> \"-0044\"^^xsd:gYear .\n") ==
        "people.ttl: \"-0044\" is not a date entente can hold (years 1 to 9999) "
        "(<http://www.w3.org/2001/XMLSchema#gYear>) (line 2, column 39)");
}

namespace {

const std::string own = R"(@prefix entity: <urn:entente:entity/> .
@prefix rel: <urn:entente:relation/> .
@prefix kind: <urn:entente:kind/> .
@prefix stmt: <urn:entente:statement/> .
@prefix source: <urn:entente:source/> .
@prefix cit: <urn:entente:citation/> .
@prefix ent: <urn:entente:> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
entity:a a kind:State . entity:b a kind:State .
source:s a prov:Entity .
)";  // eleven lines

}  // namespace

TEST_CASE("rdf import: entente's vocabulary out of place is a parse_error") {
  CHECK(failure(own + "stmt:0 ent:evidence \"sure\" .") ==
        "people.ttl: \"sure\" is no evidence level (confirmed, reported, alleged, speculated, "
        "denied) (line 12, column 27)");
  CHECK(failure(own + "stmt:0 ent:since \"soon\" .") ==
        "people.ttl: \"soon\" is not a date (2014, 2023-09, 2024-06-19) (line 12, column 24)");
  CHECK(failure(own + "stmt:0 rdf:subject entity:a, entity:b .") ==
        "people.ttl: <urn:entente:statement/0> names two different subjects (line 12, column 38)");
  CHECK(failure(own + "stmt:0 ent:occurrenceOf entity:a .") ==
        "people.ttl: <urn:entente:occurrenceOf> takes a quoted triple << s p o >> (line 12, "
        "column 33)");
  CHECK(failure(own + "stmt:0 <urn:x:note> \"x\" .") ==
        "people.ttl: entente's statements take rdf:type, rdf:subject, rdf:predicate, rdf:object, "
        "occurrenceOf, evidence, since, until, prov:wasDerivedFrom, prov:qualifiedDerivation and "
        "attributes, not <urn:x:note> (line 12, column 24)");
  CHECK(failure(own + "source:s <urn:x:note> \"x\" .") ==
        "people.ttl: entente's sources take rdf:type, dcterms:title, dcterms:publisher, "
        "dcterms:issued and dcterms:identifier, not <urn:x:note> (line 12, column 26)");
  CHECK(failure(own + "entity:a ent:evidence \"confirmed\" .") ==
        "people.ttl: <urn:entente:evidence> is not said of an entity in entente's vocabulary "
        "(line 12, column 34)");
  CHECK(failure(own + "entity:a <urn:entente:external/wikidata> entity:b .") ==
        "people.ttl: <urn:entente:external/wikidata> takes a literal (line 12, column 50)");
  CHECK(failure(own + "stmt:0 <urn:entente:external/wikidata> \"Q1\" .") ==
        "people.ttl: entente's statements take rdf:type, rdf:subject, rdf:predicate, rdf:object, "
        "occurrenceOf, evidence, since, until, prov:wasDerivedFrom, prov:qualifiedDerivation and "
        "attributes, not <urn:entente:external/wikidata> (line 12, column 44)");
  CHECK(failure(own + "source:s <urn:entente:external/wikidata> \"Q1\" .") ==
        "people.ttl: entente's sources take rdf:type, dcterms:title, dcterms:publisher, "
        "dcterms:issued and dcterms:identifier, not <urn:entente:external/wikidata> (line 12, "
        "column 46)");
  CHECK(failure(own + "entity:a rel:supports \"x\" .") ==
        "people.ttl: <urn:entente:relation/supports> relates two entities, not a literal (line "
        "12, column 26)");
  CHECK(failure(own + "kind:State rdf:type kind:Actor .") ==
        "people.ttl: <urn:entente:kind/State> is entente's vocabulary and says nothing of its own "
        "(<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) (line 12, column 31)");
  CHECK(failure(own + "entity:a <urn:x:p> source:s .") ==
        "people.ttl: <urn:entente:source/s> is entente's vocabulary, not an entity (line 12, "
        "column 28)");
  CHECK(failure(own + "<urn:x:a> <urn:x:p> <urn:entente:entity/urn:x:a> .") ==
        "people.ttl: two different resources give the entity id \"urn:x:a\" (line 12, column 49)");
}

TEST_CASE("rdf import: entente's statements that point to missing parts are io_errors") {
  CHECK(failure<io_error>(own + "stmt:3 rdf:subject entity:a ; rdf:predicate rel:aids .") ==
        "people.ttl: <urn:entente:statement/3> has no rdf:object (nor a quoted triple) (first "
        "mentioned on line 12)");
  CHECK(failure<io_error>(own + "cit:0-0 prov:entity source:s ; ent:quote \"q\" .") ==
        "people.ttl: citation <urn:entente:citation/0-0> belongs to no statement (no "
        "prov:qualifiedDerivation names it) (first mentioned on line 12)");
  CHECK(failure<io_error>(own + "stmt:0 ent:occurrenceOf << entity:a rel:aids entity:b >> ;\n"
                                "  prov:qualifiedDerivation cit:0-0 .") ==
        "people.ttl: citation <urn:entente:citation/0-0> names no source (prov:entity) (first "
        "mentioned on line 13)");
  CHECK(failure<io_error>(own + "stmt:0 ent:occurrenceOf << entity:a rel:aids entity:b >> ;\n"
                                "  prov:wasDerivedFrom source:missing .") ==
        "people.ttl: source <urn:entente:source/missing> is cited but never described (first "
        "mentioned on line 13)");
  CHECK(failure<io_error>(own + "stmt:0 ent:occurrenceOf << entity:a rel:aids entity:ghost >> .") ==
        "people.ttl: entity <urn:entente:entity/ghost> is used but never described (first "
        "mentioned on line 12)");
  CHECK(failure<io_error>(own, {.origin = "x", .base = ""}) ==
        "x: the base of entente's IRIs is empty");
}

TEST_CASE("rdf import: the kind of no name comes back, opening the schema; empty names fail") {
  graph g(schema::open());
  g.add_entity({"a", "", "", {}, {}, {}});
  g.add_entity({"b", "Person", "", {}, {}, {}});
  g.add_relation({"a", "knows", "b", evidence::reported, {}, {}, {}});
  const graph read = io::read_rdf(io::write_rdf(g));
  CHECK(read.entity(0).kind_name() == "");
  CHECK(read.schema().is_open());  // the geopolitical vocabulary, opened for it
  CHECK(read.schema().find_kind("State"));
  CHECK(failure(own + "<urn:entente:entity/> a kind:State .") ==
        "people.ttl: <urn:entente:entity/> gives no entity id (line 12, column 35)");
  CHECK(failure<io_error>(own + "entity:a <urn:entente:relation/> entity:b .") ==
        "people.ttl: <urn:entente:relation/> names no relation type");
}

TEST_CASE("rdf import: a relation outside its domain is a schema_error, or a warning in lenient") {
  const std::string text = own + "entity:c a kind:Place .\nentity:c rel:leads entity:a .\n";
  CHECK(failure<schema_error>(text) ==
        "people.ttl: relation c -[leads]-> a breaks rule leads.domain: the source must be Person, "
        "not Place");
  io::rdf_read_options lenient = ttl;
  lenient.mode = validation::lenient;
  CHECK(io::read_rdf(text, lenient).warnings().size() == 1);
}

// ---- files, progress, io::load -----------------------------------------------------------------

TEST_CASE("rdf import: load_rdf takes the syntax from the extension and names the file") {
  testing::scratch dir;
  const graph g = testing::small_world();
  io::save_rdf(g, dir.path / "world.nt", {.syntax = io::rdf_syntax::ntriples});
  io::save_rdf(g, dir.path / "world.ttl", {.syntax = io::rdf_syntax::turtle});
  CHECK(io::load_rdf(dir.path / "world.nt") == g);
  CHECK(io::load_rdf(dir.path / "world.ttl") == g);
  // Another extension keeps the syntax asked for.
  fs::copy_file(dir.path / "world.nt", dir.path / "world.txt");
  CHECK(io::load_rdf(dir.path / "world.txt", {.syntax = io::rdf_syntax::ntriples}) == g);
  std::ofstream(dir.path / "bad.ttl") << "<urn:x:a> <urn:x:p> \"x\"@ .\n";
  CHECK_THROWS_WITH_AS(io::load_rdf(dir.path / "bad.ttl"),
                       doctest::Contains(((dir.path / "bad.ttl").string() + ": ").c_str()),
                       parse_error);
}

TEST_CASE("rdf import: a file that cannot be read is an io_error naming it") {
  testing::scratch dir;
  CHECK_THROWS_WITH_AS(
      io::load_rdf(dir.path / "missing.ttl"),
      ((dir.path / "missing.ttl").string() + ": cannot read: No such file or directory").c_str(),
      io_error);
  fs::create_directory(dir.path / "folder.ttl");
  CHECK_THROWS_WITH_AS(
      io::load_rdf(dir.path / "folder.ttl"),
      ((dir.path / "folder.ttl").string() + ": cannot read: is a directory").c_str(), io_error);
}

TEST_CASE("rdf import: progress counts the bytes read, and ends with done == total") {
  testing::scratch dir;
  const fs::path file = dir.path / "many.nt";
  io::save_rdf(testing::many_relations(200, 20000), file, {.syntax = io::rdf_syntax::ntriples});
  std::vector<progress_report> reports;
  std::vector<std::string> tasks;
  (void)io::load_rdf(file, {.progress = [&](const progress_report& r) {
                       reports.push_back(r);
                       tasks.emplace_back(r.task);
                     }});
  REQUIRE(reports.size() > 2);
  for (std::size_t i = 1; i < reports.size(); ++i) CHECK(reports[i].done >= reports[i - 1].done);
  CHECK(reports.back().done == fs::file_size(file));
  CHECK(reports.back().total == fs::file_size(file));
  CHECK(reports.front().total == fs::file_size(file));
  CHECK(tasks.front() == "reading many.nt");
}

TEST_CASE("rdf import: reading text tells progress too, named by the origin") {
  const std::string text = io::write_rdf(testing::many_relations(200, 20000));
  REQUIRE(text.size() > (std::size_t{3} << 20));
  std::vector<progress_report> reports;
  std::string task;
  (void)io::read_rdf(text, {.origin = "memory.ttl", .progress = [&](const progress_report& r) {
                              reports.push_back(r);
                              task = r.task;
                            }});
  REQUIRE(reports.size() >= 4);  // each MiB, and the end
  CHECK(reports.front().done < reports.back().done);
  CHECK(reports.back().done == text.size());
  CHECK(reports.back().total == text.size());
  CHECK(task == "reading memory.ttl");
}

TEST_CASE("rdf import: an exception from the progress callback stops the reading") {
  testing::scratch dir;
  const fs::path file = dir.path / "many.ttl";
  io::save_rdf(testing::many_relations(200, 20000), file);
  struct cancelled {};
  CHECK_THROWS_AS(io::load_rdf(file, {.progress =
                                          [](const progress_report& r) {
                                            if (r.done > 0 && r.done < r.total) throw cancelled{};
                                          }}),
                  cancelled);
}

TEST_CASE("rdf import: io::load reads .nt and .ttl files, lenient when asked") {
  testing::scratch dir;
  const graph g = io::load_json(ENTENTE_TEST_DATA "/unchecked.kg.json", validation::lenient);
  io::save(g, dir.path / "unchecked.ttl");
  io::save(g, dir.path / "unchecked.nt");
  CHECK_THROWS_AS((void)io::load(dir.path / "unchecked.ttl"), schema_error);
  const graph read = io::load(dir.path / "unchecked.nt", validation::lenient);
  CHECK(testing::as_json(read) == testing::as_json(g));
}

TEST_CASE("rdf import: blank nodes and collections nest at most 1000 deep") {
  const auto nested = [](std::size_t depth, const std::string& open, const std::string& close) {
    std::string text = "<urn:x:a> <urn:x:p> ";
    for (std::size_t i = 0; i < depth; ++i) text += open;
    text += "<urn:x:b>";
    for (std::size_t i = 0; i < depth; ++i) text += close;
    return text + " .\n";
  };
  CHECK(io::read_rdf(nested(1000, "[ <urn:x:p> ", " ]"), ttl).num_entities() == 1002);
  CHECK(io::read_rdf(nested(1000, "( ", " )"), ttl).num_relations() > 1000);
  CHECK(failure(nested(1001, "[ <urn:x:p> ", " ]")) ==
        "people.ttl: blank nodes and collections nested more than 1000 deep (line 1, column "
        "12021)");
  // Far deeper text stops there too, instead of exhausting the stack.
  CHECK(failure(nested(100000, "( ", " )")) ==
        "people.ttl: blank nodes and collections nested more than 1000 deep (line 1, column "
        "2021)");
  // Brackets in strings, IRIs and comments do not count.
  const std::string quiet = "# " + std::string(2000, '[') + "\n<urn:x:a> <urn:x:p> \"" +
                            std::string(2000, '(') + "\" .\n";
  CHECK(io::read_rdf(quiet, ttl).num_entities() == 1);
}

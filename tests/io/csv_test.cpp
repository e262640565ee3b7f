#include <entente/io/csv.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

using namespace entente;
namespace fs = std::filesystem;

TEST_CASE("csv: entities and relations with Neo4j headers, attribute columns typed") {
  graph g;
  g.add_source({"a", "A", "", date(), ""});
  g.add_source({"b", "B", "", date(), ""});
  auto prk = g.add_entity({"PRK", "State", "North Korea", {"DPRK", "조선"}, {}, {}});
  g.set_external_id(prk, "wikidata", "Q423");
  g.set_external_id(prk, "site", "https://example.org/?q=prk");  // `=` in an id is kept
  g.set_attribute(prk, "population", std::int64_t{26000000});
  g.set_attribute(prk, "founded", date(1948, 9, 9));
  auto kim = g.add_entity({"kim", "Person", "Kim, \"the leader\"", {}, {}, {}});
  g.set_attribute(kim, "population", 1.5);
  // An empty quote keeps its place among the others.
  auto r = g.add_relation({"kim",
                           "leads",
                           "PRK",
                           evidence::confirmed,
                           {date(2011, 12), {}},
                           {{"b", "", std::nullopt}, {"a", "leads, \"firmly\"", std::nullopt}},
                           {}});
  g.set_relation_attribute(r, "since", std::string("late 2011"));
  g.set_relation_attribute(r, "official", true);
  testing::scratch dir;
  io::save_csv(g, dir.path / "out.csv");
  // Integers and reals share a column as double; a full date is a date; a key a fixed column
  // already names gets a prefix.
  CHECK(testing::read_file(dir.path / "out.csv" / "entities.csv") ==
        "id:ID,name,kind,:LABEL,aliases:string[],external_ids:string[],founded:date,"
        "population:double\n"
        "PRK,North Korea,State,State|Actor,DPRK|조선,wikidata=Q423|site=https://example.org/"
        "?q=prk,1948-09-09,26000000\n"
        "kim,\"Kim, \"\"the leader\"\"\",Person,Person|Actor,,,,1.5\n");
  CHECK(testing::read_file(dir.path / "out.csv" / "sources.csv") ==
        "id:ID(Source),title,publisher,published,url\na,A,,,\nb,B,,,\n");
  CHECK(testing::read_file(dir.path / "out.csv" / "relations.csv") ==
        ":START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],quotes:string[],"
        "official:boolean,attribute_since:string\n"
        "kim,PRK,leads,confirmed,2011-12,,b|a,\"|leads, \"\"firmly\"\"\",true,late 2011\n");
  auto script = testing::read_file(dir.path / "out.csv" / "load.cypher");
  CHECK(script.find("CREATE NODE TABLE Entity(id STRING, name STRING, kind STRING, labels STRING, "
                    "aliases STRING, external_ids STRING, `founded` DATE, `population` DOUBLE, "
                    "PRIMARY KEY (id));") != std::string::npos);
  CHECK(script.find("CREATE REL TABLE Relation(FROM Entity TO Entity, type STRING, evidence "
                    "STRING, since STRING, until STRING, sources STRING, quotes STRING, "
                    "`official` BOOLEAN, `attribute_since` STRING);") != std::string::npos);
  CHECK(script.find("COPY Relation FROM 'relations.csv'") != std::string::npos);
}

TEST_CASE("csv: sources.csv lists every source in the graph's order, partial dates as text") {
  graph g;
  g.add_source({"z-cited", "Seoul, \"late\" edition", "Example Daily", date(2024, 6),
                "https://example.org/a?x=1,2"});
  g.add_source({"a-uncited", "", "", date(2025, 7, 12), ""});
  g.add_source({"m", "Two\nlines", "", date(2023), ""});
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_relation({"PRK", "supports", "PRK", evidence::reported, {}, {{"z-cited", "", {}}}, {}});
  testing::scratch dir;
  io::save_csv(g, dir.path);
  CHECK(testing::read_file(dir.path / "sources.csv") ==
        "id:ID(Source),title,publisher,published,url\n"
        "z-cited,\"Seoul, \"\"late\"\" edition\",Example Daily,2024-06,"
        "\"https://example.org/a?x=1,2\"\n"
        "a-uncited,,,2025-07-12,\n"
        "m,\"Two\nlines\",,2023,\n");
  auto script = testing::read_file(dir.path / "load.cypher");
  CHECK(testing::contains(script,
                          "--nodes=entities.csv --nodes=Source=sources.csv "
                          "--relationships=relations.csv"));
  CHECK(testing::contains(script,
                          "CREATE NODE TABLE Source(id STRING, title STRING, publisher STRING, "
                          "published STRING, url STRING, PRIMARY KEY (id));"));
  CHECK(
      testing::contains(script, "COPY Source FROM 'sources.csv' (header=true, parallel=false);\n"));

  graph none;  // no sources: the header alone, which Kùzu copies as no rows
  io::save_csv(none, dir.path);
  CHECK(testing::read_file(dir.path / "sources.csv") ==
        "id:ID(Source),title,publisher,published,url\n");
}

TEST_CASE("csv: external ids are SYSTEM=ID items; an attribute of that name is prefixed") {
  graph g;
  auto prk = g.add_entity({"PRK", "State", "North Korea", {}, {}, {{"wikidata", "Q423"}}});
  g.set_attribute(prk, "external_ids", std::string("mine"));
  testing::scratch dir;
  io::save_csv(g, dir.path);
  CHECK(testing::read_file(dir.path / "entities.csv") ==
        "id:ID,name,kind,:LABEL,aliases:string[],external_ids:string[],"
        "attribute_external_ids:string\n"
        "PRK,North Korea,State,State|Actor,,wikidata=Q423,mine\n");
  CHECK(testing::contains(testing::read_file(dir.path / "load.cypher"),
                          "external_ids STRING, `attribute_external_ids` STRING, PRIMARY KEY"));
}

TEST_CASE("csv: an external id the column cannot hold is refused, and the folder stays") {
  graph g;
  auto prk = g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_source({"s", "kept", "", date(), ""});
  testing::scratch dir;
  io::save_csv(g, dir.path);
  const auto sources = testing::read_file(dir.path / "sources.csv");
  const auto entities = testing::read_file(dir.path / "entities.csv");
  g.update_source(0, {"s", "changed", "", date(), ""});

  g.set_external_ids(prk, {{"a=b", "1"}});
  CHECK_THROWS_WITH_AS(io::save_csv(g, dir.path),
                       doctest::Contains("the external id system \"a=b\" of 'PRK' holds '='"),
                       io_error);
  g.set_external_ids(prk, {{"wikidata", "Q1"}, {"wikidata", "Q2"}});
  CHECK_THROWS_WITH_AS(io::save_csv(g, dir.path),
                       doctest::Contains("'PRK' has two external ids of system \"wikidata\""),
                       io_error);
  g.set_external_ids(prk, {{"wikidata", "Q1|Q2"}});
  CHECK_THROWS_WITH_AS(
      io::save_csv(g, dir.path),
      doctest::Contains("external id \"wikidata=Q1|Q2\" holds '|', the array delimiter"), io_error);
  // Nothing was replaced: not even sources.csv, written before the refused row.
  CHECK(testing::read_file(dir.path / "sources.csv") == sources);
  CHECK(testing::read_file(dir.path / "entities.csv") == entities);
}

TEST_CASE("csv: the small world writes a row per entity and per relation") {
  auto g = testing::small_world();
  testing::scratch dir;
  io::save_csv(g, dir.path);
  auto entities = testing::read_file(dir.path / "entities.csv");
  auto relations = testing::read_file(dir.path / "relations.csv");
  CHECK(std::count(entities.begin(), entities.end(), '\n') == 11);
  CHECK(std::count(relations.begin(), relations.end(), '\n') == 15);
  CHECK(relations.find("\nPRK,RUS,supports,alleged,2022,,article-b,,") != std::string::npos);
  CHECK(relations.find(
            "\nsergey-lavrov,RUS,holds_office,confirmed,2004,,reference,,,foreign minister\n") !=
        std::string::npos);
}

TEST_CASE("csv: an array item holding the delimiter is refused by name") {
  graph g;
  g.add_entity({"X", "State", "X", {"one | two"}, {}, {}});
  testing::scratch dir;
  CHECK_THROWS_WITH_AS(io::save_csv(g, dir.path / "x"),
                       doctest::Contains("alias \"one | two\" holds '|', the array delimiter"),
                       io_error);
  CHECK_FALSE(fs::exists(dir.path / "x" / "entities.csv"));
  CHECK_FALSE(fs::exists(dir.path / "x" / "sources.csv"));
}

TEST_CASE("csv: an attribute key no Neo4j header can name is refused") {
  graph g;
  auto prk = g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  auto r = g.add_relation({"PRK", "supports", "PRK", evidence::reported, {}, {}, {}});
  testing::scratch dir;
  // `a:b:string` would read as a column `a` of type `b:string`.
  g.set_attribute(prk, "a:b", std::string("x"));
  CHECK_THROWS_WITH_AS(io::save_csv(g, dir.path),
                       doctest::Contains("entities.csv: cannot save: the attribute key \"a:b\" "
                                         "holds ':', which starts the type in a Neo4j header"),
                       io_error);
  g.erase_attribute(prk, "a:b");
  g.set_relation_attribute(r, "", std::int64_t{1});
  CHECK_THROWS_WITH_AS(io::save_csv(g, dir.path),
                       doctest::Contains("relations.csv: cannot save: the attribute key \"\" is "
                                         "empty, and a column needs a name"),
                       io_error);
  CHECK_FALSE(fs::exists(dir.path / "relations.csv"));
}

TEST_CASE("csv: list attributes are Neo4j array columns and Kùzu typed lists") {
  graph g;
  auto prk = g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.set_attribute(prk, "tags", value_list{"a, b", "say \"hi\""});
  g.set_attribute(prk, "sizes", value_list{1, 2});
  g.set_attribute(prk, "days", value_list{date(2024, 6, 19)});
  g.set_attribute(prk, "mixed", value_list{1});
  auto rus = g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  g.set_attribute(rus, "sizes", value_list{2.5});  // the column widens to double[]
  g.set_attribute(rus, "tags", value_list{});      // an empty list writes an empty field
  g.set_attribute(rus, "mixed", std::int64_t{3});  // lists and scalars: a text column
  auto r = g.add_relation({"PRK", "supplies", "RUS", evidence::reported, {}, {}, {}});
  g.set_relation_attribute(r, "items", value_list{"shells", "missiles"});
  testing::scratch dir;
  io::save_csv(g, dir.path);
  CHECK(testing::read_file(dir.path / "entities.csv") ==
        "id:ID,name,kind,:LABEL,aliases:string[],external_ids:string[],days:date[],mixed:string,"
        "sizes:double[],tags:string[]\n"
        "PRK,North Korea,State,State|Actor,,,2024-06-19,[1],1|2,\"a, b|say \"\"hi\"\"\"\n"
        "RUS,Russia,State,State|Actor,,,,3,2.5,\n");
  CHECK(testing::read_file(dir.path / "relations.csv") ==
        ":START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],quotes:string[],"
        "items:string[]\n"
        "PRK,RUS,supplies,reported,,,,,shells|missiles\n");
  auto script = testing::read_file(dir.path / "load.cypher");
  CHECK(testing::contains(script,
                          "aliases STRING, external_ids STRING, `days` DATE[], `mixed` STRING, "
                          "`sizes` DOUBLE[], `tags` STRING[], PRIMARY KEY (id));"));
  // Kùzu's CSV reader has no array delimiter: array columns are read as text and split.
  CHECK(testing::contains(
      script,
      "COPY Entity FROM (LOAD WITH HEADERS (c0 STRING, c1 STRING, c2 STRING, c3 STRING, c4 "
      "STRING, c5 STRING, c6 STRING, c7 STRING, c8 STRING, c9 STRING) FROM 'entities.csv' "
      "(header=true, parallel=false) RETURN c0, c1, c2, c3, c4, c5, CAST(string_split(c6, '|') "
      "AS DATE[]), c7, CAST(string_split(c8, '|') AS DOUBLE[]), string_split(c9, '|'));"));
  CHECK(testing::contains(script,
                          "RETURN c0, c1, c2, c3, c4, c5, c6, c7, string_split(c8, "
                          "'|'));"));

  g.set_relation_attribute(r, "items", value_list{"a|b"});
  CHECK_THROWS_WITH_AS(io::save_csv(g, dir.path),
                       doctest::Contains("list item \"a|b\" holds '|', the array delimiter"),
                       io_error);
}

TEST_CASE("csv: a large graph is saved whole, a row per relation") {
  auto g = testing::many_relations(2000, 40000);
  testing::scratch dir;
  io::save_csv(g, dir.path);
  auto relations = testing::read_file(dir.path / "relations.csv");
  REQUIRE(relations.size() > (std::size_t{1} << 21));  // saved in several blocks
  CHECK(std::count(relations.begin(), relations.end(), '\n') == 40001);
  CHECK(relations.ends_with("\ne1999,e1994,condemns,reported,2024,,s,quote number 39999,39999\n"));
}

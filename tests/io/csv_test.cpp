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
        "id:ID,name,kind,:LABEL,aliases:string[],founded:date,population:double\n"
        "PRK,North Korea,State,State|Actor,DPRK|조선,1948-09-09,26000000\n"
        "kim,\"Kim, \"\"the leader\"\"\",Person,Person|Actor,,,1.5\n");
  CHECK(testing::read_file(dir.path / "out.csv" / "relations.csv") ==
        ":START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],quotes:string[],"
        "official:boolean,attribute_since:string\n"
        "kim,PRK,leads,confirmed,2011-12,,b|a,\"|leads, \"\"firmly\"\"\",true,late 2011\n");
  auto script = testing::read_file(dir.path / "out.csv" / "load.cypher");
  CHECK(script.find("CREATE NODE TABLE Entity(id STRING, name STRING, kind STRING, labels STRING, "
                    "aliases STRING, `founded` DATE, `population` DOUBLE, PRIMARY KEY (id));") !=
        std::string::npos);
  CHECK(script.find("CREATE REL TABLE Relation(FROM Entity TO Entity, type STRING, evidence "
                    "STRING, since STRING, until STRING, sources STRING, quotes STRING, "
                    "`official` BOOLEAN, `attribute_since` STRING);") != std::string::npos);
  CHECK(script.find("COPY Relation FROM 'relations.csv'") != std::string::npos);
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

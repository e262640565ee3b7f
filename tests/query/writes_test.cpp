// query.hpp, the writing half: `query(graph&, ...)` and prepared write queries as transactions,
// the summary of changes, citations stamped by `cite`, and what a const graph refuses. (Each
// write clause is covered case by case by the golden files tests/query/queries/*_writes.test.)

#include <entente/io/json.hpp>
#include <entente/query.hpp>

#include "testing.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using namespace entente;

TEST_CASE("a write query changes the graph and says what it changed") {
  auto g = testing::small_world();
  auto entities = g.num_entities();
  auto relations = g.num_relations();
  auto result = query(g, R"(CREATE (c:State {id: "CHN", name: "China"})
                            WITH c MATCH (r {id: "RUS"}) CREATE (c)-[:supports]->(r)
                            RETURN c.name AS name)");
  REQUIRE(result.size() == 1);
  CHECK(result[0][0] == query_value("China"));
  CHECK(g.num_entities() == entities + 1);
  CHECK(g.num_relations() == relations + 1);
  const auto& changes = result.changes();
  CHECK(changes.entities_created == 1);
  CHECK(changes.relations_created == 1);
  CHECK(changes.properties_set == 2);
  CHECK(to_string(changes) == "1 entity created, 1 relation created, 2 properties set");
  auto chn = g.at("China");
  CHECK(g.entity(chn).kind_name() == "State");
  CHECK(g.out_relations(chn).size() == 1);
}

TEST_CASE("a read query on a graph that may change writes nothing and reports no changes") {
  auto g = testing::small_world();
  auto before = g;
  auto result = query(g, "MATCH (s:State) RETURN count(s) AS n");
  CHECK(result[0][0] == query_value(5));
  CHECK_FALSE(result.changes().any());
  CHECK(to_string(result.changes()) == "no changes");
  CHECK(g == before);
}

TEST_CASE("a write clause on a const graph is refused before anything runs") {
  const auto g = testing::small_world();
  CHECK_THROWS_WITH_AS((void)query(g, "CREATE (n:State {id: 'X'})"),
                       doctest::Contains("CREATE changes the graph"), cypher::name_error);
  CHECK_THROWS_AS(prepared_query(g, "MATCH (n) DETACH DELETE n"), cypher::name_error);
}

TEST_CASE("a failed write query leaves the graph exactly as it was") {
  auto g = testing::small_world();
  const auto before = g;
  SUBCASE("a schema rule broken after other writes") {
    // The first CREATE succeeds; the second breaks `leads` (a Person leads, not a State).
    CHECK_THROWS_AS((void)query(g, R"(CREATE (c:State {id: "CHN", name: "China"})
                                      WITH c MATCH (r {id: "RUS"}) CREATE (r)-[:leads]->(c))"),
                    cypher::write_error);
  }
  SUBCASE("a DELETE of an entity that still has relations") {
    CHECK_THROWS_WITH_AS((void)query(g, R"(MATCH (n {id: "PRK"}) SET n.name = "DPRK" DELETE n)"),
                         doctest::Contains("DETACH DELETE"), cypher::write_error);
  }
  SUBCASE("a value of the wrong type") {
    CHECK_THROWS_WITH_AS((void)query(g, R"(MATCH ()-[r:supplies]->() SET r.evidence = "rumoured")"),
                         doctest::Contains("'evidence' must be one of"), cypher::write_error);
  }
  SUBCASE("the deadline") {
    query_options opts;
    opts.timeout = std::chrono::milliseconds(1);
    CHECK_THROWS_WITH_AS((void)query(g,
                                     "UNWIND range(1, 100000) AS i UNWIND range(1, 100000) AS j "
                                     "CREATE (:Item {name: 'x'})",
                                     opts),
                         doctest::Contains("the graph is unchanged"), error);
  }
  CHECK(g == before);
}

// What a failed write query added is taken off, and what it changed is put back: the graph
// is equal, finds the same entities by id and by name, saves to the same JSON, and takes the
// same writes again.
TEST_CASE("a failed write query takes back what it added and what it changed") {
  auto g = testing::small_world();
  // A relation with citations deleted before the query leaves its slot free for the next one.
  (void)query(g, R"(MATCH (:State {id: "PRK"})-[r:supplies]->() DELETE r)");
  const auto before = g;
  const auto json = io::write_json(g);
  auto fails = [&](const char* cypher) {
    CHECK_THROWS_AS((void)query(g, cypher), cypher::write_error);
    CHECK(g == before);
    CHECK(io::write_json(g) == json);
    CHECK(g.find_id("PRK") == before.find_id("PRK"));
    CHECK(g.find("North Korea") == before.find("North Korea"));
  };
  SUBCASE("entities and cited relations made, then a duplicate id") {
    fails(R"(CREATE (a:State {id: "CHN", name: "China"}), (b:Item {id: "drones"})
             WITH a MATCH (r {id: "RUS"})
             CREATE (a)-[:supplies {note: "gone", sources: [{id: "article-a", quote: "new"}]}]->(r)
             CREATE (:State {id: "RUS"}))");
    CHECK_FALSE(g.find_id("CHN"));
    CHECK_FALSE(g.find("China"));
    // The same writes succeed afterwards, and the freed slot serves the new citation only.
    auto made = query(g, R"(CREATE (a:State {id: "CHN", name: "China"}) WITH a
                            MATCH (r {id: "RUS"})
                            CREATE (a)-[s:supplies {sources: [{id: "article-b"}]}]->(r)
                            RETURN s.sources AS sources, keys(s) AS keys)");
    CHECK(to_string(made[0][0]) ==
          R"([{id: "article-b", title: "Lavrov in Wonsan", quote: null}])");
    CHECK(to_string(made[0][1]).find("note") == std::string::npos);
    for (relation_index r = 0; r + 1 < g.num_relations(); ++r)
      CHECK(g.relation(r).citations().size() == before.relation(r).citations().size());
  }
  SUBCASE("an entity whose id the graph already holds as a name, then a duplicate id") {
    fails(R"(CREATE (:State {id: "Russia"}) CREATE (:State {id: "PRK"}))");
    CHECK_FALSE(g.find_id("Russia"));
    CHECK(g.find("Russia") == before.find("Russia"));
  }
  SUBCASE("a name changed, then a broken rule") {
    fails(R"(MATCH (n {id: "PRK"}) SET n.name = "Juche Korea", n.motto = "x"
             WITH n MATCH (r {id: "RUS"}) CREATE (r)-[:leads]->(n))");
    CHECK_FALSE(g.find("Juche Korea"));
  }
  SUBCASE("a relation changed and one removed, then a broken rule") {
    fails(R"(MATCH (:State {id: "PRK"})-[r:supports]->() SET r.evidence = "denied"
             WITH count(*) AS c MATCH (:Person)-[l:leads]->() DELETE l
             WITH count(*) AS d MATCH (a {id: "RUS"}), (b {id: "UKR"}) CREATE (a)-[:leads]->(b))");
  }
  SUBCASE("a source declared, then a bad date") {
    fails(R"(CREATE (:Source {id: "article-z", title: "Z"}) WITH 1 AS one
             MATCH (a {id: "PRK"}), (b {id: "RUS"}) CREATE (a)-[:supports {since: "soon"}]->(b))");
    CHECK_FALSE(g.find_source("article-z"));
    CHECK(query(g, R"(CREATE (:Source {id: "article-z"}))").changes().sources_created == 1);
  }
}

TEST_CASE("a failed write query takes back the names an open schema declared") {
  graph g(schema::open());
  (void)query(g, R"(CREATE (:Ship {id: "s1"}))");
  const auto before = g;
  CHECK_THROWS_AS((void)query(g, R"(CREATE (:Port {id: "p1"}) WITH 1 AS one
                                    MATCH (s {id: "s1"}), (p {id: "p1"})
                                    CREATE (s)-[:docks_at {evidence: "surely"}]->(p))"),
                  cypher::write_error);
  CHECK(g == before);
  CHECK_FALSE(g.schema().find_kind("Port"));
  CHECK_FALSE(g.schema().find_relation_type("docks_at"));
}

TEST_CASE("a failed write query takes back the warnings of a lenient graph") {
  graph g(schema::geopolitics(), validation::lenient);
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  g.add_entity({"UKR", "State", "Ukraine", {}, {}, {}});
  CHECK_THROWS_AS((void)query(g, R"(MATCH (a {id: "RUS"}), (b {id: "UKR"})
                                    CREATE (a)-[:leads]->(b) CREATE (:State {id: "RUS"}))"),
                  cypher::write_error);
  CHECK(g.warnings().empty());
  CHECK(g.num_relations() == 0);
}

TEST_CASE("a prepared write query runs as a new transaction each time") {
  auto g = testing::small_world();
  prepared_query add(g, "CREATE (n:Item {id: $id}) RETURN n.id AS id");
  CHECK(add.writes());
  CHECK(add.run({.parameters = {{"id", "drones"}}})[0][0] == query_value("drones"));
  CHECK(add.run({.parameters = {{"id", "missiles"}}}).changes().entities_created == 1);
  CHECK(g.find_id("drones"));
  CHECK(g.find_id("missiles"));
  auto before = g;
  CHECK_THROWS_WITH_AS((void)add.run({.parameters = {{"id", "drones"}}}),
                       doctest::Contains("already in the graph"), cypher::write_error);
  CHECK(g == before);
  CHECK(add.run({.parameters = {{"id", "rockets"}}}).changes().entities_created == 1);
}

TEST_CASE("cite stamps every relation a query creates") {
  auto g = testing::small_world();
  query_options opts;
  opts.cite = {{"article-b", "Lavrov praised the alliance", std::nullopt}};
  auto result = query(g,
                      R"(MATCH (a {id: "RUS"}), (b {id: "PRK"})
                         CREATE (a)-[r:supplies {item: "oil", sources: ["article-a"]}]->(b)
                         RETURN r.sources AS sources)",
                      opts);
  REQUIRE(result.size() == 1);
  CHECK(to_string(result[0][0]) ==
        R"([{id: "article-a", title: "North Korea backs Russia", quote: null}, )"
        R"({id: "article-b", title: "Lavrov in Wonsan", quote: "Lavrov praised the alliance"}])");
  opts.cite = {{"article-z", "", std::nullopt}};
  auto before = g;
  CHECK_THROWS_WITH_AS(
      (void)query(g, R"(MATCH (a {id: "RUS"}), (b {id: "PRK"}) CREATE (a)-[:aids]->(b))", opts),
      doctest::Contains("unknown source 'article-z'"), cypher::write_error);
  CHECK(g == before);
}

TEST_CASE("the C++ builder writes as Cypher text does") {
  using namespace entente::pattern;
  auto g = testing::small_world();
  auto made = query_builder()
                  .match(node("a", "", {{"id", "PRK"}}))
                  .create(node("a")
                              .out("supplies", "r")
                              .with({{"item", "drones"}, {"evidence", "alleged"}})
                              .to(node("b", "State", {{"id", "BLR"}, {"name", "Belarus"}})))
                  .returns(prop("r", "evidence").as("evidence"));
  CHECK(made.text() ==
        "MATCH (a {id: \"PRK\"})\n"
        "CREATE (a)-[r:supplies {item: \"drones\", evidence: \"alleged\"}]->(b:State {id: \"BLR\", "
        "name: \"Belarus\"})\n"
        "RETURN r.evidence AS evidence");
  auto rows = made.run(g);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == query_value("alleged"));
  CHECK(rows.changes().entities_created == 1);

  auto merged = query_builder()
                    .merge(node("s", "State", {{"id", "BLR"}}))
                    .on_create_set(prop("s", "new"), true)
                    .on_match_set(prop("s", "seen"), 1)
                    .set(prop("s", "capital"), "Minsk")
                    .set_add(var("s"), expr::from_text("{landlocked: true}"))
                    .remove(prop("s", "seen"))
                    .returns({{prop("s", "capital"), "capital"}, {prop("s", "seen"), "seen"}});
  auto again = merged.run(g);
  CHECK(again[0][0] == query_value("Minsk"));
  CHECK(again[0][1].is_null());
  CHECK(again.changes().properties_set == 4);  // seen, capital, landlocked, seen removed

  auto kind = query_builder().match(node("s", "", {{"id", "BLR"}})).set_kind("s", "Organization");
  CHECK(kind.text() == "MATCH (s {id: \"BLR\"})\nSET s:Organization");
  CHECK(kind.run(g).changes().kinds_set == 1);

  auto gone = query_builder().match(node("s", "", {{"id", "BLR"}})).detach_delete({var("s")});
  CHECK(gone.text() == "MATCH (s {id: \"BLR\"})\nDETACH DELETE s");
  CHECK(to_string(gone.run(g).changes()) == "1 entity deleted, 1 relation deleted");
  CHECK_FALSE(g.find_id("BLR"));
  CHECK_THROWS_AS(query_builder().match(node("a")).on_create_set(prop("a", "x"), 1), error);
}

#include <entente/analysis.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

using namespace entente;

namespace {
// Two articles about one visit: one places it in Pyongyang, the other in Moscow.
graph two_accounts() {
  graph g = testing::small_world();
  g.add_entity({"pyongyang", "Place", "Pyongyang"});
  g.add_entity({"moscow", "Place", "Moscow"});
  g.add_entity({"lavrov-visit", "Event", "Lavrov's visit"});
  g.add_relation(
      {"pyongyang", "located_in", "PRK", evidence::confirmed, {}, {{"reference", "", {}}}});
  g.add_relation({"moscow", "located_in", "RUS", evidence::confirmed, {}, {{"reference", "", {}}}});
  g.add_relation({"lavrov-visit",
                  "located_in",
                  "pyongyang",
                  evidence::reported,
                  {date(2024, 7), date(2024, 7)},
                  {{"article-a", "visit to Pyongyang", {}}}});
  g.add_relation({"lavrov-visit",
                  "located_in",
                  "moscow",
                  evidence::reported,
                  {},
                  {{"article-b", "visit to Moscow", {}}}});
  return g;
}
}  // namespace

TEST_CASE("analysis: a clean graph has no schema violations and no unsourced relations") {
  auto g = testing::small_world();
  CHECK(schema_violations(g).empty());
  CHECK(unsourced_relations(g).empty());
  CHECK(contradictions(g).empty());
}

TEST_CASE("analysis: schema violations kept by lenient mode are listed with their rule") {
  graph g(schema::geopolitics(), validation::lenient);
  g.add_entity({"PRK", "State", "North Korea"});
  g.add_entity({"RUS", "State", "Russia"});
  auto r = g.add_relation({"PRK", "leads", "RUS"});
  auto found = schema_violations(g);
  REQUIRE(found.size() == 1);
  CHECK(found[0].relation == r);
  CHECK(found[0].rule == "rule leads.domain: the source must be Person, not State");
}

TEST_CASE("analysis: relations without a source are listed") {
  auto g = testing::small_world();
  auto r = g.add_relation({"KOR", "condemns", "RUS", evidence::reported});
  CHECK(unsourced_relations(g) == std::vector<relation_index>{r});
}

TEST_CASE("analysis: two sources placing one event in different places contradict each other") {
  auto g = two_accounts();
  auto found = contradictions(g);
  REQUIRE(found.size() == 1);
  const auto& c = found[0];
  CHECK(g.entity(c.subject).id() == "lavrov-visit");
  CHECK(g.schema().relation_type_at(c.type).name == "located_in");
  REQUIRE(c.sides.size() == 2);
  CHECK(c.sides[0].sources == std::vector<source_index>{*g.find_source("article-a")});
  CHECK(c.sides[1].sources == std::vector<source_index>{*g.find_source("article-b")});
  CHECK(c.reason == "located_in allows one target at a time, and these differ");
}

TEST_CASE("analysis: a place and the state it lies in are no contradiction") {
  auto g = two_accounts();
  g.remove_relation(g.out_relations(g.at("lavrov-visit"))[1].relation);  // drop the Moscow claim
  g.add_relation({"lavrov-visit",
                  "located_in",
                  "PRK",
                  evidence::reported,
                  {},
                  {{"article-b", "in North Korea", {}}}});
  CHECK(contradictions(g).empty());
}

TEST_CASE("analysis: different places at different times are no contradiction") {
  auto g = two_accounts();
  auto moscow_claim = g.out_relations(g.at("lavrov-visit"))[1].relation;
  REQUIRE(g.entity(g.to(moscow_claim)).id() == "moscow");
  g.set_valid(moscow_claim, {date(2023, 3), date(2023, 3)});
  CHECK(contradictions(g).empty());
}

TEST_CASE("analysis: a relation asserted by one source and denied by another") {
  auto g = testing::small_world();
  auto denial = g.add_relation({"PRK",
                                "supplies",
                                "RUS",
                                evidence::denied,
                                {},
                                {{"article-b", "Pyongyang denies any arms transfers", {}}}});
  auto found = contradictions(g);
  REQUIRE(found.size() == 1);
  CHECK(found[0].reason == "asserted by one side and denied by the other");
  REQUIRE(found[0].sides.size() == 2);
  CHECK(found[0].sides[1].relations == std::vector<relation_index>{denial});
  CHECK(found[0].sides[0].sources == std::vector<source_index>{*g.find_source("article-a")});
}

TEST_CASE("analysis: intervals overlap when they share a day") {
  CHECK(overlaps({date(2014), {}}, {{}, date(2014, 1, 1)}));
  CHECK_FALSE(overlaps({date(2015), {}}, {{}, date(2014)}));
  CHECK(overlaps({}, {date(2020), date(2021)}));
  CHECK_FALSE(overlaps({date(2024, 7), date(2024, 7)}, {date(2024, 8), {}}));
}

namespace {
// A -> B -> C -> A, D -> A twice (parallel), A -> E; E has no out-relations (dangling).
graph five() {
  graph g;
  for (const char* id : {"A", "B", "C", "D", "E"}) g.add_entity({id, "State", id});
  for (auto [from, to] : std::vector<std::pair<const char*, const char*>>{
           {"A", "B"}, {"B", "C"}, {"C", "A"}, {"D", "A"}, {"D", "A"}, {"A", "E"}})
    g.add_relation({from, "supports", to, evidence::reported});
  return g;
}
}  // namespace

TEST_CASE("analysis: pagerank matches NetworkX's definition") {
  auto g = five();
  auto rank = pagerank(g, {.max_iterations = 1000, .tolerance = 1e-12});
  // networkx.pagerank(MultiDiGraph of the same relations, alpha=0.85, tol=1e-10)
  CHECK(rank[g.at("A")] == doctest::Approx(0.3131648177).epsilon(1e-8));
  CHECK(rank[g.at("B")] == doctest::Approx(0.1965000572).epsilon(1e-8));
  CHECK(rank[g.at("C")] == doctest::Approx(0.2304300583).epsilon(1e-8));
  CHECK(rank[g.at("D")] == doctest::Approx(0.0634050097).epsilon(1e-8));
  CHECK(rank[g.at("E")] == doctest::Approx(0.1965000572).epsilon(1e-8));
}

TEST_CASE("analysis: pagerank on a view ranks only what the view keeps") {
  auto g = testing::small_world();
  auto states = make_view(g, {.kinds = {"State"}});
  auto rank = pagerank(states);
  double total = 0;
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    if (g.entity(e).kind_name() != "State") CHECK(rank[e] == 0.0);
    total += rank[e];
  }
  CHECK(total == doctest::Approx(1.0));
  CHECK(rank[g.at("RUS")] > rank[g.at("KOR")]);
}

TEST_CASE("analysis: pagerank gives the same ranks on two threads") {
  graph g;
  const int n = 6000;  // large enough to be split between threads
  for (int i = 0; i < n; ++i) g.add_entity(std::to_string(i), 0, "");
  auto supports = g.schema().relation_type("supports");
  for (int i = 0; i < n; ++i) {
    g.add_relation(static_cast<entity_index>(i), supports, static_cast<entity_index>((i * 7 + 3) % n));
    g.add_relation(static_cast<entity_index>(i), supports, static_cast<entity_index>((i * i + 1) % n));
  }
  auto one = pagerank(g);
  auto two = pagerank(g, {.threads = 2});
  for (int i = 0; i < n; ++i) CHECK(one[i] == two[i]);
}

TEST_CASE("analysis: degrees count relations in and out") {
  auto g = testing::small_world();
  auto d = degrees(g);
  CHECK(d[g.at("RUS")] == 9);
  CHECK(d[g.at("artillery-shells")] == 1);
  auto conflict = make_view(g, {.relation_types = {"sanctions", "condemns"}});
  CHECK(degrees(conflict)[g.at("PRK")] == 2);
}

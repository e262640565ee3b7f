// Consistency checks: schema violations, unsourced relations, contradictions, overlaps.

#include <entente/analysis/consistency.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <vector>

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

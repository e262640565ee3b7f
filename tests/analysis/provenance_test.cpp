// Corroboration: facts, their sources, and how many are independent.

#include <entente/analysis/provenance.hpp>
#include <entente/view.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <vector>

using namespace entente;

TEST_CASE("analysis: corroboration merges parallel relations and counts sources") {
  auto g = testing::small_world();
  auto prk_supports_rus = g.out_relations(g.at("PRK"), g.schema().relation_type("supports"));
  REQUIRE(prk_supports_rus.size() == 2);
  auto fact = corroboration(g, prk_supports_rus[0].relation);
  CHECK(fact.from == g.at("PRK"));
  CHECK(fact.to == g.at("RUS"));
  CHECK_FALSE(fact.denied);
  CHECK(fact.relations.size() == 2);
  CHECK(fact.sources ==
        std::vector<source_index>{*g.find_source("article-a"), *g.find_source("article-b")});
  CHECK(fact.independent == 2);

  auto all = corroboration(g);
  CHECK(all.size() == g.num_relations() - 1);  // the two supports merge
  for (const auto& f : all) CHECK(f.independent >= 1);
}

TEST_CASE("analysis: sources from one publisher count once, denials apart") {
  auto g = testing::small_world();
  g.add_source({"article-c", "More on the shells", "Example Daily", date(2024, 8), ""});
  g.add_source({"note", "An unpublished note", "", date(), ""});
  auto supplies = g.out_relations(g.at("PRK"), g.schema().relation_type("supplies"))[0].relation;
  g.add_relation({"PRK", "supplies", "RUS", evidence::alleged, {}, {{"article-c", "", {}}}});
  g.add_relation({"PRK", "supplies", "RUS", evidence::speculated, {}, {{"note", "", {}}}});
  auto denial = g.add_relation(
      {"PRK", "supplies", "RUS", evidence::denied, {}, {{"article-b", "denies", {}}}});
  auto fact = corroboration(g, supplies);
  CHECK(fact.relations.size() == 3);
  CHECK(fact.sources.size() == 3);  // article-a, article-c, note
  CHECK(fact.independent == 2);     // Example Daily, and the note
  auto denied = corroboration(g, denial);
  CHECK(denied.denied);
  CHECK(denied.relations == std::vector<relation_index>{denial});
  CHECK(denied.independent == 1);

  auto from_daily = make_view(g, {.sources = {"article-c"}});
  CHECK(corroboration(from_daily).size() == 1);
  CHECK_THROWS_WITH_AS((void)corroboration(from_daily, supplies),
                       doctest::Contains("is not in the view"), lookup_error);
  CHECK_THROWS_AS((void)corroboration(g, 9999), lookup_error);
}

TEST_CASE("analysis: the two readings of a symmetric relation are one fact") {
  auto g = testing::small_world();
  auto one = g.add_relation(
      {"PRK", "allied_with", "RUS", evidence::confirmed, {}, {{"article-a", "", {}}}});
  g.add_relation({"RUS", "allied_with", "PRK", evidence::confirmed, {}, {{"article-b", "", {}}}});
  auto fact = corroboration(g, one);
  CHECK(fact.relations.size() == 2);
  CHECK(fact.independent == 2);
}

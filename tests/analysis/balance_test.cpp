// The signed graph: signed ties, structural balance and unbalanced triads.

#include <entente/analysis/balance.hpp>
#include <entente/view.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using namespace entente;

namespace {
// States "0".."n-1" and, per (a, b, sign), a `supports` (+1) or `opposes` (−1) from a to b.
graph signed_graph(int n, const std::vector<std::tuple<int, int, int>>& ties) {
  graph g;
  for (int i = 0; i < n; ++i) g.add_entity(std::to_string(i), 0, "");
  auto supports = g.schema().relation_type("supports");
  auto opposes = g.schema().relation_type("opposes");
  for (auto [a, b, sign] : ties)
    g.add_relation(static_cast<entity_index>(a), sign > 0 ? supports : opposes,
                   static_cast<entity_index>(b));
  return g;
}

// The fewest unbalanced ties over every assignment of n entities to k camps, by enumeration.
std::size_t fewest_unbalanced(int n, std::size_t k,
                              const std::vector<std::tuple<int, int, int>>& ties) {
  std::vector<std::size_t> camp(static_cast<std::size_t>(n), 0);
  std::size_t best = ties.size();
  while (true) {
    std::size_t bad = 0;
    for (auto [a, b, sign] : ties)
      bad += (camp[static_cast<std::size_t>(a)] == camp[static_cast<std::size_t>(b)]) != (sign > 0);
    best = std::min(best, bad);
    std::size_t i = 0;
    while (i < camp.size() && ++camp[i] == k) camp[i++] = 0;
    if (i == camp.size()) return best;
  }
}

// Random ties between n entities, no pair twice, from a fixed linear congruential sequence.
std::vector<std::tuple<int, int, int>> random_ties(int n, int count, std::uint32_t seed) {
  std::vector<std::tuple<int, int, int>> ties;
  std::set<std::pair<int, int>> used;
  auto next = [&] { return (seed = seed * 1664525u + 1013904223u) >> 8; };
  while (static_cast<int>(ties.size()) < count) {
    int a = static_cast<int>(next() % static_cast<std::uint32_t>(n));
    int b = static_cast<int>(next() % static_cast<std::uint32_t>(n));
    if (a == b || !used.insert({std::min(a, b), std::max(a, b)}).second) continue;
    ties.emplace_back(a, b, next() % 3 == 0 ? -1 : 1);
  }
  return ties;
}
}  // namespace

TEST_CASE("analysis: signed ties add up the signs of every relation between a pair") {
  auto g = testing::small_world();
  auto ties = signed_ties(g);
  // PRK-RUS (+4: supports twice, supplies, aids), RUS-UKR, USA-RUS, USA-UKR, KOR-PRK,
  // lavrov-PRK (visits), RUS-shells (seeks), EU-PRK; leads and holds_office carry no sign.
  CHECK(ties.size() == 8);
  REQUIRE(ties.front().a == g.at("PRK"));
  CHECK(ties.front().b == g.at("RUS"));
  CHECK(ties.front().sum == 4);
  CHECK(ties.front().relations.size() == 4);

  g.add_relation({"RUS", "condemns", "USA", evidence::reported});
  g.add_relation({"USA", "meets_with", "RUS", evidence::reported});
  g.add_relation({"PRK", "sanctions", "PRK", evidence::reported});  // with itself: no tie
  auto later = signed_ties(g);
  // USA-RUS now has sanctions, condemns and meets_with: −1.
  auto usa_rus = std::find_if(later.begin(), later.end(), [&](const signed_tie& t) {
    return t.a == g.at("RUS") && t.b == g.at("USA");
  });
  REQUIRE(usa_rus != later.end());
  CHECK(usa_rus->sum == -1);
  CHECK(usa_rus->relations.size() == 3);
  CHECK(later.size() == 8);

  g.add_relation({"USA", "supports", "RUS", evidence::denied});    // denied: carries no sign
  g.add_relation({"KOR", "supports", "PRK", evidence::reported});  // cancels the condemnation
  auto cancelled = signed_ties(g);
  CHECK(cancelled.size() == 7);
  CHECK(std::none_of(cancelled.begin(), cancelled.end(),
                     [&](const signed_tie& t) { return t.b == g.at("KOR"); }));
}

TEST_CASE("analysis: the small world splits into two balanced camps") {
  auto g = testing::small_world();
  auto blocs = structural_balance(g);
  CHECK(blocs.ties == 8);
  CHECK(blocs.frustration == 0);
  CHECK(blocs.unbalanced.empty());
  CHECK(blocs.balance_ratio == 1.0);
  CHECK(blocs.exact);
  CHECK(blocs.camps == 2);
  for (const char* friend_of_russia : {"PRK", "RUS", "sergey-lavrov", "artillery-shells"})
    CHECK(blocs.camp[g.at(friend_of_russia)] == 0);
  for (const char* other : {"UKR", "USA", "KOR", "european-union"})
    CHECK(blocs.camp[g.at(other)] == 1);
  CHECK(blocs.camp[g.at("kim-jong-un")] == balance_result::none);  // `leads` carries no sign
}

TEST_CASE("analysis: an unbalanced triangle leaves one tie unbalanced") {
  // 0 and 1 are friends, both friends of 2, but 0 opposes 2.
  auto g = signed_graph(3, {{0, 1, 1}, {1, 2, 1}, {0, 2, -1}});
  auto blocs = structural_balance(g);
  CHECK(blocs.frustration == 1);
  CHECK(blocs.ties == 3);
  CHECK(blocs.balance_ratio == doctest::Approx(2.0 / 3));
  CHECK(blocs.unbalanced.size() == 1);
  CHECK(blocs.exact);

  auto triads = unbalanced_triads(g);
  REQUIRE(triads.size() == 1);
  CHECK(triads[0].entities == std::array<entity_index, 3>{0, 1, 2});
  CHECK(triads[0].signs == std::array<int, 3>{1, -1, 1});
  CHECK(triads[0].relations == std::vector<relation_index>{0, 1, 2});
}

TEST_CASE("analysis: entities with one tie are set aside, and lower bounds prove optimality") {
  // A triangle that cannot balance, with a tree of single ties hanging from it.
  auto g = signed_graph(
      7, {{0, 1, 1}, {1, 2, 1}, {0, 2, -1}, {2, 3, -1}, {3, 4, 1}, {3, 5, -1}, {0, 6, -1}});
  auto searched = structural_balance(g, {.exact_up_to = 0});
  CHECK(searched.frustration == 1);
  CHECK(searched.exact);  // one unbalanced triad: at least one tie must be unbalanced
  CHECK(searched.camp[3] != searched.camp[2]);
  CHECK(searched.camp[4] == searched.camp[3]);
  CHECK(searched.camp[5] != searched.camp[3]);
  CHECK(searched.camp[6] != searched.camp[0]);

  auto tree = signed_graph(5, {{0, 1, -1}, {1, 2, -1}, {2, 3, 1}, {2, 4, -1}});
  auto balanced = structural_balance(tree, {.exact_up_to = 0});
  CHECK(balanced.frustration == 0);
  CHECK(balanced.exact);
  CHECK(balanced.camp == std::vector<std::size_t>{0, 1, 0, 0, 1});
}

TEST_CASE("analysis: three mutual enemies need three camps") {
  auto g = signed_graph(3, {{0, 1, -1}, {1, 2, -1}, {2, 0, -1}});
  auto two = structural_balance(g);
  CHECK(two.frustration == 1);  // under classic balance, an all-negative triangle is unbalanced
  auto three = structural_balance(g, {.camps = 3});
  CHECK(three.frustration == 0);
  CHECK(three.camps == 3);
  CHECK(three.camp == std::vector<std::size_t>{0, 1, 2});
  auto one = structural_balance(g, {.camps = 1});
  CHECK(one.frustration == 3);
  CHECK(unbalanced_triads(g).size() == 1);  // the sign product is negative
}

TEST_CASE("analysis: unbalanced triads in a view and with balanced ones left out") {
  // 0,1,2: + + + (balanced); 1,2,3: + − − (balanced); 0,2,3: + − + (unbalanced)
  auto g = signed_graph(4, {{0, 1, 1}, {0, 2, 1}, {1, 2, 1}, {1, 3, -1}, {2, 3, -1}, {0, 3, 1}});
  auto triads = unbalanced_triads(g);
  REQUIRE(triads.size() == 2);
  CHECK(triads[0].entities == std::array<entity_index, 3>{0, 1, 3});
  CHECK(triads[1].entities == std::array<entity_index, 3>{0, 2, 3});
  auto without_support = make_view(g, {.relation_types = {"opposes"}});
  CHECK(unbalanced_triads(without_support).empty());
}

TEST_CASE("analysis: structural balance is exact on small signed graphs") {
  for (std::uint32_t seed : {1u, 2u, 3u, 4u}) {
    CAPTURE(seed);
    const int n = 11;
    auto ties = random_ties(n, 26, seed);
    auto g = signed_graph(n, ties);
    for (std::size_t k : {2u, 3u}) {
      CAPTURE(k);
      auto fewest = fewest_unbalanced(n, k, ties);
      auto exact = structural_balance(g, {.camps = k});
      CHECK(exact.exact);
      CHECK(exact.frustration == fewest);
      auto searched = structural_balance(g, {.camps = k, .exact_up_to = 0});
      CHECK(searched.frustration == fewest);
      // The frustration is what the camps say.
      std::size_t bad = 0;
      for (auto [a, b, sign] : ties)
        bad += (exact.camp[static_cast<std::size_t>(a)] ==
                exact.camp[static_cast<std::size_t>(b)]) != (sign > 0);
      CHECK(bad == exact.frustration);
    }
  }
}

TEST_CASE(
    "analysis: local search finds planted camps in a large signed graph, the same every run") {
  // 300 entities in two planted camps; ties follow the camps except every tenth, which lies.
  const int n = 300;
  std::vector<std::tuple<int, int, int>> ties;
  std::size_t lies = 0;
  for (int i = 0; i < n; ++i)
    for (int step : {1, 7, 31}) {
      int j = (i + step) % n;
      int sign = (i % 2 == j % 2) ? 1 : -1;
      if (ties.size() % 10 == 9) {
        sign = -sign;
        ++lies;
      }
      ties.emplace_back(i, j, sign);
    }
  auto g = signed_graph(n, ties);
  auto blocs = structural_balance(g, {.seed = 7});
  CHECK_FALSE(blocs.exact);
  CHECK(blocs.frustration <= lies);
  auto again = structural_balance(g, {.seed = 7});
  CHECK(again.camp == blocs.camp);
  CHECK(again.unbalanced == blocs.unbalanced);
}

TEST_CASE("analysis: a branch and bound cut short says it is not exact") {
  auto ties = random_ties(20, 80, 11);
  auto g = signed_graph(20, ties);
  auto cut = structural_balance(g, {.max_steps = 10});
  CHECK_FALSE(cut.exact);
  auto full = structural_balance(g);
  CHECK(full.exact);
  CHECK(full.frustration <= cut.frustration);
}

TEST_CASE("analysis: structural balance refuses zero camps") {
  auto g = testing::small_world();
  CHECK_THROWS_WITH_AS((void)structural_balance(g, {.camps = 0}),
                       "structural_balance: camps must be at least 1", entente::error);
}

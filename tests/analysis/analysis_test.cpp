// The analyses together, through the umbrella header, on the bundled knowledge base.

#include <entente/analysis.hpp>
#include <entente/io/load.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <vector>

using namespace entente;

TEST_CASE("analysis: the articles' camps, brokers and partnership") {
  auto g = io::load(std::filesystem::path(ENTENTE_DATA_DIR) / "korea_russia.kg.json");
  const auto prk = g.at("PRK"), rus = g.at("RUS"), ukr = g.at("UKR");

  // Both articles describe North Korea and Russia as allies against Ukraine and the West.
  auto blocs = structural_balance(g);
  REQUIRE(blocs.camp[prk] != balance_result::none);
  CHECK(blocs.camp[prk] == blocs.camp[rus]);
  CHECK(blocs.camp[ukr] != blocs.camp[rus]);
  for (const char* west : {"USA", "KOR", "JPN", "the-west", "european-union"})
    CHECK(blocs.camp[g.at(west)] != blocs.camp[rus]);
  CHECK(blocs.balance_ratio > 0.8);
  // Russia sits on the Security Council that sanctions its ally: no two camps balance that.
  auto triads = unbalanced_triads(g);
  const std::array<entity_index, 3> council_triad = [&] {
    std::array<entity_index, 3> t{prk, rus, g.at("un-security-council")};
    std::sort(t.begin(), t.end());
    return t;
  }();
  CHECK(std::any_of(triads.begin(), triads.end(),
                    [&](const triad& t) { return t.entities == council_triad; }));
  CHECK(blocs.frustration >= 1);
  CHECK(blocs.exact);

  // North Korea and Russia are what both articles are about, the link between every other
  // party: they are the two brokers.
  // networkx.betweenness_centrality(MultiDiGraph of the 169 relations): PRK 0.1488, RUS 0.0936
  auto brokers = betweenness(g, {.threads = 2});
  std::vector<entity_index> order(g.num_entities());
  for (entity_index e = 0; e < g.num_entities(); ++e) order[e] = e;
  std::stable_sort(order.begin(), order.end(),
                   [&](entity_index x, entity_index y) { return brokers[x] > brokers[y]; });
  CHECK(order[0] == prk);
  CHECK(order[1] == rus);
  CHECK(brokers[prk] == doctest::Approx(0.14883814102564102).epsilon(1e-9));
  CHECK(brokers[rus] == doctest::Approx(0.09358974358974359).epsilon(1e-9));
  auto undirected = betweenness(g, {.directed = false});
  CHECK(undirected[prk] == doctest::Approx(0.49849185332641216).epsilon(1e-9));
  CHECK(undirected[rus] == doctest::Approx(0.3000713440970792).epsilon(1e-9));

  // networkx: 8 weakly and 52 strongly connected components; the largest strong one holds the
  // two states with the West, its members and the UN bodies that sanction or shield them.
  CHECK(connected_components(g).count == 8);
  auto strong = connected_components(g, component_kind::strong);
  CHECK(strong.count == 52);
  CHECK(strong.of[prk] == strong.of[rus]);
  CHECK(strong.of[prk] == strong.of[g.at("the-west")]);
  CHECK(strong.of[ukr] != strong.of[rus]);

  // The partnership is cooperative in every year the graph covers from the 2023 summit on.
  auto partnership = net_cooperation(g, prk, rus);
  CHECK(partnership.total > 0);
  for (const auto& year : partnership.years)
    if (year.year >= 2023) CHECK(year.score > 0);

  // The alliance is stated in both articles.
  auto allied = g.out_relations(prk, g.schema().relation_type("allied_with"));
  REQUIRE(allied.size() == 1);
  CHECK(corroboration(g, allied[0].relation).independent >= 2);
}

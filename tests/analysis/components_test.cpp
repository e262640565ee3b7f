// Connected components, and the neighbourhood of an entity.

#include <entente/analysis/components.hpp>
#include <entente/analysis/neighbourhood.hpp>
#include <entente/view.hpp>

#include <doctest/doctest.h>

#include "states.hpp"
#include "testing.hpp"

#include <cstddef>
#include <set>
#include <string>
#include <vector>

using namespace entente;
using testing::states;

TEST_CASE("analysis: weak and strong components, numbered by their smallest entity") {
  // A <-> B -> C, D -> E; F alone.
  auto g = states({"A", "B", "C", "D", "E", "F"}, {{"A", "supports", "B"},
                                                   {"B", "supports", "A"},
                                                   {"B", "supports", "C"},
                                                   {"D", "supports", "E"}});
  auto weak = connected_components(g);
  CHECK(weak.count == 3);
  CHECK(weak.of == std::vector<std::size_t>{0, 0, 0, 1, 1, 2});
  auto strong = connected_components(g, component_kind::strong);
  CHECK(strong.count == 5);
  CHECK(strong.of == std::vector<std::size_t>{0, 0, 1, 2, 3, 4});
}

TEST_CASE("analysis: components of the small world and of a view of it") {
  auto g = testing::small_world();
  CHECK(connected_components(g).count == 1);
  // networkx.strongly_connected_components: {PRK, RUS} and eight single entities
  auto strong = connected_components(g, component_kind::strong);
  CHECK(strong.count == 9);
  CHECK(strong.of[g.at("PRK")] == strong.of[g.at("RUS")]);
  CHECK(strong.of[g.at("UKR")] != strong.of[g.at("RUS")]);

  auto conflict = make_view(g, {.relation_types = {"sanctions", "wages_war_on"}});
  auto parts = connected_components(conflict);
  CHECK(parts.count == g.num_entities() - 3);  // USA-RUS-UKR, EU-PRK, five alone
  CHECK(parts.of[g.at("USA")] == parts.of[g.at("UKR")]);
  CHECK(parts.of[g.at("european-union")] == parts.of[g.at("PRK")]);
  CHECK(parts.of[g.at("PRK")] != parts.of[g.at("RUS")]);

  auto people = make_view(g, {.kinds = {"Person"}});
  auto alone = connected_components(people);
  CHECK(alone.count == 3);
  CHECK(alone.of[g.at("PRK")] == components::none);
  CHECK(alone.of[g.at("kim-jong-un")] == 0);
}

TEST_CASE("analysis: strong components survive a long chain without deep recursion") {
  graph g;
  const int n = 200000;
  for (int i = 0; i < n; ++i) g.add_entity(std::to_string(i), 0, "");
  auto supports = g.schema().relation_type("supports");
  for (int i = 0; i + 1 < n; ++i)
    g.add_relation(static_cast<entity_index>(i), supports, static_cast<entity_index>(i + 1));
  g.add_relation(static_cast<entity_index>(n - 1), supports, 0);
  auto strong = connected_components(g, component_kind::strong);
  CHECK(strong.count == 1);
}

TEST_CASE("analysis: neighbourhood lists entities nearest first, either way") {
  auto g = testing::small_world();
  const auto kim = g.at("kim-jong-un"), prk = g.at("PRK");
  CHECK(neighbourhood(g, kim, 0) == std::vector<entity_index>{kim});
  CHECK(neighbourhood(g, kim, 1) == std::vector<entity_index>{kim, prk});
  auto two = neighbourhood(g, kim, 2);
  REQUIRE(two.size() == 6);
  CHECK(std::vector<entity_index>(two.begin(), two.begin() + 2) == std::vector{kim, prk});
  std::set<entity_index> second(two.begin() + 2, two.end());
  CHECK(second == std::set<entity_index>{g.at("RUS"), g.at("KOR"), g.at("sergey-lavrov"),
                                         g.at("european-union")});
  CHECK(neighbourhood(g, kim, 10).size() == g.num_entities());
  // Through a view: only `leads` relations, and nothing when the view drops the centre.
  CHECK(neighbourhood(make_view(g, {.relation_types = {"leads"}}), kim, 5) ==
        std::vector<entity_index>{kim, prk});
  CHECK(neighbourhood(make_view(g, {.kinds = {"State"}}), kim, 2).empty());
  CHECK(neighbourhood(g, 99, 2).empty());
}

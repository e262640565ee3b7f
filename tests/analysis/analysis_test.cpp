#include <entente/analysis.hpp>
#include <entente/io/load.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <set>
#include <tuple>

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
    g.add_relation(static_cast<entity_index>(i), supports,
                   static_cast<entity_index>((i * 7 + 3) % n));
    g.add_relation(static_cast<entity_index>(i), supports,
                   static_cast<entity_index>((i * i + 1) % n));
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

// ---- betweenness -----------------------------------------------------------------------------

namespace {
// States named by `ids`, and one relation of `type` per (from, to) pair.
graph states(std::initializer_list<const char*> ids,
             const std::vector<std::tuple<const char*, const char*, const char*>>& relations) {
  graph g;
  for (const char* id : ids) g.add_entity({id, "State", id});
  for (const auto& [from, type, to] : relations)
    g.add_relation({from, type, to, evidence::reported});
  return g;
}

// n states "0".."n-1" with relations i -> 7i+3 and i -> i²+1 (mod n), plus self-loops and
// parallel relations, which must change nothing.
graph modular(int n) {
  graph g;
  for (int i = 0; i < n; ++i) g.add_entity(std::to_string(i), 0, "");
  auto supports = g.schema().relation_type("supports");
  auto add = [&](int from, int to) {
    g.add_relation(static_cast<entity_index>(from), supports, static_cast<entity_index>(to));
  };
  for (int i = 0; i < n; ++i) {
    add(i, (i * 7 + 3) % n);
    add(i, (i * i + 1) % n);
  }
  for (int i = 0; i < n; i += 9) add(i, i);
  for (int i = 0; i < n; i += 5) add(i, (i * 7 + 3) % n);
  return g;
}
}  // namespace

TEST_CASE("analysis: betweenness matches NetworkX on the small world") {
  auto g = testing::small_world();
  const auto prk = g.at("PRK"), rus = g.at("RUS");
  // networkx.betweenness_centrality(MultiDiGraph or MultiGraph of the same relations)
  SUBCASE("directed, normalized") {
    auto b = betweenness(g);
    CHECK(b[prk] == doctest::Approx(0.125).epsilon(1e-12));
    CHECK(b[rus] == doctest::Approx(0.208333333333333333).epsilon(1e-12));
    for (entity_index e = 0; e < g.num_entities(); ++e)
      if (e != prk && e != rus) CHECK(b[e] == 0.0);
  }
  SUBCASE("directed, raw counts of shortest paths") {
    auto b = betweenness(g, {.normalized = false});
    CHECK(b[prk] == doctest::Approx(9.0));
    CHECK(b[rus] == doctest::Approx(15.0));
  }
  SUBCASE("undirected") {
    auto b = betweenness(g, {.directed = false});
    CHECK(b[prk] == doctest::Approx(0.583333333333333333).epsilon(1e-12));
    CHECK(b[rus] == doctest::Approx(0.694444444444444444).epsilon(1e-12));
    auto raw = betweenness(g, {.normalized = false, .directed = false});
    CHECK(raw[prk] == doctest::Approx(21.0));
    CHECK(raw[rus] == doctest::Approx(25.0));
  }
}

TEST_CASE("analysis: betweenness counts parallel relations as one link, as NetworkX does") {
  // A reaches D through B and through C; A -> B twice. Counting relations would give B 2/3 of
  // the A-D paths; NetworkX walks neighbours, so B and C share them evenly.
  auto g = states({"A", "B", "C", "D"}, {{"A", "supports", "B"},
                                         {"A", "supports", "B"},
                                         {"A", "supports", "C"},
                                         {"B", "supports", "D"},
                                         {"C", "supports", "D"}});
  auto b = betweenness(g, {.normalized = false});
  CHECK(b[g.at("B")] == doctest::Approx(0.5));
  CHECK(b[g.at("C")] == doctest::Approx(0.5));
  CHECK(b[g.at("A")] == 0.0);
  CHECK(b[g.at("D")] == 0.0);
}

TEST_CASE("analysis: betweenness on a view normalizes by the entities the view keeps") {
  auto g = testing::small_world();
  auto only_states = make_view(g, {.kinds = {"State"}});
  // networkx on the five states and the eight relations between them
  auto b = betweenness(only_states);
  CHECK(b[g.at("PRK")] == doctest::Approx(1.0 / 6).epsilon(1e-12));
  CHECK(b[g.at("RUS")] == doctest::Approx(0.25).epsilon(1e-12));
  CHECK(b[g.at("kim-jong-un")] == 0.0);
  auto raw = betweenness(only_states, {.normalized = false, .directed = false});
  CHECK(raw[g.at("PRK")] == doctest::Approx(3.0));
  CHECK(raw[g.at("RUS")] == doctest::Approx(4.0));
}

TEST_CASE("analysis: betweenness matches NetworkX on a larger graph, on one thread or three") {
  auto g = modular(40);
  // networkx.betweenness_centrality(MultiDiGraph(...)), then on MultiGraph(...), of entities:
  const int probe[] = {0, 1, 2, 3, 5, 8, 13, 21, 34};
  const double directed[] = {0.006860098965362124,  0.03103913630229419, 0.15721997300944668,
                             0.0067476383265856945, 0.1560953666216824,  0.007422402159244264,
                             0.03171390013495277,   0.11403508771929823, 0.03598740440845703};
  const double undirected[] = {0.010942131792334216, 0.0941944957938741,  0.32966967603284525,
                               0.022044097114915978, 0.10719346893467298, 0.01889661864373888,
                               0.018875471507050455, 0.07632373998770758, 0.016616972096033526};
  for (unsigned threads : {1u, 3u}) {
    CAPTURE(threads);
    auto b = betweenness(g, {.threads = threads});
    auto u = betweenness(g, {.directed = false, .threads = threads});
    double sum = 0;
    for (double x : b) sum += x;
    CHECK(sum == doctest::Approx(1.5357624831309042).epsilon(1e-12));
    for (std::size_t i = 0; i < std::size(probe); ++i) {
      auto e = g.at(std::to_string(probe[i]));
      CHECK(std::abs(b[e] - directed[i]) < 1e-9);
      CHECK(std::abs(u[e] - undirected[i]) < 1e-9);
    }
  }
}

TEST_CASE("analysis: betweenness on several threads does not depend on scheduling") {
  auto g = modular(600);
  auto one = betweenness(g);
  auto first = betweenness(g, {.threads = 4});
  for (int run = 0; run < 3; ++run) CHECK(betweenness(g, {.threads = 4}) == first);
  for (std::size_t e = 0; e < one.size(); ++e) CHECK(first[e] == doctest::Approx(one[e]));
}

TEST_CASE("analysis: betweenness of tiny and empty graphs") {
  graph empty;
  CHECK(betweenness(empty).empty());
  auto pair = states({"A", "B"}, {{"A", "supports", "B"}});
  CHECK(betweenness(pair, {.threads = 8}) == std::vector<double>{0.0, 0.0});
}

// ---- components ------------------------------------------------------------------------------

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

// ---- the signed graph ------------------------------------------------------------------------

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

// ---- cooperation over time -------------------------------------------------------------------

TEST_CASE("analysis: net cooperation between North Korea and Russia, year by year") {
  auto g = testing::small_world();
  auto series = net_cooperation(g, g.at("PRK"), g.at("RUS"));
  // supports since 2024 (3.4), supports since 2022 (3.4), supplies since 2023-09 (8.3), aids
  // undated (7.4); open ends reach 2025, the latest year the graph names (article-b).
  REQUIRE(series.years.size() == 4);
  CHECK(series.years[0].year == 2022);
  CHECK(series.years[0].score == doctest::Approx(3.4));
  CHECK(series.years[1].year == 2023);
  CHECK(series.years[1].score == doctest::Approx(11.7));
  CHECK(series.years[2].score == doctest::Approx(15.1));
  CHECK(series.years[3].year == 2025);
  CHECK(series.years[3].relations.size() == 3);
  CHECK(series.undated.score == doctest::Approx(7.4));
  CHECK(series.undated.relations.size() == 1);
  CHECK(series.total == doctest::Approx(22.5));
  CHECK(series.relations.size() == 4);
  CHECK(net_cooperation(g, g.at("RUS"), g.at("PRK")).total == doctest::Approx(22.5));

  auto clipped = net_cooperation(g, g.at("PRK"), g.at("RUS"), {.last_year = 2023});
  CHECK(clipped.years.size() == 2);
  CHECK(clipped.total == doctest::Approx(22.5));
}

TEST_CASE("analysis: net cooperation weighs conflict negatively, skips denials, has gaps") {
  auto g = states({"A", "B"}, {});
  g.add_relation({"A", "sanctions", "B", evidence::confirmed, {date(2010), date(2011)}});
  g.add_relation({"B", "supports", "A", evidence::reported, {date(2014, 3), date(2014, 5)}});
  g.add_relation({"A", "aids", "B", evidence::denied, {date(2012), {}}});
  auto series = net_cooperation(g, g.at("A"), g.at("B"));
  REQUIRE(series.years.size() == 5);  // 2010..2014, 2012 and 2013 empty
  CHECK(series.years[0].score == doctest::Approx(-8.0));
  CHECK(series.years[1].score == doctest::Approx(-8.0));
  CHECK(series.years[2].year == 2012);
  CHECK(series.years[2].relations.empty());
  CHECK(series.years[4].score == doctest::Approx(3.4));
  CHECK(series.total == doctest::Approx(-4.6));
  CHECK(series.undated.relations.empty());

  auto sure = make_view(g, {.min_evidence = evidence::confirmed});
  CHECK(net_cooperation(sure, g.at("A"), g.at("B")).total == doctest::Approx(-8.0));
}

TEST_CASE("analysis: net cooperation rejects bad input") {
  auto g = testing::small_world();
  CHECK_THROWS_AS((void)net_cooperation(g, 0, 99), lookup_error);
  CHECK_THROWS_WITH_AS(
      (void)net_cooperation(g, g.at("PRK"), g.at("RUS"), {.first_year = 2025, .last_year = 2020}),
      "net_cooperation: first_year 2025 is after last_year 2020", entente::error);
}

// ---- corroboration ---------------------------------------------------------------------------

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

// ---- the bundled knowledge base --------------------------------------------------------------

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

TEST_CASE("analysis: betweenness reports its progress, on one thread or two, and can be stopped") {
  auto g = testing::small_world();
  for (unsigned threads : {1u, 2u}) {
    INFO(threads << " threads");
    std::vector<progress_report> reports;
    auto scores = betweenness(g, {.threads = threads, .progress = [&](const progress_report& p) {
                                    reports.push_back(p);
                                  }});
    CHECK(scores == betweenness(g, {.threads = threads}));
    REQUIRE_FALSE(reports.empty());
    CHECK(reports.back().task == "betweenness");
    CHECK(reports.back().done == g.num_entities());
    CHECK(reports.back().total == g.num_entities());
    for (std::size_t i = 1; i < reports.size(); ++i)
      CHECK(reports[i].done > reports[i - 1].done);
    struct stop {};
    auto cancel = [](const progress_report&) { throw stop{}; };
    CHECK_THROWS_AS((void)betweenness(g, {.threads = threads, .progress = cancel}), stop);
  }
}

// Centrality: PageRank, degrees and betweenness, against NetworkX.

#include <entente/analysis/centrality.hpp>
#include <entente/view.hpp>

#include <doctest/doctest.h>

#include "states.hpp"
#include "testing.hpp"

#include <cmath>
#include <cstddef>
#include <iterator>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using namespace entente;
using testing::states;

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
    for (std::size_t i = 1; i < reports.size(); ++i) CHECK(reports[i].done > reports[i - 1].done);
    struct stop {};
    auto cancel = [](const progress_report&) { throw stop{}; };
    CHECK_THROWS_AS((void)betweenness(g, {.threads = threads, .progress = cancel}), stop);
  }
}

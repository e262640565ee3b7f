// Path searches against plain reference searches on random graphs: shortest and all shortest
// paths, path expressions, every simple path and Yen.

#include <entente/paths.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <deque>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "paths/paths_testing.hpp"

using namespace entente;
using namespace entente::testing;

namespace {

// ---- a plain reference search, written independently of src/paths/ ---------------------------

struct ref_step {
  relation_index relation;
  entity_index next;
};
std::vector<std::vector<ref_step>> ref_adjacency(const graph& g, direction dir,
                                                 const std::set<std::string>& types) {
  std::vector<std::vector<ref_step>> adj(g.num_entities());
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    auto rel = g.relation(r);
    if (!types.empty() && !types.contains(std::string(rel.type_name()))) continue;
    bool symmetric = g.schema().relation_type_at(rel.type()).symmetric;
    if (symmetric || dir != direction::in) adj[rel.from()].push_back({r, rel.to()});
    if (symmetric || dir != direction::out) adj[rel.to()].push_back({r, rel.from()});
  }
  return adj;
}
// Distances from `from`, and how many shortest paths (as relation lists) reach each entity.
std::pair<std::vector<int>, std::vector<std::size_t>> ref_bfs(
    const std::vector<std::vector<ref_step>>& adj, entity_index from) {
  std::vector<int> dist(adj.size(), -1);
  std::vector<std::size_t> count(adj.size(), 0);
  std::deque<entity_index> todo{from};
  dist[from] = 0;
  count[from] = 1;
  while (!todo.empty()) {
    auto v = todo.front();
    todo.pop_front();
    for (auto [r, u] : adj[v]) {
      if (dist[u] < 0) {
        dist[u] = dist[v] + 1;
        todo.push_back(u);
      }
      if (dist[u] == dist[v] + 1) count[u] += count[v];
    }
  }
  return {dist, count};
}
// Every simple path from `from` to `to` with at most `max_hops` relations, by brute force.
void ref_simple_paths(const std::vector<std::vector<ref_step>>& adj, entity_index at,
                      entity_index to, std::size_t max_hops, std::vector<bool>& on,
                      std::vector<std::size_t>& lengths, std::size_t depth = 0) {
  if (at == to) {
    lengths.push_back(depth);
    return;
  }
  if (depth == max_hops) return;
  on[at] = true;
  for (auto [r, u] : adj[at])
    if (!on[u]) ref_simple_paths(adj, u, to, max_hops, on, lengths, depth + 1);
  on[at] = false;
}

struct random_case {
  graph g;
  direction dir;
  std::vector<std::string> via;
  std::set<std::string> types;
};
random_case random_graph(std::mt19937& rng, std::size_t max_n, std::size_t max_m) {
  std::size_t n = std::uniform_int_distribution<std::size_t>(1, max_n)(rng);
  std::size_t m = std::uniform_int_distribution<std::size_t>(0, max_m)(rng);
  random_case c{numbered(n), direction::out, {}, {}};
  const char* names[] = {"a", "b", "s"};
  std::uniform_int_distribution<entity_index> node(0, static_cast<entity_index>(n - 1));
  std::uniform_int_distribution<int> type(0, 2);
  for (std::size_t i = 0; i < m; ++i) link(c.g, node(rng), names[type(rng)], node(rng));
  c.dir = std::array{direction::out, direction::in, direction::any}[type(rng)];
  switch (type(rng)) {
    case 0: break;
    case 1: c.via = {"a"}; break;
    default: c.via = {"a", "s"}; break;
  }
  c.types.insert(c.via.begin(), c.via.end());
  return c;
}

}  // namespace

TEST_CASE("paths: bidirectional BFS agrees with a plain BFS on random graphs") {
  std::mt19937 rng(20240619);
  std::size_t checked = 0;
  for (int round = 0; round < 150; ++round) {
    auto c = random_graph(rng, 25, 60);
    const auto& g = c.g;
    auto adj = ref_adjacency(g, c.dir, c.types);
    path_options opts{.via = c.via, .direction = c.dir, .max_hops = 1000};
    path_searcher search(g, opts);
    std::string types = "(a|b|s)";
    if (c.via.size() == 1) types = "a";
    if (c.via.size() == 2) types = "(a|s)";
    auto star = path_expression(g.schema(), types + "*");
    for (entity_index from = 0; from < g.num_entities(); ++from) {
      auto [dist, count] = ref_bfs(adj, from);
      for (entity_index to = 0; to < g.num_entities(); ++to) {
        CAPTURE(round);
        CAPTURE(from);
        CAPTURE(to);
        auto p = search.find(from, to);
        REQUIRE(p.has_value() == (dist[to] >= 0));
        if (!p) continue;
        CHECK(p->length() == static_cast<std::size_t>(dist[to]));
        CHECK(p->source() == from);
        CHECK(p->target() == to);
        CHECK(allowed(*p, c.dir, c.types));
        CHECK(shortest_path(g, from, to, opts) == p);
        auto all = all_shortest_paths(
            g, from, to,
            {.via = c.via, .direction = c.dir, .max_hops = 1000, .limit = std::size_t(-1)});
        CHECK_FALSE(all.cut);
        CHECK(all.paths.size() == count[to]);
        for (const auto& q : all.paths) {
          CHECK(q.length() == p->length());
          CHECK(allowed(q, c.dir, c.types));
        }
        auto rpq = rpq_shortest_path(g, from, to, star, {.direction = c.dir, .max_hops = 1000});
        REQUIRE(rpq);
        CHECK(rpq->length() == p->length());
        ++checked;
      }
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("paths: Yen agrees with brute force on random graphs") {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    auto c = random_graph(rng, 7, 14);
    const auto& g = c.g;
    std::uniform_int_distribution<entity_index> node(
        0, static_cast<entity_index>(g.num_entities() - 1));
    entity_index from = node(rng);
    entity_index to = node(rng);
    std::size_t max_hops = std::uniform_int_distribution<std::size_t>(1, 6)(rng);
    std::size_t k = std::uniform_int_distribution<std::size_t>(1, 12)(rng);
    CAPTURE(round);
    CAPTURE(from);
    CAPTURE(to);
    CAPTURE(k);
    CAPTURE(max_hops);
    path_options opts{.via = c.via, .direction = c.dir, .max_hops = max_hops, .limit = 1000000};

    auto every = all_simple_paths(g, from, to, opts);
    // Only the hop bound may cut it: the limit and the deadline are out of reach here.
    if (every.cut) CHECK(every.why_cut.ends_with(max_hops == 1 ? " hop" : " hops"));
    std::vector<std::size_t> expected;
    std::vector<bool> on(g.num_entities(), false);
    ref_simple_paths(ref_adjacency(g, c.dir, c.types), from, to, max_hops, on, expected);
    std::sort(expected.begin(), expected.end());
    CHECK(lengths(every) == expected);  // already shortest first
    std::set<relations> distinct;
    for (const auto& p : every.paths) {
      CHECK(allowed(p, c.dir, c.types));
      std::set<entity_index> nodes(p.nodes().begin(), p.nodes().end());
      CHECK(nodes.size() == p.nodes().size());
      distinct.insert(p.relations());
    }
    CHECK(distinct.size() == every.paths.size());

    auto yen = k_shortest_paths(g, from, to, k, opts);
    expected.resize(std::min(k, expected.size()));
    CHECK(lengths(yen) == expected);
    std::set<relations> seen;
    for (const auto& p : yen.paths) {
      CHECK(distinct.contains(p.relations()));
      seen.insert(p.relations());
    }
    CHECK(seen.size() == yen.paths.size());
  }
}

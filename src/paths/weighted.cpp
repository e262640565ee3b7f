// Weighted shortest paths (Dijkstra, then labels by hops when the cheapest path is too long) and
// the weights that come with the library.

#include <entente/format.hpp>
#include <entente/paths.hpp>

#include "paths/search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <tuple>
#include <utility>

namespace entente {

namespace {

double checked_weight(const graph& g, const relation_weight& weight, relation_index r) {
  double w = weight(g, r);
  if (std::isnan(w) || w < 0)
    throw error(fmt::format("relation {} ({:is}) weighs {}; weights must be 0 or more", r,
                            g.relation(r), w));
  return w;
}

}  // namespace

std::optional<path> weighted_shortest_path(const graph& g, entity_index from, entity_index to,
                                           const relation_weight& weight,
                                           const path_options& opts) {
  using namespace detail;
  if (!weight) throw error("weighted_shortest_path needs a weight");
  step_rules rules(g, opts);
  check_ends(g, from, to);
  budget clock(opts.timeout);
  if (clock.expired()) return std::nullopt;
  if (from == to) return path(g, from);
  scratch_lease lease;
  auto& sc = *lease;
  const std::size_t n = g.num_entities();

  // Dijkstra; the cheapest path usually fits in max_hops, and then nothing more is needed.
  {
    auto& reached = sc.a;
    auto& settled = sc.b;
    reached.begin(n);
    settled.begin(n);
    if (sc.cost.size() < n) sc.cost.resize(n);
    using item = std::pair<double, entity_index>;
    std::priority_queue<item, std::vector<item>, std::greater<>> heap;
    reached.set(from, 0, no_index, no_index);
    sc.cost[from] = 0;
    heap.push({0.0, from});
    while (!heap.empty()) {
      // Not a structured binding, which clang before 16 cannot capture in the lambda below.
      const double c = heap.top().first;
      const entity_index v = heap.top().second;
      heap.pop();
      if (settled.seen(v)) continue;
      settled.set(v, 0, no_index, no_index);
      if (v == to) break;
      if (clock.expired()) return std::nullopt;
      rules.leaving(v, [&](relation_index r, entity_index u, bool) {
        if (settled.seen(u)) return;
        double w = checked_weight(g, weight, r);
        if (std::isinf(w)) return;
        double nc = c + w;
        if (!reached.seen(u) || nc < sc.cost[u]) {
          reached.set(u, 0, v, r);
          sc.cost[u] = nc;
          heap.push({nc, u});
        } else if (nc == sc.cost[u] && reached[u].parent == v && r < reached[u].via) {
          reached[u].via = r;
        }
      });
    }
    if (!settled.seen(to)) return std::nullopt;
    auto rs = chain_to(reached, to, from);
    if (rs.size() <= opts.max_hops) return path(g, from, rs);
  }

  // Too many hops: labels (entity, hops, cost), settled cheapest first; a label is dominated
  // when its entity was settled before with no more hops.
  struct label {
    entity_index at;
    std::uint32_t hops;
    double cost;
    std::uint32_t parent;
    relation_index via;
  };
  std::vector<label> labels{{from, 0, 0.0, no_index, no_index}};
  auto& best_hops = sc.a;  // dist = fewest hops of a settled label
  best_hops.begin(n);
  using item = std::tuple<double, std::uint32_t, std::uint32_t>;  // cost, hops, label
  std::priority_queue<item, std::vector<item>, std::greater<>> heap;
  heap.push({0.0, 0u, 0u});
  while (!heap.empty()) {
    // Not a structured binding, which clang before 16 cannot capture in the lambda below.
    double c = 0;
    std::uint32_t hops = 0, id = 0;
    std::tie(c, hops, id) = heap.top();
    heap.pop();
    entity_index v = labels[id].at;
    if (best_hops.seen(v) && best_hops[v].dist <= hops) continue;
    best_hops.set(v, hops, no_index, no_index);
    if (v == to) {
      std::vector<relation_index> rs;
      for (auto x = id; labels[x].parent != no_index; x = labels[x].parent)
        rs.push_back(labels[x].via);
      std::reverse(rs.begin(), rs.end());
      return path(g, from, rs);
    }
    if (clock.expired()) return std::nullopt;
    if (hops + 1 > opts.max_hops) continue;
    rules.leaving(v, [&](relation_index r, entity_index u, bool) {
      if (best_hops.seen(u) && best_hops[u].dist <= hops + 1) return;
      double w = checked_weight(g, weight, r);
      if (std::isinf(w)) return;
      labels.push_back({u, hops + 1, c + w, id, r});
      heap.push({c + w, hops + 1, static_cast<std::uint32_t>(labels.size() - 1)});
    });
  }
  return std::nullopt;
}

double path_weight(const path& p, const relation_weight& weight) {
  double total = 0;
  for (const auto& s : p.steps()) total += weight(p.graph(), s.relation);
  return total;
}

double by_cooperation(const graph& g, relation_index r) {
  return 11.0 - std::clamp(g.schema().relation_type_at(g.type(r)).weight, -10.0, 10.0);
}
double by_conflict(const graph& g, relation_index r) {
  return 11.0 + std::clamp(g.schema().relation_type_at(g.type(r)).weight, -10.0, 10.0);
}

}  // namespace entente

#pragma once
/// Analysis of a whole graph: what breaks the schema, what lacks a source, and where sources
/// contradict each other.

#include <entente/graph.hpp>
#include <entente/view.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace entente {

/// A relation that breaks its type's domain or range, with the rule it breaks.
struct schema_violation {
  relation_index relation;
  std::string rule;
};

/// Every relation that breaks the graph's schema (a graph loaded leniently may hold some).
[[nodiscard]] inline std::vector<schema_violation> schema_violations(const graph& g) {
  std::vector<schema_violation> found;
  for (relation_index r = 0; r < g.num_relations(); ++r)
    if (auto why =
            g.schema().violation(g.type(r), g.entity(g.from(r)).kind(), g.entity(g.to(r)).kind()))
      found.push_back({r, std::move(*why)});
  return found;
}

/// Every relation that cites no source, so cannot be traced.
[[nodiscard]] inline std::vector<relation_index> unsourced_relations(const graph& g) {
  std::vector<relation_index> found;
  for (relation_index r = 0; r < g.num_relations(); ++r)
    if (g.citations(r).empty()) found.push_back(r);
  return found;
}

/// Whether two valid-time intervals share a day (open ends reach forever; partial dates cover
/// their whole year or month).
[[nodiscard]] constexpr bool overlaps(const interval& a, const interval& b) noexcept {
  if (a.since.is_set() && b.until.is_set() && a.since.first_day() > b.until.last_day())
    return false;
  if (b.since.is_set() && a.until.is_set() && b.since.first_day() > a.until.last_day())
    return false;
  return true;
}

/// One side of a contradiction: relations that say the same thing, and the sources they cite.
struct claim_side {
  std::vector<relation_index> relations;
  std::vector<source_index> sources;
};

/// Claims about one thing that cannot all be true, e.g. two sources placing one visit in
/// different cities, or one source asserting what another denies.
struct contradiction {
  entity_index subject;
  relation_type_id type;
  std::string reason;
  std::vector<claim_side> sides;
};

namespace detail {

inline void add_to_side(const graph& g, claim_side& side, relation_index r) {
  side.relations.push_back(r);
  for (const auto& c : g.citations(r))
    if (std::find(side.sources.begin(), side.sources.end(), c.source) == side.sources.end())
      side.sources.push_back(c.source);
}

// The places and wholes `e` lies in, following located_in and part_of (bounded, cycle-safe).
inline std::set<entity_index> containers(const graph& g, entity_index e) {
  std::set<entity_index> seen;
  std::vector<relation_type_id> nesting;
  for (const char* t : {"located_in", "part_of"})
    if (auto id = g.schema().find_relation_type(t)) nesting.push_back(*id);
  std::vector<entity_index> todo{e};
  while (!todo.empty() && seen.size() < 64) {
    entity_index at = todo.back();
    todo.pop_back();
    for (relation_type_id t : nesting)
      for (const auto& a : g.out_relations(at, t))
        if (seen.insert(a.other).second) todo.push_back(a.other);
  }
  return seen;
}

}  // namespace detail

/// Contradictions between sources, found by two rules:
/// - a relation one source asserts and another (or the same) denies (evidence `denied`);
/// - a functional type (one target at a time, e.g. `located_in`) given different targets at
///   overlapping times, where neither target lies within the other (Pyongyang within North
///   Korea is no contradiction).
[[nodiscard]] inline std::vector<contradiction> contradictions(const graph& g) {
  std::vector<contradiction> found;
  std::map<std::tuple<entity_index, relation_type_id, entity_index>, std::vector<relation_index>>
      by_triple;
  std::map<std::pair<entity_index, relation_type_id>, std::vector<relation_index>> by_subject;
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    by_triple[{g.from(r), g.type(r), g.to(r)}].push_back(r);
    if (g.schema().relation_type_at(g.type(r)).functional && g.evidence(r) != evidence::denied)
      by_subject[{g.from(r), g.type(r)}].push_back(r);
  }

  for (const auto& [key, rels] : by_triple) {
    claim_side asserted, denied;
    for (relation_index r : rels)
      detail::add_to_side(g, g.evidence(r) == evidence::denied ? denied : asserted, r);
    if (asserted.relations.empty() || denied.relations.empty()) continue;
    found.push_back({std::get<0>(key),
                     std::get<1>(key),
                     "asserted by one side and denied by the other",
                     {asserted, denied}});
  }

  for (const auto& [key, rels] : by_subject) {
    // One side per target; targets nested in one another are the same claim at two scales.
    std::vector<std::pair<entity_index, claim_side>> sides;
    for (relation_index r : rels) {
      auto target = g.to(r);
      auto it = std::find_if(sides.begin(), sides.end(), [&](const auto& s) {
        if (s.first == target) return true;
        return detail::containers(g, s.first).count(target) > 0 ||
               detail::containers(g, target).count(s.first) > 0;
      });
      if (it == sides.end()) {
        sides.push_back({target, {}});
        it = sides.end() - 1;
      }
      detail::add_to_side(g, it->second, r);
    }
    if (sides.size() < 2) continue;
    bool clash = false;
    for (std::size_t i = 0; i < sides.size() && !clash; ++i)
      for (std::size_t j = i + 1; j < sides.size() && !clash; ++j)
        for (relation_index a : sides[i].second.relations)
          for (relation_index b : sides[j].second.relations)
            if (overlaps(g.valid(a), g.valid(b))) clash = true;
    if (!clash) continue;
    contradiction c{key.first,
                    key.second,
                    g.schema().relation_type_at(key.second).name +
                        " allows one target at a time, and these differ",
                    {}};
    for (auto& s : sides) c.sides.push_back(std::move(s.second));
    found.push_back(std::move(c));
  }
  return found;
}

// ---- centrality ------------------------------------------------------------------------------

/// How PageRank runs: NetworkX's definition (dangling mass spread evenly, ranks summing to 1),
/// power iteration until the L1 change falls below `tolerance` times the number of entities.
struct pagerank_options {
  double damping = 0.85;
  std::size_t max_iterations = 100;
  double tolerance = 1e-6;
  unsigned threads = 1;  ///< the iterations split the entities between this many threads
};

namespace detail {

// Runs `body(begin, end)` over [0, n) split between `threads` threads.
template <class Body>
void parallel_ranges(std::size_t n, unsigned threads, Body body) {
  if (threads <= 1 || n < 4096) return body(std::size_t{0}, n);
  std::vector<std::thread> workers;
  std::size_t chunk = (n + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    std::size_t begin = std::min(n, t * chunk), end = std::min(n, begin + chunk);
    workers.emplace_back([=] { body(begin, end); });
  }
  body(0, std::min(n, chunk));
  for (auto& w : workers) w.join();
}

}  // namespace detail

/// PageRank of every entity of `g` (a graph or a view), parallel relations counted separately.
/// Returns one rank per entity number; entities a view drops get 0.
template <class Graph>
[[nodiscard]] std::vector<double> pagerank(const Graph& g, const pagerank_options& opts = {}) {
  const std::size_t n = num_vertices(g);
  std::vector<char> kept(n, 0);
  std::size_t count = 0;
  for (auto [it, end] = vertices(g); it != end; ++it) {
    kept[*it] = 1;
    ++count;
  }
  std::vector<double> rank(n, 0.0), next(n, 0.0), share(n, 0.0);
  if (count == 0) return rank;
  std::vector<double> inverse_degree(n, 0.0);
  for (std::size_t v = 0; v < n; ++v)
    if (kept[v]) {
      auto d = out_degree(static_cast<entity_index>(v), g);
      inverse_degree[v] = d == 0 ? 0.0 : 1.0 / static_cast<double>(d);
      rank[v] = 1.0 / static_cast<double>(count);
    }
  const double d = opts.damping;
  for (std::size_t iteration = 0; iteration < opts.max_iterations; ++iteration) {
    double dangling = 0.0;
    for (std::size_t v = 0; v < n; ++v) {
      share[v] = rank[v] * inverse_degree[v];
      if (kept[v] && inverse_degree[v] == 0.0) dangling += rank[v];
    }
    const double base = (1.0 - d + d * dangling) / static_cast<double>(count);
    // Each entity pulls from its in-relations: no two threads write the same rank.
    detail::parallel_ranges(n, opts.threads, [&](std::size_t begin, std::size_t end) {
      for (std::size_t v = begin; v < end; ++v) {
        if (!kept[v]) continue;
        double sum = 0.0;
        if constexpr (std::is_same_v<Graph, graph>) {
          for (const auto& a : g.in_relations(static_cast<entity_index>(v))) sum += share[a.other];
        } else {
          for (auto [it, stop] = in_edges(static_cast<entity_index>(v), g); it != stop; ++it)
            sum += share[source(*it, g)];
        }
        next[v] = base + d * sum;
      }
    });
    double change = 0.0;
    for (std::size_t v = 0; v < n; ++v) change += std::abs(next[v] - rank[v]);
    rank.swap(next);
    if (change < opts.tolerance * static_cast<double>(count)) break;
  }
  return rank;
}

/// The number of relations touching each entity of `g` (a graph or a view), in and out.
template <class Graph>
[[nodiscard]] std::vector<std::size_t> degrees(const Graph& g) {
  std::vector<std::size_t> result(num_vertices(g), 0);
  for (auto [it, end] = vertices(g); it != end; ++it) result[*it] = degree(*it, g);
  return result;
}

}  // namespace entente

#pragma once
/// Analysis of a whole graph: what breaks the schema, what lacks a source, and where sources
/// contradict each other.

#include <entente/graph.hpp>
#include <entente/progress.hpp>
#include <entente/view.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>
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

/// The entities within `hops` relations of `center` in `g` (a graph or a view), whichever way
/// the relations point, nearest first and `center` first of all: the nodes of NetworkX's
/// `ego_graph(G, center, radius=hops, undirected=True)`. Empty when the view drops `center`.
template <class Graph>
[[nodiscard]] std::vector<entity_index> neighbourhood(const Graph& g, entity_index center,
                                                      std::size_t hops) {
  std::vector<entity_index> found;
  if (center >= num_vertices(g)) return found;
  if constexpr (std::is_same_v<Graph, view>)
    if (!g.keeps_entity(center)) return found;
  std::vector<char> seen(num_vertices(g), 0);
  seen[center] = 1;
  found.push_back(center);
  std::size_t level_begin = 0;
  for (std::size_t hop = 0; hop < hops && level_begin < found.size(); ++hop) {
    const std::size_t level_end = found.size();
    for (std::size_t i = level_begin; i < level_end; ++i) {
      const entity_index e = found[i];
      auto visit = [&](entity_index other) {
        if (!seen[other]) {
          seen[other] = 1;
          found.push_back(other);
        }
      };
      for (auto [it, end] = out_edges(e, g); it != end; ++it) visit(target(*it, g));
      for (auto [it, end] = in_edges(e, g); it != end; ++it) visit(source(*it, g));
    }
    level_begin = level_end;
  }
  return found;
}

// ---- betweenness and components --------------------------------------------------------------

namespace detail {

// The distinct neighbours of every entity a graph or view keeps, in one flat array. This is the
// graph NetworkX's traversals see on a multigraph: `G[v]` lists each neighbour once, however
// many relations join them, and a self-loop never lies on a shortest path.
struct neighbour_lists {
  std::vector<std::size_t> offsets;  // entity v's neighbours are [offsets[v], offsets[v+1])
  std::vector<entity_index> targets;
  std::vector<char> kept;  // whether the graph or view keeps entity v
  std::size_t count = 0;   // entities kept

  [[nodiscard]] std::span<const entity_index> of(std::size_t v) const {
    return {targets.data() + offsets[v], targets.data() + offsets[v + 1]};
  }
};

// `outgoing` lists where relations lead, `incoming` where they come from; both together read
// every relation as undirected.
template <class Graph>
neighbour_lists distinct_neighbours(const Graph& g, bool outgoing, bool incoming) {
  const std::size_t n = num_vertices(g);
  neighbour_lists lists;
  lists.kept.assign(n, 0);
  for (auto [it, end] = vertices(g); it != end; ++it) {
    lists.kept[*it] = 1;
    ++lists.count;
  }
  lists.offsets.assign(n + 1, 0);
  // Sized after construction: GCC 12 warns, falsely, about a huge allocation otherwise.
  std::vector<std::size_t> seen_from;
  seen_from.resize(n, static_cast<std::size_t>(-1));
  auto note = [&](std::size_t v, entity_index w) {
    if (w == v || seen_from[w] == v) return;
    seen_from[w] = v;
    lists.targets.push_back(w);
  };
  for (std::size_t v = 0; v < n; ++v) {
    if (lists.kept[v]) {
      auto self = static_cast<entity_index>(v);
      if (outgoing)
        for (auto [it, end] = out_edges(self, g); it != end; ++it) note(v, target(*it, g));
      if (incoming)
        for (auto [it, end] = in_edges(self, g); it != end; ++it) note(v, source(*it, g));
    }
    lists.offsets[v + 1] = lists.targets.size();
  }
  return lists;
}

// Scratch space for one Brandes pass from one source, reused across sources.
struct brandes_scratch {
  std::vector<double> paths;       // shortest paths from the source (sigma)
  std::vector<double> dependency;  // delta
  std::vector<std::int64_t> distance;
  std::vector<entity_index> order;  // entities in the order BFS reached them

  explicit brandes_scratch(std::size_t n) : paths(n, 0.0), dependency(n, 0.0), distance(n, -1) {
    order.reserve(n);
  }
};

// Adds to `centrality` what the shortest paths from `s` contribute (Brandes 2001). Dependencies
// are pushed back along successors in reverse BFS order, which needs only out-neighbours.
inline void brandes_from(const neighbour_lists& adj, entity_index s, brandes_scratch& x,
                         std::vector<double>& centrality) {
  x.order.clear();
  x.paths[s] = 1.0;
  x.distance[s] = 0;
  x.order.push_back(s);
  for (std::size_t head = 0; head < x.order.size(); ++head) {
    entity_index v = x.order[head];
    for (entity_index w : adj.of(v)) {
      if (x.distance[w] < 0) {
        x.distance[w] = x.distance[v] + 1;
        x.order.push_back(w);
      }
      if (x.distance[w] == x.distance[v] + 1) x.paths[w] += x.paths[v];
    }
  }
  for (auto it = x.order.rbegin(); it != x.order.rend(); ++it) {
    entity_index v = *it;
    double sum = 0.0;
    for (entity_index w : adj.of(v))
      if (x.distance[w] == x.distance[v] + 1)
        sum += x.paths[v] * ((1.0 + x.dependency[w]) / x.paths[w]);
    x.dependency[v] = sum;
    if (v != s) centrality[v] += sum;
  }
  for (entity_index v : x.order) {
    x.paths[v] = 0.0;
    x.dependency[v] = 0.0;
    x.distance[v] = -1;
  }
}

}  // namespace detail

/// How betweenness runs. The defaults are NetworkX's `betweenness_centrality(G)`.
struct betweenness_options {
  bool normalized = true;  ///< divide by (n−1)(n−2), n the entities kept, as NetworkX does
  bool directed = true;    ///< false reads every relation both ways (an undirected multigraph)
  unsigned threads = 1;    ///< sources are split between this many threads (0 counts as 1)
  progress_callback progress;  ///< told the sources done ("betweenness"), a few hundred times
};

/// Betweenness centrality of every entity of `g` (a graph or a view), by Brandes' algorithm:
/// how often an entity lies on the shortest paths between two others. Returns one value per
/// entity number; entities a view drops get 0.
///
/// It matches NetworkX 2.8's `betweenness_centrality` on a `MultiDiGraph` (or, undirected, a
/// `MultiGraph`) holding one edge per relation: NetworkX walks `G[v]`, which names each neighbour
/// once, so parallel relations count as one link and do not multiply shortest paths; self-loops
/// change nothing. Unnormalised undirected values are halved (each pair is walked both ways).
/// With several threads each thread sums its own sources, and the partial sums are added in
/// thread order, so a given thread count always gives the same result (different counts may
/// differ in the last bits).
///
///     auto brokers = betweenness(make_view(g, {.relation_types = {"supports", "supplies"}}));
///     auto busiest = std::max_element(brokers.begin(), brokers.end()) - brokers.begin();
template <class Graph>
[[nodiscard]] std::vector<double> betweenness(const Graph& g,
                                              const betweenness_options& opts = {}) {
  const auto adj = detail::distinct_neighbours(g, true, !opts.directed);
  const std::size_t n = adj.kept.size();
  std::vector<entity_index> sources;
  for (std::size_t v = 0; v < n; ++v)
    if (adj.kept[v]) sources.push_back(static_cast<entity_index>(v));

  const std::size_t threads =
      std::clamp<std::size_t>(opts.threads, 1, std::max<std::size_t>(1, sources.size()));
  std::vector<std::vector<double>> partial(threads, std::vector<double>(n, 0.0));
  const std::size_t chunk = (sources.size() + threads - 1) / threads;
  // Progress: every thread counts its sources; the calling thread (t == 0) reports them all.
  // A report that throws stops every thread at its next source.
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
  const std::size_t report_every = std::max<std::size_t>(1, sources.size() / 256);
  const progress_report all_done{"betweenness", sources.size(), sources.size()};
  auto run = [&](std::size_t t) {
    detail::brandes_scratch scratch(n);
    const std::size_t begin = std::min(sources.size(), t * chunk);
    const std::size_t end = std::min(sources.size(), begin + chunk);
    for (std::size_t i = begin; i < end && !stop.load(std::memory_order_relaxed); ++i) {
      detail::brandes_from(adj, sources[i], scratch, partial[t]);
      const std::size_t now = done.fetch_add(1, std::memory_order_relaxed) + 1;
      if (t == 0 && opts.progress && (i - begin + 1) % report_every == 0 && now < sources.size()) {
        try {
          opts.progress({"betweenness", now, sources.size()});
        } catch (...) {
          stop = true;
          throw;
        }
      }
    }
  };
  if (threads == 1) {
    run(0);
  } else {
    // An exception in a worker (out of memory) is carried back rather than terminating.
    std::vector<std::exception_ptr> failed(threads);
    auto work = [&](std::size_t t) {
      try {
        run(t);
      } catch (...) {
        failed[t] = std::current_exception();
      }
    };
    std::vector<std::thread> workers;
    for (std::size_t t = 1; t < threads; ++t) {
      try {
        workers.emplace_back(work, t);
      } catch (const std::system_error&) {
        work(t);  // no thread to be had: this share runs here
      }
    }
    work(0);
    for (auto& w : workers) w.join();
    for (auto& f : failed)
      if (f) std::rethrow_exception(f);
  }
  if (opts.progress) opts.progress(all_done);

  std::vector<double> result = std::move(partial[0]);
  for (std::size_t t = 1; t < threads; ++t)
    for (std::size_t v = 0; v < n; ++v) result[v] += partial[t][v];

  const auto count = static_cast<double>(adj.count);
  double scale = 1.0;
  if (opts.normalized && adj.count > 2)
    scale = 1.0 / ((count - 1.0) * (count - 2.0));
  else if (!opts.normalized && !opts.directed)
    scale = 0.5;
  if (scale != 1.0)
    for (double& b : result) b *= scale;
  return result;
}

/// Which connectivity `connected_components` follows: `weak` ignores direction, `strong` needs
/// a directed path each way.
enum class component_kind { weak, strong };

/// A component number per entity number (`none` for entities a view drops), numbered 0, 1, …
/// in the order of each component's smallest entity number, and how many there are.
struct components {
  std::vector<std::size_t> of;
  std::size_t count = 0;
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
};

/// The weakly or strongly connected components of `g` (a graph or a view).
///
///     auto parts = connected_components(make_view(g, {.min_evidence = evidence::reported}));
///     bool linked = parts.of[g.at("PRK")] == parts.of[g.at("RUS")];
template <class Graph>
[[nodiscard]] components connected_components(const Graph& g,
                                              component_kind kind = component_kind::weak) {
  components result;
  if (kind == component_kind::weak) {
    const auto adj = detail::distinct_neighbours(g, true, true);
    const std::size_t n = adj.kept.size();
    result.of.assign(n, components::none);
    std::vector<entity_index> todo;
    // Visiting entities in index order numbers components by their smallest entity.
    for (std::size_t start = 0; start < n; ++start) {
      if (!adj.kept[start] || result.of[start] != components::none) continue;
      const std::size_t id = result.count++;
      result.of[start] = id;
      todo.assign(1, static_cast<entity_index>(start));
      while (!todo.empty()) {
        entity_index v = todo.back();
        todo.pop_back();
        for (entity_index w : adj.of(v))
          if (result.of[w] == components::none) {
            result.of[w] = id;
            todo.push_back(w);
          }
      }
    }
    return result;
  }

  // Strong: Tarjan's algorithm without recursion (deep chains must not overflow the stack),
  // then components renumbered by their smallest entity.
  const auto adj = detail::distinct_neighbours(g, true, false);
  const std::size_t n = adj.kept.size();
  constexpr std::size_t unvisited = static_cast<std::size_t>(-1);
  std::vector<std::size_t> order(n, unvisited), low(n, 0), found(n, components::none);
  std::vector<char> on_stack(n, 0);
  std::vector<entity_index> stack;
  std::vector<std::pair<entity_index, std::size_t>> calls;  // entity, next neighbour to try
  std::size_t visited = 0, tarjan_count = 0;
  for (std::size_t start = 0; start < n; ++start) {
    if (!adj.kept[start] || order[start] != unvisited) continue;
    calls.push_back({static_cast<entity_index>(start), 0});
    while (!calls.empty()) {
      auto& [v, next] = calls.back();
      if (next == 0 && order[v] == unvisited) {
        order[v] = low[v] = visited++;
        stack.push_back(v);
        on_stack[v] = 1;
      }
      auto around = adj.of(v);
      if (next < around.size()) {
        entity_index w = around[next++];
        if (order[w] == unvisited)
          calls.push_back({w, 0});
        else if (on_stack[w])
          low[v] = std::min(low[v], order[w]);
        continue;
      }
      if (low[v] == order[v]) {
        entity_index w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          found[w] = tarjan_count;
        } while (w != v);
        ++tarjan_count;
      }
      entity_index done = v;
      calls.pop_back();
      if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[done]);
    }
  }
  std::vector<std::size_t> renumbered(tarjan_count, components::none);
  result.of.assign(n, components::none);
  for (std::size_t v = 0; v < n; ++v) {
    if (found[v] == components::none) continue;
    if (renumbered[found[v]] == components::none) renumbered[found[v]] = result.count++;
    result.of[v] = renumbered[found[v]];
  }
  return result;
}

// ---- the signed graph ------------------------------------------------------------------------

namespace detail {

inline const graph& underlying(const graph& g) noexcept { return g; }
inline const graph& underlying(const view& v) noexcept { return v.graph(); }

// splitmix64: a tiny generator whose sequence is the same with every standard library, so a
// seed gives the same camps everywhere.
struct split_mix {
  std::uint64_t state;
  std::uint64_t next() noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) noexcept { return static_cast<std::size_t>(next() % n); }
};

}  // namespace detail

/// Two entities joined by signed relations (cooperation +1, conflict −1, in either direction)
/// that do not cancel out: `sum` is the sum of their signs, never 0.
struct signed_tie {
  entity_index a;  ///< the smaller entity number
  entity_index b;
  int sum;
  std::vector<relation_index> relations;  ///< every signed relation between the two
  [[nodiscard]] int sign() const noexcept { return sum > 0 ? 1 : -1; }
};

/// The signed ties of `g` (a graph or a view), ordered by `a`, then `b`. The sign of a relation
/// is its type's polarity; structural types, denied relations (a source says they did not
/// happen) and relations of an entity with itself carry none. Several relations between one pair
/// count by their summed sign: two `supplies` and one `sanctions` make a positive tie, and a pair
/// whose signs cancel has no tie.
template <class Graph>
[[nodiscard]] std::vector<signed_tie> signed_ties(const Graph& g) {
  const graph& base = detail::underlying(g);
  struct signed_relation {
    entity_index a, b;
    int sign;
    relation_index relation;
  };
  std::vector<signed_relation> found;
  for (auto [it, end] = edges(g); it != end; ++it) {
    relation_index r = *it;
    auto sign = static_cast<int>(base.schema().relation_type_at(base.type(r)).polarity);
    entity_index from = base.from(r), to = base.to(r);
    if (sign == 0 || from == to || base.evidence(r) == evidence::denied) continue;
    found.push_back({std::min(from, to), std::max(from, to), sign, r});
  }
  std::sort(found.begin(), found.end(), [](const signed_relation& x, const signed_relation& y) {
    return std::tie(x.a, x.b, x.relation) < std::tie(y.a, y.b, y.relation);
  });
  std::vector<signed_tie> ties;
  for (std::size_t i = 0; i < found.size();) {
    signed_tie tie{found[i].a, found[i].b, 0, {}};
    for (; i < found.size() && found[i].a == tie.a && found[i].b == tie.b; ++i) {
      tie.sum += found[i].sign;
      tie.relations.push_back(found[i].relation);
    }
    if (tie.sum != 0) ties.push_back(std::move(tie));
  }
  return ties;
}

/// How `structural_balance` searches.
struct balance_options {
  /// 2: classic structural balance (two blocs); k > 2: weak balance, or clustering, into at
  /// most k camps.
  std::size_t camps = 2;
  /// Parts of the signed graph (entities linked by signed ties) whose core (what is left after
  /// setting aside entities with one tie) has at most this many entities are solved exactly by
  /// branch and bound; larger ones by local search.
  std::size_t exact_up_to = 24;
  /// Branch-and-bound steps allowed per part; past them the best partition found so far is
  /// kept and the result says it is not proven optimal.
  std::size_t max_steps = 10'000'000;
  std::uint64_t seed = 1;     ///< local search starts from seeded random camps
  std::size_t restarts = 16;  ///< local-search runs per part, the best one kept
};

/// Camps (blocs) of the entities in signed ties, and how far the graph is from balance.
struct balance_result {
  /// Camp per entity number, `none` for entities in no signed tie. Within a part of the signed
  /// graph camps are numbered from 0 in the order of their smallest entity; parts with no tie
  /// between them are independent, so camp 0 of one part has nothing to do with camp 0 of
  /// another.
  std::vector<std::size_t> camp;
  std::size_t camps = 0;  ///< distinct camp numbers used
  std::size_t ties = 0;   ///< signed ties (see `signed_ties`)
  /// Unbalanced ties: positive across camps, or negative inside one.
  std::size_t frustration = 0;
  /// The relations that make those ties unbalanced (those of the tie's sign), ascending.
  std::vector<relation_index> unbalanced;
  double balance_ratio = 1.0;  ///< the share of ties that are balanced (1 with no ties)
  bool exact = true;           ///< whether the partition is proven to leave the fewest
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
};

namespace detail {

// One connected part of the signed graph, renumbered 0..size-1, as adjacency with signs.
struct signed_part {
  std::vector<entity_index> entities;                          // local number -> entity
  std::vector<std::vector<std::pair<std::size_t, int>>> ties;  // local neighbour, sign
};

// Camps of one part and the unbalanced ties they leave, with per-entity counts of neighbours
// by camp, so that the cost of moving one entity is read off in O(camps).
class camp_state {
 public:
  camp_state(const signed_part& part, std::size_t camps)
      : part_(&part),
        camps_(camps),
        camp_(part.entities.size(), 0),
        positive_(part.entities.size() * camps, 0),
        negative_(part.entities.size() * camps, 0),
        positive_degree_(part.entities.size(), 0) {
    for (std::size_t v = 0; v < size(); ++v)
      for (auto [w, sign] : part.ties[v]) positive_degree_[v] += sign > 0;
  }

  [[nodiscard]] std::size_t size() const noexcept { return camp_.size(); }
  [[nodiscard]] std::size_t camps() const noexcept { return camps_; }
  [[nodiscard]] const std::vector<std::size_t>& camp() const noexcept { return camp_; }
  [[nodiscard]] std::size_t frustration() const noexcept { return frustration_; }

  /// Unbalanced ties of `v` if it were in camp `c` (its neighbours staying where they are).
  [[nodiscard]] std::size_t cost(std::size_t v, std::size_t c) const noexcept {
    return positive_degree_[v] - positive_[v * camps_ + c] + negative_[v * camps_ + c];
  }

  void assign_all(const std::vector<std::size_t>& camps) {
    std::fill(positive_.begin(), positive_.end(), 0);
    std::fill(negative_.begin(), negative_.end(), 0);
    camp_ = camps;
    std::size_t twice = 0;
    for (std::size_t v = 0; v < size(); ++v)
      for (auto [w, sign] : part_->ties[v])
        (sign > 0 ? positive_ : negative_)[v * camps_ + camp_[w]]++;
    for (std::size_t v = 0; v < size(); ++v) twice += cost(v, camp_[v]);
    frustration_ = twice / 2;
  }

  void move(std::size_t v, std::size_t to) {
    const std::size_t from = camp_[v];
    if (from == to) return;
    frustration_ = frustration_ + cost(v, to) - cost(v, from);
    camp_[v] = to;
    for (auto [w, sign] : part_->ties[v]) {
      auto& counts = sign > 0 ? positive_ : negative_;
      --counts[w * camps_ + from];
      ++counts[w * camps_ + to];
    }
  }

  // The camp that leaves `v` the fewest unbalanced ties (the lowest such camp number).
  [[nodiscard]] std::size_t best_camp(std::size_t v) const {
    std::size_t best = camp_[v];
    for (std::size_t c = 0; c < camps_; ++c)
      if (cost(v, c) < cost(v, best)) best = c;
    return best;
  }

 private:
  const signed_part* part_;
  std::size_t camps_;
  std::vector<std::size_t> camp_;
  std::vector<std::size_t> positive_, negative_;  // [v * camps + c]: v's neighbours in camp c
  std::vector<std::size_t> positive_degree_;
  std::size_t frustration_ = 0;
};

// Moves single entities to better camps until none improves.
inline void greedy_moves(camp_state& state) {
  for (bool moved = true; moved;) {
    moved = false;
    for (std::size_t v = 0; v < state.size(); ++v) {
      std::size_t best = state.best_camp(v);
      if (best != state.camp()[v]) {
        state.move(v, best);
        moved = true;
      }
    }
  }
}

// One Kernighan–Lin pass: move every entity once, each time the best move among those not yet
// moved (even a worsening one, to climb out of a local minimum), then keep the best prefix.
// Returns whether it improved.
inline bool kernighan_lin_pass(camp_state& state) {
  const std::size_t n = state.size();
  std::vector<char> locked(n, 0);
  std::vector<std::pair<std::size_t, std::size_t>> undo;  // entity, camp it left
  const std::size_t start = state.frustration();
  std::size_t best = start, best_prefix = 0;
  for (std::size_t step = 0; step < n; ++step) {
    std::size_t pick = n, pick_camp = 0;
    std::ptrdiff_t pick_gain = 0;
    for (std::size_t v = 0; v < n; ++v) {
      if (locked[v]) continue;
      const auto here = static_cast<std::ptrdiff_t>(state.cost(v, state.camp()[v]));
      for (std::size_t c = 0; c < state.camps(); ++c) {
        if (c == state.camp()[v]) continue;
        std::ptrdiff_t gain = here - static_cast<std::ptrdiff_t>(state.cost(v, c));
        if (pick == n || gain > pick_gain) {
          pick = v;
          pick_camp = c;
          pick_gain = gain;
        }
      }
    }
    if (pick == n) break;
    undo.push_back({pick, state.camp()[pick]});
    state.move(pick, pick_camp);
    locked[pick] = 1;
    if (state.frustration() < best) {
      best = state.frustration();
      best_prefix = undo.size();
    }
  }
  while (undo.size() > best_prefix) {
    state.move(undo.back().first, undo.back().second);
    undo.pop_back();
  }
  return best < start;
}

// Local search: restarts from seeded random camps (the first from a greedy placement along
// the ties), each improved by greedy moves and Kernighan–Lin passes; the best one kept.
inline std::vector<std::size_t> local_search(const signed_part& part, std::size_t camps,
                                             const balance_options& opts, split_mix& random) {
  const std::size_t n = part.entities.size();
  camp_state state(part, camps);
  std::vector<std::size_t> best;
  std::size_t best_frustration = 0;
  // Kernighan–Lin passes cost O(n² camps); past this size greedy moves alone must do.
  constexpr std::size_t kernighan_lin_up_to = 1000;
  for (std::size_t run = 0; run < std::max<std::size_t>(1, opts.restarts); ++run) {
    std::vector<std::size_t> start(n, 0);
    if (run == 0) {
      // Everyone in camp 0, then, breadth first along the ties, each into its best camp.
      std::vector<char> placed(n, 0);
      std::vector<std::size_t> order{0};
      placed[0] = 1;
      for (std::size_t i = 0; i < order.size(); ++i)
        for (auto [w, sign] : part.ties[order[i]])
          if (!placed[w]) {
            placed[w] = 1;
            order.push_back(w);
          }
      state.assign_all(start);
      for (std::size_t v : order) state.move(v, state.best_camp(v));
    } else {
      for (auto& c : start) c = random.below(camps);
      state.assign_all(start);
    }
    greedy_moves(state);
    if (n <= kernighan_lin_up_to)
      for (int pass = 0; pass < 16 && kernighan_lin_pass(state); ++pass) greedy_moves(state);
    if (best.empty() || state.frustration() < best_frustration) {
      best = state.camp();
      best_frustration = state.frustration();
    }
    if (best_frustration == 0) break;
  }
  return best;
}

// Branch and bound over camps in a fixed order of entities (each next the one with most ties
// to those placed), camps opened in order so that renamings of one partition are tried once.
// The bound adds, for every entity not yet placed, the fewest unbalanced ties it must have
// with those placed: those ties are disjoint, so the bound never overestimates.
class balance_search {
 public:
  balance_search(const signed_part& part, std::size_t camps, std::size_t max_steps)
      : part_(part),
        camps_(camps),
        max_steps_(max_steps),
        n_(part.entities.size()),
        camp_(n_, unplaced),
        positive_(n_ * camps, 0),
        negative_(n_ * camps, 0),
        positive_placed_(n_, 0) {
    std::vector<std::size_t> linked(n_, 0);
    std::vector<char> taken(n_, 0);
    for (std::size_t i = 0; i < n_; ++i) {
      std::size_t pick = n_;
      for (std::size_t v = 0; v < n_; ++v)
        if (!taken[v] &&
            (pick == n_ || linked[v] > linked[pick] ||
             (linked[v] == linked[pick] && part.ties[v].size() > part.ties[pick].size())))
          pick = v;
      taken[pick] = 1;
      order_.push_back(pick);
      for (auto [w, sign] : part.ties[pick]) ++linked[w];
    }
  }

  // Improves on `incumbent` (whose frustration is `bound`) if it can; returns whether the
  // search finished within its steps, so that the answer is proven optimal.
  bool run(std::vector<std::size_t>& incumbent, std::size_t& bound) {
    best_ = &incumbent;
    bound_ = &bound;
    descend(0, 0, 0);
    return steps_ <= max_steps_;
  }

 private:
  static constexpr std::size_t unplaced = static_cast<std::size_t>(-1);

  std::size_t cost(std::size_t v, std::size_t c) const {
    return positive_placed_[v] - positive_[v * camps_ + c] + negative_[v * camps_ + c];
  }

  void place(std::size_t v, std::size_t c, int step) {
    camp_[v] = c;
    for (auto [w, sign] : part_.ties[v]) {
      if (sign > 0) {
        positive_placed_[w] += static_cast<std::size_t>(step);
        positive_[w * camps_ + c] += static_cast<std::size_t>(step);
      } else {
        negative_[w * camps_ + c] += static_cast<std::size_t>(step);
      }
    }
  }

  void descend(std::size_t depth, std::size_t opened, std::size_t frustration) {
    if (++steps_ > max_steps_) return;
    if (depth == n_) {
      if (frustration < *bound_) {
        *bound_ = frustration;
        *best_ = camp_;
      }
      return;
    }
    std::size_t bound = frustration;
    for (std::size_t i = depth + 1; i < n_; ++i) {
      // A camp not opened yet holds no placed entity: its cost is v's positive placed ties.
      std::size_t v = order_[i], least = cost(v, 0);
      for (std::size_t c = 1; c < camps_; ++c) least = std::min(least, cost(v, c));
      bound += least;
    }
    const std::size_t v = order_[depth];
    const std::size_t choices = std::min(camps_, opened + 1);
    for (std::size_t c = 0; c < choices; ++c) {
      std::size_t added = cost(v, c);
      if (bound + added >= *bound_) continue;
      place(v, c, 1);
      descend(depth + 1, std::max(opened, c + 1), frustration + added);
      place(v, c, -1);
      camp_[v] = unplaced;
      if (steps_ > max_steps_) return;
    }
  }

  const signed_part& part_;
  std::size_t camps_, max_steps_, n_;
  std::vector<std::size_t> order_;
  std::vector<std::size_t> camp_;
  std::vector<std::size_t> positive_, negative_;  // [v * camps + c]: placed neighbours in camp c
  std::vector<std::size_t> positive_placed_;      // v's positive ties to placed entities
  std::vector<std::size_t>* best_ = nullptr;
  std::size_t* bound_ = nullptr;
  std::size_t steps_ = 0;
};

// Ties that are unbalanced however the camps fall, counted once each: edge-disjoint triads
// that no partition into `camps` camps satisfies (a negative sign product with two camps; one
// negative and two positive ties with more). Their count is a lower bound on the frustration.
inline std::size_t surely_unbalanced(const signed_part& part, std::size_t camps) {
  const std::size_t n = part.entities.size();
  std::vector<std::vector<std::pair<std::size_t, int>>> higher(n);
  for (std::size_t v = 0; v < n; ++v)
    for (auto [w, sign] : part.ties[v])
      if (w > v) higher[v].push_back({w, sign});
  for (auto& list : higher) std::sort(list.begin(), list.end());
  std::set<std::pair<std::size_t, std::size_t>> used;
  std::vector<int> sign_to(n, 0);
  std::size_t count = 0;
  for (std::size_t a = 0; a < n; ++a) {
    for (auto [c, sign] : higher[a]) sign_to[c] = sign;
    for (auto [b, ab] : higher[a])
      for (auto [c, bc] : higher[b]) {
        const int ac = sign_to[c];
        if (ac == 0) continue;
        const int negatives = (ab < 0) + (ac < 0) + (bc < 0);
        if (camps == 2 ? negatives % 2 == 0 : negatives != 1) continue;
        if (used.count({a, b}) || used.count({a, c}) || used.count({b, c})) continue;
        used.insert({{a, b}, {a, c}, {b, c}});
        ++count;
      }
    for (auto [c, sign] : higher[a]) sign_to[c] = 0;
  }
  return count;
}

// Camps for one part, and whether they are proven to leave the fewest unbalanced ties.
// Entities with a single tie are peeled off first (repeatedly): whatever camps the rest get,
// such an entity can keep its one tie balanced, so only the core left needs searching.
inline std::pair<std::vector<std::size_t>, bool> solve_part(const signed_part& part,
                                                            std::size_t camps,
                                                            const balance_options& opts,
                                                            split_mix& random) {
  const std::size_t n = part.entities.size();
  if (camps == 1) return {std::vector<std::size_t>(n, 0), true};

  std::vector<std::size_t> degree(n);
  std::vector<char> peeled(n, 0);
  std::vector<std::size_t> leaves;
  for (std::size_t v = 0; v < n; ++v)
    if ((degree[v] = part.ties[v].size()) == 1) leaves.push_back(v);
  struct peeling {
    std::size_t entity, anchor;
    int sign;
  };
  std::vector<peeling> order;
  while (!leaves.empty()) {
    std::size_t v = leaves.back();
    leaves.pop_back();
    if (peeled[v] || degree[v] != 1) continue;
    for (auto [w, sign] : part.ties[v]) {
      if (peeled[w]) continue;
      peeled[v] = 1;
      order.push_back({v, w, sign});
      if (--degree[w] == 1) leaves.push_back(w);
      break;
    }
  }

  signed_part core;
  std::vector<std::size_t> in_core(n, static_cast<std::size_t>(-1));
  for (std::size_t v = 0; v < n; ++v)
    if (!peeled[v]) {
      in_core[v] = core.entities.size();
      core.entities.push_back(part.entities[v]);
    }
  core.ties.resize(core.entities.size());
  for (std::size_t v = 0; v < n; ++v)
    if (!peeled[v])
      for (auto [w, sign] : part.ties[v])
        if (!peeled[w]) core.ties[in_core[v]].push_back({in_core[w], sign});

  const std::size_t core_camps = std::min(camps, core.entities.size());
  auto camp = local_search(core, core_camps, opts, random);
  camp_state state(core, core_camps);
  state.assign_all(camp);
  std::size_t frustration = state.frustration();
  bool exact = frustration == 0;
  if (!exact && core.entities.size() <= opts.exact_up_to) {
    balance_search search(core, core_camps, opts.max_steps);
    exact = search.run(camp, frustration);
  }
  if (!exact) exact = frustration == surely_unbalanced(core, core_camps);

  std::vector<std::size_t> result(n, 0);
  for (std::size_t v = 0; v < n; ++v)
    if (!peeled[v]) result[v] = camp[in_core[v]];
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    result[it->entity] = it->sign > 0 ? result[it->anchor] : (result[it->anchor] == 0 ? 1 : 0);
  return {std::move(result), exact};
}

}  // namespace detail

/// A partition of the entities in signed ties into at most `opts.camps` camps that leaves the
/// fewest unbalanced ties (a positive tie across camps, or a negative one inside a camp), on a
/// graph or a view. Each connected part of the signed graph is solved on its own. Entities with a
/// single tie are set aside first (they can always keep it balanced); the core left is solved
/// exactly by branch and bound up to `opts.exact_up_to` entities, else by seeded local search
/// (greedy moves and Kernighan–Lin passes), which gives the same answer for the same seed. A
/// local-search answer is still `exact` when it meets a lower bound: no unbalanced tie, or one per
/// edge-disjoint triad that no partition can balance.
///
///     auto blocs = structural_balance(make_view(g, {.min_evidence = evidence::reported}));
///     bool together = blocs.camp[g.at("PRK")] == blocs.camp[g.at("RUS")];
template <class Graph>
[[nodiscard]] balance_result structural_balance(const Graph& g, const balance_options& opts = {}) {
  if (opts.camps == 0) throw error("structural_balance: camps must be at least 1");
  const auto ties = signed_ties(g);
  const std::size_t n = detail::underlying(g).num_entities();
  balance_result result;
  result.camp.assign(n, balance_result::none);
  result.ties = ties.size();

  // The parts: entities linked by ties, found by union-find over entity numbers.
  std::vector<entity_index> parent(n);
  for (std::size_t v = 0; v < n; ++v) parent[v] = static_cast<entity_index>(v);
  auto root = [&](entity_index v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  std::vector<char> signed_entity(n, 0);
  for (const auto& t : ties) {
    signed_entity[t.a] = signed_entity[t.b] = 1;
    parent[root(t.a)] = root(t.b);
  }
  std::vector<std::size_t> part_of(n, balance_result::none), local(n, 0);
  std::vector<detail::signed_part> parts;
  for (std::size_t v = 0; v < n; ++v) {  // in entity order: parts by their smallest entity
    if (!signed_entity[v]) continue;
    entity_index r = root(static_cast<entity_index>(v));
    if (part_of[r] == balance_result::none) {
      part_of[r] = parts.size();
      parts.emplace_back();
    }
    auto& part = parts[part_of[r]];
    local[v] = part.entities.size();
    part.entities.push_back(static_cast<entity_index>(v));
    part.ties.emplace_back();
  }
  for (const auto& t : ties) {
    auto& part = parts[part_of[root(t.a)]];
    part.ties[local[t.a]].push_back({local[t.b], t.sign()});
    part.ties[local[t.b]].push_back({local[t.a], t.sign()});
  }

  detail::split_mix random{opts.seed};
  std::size_t most_camps = 0;
  for (const auto& part : parts) {
    const std::size_t size = part.entities.size();
    const std::size_t camps = std::min(opts.camps, size);
    auto [camp, exact] = detail::solve_part(part, camps, opts, random);
    if (!exact) result.exact = false;
    // Camps renumbered by their smallest entity, so equal partitions read the same.
    std::vector<std::size_t> renamed(camps, balance_result::none);
    std::size_t used = 0;
    for (std::size_t v = 0; v < size; ++v) {
      if (renamed[camp[v]] == balance_result::none) renamed[camp[v]] = used++;
      result.camp[part.entities[v]] = renamed[camp[v]];
    }
    most_camps = std::max(most_camps, used);
  }
  result.camps = most_camps;

  for (const auto& t : ties) {
    bool together = result.camp[t.a] == result.camp[t.b];
    if (together == (t.sign() > 0)) continue;
    ++result.frustration;
    const graph& base = detail::underlying(g);
    for (relation_index r : t.relations)
      if (static_cast<int>(base.schema().relation_type_at(base.type(r)).polarity) == t.sign())
        result.unbalanced.push_back(r);
  }
  std::sort(result.unbalanced.begin(), result.unbalanced.end());
  if (result.ties > 0)
    result.balance_ratio =
        1.0 - static_cast<double>(result.frustration) / static_cast<double>(result.ties);
  return result;
}

/// Three entities pairwise in signed ties whose signs multiply to −1 (two friends with a common
/// enemy who are enemies themselves, or three mutual enemies).
struct triad {
  std::array<entity_index, 3> entities;  ///< ascending
  std::array<int, 3> signs;  ///< of the ties (first, second), (first, third), (second, third)
  std::vector<relation_index> relations;  ///< the signed relations of the three ties, ascending
};

/// Every unbalanced triad of `g` (a graph or a view), ordered by its entities; ties as in
/// `signed_ties`.
template <class Graph>
[[nodiscard]] std::vector<triad> unbalanced_triads(const Graph& g) {
  const auto ties = signed_ties(g);
  const std::size_t n = detail::underlying(g).num_entities();
  // Each entity's ties to larger entities, ascending (ties come sorted by a, then b).
  std::vector<std::vector<std::size_t>> higher(n);
  for (std::size_t i = 0; i < ties.size(); ++i) higher[ties[i].a].push_back(i);
  std::vector<std::size_t> tie_to(n, static_cast<std::size_t>(-1));
  std::vector<triad> found;
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t i : higher[a]) tie_to[ties[i].b] = i;
    for (std::size_t ab : higher[a])
      for (std::size_t bc : higher[ties[ab].b]) {
        std::size_t ac = tie_to[ties[bc].b];
        if (ac == static_cast<std::size_t>(-1)) continue;
        if (ties[ab].sign() * ties[ac].sign() * ties[bc].sign() > 0) continue;
        triad t{{ties[ab].a, ties[ab].b, ties[bc].b},
                {ties[ab].sign(), ties[ac].sign(), ties[bc].sign()},
                {}};
        for (std::size_t k : {ab, ac, bc})
          t.relations.insert(t.relations.end(), ties[k].relations.begin(), ties[k].relations.end());
        std::sort(t.relations.begin(), t.relations.end());
        found.push_back(std::move(t));
      }
    for (std::size_t i : higher[a]) tie_to[ties[i].b] = static_cast<std::size_t>(-1);
  }
  std::sort(found.begin(), found.end(),
            [](const triad& x, const triad& y) { return x.entities < y.entities; });
  return found;
}

// ---- cooperation over time -------------------------------------------------------------------

/// The relations between two actors in one year (or undated), and their summed type weights.
struct cooperation_year {
  int year = 0;  ///< 0 for the undated bucket
  double score = 0.0;
  std::vector<relation_index> relations;
};

/// The years `net_cooperation` reports. An open end of a relation's valid time reaches the
/// earliest or latest year named anywhere in the graph (a relation's dates or a source's
/// publication date) unless given here.
struct net_cooperation_options {
  std::optional<int> first_year;
  std::optional<int> last_year;
};

/// Net cooperation between two actors, year by year.
struct cooperation_series {
  std::vector<cooperation_year> years;    ///< consecutive years, the first to the last covered
  cooperation_year undated;               ///< relations with no valid time at all
  double total = 0.0;                     ///< every relation counted once, whatever its years
  std::vector<relation_index> relations;  ///< every relation counted, ascending
};

/// The net cooperation score between `a` and `b` on a graph or a view: the sum of the type
/// weights (Goldstein-style, −10..+10) of the relations between them in both directions,
/// denied ones left out. A relation counts in every year its valid time touches; relations
/// without dates go to `undated`.
///
///     auto series = net_cooperation(g, g.at("PRK"), g.at("RUS"));
///     for (const auto& y : series.years) fmt::print("{}: {:+.1f}\n", y.year, y.score);
template <class Graph>
[[nodiscard]] cooperation_series net_cooperation(const Graph& g, entity_index a, entity_index b,
                                                 const net_cooperation_options& opts = {}) {
  const graph& base = detail::underlying(g);
  (void)base.entity(a);  // throws lookup_error for a number the graph does not have
  (void)base.entity(b);
  cooperation_series series;
  for (auto [it, end] = out_edges(a, g); it != end; ++it)
    if (target(*it, g) == b) series.relations.push_back(*it);
  if (a != b)
    for (auto [it, end] = in_edges(a, g); it != end; ++it)
      if (source(*it, g) == b) series.relations.push_back(*it);
  std::erase_if(series.relations, [&](relation_index r) {
    return base.evidence(r) == evidence::denied ||
           base.schema().relation_type_at(base.type(r)).weight == 0.0;
  });
  std::sort(series.relations.begin(), series.relations.end());

  int earliest = opts.first_year.value_or(0), latest = opts.last_year.value_or(0);
  if (!opts.first_year || !opts.last_year) {
    int low = 0, high = 0;
    auto note = [&](const date& d) {
      if (!d.is_set()) return;
      low = low == 0 ? d.year() : std::min(low, d.year());
      high = std::max(high, d.year());
    };
    for (relation_index r = 0; r < base.num_relations(); ++r) {
      note(base.valid(r).since);
      note(base.valid(r).until);
    }
    for (const auto& s : base.sources()) note(s.published);
    if (!opts.first_year) earliest = low;
    if (!opts.last_year) latest = high;
  }
  if (opts.first_year && opts.last_year && earliest > latest)
    throw error("net_cooperation: first_year " + std::to_string(earliest) + " is after last_year " +
                std::to_string(latest));

  std::map<int, cooperation_year> by_year;
  for (relation_index r : series.relations) {
    const double weight = base.schema().relation_type_at(base.type(r)).weight;
    series.total += weight;
    const interval& valid = base.valid(r);
    if (valid.is_open()) {
      series.undated.score += weight;
      series.undated.relations.push_back(r);
      continue;
    }
    int from = valid.since.is_set() ? valid.since.year() : earliest;
    int to = valid.until.is_set() ? valid.until.year() : latest;
    from = std::max(from, earliest);
    to = std::min(to, latest);
    for (int year = from; year <= to; ++year) {
      auto& bucket = by_year[year];
      bucket.year = year;
      bucket.score += weight;
      bucket.relations.push_back(r);
    }
  }
  if (!by_year.empty())
    for (int year = by_year.begin()->first; year <= by_year.rbegin()->first; ++year) {
      auto it = by_year.find(year);
      series.years.push_back(it != by_year.end() ? std::move(it->second)
                                                 : cooperation_year{year, 0.0, {}});
    }
  return series;
}

// ---- corroboration ---------------------------------------------------------------------------

/// One fact — who, what, whom, asserted or denied — and the sources behind it.
struct fact_support {
  entity_index from;
  relation_type_id type;
  entity_index to;
  bool denied = false;
  std::vector<relation_index> relations;  ///< the relations that state it, ascending
  std::vector<source_index> sources;      ///< the distinct sources they cite, ascending
  /// Independent sources: sources with the same publisher count once, sources without one
  /// count by their id.
  std::size_t independent = 0;
};

namespace detail {

// The fact a relation states, written one way: a symmetric type with its ends in ascending
// order, and a type whose declared inverse comes first in the schema as that inverse.
inline std::tuple<entity_index, relation_type_id, entity_index, bool> fact_of(const graph& g,
                                                                              relation_index r) {
  entity_index from = g.from(r), to = g.to(r);
  relation_type_id type = g.type(r);
  if (auto inverse = g.schema().inverse_of(type)) {
    if (*inverse == type) {
      if (to < from) std::swap(from, to);
    } else if (*inverse < type) {
      type = *inverse;
      std::swap(from, to);
    }
  }
  return {from, type, to, g.evidence(r) == evidence::denied};
}

inline void count_sources(const graph& g, fact_support& fact) {
  std::set<source_index> sources;
  for (relation_index r : fact.relations)
    for (const auto& c : g.citations(r)) sources.insert(c.source);
  fact.sources.assign(sources.begin(), sources.end());
  std::set<std::pair<bool, std::string>> outlets;
  for (source_index s : fact.sources) {
    const auto& info = g.source_at(s);
    outlets.insert(info.publisher.empty() ? std::pair{false, info.id}
                                          : std::pair{true, info.publisher});
  }
  fact.independent = outlets.size();
}

}  // namespace detail

/// Every fact of `g` (a graph or a view) with its sources, ordered by from, type, to, then
/// asserted before denied. Parallel relations saying the same thing merge into one fact, and
/// so do the two readings of a symmetric relation (`A allied_with B`, `B allied_with A`) and a
/// relation stated through a declared inverse type (reported as the type declared first). On a
/// view, a kept relation counts every source it cites, even one the view's `sources` or
/// `as_known` filter would not have let through on its own.
///
///     for (const auto& f : corroboration(g))
///       if (f.independent < 2) fmt::print("single-sourced: {}\n", g.relation(f.relations[0]));
template <class Graph>
[[nodiscard]] std::vector<fact_support> corroboration(const Graph& g) {
  const graph& base = detail::underlying(g);
  std::map<std::tuple<entity_index, relation_type_id, entity_index, bool>, fact_support> facts;
  for (auto [it, end] = edges(g); it != end; ++it) {
    auto key = detail::fact_of(base, *it);
    auto [at, added] = facts.try_emplace(key);
    if (added)
      at->second = {
          std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), {}, {}, 0};
    at->second.relations.push_back(*it);
  }
  std::vector<fact_support> result;
  result.reserve(facts.size());
  for (auto& [key, fact] : facts) {
    std::sort(fact.relations.begin(), fact.relations.end());
    detail::count_sources(base, fact);
    result.push_back(std::move(fact));
  }
  return result;
}

/// The fact relation `r` states, with every relation of `g` (a graph or a view) that states it
/// too and their sources. Throws lookup_error when `g` has no relation `r` (or the view drops it).
template <class Graph>
[[nodiscard]] fact_support corroboration(const Graph& g, relation_index r) {
  const graph& base = detail::underlying(g);
  (void)base.relation(r);  // throws lookup_error for a number the graph does not have
  if constexpr (!std::is_same_v<Graph, graph>)
    if (!g.keeps_relation(r))
      throw lookup_error("relation " + std::to_string(r) + " is not in the view");
  const auto key = detail::fact_of(base, r);
  fact_support fact{
      std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key), {}, {}, 0};
  // Only relations between the same two entities can state the same fact.
  for (auto [it, end] = out_edges(base.from(r), g); it != end; ++it)
    if (detail::fact_of(base, *it) == key) fact.relations.push_back(*it);
  for (auto [it, end] = in_edges(base.from(r), g); it != end; ++it)
    if (source(*it, g) != target(*it, g) && detail::fact_of(base, *it) == key)
      fact.relations.push_back(*it);
  std::sort(fact.relations.begin(), fact.relations.end());
  detail::count_sources(base, fact);
  return fact;
}

}  // namespace entente

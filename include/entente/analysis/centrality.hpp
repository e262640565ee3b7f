#pragma once
/// Centrality of every entity on a graph or a view: PageRank, degrees and betweenness.

#include <entente/analysis/detail.hpp>
#include <entente/graph.hpp>
#include <entente/progress.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <system_error>
#include <thread>
#include <type_traits>
#include <vector>

namespace entente {

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

// ---- betweenness -----------------------------------------------------------------------------

namespace detail {

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
  bool normalized = true;      ///< divide by (n−1)(n−2), n the entities kept, as NetworkX does
  bool directed = true;        ///< false reads every relation both ways (an undirected multigraph)
  unsigned threads = 1;        ///< sources are split between this many threads (0 counts as 1)
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

}  // namespace entente

#pragma once
/// What several analyses share: the graph behind a graph or a view, and the distinct
/// neighbours of every entity that betweenness and components walk.

#include <entente/graph.hpp>
#include <entente/view.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace entente::detail {

// The graph that a graph or a view reads from.
inline const graph& underlying(const graph& g) noexcept { return g; }
inline const graph& underlying(const view& v) noexcept { return v.graph(); }

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

}  // namespace entente::detail

#pragma once
/// The neighbourhood of an entity on a graph or a view: the entities within a number of relations
/// of it, whichever way they point, for `subgraph` to cut out.

#include <entente/graph.hpp>
#include <entente/view.hpp>

#include <cstddef>
#include <type_traits>
#include <vector>

namespace entente {

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

}  // namespace entente

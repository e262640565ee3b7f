#pragma once
/// Weakly and strongly connected components of a graph or a view.

#include <entente/analysis/detail.hpp>
#include <entente/graph.hpp>

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace entente {

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

}  // namespace entente

// Every simple path between two entities, shortest first, pruned by the distances to the end.

#include <entente/paths.hpp>

#include "paths/search.hpp"

namespace entente {
namespace detail {
namespace {

// Distances from `from` by one-sided BFS (to `from` along arriving steps when `backwards`), up to
// `max_depth`; `hops` when entities were left beyond it.
bfs_end bfs_distances(const step_rules& rules, marks& m, scratch& sc, entity_index from,
                      std::size_t max_depth, budget& clock, bool backwards) {
  m.set(from, 0, no_index, no_index);
  auto& frontier = sc.frontier;
  auto& next = sc.next;
  frontier.assign(1, from);
  for (std::uint32_t d = 0; !frontier.empty(); ++d) {
    if (d >= max_depth) return bfs_end::hops;
    next.clear();
    for (entity_index v : frontier) {
      if (clock.expired()) return bfs_end::deadline;
      auto visit = [&](relation_index r, entity_index u, bool) {
        if (m.seen(u)) return;
        m.set(u, d + 1, v, r);
        next.push_back(u);
      };
      if (backwards)
        rules.arriving(v, visit);
      else
        rules.leaving(v, visit);
    }
    frontier.swap(next);
  }
  return bfs_end::exhausted;
}

}  // namespace
}  // namespace detail

path_result all_simple_paths(const graph& g, entity_index from, entity_index to,
                             const path_options& opts) {
  using namespace detail;
  step_rules rules(g, opts);
  check_ends(g, from, to);
  budget clock(opts.timeout);
  enumeration out;
  if (auto settled = settled_before_search(g, from, to, opts, clock)) return std::move(*settled);
  scratch_lease lease;
  auto& sc = *lease;
  const std::size_t n = g.num_entities();
  // Distances to `to` (ignoring simplicity) prune every branch that cannot arrive in time.
  auto& to_go = sc.b;
  to_go.begin(n);
  auto reach = bfs_distances(rules, to_go, sc, to, opts.max_hops, clock, true);
  if (reach == bfs_end::deadline) {
    out.cut.set(deadline_reached);
    return out.finish();
  }
  if (!to_go.seen(from)) {
    report(out.cut, reach, opts.max_hops);
    return out.finish();
  }
  auto& on_path = sc.a;
  on_path.begin(n);
  std::vector<candidate> buffer;
  std::vector<frame> stack;
  std::vector<relation_index> relations;
  bool hops_pruned = false;
  bool stop = false;
  // Iterative deepening: all paths of length L before any of L+1, so a cut keeps the shortest.
  for (std::size_t length = to_go[from].dist; length <= opts.max_hops && !stop; ++length) {
    const bool last = length == opts.max_hops;
    auto push = [&](entity_index v) {
      std::size_t depth = relations.size();
      std::size_t begin = buffer.size();
      on_path.set(v, 0, no_index, no_index);
      rules.leaving(v, [&](relation_index r, entity_index u, bool) {
        if (on_path.seen(u) || !to_go.seen(u)) return;
        std::size_t total = depth + 1 + to_go[u].dist;
        if (total > length) {
          hops_pruned = hops_pruned || (last && u != to);
          return;
        }
        if (u == to && total != length) return;
        buffer.push_back({r, u});
      });
      stack.push_back({v, begin, begin});
    };
    push(from);
    // A stop leaves marks behind; the next search's generation forgets them.
    stop = !walk_depth_first(
        buffer, stack, relations, clock, out.cut, push, [&](std::uint32_t v) { on_path.clear(v); },
        [&](const candidate& c) { return c.next == to; },
        [&] { return out.add(g, from, relations, opts.limit); });
  }
  if (hops_pruned) out.cut.set(hops_reached(opts.max_hops));
  return out.finish();
}

}  // namespace entente

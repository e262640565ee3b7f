// The k shortest loop-free paths (Yen), its spur searches run by the bidirectional BFS.

#include <entente/paths.hpp>

#include "paths/search.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <span>
#include <utility>

namespace entente {
namespace detail {
namespace {

// Orders paths (as relation lists from one start) by length, then relation by relation.
struct shorter_first {
  bool operator()(const std::vector<relation_index>& a,
                  const std::vector<relation_index>& b) const {
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
  }
};

}  // namespace
}  // namespace detail

path_result k_shortest_paths(const graph& g, entity_index from, entity_index to, std::size_t k,
                             const path_options& opts) {
  using namespace detail;
  step_rules rules(g, opts);
  check_ends(g, from, to);
  budget clock(opts.timeout);
  enumeration out;
  if (k == 0) return out.finish();
  if (auto settled = settled_before_search(g, from, to, opts, clock)) return std::move(*settled);
  // One more than the limit tells whether the limit cut anything.
  const bool limited = opts.limit < k;
  const std::size_t want = limited ? opts.limit + 1 : k;

  struct found_path {
    std::vector<relation_index> relations;
    std::vector<entity_index> nodes;
    std::size_t deviation;  // where it leaves the path it was derived from (Lawler)
  };
  auto nodes_of = [&](const std::vector<relation_index>& rs) { return path(g, from, rs).nodes(); };

  scratch_lease lease;
  auto& sc = *lease;
  std::vector<found_path> chosen;
  std::set<std::vector<relation_index>, shorter_first> chosen_keys;
  std::map<std::vector<relation_index>, std::size_t, shorter_first> candidates;  // -> deviation
  bool hops_cut = false;

  std::vector<relation_index> spur;
  auto end = bidirectional(rules, sc, {from, to, opts.max_hops}, clock, spur);
  if (end != bfs_end::found) {
    report(out.cut, end, opts.max_hops);
    return out.finish();
  }
  chosen.push_back({spur, nodes_of(spur), 0});
  chosen_keys.insert(spur);
  std::vector<relation_index> banned;
  while (chosen.size() < want) {
    const found_path prev = chosen.back();
    for (std::size_t j = prev.deviation; j < prev.relations.size(); ++j) {
      // Relations out of the spur entity that paths sharing this root already take.
      banned.clear();
      for (const auto& p : chosen)
        if (p.relations.size() > j &&
            std::equal(p.relations.begin(), p.relations.begin() + static_cast<std::ptrdiff_t>(j),
                       prev.relations.begin()))
          banned.push_back(p.relations[j]);
      meet_request spur_search{prev.nodes[j], to, opts.max_hops - j,
                               std::span(prev.nodes.data(), j), banned};
      auto spur_end = bidirectional(rules, sc, spur_search, clock, spur);
      if (spur_end == bfs_end::deadline) {
        out.cut.set(deadline_reached);
        break;
      }
      if (spur_end == bfs_end::hops) hops_cut = true;
      if (spur_end != bfs_end::found) continue;
      std::vector<relation_index> rs(prev.relations.begin(),
                                     prev.relations.begin() + static_cast<std::ptrdiff_t>(j));
      rs.insert(rs.end(), spur.begin(), spur.end());
      if (!chosen_keys.contains(rs)) candidates.emplace(std::move(rs), j);
    }
    if (out.cut.cut || candidates.empty()) break;
    auto best = candidates.begin();
    chosen_keys.insert(best->first);
    chosen.push_back({best->first, nodes_of(best->first), best->second});
    candidates.erase(best);
  }
  if (limited && chosen.size() > opts.limit) {
    chosen.resize(opts.limit);
    out.cut.set(limit_reached(opts.limit));
  }
  if (chosen.size() < k && hops_cut) out.cut.set(hops_reached(opts.max_hops));
  // Yen yields lengths in order; equal lengths are listed by their relations.
  std::stable_sort(chosen.begin(), chosen.end(), [](const found_path& a, const found_path& b) {
    return shorter_first{}(a.relations, b.relations);
  });
  for (const auto& p : chosen) out.result.paths.emplace_back(g, from, p.relations);
  return out.finish();
}

}  // namespace entente

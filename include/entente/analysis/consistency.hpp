#pragma once
/// Consistency checks of a whole graph: what breaks the schema, what lacks a source, and where
/// sources contradict each other.

#include <entente/graph.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
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

}  // namespace entente

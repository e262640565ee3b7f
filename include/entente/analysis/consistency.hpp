#pragma once
/// Consistency checks of a whole graph: what breaks the schema, what lacks a source, and where
/// sources contradict each other.

#include <entente/graph.hpp>

#include <string>
#include <vector>

namespace entente {

/// A relation that breaks its type's domain or range, with the rule it breaks.
struct schema_violation {
  relation_index relation;
  std::string rule;
};

/// Every relation that breaks the graph's schema (a graph loaded leniently may hold some).
[[nodiscard]] std::vector<schema_violation> schema_violations(const graph& g);

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

/// Contradictions between sources, found by two rules:
/// - a relation one source asserts and another (or the same) denies (evidence `denied`);
/// - a functional type (one target at a time, e.g. `located_in`) given different targets at
///   overlapping times, where neither target lies within the other (Pyongyang within North
///   Korea is no contradiction).
[[nodiscard]] std::vector<contradiction> contradictions(const graph& g);

}  // namespace entente

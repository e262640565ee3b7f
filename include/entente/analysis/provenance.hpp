#pragma once
/// Corroboration: every fact a graph or a view states, with the sources behind it and how many
/// of them are independent.

#include <entente/analysis/detail.hpp>
#include <entente/error.hpp>
#include <entente/graph.hpp>

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace entente {

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

// Fills in the distinct sources behind `fact`'s relations and how many are independent.
void count_sources(const graph& g, fact_support& fact);

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

#pragma once
// What the path tests share: the relations of found paths, numbered graphs to build by hand, and
// whether a path takes only the steps its options allow.

#include <entente/graph.hpp>
#include <entente/paths.hpp>

#include <doctest/doctest.h>

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente::testing {

using relations = std::vector<relation_index>;

inline relations rels(const std::optional<path>& p) {
  REQUIRE(p.has_value());
  return p->relations();
}
inline std::vector<relations> rels(const path_result& r) {
  std::vector<relations> out;
  for (const auto& p : r.paths) out.push_back(p.relations());
  return out;
}
inline std::vector<std::size_t> lengths(const path_result& r) {
  std::vector<std::size_t> out;
  for (const auto& p : r.paths) out.push_back(p.length());
  return out;
}

// Entities n0..n{count-1} of kind Node; relation types a, b, s (symmetric), and the pair
// parent_of / child_of, each declared as the other's inverse.
inline graph numbered(std::size_t count) {
  schema s;
  s.add_kind({"Node", ""});
  s.add_relation_type({.name = "a", .inverse = "a_by"});
  s.add_relation_type({.name = "b", .inverse = "b_by"});
  s.add_relation_type({.name = "s", .symmetric = true});
  s.add_relation_type({.name = "parent_of", .inverse = "child_of"});
  s.add_relation_type({.name = "child_of", .inverse = "parent_of"});
  graph g(std::move(s));
  for (std::size_t i = 0; i < count; ++i) {
    auto id = "n" + std::to_string(i);
    g.add_entity({id, "Node", id});
  }
  return g;
}
inline relation_index link(graph& g, entity_index from, std::string_view type, entity_index to,
                           evidence e = evidence::confirmed) {
  return g.add_relation(from, g.schema().relation_type(type), to, e);
}

// A graph in which every node has two parallel `a` relations to every other node.
inline graph dense(std::size_t count) {
  auto g = numbered(count);
  for (entity_index i = 0; i < count; ++i)
    for (entity_index j = 0; j < count; ++j)
      if (i != j) {
        link(g, i, "a", j);
        link(g, i, "a", j);
      }
  return g;
}

// Whether each step of `p` may be taken under `dir` and `types` (empty: every type).
inline bool allowed(const path& p, direction dir, const std::set<std::string>& types) {
  const auto& g = p.graph();
  for (std::size_t i = 0; i < p.length(); ++i) {
    const auto& step = p.steps()[i];
    auto r = g.relation(step.relation);
    entity_index here = p.nodes()[i];
    entity_index there = p.nodes()[i + 1];
    bool connects = step.reversed ? (r.to() == here && r.from() == there)
                                  : (r.from() == here && r.to() == there);
    if (!connects) return false;
    if (!types.empty() && !types.contains(std::string(r.type_name()))) return false;
    bool symmetric = g.schema().relation_type_at(r.type()).symmetric;
    if (!symmetric && dir == direction::out && step.reversed) return false;
    if (!symmetric && dir == direction::in && !step.reversed && r.from() != r.to()) return false;
  }
  return true;
}

}  // namespace entente::testing

#pragma once
// States joined by relations given as (from, type, to): the small graphs the analysis tests build.

#include <entente/graph.hpp>

#include <initializer_list>
#include <tuple>
#include <vector>

namespace entente::testing {

/// States named by `ids`, and one relation of `type` per (from, to) pair.
inline graph states(
    std::initializer_list<const char*> ids,
    const std::vector<std::tuple<const char*, const char*, const char*>>& relations) {
  graph g;
  for (const char* id : ids) g.add_entity({id, "State", id});
  for (const auto& [from, type, to] : relations)
    g.add_relation({from, type, to, evidence::reported});
  return g;
}

}  // namespace entente::testing

// Contradictions between sources, and the schema check of every relation.

#include <entente/analysis/consistency.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace entente {
namespace {

void add_to_side(const graph& g, claim_side& side, relation_index r) {
  side.relations.push_back(r);
  for (const auto& c : g.citations(r))
    if (std::find(side.sources.begin(), side.sources.end(), c.source) == side.sources.end())
      side.sources.push_back(c.source);
}

// The places and wholes `e` lies in, following located_in and part_of (bounded, cycle-safe).
std::set<entity_index> containers(const graph& g, entity_index e) {
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

}  // namespace

std::vector<schema_violation> schema_violations(const graph& g) {
  std::vector<schema_violation> found;
  for (relation_index r = 0; r < g.num_relations(); ++r)
    if (auto why =
            g.schema().violation(g.type(r), g.entity(g.from(r)).kind(), g.entity(g.to(r)).kind()))
      found.push_back({r, std::move(*why)});
  return found;
}

std::vector<contradiction> contradictions(const graph& g) {
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
      add_to_side(g, g.evidence(r) == evidence::denied ? denied : asserted, r);
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
        return containers(g, s.first).count(target) > 0 || containers(g, target).count(s.first) > 0;
      });
      if (it == sides.end()) {
        sides.push_back({target, {}});
        it = sides.end() - 1;
      }
      add_to_side(g, it->second, r);
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

#pragma once
// The relation of a graph that states a candidate's fact: same ends (either way round for a
// symmetric type), type, evidence and item (compared by name key: "artillery shells" is
// "artillery-shells"). Shared by ingest, which marks such candidates, and accept, which cites
// the relation instead of adding a second.

#include <entente/graph.hpp>
#include <entente/names.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace entente::ingest_detail {

inline std::optional<relation_index> same_fact(const graph& g, entity_index from,
                                               relation_type_id type, entity_index to,
                                               evidence level, std::string_view item) {
  const std::string item_key = name_key(item);
  auto one_way = [&](entity_index a, entity_index b) -> std::optional<relation_index> {
    for (const auto& adj : g.out_relations(a, type)) {
      if (adj.other != b || g.evidence(adj.relation) != level) continue;
      const value* stored = g.relation_attributes(adj.relation).find("item");
      const auto* text = stored ? std::get_if<std::string>(stored) : nullptr;
      if ((text ? name_key(*text) : std::string()) == item_key) return adj.relation;
    }
    return std::nullopt;
  };
  if (auto r = one_way(from, to)) return r;
  if (g.schema().relation_type_at(type).symmetric) return one_way(to, from);
  return std::nullopt;
}

}  // namespace entente::ingest_detail

// `entente query --stats FILE`: what a query changed, counted as the openCypher TCK counts side
// effects, by comparing the graph before and after rather than by counting writes: a property
// set to the value it had is no change, one set to another value is one removed and one added,
// and a label counts once however many entities gain it.

#include "cli.hpp"

#include <entente/entente.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

namespace entente::cli {
namespace {

// What `b` lacks of `a`, both sorted, counting repeats (a multiset difference).
std::size_t missing_from(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out.size();
}

// Whether an entity's name was given rather than defaulted. graph::add_entity makes a missing
// name the id, and a query numbers the ids of what it creates without one ("a-1", "node-2"); a
// name that is such an id is taken as defaulted, as the model keeps no other trace of it.
bool has_given_name(std::string_view id, std::string_view name) {
  if (name != id) return true;
  auto dash = id.rfind('-');
  if (dash == std::string_view::npos || dash + 1 == id.size()) return true;
  return !std::all_of(id.begin() + static_cast<std::ptrdiff_t>(dash) + 1, id.end(),
                      [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

graph_census take_census(const graph& g) {
  graph_census c;
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto en = g.entity(e);
    std::string id(en.id());
    c.entities.push_back(id);
    // An unlabelled entity has the empty kind, which is no label.
    if (!en.kind_name().empty()) c.labels.emplace_back(en.kind_name());
    if (has_given_name(en.id(), en.name()))
      c.properties.push_back(
          fmt::format("{}\x1fname\x1f{}", id, json(std::string(en.name())).dump()));
    for (const auto& [key, v] : en.attributes())
      c.properties.push_back(fmt::format("{}\x1f{}\x1f{}", id, key, value_json(v).dump()));
  }
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    // Relations have no ids that outlive a deletion: their ends and type stand for them.
    auto owner = fmt::format("{}\x1e{}\x1e{}", g.entity(g.from(r)).id(), g.relation(r).type_name(),
                             g.entity(g.to(r)).id());
    for (const auto& [key, v] : g.relation_attributes(r))
      c.properties.push_back(fmt::format("{}\x1f{}\x1f{}", owner, key, value_json(v).dump()));
  }
  for (auto* list : {&c.entities, &c.labels, &c.properties}) std::sort(list->begin(), list->end());
  c.labels.erase(std::unique(c.labels.begin(), c.labels.end()), c.labels.end());
  return c;
}

json side_effects_json(const graph_census& before, const graph_census& after,
                       const write_summary& changes) {
  json out = json::object();
  out["+nodes"] = missing_from(after.entities, before.entities);
  out["-nodes"] = missing_from(before.entities, after.entities);
  // Counted by the query, as a relation's identity is its place in the store.
  out["+relationships"] = changes.relations_created;
  out["-relationships"] = changes.relations_deleted;
  out["+labels"] = missing_from(after.labels, before.labels);
  out["-labels"] = missing_from(before.labels, after.labels);
  out["+properties"] = missing_from(after.properties, before.properties);
  out["-properties"] = missing_from(before.properties, after.properties);
  return out;
}

}  // namespace entente::cli

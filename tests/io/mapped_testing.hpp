#pragma once
// What the mapped snapshot's damage test and fuzz target share: reading a graph in every way a
// reader can, so that damage anywhere in a mapped file is met.

#include <entente/graph.hpp>
#include <entente/query.hpp>

namespace entente::testing {

/// Asks `g` everything a reader can: each entity's fields and relations, each relation's fields,
/// the index by type and kind, a name lookup and a query.
inline void read_all(const graph& g) {
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto x = g.entity(e);
    (void)x.id(), (void)x.name(), (void)x.kind_name(), (void)x.aliases(), (void)x.attributes();
    (void)x.external_ids(), (void)g.out_relations(e), (void)g.in_relations(e);
    (void)g.find_id(x.id());
  }
  for (relation_index r = 0; r < g.num_relations(); ++r)
    (void)g.from(r), (void)g.to(r), (void)g.type(r), (void)g.evidence(r), (void)g.valid(r),
        (void)g.citations(r), (void)g.relation_attributes(r);
  for (relation_type_id t = 0; t < g.schema().num_relation_types(); ++t)
    (void)g.relations_of_type(t);
  for (kind_id k = 0; k < g.schema().num_kinds(); ++k) (void)g.entities_of_kind(k);
  (void)g.find("north korea");
  (void)query(g, "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, r.evidence LIMIT 50");
}

}  // namespace entente::testing

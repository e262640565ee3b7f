#pragma once
// How the write clauses turn query values into what the graph stores: properties of entities
// and relations (the built-in keys typed: `evidence` a level, `since`/`until` dates, `sources`
// citations), property maps, and the ids of new entities. Internal, not installed.

#include "query/engine.hpp"
#include "query/writes.hpp"

#include <string>
#include <string_view>

namespace entente::detail::query {

/// `key = v` on the entity or relation `subject` (null `v` removes it), counted in
/// `ctx.changes`; a value the key cannot take fails at `site`.
void write_property(context& ctx, const query_value& subject, std::string_view key,
                    const query_value& v, const write_site& site);

/// Gives entity `e` the kind `kind`, counted in `ctx.changes`; a kind that breaks the schema
/// for a relation of `e` fails at `site`.
void write_kind(context& ctx, entity_index e, std::string_view kind, const write_site& site);

/// `SET subject = map` (`replace`) or `SET subject += map`.
void write_properties(context& ctx, const query_value& subject, const query_value& map,
                      bool replace, const write_site& site);

/// The property map of a pattern for one row; a map that is not a map fails at `site`.
query_value::map evaluate_map(const property_writes& p, const row& r, context& ctx,
                              const write_site& site);

/// Makes the entity of a CREATE or MERGE node for one row.
entity_index create_entity(context& ctx, const node_to_create& n, const row& r,
                           const write_site& site);

/// Makes the relation of a CREATE or MERGE relationship for one row, between the entities
/// the row holds at its ends, with the run's `cite` citations added.
relation_index create_relation(context& ctx, const relation_to_create& rel,
                               const std::vector<node_to_create>& nodes, const row& r,
                               const write_site& site);

/// Declares the source document a `CREATE (:Source {...})` map describes, or with `merge`
/// finds the one of that id; the source as a map of its keys.
query_value declare_source(context& ctx, const query_value::map& props, bool merge,
                           const write_site& site);

/// An id for a new entity that has no name in an open schema: its kind in the style of
/// `new_entity_id` ("node" without one) and the first free number from 1 ("person-1").
std::string numbered_entity_id(context& ctx, std::string_view kind);

/// An id for a new entity named `name` that no entity has: its words in Latin letters, lower
/// case, joined by hyphens ("Kim Jong Un" -> "kim-jong-un"), with "-2", "-3"... when taken.
std::string new_entity_id(const graph& g, std::string_view name);

}  // namespace entente::detail::query

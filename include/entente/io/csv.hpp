#pragma once
/// CSV export for bulk import into Neo4j and Kùzu: a folder holding `entities.csv`,
/// `relations.csv` and `load.cypher`.
///
/// The CSV follows RFC 4180 (fields quoted when they hold a comma, a quote or a line break;
/// quotes doubled) with the header conventions of `neo4j-admin database import`:
/// `entities.csv` is `id:ID,name,kind,:LABEL,aliases:string[]` then one column per attribute
/// key (`population:long`, `founded:date`, …); `relations.csv` is
/// `:START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],quotes:string[]` then one column
/// per relation attribute. Arrays and labels are separated by `|`, as in entente's TSV (import
/// with `--array-delimiter="|"`; an item holding `|` is refused with io_error); the labels are
/// the kind and its ancestors (`State|Actor`). An attribute named like a fixed column (or, on a
/// relation, `from` or `to`, which Kùzu reserves) gets the prefix `attribute_`. Multi-line fields
/// need `--multiline-fields=true`.
///
/// Kùzu reads the same files by position: `load.cypher` creates an `Entity` node table and a
/// `Relation` relationship table whose columns follow the files, and copies them in
/// (`kuzu db < load.cypher`, run from the folder).

#include <entente/graph.hpp>

#include <filesystem>

namespace entente::io {

/// Writes `g` to `folder` (created if needed), each file atomically, all on disk before any
/// replaces its old version (a failure leaves the folder as it was).
void save_csv(const graph& g, const std::filesystem::path& folder);

}  // namespace entente::io

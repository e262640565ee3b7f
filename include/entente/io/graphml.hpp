#pragma once
/// GraphML export (`*.graphml`), for Gephi, yEd, Cytoscape, NetworkX (`read_graphml`) and igraph.
/// A directed multigraph: each entity a node (`id` its entente id; data `name`, `kind`,
/// `aliases` joined by " | ", and each attribute), each relation an edge (`id` "r<index>"; data
/// `type`, `evidence`, `since`, `until`, `sources` — the cited source ids joined by " | " —
/// `quotes`, and each attribute). Attribute keys become GraphML keys typed from their values
/// (`int` → long, `real` → double, `bool` → boolean, anything else or mixed → string; dates as
/// ISO text, lists as their JSON text: `["a", "b"]`, `[1, 2]`). A key whose values are all dates,
/// all lists, or all lists of dates says so in its `<desc>` (`entente:date`, `entente:list`,
/// `entente:date-list`), which other tools ignore. Entity and relation keys live apart
/// (`for="node"`, `for="edge"`); an attribute named like one of the fixed keys (an entity
/// attribute `name`) or starting with `_` is written with one more `_` in front (`_name`,
/// `__x`), so that dropping one leading `_` gives every key back. `quotes` holds one quote per
/// citation, empty where a citation has none, so the n-th belongs to the n-th source. Text is
/// escaped; characters XML 1.0 cannot hold at all (control characters other than tab, line feed and
/// carriage return; U+FFFE, U+FFFF) and bytes that are not UTF-8 become U+FFFD. Ids are written as
/// they are: the document is well-formed whatever they hold, and valid against the GraphML schema
/// when they are XML name tokens.

#include <entente/graph.hpp>

#include <filesystem>
#include <string>

namespace entente::io {

/// The graph as GraphML text.
[[nodiscard]] std::string write_graphml(const graph& g);
/// Writes the GraphML text to `file` atomically.
void save_graphml(const graph& g, const std::filesystem::path& file);

}  // namespace entente::io

#pragma once
/// openCypher export: the graph as a script of CREATE clauses that rebuilds it, run with
/// `entente query EMPTY.kg.json --write "$(cat graph.cypher)"` (an empty graph is the file `{}`)
/// or `entente::query(graph&, text)` on an empty graph with the same schema. The result is `==`
/// to the graph written: the same sources, entities and relations in the same order.
///
/// The script declares the sources (`CREATE (:Source {id, title, publisher, published, url})`),
/// then creates the entities, one pattern part per line, each bound to a variable named after
/// its id (`` (`PRK`:State {id: "PRK", name: "North Korea", …}) ``), then the relations between
/// those variables, each under its stored type and in its stored direction, with `evidence`,
/// `since`, `until`, `sources` (`{id, quote}` maps, or bare ids for citations without a quote)
/// and its attributes. Dates in attributes are written `{date: "YYYY-MM-DD"}`.
///
/// Bounds. The parser takes at most 1000 clauses in a query and 1000 node patterns in a clause.
/// A graph that needs more clauses is written as several queries, each ending with a line
/// holding only `;` and followed by a blank line; a later query binds the entities it needs with
/// `MATCH (`x` {id: "x"})`. Run them in turn on the same graph: `write_cypher_queries` hands them
/// over one by one, and on the command line `csplit -z -f part- graph.cypher '/^;$/+1' '{*}'`
/// splits the file (see the README).
///
/// What the script cannot say is refused with `io_error` before anything is written: citations
/// with a text span; relations that break the schema (kept by a lenient graph: a write is
/// checked strictly); attribute values that are null; attribute keys that a write reads as
/// built-in fields (`id`, `name`, `kind`, `aliases`, `external_ids` on an entity; `evidence`,
/// `since`, `until`, `sources` on a relation) or that are empty; an interval whose `until`
/// comes before its `since`; an external id system named twice; text that is not UTF-8; a kind
/// named `Source` when there are sources to declare.
///
/// Cypher cannot declare a schema. A graph whose schema is not `schema::geopolitics()` is
/// written with a leading comment that holds, on one line, the JSON of an empty graph with its
/// schema: save that line as a `.kg.json` file and run the script on it.

#include <entente/graph.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace entente::io {

/// Where a Cypher script splits. The defaults are the parser's bounds; smaller values serve
/// tests and readers who want shorter clauses.
struct cypher_options {
  std::size_t nodes_per_clause = 1000;   ///< node patterns in one CREATE or MATCH (at least 2)
  std::size_t clauses_per_query = 1000;  ///< clauses in one query (at least 3)
};

/// The script as one text: its queries in order, each ending with a line `;`.
[[nodiscard]] std::string write_cypher(const graph& g, const cypher_options& opts = {});
/// The queries of the script one by one, to run in turn (`entente::query(graph&, q)`).
[[nodiscard]] std::vector<std::string> write_cypher_queries(const graph& g,
                                                            const cypher_options& opts = {});
/// Writes the script to `file` atomically.
void save_cypher(const graph& g, const std::filesystem::path& file,
                 const cypher_options& opts = {});

}  // namespace entente::io

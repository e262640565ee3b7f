#pragma once
/// GraphML (`*.graphml`): the export, for Gephi, yEd, Cytoscape, NetworkX (`read_graphml`) and
/// igraph, and the import of what entente and those tools write.
///
/// Writing. A directed multigraph: each entity a node (`id` its entente id; data `name`, `kind`,
/// `aliases` joined by " | ", `external_ids`, and each attribute), each relation an edge (`id`
/// "r<index>"; data `type`, `evidence`, `since`, `until`, `sources` — the cited source ids joined
/// by " | " — `quotes`, and each attribute), and the graph's sources, when it has any, in graph
/// data. Attribute keys become GraphML keys typed from their values (`int` → long, `real` →
/// double, `bool` → boolean, anything else or mixed → string; dates as ISO text, lists as their
/// JSON text: `["a", "b"]`, `[1, 2]`). A key whose values are all dates,
/// all lists, or all lists of dates says so in its `<desc>` (`entente:date`, `entente:list`,
/// `entente:date-list`), which other tools ignore and `read_graphml` reads. Entity and relation
/// keys live apart (`for="node"`, `for="edge"`); an attribute named like one of the fixed keys
/// (an entity attribute `name` or `external_ids`) or starting with `_` is written with one more
/// `_` in front (`_name`, `__x`). `quotes` holds one quote per citation, empty where a citation
/// has none, so the n-th belongs to the n-th source. Text is escaped; characters XML 1.0 cannot
/// hold at all (control characters other than tab, line feed and carriage return; U+FFFE,
/// U+FFFF) and bytes that are not UTF-8 become U+FFFD. Ids are written as they are: the document
/// is well-formed whatever they hold, and valid against the GraphML schema when they are XML name
/// tokens.
///
/// Sources and external ids are JSON text, as .kg.json spells them, so that every character
/// comes back (JSON's `\u` escapes carry what XML cannot) and no separator can clash with the
/// text it separates:
/// - `external_ids` is an object in the entity's order, `{"wikidata": "Q423", "viaf": "…"}`; one
///   fixed key, rather than one key per system, so that no system's name can clash with an
///   attribute's and nothing rests on a `<desc>` (NetworkX drops it when it writes a file back).
/// - the graph's sources, every one in the graph's order whether a relation cites it or not, are
///   graph data: `<key for="graph" attr.name="sources">` holds a JSON array of one object per
///   source (`{"id": "a", "title": "…", "publisher": "…", "published": "2024-06", "url": "…"}`,
///   the fields that are set), a line each. Graph data is what GraphML has for a graph's own
///   values: NetworkX reads it into `G.graph["sources"]` and writes it back, yEd and Gephi keep
///   or ignore it, and no tool sees a node or an edge that is not an entity or a relation (nodes
///   of a reserved kind would be, to every other tool). libxml2 refuses a text over 10,000,000
///   bytes, so a list whose text runs past 4,000,000 bytes continues in keys named `sources_2`,
///   `sources_3`… (a single source longer than 10,000,000 bytes does not read back).
///
/// Reading entente's own files. A file whose keys name the node data `kind` and the edge data
/// `type` and `evidence` (by `attr.name`, which survives tools that renumber the key ids, such as
/// NetworkX) reads as entente wrote it, under `opts.schema` or else `schema::geopolitics()`:
/// ids, names, kinds, aliases (split at " | "), external ids, attributes with their types, the
/// sources in the order of the source list (which may come anywhere in the `<graph>`: NetworkX
/// writes graph data after the edges), relations in their order with type, evidence, since,
/// until, citations (the n-th quote to the n-th source id) and attributes. A cited source that
/// the list does not hold (or a file without a list) comes back with its id alone, after the
/// listed ones, in the order of its first citation. What writing and reading loses, so that
/// `read_graphml(write_graphml(g)) == g` holds only for graphs without it:
/// - the schema: a graph under another vocabulary (an extension, an open schema) reads back only
///   when `opts.schema` gives it;
/// - citation spans, and attributes whose value is null;
/// - characters XML cannot hold in ids, names, aliases, attributes other than lists, and quotes
///   (they come back as U+FFFD); a relation citing a source whose id holds them cites another
///   source, with its id alone and the changed id, and the listed one stays uncited;
/// - an alias that holds " | " comes back split there, and so does a cited source id (the
///   relation cites a source per piece, each with its id alone); a quote that holds it is cut
///   there too, its rest going, with the quotes after it, to the relation's last citation;
/// - the type of a key whose values differ in type (an integer here, a real there; a date and a
///   string): they come back as their text; lists of dates in a key whose other lists hold
///   other items come back as lists of strings;
/// - any one text over 10,000,000 bytes (a name, an attribute, one source), which libxml2
///   refuses.
///
/// Reading other tools' GraphML (NetworkX, yEd, Gephi, igraph, Neo4j's APOC), under
/// `schema::open()` unless `opts.schema` is given:
/// - an entity per `<node>`: its id the node's id; its name the `name` data, else the `label`
///   data (Gephi), else the text of the first label in yEd's node graphics (`y:NodeLabel`), else
///   the id; its kind the `kind` data, else the first of Neo4j's `labels` (`:Person:Actor` is a
///   Person, and with more than one label `labels` stays an attribute too), else the unlabelled
///   kind (the empty name). Kinds match case-insensitively: the first spelling names the kind.
/// - a relation per `<edge>`: its type the `type` data, else `label`, else `relation`, else the
///   text of yEd's first `y:EdgeLabel`, else `related_to` (an empty one counts as none); edge ids
///   name edges in error messages and are otherwise dropped.
/// - every other `<data>` of a node or an edge: an attribute named by its key's `attr.name` (its
///   id when it has none), typed by `attr.type`: `boolean` → bool, `int` and `long` (and
///   `integer`, which some tools write) → integer,
///   `float` and `double` → real, `string` (or none) → string. A key's `<default>` stands in for
///   the data of every node or edge that has none.
/// - undirected edges (`edgedefault="undirected"`, or `directed="false"` on an edge): entente
///   stores each from its source to its target and declares its type symmetric (the open schema
///   does so when the type first appears), so that paths and patterns walk it both ways. An
///   undirected edge whose type the schema has but not as symmetric, and a type that both
///   directed and undirected edges use, are errors.
/// - an edge may come before the nodes it names: it waits until they come (relations are
///   numbered in the order in which their edges have both nodes).
/// - skipped: `<desc>`, the data of the graph and of the document, yEd's graphics other than
///   their labels, and elements of other namespaces (Gephi's `viz:`).
/// - refused with a `parse_error`: nested graphs, hyperedges, ports, `<locator>`, a second
///   `<graph>`, an `attr.type` GraphML does not define, two keys that name the same data of
///   nodes (or of edges), markup inside a `<data>` (but yEd's graphics), text outside one.
///
/// Errors start with the origin and end with a line and a column: `parse_error` for XML that is
/// not well-formed (where libxml2 found it), and for a `<data>` naming an undeclared key or a key
/// declared for other elements, an edge naming a node no `<node>` declares, a value that does not
/// parse as its key's type, a node id declared twice, an unknown kind or relation type under a
/// closed schema, and in entente's files external ids or a source list that are not the JSON
/// entente writes (a source without an id, with a field sources do not have or with one twice,
/// a `published` that is not a date, a source listed twice); the line and column are where the
/// start tag of the element at fault ends:
/// `people.graphml: edge 'e3' names node 'x9', which no <node> declares (line 41, column 38)`.
/// A relation outside its type's domain or range is a `schema_error` in strict mode and a graph
/// warning in lenient mode. A file that cannot be read is an `io_error`.
///
/// Safety. libxml2's streaming reader (`xmlTextReader`) reads the text a block at a time and
/// never builds the document; no network is used, no DTD and no external entity is loaded, no
/// entity is substituted, and a document type that declares entities is refused, so external
/// entities (XXE) and entity expansion ("billion laughs") fail with a `parse_error`. libxml2's
/// own limits on names, text and nesting stay in force.

#include <entente/graph.hpp>
#include <entente/progress.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace entente::io {

/// How to read GraphML.
struct graphml_read_options {
  std::string origin = "<graphml>";       ///< names the input in errors and progress
  validation mode = validation::strict;   ///< strict: a relation outside its domain/range throws
  std::optional<entente::schema> schema;  ///< the vocabulary; by default `geopolitics()` for
                                          ///< entente's own files, `open()` for other tools'
  progress_callback progress;             ///< told the bytes read ("reading FILE")
};

/// Reads a graph from GraphML text:
/// `auto g = entente::io::read_graphml(text, {.origin = "people.graphml"});`
[[nodiscard]] graph read_graphml(std::string_view text, const graphml_read_options& opts = {});
/// Reads a graph from a `.graphml` file a block at a time; the file's path is the origin.
[[nodiscard]] graph load_graphml(const std::filesystem::path& file, graphml_read_options opts = {});

/// The graph as GraphML text.
[[nodiscard]] std::string write_graphml(const graph& g);
/// Writes the GraphML text to `file` atomically.
void save_graphml(const graph& g, const std::filesystem::path& file);

}  // namespace entente::io

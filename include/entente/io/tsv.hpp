#pragma once
/// Bulk TSV import and export: a folder holding `entities.tsv`, `relations.tsv` and, optionally,
/// `sources.tsv` (the layout of `bench/` and of GDELT-like dumps). Loading streams each file in
/// large blocks and goes through the graph's bulk fast paths.
///
/// Every file is UTF-8, tab-separated, with one header line naming the columns (in any order);
/// lines end in `\n` (a `\r` before it is dropped), blank lines are skipped, nothing is quoted,
/// and an empty field means "not set".
///
/// `entities.tsv` — required `id kind name`; optional:
/// - `aliases`: alternative names separated by `|`;
/// - `KEY` or `KEY:TYPE`: an attribute, TYPE one of `string` (the default), `int`, `real`,
///   `bool` (`true`/`false`) or `date` (`2014`, `2023-09`, `2024-06-19`): `population:int`;
/// - `KEY:TYPE[]`: a list attribute, its field `[` items `]` separated by `,`: strings as JSON
///   string literals (`tags:string[]` holding `["nuclear", "a, b", "say \"hi\""]`, escapes
///   `\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t` `\uXXXX`), other items as in a column of their type
///   (`sizes:int[]` holding `[1, 2]`, `days:date[]` holding `[2014, 2024-06]`), `[]` the empty
///   list; spaces around items are ignored. An empty field is no value, as in every column;
/// - `SYSTEM:external`: an external id in SYSTEM: `wikidata:external` holding `Q423`.
/// The kind matches case-insensitively (`state` is State); an empty name is the id.
///
/// `relations.tsv` — required `from type to` (entity ids, relation type name); optional:
/// - `evidence` (`confirmed` `reported` `alleged` `speculated` `denied`, any case; default
///   `reported`), `since`, `until` (partial dates, empty for an open end);
/// - `source`: ids of the sources cited, separated by `|`; an id not in `sources.tsv` becomes a
///   bare source with only that id;
/// - `quote`: the quote of each cited source, separated by `|`, in the order of `source`;
/// - `KEY` or `KEY:TYPE`: an attribute, as for entities (`item`, `quantity:int`).
///
/// `sources.tsv` (optional) — required `id`; optional `title publisher published url`.
///
/// Errors say where: a missing file or column, or a bad header, is an `io_error` naming the file;
/// a bad row is a `parse_error` naming the file and what is wrong, with the line and the column
/// (the 1-based field number) appended: `…/relations.tsv: unknown relation type 'suports' in
/// column 'type'; did you mean "supports"? (line 3, column 2)`. A relation outside its type's
/// domain or range throws `schema_error` with the same place in strict mode, and is kept with a
/// graph warning in lenient mode.
///
/// Not stored in TSV: the schema (pass it in `tsv_options`), citation spans and null attributes.

#include <entente/graph.hpp>
#include <entente/progress.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>

namespace entente::io {

/// How to read a TSV folder.
struct tsv_options {
  validation mode = validation::strict;   ///< strict: a relation outside its domain/range throws
  std::optional<entente::schema> schema;  ///< the vocabulary; `schema::geopolitics()` when unset
  std::size_t buffer_size = 1 << 20;      ///< bytes read at a time (grows for longer lines)
  progress_callback progress;             ///< told the bytes read of each file, block by block
};

/// Reads the graph in `folder` (`entities.tsv`, `relations.tsv`, optional `sources.tsv`):
/// `auto g = entente::io::load_tsv("data/kg", {.mode = entente::validation::lenient});`
[[nodiscard]] graph load_tsv(const std::filesystem::path& folder, const tsv_options& opts = {});

/// Writes `g` to `folder` (created if needed) as `sources.tsv`, `entities.tsv` and
/// `relations.tsv`, each atomically, all three on disk before any replaces its old version (a
/// failure leaves the folder as it was). Writes only the optional columns some row uses, one per
/// key and type (a list of integers in `sizes:int[]`; an empty list joins a list column of its key,
/// or makes `KEY:string[]`). Throws io_error for text TSV cannot hold: a tab or line break in any
/// field but a list's strings, or a `|` in an alias, a source id or a quote.
void save_tsv(const graph& g, const std::filesystem::path& folder);

}  // namespace entente::io

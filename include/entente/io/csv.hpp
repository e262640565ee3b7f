#pragma once
/// CSV export for bulk import into Neo4j and Kùzu (a folder holding `sources.csv`,
/// `entities.csv`, `relations.csv` and `load.cypher`), and the CSV import of such folders, of
/// Neo4j admin-import files and of Kùzu's exports (`load_csv`, below).
///
/// The CSV follows RFC 4180 (fields quoted when they hold a comma, a quote or a line break;
/// quotes doubled) with the header conventions of `neo4j-admin database import`:
/// `sources.csv` is `id:ID(Source),title,publisher,published,url`, every source of the graph in
/// its order, cited or not (`published` is text, `2024-06` or `2024-06-19`: a partial date is no
/// Neo4j or Kùzu date); `entities.csv` is `id:ID,name,kind,:LABEL,aliases:string[],
/// external_ids:string[]` then one column per attribute key (`population:long`, `founded:date`,
/// …); `relations.csv` is `:START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],
/// quotes:string[]` then one column per relation attribute, `sources` holding source ids. Arrays
/// and labels are separated by `|`, as in entente's TSV (import with `--array-delimiter="|"`; an
/// item holding `|` is refused with io_error, and so is an attribute key that is empty or holds
/// `:`, which a header cannot name); the labels are the kind and its ancestors
/// (`State|Actor`). External ids are items `SYSTEM=ID` (`wikidata=Q423`) of one array column
/// rather than a column per system, which would take names from the attributes' columns and lose
/// the ids' order; the reader splits an item at its first `=`, so a system holding `=` is refused
/// with io_error, and so is a system given twice to one entity. An attribute named like a fixed
/// column (`external_ids` among them; on a relation also `from` and `to`, which Kùzu reserves)
/// gets the prefix `attribute_`, and so does one whose name starts with it (`attribute_kind` is
/// written `attribute_attribute_kind`), so that taking one prefix off gives every key back.
/// Multi-line fields need `--multiline-fields=true`.
///
/// Kùzu reads the same files by position: `load.cypher` creates `Entity` and `Source` node tables
/// and a `Relation` relationship table whose columns follow the files, and copies them in
/// (`kuzu db < load.cypher`, run from the folder); aliases, labels, external ids, sources and
/// quotes are `|`-joined STRING columns there, attribute arrays typed lists. Neo4j:
/// `neo4j-admin database import full --nodes=entities.csv --nodes=Source=sources.csv
/// --relationships=relations.csv --array-delimiter="|" --multiline-fields=true` (as load.cypher's
/// comment says); sources are `Source` nodes in an id space of their own, which relations name
/// by id in their `sources` array.

#include <entente/graph.hpp>
#include <entente/progress.hpp>

#include <filesystem>
#include <optional>

namespace entente::io {

/// Writes `g` to `folder` (created if needed): sources.csv, entities.csv, relations.csv and
/// load.cypher, each atomically, all on disk before any replaces its old version (a failure,
/// such as a refused item, leaves the folder as it was).
void save_csv(const graph& g, const std::filesystem::path& folder);

/// How to read a CSV folder.
struct csv_read_options {
  validation mode = validation::strict;   ///< strict: a relation outside its domain/range throws
  std::optional<entente::schema> schema;  ///< the vocabulary (see `load_csv` for the default)
  char delimiter = ',';                   ///< between fields (`;`, `\t`, `|` ...)
  char array_delimiter = '|';             ///< between the items of an array field and of labels
  progress_callback progress;             ///< told the bytes read of each file, block by block
};

/// Reads the graph in the CSV `folder`, whose layout it tells from its files and headers:
///
/// - **entente's own export** (`save_csv`): `entities.csv` whose header starts
///   `id:ID,name,kind,:LABEL,aliases:string[]` (then `external_ids:string[]`, which older exports
///   lack) and `relations.csv` whose header starts
///   `:START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],quotes:string[]`, then
///   attribute columns (`population:long`, `tags:string[]`; the export's `attribute_` prefix is
///   taken off again where it put it), and `sources.csv` with exactly the header
///   `id:ID(Source),title,publisher,published,url` (older exports lack it). Read under
///   `opts.schema`, else `schema::geopolitics()`: the kind is the `kind` column (`:LABEL`, its
///   ancestors, is not read); the sources are the rows of sources.csv, in order, and relations
///   may cite no other (without sources.csv, a cited id becomes a source with only its id, in the
///   order relations first cite them); quotes pair with the cited ids by position. Comes back:
///   sources with their titles, publishers, dates and urls; entities with ids, names, kinds,
///   aliases, external ids and typed attributes; relations with evidence, dates, citations and
///   attributes. Lost in the export: citation spans, the schema's extension, empty strings and
///   empty lists (written as empty fields, read as no value), an alias list or list attribute
///   holding only the empty string (`[""]`, an empty field too), the type of a list attribute in a
///   key that also holds scalars (its column is text: `[1]` comes back a string), an integer in a
///   key that also holds reals (it comes back a real), and a partial date attribute (text: it comes
///   back a string). In an older export, a first entity attribute column `external_ids:string[]`
///   (an attribute the export did not prefix then) is taken for the external ids.
/// - **Neo4j admin import**: every file with a Neo4j header. A node file has an id column (`:ID`,
///   `name:ID`, `:ID(Group)`), a relationship file `:START_ID` and `:END_ID` (each with its
///   group) and maybe `:TYPE`. Other columns are properties `name` or `name:TYPE`, TYPE one of
///   int, long, float, double, boolean, byte, short, char, string, point, date, localtime, time,
///   localdatetime, datetime, duration, or `TYPE[]` for an array split at `array_delimiter`;
///   `:IGNORE` columns are skipped. Integers are checked against their width; dates read as
///   entente dates; point, time and duration types keep their text. A header file
///   `STEM_header.csv` (or `STEM-header.csv`) names the columns of the files `STEM.csv`,
///   `STEM_*.csv` and `STEM-*.csv`, which then have no header line (neo4j-admin's
///   `--nodes=STEM=STEM_header.csv,STEM-part1.csv`). Without a `:LABEL` (or `:TYPE`) column the
///   file's stem is the label (or type). Labels split at `array_delimiter`: the kind is the first
///   label that is no ancestor of another (`State|Actor` is a State); labels the kind does not
///   account for (its ancestors do) are kept too, all of them, as the string list attribute
///   `labels`; a node without labels has the kind with the empty name (open schemas only). A
///   string property `name` is the entity's name (else the id is); a named id column other than
///   `id` and `name` also keeps the id as a string attribute. Ids are kept as written, except
///   when the files use two or more id groups: then an id of a named group is `GROUP:ID`.
/// - **Kùzu's `EXPORT DATABASE 'dir' (format="csv")`**: a folder with `schema.cypher` (its
///   `CREATE NODE TABLE` and `CREATE REL TABLE` statements are read for the column types and
///   primary keys) and `copy.cypher` (its `COPY TABLE (COLUMNS) FROM "FILE" (OPTIONS)` name each
///   table's file, its columns and its `header`, `delim`, `from` and `to`). A node table's rows
///   are entities of the kind named by the table, the primary key the id; a relation table's rows
///   (from, to, then its columns) relations of the type named by the table. Kùzu's types map to
///   entente's: INT8...INT64, UINT8...UINT64, SERIAL to integers, FLOAT, DOUBLE and DECIMAL to
///   reals, BOOL to booleans, DATE to dates, STRING to strings, `T[]` and `T[n]` of those to
///   lists (`[1,2,3]`), and every other type (timestamps, intervals, structs, maps, nested lists)
///   to its text.
/// - **Kùzu's `COPY (MATCH ...) TO 'FILE.csv' (header=true)`**, the layout of every other folder:
///   `LABEL.csv` whose first column is the primary key, and `TYPE.csv` whose first two columns
///   are named `from` and `to` (a relation between the entities with those keys, in whichever
///   file holds each, which must be one). Column names lose the variable in front
///   (`p.name` is `name`); a column `name:INT64` has the Kùzu type given, any other has each field
///   read as the integer, real, boolean, ISO date or `[list]` it spells, else as a string.
///
/// In the Kùzu layouts too, the column `name` is the name, and the primary key stays an
/// attribute unless it is `id` or `name`; ids are kept as written when there is one node table,
/// and are `TABLE:KEY` when there are several (each table numbers its own rows).
/// Foreign layouts are read under `opts.schema`, else `schema::open()` (each label and type
/// declared when first used). In every layout, an empty field is no value and a quoted empty field
/// (`""`) the empty string in a string column.
///
/// The CSV is RFC 4180: fields quoted with `"` may hold the delimiter, line breaks and doubled
/// quotes; records end at LF, CR LF or CR; a UTF-8 byte order mark is skipped; blank lines are
/// skipped; a record is at most 64 MiB and 65,536 fields. Each file is read a block at a time.
/// Errors: a file that cannot be read, a folder of no known layout or a header without a needed
/// column is an `io_error` naming the file; a bad field is a `parse_error` whose message starts
/// with the file and ends with the line the field starts on and its column, the 1-based number of
/// the field: `people.csv: bad int 'x' in column 'age:int'; expected an integer (line 4, column
/// 3)`; a header naming an unknown type lists the known ones (`did you mean "int"?`). In
/// schema.cypher and copy.cypher the column is the character's. A relation outside its type's
/// domain or range throws `schema_error` in strict mode and is kept with a warning in lenient mode.
///
/// `auto g = entente::io::load_csv("exported.csv", {.array_delimiter = ';'});`
[[nodiscard]] graph load_csv(const std::filesystem::path& folder,
                             const csv_read_options& opts = {});

}  // namespace entente::io

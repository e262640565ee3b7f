#pragma once
// What the files of the CSV import share (internal, not installed): the folder a layout is read
// from (on disk or in memory), the columns of a header and how their fields become values, and
// the tables that Kùzu's schema.cypher declares.

#include <entente/graph.hpp>
#include <entente/io/csv.hpp>

#include "io/csv_fields.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace entente::detail {

// ---- the folder ------------------------------------------------------------------------------

/// The files a CSV layout is read from: a folder on disk, or texts in memory (the fuzz target).
class csv_folder {
 public:
  virtual ~csv_folder() = default;
  /// The names of the regular files in the folder, sorted.
  [[nodiscard]] virtual std::vector<std::string> files() const = 0;
  /// The bytes of the file `name`.
  [[nodiscard]] virtual std::unique_ptr<byte_source> open(const std::string& name) const = 0;
  /// How errors name the file `name`: its path.
  [[nodiscard]] virtual std::string path(const std::string& name) const = 0;
};

/// One text of a folder in memory.
struct csv_text_file {
  std::string name;
  std::string_view text;
};

/// Reads `folder` as `io::load_csv` does; `block` is the size of each read.
[[nodiscard]] graph read_csv_folder(const csv_folder& folder, const io::csv_read_options& opts,
                                    std::size_t block = std::size_t{1} << 20);

/// Reads files held in memory, each named as in a folder, as `io::load_csv` reads a folder.
[[nodiscard]] graph read_csv_texts(const std::vector<csv_text_file>& files,
                                   const io::csv_read_options& opts,
                                   std::size_t block = std::size_t{1} << 20);

/// Reads Kùzu's EXPORT DATABASE folder (schema.cypher, copy.cypher, one CSV per table) into `g`.
void read_kuzu_export(const csv_folder& folder, graph& g, const io::csv_read_options& opts,
                      std::size_t block);

/// Reads Neo4j admin-import files, or Kùzu's COPY TO files, into `g`.
void read_foreign_files(const csv_folder& folder, const std::vector<std::string>& csv_files,
                        graph& g, const io::csv_read_options& opts, const csv_dialect& dialect);

// ---- columns and values ----------------------------------------------------------------------

/// What a column's fields become.
/// What a column's fields become; `inferred` for a column whose header gives no type (Kùzu's COPY
/// TO): each field is the integer, real, boolean, date or list its text spells, else a string.
enum class csv_scalar { string, integer, real, boolean, date, character, text, inferred };

/// How a list field spells its items: split at the array delimiter (Neo4j), or in brackets with
/// commas (Kùzu: `[1,2]`).
enum class csv_list_syntax { none, delimited, bracketed };

/// The type of a column: a scalar, or a list of one.
struct csv_type {
  csv_scalar scalar = csv_scalar::string;
  int bits = 64;  ///< integers: the width they must fit (8, 16, 32, 64)
  bool is_unsigned = false;
  csv_list_syntax list = csv_list_syntax::none;
  std::string spelled = "string";  ///< as the header or the schema names it, for messages
};

/// What a column of a Neo4j header is.
enum class csv_role { property, id, start_id, end_id, label, type, ignore };

struct csv_column {
  csv_role role = csv_role::property;
  std::string name;   ///< the property it sets (for an id: the one that keeps it, maybe none)
  std::string group;  ///< the id group of an id, start or end column
  csv_type type;
};

/// Whether a header field is one of Neo4j's: `:ID`, `name:ID(Group)`, `:START_ID`, `:LABEL`, ...
[[nodiscard]] bool is_neo4j_special(std::string_view entry);

/// The column a Neo4j header field names (`name`, `age:int`, `tags:string[]`, `:ID(Person)`,
/// `when:datetime{timezone:UTC}`); a type it does not know is a parse_error about field `i` of
/// `header` that lists the known types.
[[nodiscard]] csv_column neo4j_column(const csv_records& header, std::size_t i);

/// The value field `i` of `row` holds as a column of type `t`, or nothing for an empty field (a
/// quoted empty field is the empty string in a string column). Throws parse_error about the field
/// when the text is no such value.
[[nodiscard]] std::optional<value> field_value(const csv_records& row, std::size_t i,
                                               const csv_type& t, char array_delimiter,
                                               std::string_view column);

/// Calls `fn` on each piece of `text` between `delimiter`s (one empty piece for empty text).
template <class Fn>
void for_each_item(std::string_view text, char delimiter, Fn&& fn) {
  for (;;) {
    const auto at = text.find(delimiter);
    fn(text.substr(0, at));
    if (at == std::string_view::npos) return;
    text.remove_prefix(at + 1);
  }
}

// ---- Kùzu's schema.cypher --------------------------------------------------------------------

struct kuzu_property {
  std::string name;
  csv_type type;
};

/// A table that schema.cypher creates.
struct kuzu_table {
  std::string name;
  bool is_relation = false;
  std::vector<kuzu_property> properties;
  std::string primary_key;                                ///< node tables
  std::vector<std::pair<std::string, std::string>> ends;  ///< relation tables: FROM, TO
};

/// One `COPY TABLE FROM 'FILE' (OPTIONS)` of copy.cypher.
struct kuzu_copy {
  std::string table;
  std::vector<std::string>
      columns;  ///< the file's columns, in order (a relation's without its ends)
  std::string file;
  bool header = false;  ///< Kùzu's COPY FROM reads no header unless told
  char delimiter = ',';
  std::string from, to;  ///< the `from`/`to` options of a relation table with several ends
};

/// The type Kùzu spells `text` (`INT64`, `STRING[]`, `DECIMAL(10,2)`): how its fields are read.
[[nodiscard]] csv_type kuzu_type(std::string_view text);

/// The tables of schema.cypher (CREATE NODE TABLE, CREATE REL TABLE; other statements are
/// refused); errors are parse_errors `NAME: ... (line L, column C)`, C the character's column.
[[nodiscard]] std::vector<kuzu_table> parse_kuzu_schema(std::string_view text,
                                                        const std::string& name);
/// The COPY statements of copy.cypher, in order.
[[nodiscard]] std::vector<kuzu_copy> parse_kuzu_copies(std::string_view text,
                                                       const std::string& name);

}  // namespace entente::detail

// CSV export for Neo4j and Kùzu bulk import.

#include <entente/io/csv.hpp>

#include "io/atomic_file.hpp"
#include "io/export_text.hpp"
#include "io/text_sink.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

namespace entente::io {
namespace {

namespace fs = std::filesystem;

/// A field as RFC 4180 writes it: quoted, quotes doubled, when it holds a comma, a quote or a
/// line break (or starts or ends with a space, which some readers trim).
std::string csv_field(std::string_view text) {
  bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

/// Items of one array field, joined by `|` (as entente's TSV joins them; `;`, Neo4j's default,
/// is common in quoted prose); an item holding it could not be read back as one item, so it is
/// refused.
std::string array_field(const std::vector<std::string>& items, std::string_view what,
                        const fs::path& file) {
  std::string joined;
  for (const auto& item : items) {
    if (&item != &items.front()) joined += '|';  // by position: an item may be empty
    if (item.find('|') != std::string::npos)
      throw io_error(fmt::format("{}: cannot save: {} \"{}\" holds '|', the array delimiter",
                                 file.string(), what, item));
    joined += item;
  }
  return csv_field(joined);
}

/// The type of an attribute column: the narrowest that holds every value given for the key.
enum class column_type { long_integer, real, boolean, day, text };

column_type widen(column_type a, column_type b);

/// Whether a column holds scalars, lists (an array column), or both (a text column, its lists
/// written as JSON text).
enum class column_shape { none, scalar, list, both };

struct attribute_column {
  std::string key;
  std::string header;  // the column's name: the key, unless a fixed column has it
  column_type type = column_type::text;
  bool seen = false;  // a type was seen (an empty list has none)
  column_shape shape = column_shape::none;

  [[nodiscard]] bool is_array() const noexcept { return shape == column_shape::list; }
  void add(column_type t) {
    type = seen ? widen(type, t) : t;
    seen = true;
  }
  void add(const value& v);
};

column_type type_of(const value& v) {
  return std::visit(
      [](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) return column_type::boolean;
        if constexpr (std::is_same_v<T, std::int64_t>) return column_type::long_integer;
        if constexpr (std::is_same_v<T, double>) return column_type::real;
        if constexpr (std::is_same_v<T, date>)
          return x.day() != 0 ? column_type::day : column_type::text;  // Neo4j dates are full
        return column_type::text;
      },
      v);
}

column_type widen(column_type a, column_type b) {
  if (a == b) return a;
  auto numeric = [](column_type t) {
    return t == column_type::long_integer || t == column_type::real;
  };
  if (numeric(a) && numeric(b)) return column_type::real;
  return column_type::text;
}

std::string_view neo4j_type(column_type t) {
  switch (t) {
    case column_type::long_integer: return "long";
    case column_type::real: return "double";
    case column_type::boolean: return "boolean";
    case column_type::day: return "date";
    case column_type::text: return "string";
  }
  return "string";
}

std::string_view kuzu_type(column_type t) {
  switch (t) {
    case column_type::long_integer: return "INT64";
    case column_type::real: return "DOUBLE";
    case column_type::boolean: return "BOOLEAN";
    case column_type::day: return "DATE";
    case column_type::text: return "STRING";
  }
  return "STRING";
}

void attribute_column::add(const value& v) {
  const auto* items = std::get_if<value_list>(&v);
  const column_shape mine = items ? column_shape::list : column_shape::scalar;
  shape = shape == column_shape::none || shape == mine ? mine : column_shape::both;
  if (!items) return add(type_of(v));
  for (const auto& item : *items) add(type_of(as_value(item)));
}

std::string value_text(const value& v) {
  return detail::value_text(v, [](double x) { return fmt::format("{}", x); });
}

/// A list in an array column: its items joined by `|`, refused when an item holds `|`.
std::string list_field(const value_list& items, const fs::path& file) {
  std::vector<std::string> texts;
  texts.reserve(items.size());
  for (const auto& item : items) texts.push_back(value_text(as_value(item)));
  return array_field(texts, "list item", file);
}

/// The column an attribute key is written in: the key, with the prefix `attribute_` when a
/// fixed column already has its name or when the key starts with the prefix itself (so the
/// reader, which takes one prefix off such names, gets every key back: `kind` is written
/// `attribute_kind`, and `attribute_kind` is written `attribute_attribute_kind`).
std::string column_name(const std::string& key, const std::vector<std::string_view>& fixed) {
  const bool taken = std::find(fixed.begin(), fixed.end(), key) != fixed.end();
  return taken || key.starts_with("attribute_") ? "attribute_" + key : key;
}

/// The attribute columns of a set of attribute lists, by key in alphabetical order (so the
/// same graph always gives the same files), each named by `column_name`. A Neo4j header takes
/// what follows a column's first `:` for its type, so a key holding one, or an empty key, has no
/// column name that reads back: it is refused.
template <class AttributesOf>
std::vector<attribute_column> columns_of(std::size_t count, const AttributesOf& attributes_of,
                                         const std::vector<std::string_view>& fixed,
                                         const fs::path& file) {
  std::map<std::string, attribute_column, std::less<>> by_key;
  for (std::size_t i = 0; i < count; ++i)
    for (const auto& [key, v] : attributes_of(i)) {
      if (!std::holds_alternative<std::monostate>(v)) by_key[key].add(v);
    }
  std::vector<attribute_column> columns;
  for (auto& [key, column] : by_key) {
    if (key.empty() || key.find(':') != std::string::npos)
      throw io_error(fmt::format("{}: cannot save: the attribute key \"{}\" {}", file.string(), key,
                                 key.empty() ? "is empty, and a column needs a name"
                                             : "holds ':', which starts the type in a Neo4j "
                                               "header"));
    column.key = key;
    column.header = column_name(key, fixed);
    columns.push_back(std::move(column));
  }
  return columns;
}

std::string attribute_headers(const std::vector<attribute_column>& columns) {
  std::string out;
  for (const auto& c : columns)
    out += ',' + csv_field(fmt::format(
                     "{}:{}{}", c.header,
                     neo4j_type(c.shape == column_shape::both ? column_type::text : c.type),
                     c.is_array() ? "[]" : ""));
  return out;
}

std::string attribute_fields(const attributes& attrs, const std::vector<attribute_column>& columns,
                             const fs::path& file) {
  std::string out;
  for (const auto& c : columns) {
    out += ',';
    const value* v = attrs.find(c.key);
    if (!v) continue;
    const auto* items = std::get_if<value_list>(v);
    out += items && c.is_array() ? list_field(*items, file) : csv_field(value_text(*v));
  }
  return out;
}

std::string kuzu_column_type(const attribute_column& c) {
  if (c.shape == column_shape::both) return "STRING";
  return fmt::format("{}{}", kuzu_type(c.type), c.is_array() ? "[]" : "");
}

std::string kuzu_properties(const std::vector<attribute_column>& columns) {
  std::string out;
  for (const auto& c : columns) out += fmt::format(", `{}` {}", c.header, kuzu_column_type(c));
  return out;
}

/// Kùzu's COPY of one file. Its CSV reader knows no array delimiter, so a file with array
/// columns is copied through a LOAD that reads them as text and splits them at `|`.
std::string kuzu_copy(std::string_view table, std::string_view file, std::size_t fixed_columns,
                      const std::vector<attribute_column>& columns) {
  const std::string options = "(header=true, parallel=false)";
  if (std::none_of(columns.begin(), columns.end(), [](const auto& c) { return c.is_array(); }))
    return fmt::format("COPY {} FROM '{}' {};\n", table, file, options);
  std::string load, values;
  for (std::size_t i = 0; i < fixed_columns + columns.size(); ++i) {
    const attribute_column* c = i < fixed_columns ? nullptr : &columns[i - fixed_columns];
    const std::string name = fmt::format("c{}", i);
    load += fmt::format("{}{} {}", i == 0 ? "" : ", ", name,
                        c && !c->is_array() ? kuzu_column_type(*c) : "STRING");
    values += i == 0 ? "" : ", ";
    if (!c || !c->is_array())
      values += name;
    else if (c->type == column_type::text)
      values += fmt::format("string_split({}, '|')", name);
    else
      values += fmt::format("CAST(string_split({}, '|') AS {})", name, kuzu_column_type(*c));
  }
  return fmt::format("COPY {} FROM (LOAD WITH HEADERS ({}) FROM '{}' {} RETURN {});\n", table, load,
                     file, options, values);
}

/// An entity's external ids as `SYSTEM=ID` items of one array column (`wikidata=Q423`), in their
/// order; the reader splits each at its first `=`, so a system holding one is refused, and so is
/// a system given twice, which the graph's other formats cannot hold either.
std::vector<std::string> external_items(const std::vector<std::pair<std::string, std::string>>& ids,
                                        std::string_view entity_id, const fs::path& file) {
  std::vector<std::string> items;
  items.reserve(ids.size());
  for (const auto& [system, id] : ids) {
    if (system.find('=') != std::string::npos)
      throw io_error(
          fmt::format("{}: cannot save: the external id system \"{}\" of '{}' holds "
                      "'=', which ends the system in the external_ids column",
                      file.string(), system, entity_id));
    for (const auto& other : ids) {  // a few per entity: no set needed
      if (&other.first == &system) break;
      if (other.first == system)
        throw io_error(fmt::format("{}: cannot save: '{}' has two external ids of system \"{}\"",
                                   file.string(), entity_id, system));
    }
    items.push_back(system + '=' + id);
  }
  return items;
}

// The kind and every kind above it: Neo4j labels, so `MATCH (a:Actor)` finds states too.
std::vector<std::string> labels_of(const schema& s, kind_id k) {
  std::vector<std::string> labels;
  for (std::optional<kind_id> at = k; at; at = s.kind_at(*at).parent)
    labels.push_back(s.kind_at(*at).name);
  return labels;
}

const std::vector<std::string_view> entity_columns = {"id",     "name",    "kind",
                                                      "labels", "aliases", "external_ids"};
// `from` and `to` too: Kùzu names a relationship's ends so, and refuses properties named alike.
const std::vector<std::string_view> relation_columns = {"type",    "evidence", "since", "until",
                                                        "sources", "quotes",   "from",  "to"};

}  // namespace

void save_csv(const graph& g, const fs::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw io_error(folder.string() + ": cannot create the folder: " + ec.message());

  const auto entity_attributes = columns_of(
      g.num_entities(),
      [&](std::size_t e) -> const attributes& {
        return g.entity(static_cast<entity_index>(e)).attributes();
      },
      entity_columns, folder / "entities.csv");
  // The tables stream into their files, which replace the old ones only once all four files
  // are on disk, so a refused item or a full disk leaves the folder as it was.
  const fs::path sources_file = folder / "sources.csv";
  const fs::path entities_file = folder / "entities.csv";
  const fs::path relations_file = folder / "relations.csv";
  detail::atomic_file sources_out(sources_file);
  detail::atomic_file entities_out(entities_file);
  detail::atomic_file relations_out(relations_file);
  detail::text_sink sources_sink(sources_out);
  detail::text_sink entities_sink(entities_out);
  detail::text_sink relations_sink(relations_out);

  // Every source, cited or not, in the graph's order. `published` is text: a partial date
  // (`2024-06`) is neither a Neo4j nor a Kùzu date.
  std::string& listed = sources_sink.text();
  listed = "id:ID(Source),title,publisher,published,url\n";
  for (const auto& s : g.sources()) {
    listed += fmt::format("{},{},{},{},{}\n", csv_field(s.id), csv_field(s.title),
                          csv_field(s.publisher), s.published.to_string(), csv_field(s.url));
    sources_sink.pass_on();
  }

  std::string& entities = entities_sink.text();
  entities = "id:ID,name,kind,:LABEL,aliases:string[],external_ids:string[]" +
             attribute_headers(entity_attributes) + "\n";
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto x = g.entity(e);
    const auto alias_views = x.aliases();
    std::vector<std::string> aliases(alias_views.begin(), alias_views.end());
    entities += fmt::format("{},{},{},{},{},{}{}\n", csv_field(x.id()), csv_field(x.name()),
                            csv_field(x.kind_name()),
                            array_field(labels_of(g.schema(), x.kind()), "kind", entities_file),
                            array_field(aliases, "alias", entities_file),
                            array_field(external_items(x.external_ids(), x.id(), entities_file),
                                        "external id", entities_file),
                            attribute_fields(x.attributes(), entity_attributes, entities_file));
    entities_sink.pass_on();
  }

  const auto relation_attributes = columns_of(
      g.num_relations(),
      [&](std::size_t r) -> const attributes& {
        return g.relation_attributes(static_cast<relation_index>(r));
      },
      relation_columns, relations_file);
  std::string& relations = relations_sink.text();
  relations = ":START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],quotes:string[]" +
              attribute_headers(relation_attributes) + "\n";
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    std::vector<std::string> sources, quotes;
    for (const auto& c : g.citations(r)) {
      sources.push_back(g.source_at(c.source).id);
      quotes.push_back(c.quote);
    }
    const interval& valid = g.valid(r);
    relations += fmt::format(
        "{},{},{},{},{},{},{},{}{}\n", csv_field(g.entity(g.from(r)).id()),
        csv_field(g.entity(g.to(r)).id()), csv_field(g.schema().relation_type_at(g.type(r)).name),
        to_string(g.evidence(r)), valid.since.to_string(), valid.until.to_string(),
        array_field(sources, "source id", relations_file),
        array_field(quotes, "quote", relations_file),
        attribute_fields(g.relation_attributes(r), relation_attributes, relations_file));
    relations_sink.pass_on();
  }

  // Aliases, external ids, sources and quotes stay `|`-joined text in Kùzu, as labels do.
  std::string script = fmt::format(
      "// Kùzu: run from this folder, e.g. `kuzu graph.kuzu < load.cypher`.\n"
      "// Neo4j: neo4j-admin database import full --nodes=entities.csv "
      "--nodes=Source=sources.csv --relationships=relations.csv --array-delimiter=\"|\" "
      "--multiline-fields=true\n"
      "CREATE NODE TABLE Entity(id STRING, name STRING, kind STRING, labels STRING, "
      "aliases STRING, external_ids STRING{}, PRIMARY KEY (id));\n"
      "CREATE NODE TABLE Source(id STRING, title STRING, publisher STRING, published STRING, "
      "url STRING, PRIMARY KEY (id));\n"
      "CREATE REL TABLE Relation(FROM Entity TO Entity, type STRING, evidence STRING, "
      "since STRING, until STRING, sources STRING, quotes STRING{});\n{}{}{}",
      kuzu_properties(entity_attributes), kuzu_properties(relation_attributes),
      kuzu_copy("Entity", "entities.csv", 6, entity_attributes),
      kuzu_copy("Source", "sources.csv", 5, {}),
      kuzu_copy("Relation", "relations.csv", 8, relation_attributes));

  detail::atomic_file script_out(folder / "load.cypher");
  script_out.write(script);
  sources_sink.finish();
  entities_sink.finish();
  relations_sink.finish();
  script_out.sync();
  for (detail::atomic_file* out : {&sources_out, &entities_out, &relations_out, &script_out})
    out->commit();
}

}  // namespace entente::io

// The CSV import of other tools' layouts: Neo4j admin-import files (with id groups and separate
// header files), Kùzu's EXPORT DATABASE folders and Kùzu's COPY TO files. Each file becomes a
// table plan (which field is the id, the label, the ends, the properties), whose rows one loader
// adds to the graph.

#include "io/csv_read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

namespace entente::detail {
namespace {

constexpr std::size_t none = static_cast<std::size_t>(-1);

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Where a table's rows come from: the file that names its columns and the files of rows.
struct table_files {
  std::string header_file;           // its first record names the columns
  std::vector<std::string> parts;    // files of rows; the header file's rows come first if listed
  bool header_in_first_part = true;  // the first part's first record is the header
  char delimiter = ',';
  std::vector<std::string> names;  // the column names, when no file holds them
};

struct property_field {
  std::size_t field;
  std::string name;
  csv_type type;
};

/// A file of nodes: which field holds what.
struct node_plan {
  table_files files;
  std::string space;          // the id space (Neo4j's group, Kùzu's table)
  std::string default_label;  // when there is no label column
  std::size_t id_field = none;
  std::string id_property;  // the attribute that keeps the id too, if any
  csv_type id_type;         // its type
  std::size_t label_field = none;
  std::size_t name_field = none;
  std::vector<property_field> properties;
  std::size_t width = 0;
};

/// A file of relations.
struct relation_plan {
  table_files files;
  std::string default_type;
  std::size_t start_field = none;
  std::size_t end_field = none;
  std::size_t type_field = none;
  std::string start_space, end_space;
  bool search_ends = false;  // the ends' spaces are not named: look in every one
  std::vector<property_field> properties;
  std::size_t width = 0;
  std::vector<std::string> columns;  // the column names, for messages
};

std::vector<std::string> names_of(const csv_records& header) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < header.size(); ++i) names.emplace_back(header[i]);
  return names;
}

void check_new_property(const csv_records& header, std::size_t field,
                        const std::vector<property_field>& properties, const std::string& name) {
  for (const auto& p : properties)
    if (p.name == name) header.fail(field, fmt::format("property '{}' has two columns", name));
}

/// Adds the rows of the plans to the graph, with ids made unique across id spaces.
class loader {
 public:
  loader(graph& g, const io::csv_read_options& opts, const csv_folder& folder, bool prefix_ids)
      : g_(g), opts_(opts), folder_(folder), prefix_(prefix_ids) {}

  void nodes(const node_plan& plan, const csv_dialect& dialect) {
    for_each_row(plan.files, dialect, plan.width,
                 [&](const csv_records& row, const std::vector<std::string>& columns) {
                   add_node(row, plan, columns);
                 });
  }

  void relations(const relation_plan& plan, const csv_dialect& dialect) {
    for_each_row(plan.files, dialect, plan.width,
                 [&](const csv_records& row, const std::vector<std::string>& columns) {
                   add_relation(row, plan, columns);
                 });
  }

  /// Every id space a relation end may be looked up in, when its file does not say.
  void set_spaces(std::vector<std::string> spaces) { spaces_ = std::move(spaces); }

 private:
  template <class Fn>
  void for_each_row(const table_files& files, const csv_dialect& table_dialect, std::size_t width,
                    Fn&& fn) {
    csv_dialect dialect = table_dialect;
    dialect.delimiter = files.delimiter;
    std::vector<std::string> columns = files.names;
    if (!files.header_file.empty()) {
      csv_records header(folder_.open(files.header_file), folder_.path(files.header_file), dialect,
                         {});
      if (header.next()) columns = names_of(header);
    }
    columns.resize(width);
    for (std::size_t part = 0; part < files.parts.size(); ++part) {
      const std::string& name = files.parts[part];
      csv_records in(folder_.open(name), folder_.path(name), dialect, opts_.progress);
      if (part == 0 && files.header_in_first_part) in.next();
      while (in.next()) {
        if (in.size() != width) {
          if (in.size() < width)
            in.fail(in.size(),
                    fmt::format("the row has {} fields but the header has {} (none for column "
                                "'{}')",
                                in.size(), width, columns[in.size()]));
          in.fail(width,
                  fmt::format("the row has {} fields but the header has {}", in.size(), width));
        }
        fn(in, columns);
      }
    }
  }

  [[nodiscard]] std::string entity_id(const std::string& space, std::string_view raw) const {
    if (!prefix_ || space.empty()) return std::string(raw);
    return space + ":" + std::string(raw);
  }

  void add_node(const csv_records& row, const node_plan& plan,
                const std::vector<std::string>& columns) {
    const std::string_view raw = row[plan.id_field];
    if (raw.empty())
      row.fail(plan.id_field, fmt::format("empty id in column '{}'", columns[plan.id_field]));
    std::vector<std::string> extra_labels;
    const kind_id kind = plan.label_field == none
                             ? kind_of_label(row, plan.id_field, plan.default_label)
                             : kind_of_labels(row, plan.label_field, columns, extra_labels);
    const std::string id = entity_id(plan.space, raw);
    const std::string_view name =
        plan.name_field == none ? std::string_view(raw) : row[plan.name_field];
    entity_index e = 0;
    try {
      e = g_.add_entity(id, kind, name.empty() ? std::string_view(raw) : name);
    } catch (const error&) {  // the only way the fast path fails here: a repeated id
      row.fail(plan.id_field,
               fmt::format("duplicate id '{}' in column '{}'", raw, columns[plan.id_field]));
    }
    // The key is checked against its type even when no attribute keeps it.
    auto key = field_value(row, plan.id_field, plan.id_type, opts_.array_delimiter,
                           columns[plan.id_field]);
    if (!plan.id_property.empty() && key) g_.set_attribute(e, plan.id_property, std::move(*key));
    for (const auto& p : plan.properties)
      if (auto v = field_value(row, p.field, p.type, opts_.array_delimiter, columns[p.field]))
        g_.set_attribute(e, p.name, std::move(*v));
    if (!extra_labels.empty()) {
      if (g_.entity(e).attributes().find("labels"))
        row.fail(plan.label_field,
                 "the node has labels beyond its kind, kept in the attribute 'labels', and a "
                 "property 'labels' too");
      value_list items(extra_labels.begin(), extra_labels.end());
      g_.set_attribute(e, "labels", value(std::move(items)));
    }
  }

  void add_relation(const csv_records& row, const relation_plan& plan,
                    const std::vector<std::string>& columns) {
    const entity_index from =
        endpoint(row, plan.start_field, plan.start_space, plan.search_ends, columns);
    const entity_index to =
        endpoint(row, plan.end_field, plan.end_space, plan.search_ends, columns);
    const relation_type_id type =
        plan.type_field == none
            ? type_named(row, plan.start_field, plan.default_type, "")
            : type_named(row, plan.type_field, row[plan.type_field], columns[plan.type_field]);
    relation_index r = 0;
    try {
      r = g_.add_relation(from, type, to);
    } catch (const schema_error& e) {
      throw schema_error(
          fmt::format("{}: {} (line {}, column {})", row.name(), e.what(), row.record_line(),
                      (plan.type_field == none ? plan.start_field : plan.type_field) + 1));
    }
    for (const auto& p : plan.properties)
      if (auto v = field_value(row, p.field, p.type, opts_.array_delimiter, columns[p.field]))
        g_.set_relation_attribute(r, p.name, std::move(*v));
  }

  entity_index endpoint(const csv_records& row, std::size_t field, const std::string& space,
                        bool search, const std::vector<std::string>& columns) const {
    const std::string_view raw = row[field];
    if (raw.empty()) row.fail(field, fmt::format("empty id in column '{}'", columns[field]));
    if (!search || !prefix_) {
      if (auto e = g_.find_id(entity_id(space, raw))) return *e;
      row.fail(field, fmt::format("unknown node '{}' in column '{}'{}", raw, columns[field],
                                  space.empty() ? "" : " (id group " + space + ")"));
    }
    std::optional<entity_index> found;
    std::string first;
    for (const auto& s : spaces_)
      if (auto e = g_.find_id(entity_id(s, raw))) {
        if (found)
          row.fail(field, fmt::format("node '{}' in column '{}' is in both {}.csv and {}.csv; "
                                      "name the files' tables in a schema.cypher",
                                      raw, columns[field], first, s));
        found = e;
        first = s;
      }
    if (found) return *found;
    row.fail(field, fmt::format("unknown node '{}' in column '{}'", raw, columns[field]));
  }

  kind_id kind_of_label(const csv_records& row, std::size_t field, std::string_view label) {
    if (auto it = kinds_.find(std::string(label)); it != kinds_.end()) return it->second;
    auto k = g_.schema().find_kind(label);
    if (!k && g_.schema().is_open()) k = g_.add_kind({std::string(label), ""});
    if (!k)
      row.fail(field, fmt::format("unknown label '{}'{}", label,
                                  did_you_mean(schema::closest(label, g_.schema().kind_names()))));
    kinds_.emplace(label, *k);
    return *k;
  }

  /// The kind of a `:LABEL` field: the first label that is no ancestor of another; `extra` gets
  /// every label when some are neither the kind nor its ancestors.
  kind_id kind_of_labels(const csv_records& row, std::size_t field,
                         const std::vector<std::string>& columns, std::vector<std::string>& extra) {
    const std::string_view text = row[field];
    std::vector<kind_id> kinds;
    std::vector<std::string> labels;
    if (!text.empty())
      for_each_item(text, opts_.array_delimiter, [&](std::string_view label) {
        if (label.empty())
          row.fail(field, fmt::format("an empty label in column '{}'", columns[field]));
        if (std::find(labels.begin(), labels.end(), label) != labels.end()) return;
        labels.emplace_back(label);
        kinds.push_back(kind_of_label(row, field, label));
      });
    if (kinds.empty()) return kind_of_label(row, field, "");
    const schema& s = g_.schema();
    std::size_t chosen = 0;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      const bool ancestor = std::any_of(kinds.begin(), kinds.end(), [&](kind_id other) {
        return other != kinds[i] && s.is_a(other, kinds[i]);
      });
      if (!ancestor) {
        chosen = i;
        break;
      }
    }
    const bool accounted = std::all_of(kinds.begin(), kinds.end(),
                                       [&](kind_id k) { return s.is_a(kinds[chosen], k); });
    if (!accounted) extra = labels;
    return kinds[chosen];
  }

  relation_type_id type_named(const csv_records& row, std::size_t field, std::string_view name,
                              std::string_view column) {
    if (auto it = types_.find(std::string(name)); it != types_.end()) return it->second;
    if (name.empty())
      row.fail(field, fmt::format("empty relationship type in column '{}'", column));
    auto t = g_.schema().find_relation_type(name);
    if (!t && g_.schema().is_open()) t = g_.add_relation_type({.name = std::string(name)});
    if (!t)
      row.fail(field,
               fmt::format("unknown relation type '{}'{}", name,
                           did_you_mean(schema::closest(name, g_.schema().relation_type_names()))));
    types_.emplace(name, *t);
    return *t;
  }

  graph& g_;
  const io::csv_read_options& opts_;
  const csv_folder& folder_;
  bool prefix_;
  std::vector<std::string> spaces_;
  std::unordered_map<std::string, kind_id> kinds_;
  std::unordered_map<std::string, relation_type_id> types_;
};

// ---- Neo4j -----------------------------------------------------------------------------------

/// The stem of a file name: `persons.csv` is `persons`.
std::string stem_of(const std::string& file) { return file.substr(0, file.size() - 4); }

/// The stem a header file names, or "" for a file that is none: `movies_header.csv` -> movies.
std::string header_stem(const std::string& file) {
  const std::string stem = stem_of(file);
  for (const char* suffix : {"_header", "-header"})
    if (stem.size() > 7 && stem.ends_with(suffix)) return stem.substr(0, stem.size() - 7);
  return {};
}

/// A Neo4j header as a node plan or a relation plan; false when it is neither.
bool neo4j_plan(const csv_records& header, node_plan& node, relation_plan& relation) {
  bool special = false;
  for (std::size_t i = 0; i < header.size(); ++i) special = special || is_neo4j_special(header[i]);
  if (!special) return false;
  std::vector<csv_column> columns;
  for (std::size_t i = 0; i < header.size(); ++i) columns.push_back(neo4j_column(header, i));
  auto count = [&](csv_role role) {
    return std::count_if(columns.begin(), columns.end(),
                         [role](const csv_column& c) { return c.role == role; });
  };
  const bool is_node = count(csv_role::id) > 0;
  const bool is_relation = count(csv_role::start_id) > 0 || count(csv_role::end_id) > 0;
  if (!is_node && !is_relation) return false;
  auto refuse = [&](csv_role role, std::string_view why) {
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i].role == role) header.fail(i, fmt::format("column '{}': {}", header[i], why));
  };
  auto once = [&](csv_role role, std::string_view what) {
    std::size_t found = none;
    for (std::size_t i = 0; i < columns.size(); ++i)
      if (columns[i].role == role) {
        if (found != none) header.fail(i, fmt::format("a second {} column", what));
        found = i;
      }
    return found;
  };
  std::vector<property_field>& properties = is_node ? node.properties : relation.properties;
  if (is_node) {
    if (is_relation) refuse(csv_role::start_id, "a node file (it has an :ID column) has no ends");
    refuse(csv_role::type, "a node file (it has an :ID column) has no :TYPE");
    node.id_field = once(csv_role::id, ":ID");
    node.label_field = once(csv_role::label, ":LABEL");
    node.space = columns[node.id_field].group;
    const std::string& id_name = columns[node.id_field].name;
    if (id_name == "name")
      node.name_field = node.id_field;
    else if (!id_name.empty() && id_name != "id")
      node.id_property = id_name;
    node.width = columns.size();
  } else {
    refuse(csv_role::label, "a relationship file (it has :START_ID or :END_ID) has no labels");
    relation.start_field = once(csv_role::start_id, ":START_ID");
    relation.end_field = once(csv_role::end_id, ":END_ID");
    if (relation.start_field == none)
      throw io_error(header.name() + ": a relationship file without a :START_ID column");
    if (relation.end_field == none)
      throw io_error(header.name() + ": a relationship file without an :END_ID column");
    relation.type_field = once(csv_role::type, ":TYPE");
    relation.start_space = columns[relation.start_field].group;
    relation.end_space = columns[relation.end_field].group;
    relation.width = columns.size();
  }
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].role != csv_role::property) continue;
    if (columns[i].name.empty()) header.fail(i, "a column without a name");
    check_new_property(header, i, properties, columns[i].name);
    if (is_node && columns[i].name == "name" && node.name_field == none &&
        columns[i].type.list == csv_list_syntax::none &&
        columns[i].type.scalar == csv_scalar::string) {
      node.name_field = i;
      continue;
    }
    properties.push_back({i, columns[i].name, columns[i].type});
  }
  return true;
}

// ---- Kùzu's COPY TO files --------------------------------------------------------------------

/// A column name of a COPY TO header without the variable in front: `p.name` is `name`.
std::string without_variable(std::string_view name) {
  const auto dot = name.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return std::string(name);
  return std::string(name.substr(dot + 1));
}

/// A COPY TO header's column: `name`, or `name:KUZU_TYPE`.
property_field kuzu_file_column(const csv_records& header, std::size_t i) {
  std::string name = without_variable(header[i]);
  csv_type type;
  type.scalar = csv_scalar::inferred;
  type.spelled = "value";
  if (auto colon = name.find(':'); colon != std::string::npos && colon > 0) {
    type = kuzu_type(std::string_view(name).substr(colon + 1));
    name.erase(colon);
  }
  if (name.empty()) header.fail(i, "a column without a name");
  return {i, std::move(name), std::move(type)};
}

void kuzu_file_plan(const csv_records& header, const std::string& file, node_plan& node,
                    relation_plan& relation, bool& is_relation) {
  std::vector<property_field> columns;
  for (std::size_t i = 0; i < header.size(); ++i) columns.push_back(kuzu_file_column(header, i));
  is_relation = columns.size() >= 2 && ascii_lower(columns[0].name) == "from" &&
                ascii_lower(columns[1].name) == "to";
  auto& properties = is_relation ? relation.properties : node.properties;
  const std::size_t first = is_relation ? 2 : 1;
  for (std::size_t i = first; i < columns.size(); ++i) {
    check_new_property(header, i, properties, columns[i].name);
    if (!is_relation && columns[i].name == "name" && node.name_field == none &&
        columns[i].type.list == csv_list_syntax::none &&
        (columns[i].type.scalar == csv_scalar::string ||
         columns[i].type.scalar == csv_scalar::inferred)) {
      node.name_field = i;
      continue;
    }
    properties.push_back(columns[i]);
  }
  if (is_relation) {
    relation.files = {file, {file}, true, ',', {}};
    relation.default_type = stem_of(file);
    relation.start_field = 0;
    relation.end_field = 1;
    relation.search_ends = true;
    relation.width = columns.size();
  } else {
    node.files = {file, {file}, true, ',', {}};
    node.default_label = stem_of(file);
    node.space = stem_of(file);
    node.id_field = 0;
    node.id_type = columns[0].type;
    if (columns[0].name == "name")
      node.name_field = 0;
    else if (columns[0].name != "id")
      node.id_property = columns[0].name;
    node.width = columns.size();
  }
}

}  // namespace

void read_foreign_files(const csv_folder& folder, const std::vector<std::string>& csv_files,
                        graph& g, const io::csv_read_options& opts, const csv_dialect& dialect) {
  // Header files and the parts they name; the other files stand alone.
  std::map<std::string, table_files> with_header;
  std::set<std::string> taken;
  for (const auto& file : csv_files)
    if (std::string stem = header_stem(file); !stem.empty()) {
      table_files t{file, {}, false, opts.delimiter, {}};
      for (const auto& part : csv_files)
        if (part != file && header_stem(part).empty() &&
            (part == stem + ".csv" || part.starts_with(stem + "_") || part.starts_with(stem + "-")))
          t.parts.push_back(part);
      for (const auto& part : t.parts) taken.insert(part);
      taken.insert(file);
      with_header.emplace(stem, std::move(t));
    }

  std::vector<node_plan> nodes;
  std::vector<relation_plan> relations;
  std::vector<std::string> plain;  // files with no Neo4j header
  bool neo4j = false;
  auto plan_of = [&](const std::string& header_file, table_files files, const std::string& stem) {
    csv_records header(folder.open(header_file), folder.path(header_file), dialect, {});
    if (!header.next()) throw io_error(folder.path(header_file) + ": empty; no header line");
    node_plan node;
    relation_plan relation;
    if (!neo4j_plan(header, node, relation)) return false;
    neo4j = true;
    if (node.id_field != none) {
      node.files = std::move(files);
      node.default_label = stem;
      nodes.push_back(std::move(node));
    } else {
      relation.files = std::move(files);
      relation.default_type = stem;
      relations.push_back(std::move(relation));
    }
    return true;
  };
  for (auto& [stem, files] : with_header) {
    const std::string header_file = files.header_file;
    if (!plan_of(header_file, files, stem))
      throw io_error(folder.path(header_file) +
                     ": a header file whose header is neither a node file's (an :ID column) nor a "
                     "relationship file's (:START_ID and :END_ID)");
  }
  for (const auto& file : csv_files)
    if (!taken.contains(file) &&
        !plan_of(file, table_files{file, {file}, true, opts.delimiter, {}}, stem_of(file)))
      plain.push_back(file);

  if (neo4j && !plain.empty())
    throw io_error(folder.path(plain.front()) +
                   ": neither a node file (an :ID column) nor a relationship file (:START_ID and "
                   ":END_ID), beside Neo4j files in the same folder");
  if (!neo4j) {
    for (const auto& file : plain) {
      csv_records header(folder.open(file), folder.path(file), dialect, {});
      if (!header.next()) throw io_error(folder.path(file) + ": empty; no header line");
      node_plan node;
      relation_plan relation;
      bool is_relation = false;
      kuzu_file_plan(header, file, node, relation, is_relation);
      node.files.delimiter = relation.files.delimiter = opts.delimiter;
      if (is_relation) {
        relations.push_back(std::move(relation));
      } else {
        nodes.push_back(std::move(node));
      }
    }
  }

  std::set<std::string> spaces;
  for (const auto& n : nodes) spaces.insert(n.space);
  // Each Neo4j id group, and each Kùzu file of nodes, numbers its own nodes.
  loader load(g, opts, folder, spaces.size() >= 2);
  load.set_spaces({spaces.begin(), spaces.end()});
  for (const auto& n : nodes) load.nodes(n, dialect);
  for (const auto& r : relations) load.relations(r, dialect);
}

void read_kuzu_export(const csv_folder& folder, graph& g, const io::csv_read_options& opts,
                      std::size_t block) {
  // The scripts are small: read whole, within a bound.
  auto script = [&](const std::string& name) {
    auto source = folder.open(name);
    std::string text;
    char buffer[4096];
    while (std::size_t n = source->read(buffer, sizeof buffer)) {
      text.append(buffer, n);
      if (text.size() > (std::size_t{16} << 20))
        throw io_error(folder.path(name) + ": longer than 16 MiB, too long for a Kùzu script");
    }
    return text;
  };
  const auto present = folder.files();
  if (std::find(present.begin(), present.end(), "copy.cypher") == present.end())
    throw io_error(folder.path("copy.cypher") +
                   ": missing; Kùzu's EXPORT DATABASE writes it beside schema.cypher");
  const auto tables = parse_kuzu_schema(script("schema.cypher"), folder.path("schema.cypher"));
  const auto copies = parse_kuzu_copies(script("copy.cypher"), folder.path("copy.cypher"));

  std::map<std::string, const kuzu_table*> by_name;
  std::vector<std::string> node_tables;
  for (const auto& t : tables) {
    by_name[t.name] = &t;
    if (!t.is_relation) node_tables.push_back(t.name);
  }
  const csv_dialect dialect{.delimiter = opts.delimiter, .block = block};
  loader load(g, opts, folder, node_tables.size() >= 2);
  load.set_spaces(node_tables);
  const std::string copy_path = folder.path("copy.cypher");
  // Nodes first, whatever the order of the COPY statements: relations name them.
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& copy : copies) {
      auto it = by_name.find(copy.table);
      if (it == by_name.end())
        throw io_error(fmt::format("{}: COPY into table '{}', which schema.cypher does not create",
                                   copy_path, copy.table));
      const kuzu_table& table = *it->second;
      if (table.is_relation != (pass == 1)) continue;
      std::vector<std::string> columns = copy.columns;
      if (columns.empty())
        for (const auto& p : table.properties) columns.push_back(p.name);
      auto type_of = [&](const std::string& column) {
        for (const auto& p : table.properties)
          if (p.name == column) return p.type;
        throw io_error(
            fmt::format("{}: COPY into '{}' names column '{}', which schema.cypher "
                        "does not give it",
                        copy_path, table.name, column));
      };
      table_files files{"", {copy.file}, copy.header, copy.delimiter, columns};
      if (table.is_relation) files.names.insert(files.names.begin(), {"from", "to"});
      if (!table.is_relation) {
        node_plan plan;
        plan.files = files;
        plan.space = plan.default_label = table.name;
        plan.width = columns.size();
        for (std::size_t i = 0; i < columns.size(); ++i) {
          const csv_type type = type_of(columns[i]);
          if (columns[i] == table.primary_key) {
            plan.id_field = i;
            plan.id_type = type;
            if (columns[i] == "name")
              plan.name_field = i;
            else if (columns[i] != "id")
              plan.id_property = columns[i];
          } else if (columns[i] == "name" && type.scalar == csv_scalar::string &&
                     type.list == csv_list_syntax::none) {
            plan.name_field = i;
          } else {
            plan.properties.push_back({i, columns[i], type});
          }
        }
        if (plan.id_field == none)
          throw io_error(fmt::format("{}: COPY into '{}' has no column for its primary key '{}'",
                                     copy_path, table.name, table.primary_key));
        load.nodes(plan, dialect);
      } else {
        relation_plan plan;
        plan.files = files;
        plan.default_type = table.name;
        plan.start_field = 0;
        plan.end_field = 1;
        if (!copy.from.empty()) {
          plan.start_space = copy.from;
          plan.end_space = copy.to;
        } else if (table.ends.size() == 1) {
          plan.start_space = table.ends[0].first;
          plan.end_space = table.ends[0].second;
        } else {
          throw io_error(
              fmt::format("{}: COPY into '{}', which has several FROM/TO pairs, "
                          "without the options from= and to=",
                          copy_path, table.name));
        }
        plan.width = columns.size() + 2;
        for (std::size_t i = 0; i < columns.size(); ++i)
          plan.properties.push_back({i + 2, columns[i], type_of(columns[i])});
        load.relations(plan, dialect);
      }
    }
}

}  // namespace entente::detail

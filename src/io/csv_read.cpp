// The CSV import: which layout a folder holds (entente's own export, Neo4j admin-import files,
// Kùzu's EXPORT DATABASE or COPY TO files), and entente's own export read back.

#include <entente/io/csv.hpp>

#include "io/csv_read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>

namespace entente::detail {
namespace {

namespace fs = std::filesystem;

class disk_folder final : public csv_folder {
 public:
  explicit disk_folder(fs::path folder) : folder_(std::move(folder)) {}
  [[nodiscard]] std::vector<std::string> files() const override {
    std::vector<std::string> names;
    std::error_code ec;
    fs::directory_iterator it(folder_, ec);
    if (ec) throw io_error(folder_.string() + ": cannot read the folder: " + ec.message());
    for (const auto& entry : it)
      if (entry.is_regular_file(ec)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  [[nodiscard]] std::unique_ptr<byte_source> open(const std::string& name) const override {
    return file_source(folder_ / name);
  }
  [[nodiscard]] std::string path(const std::string& name) const override {
    return (folder_ / name).string();
  }

 private:
  fs::path folder_;
};

class memory_folder final : public csv_folder {
 public:
  explicit memory_folder(const std::vector<csv_text_file>& files) : files_(files) {}
  [[nodiscard]] std::vector<std::string> files() const override {
    std::vector<std::string> names;
    for (const auto& f : files_) names.push_back(f.name);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }
  [[nodiscard]] std::unique_ptr<byte_source> open(const std::string& name) const override {
    for (const auto& f : files_)
      if (f.name == name) return memory_source(f.text);
    throw io_error(name + ": no such file");
  }
  [[nodiscard]] std::string path(const std::string& name) const override { return name; }

 private:
  const std::vector<csv_text_file>& files_;
};

// ---- entente's own export --------------------------------------------------------------------

constexpr std::array<std::string_view, 5> own_entity_header{"id:ID", "name", "kind", ":LABEL",
                                                            "aliases:string[]"};
// The sixth column of an entities.csv that holds external ids (older exports have none).
constexpr std::string_view own_external_ids = "external_ids:string[]";
constexpr std::array<std::string_view, 5> own_source_header{"id:ID(Source)", "title", "publisher",
                                                            "published", "url"};
constexpr std::array<std::string_view, 8> own_relation_header{
    ":START_ID", ":END_ID",          ":TYPE",          "evidence", "since",
    "until",     "sources:string[]", "quotes:string[]"};
// The names the export prefixes with `attribute_` when an attribute has one of them (as it
// prefixes any key that starts with `attribute_`).
constexpr std::array<std::string_view, 5> own_entity_fixed{"id", "name", "kind", "labels",
                                                           "aliases"};
constexpr std::array<std::string_view, 6> own_entity_fixed_external{
    "id", "name", "kind", "labels", "aliases", "external_ids"};
constexpr std::array<std::string_view, 8> own_relation_fixed{
    "type", "evidence", "since", "until", "sources", "quotes", "from", "to"};

template <std::size_t N>
bool starts_with_header(const csv_records& header, const std::array<std::string_view, N>& names) {
  if (header.size() < N) return false;
  for (std::size_t i = 0; i < N; ++i)
    if (header[i] != names[i]) return false;
  return true;
}

/// The attribute columns after an own file's fixed ones: typed as Neo4j types them, the export's
/// `attribute_` prefix taken off the names it was put on: those that are a fixed name or start
/// with the prefix once it is off (`attribute_attribute_x` is `attribute_x`; `attribute_x` stays,
/// as older exports wrote such a key unprefixed).
template <std::size_t N>
std::vector<csv_column> own_attributes(const csv_records& header, std::size_t first,
                                       const std::array<std::string_view, N>& fixed) {
  std::vector<csv_column> columns;
  for (std::size_t i = first; i < header.size(); ++i) {
    csv_column c = neo4j_column(header, i);
    if (c.role != csv_role::property)
      header.fail(i, fmt::format("column '{}' is not an attribute: entente's export has its "
                                 "special columns first",
                                 header[i]));
    if (c.name.starts_with("attribute_")) {
      const std::string_view key = std::string_view(c.name).substr(10);
      if (key.starts_with("attribute_") ||
          std::find(fixed.begin(), fixed.end(), key) != fixed.end())
        c.name.erase(0, 10);
    }
    for (const auto& other : columns)
      if (other.name == c.name)
        header.fail(i, fmt::format("attribute '{}' has two columns", c.name));
    columns.push_back(std::move(c));
  }
  return columns;
}

class own_loader {
 public:
  own_loader(graph& g, const io::csv_read_options& opts) : g_(g), opts_(opts) {}

  /// Every row of sources.csv a source, in order; relations may then cite no other.
  void sources(csv_records& in) {
    while (in.next()) {
      check_width(in);
      if (in[0].empty()) in.fail(0, "empty source id in column 'id'");
      if (g_.find_source(in[0]))
        in.fail(0, fmt::format("duplicate source id '{}' in column 'id'", in[0]));
      g_.add_source(source_info{std::string(in[0]), std::string(in[1]), std::string(in[2]),
                                date_of(in, 3), std::string(in[4])});
    }
    sources_listed_ = true;
  }

  void entities(csv_records& in) {
    // An export that writes external ids has them in the sixth column, and prefixes an
    // attribute of that name.
    const bool external =
        in.size() > own_entity_header.size() && in[own_entity_header.size()] == own_external_ids;
    const std::size_t first = own_entity_header.size() + (external ? 1 : 0);
    const auto columns = external ? own_attributes(in, first, own_entity_fixed_external)
                                  : own_attributes(in, first, own_entity_fixed);
    while (in.next()) {
      check_width(in);
      if (in[0].empty()) in.fail(0, "empty entity id in column 'id'");
      const kind_id k = kind_of(in, 2);
      entity_index e = 0;
      try {
        e = g_.add_entity(in[0], k, in[1]);
      } catch (const error&) {  // the only way the fast path fails here: a repeated id
        in.fail(0, fmt::format("duplicate entity id '{}' in column 'id'", in[0]));
      }
      if (!in[4].empty())
        for_each_item(in[4], opts_.array_delimiter,
                      [&](std::string_view alias) { g_.add_alias(e, alias); });
      if (external && !in[5].empty()) g_.set_external_ids(e, external_ids_of(in, 5));
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const std::size_t field = first + c;
        if (auto v =
                field_value(in, field, columns[c].type, opts_.array_delimiter, in_header(field)))
          g_.set_attribute(e, columns[c].name, std::move(*v));
      }
    }
  }

  void relations(csv_records& in) {
    const auto columns = own_attributes(in, own_relation_header.size(), own_relation_fixed);
    std::vector<source_index> cited;
    while (in.next()) {
      check_width(in);
      const entity_index from = entity_of(in, 0);
      const entity_index to = entity_of(in, 1);
      const relation_type_id type = type_of(in, 2);
      evidence level = evidence::reported;
      if (!in[3].empty()) {
        auto e = parse_evidence(in[3]);
        if (!e)
          in.fail(3, fmt::format("bad evidence '{}' in column 'evidence'; expected confirmed, "
                                 "reported, alleged, speculated or denied",
                                 in[3]));
        level = *e;
      }
      interval valid{date_of(in, 4), date_of(in, 5)};
      if (valid.since.is_set() && valid.until.is_set() &&
          valid.since.first_day() > valid.until.last_day())
        in.fail(5, fmt::format("'until' {} is before 'since' {}", valid.until.to_string(),
                               valid.since.to_string()));
      relation_index r = 0;
      try {
        r = g_.add_relation(from, type, to, level, valid);
      } catch (const schema_error& e) {
        throw schema_error(
            fmt::format("{}: {} (line {}, column 3)", in.name(), e.what(), in.record_line()));
      }
      cited.clear();
      if (!in[6].empty())
        for_each_item(in[6], opts_.array_delimiter, [&](std::string_view id) {
          if (id.empty()) in.fail(6, "empty source id in column 'sources'");
          cited.push_back(source_of(in, 6, id));
        });
      std::size_t quoted = 0;
      if (!in[7].empty())
        for_each_item(in[7], opts_.array_delimiter, [&](std::string_view quote) {
          if (quoted == cited.size())
            in.fail(7, fmt::format("more quotes than the {} source(s) in column 'sources'",
                                   cited.size()));
          g_.add_citation(r, citation{cited[quoted++], std::string(quote), std::nullopt});
        });
      for (; quoted < cited.size(); ++quoted)
        g_.add_citation(r, citation{cited[quoted], {}, std::nullopt});
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const std::size_t field = own_relation_header.size() + c;
        if (auto v =
                field_value(in, field, columns[c].type, opts_.array_delimiter, in_header(field)))
          g_.set_relation_attribute(r, columns[c].name, std::move(*v));
      }
    }
  }

  void set_header(std::vector<std::string> names) { header_ = std::move(names); }

 private:
  [[nodiscard]] std::string_view in_header(std::size_t field) const { return header_[field]; }

  void check_width(const csv_records& in) const {
    if (in.size() == header_.size()) return;
    if (in.size() < header_.size())
      in.fail(in.size(), fmt::format("the row has {} fields but the header has {} (none for "
                                     "column '{}')",
                                     in.size(), header_.size(), header_[in.size()]));
    in.fail(header_.size(),
            fmt::format("the row has {} fields but the header has {}", in.size(), header_.size()));
  }

  kind_id kind_of(const csv_records& in, std::size_t field) {
    const std::string_view text = in[field];
    if (auto it = kinds_.find(std::string(text)); it != kinds_.end()) return it->second;
    auto k = g_.schema().find_kind(text);
    if (!k && g_.schema().is_open()) k = g_.add_kind({std::string(text), ""});
    if (!k)
      in.fail(field, fmt::format("unknown kind '{}' in column 'kind'{}", text,
                                 did_you_mean(schema::closest(text, g_.schema().kind_names()))));
    kinds_.emplace(text, *k);
    return *k;
  }

  relation_type_id type_of(const csv_records& in, std::size_t field) {
    const std::string_view text = in[field];
    if (auto it = types_.find(std::string(text)); it != types_.end()) return it->second;
    auto t = g_.schema().find_relation_type(text);
    if (!t && g_.schema().is_open() && !text.empty())
      t = g_.add_relation_type({.name = std::string(text)});
    if (!t)
      in.fail(field,
              fmt::format("unknown relation type '{}' in column ':TYPE'{}", text,
                          did_you_mean(schema::closest(text, g_.schema().relation_type_names()))));
    types_.emplace(text, *t);
    return *t;
  }

  entity_index entity_of(const csv_records& in, std::size_t field) const {
    const std::string_view id = in[field];
    if (auto e = g_.find_id(id)) return *e;
    const std::string_view column = in_header(field);
    if (id.empty()) in.fail(field, fmt::format("empty entity id in column '{}'", column));
    std::vector<std::string> ids;
    for (entity_index e = 0; e < g_.num_entities(); ++e) ids.emplace_back(g_.entity(e).id());
    in.fail(field, fmt::format("unknown entity '{}' in column '{}'{}", id, column,
                               did_you_mean(schema::closest(id, ids))));
  }

  [[nodiscard]] date date_of(const csv_records& in, std::size_t field) const {
    if (in[field].empty()) return {};
    if (auto d = date::parse(in[field])) return *d;
    in.fail(field, fmt::format("bad date '{}' in column '{}'; expected YYYY, YYYY-MM or "
                               "YYYY-MM-DD",
                               in[field], in_header(field)));
  }

  /// The `SYSTEM=ID` items of an external_ids field, split at each item's first `=`.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> external_ids_of(
      const csv_records& in, std::size_t field) const {
    std::vector<std::pair<std::string, std::string>> ids;
    for_each_item(in[field], opts_.array_delimiter, [&](std::string_view item) {
      const auto at = item.find('=');
      if (at == std::string_view::npos)
        in.fail(field, fmt::format("bad external id '{}' in column 'external_ids'; expected "
                                   "SYSTEM=ID, as in wikidata=Q423",
                                   item));
      const std::string_view system = item.substr(0, at);
      for (const auto& [other, id] : ids)
        if (other == system)
          in.fail(field, fmt::format("external id system '{}' appears twice in column "
                                     "'external_ids'",
                                     system));
      ids.emplace_back(system, item.substr(at + 1));
    });
    return ids;
  }

  /// The source `id` that field `field` cites: one of sources.csv when the folder has it (an
  /// export does), else a new source with only its id (an older export, which had no sources.csv).
  source_index source_of(const csv_records& in, std::size_t field, std::string_view id) {
    if (auto s = g_.find_source(id)) return *s;
    if (!sources_listed_) return g_.add_source(source_info{std::string(id), {}, {}, {}, {}});
    std::vector<std::string> ids;
    for (const auto& s : g_.sources()) ids.push_back(s.id);
    in.fail(field, fmt::format("unknown source '{}' in column 'sources' (sources.csv does not list "
                               "it){}",
                               id, did_you_mean(schema::closest(id, ids))));
  }

  graph& g_;
  const io::csv_read_options& opts_;
  std::vector<std::string> header_;
  bool sources_listed_ = false;
  std::unordered_map<std::string, kind_id> kinds_;
  std::unordered_map<std::string, relation_type_id> types_;
};

std::vector<std::string> names_of(const csv_records& header) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < header.size(); ++i) names.emplace_back(header[i]);
  return names;
}

void read_own(const csv_folder& folder, const std::vector<std::string>& csv_files, graph& g,
              const io::csv_read_options& opts, const csv_dialect& dialect) {
  for (const auto& name : csv_files)
    if (name != "entities.csv" && name != "relations.csv" && name != "sources.csv")
      throw io_error(
          fmt::format("{}: not a file of entente's CSV export, which holds "
                      "sources.csv, entities.csv and relations.csv (and load.cypher) alone",
                      folder.path(name)));
  if (std::find(csv_files.begin(), csv_files.end(), "relations.csv") == csv_files.end())
    throw io_error(folder.path("relations.csv") +
                   ": missing; entente's CSV export holds entities.csv and relations.csv");
  own_loader load(g, opts);
  // First the sources, so that the graph keeps their order; an older export has no sources.csv.
  if (std::find(csv_files.begin(), csv_files.end(), "sources.csv") != csv_files.end()) {
    csv_records sources(folder.open("sources.csv"), folder.path("sources.csv"), dialect,
                        opts.progress);
    if (!sources.next() || sources.size() != own_source_header.size() ||
        !starts_with_header(sources, own_source_header))
      throw io_error(folder.path("sources.csv") +
                     ": entities.csv is entente's export, but this file's header is not its "
                     "sources' (id:ID(Source),title,publisher,published,url)");
    load.set_header(names_of(sources));
    load.sources(sources);
  }
  csv_records entities(folder.open("entities.csv"), folder.path("entities.csv"), dialect,
                       opts.progress);
  entities.next();  // the header, read when the layout was told
  load.set_header(names_of(entities));
  load.entities(entities);

  csv_records relations(folder.open("relations.csv"), folder.path("relations.csv"), dialect,
                        opts.progress);
  if (!relations.next() || !starts_with_header(relations, own_relation_header))
    throw io_error(folder.path("relations.csv") +
                   ": entities.csv is entente's export, but this file's header is not "
                   "its relations' (:START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],"
                   "quotes:string[], then attributes)");
  load.set_header(names_of(relations));
  load.relations(relations);
}

bool is_csv(const std::string& name) { return name.ends_with(".csv") || name.ends_with(".CSV"); }

}  // namespace

graph read_csv_folder(const csv_folder& folder, const io::csv_read_options& opts,
                      std::size_t block) {
  if (opts.delimiter == '"' || opts.delimiter == '\n' || opts.delimiter == '\r')
    throw error("csv_read_options: the delimiter may not be a quote or a line break");
  if (opts.array_delimiter == opts.delimiter)
    throw error("csv_read_options: the array delimiter must differ from the delimiter");
  const csv_dialect dialect{.delimiter = opts.delimiter, .block = block};
  const auto files = folder.files();
  std::vector<std::string> csv_files;
  std::copy_if(files.begin(), files.end(), std::back_inserter(csv_files), is_csv);

  if (std::find(files.begin(), files.end(), "schema.cypher") != files.end()) {
    graph g(opts.schema ? *opts.schema : schema::open(), opts.mode);
    read_kuzu_export(folder, g, opts, block);
    return g;
  }
  if (csv_files.empty())
    throw io_error(folder.path("") +
                   ": no CSV files (a CSV folder holds entente's entities.csv and relations.csv, "
                   "Neo4j admin-import files, or Kùzu's exported tables)");

  if (std::find(csv_files.begin(), csv_files.end(), "entities.csv") != csv_files.end()) {
    csv_records header(folder.open("entities.csv"), folder.path("entities.csv"), dialect, {});
    if (header.next() && starts_with_header(header, own_entity_header)) {
      graph g(opts.schema ? *opts.schema : schema::geopolitics(), opts.mode);
      read_own(folder, csv_files, g, opts, dialect);
      return g;
    }
  }
  graph g(opts.schema ? *opts.schema : schema::open(), opts.mode);
  read_foreign_files(folder, csv_files, g, opts, dialect);
  return g;
}

graph read_csv_texts(const std::vector<csv_text_file>& files, const io::csv_read_options& opts,
                     std::size_t block) {
  return read_csv_folder(memory_folder(files), opts, block);
}

}  // namespace entente::detail

namespace entente::io {

graph load_csv(const std::filesystem::path& folder, const csv_read_options& opts) {
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    throw io_error(folder.string() + ": not a folder (a CSV graph is a folder of CSV files)");
  return detail::read_csv_folder(detail::disk_folder(folder), opts);
}

}  // namespace entente::io

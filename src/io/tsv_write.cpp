// TSV folders, writing: the files replaced atomically once all are on disk, with only the
// optional columns some row uses.

#include <entente/io/tsv.hpp>

#include <entente/error.hpp>

#include "io/atomic_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace entente::io {
namespace {

namespace fs = std::filesystem;

// ---- saving ----------------------------------------------------------------------------------

/// Writes one TSV file through a temporary beside it, renamed over the target on `commit`, so a
/// reader sees the old file or the new one, never half of one; `finish` puts it on disk first.
class tsv_writer {
 public:
  explicit tsv_writer(const fs::path& file) : file_(file), name_(file.string()) {}

  [[nodiscard]] const std::string& name() const noexcept { return name_; }

  /// Starts the next field of the row.
  void next_field() {
    if (!first_) buffer_.push_back('\t');
    first_ = false;
  }
  /// Appends `text` to the current field; `where` describes it for the error when the text
  /// cannot be written (a tab or line break, or a `|` in a list item).
  template <class Where>
  void text(std::string_view text, Where&& where, bool list_item = false) {
    if (auto bad = text.find_first_of(list_item ? "\t\n\r|" : "\t\n\r");
        bad != std::string_view::npos) {
      const char c = text[bad];
      throw io_error(fmt::format("cannot write {}: {} holds {}", name_, where(),
                                 c == '\t'  ? "a tab"
                                 : c == '|' ? "'|', which separates list items"
                                            : "a line break"));
    }
    buffer_.append(text);
  }
  /// Appends a field, checked as by `text`.
  template <class Where>
  void field(std::string_view text, Where&& where, bool list_item = false) {
    next_field();
    this->text(text, where, list_item);
  }
  /// Appends a field known to hold no tab or line break.
  void raw(std::string_view text) {
    next_field();
    buffer_.append(text);
  }
  /// Appends a `|` inside the current field.
  void bar() { buffer_.push_back('|'); }
  void end_row() {
    buffer_.push_back('\n');
    first_ = true;
    if (buffer_.size() >= (1 << 20)) flush();
  }
  void finish() {
    flush();
    file_.sync();
  }
  void commit() { file_.commit(); }

 private:
  void flush() {
    file_.write({buffer_.data(), buffer_.size()});
    buffer_.clear();
  }

  detail::atomic_file file_;
  std::string name_;
  fmt::memory_buffer buffer_;
  bool first_ = true;
};

/// Writes a list field: `["a", "b \"c\""]`, `[1, 2]`, `[2014, 2024-06]`, `[]`. Strings are
/// JSON string literals, so a list item may hold anything, a tab or `,` or `"` included.
std::string list_text(const value_list& items) {
  std::string text = "[";
  for (const auto& item : items) {
    if (text.size() > 1) text += ", ";
    if (const auto* s = std::get_if<std::string>(&item)) {
      text += '"';
      for (char c : *s) {
        switch (c) {
          case '"': text += "\\\""; break;
          case '\\': text += "\\\\"; break;
          case '\t': text += "\\t"; break;
          case '\n': text += "\\n"; break;
          case '\r': text += "\\r"; break;
          default:
            if (static_cast<unsigned char>(c) < 0x20)
              text += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
            else
              text += c;
        }
      }
      text += '"';
    } else if (const auto* b = std::get_if<bool>(&item)) {
      text += *b ? "true" : "false";
    } else if (const auto* d = std::get_if<date>(&item)) {
      text += d->to_string();
    } else if (const auto* i = std::get_if<std::int64_t>(&item)) {
      fmt::format_to(std::back_inserter(text), "{}", *i);
    } else {
      fmt::format_to(std::back_inserter(text), "{}", std::get<double>(item));
    }
  }
  return text + "]";
}

/// The attribute columns a set of attribute maps needs: one per key and value type, by key. A
/// list's column type is `list_base` + its items' type; an empty list joins a list column of its
/// key, or makes a `KEY:string[]` one.
class attribute_columns {
 public:
  static constexpr std::size_t list_base = 6;
  static constexpr std::size_t string_list = list_base + 3;

  void add(const attributes& attrs) {
    for (const auto& [key, v] : attrs) {
      const auto* items = std::get_if<value_list>(&v);
      if (items && items->empty())
        empty_lists_.insert(key);
      else if (v.index() != 0)
        columns_.emplace(std::pair{key, type_of(v)}, 0);
    }
  }
  /// Numbers the columns in order; call once every map has been added.
  void number() {
    for (const auto& key : empty_lists_)
      if (list_column(key) == columns_.end()) columns_.emplace(std::pair{key, string_list}, 0);
    std::size_t i = 0;
    for (auto& [k, at] : columns_) at = i++;
  }
  [[nodiscard]] std::size_t size() const noexcept { return columns_.size(); }
  /// The header names, `KEY` for strings where that reads back as the same attribute.
  void write_header(tsv_writer& out, std::span<const std::string_view> reserved) const {
    static constexpr std::string_view suffix[] = {"",        ":bool",     ":int",    ":real",
                                                  ":string", ":date",     ":bool[]", ":int[]",
                                                  ":real[]", ":string[]", ":date[]"};
    for (const auto& column : columns_) {
      const std::string& key = column.first.first;
      const std::size_t index = column.first.second;
      bool bare = index == 4 && key.find(':') == std::string::npos &&
                  std::find(reserved.begin(), reserved.end(), key) == reserved.end();
      std::string name = key + std::string(bare ? "" : suffix[index]);
      out.field(name, [&] { return fmt::format("the attribute name '{}'", key); });
    }
  }
  /// The fields of one row, empty where `attrs` has no such attribute.
  template <class Where>
  void write_row(tsv_writer& out, const attributes& attrs, Where&& where) const {
    std::vector<const value*> row(columns_.size(), nullptr);
    for (const auto& [key, v] : attrs) {
      const auto* items = std::get_if<value_list>(&v);
      if (items && items->empty())
        row[list_column(key)->second] = &v;
      else if (v.index() != 0)
        row[columns_.at(std::pair{key, type_of(v)})] = &v;
    }
    auto it = columns_.begin();
    for (std::size_t i = 0; i < row.size(); ++i, ++it) {
      if (!row[i]) {
        out.raw({});
        continue;
      }
      const auto& key = it->first.first;
      std::string text = std::visit(
          [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, bool>)
              return x ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::string>)
              return x;
            else if constexpr (std::is_same_v<T, date>)
              return x.to_string();
            else if constexpr (std::is_same_v<T, std::monostate>)
              return {};
            else if constexpr (std::is_same_v<T, value_list>)
              return list_text(x);
            else
              return fmt::format("{}", x);
          },
          *row[i]);
      out.field(text, [&] { return fmt::format("attribute '{}' of {}", key, where()); });
    }
  }

 private:
  using column_map = std::map<std::pair<std::string, std::size_t>, std::size_t>;

  static std::size_t type_of(const value& v) {
    const auto* items = std::get_if<value_list>(&v);
    return items && !items->empty() ? list_base + items->front().index() : v.index();
  }
  /// The first list column of `key`, or the end.
  [[nodiscard]] column_map::const_iterator list_column(const std::string& key) const {
    auto it = columns_.lower_bound(std::pair{key, list_base});
    return it != columns_.end() && it->first.first == key ? it : columns_.end();
  }

  column_map columns_;  // (key, type) -> column
  std::set<std::string> empty_lists_;
};

void write_sources(const graph& g, tsv_writer& out) {
  for (std::string_view c : {"id", "title", "publisher", "published", "url"}) out.raw(c);
  out.end_row();
  for (const auto& s : g.sources()) {
    auto where = [&](const char* column) {
      return [&s, column] { return fmt::format("column '{}' of source '{}'", column, s.id); };
    };
    out.field(s.id, where("id"), true);
    out.field(s.title, where("title"));
    out.field(s.publisher, where("publisher"));
    out.raw(s.published.to_string());
    out.field(s.url, where("url"));
    out.end_row();
  }
}

void write_entities(const graph& g, tsv_writer& out) {
  bool any_alias = false;
  attribute_columns attrs;
  std::vector<std::string> systems;  // external id systems, in order of first use
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto x = g.entity(e);
    any_alias = any_alias || !x.aliases().empty();
    attrs.add(x.attributes());
    for (const auto& [system, id] : x.external_ids())
      if (std::find(systems.begin(), systems.end(), system) == systems.end())
        systems.push_back(system);
  }
  attrs.number();

  for (std::string_view c : {"id", "kind", "name"}) out.raw(c);
  if (any_alias) out.raw("aliases");
  static constexpr std::string_view reserved[] = {"id", "kind", "name", "aliases"};
  attrs.write_header(out, reserved);
  for (const auto& s : systems)
    out.field(s + ":external", [&] { return fmt::format("the external id system '{}'", s); });
  out.end_row();

  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto x = g.entity(e);
    auto where = [&x](const char* column) {
      return [&x, column] { return fmt::format("column '{}' of entity '{}'", column, x.id()); };
    };
    out.field(x.id(), where("id"));
    out.raw(x.kind_name());
    out.field(x.name(), where("name"));
    if (any_alias) {
      out.next_field();
      bool first = true;
      for (std::string_view a : x.aliases()) {
        if (a.empty()) continue;  // reads back as nothing anyway
        if (!first) out.bar();
        out.text(a, where("aliases"), true);
        first = false;
      }
    }
    attrs.write_row(out, x.attributes(), [&] { return fmt::format("entity '{}'", x.id()); });
    for (const auto& s : systems) {
      std::string_view id;
      for (const auto& [system, value] : x.external_ids())
        if (system == s) id = value;
      out.field(id, [&] { return fmt::format("the {} id of entity '{}'", s, x.id()); });
    }
    out.end_row();
  }
}

void write_relations(const graph& g, tsv_writer& out) {
  bool any_since = false, any_until = false, any_source = false, any_quote = false;
  attribute_columns attrs;
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    const auto& v = g.valid(r);
    any_since = any_since || v.since.is_set();
    any_until = any_until || v.until.is_set();
    auto cites = g.citations(r);
    any_source = any_source || !cites.empty();
    for (const auto& c : cites) any_quote = any_quote || !c.quote.empty();
    attrs.add(g.relation_attributes(r));
  }
  attrs.number();

  for (std::string_view c : {"from", "type", "to", "evidence"}) out.raw(c);
  if (any_since) out.raw("since");
  if (any_until) out.raw("until");
  if (any_source) out.raw("source");
  if (any_quote) out.raw("quote");
  static constexpr std::string_view reserved[] = {"from",  "type",  "to",     "evidence",
                                                  "since", "until", "source", "quote"};
  attrs.write_header(out, reserved);
  out.end_row();

  const auto& s = g.schema();
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    auto where = [&] {
      return fmt::format("relation {} ({} -[{}]-> {})", r, g.entity(g.from(r)).id(),
                         s.relation_type_at(g.type(r)).name, g.entity(g.to(r)).id());
    };
    out.raw(g.entity(g.from(r)).id());  // ids were checked when the entities were written
    out.raw(s.relation_type_at(g.type(r)).name);
    out.raw(g.entity(g.to(r)).id());
    out.raw(to_string(g.evidence(r)));
    if (any_since) out.raw(g.valid(r).since.to_string());
    if (any_until) out.raw(g.valid(r).until.to_string());
    auto cites = g.citations(r);
    if (any_source) {
      std::string ids;
      for (const auto& c : cites) {
        const auto& id = g.source_at(c.source).id;
        if (id.find('|') != std::string::npos)
          throw io_error(
              fmt::format("cannot write {}: source id '{}' of {} holds '|', which "
                          "separates list items",
                          out.name(), id, where()));
        ids += (ids.empty() ? "" : "|") + id;
      }
      out.raw(ids);
    }
    if (any_quote) {
      std::string quotes;
      for (std::size_t i = 0; i < cites.size(); ++i) {
        if (cites[i].quote.find_first_of("\t\n\r|") != std::string::npos)
          throw io_error(
              fmt::format("cannot write {}: a quote of {} holds a tab, a line break or "
                          "'|'",
                          out.name(), where()));
        quotes += (i == 0 ? "" : "|") + cites[i].quote;
      }
      // Trailing empty quotes read back as "no quote", so they can go.
      while (!quotes.empty() && quotes.back() == '|') quotes.pop_back();
      out.raw(quotes);
    }
    attrs.write_row(out, g.relation_attributes(r), where);
    out.end_row();
  }
}

}  // namespace

void save_tsv(const graph& g, const std::filesystem::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw io_error(fmt::format("cannot create {}: {}", folder.string(), ec.message()));
  tsv_writer sources(folder / "sources.tsv");
  tsv_writer entities(folder / "entities.tsv");
  tsv_writer relations(folder / "relations.tsv");
  write_sources(g, sources);
  write_entities(g, entities);
  write_relations(g, relations);
  // All three are on disk before any replaces its old version, so that a failure (a full disk,
  // text TSV cannot hold) leaves the folder as it was.
  for (tsv_writer* out : {&sources, &entities, &relations}) out->finish();
  for (tsv_writer* out : {&sources, &entities, &relations}) out->commit();
}

}  // namespace entente::io

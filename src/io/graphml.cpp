// GraphML export (`*.graphml`). A reader must see every <key> before the <data> that uses it,
// so the attribute keys and their types, and how many keys the source list takes, are gathered
// over the whole graph first; then the sources, the nodes and the edges are written in index
// order, which makes the text a function of the graph alone.

#include <entente/io/graphml.hpp>

#include "io/atomic_file.hpp"
#include "io/export_text.hpp"
#include "io/text_sink.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace entente::io {
namespace {

// ---- XML text --------------------------------------------------------------------------------

/// Appends `text` escaped for XML character data and attribute values alike. Tab, line feed and
/// carriage return become character references, which survive attribute-value normalisation and
/// line-end handling. XML 1.0 cannot hold the other C0 controls, U+FFFE and U+FFFF even as
/// references, so they become U+FFFD, as does every byte that is not UTF-8.
void append_xml(std::string& out, std::string_view text) {
  detail::append_escaped(out, text, [](char32_t c, std::string& to) {
    switch (c) {
      case '&': to += "&amp;"; return true;
      case '<': to += "&lt;"; return true;
      case '>': to += "&gt;"; return true;
      case '"': to += "&quot;"; return true;
      case '\'': to += "&apos;"; return true;
      case '\t': to += "&#9;"; return true;
      case '\n': to += "&#10;"; return true;
      case '\r': to += "&#13;"; return true;
      default:
        if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) return false;
        to += detail::replacement_character;
        return true;
    }
  });
}

std::string join(const std::vector<std::string_view>& parts) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) (text += i == 0 ? "" : " | ") += parts[i];
  return text;
}

// ---- JSON text -------------------------------------------------------------------------------

/// Appends `text` as a JSON string, escaped as list items are (`list_json`): what XML cannot
/// hold survives as a `\u` escape.
void append_json_string(std::string& out, std::string_view text) {
  const auto quoted = detail::list_json(value_list{scalar(std::string(text))});
  out.append(quoted, 1, quoted.size() - 2);
}

/// An entity's external ids as a JSON object, in their order: `{"wikidata": "Q423"}`.
std::string external_ids_json(const std::vector<std::pair<std::string, std::string>>& ids) {
  std::string out = "{";
  for (const auto& [system, id] : ids) {
    if (out.size() > 1) out += ", ";
    append_json_string(out, system);
    out += ": ";
    append_json_string(out, id);
  }
  return out + "}";
}

/// A source as a JSON object of its fields that are set, as .kg.json spells one:
/// `{"id": "a", "title": "A", "publisher": "P", "published": "2024-06", "url": "https://…"}`.
std::string source_json(const source_info& s) {
  std::string out = "{";
  auto member = [&out](std::string_view name, std::string_view text) {
    if (text.empty()) return;
    if (out.size() > 1) out += ", ";
    ((out += '"') += name) += "\": ";
    append_json_string(out, text);
  };
  member("id", s.id);
  member("title", s.title);
  member("publisher", s.publisher);
  if (s.published.is_set()) member("published", s.published.to_string());
  member("url", s.url);
  return out + "}";
}

/// How much of the source list one <data> holds at most, in bytes of its text. libxml2, under
/// entente's own reader, refuses a text node over 10,000,000 bytes; a longer list is split over
/// more keys (a single source longer than this still gets one to itself).
constexpr std::size_t source_chunk_bytes = 4'000'000;

/// Each source on a line of its own, after the opening `[`.
constexpr std::string_view source_line_start = "\n      ";

/// Where each <data> of the source list ends: indexes one past its last source.
std::vector<std::size_t> source_chunk_ends(const std::vector<source_info>& sources) {
  std::vector<std::size_t> ends;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const auto size = source_line_start.size() + source_json(sources[i]).size() + 1;
    if (bytes > 0 && bytes + size > source_chunk_bytes) {
      ends.push_back(i);
      bytes = 0;
    }
    bytes += size;
  }
  if (!sources.empty()) ends.push_back(sources.size());
  return ends;
}

/// The name of the graph key that holds the n-th part of the source list (from 0): `sources`,
/// then `sources_2`, `sources_3`.
std::string sources_key_name(std::size_t n) {
  return n == 0 ? std::string("sources") : "sources_" + std::to_string(n + 1);
}

// ---- values ----------------------------------------------------------------------------------

/// Null and an unset date say nothing, so they get no <data>.
bool has_value(const value& v) {
  if (const auto* d = std::get_if<date>(&v)) return d->is_set();
  return !std::holds_alternative<std::monostate>(v);
}

/// The GraphML type of one value; dates are text.
std::string_view graphml_type(const value& v) {
  if (std::holds_alternative<bool>(v)) return "boolean";
  if (std::holds_alternative<std::int64_t>(v)) return "long";
  if (std::holds_alternative<double>(v)) return "double";
  return "string";
}

/// What a value is beyond its GraphML type, for a reader that wants the value back rather than
/// its text: a date, a list (its items typed by their JSON text), a list of dates (whose items
/// JSON spells as strings), an empty list (either), or "" for a value the GraphML type says all
/// about.
std::string_view entente_type(const value& v) {
  if (std::holds_alternative<date>(v)) return "date";
  const auto* items = std::get_if<value_list>(&v);
  if (items == nullptr) return "";
  if (items->empty()) return "empty";
  return std::holds_alternative<date>(items->front()) ? "date-list" : "list";
}

/// The two entente types of one key combined: lists of dates and other lists make lists (their
/// dates read back as strings), an empty list joins either, anything else mixed says nothing.
std::string_view combine_entente_types(std::string_view a, std::string_view b) {
  if (a == b) return a;
  if (a == "empty" || b == "empty") {
    auto other = a == "empty" ? b : a;
    return other == "list" || other == "date-list" ? other : "";
  }
  if ((a == "list" && b == "date-list") || (a == "date-list" && b == "list")) return "list";
  return "";
}

std::string value_text(const value& v) { return detail::value_text(v, detail::xsd_double); }

/// The types of one attribute key over the whole graph: the GraphML type that holds every value
/// ("" while only nulls are seen), and the entente type they share, if any.
struct column_type {
  std::string_view graphml;
  std::string_view entente;
  bool seen = false;  // a value other than null was met
};

/// Attribute key -> its types; sorted, so keys come out in the same order whichever record
/// holds them first.
using attribute_types = std::map<std::string, column_type, std::less<>>;

void merge_types(attribute_types& types, const attributes& attrs) {
  for (const auto& [key, v] : attrs) {
    auto& type = types[key];
    if (!has_value(v)) continue;
    const auto this_type = graphml_type(v);
    type.graphml = type.graphml.empty() || type.graphml == this_type ? this_type : "string";
    type.entente =
        type.seen ? combine_entente_types(type.entente, entente_type(v)) : entente_type(v);
    type.seen = true;
  }
}

/// The hint a key's <desc> carries for entente's reader ("" for none): `entente:date`,
/// `entente:list` or `entente:date-list`.
std::string_view type_hint(const column_type& type) {
  if (type.entente == "date") return "entente:date";
  if (type.entente == "list" || type.entente == "empty") return "entente:list";
  if (type.entente == "date-list") return "entente:date-list";
  return "";
}

// ---- keys ------------------------------------------------------------------------------------

struct data_key {
  std::string id;  // an XML name token, unique in the document
  std::string name;
  std::string_view type;
  std::string_view hint;  // the <desc> text, or empty
};

/// The <key>s of nodes or of edges: the fixed ones, then one per attribute key. An attribute
/// whose key is a fixed name (an entity attribute called `name`) or starts with `_` is named
/// with one more `_` in front, so that no reader merges two columns and entente's reader, which
/// drops one leading `_`, gets the key back.
class key_set {
 public:
  key_set(std::string_view domain, std::initializer_list<std::string_view> fixed,
          const attribute_types& attributes)
      : domain_(domain) {
    for (auto name : fixed) keys_.push_back({std::string(name), std::string(name), "string", ""});
    for (const auto& [key, type] : attributes) {
      bool clashes =
          key.starts_with('_') || std::find(fixed.begin(), fixed.end(), key) != fixed.end();
      std::string name = clashes ? "_" + key : key;
      std::string id = domain_.substr(0, 1) + "a" + std::to_string(attribute_ids_.size());
      attribute_ids_.emplace(key, id);
      keys_.push_back({std::move(id), std::move(name),
                       type.graphml.empty() ? "string" : type.graphml, type_hint(type)});
    }
  }

  [[nodiscard]] std::string_view domain() const { return domain_; }
  [[nodiscard]] const std::vector<data_key>& keys() const { return keys_; }
  [[nodiscard]] std::string_view id_of_attribute(std::string_view key) const {
    return attribute_ids_.find(key)->second;
  }

 private:
  std::string domain_;
  std::vector<data_key> keys_;
  std::map<std::string, std::string, std::less<>> attribute_ids_;
};

// ---- the document ----------------------------------------------------------------------------

class graphml_writer {
 public:
  graphml_writer(const graph& g, detail::text_sink& sink)
      : g_(g),
        sink_(sink),
        out_(sink.text()),
        nodes_("node", {"name", "kind", "aliases", "external_ids"}, entity_attribute_types(g)),
        edges_("edge", {"type", "evidence", "since", "until", "sources", "quotes"},
               relation_attribute_types(g)),
        source_chunk_ends_(source_chunk_ends(g.sources())) {}

  void write() {
    out_ +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
        "         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
        "         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
    for (std::size_t n = 0; n < source_chunk_ends_.size(); ++n) {
      out_ += "  <key id=\"graph_" + sources_key_name(n) + "\" for=\"graph\" attr.name=\"" +
              sources_key_name(n) + "\" attr.type=\"string\"/>\n";
    }
    write_keys(nodes_);
    write_keys(edges_);
    out_ += "  <graph edgedefault=\"directed\">\n";
    write_sources();
    for (entity_index e = 0; e < g_.num_entities(); ++e) {
      write_node(e);
      sink_.pass_on();
    }
    for (relation_index r = 0; r < g_.num_relations(); ++r) {
      write_edge(r);
      sink_.pass_on();
    }
    out_ += "  </graph>\n</graphml>\n";
  }

 private:
  static attribute_types entity_attribute_types(const graph& g) {
    attribute_types types;
    for (entity_index e = 0; e < g.num_entities(); ++e)
      merge_types(types, g.entity(e).attributes());
    return types;
  }
  static attribute_types relation_attribute_types(const graph& g) {
    attribute_types types;
    for (relation_index r = 0; r < g.num_relations(); ++r)
      merge_types(types, g.relation_attributes(r));
    return types;
  }

  void write_keys(const key_set& set) {
    for (const auto& key : set.keys()) {
      out_ += "  <key id=\"" + key.id + "\" for=\"" + std::string(set.domain()) + "\" attr.name=\"";
      append_xml(out_, key.name);
      out_ += "\" attr.type=\"" + std::string(key.type) + "\"";
      if (key.hint.empty()) {
        out_ += "/>\n";
      } else {
        out_ += "><desc>" + std::string(key.hint) + "</desc></key>\n";
      }
    }
  }

  /// The source list, every source in the graph's order whether cited or not: a JSON array of
  /// one object per source, a line each, in as many <data> as `source_chunk_ends_` says.
  void write_sources() {
    std::size_t first = 0;
    for (std::size_t n = 0; n < source_chunk_ends_.size(); ++n) {
      out_ += "    <data key=\"graph_" + sources_key_name(n) + "\">[";
      for (auto i = first; i < source_chunk_ends_[n]; ++i) {
        out_ += source_line_start;
        append_xml(out_, source_json(g_.sources()[i]));
        if (i + 1 < source_chunk_ends_[n]) out_ += ',';
        sink_.pass_on();
      }
      out_ += "\n    ]</data>\n";
      first = source_chunk_ends_[n];
    }
  }

  void write_node(entity_index e) {
    const auto ent = g_.entity(e);
    out_ += "    <node id=\"";
    append_xml(out_, ent.id());
    out_ += "\">\n";
    write_data("name", ent.name());
    write_data("kind", ent.kind_name());
    if (auto aliases = ent.aliases(); !aliases.empty()) write_data("aliases", join(aliases));
    if (!ent.external_ids().empty())
      write_data("external_ids", external_ids_json(ent.external_ids()));
    write_attributes(nodes_, ent.attributes());
    out_ += "    </node>\n";
  }

  void write_edge(relation_index r) {
    const auto rel = g_.relation(r);
    out_ += "    <edge id=\"r" + std::to_string(r) + "\" source=\"";
    append_xml(out_, g_.entity(rel.from()).id());
    out_ += "\" target=\"";
    append_xml(out_, g_.entity(rel.to()).id());
    out_ += "\">\n";
    write_data("type", rel.type_name());
    write_data("evidence", to_string(rel.evidence()));
    if (rel.valid().since.is_set()) write_data("since", rel.valid().since.to_string());
    if (rel.valid().until.is_set()) write_data("until", rel.valid().until.to_string());
    write_citations(rel.citations());
    write_attributes(edges_, rel.attributes());
    out_ += "    </edge>\n";
  }

  /// Source ids, and quotes when any citation has one: one quote per citation (empty where it
  /// has none), so the n-th quote belongs to the n-th source.
  void write_citations(std::span<const citation> citations) {
    if (citations.empty()) return;
    std::vector<std::string_view> sources;
    std::vector<std::string_view> quotes;
    bool any_quote = false;
    for (const auto& c : citations) {
      sources.push_back(g_.source_at(c.source).id);
      quotes.push_back(c.quote);
      any_quote = any_quote || !c.quote.empty();
    }
    write_data("sources", join(sources));
    if (any_quote) write_data("quotes", join(quotes));
  }

  void write_attributes(const key_set& set, const attributes& attrs) {
    for (const auto& [key, v] : attrs)
      if (has_value(v)) write_data(set.id_of_attribute(key), value_text(v));
  }

  void write_data(std::string_view key_id, std::string_view text) {
    out_ += "      <data key=\"";
    out_ += key_id;
    out_ += "\">";
    append_xml(out_, text);
    out_ += "</data>\n";
  }

  const graph& g_;
  detail::text_sink& sink_;
  std::string& out_;  // the sink's text
  key_set nodes_;
  key_set edges_;
  std::vector<std::size_t> source_chunk_ends_;
};

}  // namespace

std::string write_graphml(const graph& g) {
  detail::text_sink sink;
  graphml_writer(g, sink).write();
  return sink.take();
}

void save_graphml(const graph& g, const std::filesystem::path& file) {
  detail::atomic_file out(file);
  detail::text_sink sink(out);
  graphml_writer(g, sink).write();
  sink.commit();
}

}  // namespace entente::io

// The JSON graph format (`*.kg.json`), documented field by field in the README: reading.
//
// Reading goes text -> SAX builder (our own, so duplicate keys and absurd nesting are caught and
// big objects stay linear) -> ordered DOM -> graph, checking every field with its JSON path.

#include <entente/io/json.hpp>

#include "io/export_text.hpp"
#include "io/file_bytes.hpp"
#include "io/json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace entente::detail {
namespace {

namespace fs = std::filesystem;

/// How deep objects and arrays may nest: the format needs 6, anything deeper is hostile, and
/// the reader and writer walk values recursively.
constexpr std::size_t max_depth = 64;

// ---- small text helpers ----------------------------------------------------------------------

/// `entente::did_you_mean` with each name escaped and cut as by `json_quote`, since names
/// in messages about JSON text are spelled as JSON.
std::string json_did_you_mean(const std::vector<std::string>& names) {
  std::vector<std::string> escaped;
  escaped.reserve(names.size());
  for (const auto& name : names) {
    std::string literal = json_quote(name);
    escaped.push_back(literal.substr(1, literal.size() - 2));  // did_you_mean adds the quotes
  }
  return entente::did_you_mean(escaped);
}

std::string join(std::span<const std::string_view> names) {
  std::string text;
  for (auto n : names) text += (text.empty() ? "" : ", ") + std::string(n);
  return text;
}

constexpr std::string_view evidence_levels_text =
    "confirmed, reported, alleged, speculated, denied";

// ---- parsing: text -> DOM ----------------------------------------------------------------------

/// 1-based line and column (in code points) of the byte at `offset`.
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  std::string_view before = text.substr(line_start, offset - line_start);
  // A byte order mark takes no column.
  if (line == 1 && before.starts_with("\xEF\xBB\xBF")) before.remove_prefix(3);
  return {line, width(before) + 1};
}

/// The offset of the bracket that opens level `max_depth + 1` of `text`, the JSON text read so
/// far having been valid: found again on this error path only, as SAX events carry no position.
std::size_t too_deep_at(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return text.size();
}

/// `text` with each byte that is not UTF-8 spelled \xHH: nlohmann quotes what it last read,
/// which in a binary file is no text.
std::string printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto ch = decode_utf8(text, i);
    if (ch.size == 0) {
      constexpr std::string_view hex = "0123456789ABCDEF";
      const auto byte = static_cast<unsigned char>(text[i]);
      out += {'\\', 'x', hex[byte >> 4], hex[byte & 0xF]};
      ++i;
    } else {
      out += text.substr(i, ch.size);
      i += ch.size;
    }
  }
  return out;
}

/// nlohmann's explanation without its id and position prefix, which we replace with ours.
std::string syntax_detail(std::string_view what) {
  if (what.starts_with('[')) {
    if (auto close = what.find("] "); close != std::string_view::npos)
      what.remove_prefix(close + 2);
  }
  if (what.starts_with("parse error")) {
    if (auto colon = what.find(": "); colon != std::string_view::npos)
      what.remove_prefix(colon + 2);
  }
  return printable(what);
}

/// Builds an ordered DOM from SAX events. Unlike nlohmann's own builder it rejects duplicate
/// keys (a silent overwrite hides typos), stops at `max_depth`, and appends object members
/// without nlohmann's linear key search, so a big object costs linear time.
class dom_builder {
 public:
  dom_builder(json& root, std::string_view text, const std::string& origin)
      : root_(root), text_(text), origin_(origin) {}

  bool null() { return put(json(nullptr)); }
  bool boolean(bool b) { return put(json(b)); }
  bool number_integer(json::number_integer_t n) { return put(json(n)); }
  bool number_unsigned(json::number_unsigned_t n) { return put(json(n)); }
  bool number_float(json::number_float_t x, const json::string_t&) { return put(json(x)); }
  bool string(json::string_t& s) { return put(json(std::move(s))); }
  bool binary(json::binary_t&) { return false; }  // JSON text has no binary values
  bool start_object(std::size_t) { return open(json::object()); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(json::string_t& k) {
    frame& top = stack_.back();
    auto& members = top.node->get_ref<json::object_t&>();
    bool seen = false;
    if (members.size() < 16) {
      for (const auto& m : members) seen = seen || m.first == k;
    } else {
      if (top.keys.empty())
        for (const auto& m : members) top.keys.insert(m.first);
      seen = !top.keys.insert(k).second;
    }
    if (seen)
      throw io_error(origin_ + ": " + path() + ": the key " + json_quote(k) + " appears twice");
    top.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const json::exception& ex) {
    auto [line, column] = line_and_column(text_, position == 0 ? 0 : position - 1);
    throw entente::parse_error(origin_ + ": invalid JSON: " + syntax_detail(ex.what()), line,
                               column);
  }

 private:
  struct frame {
    json* node;
    std::string key;                       // the member being read, for objects
    std::size_t count = 0;                 // elements started so far, for arrays
    std::unordered_set<std::string> keys;  // member names, once an object grows big
  };

  /// Places `v` where the parser is and returns where it went.
  json* place(json&& v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    frame& top = stack_.back();
    if (top.node->is_array()) {
      ++top.count;
      auto& elements = top.node->get_ref<json::array_t&>();
      elements.push_back(std::move(v));
      return &elements.back();
    }
    // The key was checked for repeats in key(); append without another search.
    auto& members = static_cast<json::object_t::Container&>(top.node->get_ref<json::object_t&>());
    members.emplace_back(top.key, std::move(v));
    return &members.back().second;
  }
  bool put(json&& v) {
    place(std::move(v));
    return true;
  }
  bool open(json&& container) {
    if (stack_.size() >= max_depth) {
      auto [line, column] = line_and_column(text_, too_deep_at(text_));
      throw entente::parse_error(
          origin_ + ": " + path() + ": nested deeper than " + std::to_string(max_depth) + " levels",
          line, column);
    }
    json* node = place(std::move(container));
    stack_.push_back({node, {}, 0, {}});
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }
  /// The path of the innermost open container (or of its current member, for a key).
  std::string path() const {
    std::string text = "$";
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
      const frame& f = stack_[i];
      text += f.node->is_array() ? "[" + std::to_string(f.count - 1) + "]" : member_segment(f.key);
    }
    return text;
  }

  json& root_;
  std::string_view text_;
  const std::string& origin_;
  std::vector<frame> stack_;
};

json parse(std::string_view text, const std::string& origin) {
  json root;
  dom_builder builder(root, text, origin);
  json::sax_parse(text.data(), text.data() + text.size(), &builder);
  return root;
}

// ---- reading: DOM -> graph -------------------------------------------------------------------

/// Checks the content of a document, naming the origin and JSON path of every problem.
class reader {
 public:
  explicit reader(std::string origin) : origin_(std::move(origin)) {}

  graph read_graph(const json& doc, validation mode) {
    const json_path root;
    static constexpr std::string_view known[] = {"schema", "sources", "entities", "relations"};
    record top(*this, doc, root, known);

    schema s = schema::geopolitics();
    if (const json* ext = top.get("schema")) apply_schema(s, *ext, root.member("schema"), true);
    graph g(std::move(s), mode);

    if (const json* list = top.get("sources")) {
      const json_path at = root.member("sources");
      expect(*list, at, json::value_t::array);
      for (std::size_t i = 0; i < list->size(); ++i) read_source(g, (*list)[i], at.at(i));
    }
    const json* entities = top.get("entities");
    const json* relations = top.get("relations");
    if (entities) expect(*entities, root.member("entities"), json::value_t::array);
    if (relations) expect(*relations, root.member("relations"), json::value_t::array);
    g.reserve(entities ? entities->size() : 0, relations ? relations->size() : 0);
    if (entities) {
      const json_path at = root.member("entities");
      for (std::size_t i = 0; i < entities->size(); ++i) read_entity(g, (*entities)[i], at.at(i));
    }
    if (relations) {
      const json_path at = root.member("relations");
      for (std::size_t i = 0; i < relations->size(); ++i)
        read_relation(g, (*relations)[i], at.at(i));
    }
    return g;
  }

  /// Applies a schema extension to `s`; `in_graph` allows the graph-only field "base".
  void apply_schema(schema& s, const json& ext, const json_path& at, bool in_graph) const {
    static constexpr std::string_view known[] = {"base", "kinds", "relation_types"};
    record r(*this, ext, at, known);
    if (const json* base = r.get("base")) {
      if (!in_graph)
        fail(at.member("base"), "only a graph's \"schema\" field can choose a base schema");
      const std::string& name = string(*base, at.member("base"));
      if (name == "none")
        s = schema();
      else if (name == "open")
        s = schema::open();
      else if (name != "geopolitics")
        fail(at.member("base"),
             json_quote(name) + " is not a base schema (geopolitics, none, open)");
    }
    if (const json* kinds = r.get("kinds")) {
      const json_path list = at.member("kinds");
      expect(*kinds, list, json::value_t::array);
      for (std::size_t i = 0; i < kinds->size(); ++i) read_kind(s, (*kinds)[i], list.at(i));
    }
    if (const json* types = r.get("relation_types")) {
      const json_path list = at.member("relation_types");
      expect(*types, list, json::value_t::array);
      for (std::size_t i = 0; i < types->size(); ++i)
        read_relation_type(s, (*types)[i], list.at(i));
    }
  }

 private:
  /// An object whose member names have been checked against the fields a record allows.
  class record {
   public:
    record(const reader& rd, const json& v, const json_path& at,
           std::span<const std::string_view> known)
        : rd_(rd), v_(v), at_(at) {
      rd.expect(v, at, json::value_t::object);
      for (const auto& [key, _] : v.items()) {
        bool ok = false;
        for (auto k : known) ok = ok || k == key;
        if (ok) continue;
        std::vector<std::string> names(known.begin(), known.end());
        auto near = schema::closest(key, names, 1);
        rd.fail(at.member(key), near.empty() ? "unknown field (known fields: " + join(known) + ")"
                                             : "unknown field" + json_did_you_mean(near));
      }
    }
    /// The member `key`, or nullptr when it is absent or null (null means "not given").
    [[nodiscard]] const json* get(std::string_view key) const {
      auto it = v_.find(key);
      return it == v_.end() || it->is_null() ? nullptr : &*it;
    }
    [[nodiscard]] const json& need(std::string_view key) const {
      if (const json* m = get(key)) return *m;
      rd_.fail(at_, "missing field \"" + std::string(key) + "\"");
    }

   private:
    const reader& rd_;
    const json& v_;
    const json_path& at_;
  };

  [[noreturn]] void fail(const json_path& at, const std::string& what) const {
    throw io_error(origin_ + ": " + at.str() + ": " + what);
  }

  static std::string describe(const json& v) {
    switch (v.type()) {
      case json::value_t::object: return "an object";
      case json::value_t::array: return "an array";
      case json::value_t::string: return json_quote(v.get_ref<const std::string&>());
      default: return v.dump();
    }
  }
  static std::string_view type_words(json::value_t t) {
    switch (t) {
      case json::value_t::object: return "an object";
      case json::value_t::array: return "an array";
      case json::value_t::string: return "a string";
      case json::value_t::boolean: return "true or false";
      default: return "a number";
    }
  }
  void expect(const json& v, const json_path& at, json::value_t t) const {
    if (v.type() != t)
      fail(at, "expected " + std::string(type_words(t)) + ", found " + describe(v));
  }

  const std::string& string(const json& v, const json_path& at) const {
    expect(v, at, json::value_t::string);
    return v.get_ref<const std::string&>();
  }
  const std::string& id_string(const json& v, const json_path& at, const char* what) const {
    const std::string& id = string(v, at);
    if (id.empty()) fail(at, std::string(what) + " id cannot be empty");
    return id;
  }
  bool boolean(const json& v, const json_path& at) const {
    expect(v, at, json::value_t::boolean);
    return v.get<bool>();
  }
  /// An integer in [lo, hi]; JSON reals (`2.0`) are not integers.
  std::int64_t integer(const json& v, const json_path& at, std::int64_t lo, std::int64_t hi) const {
    bool in_range = false;
    std::int64_t n = 0;
    if (v.is_number_unsigned()) {
      auto u = v.get<std::uint64_t>();
      in_range = u <= static_cast<std::uint64_t>(hi);
      n = static_cast<std::int64_t>(u);
    } else if (v.is_number_integer()) {
      n = v.get<std::int64_t>();
      in_range = n >= lo && n <= hi;
    } else {
      fail(at, "expected an integer, found " + describe(v));
    }
    if (!in_range)
      fail(at, v.dump() + " is out of range (" + std::to_string(lo) + " .. " + std::to_string(hi) +
                   ")");
    return n;
  }
  /// Any JSON number, as a real.
  double real(const json& v, const json_path& at) const {
    if (!v.is_number()) fail(at, "expected a number, found " + describe(v));
    return v.get<double>();
  }
  date read_date(const json& v, const json_path& at) const {
    const std::string& text = string(v, at);
    auto d = date::parse(text);
    if (!d) fail(at, json_quote(text) + " is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    return *d;
  }
  std::vector<std::string> strings(const json& v, const json_path& at) const {
    expect(v, at, json::value_t::array);
    std::vector<std::string> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(string(v[i], at.at(i)));
    return out;
  }
  kind_id kind_named(const schema& s, const json& v, const json_path& at) const {
    const std::string& name = string(v, at);
    if (auto k = s.find_kind(name)) return *k;
    fail(at, "unknown kind " + json_quote(name) +
                 json_did_you_mean(schema::closest(name, s.kind_names())));
  }

  /// A typed attribute value: plain JSON for null, bool, integer, real and string; a one-member
  /// object for a date ({"date": "2024-06"}) and for reals JSON cannot spell ({"real": "nan"}).
  value read_value(const json& v, const json_path& at) const {
    switch (v.type()) {
      case json::value_t::null: return std::monostate{};
      case json::value_t::boolean: return v.get<bool>();
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
        return integer(v, at, std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max());
      case json::value_t::number_float: return v.get<double>();
      case json::value_t::string: return v.get<std::string>();
      case json::value_t::object: return read_tagged_value(v, at);
      case json::value_t::array: return read_list(v, at);
      default:
        fail(at,
             "expected an attribute value (null, true, false, a number, a string, "
             "{\"date\": ...}, {\"real\": ...} or an array of one of those), found " +
                 describe(v));
    }
  }
  /// A list attribute: an array of scalar encodings, all of one type.
  value read_list(const json& v, const json_path& at) const {
    value_list items;
    items.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      const json_path item_at = at.at(i);
      if (v[i].is_array()) fail(item_at, "a list holds no nested lists");
      value item = read_value(v[i], item_at);
      if (item.index() == 0 ||
          (std::holds_alternative<date>(item) && !std::get<date>(item).is_set()))
        fail(item_at, "a list holds no nulls");
      items.push_back(std::visit(
          [](auto& x) -> scalar {
            if constexpr (std::is_constructible_v<scalar, decltype(std::move(x))>)
              return std::move(x);
            else
              return false;  // null and nested lists were refused above
          },
          item));
    }
    if (std::size_t bad = mismatched_item(items); bad != items.size())
      fail(at.at(bad), list_error(items));
    return items;
  }
  value read_tagged_value(const json& v, const json_path& at) const {
    if (v.size() != 1) fail(at, "a typed value is an object with one member, \"date\" or \"real\"");
    // A plain iterator: `*v.items().begin()` would refer into a destroyed proxy.
    const auto member = v.begin();
    const std::string& tag = member.key();
    const json& inner = member.value();
    const json_path in = at.member(tag);
    if (tag == "date") return inner.is_null() ? date() : read_date(inner, in);
    if (tag == "real") {
      if (inner.is_number()) return inner.get<double>();
      const std::string& text = string(inner, in);
      if (text == "nan") return std::numeric_limits<double>::quiet_NaN();
      if (text == "inf") return std::numeric_limits<double>::infinity();
      if (text == "-inf") return -std::numeric_limits<double>::infinity();
      fail(in, json_quote(text) + " is not a real (a number, \"nan\", \"inf\" or \"-inf\")");
    }
    fail(in, "unknown value type" + json_did_you_mean(schema::closest(tag, {"date", "real"})) +
                 " (typed values are {\"date\": ...} and {\"real\": ...})");
  }
  attributes read_attributes(const json& v, const json_path& at) const {
    expect(v, at, json::value_t::object);
    attributes attrs;
    for (const auto& [key, inner] : v.items()) attrs.set(key, read_value(inner, at.member(key)));
    return attrs;
  }

  void read_kind(schema& s, const json& v, const json_path& at) const {
    static constexpr std::string_view known[] = {"name", "parent"};
    record r(*this, v, at, known);
    kind_spec spec;
    spec.name = string(r.need("name"), at.member("name"));
    // An open schema's kind without a name stands for no label (schema::add_kind).
    if (spec.name.empty() && !s.is_open()) fail(at.member("name"), "a kind name cannot be empty");
    if (const json* parent = r.get("parent"))
      spec.parent = s.kind_at(kind_named(s, *parent, at.member("parent"))).name;
    guarded(at, [&] { s.add_kind(spec); });
  }

  void read_relation_type(schema& s, const json& v, const json_path& at) const {
    static constexpr std::string_view known[] = {
        "name",     "domain", "range",  "symmetric",  "transitive", "inverse",
        "polarity", "cameo",  "weight", "quad_class", "functional"};
    record r(*this, v, at, known);
    relation_type_spec spec;
    spec.name = string(r.need("name"), at.member("name"));
    if (spec.name.empty()) fail(at.member("name"), "a relation type name cannot be empty");
    for (const char* end : {"domain", "range"}) {
      const json* list = r.get(end);
      if (!list) continue;
      const json_path list_at = at.member(end);
      expect(*list, list_at, json::value_t::array);
      auto& kinds = std::string_view(end) == "domain" ? spec.domain : spec.range;
      for (std::size_t i = 0; i < list->size(); ++i)
        kinds.push_back(s.kind_at(kind_named(s, (*list)[i], list_at.at(i))).name);
    }
    if (const json* b = r.get("symmetric")) spec.symmetric = boolean(*b, at.member("symmetric"));
    if (const json* b = r.get("transitive")) spec.transitive = boolean(*b, at.member("transitive"));
    if (const json* b = r.get("functional")) spec.functional = boolean(*b, at.member("functional"));
    if (const json* t = r.get("inverse")) spec.inverse = string(*t, at.member("inverse"));
    if (const json* p = r.get("polarity")) {
      const std::string& text = string(*p, at.member("polarity"));
      if (text == "cooperation")
        spec.polarity = polarity::cooperation;
      else if (text == "conflict")
        spec.polarity = polarity::conflict;
      else if (text == "structural")
        spec.polarity = polarity::structural;
      else
        fail(at.member("polarity"),
             json_quote(text) + " is not a polarity (cooperation, conflict, structural)");
    }
    if (const json* c = r.get("cameo")) {
      if (c->is_number())
        fail(at.member("cameo"), "expected a string, found " + describe(*c) +
                                     " (CAMEO codes keep their leading zeros: \"051\")");
      spec.cameo = string(*c, at.member("cameo"));
    }
    if (const json* w = r.get("weight")) spec.weight = real(*w, at.member("weight"));
    if (const json* q = r.get("quad_class"))
      spec.quad_class =
          static_cast<int>(integer(*q, at.member("quad_class"), std::numeric_limits<int>::min(),
                                   std::numeric_limits<int>::max()));
    guarded(at, [&] { s.add_relation_type(spec); });
  }

  void read_source(graph& g, const json& v, const json_path& at) {
    static constexpr std::string_view known[] = {"id", "title", "publisher", "published", "url"};
    record r(*this, v, at, known);
    source_info src;
    src.id = id_string(r.need("id"), at.member("id"), "a source");
    auto [earlier, fresh] =
        source_ids_.emplace(src.id, static_cast<source_index>(g.sources().size()));
    if (!fresh)
      fail(at.member("id"), "source " + json_quote(src.id) + " is already declared at $.sources[" +
                                std::to_string(earlier->second) + "]");
    if (const json* t = r.get("title")) src.title = string(*t, at.member("title"));
    if (const json* p = r.get("publisher")) src.publisher = string(*p, at.member("publisher"));
    if (const json* d = r.get("published")) src.published = read_date(*d, at.member("published"));
    if (const json* u = r.get("url")) src.url = string(*u, at.member("url"));
    guarded(at, [&] { g.add_source(std::move(src)); });
  }

  void read_entity(graph& g, const json& v, const json_path& at) const {
    static constexpr std::string_view known[] = {"id",      "kind",       "name",
                                                 "aliases", "attributes", "external_ids"};
    record r(*this, v, at, known);
    entity_spec spec;
    spec.id = id_string(r.need("id"), at.member("id"), "an entity");
    if (auto earlier = g.find_id(spec.id))
      fail(at.member("id"), "entity " + json_quote(spec.id) +
                                " is already declared at $.entities[" + std::to_string(*earlier) +
                                "]");
    // An open schema declares the kind (graph::add_entity does).
    spec.kind =
        g.schema().is_open()
            ? string(r.need("kind"), at.member("kind"))
            : g.schema().kind_at(kind_named(g.schema(), r.need("kind"), at.member("kind"))).name;
    if (spec.kind.empty() && !g.schema().is_open())
      fail(at.member("kind"), "a kind cannot be empty");
    if (const json* n = r.get("name")) spec.name = string(*n, at.member("name"));
    if (const json* a = r.get("aliases")) spec.aliases = strings(*a, at.member("aliases"));
    if (const json* a = r.get("attributes"))
      spec.attributes = read_attributes(*a, at.member("attributes"));
    if (const json* x = r.get("external_ids")) {
      const json_path ids = at.member("external_ids");
      expect(*x, ids, json::value_t::object);
      for (const auto& [system, id] : x->items())
        spec.external_ids.emplace_back(system, string(id, ids.member(system)));
    }
    guarded(at, [&] { g.add_entity(spec); });
  }

  entity_index endpoint(const graph& g, const json& v, const json_path& at) const {
    const std::string& id = string(v, at);
    if (auto e = g.find_id(id)) return *e;
    // Suggest the entity a name or alias resolves to first: people write "Russia" for RUS.
    std::vector<std::string> near;
    if (auto e = g.find(id)) near.emplace_back(g.entity(*e).id());
    std::vector<std::string> ids;
    ids.reserve(g.num_entities());
    for (entity_index e = 0; e < g.num_entities(); ++e) ids.emplace_back(g.entity(e).id());
    for (auto& n : schema::closest(id, ids))
      if (std::find(near.begin(), near.end(), n) == near.end()) near.push_back(std::move(n));
    fail(at, "no entity has the id " + json_quote(id) + json_did_you_mean(near));
  }

  citation read_citation(const graph& g, const json& v, const json_path& at) const {
    citation c;
    auto source_of = [&](const json& id_json, const json_path& id_at) {
      const std::string& id = string(id_json, id_at);
      if (auto it = source_ids_.find(id); it != source_ids_.end()) return it->second;
      std::vector<std::string> ids;
      for (const auto& s : g.sources()) ids.push_back(s.id);
      fail(id_at, "unknown source " + json_quote(id) + json_did_you_mean(schema::closest(id, ids)));
    };
    if (v.is_string()) {  // shorthand: "sources": ["reference"]
      c.source = source_of(v, at);
      return c;
    }
    static constexpr std::string_view known[] = {"id", "quote", "span"};
    record r(*this, v, at, known);
    c.source = source_of(r.need("id"), at.member("id"));
    if (const json* q = r.get("quote")) c.quote = string(*q, at.member("quote"));
    if (const json* s = r.get("span")) {
      const json_path span_at = at.member("span");
      if (!s->is_array() || s->size() != 2)
        fail(span_at, "expected [begin, end], found " + describe(*s));
      constexpr std::int64_t max = std::numeric_limits<std::uint32_t>::max();
      c.span = text_span{static_cast<std::uint32_t>(integer((*s)[0], span_at.at(0), 0, max)),
                         static_cast<std::uint32_t>(integer((*s)[1], span_at.at(1), 0, max))};
    }
    return c;
  }

  void read_relation(graph& g, const json& v, const json_path& at) const {
    static constexpr std::string_view known[] = {"from",  "type",  "to",      "evidence",
                                                 "since", "until", "sources", "attributes"};
    record r(*this, v, at, known);
    entity_index from = endpoint(g, r.need("from"), at.member("from"));
    const std::string& type_name = string(r.need("type"), at.member("type"));
    auto type = g.schema().find_relation_type(type_name);
    if (!type && g.schema().is_open() && !type_name.empty())
      type = g.add_relation_type({.name = type_name});
    if (!type)
      fail(at.member("type"),
           "unknown relation type " + json_quote(type_name) +
               json_did_you_mean(schema::closest(type_name, g.schema().relation_type_names())));
    entity_index to = endpoint(g, r.need("to"), at.member("to"));
    evidence level = evidence::reported;
    if (const json* e = r.get("evidence")) {
      const std::string& text = string(*e, at.member("evidence"));
      auto parsed = parse_evidence(text);
      if (!parsed)
        fail(at.member("evidence"), json_quote(text) + " is not an evidence level (" +
                                        std::string(evidence_levels_text) + ")");
      level = *parsed;
    }
    interval valid;
    if (const json* d = r.get("since")) valid.since = read_date(*d, at.member("since"));
    if (const json* d = r.get("until")) valid.until = read_date(*d, at.member("until"));
    std::vector<citation> cites;
    if (const json* list = r.get("sources")) {
      const json_path list_at = at.member("sources");
      expect(*list, list_at, json::value_t::array);
      for (std::size_t i = 0; i < list->size(); ++i)
        cites.push_back(read_citation(g, (*list)[i], list_at.at(i)));
    }
    attributes attrs;
    if (const json* a = r.get("attributes")) attrs = read_attributes(*a, at.member("attributes"));

    guarded(at, [&] {
      relation_index rel = g.add_relation(from, *type, to, level, valid);
      for (auto& c : cites) g.add_citation(rel, std::move(c));
      for (const auto& [key, val] : attrs) g.set_relation_attribute(rel, key, val);
    });
  }

  /// Runs a graph call; a schema violation stays a schema_error, anything else the graph
  /// refuses becomes an io_error; both gain the origin and path.
  template <class Call>
  void guarded(const json_path& at, Call&& call) const {
    try {
      call();
    } catch (const schema_error& e) {
      throw schema_error(origin_ + ": " + at.str() + ": " + e.what());
    } catch (const io_error&) {
      throw;
    } catch (const error& e) {
      fail(at, e.what());
    }
  }

  std::string origin_;
  // graph::find_source scans the list; citations look sources up through this index instead.
  std::unordered_map<std::string, source_index> source_ids_;
};

}  // namespace
}  // namespace entente::detail

namespace entente::io {

graph read_json(std::string_view text, const json_options& opts) {
  detail::json doc = detail::parse(text, opts.origin);
  return detail::reader(opts.origin).read_graph(doc, opts.mode);
}

graph load_json(const std::filesystem::path& file, validation mode) {
  const auto bytes = detail::read_file(file);
  return read_json(bytes.view(), {.origin = file.string(), .mode = mode});
}

void extend_schema(schema& s, std::string_view json_text, std::string_view origin) {
  const std::string where(origin);
  detail::json doc = detail::parse(json_text, where);
  // Work on a copy so a bad extension leaves `s` as it was.
  schema extended = s;
  detail::reader(where).apply_schema(extended, doc, detail::json_path{}, false);
  s = std::move(extended);
}

}  // namespace entente::io

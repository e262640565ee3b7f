// The JSON graph format (`*.kg.json`, see the README), writing: graph -> ordered DOM -> our
// printer (records expanded, short lists inline).

#include <entente/io/json.hpp>

#include "io/atomic_file.hpp"
#include "io/json_text.hpp"
#include "io/text_sink.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace entente::detail {
namespace {

// The printer keeps a short container on one line when the line stays within this.
constexpr std::size_t line_width = 100;

// ---- small text helpers ----------------------------------------------------------------------

/// The text a date is written as, when reading that text gives the same date back.
std::optional<std::string> date_text(date d) {
  std::string text = d.to_string();
  if (auto back = date::parse(text); back && *back == d) return text;
  return std::nullopt;
}

std::string describe_date(date d) {
  return "year " + std::to_string(d.year()) + ", month " + std::to_string(d.month()) + ", day " +
         std::to_string(d.day());
}

// ---- writing: graph -> DOM -------------------------------------------------------------------

/// Whether two relation types have the same rules (kinds compared by number: the caller has
/// checked both schemas number their kinds alike).
bool same_rules(const relation_type_info& a, const relation_type_info& b) {
  return a.name == b.name && a.domain == b.domain && a.range == b.range &&
         a.symmetric == b.symmetric && a.transitive == b.transitive && a.inverse == b.inverse &&
         a.polarity == b.polarity && a.cameo == b.cameo && a.weight == b.weight &&
         a.quad_class == b.quad_class && a.functional == b.functional;
}

class writer {
 public:
  explicit writer(std::string origin) : origin_(std::move(origin)) {}

  // The pieces of a document, made one at a time so that a large graph's document is printed
  // as it is made (see printer::write_graph).
  /// The kinds and relation types that differ from `schema::geopolitics()`, or the whole schema
  /// with "base": "none" when it does not start from it ("open" for an open schema); nothing
  /// for the default schema.
  std::optional<json> schema_extension(const schema& s) const {
    static const schema base = schema::geopolitics();
    bool extends =
        s.num_kinds() >= base.num_kinds() && s.num_relation_types() >= base.num_relation_types();
    for (std::size_t k = 0; extends && k < base.num_kinds(); ++k)
      extends = s.kinds()[k].name == base.kinds()[k].name &&
                s.kinds()[k].parent == base.kinds()[k].parent;
    for (std::size_t t = 0; extends && t < base.num_relation_types(); ++t)
      extends = s.relation_types()[t].name == base.relation_types()[t].name;

    extends = extends && !s.is_open();
    json ext = json::object();
    if (!extends) ext["base"] = s.is_open() ? "open" : "none";
    json kinds = json::array();
    for (std::size_t k = extends ? base.num_kinds() : 0; k < s.num_kinds(); ++k) {
      const auto& info = s.kinds()[k];
      json kind = {{"name", info.name}};
      if (info.parent) kind["parent"] = s.kind_at(*info.parent).name;
      kinds.push_back(std::move(kind));
    }
    json types = json::array();
    for (std::size_t t = 0; t < s.num_relation_types(); ++t) {
      const auto& info = s.relation_types()[t];
      if (extends && t < base.num_relation_types() && same_rules(info, base.relation_types()[t]))
        continue;
      types.push_back(write_relation_type(s, info, t));
    }
    if (!kinds.empty()) ext["kinds"] = std::move(kinds);
    if (!types.empty()) ext["relation_types"] = std::move(types);
    if (ext.empty()) return std::nullopt;
    return ext;
  }
  json write_source(const source_info& src, std::size_t i) const {
    json o = {{"id", src.id}};
    if (!src.title.empty()) o["title"] = src.title;
    if (!src.publisher.empty()) o["publisher"] = src.publisher;
    if (src.published.is_set())
      o["published"] = write_date(src.published, "$.sources[" + std::to_string(i) + "].published");
    if (!src.url.empty()) o["url"] = src.url;
    return o;
  }
  json write_entity(const graph& g, entity_index e) const {
    auto ent = g.entity(e);
    const std::string path = "$.entities[" + std::to_string(e) + "]";
    json o = {{"id", ent.id()}, {"kind", ent.kind_name()}, {"name", ent.name()}};
    auto aliases = ent.aliases();
    if (!aliases.empty()) o["aliases"] = aliases;
    if (!ent.attributes().empty())
      o["attributes"] = write_attributes(ent.attributes(), path + ".attributes");
    if (!ent.external_ids().empty()) {
      json ids = json::object();
      for (const auto& [system, id] : ent.external_ids()) {
        // A JSON object cannot hold a key twice; writing it would lose one on reading.
        if (ids.contains(system))
          fail(path + ".external_ids", "the system " + json_quote(system) + " appears twice");
        ids[system] = id;
      }
      o["external_ids"] = std::move(ids);
    }
    return o;
  }
  json write_relation(const graph& g, relation_index r) const {
    auto rel = g.relation(r);
    const std::string path = "$.relations[" + std::to_string(r) + "]";
    json o = {{"from", g.entity(rel.from()).id()},
              {"type", rel.type_name()},
              {"to", g.entity(rel.to()).id()},
              {"evidence", to_string(rel.evidence())}};
    if (rel.valid().since.is_set()) o["since"] = write_date(rel.valid().since, path + ".since");
    if (rel.valid().until.is_set()) o["until"] = write_date(rel.valid().until, path + ".until");
    if (!rel.citations().empty()) {
      json cites = json::array();
      for (const auto& c : rel.citations()) {
        json cite = {{"id", g.source_at(c.source).id}};
        if (!c.quote.empty()) cite["quote"] = c.quote;
        if (c.span) cite["span"] = {c.span->begin, c.span->end};
        cites.push_back(std::move(cite));
      }
      o["sources"] = std::move(cites);
    }
    if (!rel.attributes().empty())
      o["attributes"] = write_attributes(rel.attributes(), path + ".attributes");
    return o;
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw io_error(origin_ + ": " + path + ": " + what);
  }
  std::string write_date(date d, const std::string& path) const {
    auto text = date_text(d);
    if (!text) fail(path, "the date cannot be written (" + describe_date(d) + ")");
    return *text;
  }

  json write_relation_type(const schema& s, const relation_type_info& info, std::size_t t) const {
    json type = {{"name", info.name}};
    auto names = [&](const std::vector<kind_id>& kinds) {
      json list = json::array();
      for (kind_id k : kinds) list.push_back(s.kind_at(k).name);
      return list;
    };
    if (!info.domain.empty()) type["domain"] = names(info.domain);
    if (!info.range.empty()) type["range"] = names(info.range);
    if (info.symmetric) type["symmetric"] = true;
    if (info.transitive) type["transitive"] = true;
    if (!info.inverse.empty()) type["inverse"] = info.inverse;
    if (info.polarity != polarity::structural)
      type["polarity"] = std::string(to_string(info.polarity));
    if (!info.cameo.empty()) type["cameo"] = info.cameo;
    if (info.weight != 0.0) {
      if (!std::isfinite(info.weight))
        fail("$.schema.relation_types[" + std::to_string(t) + "].weight",
             "a weight must be a finite number");
      type["weight"] = info.weight;
    }
    if (info.quad_class != 0) type["quad_class"] = info.quad_class;
    if (info.functional) type["functional"] = true;
    return type;
  }

  json write_value(const value& v, const std::string& path) const {
    return std::visit(
        [&](const auto& x) -> json {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return nullptr;
          } else if constexpr (std::is_same_v<T, double>) {
            if (std::isnan(x)) return {{"real", "nan"}};
            if (std::isinf(x)) return {{"real", x > 0 ? "inf" : "-inf"}};
            return x;  // the printer writes integral reals with ".0", so they read back as reals
          } else if constexpr (std::is_same_v<T, date>) {
            if (!x.is_set()) return {{"date", nullptr}};
            return {{"date", write_date(x, path)}};
          } else if constexpr (std::is_same_v<T, value_list>) {
            json items = json::array();
            for (std::size_t i = 0; i < x.size(); ++i)
              items.push_back(write_value(as_value(x[i]), path + "[" + std::to_string(i) + "]"));
            return items;
          } else {
            return x;
          }
        },
        v);
  }
  json write_attributes(const attributes& attrs, const std::string& path) const {
    json o = json::object();
    for (const auto& [key, v] : attrs) o[key] = write_value(v, path + member_segment(key));
    return o;
  }

  std::string origin_;
};

// ---- printing: DOM -> text -------------------------------------------------------------------

/// Prints a DOM: the top object, its lists and their records one member per line, deeper
/// containers on one line when they fit in `line_width` columns; `indent` < 0 prints one line.
/// Strings that are not UTF-8 are reported with their path.
class printer {
 public:
  /// Prints into `out`.
  printer(int indent, const std::string& origin, std::string& out)
      : indent_(indent), origin_(origin), out_(out) {}

  /// A graph's document as `print` would print it whole, each source, entity and relation made
  /// and printed in turn and the text passed on to `sink` (whose text `out` is) as it grows.
  void write_graph(const graph& g, const writer& w, detail::text_sink& sink) {
    const bool one_line = indent_ < 0;
    const json_path root;
    std::size_t members = 0;
    auto member = [&](std::string_view key) {
      out_ += members++ == 0 ? "{" : ",";
      if (!one_line) newline(1);
      scalar(json(key), root.member(key));
      out_ += one_line ? ":" : ": ";
    };
    auto list = [&](std::string_view key, std::size_t count, const auto& make) {
      member(key);
      const json_path at = root.member(key);
      if (count == 0) {
        out_ += "[]";
        return;
      }
      out_ += '[';
      for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) out_ += ',';
        if (!one_line) newline(2);
        write(make(i), 2, at.at(i), one_line);
        sink.pass_on();
      }
      if (!one_line) newline(1);
      out_ += ']';
    };
    if (auto extension = w.schema_extension(g.schema())) {
      member("schema");
      write(*extension, 1, root.member("schema"), one_line);
    }
    list("sources", g.sources().size(),
         [&](std::size_t i) { return w.write_source(g.sources()[i], i); });
    list("entities", g.num_entities(),
         [&](std::size_t e) { return w.write_entity(g, static_cast<entity_index>(e)); });
    list("relations", g.num_relations(),
         [&](std::size_t r) { return w.write_relation(g, static_cast<relation_index>(r)); });
    if (!one_line) newline(0);
    out_ += '}';
  }

 private:
  void write(const json& v, std::size_t depth, const json_path& at, bool one_line) {
    if (!v.is_structured()) return scalar(v, at);
    if (v.empty()) {
      out_ += v.is_object() ? "{}" : "[]";
      return;
    }
    if (!one_line && depth > 2) {
      std::string line;
      printer(indent_, origin_, line).write(v, depth, at, true);
      if (column() + width(line) < line_width) {  // < leaves room for a comma
        out_ += line;
        return;
      }
    }
    const bool compact = indent_ < 0;
    out_ += v.is_object() ? '{' : '[';
    std::size_t i = 0;
    for (const auto& [key, inner] : v.items()) {
      if (i > 0) out_ += compact || !one_line ? "," : ", ";
      if (!one_line) newline(depth + 1);
      const json_path inner_at = v.is_object() ? at.member(key) : at.at(i);
      if (v.is_object()) {
        scalar(json(key), inner_at);
        out_ += compact ? ":" : ": ";
      }
      write(inner, depth + 1, inner_at, one_line);
      ++i;
    }
    if (!one_line) newline(depth);
    out_ += v.is_object() ? '}' : ']';
  }
  void scalar(const json& v, const json_path& at) {
    try {
      out_ += v.dump();
    } catch (const json::type_error&) {
      throw io_error(origin_ + ": " + at.str() + ": the text is not valid UTF-8");
    }
  }
  void newline(std::size_t depth) {
    out_ += '\n';
    out_.append(depth * static_cast<std::size_t>(indent_), ' ');
  }
  std::size_t column() const {
    auto nl = out_.rfind('\n');
    return width(nl == std::string::npos ? std::string_view(out_)
                                         : std::string_view(out_).substr(nl + 1));
  }

  int indent_;
  const std::string& origin_;
  std::string& out_;
};

std::string write_document(const graph& g, int indent, const std::string& origin) {
  detail::text_sink sink;
  printer(indent, origin, sink.text()).write_graph(g, writer(origin), sink);
  return sink.take();
}

}  // namespace
}  // namespace entente::detail

namespace entente::io {

std::string write_json(const graph& g, int indent) {
  return detail::write_document(g, indent, "<json>");
}

void save_json(const graph& g, const std::filesystem::path& file) {
  const std::string origin = file.string();
  detail::atomic_file out(file);
  detail::text_sink sink(out);
  detail::printer(2, origin, sink.text()).write_graph(g, detail::writer(origin), sink);
  sink.text() += '\n';
  sink.commit();
}

}  // namespace entente::io

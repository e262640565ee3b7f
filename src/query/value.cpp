// Query values, result sets and the C++ front end of query.hpp.

#include "query/temporal.hpp"

#include <entente/query.hpp>
#include <entente/schema.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace entente {

const query_value* query_value::find(std::string_view key) const {
  if (const auto* m = std::get_if<map>(&value_))
    for (const auto& [k, v] : *m)
      if (k == key) return &v;
  return nullptr;
}

std::string_view query_value::type_name() const noexcept {
  constexpr std::string_view names[] = {"null",     "boolean",       "integer",  "float",
                                        "string",   "list",          "map",      "entity",
                                        "relation", "path",          "date",     "localtime",
                                        "time",     "localdatetime", "datetime", "duration"};
  return names[value_.index()];
}

void query_value::throw_wrong_type(std::string_view wanted) const {
  throw error(
      fmt::format("expected a value of type {}, got {} {}", wanted, type_name(), to_string(*this)));
}

bool operator==(const query_value& a, const query_value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.value_.index() != b.value_.index()) return false;
  return std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        const auto& y = std::get<T>(b.value_);
        if constexpr (std::is_same_v<T, entente::entity> || std::is_same_v<T, entente::relation>)
          return x.index() == y.index();
        else if constexpr (std::is_same_v<T, entente::path>)
          return x.source() == y.source() && x.relations() == y.relations();
        else
          return x == y;
      },
      a.value_);
}

namespace {

void append_quoted(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  out += '"';
}

std::string float_text(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  auto text = fmt::format("{}", d);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

void append_value(std::string& out, const query_value& v);

void append_path(std::string& out, const path& p) {
  const auto& g = p.graph();
  out += fmt::format("({})", g.entity(p.source()).id());
  for (std::size_t i = 0; i < p.length(); ++i) {
    const auto& s = p.steps()[i];
    auto type = g.relation(s.relation).type_name();
    auto next = g.entity(p.nodes()[i + 1]).id();
    out += s.reversed ? fmt::format("<-[:{}]-({})", type, next)
                      : fmt::format("-[:{}]->({})", type, next);
  }
}

void append_value(std::string& out, const query_value& v) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          out += std::to_string(x);
        } else if constexpr (std::is_same_v<T, double>) {
          out += float_text(x);
        } else if constexpr (std::is_same_v<T, std::string>) {
          append_quoted(out, x);
        } else if constexpr (std::is_same_v<T, query_value::list>) {
          out += '[';
          for (std::size_t i = 0; i < x.size(); ++i) {
            if (i) out += ", ";
            append_value(out, x[i]);
          }
          out += ']';
        } else if constexpr (std::is_same_v<T, query_value::map>) {
          out += '{';
          for (std::size_t i = 0; i < x.size(); ++i) {
            if (i) out += ", ";
            out += x[i].first;
            out += ": ";
            append_value(out, x[i].second);
          }
          out += '}';
        } else if constexpr (std::is_same_v<T, entity>) {
          // An open schema's entity without a label prints without one.
          out += fmt::format("({}{}{} {{name: ", x.id(), x.kind_name().empty() ? "" : ":",
                             x.kind_name());
          append_quoted(out, x.name());
          out += "})";
        } else if constexpr (std::is_same_v<T, relation>) {
          const auto& g = x.graph();
          out += fmt::format("({})-[:{}]->({})", g.entity(x.from()).id(), x.type_name(),
                             g.entity(x.to()).id());
        } else if constexpr (std::is_same_v<T, path>) {
          append_path(out, x);
        } else {
          out += temporal::to_string(x);
        }
      },
      v.get());
}

// openCypher's order of types for ORDER BY; numbers share one rank.
int type_rank(const query_value& v) {
  switch (v.get().index()) {
    case 6: return 0;  // map
    case 7: return 1;  // entity
    case 8: return 2;  // relation
    case 5: return 3;  // list
    case 9: return 4;  // path
    case 4: return 5;  // string
    case 1: return 6;  // boolean
    case 2:
    case 3: return 7;   // number
    default: return 8;  // null
  }
}

template <class T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : b < a ? 1 : 0;
}

}  // namespace

std::string to_string(const query_value& v) {
  std::string out;
  append_value(out, v);
  return out;
}

int compare_for_order(const query_value& a, const query_value& b) {
  // The temporal types sit between paths (rank 4) and strings (rank 5).
  if (a.is_temporal() && b.is_temporal()) {
    int ta = detail::query::temporal_rank(a), tb = detail::query::temporal_rank(b);
    return ta != tb ? three_way(ta, tb) : detail::query::temporal_order(a, b);
  }
  if (a.is_temporal()) return type_rank(b) <= 4 ? 1 : -1;
  if (b.is_temporal()) return type_rank(a) <= 4 ? -1 : 1;
  int ra = type_rank(a), rb = type_rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 7:
      if (a.is_int() && b.is_int()) return three_way(a.as_int(), b.as_int());
      {
        double x = a.as_number(), y = b.as_number();
        // NaN sorts after every other number, as openCypher has it.
        if (std::isnan(x) || std::isnan(y)) return three_way(std::isnan(x), std::isnan(y));
        return three_way(x, y);
      }
    case 6: return three_way(a.as_bool(), b.as_bool());
    case 5:
      return a.as_string().compare(b.as_string()) < 0 ? -1 : a.as_string() == b.as_string() ? 0 : 1;
    case 1: return three_way(a.as_entity().index(), b.as_entity().index());
    case 2: return three_way(a.as_relation().index(), b.as_relation().index());
    case 3: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (int c = compare_for_order(x[i], y[i])) return c;
      return three_way(x.size(), y.size());
    }
    case 4: {
      const auto& x = a.as_path();
      const auto& y = b.as_path();
      if (int c = three_way(x.source(), y.source())) return c;
      return three_way(x.relations(), y.relations());
    }
    case 0: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
        if (int c = three_way(x[i].first, y[i].first)) return c;
        if (int c = compare_for_order(x[i].second, y[i].second)) return c;
      }
      return three_way(x.size(), y.size());
    }
    default: return 0;
  }
}

std::string to_string(const write_summary& s) {
  std::string out;
  auto add = [&](std::size_t n, std::string_view one, std::string_view many,
                 std::string_view what) {
    if (n == 0) return;
    out += fmt::format("{}{} {} {}", out.empty() ? "" : ", ", n, n == 1 ? one : many, what);
  };
  add(s.entities_created, "entity", "entities", "created");
  add(s.relations_created, "relation", "relations", "created");
  add(s.sources_created, "source", "sources", "created");
  add(s.entities_deleted, "entity", "entities", "deleted");
  add(s.relations_deleted, "relation", "relations", "deleted");
  add(s.properties_set, "property", "properties", "set");
  add(s.kinds_set, "kind", "kinds", "set");
  return out.empty() ? "no changes" : out;
}

std::size_t result_set::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == name) return i;
  throw lookup_error(fmt::format("no column '{}' in the result", name),
                     schema::closest(name, columns_));
}

namespace cypher {

name_error::name_error(std::string_view text, source_position at, const std::string& message,
                       std::vector<std::string> suggestions)
    : syntax_error(text, at, message + did_you_mean(suggestions)),
      suggestions_(std::move(suggestions)) {}

}  // namespace cypher

// ---- the C++ front end ---------------------------------------------------------------------

namespace pattern {

namespace {

expr binary(const expr& a, std::string_view op, const expr& b) {
  return expr::from_text(fmt::format("({} {} {})", a.text(), op, b.text()));
}

// Names other than plain identifiers are backquoted, so any name survives the parser.
std::string quote_name(std::string_view name) {
  bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front())) &&
               std::all_of(name.begin(), name.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
               });
  if (plain) return std::string(name);
  std::string out = "`";
  for (char c : name) {
    out += c;
    if (c == '`') out += '`';
  }
  return out + '`';
}

std::string quote_names(std::string_view names, char separator) {
  std::string out;
  std::size_t start = 0;
  while (start <= names.size()) {
    auto end = names.find(separator, start);
    if (end == std::string_view::npos) end = names.size();
    auto part = names.substr(start, end - start);
    if (!part.empty()) {
      if (!out.empty()) out += separator;
      out += quote_name(part);
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

namespace {

// A value as Cypher text that evaluates to it: a temporal value as a call (`date("2024-06-19")`).
std::string literal_text(const query_value& v) {
  if (v.is_entity() || v.is_relation() || v.is_path())
    throw error(
        "an entity, relation or path cannot be written as a literal; pass it as a "
        "parameter or match it");
  if (v.is_date() && v.as<temporal::calendar_date>().precision != temporal::date_precision::day)
    throw error(fmt::format(
        "the partial date {} cannot be written as a literal (date(\"{}\") is its first day); "
        "pass it as a parameter",
        to_string(v), to_string(v)));
  if (v.is_temporal()) {
    std::string text;
    append_quoted(text, to_string(v));
    return fmt::format("{}({})", v.type_name(), text);
  }
  if (v.is_list()) {
    std::string text = "[";
    for (std::size_t i = 0; i < v.as_list().size(); ++i)
      text += (i ? ", " : "") + literal_text(v.as_list()[i]);
    return text + "]";
  }
  if (v.is_map()) {
    std::string text = "{";
    for (std::size_t i = 0; i < v.as_map().size(); ++i)
      text += (i ? ", " : "") + quote_name(v.as_map()[i].first) + ": " +
              literal_text(v.as_map()[i].second);
    return text + "}";
  }
  return to_string(v);
}

}  // namespace

expr::expr(const query_value& literal) : text_(literal_text(literal)) {}

expr operator==(const expr& a, const expr& b) { return binary(a, "=", b); }
expr operator!=(const expr& a, const expr& b) { return binary(a, "<>", b); }
expr operator<(const expr& a, const expr& b) { return binary(a, "<", b); }
expr operator<=(const expr& a, const expr& b) { return binary(a, "<=", b); }
expr operator>(const expr& a, const expr& b) { return binary(a, ">", b); }
expr operator>=(const expr& a, const expr& b) { return binary(a, ">=", b); }
expr operator&&(const expr& a, const expr& b) { return binary(a, "AND", b); }
expr operator||(const expr& a, const expr& b) { return binary(a, "OR", b); }
expr operator!(const expr& a) { return expr::from_text(fmt::format("(NOT {})", a.text())); }
expr operator+(const expr& a, const expr& b) { return binary(a, "+", b); }
expr operator-(const expr& a, const expr& b) { return binary(a, "-", b); }
expr operator*(const expr& a, const expr& b) { return binary(a, "*", b); }
expr operator/(const expr& a, const expr& b) { return binary(a, "/", b); }
expr expr::in(const expr& list) const { return binary(*this, "IN", list); }
expr expr::starts_with(const expr& prefix) const { return binary(*this, "STARTS WITH", prefix); }
expr expr::ends_with(const expr& suffix) const { return binary(*this, "ENDS WITH", suffix); }
expr expr::contains(const expr& part) const { return binary(*this, "CONTAINS", part); }
expr expr::is_null() const { return from_text(fmt::format("({} IS NULL)", text_)); }
expr expr::is_not_null() const { return from_text(fmt::format("({} IS NOT NULL)", text_)); }

expr var(std::string name) { return expr::from_text(quote_name(name)); }
expr prop(std::string variable, std::string key) {
  return expr::from_text(quote_name(variable) + "." + quote_name(key));
}
expr param(std::string name) { return expr::from_text("$" + quote_name(name)); }
expr call(std::string function, std::vector<expr> arguments, bool distinct) {
  std::string text = function + "(" + (distinct ? "DISTINCT " : "");
  for (std::size_t i = 0; i < arguments.size(); ++i) text += (i ? ", " : "") + arguments[i].text();
  return expr::from_text(text + ")");
}
expr count_all() { return expr::from_text("count(*)"); }

chain::chain(std::string variable, std::string labels,
             std::vector<std::pair<std::string, expr>> properties) {
  nodes_.push_back({std::move(variable), std::move(labels), std::move(properties)});
}

chain& chain::step(char direction, std::string types, std::string variable,
                   std::optional<std::uint64_t> min_hops, std::optional<std::uint64_t> max_hops) {
  if (relations_.size() >= nodes_.size())
    throw error("a relation must be followed by .to(node(...)) before the next relation");
  relations_.push_back({direction, std::move(types), std::move(variable), min_hops, max_hops,
                        min_hops.has_value() || max_hops.has_value()});
  return *this;
}
chain& chain::out(std::string types, std::string variable, std::optional<std::uint64_t> min_hops,
                  std::optional<std::uint64_t> max_hops) {
  return step('>', std::move(types), std::move(variable), min_hops, max_hops);
}
chain& chain::in(std::string types, std::string variable, std::optional<std::uint64_t> min_hops,
                 std::optional<std::uint64_t> max_hops) {
  return step('<', std::move(types), std::move(variable), min_hops, max_hops);
}
chain& chain::any(std::string types, std::string variable, std::optional<std::uint64_t> min_hops,
                  std::optional<std::uint64_t> max_hops) {
  return step('-', std::move(types), std::move(variable), min_hops, max_hops);
}
chain& chain::to(const chain& node) {
  if (relations_.size() != nodes_.size())
    throw error(".to(node(...)) must follow a relation (.out, .in or .any)");
  for (const auto& n : node.nodes_) nodes_.push_back(n);
  for (const auto& r : node.relations_) relations_.push_back(r);
  return *this;
}
chain& chain::with(std::vector<std::pair<std::string, expr>> properties) {
  if (relations_.empty())
    throw error(".with(properties) must follow a relation (.out, .in or .any)");
  relations_.back().properties = std::move(properties);
  return *this;
}
chain& chain::named(std::string path_variable) {
  path_variable_ = std::move(path_variable);
  return *this;
}
chain& chain::shortest(bool all) {
  shortest_ = !all;
  all_shortest_ = all;
  return *this;
}

std::string chain::text() const {
  if (relations_.size() >= nodes_.size())
    throw error("the pattern ends with a relation; add .to(node(...))");
  auto map_text = [](const std::vector<std::pair<std::string, expr>>& properties) {
    if (properties.empty()) return std::string();
    std::string t = " {";
    for (std::size_t i = 0; i < properties.size(); ++i)
      t += (i ? ", " : "") + quote_name(properties[i].first) + ": " + properties[i].second.text();
    return t + "}";
  };
  auto node_text = [&](const node_part& n) {
    std::string t = "(" + (n.variable.empty() ? "" : quote_name(n.variable));
    if (!n.labels.empty()) t += ":" + quote_names(n.labels, ':');
    return t + map_text(n.properties) + ")";
  };
  std::string t = node_text(nodes_[0]);
  for (std::size_t i = 0; i < relations_.size(); ++i) {
    const auto& r = relations_[i];
    std::string inside = r.variable.empty() ? "" : quote_name(r.variable);
    if (!r.types.empty()) inside += ":" + quote_names(r.types, '|');
    if (r.variable_length) {
      inside += "*";
      if (r.min_hops) inside += std::to_string(*r.min_hops);
      if (r.min_hops != r.max_hops || !r.min_hops) {
        inside += "..";
        if (r.max_hops) inside += std::to_string(*r.max_hops);
      }
    }
    inside += map_text(r.properties);
    t += (r.direction == '<' ? "<-[" : "-[") + inside + (r.direction == '>' ? "]->" : "]-");
    t += node_text(nodes_[i + 1]);
  }
  if (shortest_) t = "shortestPath(" + t + ")";
  if (all_shortest_) t = "allShortestPaths(" + t + ")";
  if (!path_variable_.empty()) t = quote_name(path_variable_) + " = " + t;
  return t;
}

}  // namespace pattern

namespace {
std::string items_text(const std::vector<query_builder::item>& items) {
  std::string t;
  for (std::size_t i = 0; i < items.size(); ++i) {
    t += (i ? ", " : "") + items[i].first.text();
    if (!items[i].second.empty()) t += " AS " + pattern::quote_name(items[i].second);
  }
  return t;
}
std::string parts_text(const std::vector<pattern::chain>& parts) {
  std::string t;
  for (std::size_t i = 0; i < parts.size(); ++i) t += (i ? ", " : "") + parts[i].text();
  return t;
}
}  // namespace

query_builder& query_builder::match(std::vector<pattern::chain> parts) {
  text_ += (text_.empty() ? "MATCH " : "\nMATCH ") + parts_text(parts);
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::optional_match(std::vector<pattern::chain> parts) {
  text_ += (text_.empty() ? "OPTIONAL MATCH " : "\nOPTIONAL MATCH ") + parts_text(parts);
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::where(const pattern::expr& condition) {
  text_ += "\nWHERE " + condition.text();
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::with(std::vector<item> items, bool distinct) {
  text_ += std::string("\nWITH ") + (distinct ? "DISTINCT " : "") + items_text(items);
  open_projection_ = true;
  return *this;
}
query_builder& query_builder::unwind(const pattern::expr& list, std::string alias) {
  text_ +=
      (text_.empty() ? "UNWIND " : "\nUNWIND ") + list.text() + " AS " + pattern::quote_name(alias);
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::returns(std::vector<item> items, bool distinct) {
  text_ += std::string("\nRETURN ") + (distinct ? "DISTINCT " : "") + items_text(items);
  open_projection_ = true;
  return *this;
}
query_builder& query_builder::order_by(const pattern::expr& key, bool descending) {
  if (!open_projection_) throw error("order_by must follow returns or with");
  bool first = text_.rfind("ORDER BY") == std::string::npos ||
               text_.rfind("ORDER BY") < std::max(text_.rfind("RETURN"), text_.rfind("WITH"));
  text_ += (first ? " ORDER BY " : ", ") + key.text() + (descending ? " DESC" : "");
  return *this;
}
query_builder& query_builder::skip(std::int64_t n) {
  if (!open_projection_) throw error("skip must follow returns or with");
  text_ += " SKIP " + std::to_string(n);
  return *this;
}
query_builder& query_builder::limit(std::int64_t n) {
  if (!open_projection_) throw error("limit must follow returns or with");
  text_ += " LIMIT " + std::to_string(n);
  return *this;
}
query_builder& query_builder::create(std::vector<pattern::chain> parts) {
  text_ += (text_.empty() ? "CREATE " : "\nCREATE ") + parts_text(parts);
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::merge(const pattern::chain& part) {
  text_ += (text_.empty() ? "MERGE " : "\nMERGE ") + part.text();
  open_projection_ = false;
  last_merge_ = text_.size();
  return *this;
}
query_builder& query_builder::on_create_set(const pattern::expr& target,
                                            const pattern::expr& value) {
  if (last_merge_ != text_.size()) throw error("on_create_set must follow merge");
  text_ += "\n  ON CREATE SET " + target.text() + " = " + value.text();
  last_merge_ = text_.size();
  return *this;
}
query_builder& query_builder::on_match_set(const pattern::expr& target,
                                           const pattern::expr& value) {
  if (last_merge_ != text_.size()) throw error("on_match_set must follow merge");
  text_ += "\n  ON MATCH SET " + target.text() + " = " + value.text();
  last_merge_ = text_.size();
  return *this;
}
query_builder& query_builder::set(const pattern::expr& target, const pattern::expr& value) {
  text_ += "\nSET " + target.text() + " = " + value.text();
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::set_add(const pattern::expr& target, const pattern::expr& map) {
  text_ += "\nSET " + target.text() + " += " + map.text();
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::set_kind(std::string variable, std::string kind) {
  text_ += "\nSET " + pattern::quote_name(variable) + ":" + pattern::quote_name(kind);
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::remove(const pattern::expr& property) {
  text_ += "\nREMOVE " + property.text();
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::delete_(std::vector<pattern::expr> targets) {
  std::string t;
  for (std::size_t i = 0; i < targets.size(); ++i) t += (i ? ", " : "") + targets[i].text();
  text_ += "\nDELETE " + t;
  open_projection_ = false;
  return *this;
}
query_builder& query_builder::detach_delete(std::vector<pattern::expr> targets) {
  delete_(std::move(targets));
  text_.insert(text_.rfind("\nDELETE ") + 1, "DETACH ");
  return *this;
}
std::string query_builder::text() const { return text_; }
result_set query_builder::run(const graph& g, const query_options& opts) const {
  return query(g, std::string_view(text_), opts);
}
result_set query_builder::run(graph& g, const query_options& opts) const {
  return query(g, std::string_view(text_), opts);
}

}  // namespace entente

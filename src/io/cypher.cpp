// openCypher export: a script of CREATE clauses that rebuilds the graph.

#include <entente/io/cypher.hpp>

#include "io/atomic_file.hpp"
#include "io/export_text.hpp"
#include "io/json_text.hpp"
#include "io/text_sink.hpp"

#include <entente/io/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace entente::io {
namespace {

// ---- what the script cannot say ----------------------------------------------------------

/// Keys a CREATE reads as an entity's or a relation's own fields rather than as attributes.
constexpr std::string_view entity_fields[] = {"id", "name", "kind", "aliases", "external_ids"};
constexpr std::string_view relation_fields[] = {"evidence", "since", "until", "sources"};

template <std::size_t N>
bool is_one_of(std::string_view key, const std::string_view (&keys)[N]) {
  for (auto k : keys)
    if (k == key) return true;
  return false;
}

std::string describe_relation(const graph& g, relation_index r) {
  return fmt::format("relation {} ({} -[{}]-> {})", r, g.entity(g.from(r)).id(),
                     g.schema().relation_type_at(g.type(r)).name, g.entity(g.to(r)).id());
}

/// Checks that the script can say everything `g` holds, and throws io_error, prefixed by
/// `prefix`, naming the first thing it cannot. Runs before any text is written, so a refused
/// save leaves no file.
class checker {
 public:
  checker(const graph& g, std::string prefix) : g_(g), prefix_(std::move(prefix)) {}

  void check_all() {
    if (!g_.sources().empty() && g_.schema().find_kind("Source"))
      refuse(
          fmt::format("the schema has a kind named '{}', so CREATE (:Source {{...}}) would "
                      "make an entity and the sources could not be declared",
                      g_.schema().kind_at(*g_.schema().find_kind("Source")).name));
    for (const auto& s : g_.sources())
      for (const auto* text : {&s.id, &s.title, &s.publisher, &s.url})
        utf8(*text, [&] { return fmt::format("source '{}'", s.id); });
    for (entity_index e = 0; e < g_.num_entities(); ++e) check_entity(e);
    for (relation_index r = 0; r < g_.num_relations(); ++r) check_relation(r);
  }

 private:
  [[noreturn]] void refuse(const std::string& what) const { throw io_error(prefix_ + what); }

  template <class Where>
  void utf8(std::string_view text, Where where) const {
    for (std::size_t i = 0; i < text.size();) {
      const auto ch = detail::decode_utf8(text, i);
      if (ch.size == 0)
        refuse(fmt::format("{} holds text that is not UTF-8 ({}), which a query cannot hold",
                           where(), detail::json_quote(text)));
      i += ch.size;
    }
  }

  template <class Where>
  void attributes(const entente::attributes& attrs, Where where, bool of_entity) const {
    for (const auto& [key, v] : attrs) {
      utf8(key, where);
      if (key.empty()) refuse(fmt::format("{} has an attribute with an empty name", where()));
      if (of_entity ? is_one_of(key, entity_fields) : is_one_of(key, relation_fields))
        refuse(fmt::format("{} has an attribute '{}', which a CREATE reads as the {}'s own '{}'",
                           where(), key, of_entity ? "entity" : "relation", key));
      if (std::holds_alternative<std::monostate>(v))
        refuse(fmt::format("{} has attribute '{}' set to null, which a CREATE does not store",
                           where(), key));
      if (const auto* s = std::get_if<std::string>(&v)) utf8(*s, where);
      if (const auto* items = std::get_if<value_list>(&v))
        for (const auto& item : *items)
          if (const auto* s = std::get_if<std::string>(&item)) utf8(*s, where);
    }
  }

  void check_entity(entity_index e) const {
    const auto x = g_.entity(e);
    const std::string id(x.id());
    auto where = [&] { return fmt::format("entity '{}'", id); };
    utf8(x.id(), [&] { return fmt::format("entity number {}", e); });
    utf8(x.name(), where);
    utf8(x.kind_name(), where);
    for (auto alias : x.aliases()) utf8(alias, where);
    const auto& ids = x.external_ids();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      utf8(ids[i].first, where);
      utf8(ids[i].second, where);
      if (ids[i].first.empty())
        refuse(fmt::format("{} has an external id with an empty system name", where()));
      for (std::size_t j = 0; j < i; ++j)
        if (ids[j].first == ids[i].first)
          refuse(fmt::format("{} has two external ids of system '{}', which one map cannot hold",
                             where(), ids[i].first));
    }
    attributes(x.attributes(), where, true);
  }

  void check_relation(relation_index r) const {
    auto where = [&] { return describe_relation(g_, r); };
    const auto& s = g_.schema();
    if (auto why =
            s.violation(g_.type(r), g_.entity(g_.from(r)).kind(), g_.entity(g_.to(r)).kind()))
      refuse(fmt::format("{} breaks {} (kept by a lenient graph; a CREATE refuses it)", where(),
                         *why));
    const interval& valid = g_.valid(r);
    if (valid.since.is_set() && valid.until.is_set() &&
        valid.until.last_day() < valid.since.first_day())
      refuse(fmt::format("{} has 'until' {} before 'since' {}, which a CREATE refuses", where(),
                         valid.until.to_string(), valid.since.to_string()));
    for (const auto& c : g_.citations(r)) {
      if (c.span)
        refuse(
            fmt::format("{} cites '{}' with a text span [{}, {}), which Cypher cannot write "
                        "(a source map holds only 'id' and 'quote')",
                        where(), g_.source_at(c.source).id, c.span->begin, c.span->end));
      utf8(c.quote, where);
    }
    attributes(g_.relation_attributes(r), where, false);
  }

  const graph& g_;
  std::string prefix_;
};

// ---- Cypher text -----------------------------------------------------------------------------

/// A name between backquotes, a backquote in it doubled.
std::string backquoted(std::string_view s) {
  std::string out = "`";
  for (char c : s) out += c == '`' ? std::string_view("``") : std::string_view(&c, 1);
  return out + '`';
}

/// A label, relation type or property key: reserved words need no backquotes there.
std::string schema_name(std::string_view s) {
  return detail::is_identifier(s) ? std::string(s) : backquoted(s);
}

/// A string literal in double quotes, with the escapes the lexer reads back.
void append_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f')
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        else
          out += c;
    }
  }
  out += '"';
}

/// A real as a literal that reads back as the same double. Cypher has no literal for NaN or the
/// infinities, but a float division makes them.
std::string real_literal(double x) {
  if (std::isnan(x)) return "0.0 / 0.0";
  if (std::isinf(x)) return x > 0 ? "1.0 / 0.0" : "-1.0 / 0.0";
  std::string out = fmt::format("{}", x);
  if (out.find_first_of(".e") == std::string::npos) out += ".0";  // 3.0, not the integer 3
  return out;
}

void append_value(std::string& out, const value& v) {
  std::visit(
      [&out](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>) {
          out += x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          out += std::to_string(x);  // the lexer folds -9223372036854775808 too
        } else if constexpr (std::is_same_v<T, double>) {
          out += real_literal(x);
        } else if constexpr (std::is_same_v<T, date>) {
          out += "{date: ";
          append_string(out, x.to_string());
          out += '}';
        } else if constexpr (std::is_same_v<T, std::string>) {
          append_string(out, x);
        } else if constexpr (std::is_same_v<T, value_list>) {
          out += '[';
          for (std::size_t i = 0; i < x.size(); ++i) {
            if (i > 0) out += ", ";
            append_value(out, as_value(x[i]));
          }
          out += ']';
        }
      },
      v);
}

/// The properties of a map literal, `{key: value, ...}`, written one after another.
class property_map {
 public:
  /// `nested`: the map is a value (`key: {...}`), not a pattern's properties (`(n {...})`).
  explicit property_map(std::string& out, bool nested = false) : out_(out), nested_(nested) {}
  std::string& key(std::string_view k) {
    out_ += !first_ ? ", " : nested_ ? "{" : " {";
    first_ = false;
    out_ += schema_name(k);
    out_ += ": ";
    return out_;
  }
  void string(std::string_view k, std::string_view text) { append_string(key(k), text); }
  void close() {
    if (!first_) out_ += '}';
  }

 private:
  std::string& out_;
  bool nested_;
  bool first_ = true;
};

// ---- the plan: which clauses, where queries end ----------------------------------------------

enum class clause_kind { sources, entities, with_all, match, relations };

struct clause_plan {
  clause_kind kind;
  std::size_t begin = 0, end = 0;  ///< the sources, entities or relations it writes
  std::vector<entity_index> bind;  ///< for MATCH: the entities it finds by id
  bool ends_query = false;
};

/// Lays the graph out in clauses: sources, entities, then relations, each clause within the
/// parser's bound on node patterns; a new query when the clauses run out, which MATCHes the
/// entities its relations need, since variables do not outlive their query.
std::vector<clause_plan> plan_clauses(const graph& g, const cypher_options& opts) {
  std::vector<clause_plan> plan;
  std::size_t in_query = 0;
  bool after_write = false;
  std::vector<entity_index> bound_list;
  std::vector<char> bound(g.num_entities(), 0);
  auto end_query = [&] {
    plan.back().ends_query = true;
    in_query = 0;
    after_write = false;
    for (auto e : bound_list) bound[e] = 0;
    bound_list.clear();
  };
  auto room_for = [&](std::size_t clauses) {
    if (in_query + clauses > opts.clauses_per_query) end_query();
    in_query += clauses;
  };
  auto chunks = [](std::size_t n, std::size_t size, auto each) {
    for (std::size_t begin = 0; begin < n; begin += size) each(begin, std::min(n, begin + size));
  };
  chunks(g.sources().size(), opts.nodes_per_clause, [&](std::size_t b, std::size_t e) {
    room_for(1);
    plan.push_back({clause_kind::sources, b, e, {}, false});
    after_write = true;
  });
  chunks(g.num_entities(), opts.nodes_per_clause, [&](std::size_t b, std::size_t e) {
    room_for(1);
    plan.push_back({clause_kind::entities, b, e, {}, false});
    after_write = true;
    for (auto x = static_cast<entity_index>(b); x < e; ++x) {
      bound[x] = 1;
      bound_list.push_back(x);
    }
  });
  chunks(g.num_relations(), opts.nodes_per_clause / 2, [&](std::size_t b, std::size_t e) {
    auto unbound = [&] {
      std::vector<entity_index> out;
      for (auto r = static_cast<relation_index>(b); r < e; ++r)
        for (auto x : {g.from(r), g.to(r)})
          if (!bound[x]) {
            bound[x] = 1;  // once in the list; cleared below
            out.push_back(x);
          }
      for (auto x : out) bound[x] = 0;
      return out;
    };
    auto need = unbound();
    std::size_t clauses = 1 + (need.empty() ? 0 : after_write ? 2 : 1);
    if (in_query + clauses > opts.clauses_per_query) {
      end_query();
      need = unbound();
      clauses = need.empty() ? 1 : 2;
    }
    in_query += clauses;
    if (!need.empty()) {
      if (after_write) plan.push_back({clause_kind::with_all, 0, 0, {}, false});
      for (auto x : need) {
        bound[x] = 1;
        bound_list.push_back(x);
      }
      plan.push_back({clause_kind::match, 0, 0, std::move(need), false});
    }
    plan.push_back({clause_kind::relations, b, e, {}, false});
    after_write = true;
  });
  if (!plan.empty()) plan.back().ends_query = true;
  return plan;
}

// ---- writing ---------------------------------------------------------------------------------

/// Text going to a file or a string: queries follow one another, a blank line between them.
struct script_text {
  detail::text_sink& sink;
  std::string& text() { return sink.text(); }
  void pass_on() { sink.pass_on(); }
  void next_query() { sink.text() += '\n'; }
  void finish() {}
};

/// Text kept query by query.
struct query_list {
  std::vector<std::string> queries;
  std::string current;
  std::string& text() { return current; }
  void pass_on() {}
  void next_query() { queries.push_back(std::exchange(current, {})); }
  void finish() {
    if (!current.empty()) queries.push_back(std::exchange(current, {}));
  }
};

class script_writer {
 public:
  script_writer(const graph& g, const cypher_options& opts) : g_(g), opts_(opts) {
    variables_.reserve(g.num_entities());
    for (entity_index e = 0; e < g.num_entities(); ++e) variables_.push_back(variable_of(e));
  }

  template <class Out>
  void write(Out& out) {
    const auto plan = plan_clauses(g_, opts_);
    std::size_t queries = 0;
    for (const auto& c : plan) queries += c.ends_query ? 1 : 0;
    header(out.text(), std::max<std::size_t>(queries, 1));
    if (plan.empty()) out.text() += "RETURN 0 AS nothing;\n";  // a query needs a clause
    for (std::size_t i = 0; i < plan.size(); ++i) {
      const auto& c = plan[i];
      std::string& text = out.text();
      switch (c.kind) {
        case clause_kind::sources: sources(text, c); break;
        case clause_kind::entities: entities(out, c); break;
        case clause_kind::with_all: text += "WITH *\n"; break;
        case clause_kind::match: match(text, c); break;
        case clause_kind::relations: relations(out, c); break;
      }
      out.pass_on();
      if (c.ends_query) {
        out.text() += ";\n";
        if (i + 1 < plan.size()) out.next_query();
      }
    }
    out.finish();
  }

 private:
  /// The variable of an entity: its id, backquoted. An id with a control character (which
  /// would break the script's lines) is named by its number instead, kept clear of every id.
  std::string variable_of(entity_index e) const {
    const auto id = g_.entity(e).id();
    bool plain = true;
    for (char c : id) plain = plain && static_cast<unsigned char>(c) >= 0x20 && c != '\x7f';
    if (plain) return backquoted(id);
    std::string name = fmt::format("e{}", e);
    while (g_.find_id(name)) name += '_';
    return backquoted(name);
  }

  void header(std::string& text, std::size_t queries) const {
    auto count = [](std::size_t n, std::string_view one, std::string_view many) {
      return fmt::format("{} {}", n, n == 1 ? one : many);
    };
    text += fmt::format("// An entente graph as openCypher: {}, {} and {}.\n",
                        count(g_.sources().size(), "source", "sources"),
                        count(g_.num_entities(), "entity", "entities"),
                        count(g_.num_relations(), "relation", "relations"));
    if (g_.schema() == schema::geopolitics()) {
      text += "// Rebuild it in an empty graph:\n//   echo '{}' > EMPTY.kg.json\n";
    } else {
      // Cypher cannot declare a schema: the empty graph to start from carries it.
      text +=
          "// Its schema is not entente's default, and Cypher cannot declare one: rebuild it in\n"
          "// an empty graph with its schema, the next line (without the //) saved as "
          "EMPTY.kg.json:\n// ";
      text += write_json(graph(g_.schema()), -1);
      text += '\n';
    }
    if (queries == 1) {
      text += "//   entente query EMPTY.kg.json --write \"$(cat THIS.cypher)\"\n";
    } else {
      text += fmt::format(
          "// It takes {} queries (a query holds at most {} clauses), each ending with a line\n"
          "// `;`: run them in turn on the same graph.\n"
          "//   csplit -s -z -f part- THIS.cypher '/^;$/+1' '{{*}}'\n"
          "//   for q in part-*; do entente query EMPTY.kg.json --write \"$(cat \"$q\")\"; done\n",
          queries, opts_.clauses_per_query);
    }
  }

  /// Starts the `i`th part of a clause: the keyword, or a comma and the keyword's indent.
  static void part(std::string& text, std::string_view keyword, std::size_t i) {
    if (i == 0)
      text += keyword;
    else
      text.append(",\n").append(keyword.size(), ' ');
  }

  void sources(std::string& text, const clause_plan& c) const {
    for (std::size_t i = c.begin; i < c.end; ++i) {
      const auto& s = g_.sources()[i];
      part(text, "CREATE ", i - c.begin);
      text += "(:Source";
      property_map props(text);
      props.string("id", s.id);
      if (!s.title.empty()) props.string("title", s.title);
      if (!s.publisher.empty()) props.string("publisher", s.publisher);
      if (s.published.is_set()) props.string("published", s.published.to_string());
      if (!s.url.empty()) props.string("url", s.url);
      props.close();
      text += ')';
    }
    text += '\n';
  }

  template <class Out>
  void entities(Out& out, const clause_plan& c) const {
    for (auto e = static_cast<entity_index>(c.begin); e < c.end; ++e) {
      std::string& text = out.text();
      const auto x = g_.entity(e);
      part(text, "CREATE ", e - c.begin);
      text += '(';
      text += variables_[e];
      text += ':';
      text += schema_name(x.kind_name());
      property_map props(text);
      props.string("id", x.id());
      if (x.name() != x.id()) props.string("name", x.name());
      if (const auto aliases = x.aliases(); !aliases.empty()) {
        std::string& list = props.key("aliases");
        list += '[';
        for (std::size_t i = 0; i < aliases.size(); ++i) {
          if (i > 0) list += ", ";
          append_string(list, aliases[i]);
        }
        list += ']';
      }
      if (!x.external_ids().empty()) {
        std::string& map = props.key("external_ids");
        property_map ids(map, true);
        for (const auto& [system, id] : x.external_ids()) ids.string(system, id);
        ids.close();
      }
      for (const auto& [key, v] : x.attributes()) append_value(props.key(key), v);
      props.close();
      text += ')';
      out.pass_on();
    }
    out.text() += '\n';
  }

  void match(std::string& text, const clause_plan& c) const {
    for (std::size_t i = 0; i < c.bind.size(); ++i) {
      part(text, "MATCH ", i);
      text += '(';
      text += variables_[c.bind[i]];
      property_map props(text);
      props.string("id", g_.entity(c.bind[i]).id());
      props.close();
      text += ')';
    }
    text += '\n';
  }

  template <class Out>
  void relations(Out& out, const clause_plan& c) const {
    for (auto r = static_cast<relation_index>(c.begin); r < c.end; ++r) {
      std::string& text = out.text();
      part(text, "CREATE ", r - c.begin);
      text += '(';
      text += variables_[g_.from(r)];
      text += ")-[:";
      text += schema_name(g_.schema().relation_type_at(g_.type(r)).name);
      property_map props(text);
      if (g_.evidence(r) != evidence::reported) props.string("evidence", to_string(g_.evidence(r)));
      const interval& valid = g_.valid(r);
      if (valid.since.is_set()) props.string("since", valid.since.to_string());
      if (valid.until.is_set()) props.string("until", valid.until.to_string());
      if (const auto cites = g_.citations(r); !cites.empty()) {
        std::string& list = props.key("sources");
        list += '[';
        for (std::size_t i = 0; i < cites.size(); ++i) {
          if (i > 0) list += ", ";
          const auto& id = g_.source_at(cites[i].source).id;
          if (cites[i].quote.empty()) {
            append_string(list, id);
            continue;
          }
          list += "{id: ";
          append_string(list, id);
          list += ", quote: ";
          append_string(list, cites[i].quote);
          list += '}';
        }
        list += ']';
      }
      for (const auto& [key, v] : g_.relation_attributes(r)) append_value(props.key(key), v);
      props.close();
      text += "]->(";
      text += variables_[g_.to(r)];
      text += ')';
      out.pass_on();
    }
    out.text() += '\n';
  }

  const graph& g_;
  const cypher_options& opts_;
  std::vector<std::string> variables_;
};

void check_options(const cypher_options& opts) {
  if (opts.nodes_per_clause < 2 || opts.clauses_per_query < 3)
    throw error(fmt::format(
        "cypher_options: a clause needs room for 2 nodes and a query for 3 clauses, got {} and {}",
        opts.nodes_per_clause, opts.clauses_per_query));
}

}  // namespace

std::string write_cypher(const graph& g, const cypher_options& opts) {
  check_options(opts);
  checker(g, "cannot write the graph as Cypher: ").check_all();
  detail::text_sink sink;
  script_text out{sink};
  script_writer(g, opts).write(out);
  return sink.take();
}

std::vector<std::string> write_cypher_queries(const graph& g, const cypher_options& opts) {
  check_options(opts);
  checker(g, "cannot write the graph as Cypher: ").check_all();
  query_list out;
  script_writer(g, opts).write(out);
  return std::move(out.queries);
}

void save_cypher(const graph& g, const std::filesystem::path& file, const cypher_options& opts) {
  check_options(opts);
  checker(g, file.string() + ": cannot save as Cypher: ").check_all();
  detail::atomic_file out(file);
  detail::text_sink sink(out);
  script_text text{sink};
  script_writer(g, opts).write(text);
  sink.commit();
}

}  // namespace entente::io

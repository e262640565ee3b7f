// Printing a syntax tree back as Cypher text in its canonical form: parentheses only where
// precedence needs them (or around every operator, to show how a text was read), names
// backquoted only where needed, so that the text parses back to the tree.

#include <entente/query/parser.hpp>

#include "query/cypher_parser.hpp"
#include "query/lexer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace entente::cypher {
namespace {

using detail::is_reserved;

bool all_name_chars(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = detail::decode_utf8(s, i, cp);
    if (len == 0 || !detail::is_name_char(cp)) return false;
    i += len;
  }
  return true;
}

bool is_plain_name(std::string_view s) {
  char32_t first = 0;
  return !s.empty() && detail::decode_utf8(s, 0, first) != 0 && detail::is_name_start(first) &&
         all_name_chars(s);
}

std::string backquoted(std::string_view s) {
  std::string out = "`";
  for (char c : s) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

/// A label, type or key: reserved words need no quotes there.
std::string schema_name(std::string_view s) {
  return is_plain_name(s) ? std::string(s) : backquoted(s);
}

/// A variable, alias or function name.
std::string variable_name(std::string_view s) {
  return is_plain_name(s) && !is_reserved(s) ? std::string(s) : backquoted(s);
}

std::string quoted_string(std::string_view s) {
  std::string out = "\"";
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
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

/// The shortest text that reads back as the same double, always with a `.` or an exponent.
std::string decimal_text(double d) {
  std::string out = fmt::format("{}", d);
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
  return out;
}

/// How tightly the expression binds to its neighbours: the operator at its root.
int binding(const expression& e) {
  if (const auto* b = e.get_if<binary>()) return detail::binding_of(b->op);
  if (const auto* u = e.get_if<unary>()) {
    switch (u->op) {
      case unary_operator::negate:
      case unary_operator::plus: return detail::p_unary;
      case unary_operator::logical_not: return detail::p_not;
      case unary_operator::is_null:
      case unary_operator::is_not_null: return detail::p_predicate;
    }
  }
  if (e.get_if<label_test>()) return detail::p_label;
  if (e.get_if<property_access>() || e.get_if<subscript>() || e.get_if<slice>())
    return detail::p_postfix;
  return detail::p_atom;
}

class printer {
 public:
  explicit printer(parentheses style) : every_operator_(style == parentheses::every_operator) {}

  std::string out;

  void print(const query& q) {
    print(q.clauses);
    for (const auto& u : q.unions) {
      out += u.all ? " UNION ALL " : " UNION ";
      print(u.clauses);
    }
  }

  void print(const std::vector<clause>& clauses) {
    for (std::size_t i = 0; i < clauses.size(); ++i) {
      if (i > 0) out += ' ';
      std::visit([&](const auto& c) { print(c); }, clauses[i].node);
    }
  }

  void print(const match_clause& m) {
    out += m.optional ? "OPTIONAL MATCH " : "MATCH ";
    for (std::size_t i = 0; i < m.pattern.size(); ++i) {
      if (i > 0) out += ", ";
      print(m.pattern[i]);
    }
    where(m.where);
  }

  void print(const unwind_clause& u) {
    out += "UNWIND ";
    print(*u.list);
    out += " AS " + variable_name(u.alias.name);
  }

  void print(const with_clause& w) {
    out += "WITH ";
    items(w.body);
    if (w.where_before_order) where(w.where);
    order_skip_limit(w.body);
    if (!w.where_before_order) where(w.where);
  }

  void print(const return_clause& r) {
    out += "RETURN ";
    items(r.body);
    order_skip_limit(r.body);
  }

  void print(const create_clause& c) {
    out += "CREATE ";
    for (std::size_t i = 0; i < c.pattern.size(); ++i) {
      if (i > 0) out += ", ";
      print(c.pattern[i]);
    }
  }

  void print(const merge_clause& m) {
    out += "MERGE ";
    print(m.pattern);
    if (!m.on_create.empty()) {
      out += " ON CREATE SET ";
      set_items(m.on_create);
    }
    if (!m.on_match.empty()) {
      out += " ON MATCH SET ";
      set_items(m.on_match);
    }
  }

  void print(const set_clause& c) {
    out += "SET ";
    set_items(c.items);
  }

  void print(const remove_clause& c) {
    out += "REMOVE ";
    for (std::size_t i = 0; i < c.items.size(); ++i) {
      if (i > 0) out += ", ";
      print(*c.items[i].target);
      for (const auto& label : c.items[i].labels) out += ':' + schema_name(label.name);
    }
  }

  void print(const delete_clause& d) {
    out += d.detach ? "DETACH DELETE " : "DELETE ";
    for (std::size_t i = 0; i < d.targets.size(); ++i) {
      if (i > 0) out += ", ";
      print(*d.targets[i]);
    }
  }

  void print(const pattern_part& p) {
    if (p.path_variable) out += variable_name(p.path_variable->name) + " = ";
    if (p.function == path_function::shortest_path) out += "shortestPath(";
    if (p.function == path_function::all_shortest_paths) out += "allShortestPaths(";
    print(p.start);
    for (const auto& step : p.steps) {
      print(step.relationship);
      print(step.node);
    }
    if (p.function != path_function::none) out += ')';
  }

  void print(const node_pattern& n) {
    out += '(';
    if (n.variable) out += variable_name(n.variable->name);
    for (const auto& label : n.labels) out += ':' + schema_name(label.name);
    if (n.properties) {
      if (n.variable || !n.labels.empty()) out += ' ';
      print(*n.properties);
    }
    out += ')';
  }

  void print(const relationship_pattern& r) {
    out += r.direction == relationship_direction::incoming ? "<-" : "-";
    if (r.variable || !r.types.empty() || r.hops || r.properties) {
      out += '[';
      if (r.variable) out += variable_name(r.variable->name);
      for (std::size_t i = 0; i < r.types.size(); ++i)
        out += (i == 0 ? ":" : "|") + schema_name(r.types[i].name);
      if (r.hops) {
        out += '*';
        const hop_range& h = *r.hops;
        if (h.min && h.max && *h.min == *h.max) {
          out += std::to_string(*h.min);
        } else if (h.min || h.max) {
          if (h.min) out += std::to_string(*h.min);
          out += "..";
          if (h.max) out += std::to_string(*h.max);
        }
      }
      if (r.properties) {
        if (r.variable || !r.types.empty() || r.hops) out += ' ';
        print(*r.properties);
      }
      out += ']';
    }
    out += r.direction == relationship_direction::outgoing ? "->" : "-";
  }

  /// `e` where an operand binding at least as tightly as `need` may stand unparenthesised.
  void print(const expression& e, int need = 0) {
    bool is_operator = e.get_if<binary>() || e.get_if<unary>();
    bool wrap = every_operator_ ? is_operator : binding(e) < need;
    if (wrap) out += '(';
    std::visit([&](const auto& n) { node(n); }, e.node);
    if (wrap) out += ')';
  }

 private:
  bool every_operator_;

  void set_items(const std::vector<set_item>& items) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      const set_item& item = items[i];
      print(*item.target);
      switch (item.operation) {
        case set_operation::labels:
          for (const auto& label : item.labels) out += ':' + schema_name(label.name);
          continue;
        case set_operation::add_all: out += " += "; break;
        case set_operation::property:
        case set_operation::replace_all: out += " = "; break;
      }
      print(*item.value);
    }
  }

  void where(const expression_ptr& condition) {
    if (!condition) return;
    out += " WHERE ";
    print(*condition);
  }

  void items(const projection& p) {
    if (p.distinct) out += "DISTINCT ";
    if (p.star) out += p.items.empty() ? "*" : "*, ";
    for (std::size_t i = 0; i < p.items.size(); ++i) {
      if (i > 0) out += ", ";
      print(*p.items[i].value);
      if (p.items[i].alias) out += " AS " + variable_name(p.items[i].alias->name);
    }
  }

  void order_skip_limit(const projection& p) {
    for (std::size_t i = 0; i < p.order_by.size(); ++i) {
      out += i == 0 ? " ORDER BY " : ", ";
      print(*p.order_by[i].key);
      if (p.order_by[i].descending) out += " DESC";
    }
    if (p.skip) {
      out += " SKIP ";
      print(*p.skip);
    }
    if (p.limit) {
      out += " LIMIT ";
      print(*p.limit);
    }
  }

  /// The subject of `.key`, `[i]` or `:Label`; a negative number needs parentheses there,
  /// since `-1.x` reads as `-(1.x)`.
  void subject(const expression& e) {
    const auto* lit = e.get_if<literal>();
    bool negative = lit && ((std::holds_alternative<std::int64_t>(lit->value) &&
                             std::get<std::int64_t>(lit->value) < 0) ||
                            (std::holds_alternative<double>(lit->value) &&
                             std::signbit(std::get<double>(lit->value))));
    if (negative) out += '(';
    print(e, detail::p_postfix);
    if (negative) out += ')';
  }

  void node(const literal& l) {
    std::visit(
        [&](const auto& v) {
          using value_type = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<value_type, std::nullptr_t>) {
            out += "null";
          } else if constexpr (std::is_same_v<value_type, bool>) {
            out += v ? "true" : "false";
          } else if constexpr (std::is_same_v<value_type, std::int64_t>) {
            out += std::to_string(v);
          } else if constexpr (std::is_same_v<value_type, double>) {
            out += decimal_text(v);
          } else {
            out += quoted_string(v);
          }
        },
        l.value);
  }
  void node(const parameter& p) {
    out += '$';
    out += !p.name.empty() && all_name_chars(p.name) ? p.name : backquoted(p.name);
  }
  void node(const variable& v) { out += variable_name(v.name); }
  void node(const property_access& p) {
    subject(*p.subject);
    out += '.' + schema_name(p.key.name);
  }
  void node(const subscript& s) {
    subject(*s.subject);
    out += '[';
    print(*s.index);
    out += ']';
  }
  void node(const slice& s) {
    subject(*s.subject);
    out += '[';
    if (s.from) print(*s.from);
    out += "..";
    if (s.to) print(*s.to);
    out += ']';
  }
  void node(const label_test& t) {
    subject(*t.subject);
    for (const auto& label : t.labels) out += ':' + schema_name(label.name);
  }
  void node(const list_literal& l) {
    out += '[';
    for (std::size_t i = 0; i < l.items.size(); ++i) {
      if (i > 0) out += ", ";
      print(*l.items[i]);
    }
    out += ']';
  }
  void node(const map_literal& m) {
    out += '{';
    for (std::size_t i = 0; i < m.entries.size(); ++i) {
      if (i > 0) out += ", ";
      out += schema_name(m.entries[i].key.name) + ": ";
      print(*m.entries[i].value);
    }
    out += '}';
  }
  void node(const function_call& f) {
    // `date.truncate`, a function in a namespace, unquoted when both its parts are plain names.
    auto dot = f.name.name.find('.');
    auto plain = [](std::string_view part) { return variable_name(part) == part; };
    if (dot != std::string::npos && plain(std::string_view(f.name.name).substr(0, dot)) &&
        plain(std::string_view(f.name.name).substr(dot + 1)))
      out += f.name.name + '(';
    else
      out += variable_name(f.name.name) + '(';
    if (f.distinct) out += "DISTINCT ";
    if (f.star) out += '*';
    for (std::size_t i = 0; i < f.arguments.size(); ++i) {
      if (i > 0) out += ", ";
      print(*f.arguments[i]);
    }
    out += ')';
  }
  void node(const unary& u) {
    if (u.op == unary_operator::is_null || u.op == unary_operator::is_not_null) {
      print(*u.operand, detail::p_predicate);  // left-associative: `a IN b IS NULL`
      out += ' ';
      out += spelling(u.op);
      return;
    }
    bool logical = u.op == unary_operator::logical_not;
    out += logical ? "NOT " : spelling(u.op);
    print(*u.operand, logical ? detail::p_not : detail::p_unary);
  }
  void node(const binary& b) {
    int own = detail::binding_of(b.op);
    // Left-associative, except that comparisons do not chain: `(a < b) = c` keeps its parentheses.
    print(*b.lhs, own == detail::p_comparison ? own + 1 : own);
    out += ' ';
    out += spelling(b.op);
    out += ' ';
    print(*b.rhs, own + 1);
  }
  void node(const list_comprehension& c) {
    out += '[' + variable_name(c.variable.name) + " IN ";
    print(*c.list);
    where(c.where);
    if (c.result) {
      out += " | ";
      print(*c.result);
    }
    out += ']';
  }
  void node(const quantifier& q) {
    out += std::string(spelling(q.kind)) + '(' + variable_name(q.variable.name) + " IN ";
    print(*q.list);
    where(q.where);
    out += ')';
  }
  void node(const pattern_predicate& p) { print(p.pattern); }
  void node(const exists_subquery& q) {
    out += "EXISTS { ";
    if (q.body) {
      for (std::size_t i = 0; i < q.body->clauses.size(); ++i) {
        if (i > 0) out += ' ';
        std::visit([&](const auto& c) { print(c); }, q.body->clauses[i].node);
      }
    } else {
      out += "MATCH ";
      for (std::size_t i = 0; i < q.pattern.size(); ++i) {
        if (i > 0) out += ", ";
        print(q.pattern[i]);
      }
      where(q.where);
    }
    out += " }";
  }
  void node(const pattern_comprehension& c) {
    out += '[';
    print(c.pattern);
    where(c.where);
    out += " | ";
    print(*c.result);
    out += ']';
  }
  void node(const case_expression& c) {
    out += "CASE";
    if (c.subject) {
      out += ' ';
      print(*c.subject);
    }
    for (const auto& alt : c.alternatives) {
      out += " WHEN ";
      print(*alt.when);
      out += " THEN ";
      print(*alt.then);
    }
    if (c.otherwise) {
      out += " ELSE ";
      print(*c.otherwise);
    }
    out += " END";
  }
};

}  // namespace

std::string to_string(const query& q, parentheses style) {
  printer p(style);
  p.print(q);
  return std::move(p.out);
}

std::string to_string(const expression& e, parentheses style) {
  printer p(style);
  p.print(e);
  return std::move(p.out);
}

std::string to_string(const pattern_part& part, parentheses style) {
  printer p(style);
  p.print(part);
  return std::move(p.out);
}

}  // namespace entente::cypher

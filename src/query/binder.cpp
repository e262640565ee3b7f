// The binder: resolves names against the graph and the scope, and compiles each kind of
// expression (but function calls, in functions.cpp) into an evaluator.

#include "query/binder.hpp"
#include "query/static_checks.hpp"
#include "query/temporal.hpp"
#include "query/values.hpp"

#include <entente/schema.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <variant>

namespace entente::detail::query {

// The variables an expression reads. A comprehension's own variable is not read from outside.
void variables_of(const expression& e, std::vector<std::string>& out) {
  if (const auto* v = e.get_if<cypher::variable>()) out.push_back(v->name);
  pattern_expression_variables(e, out);
  const cypher::identifier* own = nullptr;
  const expression* list = nullptr;
  if (const auto* c = e.get_if<cypher::list_comprehension>()) {
    own = &c->variable;
    list = c->list.get();
  } else if (const auto* q = e.get_if<cypher::quantifier>()) {
    own = &q->variable;
    list = q->list.get();
  }
  if (!own) {
    cypher::for_each_child(e, [&](const expression& child) { variables_of(child, out); });
    return;
  }
  variables_of(*list, out);
  std::vector<std::string> inner;
  cypher::for_each_child(e, [&](const expression& child) {
    if (&child != list) variables_of(child, inner);
  });
  for (auto& name : inner)
    if (name != own->name) out.push_back(std::move(name));
}

evaluator binder::compile(const expression& e, const scope& s) {
  return std::visit([&](const auto& n) { return compile_node(n, e, s); }, e.node);
}

kind_id binder::label(const cypher::identifier& id) const {
  if (auto k = g_.schema().find_kind(id.name)) return *k;
  // An open schema has not met the kind yet: no entity has it, as in Neo4j.
  if (g_.schema().is_open()) return std::numeric_limits<kind_id>::max();
  fail(id.position, fmt::format("unknown label ':{}'", id.name),
       schema::closest(id.name, g_.schema().kind_names()));
}

std::vector<std::uint8_t> binder::step_ways(const std::vector<cypher::identifier>& types) const {
  const auto& s = g_.schema();
  if (types.empty()) return s.every_step_way();
  std::vector<std::uint8_t> ways(s.num_relation_types(), 0);
  for (const auto& id : types)
    if (!s.add_step_ways(id.name, ways) && !s.is_open())  // open: a type not met yet
      fail(id.position, fmt::format("unknown relation type ':{}'", id.name),
           schema::closest(id.name, s.step_names()));
  return ways;
}

void binder::check_key(const cypher::identifier& key, var_kind kind) {
  if (kind != var_kind::node && kind != var_kind::relation) return;
  if (every_key_known_) return;
  auto builtin = [&](auto& keys) {
    return std::find(std::begin(keys), std::end(keys), key.name) != std::end(keys);
  };
  if (builtin(entity_keys) || builtin(relation_keys) || written_keys_.count(key.name)) return;
  const auto& known = attribute_keys();
  if (known.count(key.name)) return;
  std::vector<std::string> candidates(std::begin(entity_keys), std::end(entity_keys));
  candidates.insert(candidates.end(), std::begin(relation_keys), std::end(relation_keys));
  candidates.insert(candidates.end(), known.begin(), known.end());
  // openCypher reads a missing property as null; the query runs, and says what it probably meant.
  auto suggestions = schema::closest(key.name, candidates);
  std::string message = fmt::format(
      "unknown property '{}': nothing in the graph has it, so it reads as null", key.name);
  warnings.emplace_back(cypher::name_error(q_.text, key.position, message, suggestions).what());
}

const std::set<std::string>& binder::attribute_keys() {
  if (!attribute_keys_) {
    attribute_keys_.emplace();
    for (entity_index e = 0; e < g_.num_entities(); ++e)
      for (const auto& [k, v] : g_.entity(e).attributes()) attribute_keys_->insert(k);
    for (relation_index r = 0; r < g_.num_relations(); ++r)
      for (const auto& [k, v] : g_.relation_attributes(r)) attribute_keys_->insert(k);
  }
  return *attribute_keys_;
}

evaluator binder::compile_node(const cypher::literal& n, const expression&, const scope&) {
  query_value v = std::visit([](const auto& x) -> query_value { return x; }, n.value);
  return [v](const row&, context&) { return v; };
}

evaluator binder::compile_node(const cypher::parameter& n, const expression& e, const scope&) {
  if (std::none_of(parameters.begin(), parameters.end(),
                   [&](const auto& p) { return p.first == n.name; }))
    parameters.emplace_back(n.name, e.position);
  auto name = n.name;
  return [name](const row&, context& ctx) -> query_value {
    auto it = ctx.opts.parameters.find(name);
    return it == ctx.opts.parameters.end() ? query_value() : it->second;
  };
}

evaluator binder::compile_node(const cypher::variable& n, const expression& e, const scope& s) {
  const auto* info = s.find(n.name);
  if (!info)
    fail(e.position, fmt::format("variable '{}' is not defined", n.name),
         schema::closest(n.name, s.names()));
  auto slot = info->slot;
  return [slot](const row& r, context&) { return r[slot]; };
}

evaluator binder::compile_node(const cypher::property_access& n, const expression&,
                               const scope& s) {
  if (const auto* v = n.subject->get_if<cypher::variable>())
    if (const auto* info = s.peek(v->name)) check_key(n.key, info->kind);
  auto key = n.key.name;
  auto at = n.key.position;
  const auto* text = &q_.text;
  auto read = [key, at, text](const query_value& v) -> query_value {
    if (v.is_null()) return nullptr;
    if (v.is_entity()) return entity_property(v.as_entity(), key);
    if (v.is_relation()) return relation_property(v.as_relation(), key);
    if (v.is_map()) {
      const auto* found = v.find(key);
      return found ? *found : query_value();
    }
    if (v.is_temporal()) {
      if (auto component = temporal_property(v, key)) return *component;
      throw cypher::name_error(
          *text, at, fmt::format("{} {} has no component '{}'", v.type_name(), to_string(v), key),
          schema::closest(key, temporal_property_names(v)));
    }
    throw cypher::syntax_error(
        *text, at,
        fmt::format("cannot read property '{}' of {} {}", key, v.type_name(), to_string(v)));
  };
  // `row.from` of a variable reads the row in place: copying a map to read one key of it is
  // most of the work of an UNWIND of maps.
  if (const auto* v = n.subject->get_if<cypher::variable>())
    if (const auto* info = s.peek(v->name)) {
      auto slot = info->slot;
      if (auto item = info->item)
        return [slot, item, read](const row& r, context& ctx) {
          return read(item->read_whole ? r[slot] : ctx.unwound_item(item->unwind, r[slot]));
        };
      return [slot, read](const row& r, context&) { return read(r[slot]); };
    }
  auto subject = compile(*n.subject, s);
  return [subject, read](const row& r, context& ctx) { return read(subject(r, ctx)); };
}

evaluator binder::compile_node(const cypher::subscript& n, const expression&, const scope& s) {
  auto subject = compile(*n.subject, s);
  auto index = compile(*n.index, s);
  return [subject, index](const row& r, context& ctx) -> query_value {
    auto v = subject(r, ctx);
    auto i = index(r, ctx);
    if (v.is_null() || i.is_null()) return nullptr;
    if (v.is_list() && i.is_int()) {
      const auto& l = v.as_list();
      auto k = i.as_int() < 0 ? i.as_int() + static_cast<std::int64_t>(l.size()) : i.as_int();
      if (k < 0 || k >= static_cast<std::int64_t>(l.size())) return nullptr;
      return l[static_cast<std::size_t>(k)];
    }
    if (i.is_string()) {
      if (v.is_map()) {
        const auto* found = v.find(i.as_string());
        return found ? *found : query_value();
      }
      if (v.is_entity()) return entity_property(v.as_entity(), i.as_string());
      if (v.is_relation()) return relation_property(v.as_relation(), i.as_string());
      if (v.is_temporal())
        if (auto component = temporal_property(v, i.as_string())) return *component;
    }
    throw error(fmt::format("cannot index {} with {}", v.type_name(), i.type_name()));
  };
}

evaluator binder::compile_node(const cypher::slice& n, const expression&, const scope& s) {
  auto subject = compile(*n.subject, s);
  evaluator from = n.from ? compile(*n.from, s) : evaluator();
  evaluator to = n.to ? compile(*n.to, s) : evaluator();
  return [subject, from, to](const row& r, context& ctx) -> query_value {
    auto v = subject(r, ctx);
    if (v.is_null()) return nullptr;
    if (!v.is_list()) throw error(fmt::format("cannot slice {}", v.type_name()));
    const auto& l = v.as_list();
    auto size = static_cast<std::int64_t>(l.size());
    auto bound = [&](const evaluator& ev, std::int64_t fallback) -> std::optional<std::int64_t> {
      if (!ev) return fallback;
      auto b = ev(r, ctx);
      if (b.is_null()) return std::nullopt;
      auto k = b.as_int();
      if (k < 0) k += size;
      return std::clamp<std::int64_t>(k, 0, size);
    };
    auto lo = bound(from, 0), hi = bound(to, size);
    if (!lo || !hi) return nullptr;
    if (*lo >= *hi) return query_value::list{};
    return query_value::list(l.begin() + *lo, l.begin() + *hi);
  };
}

evaluator binder::compile_node(const cypher::label_test& n, const expression&, const scope& s) {
  auto subject = compile(*n.subject, s);
  // On an entity a label is a kind (with its subkinds); on a relation, `r:T` tests its type.
  // A name that is neither fails here, naming the closest kinds.
  const auto& schema = g_.schema();
  std::vector<kind_id> kinds;
  bool every_kind = true;
  std::vector<std::optional<relation_type_id>> types;
  for (const auto& l : n.labels) {
    auto k = schema.find_kind(l.name);
    auto t = schema.find_relation_type(l.name);
    if (!k && !t) (void)label(l);  // throws, unless an open schema has not met the name
    if (k)
      kinds.push_back(*k);
    else
      every_kind = false;
    types.push_back(t);
  }
  return [subject, kinds, every_kind, types](const row& r, context& ctx) -> query_value {
    auto v = subject(r, ctx);
    if (v.is_null()) return nullptr;
    if (v.is_entity()) return every_kind && kind_matches(ctx.g, v.as_entity().kind(), kinds);
    if (!v.is_relation()) return false;
    auto type = v.as_relation().type();
    return std::all_of(types.begin(), types.end(), [&](const auto& t) { return t == type; });
  };
}

evaluator binder::compile_node(const cypher::list_literal& n, const expression&, const scope& s) {
  std::vector<evaluator> items;
  for (const auto& item : n.items) items.push_back(compile(*item, s));
  return [items](const row& r, context& ctx) -> query_value {
    query_value::list out;
    out.reserve(items.size());
    for (const auto& item : items) out.push_back(item(r, ctx));
    return out;
  };
}

evaluator binder::compile_node(const cypher::map_literal& n, const expression&, const scope& s) {
  std::vector<std::pair<std::string, evaluator>> entries;
  for (const auto& entry : n.entries)
    entries.emplace_back(entry.key.name, compile(*entry.value, s));
  return [entries](const row& r, context& ctx) -> query_value {
    query_value::map out;
    for (const auto& [k, v] : entries) out.emplace_back(k, v(r, ctx));
    return out;
  };
}

evaluator binder::compile_node(const cypher::unary& n, const expression&, const scope& s) {
  if (n.op == cypher::unary_operator::logical_not) check_boolean_operand(*this, *n.operand, "NOT");
  auto operand = compile(*n.operand, s);
  switch (n.op) {
    case cypher::unary_operator::negate:
      return [operand](const row& r, context& ctx) -> query_value {
        auto v = operand(r, ctx);
        if (v.is_null()) return nullptr;
        if (v.is_int()) {
          if (v.as_int() == std::numeric_limits<std::int64_t>::min())
            throw error("integer overflow");
          return -v.as_int();
        }
        if (v.is_float()) return -v.as<double>();
        if (v.is_duration()) return negate(v.as<temporal::duration>());
        throw error(fmt::format("cannot negate {} {}", v.type_name(), to_string(v)));
      };
    case cypher::unary_operator::plus: return operand;
    case cypher::unary_operator::logical_not:
      return [operand](const row& r, context& ctx) -> query_value {
        auto t = truth(operand(r, ctx));
        return t ? query_value(!*t) : query_value();
      };
    case cypher::unary_operator::is_null:
      return [operand](const row& r, context& ctx) -> query_value {
        return operand(r, ctx).is_null();
      };
    case cypher::unary_operator::is_not_null:
      return [operand](const row& r, context& ctx) -> query_value {
        return !operand(r, ctx).is_null();
      };
  }
  return operand;
}

evaluator binder::compile_node(const cypher::case_expression& n, const expression&,
                               const scope& s) {
  evaluator subject = n.subject ? compile(*n.subject, s) : evaluator();
  std::vector<std::pair<evaluator, evaluator>> alternatives;
  for (const auto& alt : n.alternatives)
    alternatives.emplace_back(compile(*alt.when, s), compile(*alt.then, s));
  evaluator otherwise = n.otherwise ? compile(*n.otherwise, s) : evaluator();
  return [subject, alternatives, otherwise](const row& r, context& ctx) -> query_value {
    std::optional<query_value> value;
    if (subject) value = subject(r, ctx);
    for (const auto& [when, then] : alternatives) {
      auto w = when(r, ctx);
      bool hit = value ? equals(*value, w) == true : (w.is_bool() && w.as_bool());
      if (hit) return then(r, ctx);
    }
    return otherwise ? otherwise(r, ctx) : query_value();
  };
}

namespace {

query_value arithmetic(cypher::binary_operator op, const query_value& a, const query_value& b) {
  using bop = cypher::binary_operator;
  if (a.is_null() || b.is_null()) return nullptr;
  if (op == bop::add || op == bop::subtract || op == bop::multiply || op == bop::divide)
    if (auto t = temporal_arithmetic(spelling(op)[0], a, b)) return *t;
  if (op == bop::add) {
    if (a.is_string() && b.is_string()) return a.as_string() + b.as_string();
    if (a.is_list() || b.is_list()) {
      query_value::list out = a.is_list() ? a.as_list() : query_value::list{a};
      if (b.is_list())
        out.insert(out.end(), b.as_list().begin(), b.as_list().end());
      else
        out.push_back(b);
      return out;
    }
    if (a.is_string() && b.is_number()) return a.as_string() + to_string(b);
    if (a.is_number() && b.is_string()) return to_string(a) + b.as_string();
  }
  if (!a.is_number() || !b.is_number())
    throw error(fmt::format("cannot apply {} to {} {} and {} {}", spelling(op), a.type_name(),
                            to_string(a), b.type_name(), to_string(b)));
  if (op == bop::power) return std::pow(a.as_number(), b.as_number());
  if (a.is_int() && b.is_int()) {
    std::int64_t x = a.as_int(), y = b.as_int(), out = 0;
    switch (op) {
      case bop::add:
        if (__builtin_add_overflow(x, y, &out)) throw error("integer overflow");
        return out;
      case bop::subtract:
        if (__builtin_sub_overflow(x, y, &out)) throw error("integer overflow");
        return out;
      case bop::multiply:
        if (__builtin_mul_overflow(x, y, &out)) throw error("integer overflow");
        return out;
      case bop::divide:
      case bop::modulo:
        if (y == 0) throw error("division by zero");
        if (x == std::numeric_limits<std::int64_t>::min() && y == -1)
          throw error("integer overflow");
        return op == bop::divide ? x / y : x % y;
      default: break;
    }
  }
  double x = a.as_number(), y = b.as_number();
  switch (op) {
    case bop::add: return x + y;
    case bop::subtract: return x - y;
    case bop::multiply: return x * y;
    case bop::divide: return x / y;
    case bop::modulo: return std::fmod(x, y);
    default: break;
  }
  return nullptr;
}

}  // namespace

evaluator binder::compile_node(const cypher::binary& n, const expression&, const scope& s) {
  using bop = cypher::binary_operator;
  if (n.op == bop::logical_and || n.op == bop::logical_or || n.op == bop::logical_xor) {
    std::string_view name = n.op == bop::logical_and  ? "AND"
                            : n.op == bop::logical_or ? "OR"
                                                      : "XOR";
    check_boolean_operand(*this, *n.lhs, name);
    check_boolean_operand(*this, *n.rhs, name);
  }
  auto lhs = compile(*n.lhs, s);
  auto rhs = compile(*n.rhs, s);
  auto op = n.op;
  switch (op) {
    case bop::logical_and:
      return [lhs, rhs](const row& r, context& ctx) -> query_value {
        auto a = truth(lhs(r, ctx));
        if (a == false) return false;
        auto b = truth(rhs(r, ctx));
        if (b == false) return false;
        if (!a || !b) return nullptr;
        return true;
      };
    case bop::logical_or:
      return [lhs, rhs](const row& r, context& ctx) -> query_value {
        auto a = truth(lhs(r, ctx));
        if (a == true) return true;
        auto b = truth(rhs(r, ctx));
        if (b == true) return true;
        if (!a || !b) return nullptr;
        return false;
      };
    case bop::logical_xor:
      return [lhs, rhs](const row& r, context& ctx) -> query_value {
        auto a = truth(lhs(r, ctx));
        auto b = truth(rhs(r, ctx));
        if (!a || !b) return nullptr;
        return *a != *b;
      };
    case bop::equal:
      return [lhs, rhs](const row& r, context& ctx) {
        return from_truth(equals(lhs(r, ctx), rhs(r, ctx)));
      };
    case bop::not_equal:
      return [lhs, rhs](const row& r, context& ctx) {
        auto e = equals(lhs(r, ctx), rhs(r, ctx));
        return e ? query_value(!*e) : query_value();
      };
    case bop::less:
    case bop::less_equal:
    case bop::greater:
    case bop::greater_equal:
      return [lhs, rhs, op](const row& r, context& ctx) -> query_value {
        auto a = lhs(r, ctx), b = rhs(r, ctx);
        // A partial date against a day may be neither before nor after it: its own rule.
        if (a.is_temporal() || b.is_temporal())
          return from_truth(
              temporal_compare(static_cast<int>(op) - static_cast<int>(bop::less), a, b));
        auto c = order(a, b);
        if (!c) return nullptr;
        if (*c == unordered) return false;
        switch (op) {
          case bop::less: return *c < 0;
          case bop::less_equal: return *c <= 0;
          case bop::greater: return *c > 0;
          default: return *c >= 0;
        }
      };
    case bop::in:
      return [lhs, rhs](const row& r, context& ctx) -> query_value {
        auto list = rhs(r, ctx);
        if (list.is_null()) return nullptr;
        if (!list.is_list())
          throw error(fmt::format("IN needs a list on its right, got {} {}", list.type_name(),
                                  to_string(list)));
        auto v = lhs(r, ctx);
        bool unknown = false;
        for (const auto& item : list.as_list()) {
          auto e = equals(v, item);
          if (e == true) return true;
          if (!e) unknown = true;
        }
        return unknown ? query_value() : query_value(false);
      };
    case bop::starts_with:
    case bop::ends_with:
    case bop::contains:
      return [lhs, rhs, op](const row& r, context& ctx) -> query_value {
        auto a = lhs(r, ctx), b = rhs(r, ctx);
        if (!a.is_string() || !b.is_string()) return nullptr;
        std::string_view x = a.as_string(), y = b.as_string();
        if (op == bop::starts_with) return x.starts_with(y);
        if (op == bop::ends_with) return x.ends_with(y);
        return x.find(y) != std::string_view::npos;
      };
    default:
      return [lhs, rhs, op](const row& r, context& ctx) {
        return arithmetic(op, lhs(r, ctx), rhs(r, ctx));
      };
  }
}

}  // namespace entente::detail::query

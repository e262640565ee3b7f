// Function calls: the scalar functions and how many arguments each takes, and the binding of
// a call, to an aggregate of the projection or to a scalar function run per row.

#include "query/binder.hpp"
#include "query/math_functions.hpp"
#include "query/static_checks.hpp"
#include "query/temporal.hpp"
#include "query/values.hpp"

#include <entente/paths.hpp>
#include <entente/schema.hpp>

#include <fmt/format.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace entente::detail::query {

namespace {

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = {
      "id",         "type",      "labels",   "length",   "nodes",     "relationships", "toLower",
      "toUpper",    "size",      "coalesce", "head",     "last",      "tail",          "keys",
      "properties", "startNode", "endNode",  "toString", "toInteger", "toFloat",       "toBoolean",
      "abs",        "ceil",      "floor",    "round",    "sqrt",      "sign",          "range",
      "reverse",    "trim",      "ltrim",    "rtrim",    "replace",   "substring",     "split",
      "left",       "right",     "exists",   "count",    "sum",       "avg",           "min",
      "max",        "collect"};
  return names;
}

std::string unicode_case(const std::string& s, bool upper) {
  auto u = icu::UnicodeString::fromUTF8(s);
  if (upper)
    u.toUpper();
  else
    u.toLower();
  std::string out;
  return u.toUTF8String(out);
}

std::int64_t integer_argument(const query_value& v, std::string_view function) {
  if (v.is_int()) return v.as_int();
  throw error(
      fmt::format("{}() needs an integer, got {} {}", function, v.type_name(), to_string(v)));
}

const std::string& string_argument(const query_value& v, std::string_view function) {
  if (v.is_string()) return v.as_string();
  throw error(fmt::format("{}() needs a string, got {} {}", function, v.type_name(), to_string(v)));
}

query_value::list path_nodes(const path& p) {
  query_value::list out;
  for (auto e : p.nodes()) out.emplace_back(p.graph().entity(e));
  return out;
}

query_value::list path_relations(const path& p) {
  query_value::list out;
  for (auto r : p.relations()) out.emplace_back(p.graph().relation(r));
  return out;
}

query_value properties_of(const query_value& v) {
  query_value::map out;
  if (v.is_entity()) {
    for (auto key : entity_keys)
      out.emplace_back(std::string(key), entity_property(v.as_entity(), key));
    for (const auto& [k, val] : v.as_entity().attributes())
      out.emplace_back(k, from_attribute(val));
  } else if (v.is_relation()) {
    for (auto key : relation_keys)
      out.emplace_back(std::string(key), relation_property(v.as_relation(), key));
    for (const auto& [k, val] : v.as_relation().attributes())
      out.emplace_back(k, from_attribute(val));
  } else if (v.is_map()) {
    return v;
  } else {
    throw error(
        fmt::format("properties() needs an entity, a relation or a map, got {}", v.type_name()));
  }
  return out;
}

query_value scalar_function(const std::string& name, const std::vector<query_value>& args) {
  const auto& a = args.empty() ? query_value() : args[0];
  if (name == "coalesce") {
    for (const auto& v : args)
      if (!v.is_null()) return v;
    return nullptr;
  }
  if (name == "range") {
    auto from = integer_argument(args[0], name), to = integer_argument(args[1], name);
    auto step = args.size() > 2 ? integer_argument(args[2], name) : 1;
    if (step == 0) throw error("range() step must not be 0");
    query_value::list out;
    for (auto i = from; step > 0 ? i <= to : i >= to; i += step) {
      out.emplace_back(i);
      if (out.size() > 10'000'000) throw error("range() is too long");
    }
    return out;
  }
  if (a.is_null()) return nullptr;
  if (name == "id") {
    if (a.is_entity()) return a.as_entity().id();
    if (a.is_relation()) return static_cast<std::int64_t>(a.as_relation().index());
  } else if (name == "type") {
    if (a.is_relation()) return a.as_relation().type_name();
  } else if (name == "labels") {
    if (a.is_entity()) {
      query_value::list out;
      const auto& s = a.as_entity().graph().schema();
      for (std::optional<kind_id> k = a.as_entity().kind(); k; k = s.kind_at(*k).parent)
        if (!s.kind_at(*k).name.empty()) out.emplace_back(s.kind_at(*k).name);  // no label
      return out;
    }
  } else if (name == "length") {
    if (a.is_path()) return a.as_path().length();
    if (a.is_list()) return a.as_list().size();
    if (a.is_string()) return a.as_string().size();
  } else if (name == "size") {
    if (a.is_list()) return a.as_list().size();
    if (a.is_string()) {
      std::int64_t n = 0;
      for (unsigned char c : a.as_string()) n += (c & 0xC0) != 0x80;
      return n;
    }
    if (a.is_map()) return a.as_map().size();
  } else if (name == "nodes") {
    if (a.is_path()) return path_nodes(a.as_path());
  } else if (name == "relationships") {
    if (a.is_path()) return path_relations(a.as_path());
  } else if (name == "startnode" || name == "endnode") {
    if (a.is_relation()) {
      const auto& r = a.as_relation();
      return r.graph().entity(name == "startnode" ? r.from() : r.to());
    }
  } else if (name == "tolower" || name == "toupper") {
    return unicode_case(string_argument(a, name), name == "toupper");
  } else if (name == "head" || name == "last") {
    if (a.is_list()) {
      const auto& l = a.as_list();
      if (l.empty()) return nullptr;
      return name == "head" ? l.front() : l.back();
    }
  } else if (name == "tail") {
    if (a.is_list()) {
      const auto& l = a.as_list();
      return l.empty() ? query_value::list{} : query_value::list(l.begin() + 1, l.end());
    }
  } else if (name == "reverse") {
    if (a.is_list()) {
      auto l = a.as_list();
      std::reverse(l.begin(), l.end());
      return l;
    }
    if (a.is_string()) {
      auto u = icu::UnicodeString::fromUTF8(a.as_string());
      u.reverse();
      std::string out;
      return u.toUTF8String(out);
    }
  } else if (name == "keys" || name == "properties") {
    auto props = properties_of(a);
    if (name == "properties") return props;
    // A map's keys are all its keys; an entity or relation has no key whose value is null.
    query_value::list out;
    for (const auto& [k, v] : props.as_map())
      if (a.is_map() || !v.is_null()) out.emplace_back(k);
    return out;
  } else if (name == "tostring") {
    if (a.is_string()) return a;
    if (a.is_number() || a.is_bool() || a.is_temporal()) return to_string(a);
  } else if (name == "tointeger") {
    if (a.is_int()) return a;
    if (a.is_float()) return static_cast<std::int64_t>(std::trunc(a.as_number()));
    if (a.is_string()) {
      try {
        std::size_t used = 0;
        auto v = std::stod(a.as_string(), &used);
        if (used == a.as_string().size()) return static_cast<std::int64_t>(std::trunc(v));
      } catch (const std::exception&) {
      }
      return nullptr;
    }
  } else if (name == "tofloat") {
    if (a.is_number()) return a.as_number();
    if (a.is_string()) {
      try {
        std::size_t used = 0;
        auto v = std::stod(a.as_string(), &used);
        if (used == a.as_string().size()) return v;
      } catch (const std::exception&) {
      }
      return nullptr;
    }
  } else if (name == "toboolean") {
    if (a.is_bool()) return a;
    if (a.is_string()) {
      auto s = lower(a.as_string());
      if (s == "true") return true;
      if (s == "false") return false;
      return nullptr;
    }
  } else if (name == "abs") {
    if (a.is_int()) return a.as_int() < 0 ? -a.as_int() : a.as_int();
    if (a.is_float()) return std::fabs(a.as_number());
  } else if (name == "sign") {
    if (a.is_number()) return std::int64_t{a.as_number() > 0 ? 1 : a.as_number() < 0 ? -1 : 0};
  } else if (name == "ceil" || name == "floor" || name == "round" || name == "sqrt") {
    if (a.is_number()) {
      double x = a.as_number();
      if (name == "ceil") return std::ceil(x);
      if (name == "floor") return std::floor(x);
      if (name == "round") return std::round(x);
      return std::sqrt(x);
    }
  } else if (name == "trim" || name == "ltrim" || name == "rtrim") {
    std::string s = string_argument(a, name);
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    if (name != "rtrim") s.erase(s.begin(), std::find_if_not(s.begin(), s.end(), space));
    if (name != "ltrim")
      while (!s.empty() && space(s.back())) s.pop_back();
    return s;
  } else if (name == "replace") {
    if (args[1].is_null() || args[2].is_null()) return nullptr;
    std::string s = string_argument(a, name);
    const auto& from = string_argument(args[1], name);
    const auto& to = string_argument(args[2], name);
    if (from.empty()) return s;
    std::string out;
    std::size_t at = 0;
    for (auto hit = s.find(from); hit != std::string::npos; hit = s.find(from, at)) {
      out.append(s, at, hit - at);
      out += to;
      at = hit + from.size();
    }
    out.append(s, at);
    return out;
  } else if (name == "split") {
    if (args[1].is_null()) return nullptr;
    const auto& s = string_argument(a, name);
    const auto& sep = string_argument(args[1], name);
    query_value::list out;
    if (sep.empty()) {
      for (char c : s) out.emplace_back(std::string(1, c));
      return out;
    }
    std::size_t at = 0;
    for (auto hit = s.find(sep); hit != std::string::npos; hit = s.find(sep, at)) {
      out.emplace_back(s.substr(at, hit - at));
      at = hit + sep.size();
    }
    out.emplace_back(s.substr(at));
    return out;
  } else if (name == "substring" || name == "left" || name == "right") {
    const auto& s = string_argument(a, name);
    auto n = static_cast<std::int64_t>(s.size());
    auto clampi = [&](std::int64_t v) {
      return static_cast<std::size_t>(std::clamp<std::int64_t>(v, 0, n));
    };
    if (name == "left") return s.substr(0, clampi(integer_argument(args[1], name)));
    if (name == "right") {
      auto k = clampi(integer_argument(args[1], name));
      return s.substr(s.size() - k);
    }
    auto start = clampi(integer_argument(args[1], name));
    auto length = args.size() > 2 ? clampi(integer_argument(args[2], name)) : s.size();
    return s.substr(start, length);
  } else if (name == "exists") {
    return true;
  }
  throw error(fmt::format("{}() cannot take {} {}", name, a.type_name(), to_string(a)));
}

std::pair<std::size_t, std::size_t> arity(const std::string& name) {
  if (name == "coalesce") return {1, 64};
  if (name == "range" || name == "substring") return {2, 3};
  if (name == "replace") return {3, 3};
  if (name == "split" || name == "left" || name == "right") return {2, 2};
  return {1, 1};
}

}  // namespace

bool contains_aggregate(const expression& e) {
  if (const auto* f = e.get_if<cypher::function_call>())
    if (aggregate_named(lower(f->name.name))) return true;
  bool found = false;
  cypher::for_each_child(
      e, [&](const expression& child) { found = found || contains_aggregate(child); });
  return found;
}

evaluator binder::compile_node(const cypher::function_call& n, const expression& e,
                               const scope& s) {
  auto name = lower(n.name.name);
  auto names = function_names();
  const auto& math = math_function_names();
  names.insert(names.end(), math.begin(), math.end());
  for (const char* statistic : {"percentileDisc", "percentileCont", "stDev", "stDevP"})
    names.emplace_back(statistic);
  bool known = std::any_of(names.begin(), names.end(),
                           [&](const std::string& f) { return lower(f) == name; });
  if (!known && is_temporal_function(name)) return compile_temporal_call(n, e, s);
  if (!known) {
    auto candidates = names;
    const auto& temporal = temporal_function_names();
    candidates.insert(candidates.end(), temporal.begin(), temporal.end());
    fail(n.name.position, fmt::format("unknown function '{}'", n.name.name),
         schema::closest(n.name.name, candidates));
  }
  if (auto kind = aggregate_named(name)) {
    if (!aggregates)
      fail(e.position, fmt::format("{}() is an aggregate; use it in WITH or RETURN", n.name.name));
    if (n.star && *kind != aggregate_kind::count)
      fail(e.position, fmt::format("{}(*) is not allowed; only count(*)", n.name.name));
    std::size_t wanted = takes_percentile(*kind) ? 2 : 1;
    if (!n.star && n.arguments.size() != wanted)
      fail(e.position, fmt::format("{}() takes {}", n.name.name,
                                   wanted == 1 ? "one argument" : "two arguments"));
    aggregate_spec spec{n.star ? aggregate_kind::count_star : *kind, n.distinct, {}, {}};
    if (!n.star) {
      auto* saved = aggregates;
      aggregates = nullptr;
      for (const auto& argument : n.arguments)
        if (contains_aggregate(*argument)) fail(argument->position, "aggregates cannot be nested");
      spec.argument = compile(*n.arguments[0], *aggregate_scope);
      if (wanted == 2) spec.percentile = compile(*n.arguments[1], *aggregate_scope);
      aggregates = saved;
    }
    auto index = aggregates->size();
    aggregates->push_back(std::move(spec));
    // Reads the aggregate's result, which the projection stage puts in the evaluation row.
    return [index](const row& r, context&) { return r[r.size() - 1 - index]; };
  }
  auto [least, most] = math_arity(name).value_or(arity(name));
  check_call(n, e, least, most);
  check_argument_kinds(*this, name, n, s);
  std::vector<evaluator> args;
  for (const auto& arg : n.arguments) args.push_back(compile(*arg, s));
  if (name == "exists") {
    // exists((a)-->()) is the pattern predicate itself, which is never null.
    if (n.arguments[0]->get_if<cypher::pattern_predicate>()) return args[0];
    auto arg = args[0];
    return [arg](const row& r, context& ctx) -> query_value { return !arg(r, ctx).is_null(); };
  }
  bool mathematical = math_arity(name).has_value();
  return [name, args, mathematical](const row& r, context& ctx) {
    std::vector<query_value> values;
    values.reserve(args.size());
    for (const auto& a : args) values.push_back(a(r, ctx));
    return mathematical ? math_function(name, values) : scalar_function(name, values);
  };
}

void binder::check_call(const cypher::function_call& n, const expression& e, std::size_t least,
                        std::size_t most) const {
  if (n.star || n.arguments.size() < least || n.arguments.size() > most)
    fail(e.position,
         least == most
             ? fmt::format("{}() takes {} argument{}", n.name.name, least, least == 1 ? "" : "s")
             : fmt::format("{}() takes {} to {} arguments", n.name.name, least, most));
  if (n.distinct)
    fail(e.position, fmt::format("DISTINCT is only for aggregates, not {}()", n.name.name));
}

evaluator binder::compile_temporal_call(const cypher::function_call& n, const expression& e,
                                        const scope& s) {
  auto name = lower(n.name.name);
  auto [least, most] = temporal_arity(name);
  check_call(n, e, least, most);
  std::vector<evaluator> args;
  for (const auto& arg : n.arguments) args.push_back(compile(*arg, s));
  // A value it cannot take is bad input at this call: the error says where.
  const auto* text = &q_.text;
  auto at = e.position;
  return [name, args, text, at](const row& r, context& ctx) -> query_value {
    std::vector<query_value> values;
    values.reserve(args.size());
    for (const auto& a : args) values.push_back(a(r, ctx));
    statement_clock clock(ctx.statement_clock_nanos);
    try {
      return temporal_function(name, values);
    } catch (const parse_error&) {
      throw;
    } catch (const error& failure) {
      throw cypher::syntax_error(*text, at, failure.what());
    }
  };
}

}  // namespace entente::detail::query

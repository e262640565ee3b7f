// Compile-time checks of a query's meaning: each looks at the syntax tree and the variables'
// kinds, never at the graph or a row.

#include "query/static_checks.hpp"

#include "query/aggregates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <string>

namespace entente::detail::query {

namespace {

std::string_view kind_name(var_kind k) {
  switch (k) {
    case var_kind::node: return "a node";
    case var_kind::relation: return "a relationship";
    case var_kind::relations: return "a list of relationships";
    case var_kind::path: return "a path";
    case var_kind::value: break;
  }
  return "a value";
}

bool is_arithmetic(cypher::binary_operator op) {
  using bop = cypher::binary_operator;
  return op == bop::add || op == bop::subtract || op == bop::multiply || op == bop::divide ||
         op == bop::modulo || op == bop::power;
}

// The kind of the variable `e` is, when it is one of a known graph kind.
const variable_info* graph_variable(const expression& e, const scope& s) {
  const auto* v = e.get_if<cypher::variable>();
  if (!v) return nullptr;
  const auto* info = s.peek(v->name);
  return info && info->kind != var_kind::value ? info : nullptr;
}

}  // namespace

bool never_graph_element(const expression& e, const scope& s) {
  if (const auto* l = e.get_if<cypher::literal>()) return l->value.index() != 0;
  if (e.get_if<cypher::list_literal>() || e.get_if<cypher::map_literal>() ||
      e.get_if<cypher::list_comprehension>() || e.get_if<cypher::quantifier>() ||
      e.get_if<cypher::label_test>() || e.get_if<cypher::slice>() || e.get_if<cypher::unary>() ||
      e.get_if<cypher::binary>())
    return true;
  if (const auto* p = e.get_if<cypher::property_access>()) {
    // A property of an entity or relation is a stored value; of a map, it may be anything.
    const auto* info = graph_variable(*p->subject, s);
    return info && (info->kind == var_kind::node || info->kind == var_kind::relation);
  }
  if (const auto* f = e.get_if<cypher::function_call>()) {
    // These may hand back an entity or relation they were given or found.
    constexpr std::string_view passing_on[] = {"head",    "last", "coalesce", "startnode",
                                               "endnode", "min",  "max"};
    auto name = lower(f->name.name);
    return std::find(std::begin(passing_on), std::end(passing_on), name) == std::end(passing_on);
  }
  return false;
}

void check_boolean_operand(const binder& b, const expression& e, std::string_view op) {
  std::string_view what;
  if (const auto* l = e.get_if<cypher::literal>()) {
    constexpr std::string_view names[] = {"", "", "an integer", "a float", "a string"};
    what = names[l->value.index()];
  } else if (e.get_if<cypher::list_literal>() || e.get_if<cypher::list_comprehension>()) {
    what = "a list";
  } else if (e.get_if<cypher::map_literal>()) {
    what = "a map";
  } else if (const auto* bin = e.get_if<cypher::binary>(); bin && is_arithmetic(bin->op)) {
    what = "arithmetic, never a boolean";
  } else if (const auto* u = e.get_if<cypher::unary>();
             u && u->op == cypher::unary_operator::negate) {
    what = "a number";
  }
  if (what.empty()) return;
  b.fail(e.position,
         fmt::format("{} needs booleans, and {} is {}", op, cypher::to_string(e), what));
}

void check_argument_kinds(const binder& b, std::string_view function,
                          const cypher::function_call& call, const scope& s) {
  // The graph kinds each function takes; a function not listed takes none of them (it works
  // on numbers, strings, lists or maps) or anything (coalesce, head).
  struct takes {
    std::string_view function;
    bool node, relation, relations, path;
  };
  constexpr takes table[] = {
      {"length", false, false, true, true},         {"nodes", false, false, false, true},
      {"relationships", false, false, false, true}, {"type", false, true, false, false},
      {"startnode", false, true, false, false},     {"endnode", false, true, false, false},
      {"labels", true, false, false, false},        {"id", true, true, false, false},
      {"keys", true, true, false, false},           {"properties", true, true, false, false},
      {"size", false, false, true, false},          {"tolower", false, false, false, false},
      {"toupper", false, false, false, false},      {"tostring", false, false, false, false},
      {"tointeger", false, false, false, false},    {"tofloat", false, false, false, false},
      {"toboolean", false, false, false, false},    {"abs", false, false, false, false},
      {"sqrt", false, false, false, false},         {"trim", false, false, false, false},
      {"reverse", false, false, true, false},       {"tail", false, false, true, false}};
  const auto* row = std::find_if(std::begin(table), std::end(table),
                                 [&](const takes& t) { return t.function == function; });
  if (row == std::end(table) || call.arguments.empty()) return;
  const auto* info = graph_variable(*call.arguments[0], s);
  if (!info) return;
  bool ok = (info->kind == var_kind::node && row->node) ||
            (info->kind == var_kind::relation && row->relation) ||
            (info->kind == var_kind::relations && row->relations) ||
            (info->kind == var_kind::path && row->path);
  if (!ok)
    b.fail(call.arguments[0]->position,
           fmt::format("{}() cannot take {}, and {} is one", call.name.name, kind_name(info->kind),
                       cypher::to_string(*call.arguments[0])));
}

void check_grouping(const binder& b, const cypher::projection& p) {
  if (p.star) return;             // every variable is a grouping key
  std::vector<std::string> keys;  // the grouping items, as canonical text
  bool aggregating = false;
  for (const auto& item : p.items) {
    if (contains_aggregate(*item.value))
      aggregating = true;
    else
      keys.push_back(cypher::to_string(*item.value));
  }
  if (!aggregating) return;
  auto is_key = [&](const expression& e) {
    return std::find(keys.begin(), keys.end(), cypher::to_string(e)) != keys.end();
  };
  // Fails at the first part outside the aggregates that reads a variable and is not a key;
  // `local` are the variables of the comprehensions around it, which are their own.
  std::vector<std::string> local;
  std::function<void(const expression&, const expression&)> walk = [&](const expression& e,
                                                                       const expression& item) {
    if (is_key(e)) return;
    if (const auto* f = e.get_if<cypher::function_call>();
        f && aggregate_named(lower(f->name.name)))
      return;
    // Names the variable, or the property of it, that is read (`n.b` rather than `n`).
    const auto* read = e.get_if<cypher::variable>();
    if (const auto* access = e.get_if<cypher::property_access>();
        access && !is_key(*access->subject))
      read = access->subject->get_if<cypher::variable>();
    if (read && std::find(local.begin(), local.end(), read->name) == local.end()) {
      auto text = cypher::to_string(e);
      b.fail(e.position,
             fmt::format("{} mixes an aggregate with {}, which is not a grouping key: return {} "
                         "as an item of its own, or aggregate it",
                         cypher::to_string(item), text, text));
    }
    const cypher::identifier* own = nullptr;
    if (const auto* c = e.get_if<cypher::list_comprehension>()) own = &c->variable;
    if (const auto* q = e.get_if<cypher::quantifier>()) own = &q->variable;
    if (own) local.push_back(own->name);
    cypher::for_each_child(e, [&](const expression& child) { walk(child, item); });
    if (own) local.pop_back();
  };
  for (const auto& item : p.items)
    if (contains_aggregate(*item.value)) walk(*item.value, *item.value);
}

void check_relationship_variables(const binder& b, const cypher::match_clause& m) {
  std::vector<std::string> seen;
  for (const auto& part : m.pattern)
    for (const auto& step : part.steps) {
      const auto& v = step.relationship.variable;
      if (!v) continue;
      if (std::find(seen.begin(), seen.end(), v->name) != seen.end())
        b.fail(v->position,
               fmt::format("relationship variable '{}' is used twice in one MATCH; a "
                           "relationship is matched at most once per pattern, so it could "
                           "never match",
                           v->name));
      seen.push_back(v->name);
    }
}

}  // namespace entente::detail::query

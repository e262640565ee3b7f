// The binder's half for expressions with a variable of their own: list comprehensions
// (`[x IN list WHERE c | r]`) and the quantifiers `all`, `any`, `none` and `single`.

#include "query/binder.hpp"
#include "query/values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace entente::detail::query {
namespace {

// Where a comprehension or quantifier is written, for its errors.
struct site {
  const std::string* text;
  source_position at;
};

// The list a comprehension or quantifier walks: null stays null, anything else is an error.
const query_value::list* list_of(const query_value& v, std::string_view what, const site& where) {
  if (v.is_null()) return nullptr;
  if (!v.is_list())
    throw cypher::syntax_error(
        *where.text, where.at,
        fmt::format("{} needs a list after IN, got {} {}", what, v.type_name(), to_string(v)));
  return &v.as_list();
}

}  // namespace

scope binder::inner_scope(const cypher::identifier& variable, const scope& s,
                          std::size_t& slot) const {
  scope inner = s;
  slot = inner.shadow(variable.name, var_kind::value);
  return inner;
}

evaluator binder::compile_node(const cypher::list_comprehension& n, const expression& e,
                               const scope& s) {
  site at{&q_.text, e.position};
  auto list = compile(*n.list, s);
  std::size_t slot = 0;
  scope inner = inner_scope(n.variable, s, slot);
  // An aggregate inside would be computed per item, which openCypher does not allow.
  auto* saved = aggregates;
  aggregates = nullptr;
  evaluator where = n.where ? compile(*n.where, inner) : evaluator();
  evaluator result = n.result ? compile(*n.result, inner) : evaluator();
  aggregates = saved;
  return [list, slot, where, result, at](const row& r, context& ctx) -> query_value {
    auto value = list(r, ctx);
    const auto* items = list_of(value, "a list comprehension", at);
    if (!items) return nullptr;
    row work;  // `r` and the comprehension's slot, which each item then fills
    copy_row(work, r, std::max(r.size(), slot + 1));
    query_value::list out;
    for (const auto& item : *items) {
      ctx.tick();
      work[slot] = item;
      if (where && truth(where(work, ctx)) != true) continue;
      out.push_back(result ? result(work, ctx) : item);
    }
    return out;
  };
}

evaluator binder::compile_node(const cypher::quantifier& n, const expression& e, const scope& s) {
  site at{&q_.text, e.position};
  auto list = compile(*n.list, s);
  std::size_t slot = 0;
  scope inner = inner_scope(n.variable, s, slot);
  auto* saved = aggregates;
  aggregates = nullptr;
  auto where = compile(*n.where, inner);
  aggregates = saved;
  auto kind = n.kind;
  return [list, slot, where, kind, at](const row& r, context& ctx) -> query_value {
    auto value = list(r, ctx);
    const auto* items = list_of(value, fmt::format("{}()", spelling(kind)), at);
    if (!items) return nullptr;
    row work;  // `r` and the comprehension's slot, which each item then fills
    copy_row(work, r, std::max(r.size(), slot + 1));
    std::size_t holds = 0, unknown = 0;
    for (const auto& item : *items) {
      ctx.tick();
      work[slot] = item;
      auto t = truth(where(work, ctx));
      if (!t)
        ++unknown;
      else if (*t)
        ++holds;
    }
    const std::size_t fails = items->size() - holds - unknown;
    // Three-valued: `decisive` known items settle the answer; else an unknown item leaves it
    // unknown; else every item is known and `otherwise` holds.
    auto settle = [&](bool decisive, bool when_decisive, bool otherwise) -> std::optional<bool> {
      if (decisive) return when_decisive;
      if (unknown > 0) return std::nullopt;
      return otherwise;
    };
    std::optional<bool> answer;
    switch (kind) {
      case cypher::quantifier_kind::all: answer = settle(fails > 0, false, true); break;
      case cypher::quantifier_kind::any: answer = settle(holds > 0, true, false); break;
      case cypher::quantifier_kind::none: answer = settle(holds > 0, false, true); break;
      case cypher::quantifier_kind::single: answer = settle(holds > 1, false, holds == 1); break;
    }
    return from_truth(answer);
  };
}

}  // namespace entente::detail::query

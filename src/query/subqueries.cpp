// Patterns inside expressions: pattern predicates `(a)-->(b)`, `EXISTS { ... }` and pattern
// comprehensions `[(a)-->(b) | b.name]`. Each is planned like a MATCH over the scope it is
// written in, so it starts from the variables bound there rather than scanning, and runs per row
// through the matcher, under the run's evidence and time filters. `EXISTS { MATCH ... RETURN
// ... }` becomes stages of its own, which each outer row runs until the first row comes out.

#include "query/binder.hpp"
#include "query/compiler.hpp"
#include "query/values.hpp"

#include <entente/schema.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace entente::detail::query {
namespace {

// Thrown by the first match of an existence test: the rest need not be looked for.
struct found_a_match {};

// The variables a pattern names, with where each is written.
std::vector<const cypher::identifier*> named_in(const cypher::pattern_part& part) {
  std::vector<const cypher::identifier*> out;
  if (part.path_variable) out.push_back(&*part.path_variable);
  if (part.start.variable) out.push_back(&*part.start.variable);
  for (const auto& step : part.steps) {
    if (step.relationship.variable) out.push_back(&*step.relationship.variable);
    if (step.node.variable) out.push_back(&*step.node.variable);
  }
  return out;
}

// The end of the stages of `EXISTS { MATCH ... RETURN ... }`: its first row answers.
struct first_row_sink : stage {
  void push(row&, context&) override { throw found_a_match{}; }
  void finish(context&) override {}
};

// The stages of one `EXISTS { MATCH ... RETURN ... }`, run afresh for each outer row.
struct exists_pipeline {
  std::vector<std::unique_ptr<stage>> stages;
  first_row_sink sink;
};

// The variables the clauses of a subquery name or read, for placing the condition that holds
// it: those bound outside and its own alike.
void subquery_variables(const cypher::subquery& body, std::vector<std::string>& out) {
  auto read = [&](const cypher::expression_ptr& e) {
    if (e) variables_of(*e, out);
  };
  auto projected = [&](const cypher::projection& p) {
    for (const auto& item : p.items) read(item.value);
    for (const auto& key : p.order_by) read(key.key);
  };
  for (const auto& c : body.clauses) {
    if (const auto* m = c.get_if<cypher::match_clause>()) {
      for (const auto& part : m->pattern) pattern_variables(part, out);
      read(m->where);
    } else if (const auto* u = c.get_if<cypher::unwind_clause>()) {
      read(u->list);
    } else if (const auto* w = c.get_if<cypher::with_clause>()) {
      projected(w->body);
      read(w->where);
    } else if (const auto* r = c.get_if<cypher::return_clause>()) {
      projected(r->body);
    }
  }
}

// The row a pattern inside an expression matches in: the outer row's first `outer_width`
// slots, then the pattern's own, empty.
void start_row(row& work, const row& outer, std::size_t outer_width, std::size_t width) {
  work.assign(width, query_value());
  std::copy_n(outer.begin(), std::min(outer.size(), std::min(outer_width, width)), work.begin());
}

}  // namespace

void pattern_variables(const cypher::pattern_part& part, std::vector<std::string>& out) {
  for (const auto* id : named_in(part)) out.push_back(id->name);
}

void pattern_expression_variables(const expression& e, std::vector<std::string>& out) {
  if (const auto* p = e.get_if<cypher::pattern_predicate>()) pattern_variables(p->pattern, out);
  if (const auto* q = e.get_if<cypher::exists_subquery>()) {
    for (const auto& part : q->pattern) pattern_variables(part, out);
    if (q->body) subquery_variables(*q->body, out);
  }
  if (const auto* c = e.get_if<cypher::pattern_comprehension>()) pattern_variables(c->pattern, out);
}

evaluator binder::compile_node(const cypher::pattern_predicate& n, const expression& e,
                               const scope& s) {
  // openCypher 9: a pattern predicate only tests variables bound outside it.
  const auto names = named_in(n.pattern);
  for (const auto* id : names)
    if (!s.peek(id->name))
      fail(id->position,
           fmt::format("variable '{}' is not defined: a pattern predicate cannot introduce "
                       "variables; write EXISTS {{ {} }} to match new ones",
                       id->name, cypher::to_string(n.pattern)),
           schema::closest(id->name, s.names()));
  if (names.empty())
    fail(e.position,
         "a pattern predicate must use a variable bound outside it, as in WHERE (a)-->(); write "
         "EXISTS { ... } to ask whether a pattern matches anywhere");
  return plan_pattern(e, s);
}

evaluator binder::compile_node(const cypher::exists_subquery&, const expression& e,
                               const scope& s) {
  return plan_pattern(e, s);
}

evaluator binder::compile_node(const cypher::pattern_comprehension&, const expression& e,
                               const scope& s) {
  return plan_pattern(e, s);
}

evaluator query_compiler::compile_subquery(const cypher::subquery& body, const scope& outer) {
  const std::size_t outer_width = outer.width;
  scope inner = outer;  // `outer` may be `scope_` itself
  scope saved_scope = std::exchange(scope_, std::move(inner));
  auto saved_stages = std::exchange(stages, {});
  auto saved_columns = columns;  // the subquery's RETURN names its own
  auto* saved_aggregates = std::exchange(b_.aggregates, nullptr);
  const auto* saved_aggregate_scope = b_.aggregate_scope;
  for (const auto& c : body.clauses) compile_reading(c, false);  // the parser refused writes
  auto pipeline = std::make_shared<exists_pipeline>();
  pipeline->stages = std::exchange(stages, std::move(saved_stages));
  pipeline->stages.back()->next = &pipeline->sink;
  scope_ = std::move(saved_scope);
  columns = std::move(saved_columns);
  b_.aggregates = saved_aggregates;
  b_.aggregate_scope = saved_aggregate_scope;
  return [pipeline, outer_width](const row& r, context& ctx) -> query_value {
    for (auto& st : pipeline->stages) st->start(ctx);
    row work;
    start_row(work, r, outer_width, outer_width);
    try {
      stage& first = *pipeline->stages.front();
      first.push(work, ctx);
      first.finish(ctx);  // an aggregation gives its rows only now
    } catch (const found_a_match&) {
      return true;
    }
    return false;
  };
}

evaluator query_compiler::compile_pattern_expression(const expression& e, const scope& outer) {
  reads_patterns_in_expressions_ = true;
  if (const auto* q = e.get_if<cypher::exists_subquery>(); q && q->body)
    return compile_subquery(*q->body, outer);
  std::vector<const cypher::pattern_part*> parts;
  const expression* where = nullptr;
  const cypher::pattern_comprehension* comprehension = e.get_if<cypher::pattern_comprehension>();
  if (const auto* p = e.get_if<cypher::pattern_predicate>()) parts.push_back(&p->pattern);
  if (const auto* q = e.get_if<cypher::exists_subquery>()) {
    for (const auto& part : q->pattern) parts.push_back(&part);
    where = q->where.get();
  }
  if (comprehension) {
    parts.push_back(&comprehension->pattern);
    where = comprehension->where.get();
  }

  // A comprehension over a null node or relation is null, as one over a null list is.
  std::vector<std::size_t> nullable;
  for (const auto* part : parts)
    for (const auto* id : named_in(*part))
      if (const auto* info = outer.peek(id->name)) nullable.push_back(info->slot);
  const std::size_t outer_width = outer.width;
  std::vector<std::string> bound_now = outer.names();

  // The pattern's own variables take slots past the outer scope's, in a scope of their own
  // (`outer` may be `scope_` itself: copied before `scope_` changes); an aggregate inside would
  // be computed per match, which openCypher does not allow.
  scope inner = outer;
  scope saved_scope = std::exchange(scope_, std::move(inner));
  auto* saved_aggregates = std::exchange(b_.aggregates, nullptr);
  auto ops = std::make_shared<std::vector<operation>>();
  std::vector<conjunct> conditions;
  if (where) split_and(*where, conditions);
  // As in a MATCH: names neither bound outside nor by the pattern belong to patterns nested in
  // the condition.
  std::vector<std::string> known = bound_now;
  for (const auto* part : parts) pattern_variables(*part, known);
  for (auto& c : conditions)
    std::erase_if(c.reads, [&](const std::string& r) { return !is_bound(r, known); });
  for (const auto* part : parts) compile_part(*part, *ops, conditions, bound_now);
  for (auto& c : conditions)
    for (const auto& name : c.reads)
      if (!scope_.peek(name)) (void)b_.compile(*c.e, scope_);  // throws, naming it
  place_conditions(*ops, conditions, bound_now, true);
  evaluator result = comprehension ? b_.compile(*comprehension->result, scope_) : evaluator();
  const std::size_t width = scope_.width;
  scope_ = std::move(saved_scope);
  b_.aggregates = saved_aggregates;

  if (!comprehension)
    return [ops, outer_width, width](const row& r, context& ctx) -> query_value {
      row work;
      start_row(work, r, outer_width, width);
      try {
        match_each(*ops, ctx, work, [](row&) { throw found_a_match{}; });
      } catch (const found_a_match&) {
        return true;
      }
      return false;
    };
  return [ops, outer_width, width, nullable, result](const row& r, context& ctx) -> query_value {
    for (auto slot : nullable)
      if (slot < r.size() && r[slot].is_null()) return nullptr;
    row work;
    start_row(work, r, outer_width, width);
    query_value::list out;
    match_each(*ops, ctx, work, [&](row& matched) { out.push_back(result(matched, ctx)); });
    return out;
  };
}

}  // namespace entente::detail::query

#pragma once
// The binder: resolves names against the graph (labels, types, keys) and the scope
// (variables), and compiles expressions into evaluators. Internal, not installed.

#include "query/aggregates.hpp"
#include "query/engine.hpp"
#include "query/scope.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace entente::detail::query {

/// Whether an expression calls an aggregate anywhere inside it (functions.cpp).
bool contains_aggregate(const expression& e);

/// The variables an expression reads.
void variables_of(const expression& e, std::vector<std::string>& out);

/// The variables a pattern names: its nodes', relationships' and path's (subqueries.cpp).
void pattern_variables(const cypher::pattern_part& part, std::vector<std::string>& out);
/// The variables the patterns inside `e` name, when `e` is a pattern predicate, EXISTS { ... } or
/// a pattern comprehension (those bound outside, and their own: no scope tells them apart here).
void pattern_expression_variables(const expression& e, std::vector<std::string>& out);

class binder {
 public:
  binder(const graph& g, const cypher::query& q) : g_(g), q_(q) {}

  // Every `$name` the query reads, with where it is first written; checked before each run.
  std::vector<std::pair<std::string, source_position>> parameters;
  // What the query probably got wrong but may run with: a property key nothing has.
  std::vector<std::string> warnings;

  [[noreturn]] void fail(source_position at, const std::string& message,
                         std::vector<std::string> suggestions = {}) const {
    throw cypher::name_error(q_.text, at, message, std::move(suggestions));
  }

  // Plans the pattern of a pattern predicate, EXISTS { ... } or pattern comprehension against
  // scope `s`: the query compiler, which plans every pattern, lends itself.
  std::function<evaluator(const expression&, const scope&)> plan_pattern;

  // Aggregates met while compiling one projection item.
  std::vector<aggregate_spec>* aggregates = nullptr;
  const scope* aggregate_scope = nullptr;

  evaluator compile(const expression& e, const scope& s);

  kind_id label(const cypher::identifier& id) const;
  /// How a relation pattern naming `types` (none: every type) reads each stored type, one
  /// `step_way` mask per type; an unknown name fails with the closest type and inverse names.
  std::vector<std::uint8_t> step_ways(const std::vector<cypher::identifier>& types) const;

  // A property key no entity or relation has anywhere is probably a typo: a warning.
  void check_key(const cypher::identifier& key, var_kind kind);
  /// A key the query itself writes, which reading it later may name.
  void know_key(const std::string& key) { written_keys_.insert(key); }
  /// The query writes a map it reads at run time (`SET n += $map`): any key may exist.
  void know_every_key() { every_key_known_ = true; }

 private:
  const std::set<std::string>& attribute_keys();

  evaluator compile_node(const cypher::literal& n, const expression&, const scope&);
  evaluator compile_node(const cypher::parameter& n, const expression& e, const scope&);
  evaluator compile_node(const cypher::variable& n, const expression& e, const scope& s);
  evaluator compile_node(const cypher::property_access& n, const expression&, const scope& s);
  evaluator compile_node(const cypher::subscript& n, const expression&, const scope& s);
  evaluator compile_node(const cypher::slice& n, const expression&, const scope& s);
  evaluator compile_node(const cypher::label_test& n, const expression&, const scope& s);
  evaluator compile_node(const cypher::list_literal& n, const expression&, const scope& s);
  evaluator compile_node(const cypher::map_literal& n, const expression&, const scope& s);
  /// In functions.cpp, beside the functions it calls.
  evaluator compile_node(const cypher::function_call& n, const expression& e, const scope& s);
  // Fails unless the call has `least` to `most` arguments, no `*` and no DISTINCT.
  void check_call(const cypher::function_call& n, const expression& e, std::size_t least,
                  std::size_t most) const;
  evaluator compile_temporal_call(const cypher::function_call& n, const expression& e,
                                  const scope& s);
  evaluator compile_node(const cypher::unary& n, const expression&, const scope& s);
  evaluator compile_node(const cypher::binary& n, const expression&, const scope& s);
  evaluator compile_node(const cypher::case_expression& n, const expression&, const scope& s);
  /// In comprehensions.cpp.
  evaluator compile_node(const cypher::list_comprehension& n, const expression&, const scope& s);
  evaluator compile_node(const cypher::quantifier& n, const expression&, const scope& s);
  /// In subqueries.cpp.
  evaluator compile_node(const cypher::pattern_predicate& n, const expression& e, const scope& s);
  evaluator compile_node(const cypher::exists_subquery& n, const expression& e, const scope& s);
  evaluator compile_node(const cypher::pattern_comprehension& n, const expression& e,
                         const scope& s);
  // The scope of a comprehension's condition and result: `s` and its own variable, in a slot
  // past every slot of `s`.
  scope inner_scope(const cypher::identifier& variable, const scope& s, std::size_t& slot) const;

  const graph& g_;
  const cypher::query& q_;
  std::optional<std::set<std::string>> attribute_keys_;
  std::set<std::string> written_keys_;
  bool every_key_known_ = false;
};

}  // namespace entente::detail::query

#pragma once
// What a query means, checked before it runs from what each expression is known to be without
// the graph: the errors openCypher raises at compile time (a variable used as two types, an
// operand that can never be a boolean, a function given a node it cannot take, an aggregate
// mixed with what is not a grouping key). Internal, not installed.

#include "query/binder.hpp"
#include "query/scope.hpp"

#include <entente/query/ast.hpp>

#include <string_view>
#include <vector>

namespace entente::detail::query {

/// Whether `e` can never be an entity, a relation or a path, whatever the row: a literal, a
/// list or map, what an operator gives, a property of an entity or relation, most functions.
bool never_graph_element(const expression& e, const scope& s);

/// Fails when operand `e` of the boolean operator `op` (AND, OR, XOR, NOT) can never be a
/// boolean or null: a number, string, list or map written in place, arithmetic.
void check_boolean_operand(const binder& b, const expression& e, std::string_view op);

/// Fails when an argument of `function` (lower case) is a variable bound to an entity, a
/// relation or a path, and the function never takes one: `length(n)` of a node.
void check_argument_kinds(const binder& b, std::string_view function,
                          const cypher::function_call& call, const scope& s);

/// Fails when an item of a projection that aggregates also reads, outside its aggregates, a
/// variable that is not a grouping key: `RETURN n.a, n.b + count(*)` (which `n.b`?).
void check_grouping(const binder& b, const cypher::projection& p);

/// Fails when one MATCH names a relationship variable twice: a relationship is matched at most
/// once per pattern, so such a pattern could never match.
void check_relationship_variables(const binder& b, const cypher::match_clause& m);

}  // namespace entente::detail::query

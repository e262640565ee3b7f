#pragma once
// The planner: turns a parsed query into the stages that run it, laying out each MATCH as
// operations (where to start, which conditions to check how early). Internal, not installed.

#include "query/engine.hpp"
#include "query/stages.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace entente::detail::query {

/// A query bound to a graph and planned.
struct planned_query {
  std::vector<std::unique_ptr<stage>> stages;  ///< one per clause, in order
  std::vector<std::string> columns;            ///< of the final RETURN
  /// Every `$name` the query reads, with where it is first written; checked before each run.
  std::vector<std::pair<std::string, source_position>> parameters;
  std::vector<std::string> warnings;  ///< what the query probably got wrong, each with its place
};

/// Binds `q` to `g` and plans it; throws `cypher::name_error` for a name `g` or the query lacks.
/// `writable` is `g` itself when the query may write to it (and declare names in an open
/// schema); with null, a write clause is refused.
planned_query plan_query(const graph& g, const cypher::query& q, graph* writable = nullptr);

}  // namespace entente::detail::query

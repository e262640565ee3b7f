#pragma once
// The plan of one MATCH: the operations the planner lays out and the matcher runs in order,
// with the tests each node and relation must pass. Internal, not installed.

#include "query/engine.hpp"

#include <entente/paths.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace entente::detail::query {

struct property_test {
  std::string key;
  evaluator value;
};

struct node_test {
  std::vector<kind_id> labels;
  std::vector<property_test> properties;
};

/// Relation types one side of a step reads: every type (`all`) or those listed, sorted.
struct type_set {
  bool all = false;
  std::vector<relation_type_id> types;

  [[nodiscard]] bool has(relation_type_id t) const {
    return all || std::binary_search(types.begin(), types.end(), t);
  }
};

/// A relation pattern, read from its left node: `along` the types whose stored relations leave
/// that node, `against` those whose stored relations arrive at it. The schema decides them
/// (schema::add_step_ways) with the arrow: a symmetric type is in both, an inverse name puts its
/// type in `against`, `<-` swaps the two and `-` puts every type in both.
struct relation_test {
  std::vector<std::string> names;  // the types as written (shortestPath passes them on)
  type_set along, against;
  std::vector<property_test> properties;
  bool variable_length = false;
  std::uint64_t min_hops = 1, max_hops = 1;
};

/// One operation of a pattern plan, run in order by a depth-first matcher.
struct operation {
  enum class what { scan, expand, shortest, check, bind_path } op;
  // scan: bind `slot` (or check it when `bound`) from candidates
  std::size_t slot = 0;
  bool bound = false;
  node_test node;
  std::optional<kind_id> scan_kind;  // candidates of this kind (and subkinds)
  evaluator by_id, by_name;          // candidates named by an expression
  // expand: from `from_slot` along `rel` (stored in `rel_slot`) to `slot`
  std::size_t from_slot = 0, rel_slot = 0;
  bool backwards = false;  // walking the pattern right to left
  relation_test rel;
  bool rel_bound = false;
  // shortest
  bool all_shortest = false;
  std::optional<std::size_t> path_slot;
  std::shared_ptr<path_searcher> searcher;
  path_options search_options;
  // bind_path: the pattern's nodes and relations in written order
  std::vector<std::size_t> node_slots, rel_slots;
  // check
  std::vector<evaluator> conditions;
};

}  // namespace entente::detail::query

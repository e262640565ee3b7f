#pragma once
// The query compiler: binds each clause of a query and lays out the stage that runs it. Reading
// clauses are planned in planner.cpp, writing clauses in plan_writes.cpp. Internal, not
// installed.

#include "query/binder.hpp"
#include "query/engine.hpp"
#include "query/plan.hpp"
#include "query/scope.hpp"
#include "query/stages.hpp"
#include "query/writes.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace entente::detail::query {

// A condition of WHERE split at its top-level ANDs, with the variables it reads.
struct conjunct {
  const expression* e;
  std::vector<std::string> reads;
  bool placed = false;
};

// Splits `e` at its top-level ANDs, appending each condition to `out` (planner.cpp).
void split_and(const expression& e, std::vector<conjunct>& out);

class query_compiler {
 public:
  /// `writable` is the same graph as `g` when the query may write to it, else null.
  query_compiler(const graph& g, const cypher::query& q, graph* writable)
      : query_compiler(g, q, q.clauses, false, writable) {}
  /// Compiles `clauses`, one part of `q`; a part of a UNION leaves the query's end to the
  /// union, so its RETURN's LIMIT does not stop the parts after it.
  query_compiler(const graph& g, const cypher::query& q, const std::vector<cypher::clause>& clauses,
                 bool part_of_union, graph* writable)
      : g_(g),
        q_(q),
        clauses_(clauses),
        part_of_union_(part_of_union),
        b_(g, q),
        writable_(writable) {
    b_.plan_pattern = [this](const expression& e, const scope& s) {
      return compile_pattern_expression(e, s);
    };
  }

  const std::vector<std::pair<std::string, source_position>>& parameters() const {
    return b_.parameters;
  }
  const std::vector<std::string>& warnings() const { return b_.warnings; }

  std::vector<std::unique_ptr<stage>> stages;
  std::vector<std::string> columns;

  void compile();

 private:
  [[noreturn]] void refuse_write(const cypher::clause& c) const;

  // Which variables are bound before the current MATCH, or by earlier operations in it.
  bool is_bound(std::string_view name, const std::vector<std::string>& bound_now) const;

  std::size_t slot_for(const std::optional<cypher::identifier>& v, var_kind kind, bool& already);

  node_test compile_node_test(const cypher::node_pattern& n);

  std::vector<property_test> compile_properties(const expression* props, var_kind kind);

  // Candidates by `id` or `name` when a property map or WHERE names one exactly.
  evaluator lookup(const cypher::node_pattern& n, std::string_view key,
                   std::vector<conjunct>& where, const std::vector<std::string>& bound_now);

  // When `e` reads a key of an UNWIND's item (`r.from`) that is used as an entity id, tells
  // that UNWIND to fetch the key's place in the id table ahead (see unwound_item::id_keys).
  void prefetch_ids_of(const expression& e);

  // Whether `lookup(n, "id", ...)` takes the id from the node's own map, which the lookup then
  // answers exactly.
  bool id_from_map(const cypher::node_pattern& n, const std::vector<std::string>& bound_now);

  // How many entities a node pattern may start from (a rough guess, for choosing the start).
  double estimate(const cypher::node_pattern& n, std::vector<conjunct>& where,
                  const std::vector<std::string>& bound_now);

  std::size_t kind_count(kind_id k);

  // Places each WHERE condition right after the operation that binds the last variable it reads.
  void place_conditions(std::vector<operation>& ops, std::vector<conjunct>& where,
                        const std::vector<std::string>& bound_now, bool final);

  void compile_part(const cypher::pattern_part& part, std::vector<operation>& ops,
                    std::vector<conjunct>& where, std::vector<std::string>& bound_now);

  // MATCH, UNWIND, WITH or RETURN (`final` when that RETURN ends the query); false for a
  // clause that writes, which it leaves alone.
  bool compile_reading(const cypher::clause& c, bool final);

  void compile_match(const cypher::match_clause& m);

  void compile_unwind(const cypher::unwind_clause& u);

  // SKIP and LIMIT take a literal or a parameter, read when the query runs.
  evaluator count_argument(const expression* e);

  // WITH, or RETURN (`returns`); `final` when it ends the query.
  void compile_projection(const cypher::projection& p, const expression* where, bool where_first,
                          bool final, bool returns, source_position at);

  void add(std::unique_ptr<stage> st);

  // ---- patterns inside expressions (subqueries.cpp) ----
  // A pattern predicate, EXISTS { ... } or pattern comprehension, planned like a MATCH that
  // starts from the variables `outer` binds.
  evaluator compile_pattern_expression(const expression& e, const scope& outer);
  // `EXISTS { MATCH ... RETURN ... }`: its clauses as stages of their own, fed the outer row.
  evaluator compile_subquery(const cypher::subquery& body, const scope& outer);

  // ---- the clauses that write (plan_writes.cpp) ----
  void compile_write(const cypher::clause& c, bool last);
  // Lets each CREATE that may write row by row do so, once every stage is laid out.
  void choose_streaming_writes();
  // Whether the CREATE of stage `at` could not change what the stages before it read, nor
  // what those after it read before the next stage that holds every row.
  bool creates_unseen(std::size_t at) const;
  bool passes_on_unseen(std::size_t at) const;
  std::unique_ptr<write_stage> compile_create(const cypher::create_clause& c);
  std::unique_ptr<write_stage> compile_merge(const cypher::merge_clause& m);
  std::unique_ptr<write_stage> compile_set(const cypher::set_clause& s);
  std::unique_ptr<write_stage> compile_remove(const cypher::remove_clause& r);
  std::unique_ptr<write_stage> compile_delete(const cypher::delete_clause& d);
  // `CREATE (:Source {...})`: a pattern that declares a source document rather than an entity.
  bool declares_source(const cypher::pattern_part& part) const;
  std::unique_ptr<write_stage> compile_sources(
      const std::vector<const cypher::pattern_part*>& parts, bool merge);
  // The variables a write pattern reuses: those bound before its clause (slots below `width`)
  // and those an earlier part of the clause made (`made`).
  struct bound_names {
    std::size_t width;
    std::unordered_set<std::string> made;
  };
  bool reused(const bound_names& bound, const std::string& name) const;
  // What a pattern makes; it adds the variables it makes to `bound`.
  creation compile_creation(const cypher::pattern_part& part, bound_names& bound, bool merging);
  property_writes compile_property_writes(const expression* props);
  set_action compile_set_item(const cypher::set_item& item);
  // A kind or relation type a write names: known, or declared now in an open schema.
  kind_id writable_label(const cypher::identifier& label);
  std::pair<relation_type_id, bool> writable_type(const cypher::identifier& type);
  // Keys the query writes count as known when it reads them (`SET n.x = 1 RETURN n.x`).
  void know_written_keys();

  const graph& g_;
  const cypher::query& q_;
  const std::vector<cypher::clause>& clauses_;
  bool part_of_union_;
  binder b_;
  scope scope_;
  std::unordered_map<kind_id, std::size_t> kind_counts_;
  std::size_t unwinds_ = 0;  // UNWINDs of a parameter so far
  graph* writable_;
  // A pattern predicate, EXISTS or pattern comprehension reads the graph as rows flow.
  bool reads_patterns_in_expressions_ = false;
};

}  // namespace entente::detail::query

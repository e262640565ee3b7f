#pragma once
// The stages a query runs as, one per clause, in a push pipeline: each hands its rows to the
// next, so LIMIT, the row limit and the deadline stop work early. Internal, not installed.

#include "query/aggregates.hpp"
#include "query/engine.hpp"
#include "query/plan.hpp"
#include "query/scope.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace entente::detail::query {

struct stage {
  stage* next = nullptr;
  virtual ~stage() = default;
  // Readies the stage for a new run (a prepared query runs many times).
  virtual void start(context&) {}
  virtual void push(row& r, context& ctx) = 0;
  virtual void finish(context& ctx) {
    if (next) next->finish(ctx);
  }
};

/// MATCH and OPTIONAL MATCH: the matcher's every match of the pattern, per input row
/// (matcher.cpp).
struct match_stage : stage {
  std::vector<operation> ops;
  bool optional = false;
  std::vector<std::size_t> new_slots;
  std::size_t width = 0;

  void start(context& ctx) override;
  void push(row& r, context& ctx) override;

 private:
  row work_;  // the row being matched, kept for the storage it holds
};

/// UNWIND: one row per item of a list.
struct unwind_stage : stage {
  evaluator list;
  std::string parameter;  // when the list is `$name`: read in place, not copied per row
  std::shared_ptr<unwound_item> item;  // with `parameter`: see scope.hpp
  std::size_t slot = 0, width = 0;
  void start(context& ctx) override;
  void push(row& r, context& ctx) override;

 private:
  void prefetch_ids(const query_value& upcoming, const context& ctx) const;
};

struct sort_key {
  evaluator key;
  bool descending = false;
};

// WITH and RETURN: projection, grouping with aggregates, DISTINCT, ORDER BY, SKIP, LIMIT and
// WITH's WHERE.
struct projection_stage : stage {
  std::vector<evaluator> items;    // over the input row (non-aggregating items)
  std::vector<bool> is_aggregate;  // per item
  std::vector<aggregate_spec> aggregates;
  // An aggregating item reads the group's first input row and the aggregate results.
  std::vector<std::function<query_value(const row&, const row&, context&)>> finals;
  bool aggregating = false;
  bool distinct = false;
  std::vector<sort_key> order;  // over [projected..., input...]
  bool order_sees_input = false;
  std::int64_t skip = 0;
  std::optional<std::int64_t> limit;
  evaluator skip_count, limit_count;  // read at the start of each run
  source_position skip_at, limit_at;
  const std::string* text = nullptr;
  evaluator where;  // over the projected row, followed by the input row when it sees it
  bool where_first = false;
  bool where_sees_input = false;  // WITH's WHERE reads a variable the WITH does not pass on
  bool final = false;             // RETURN at the end: reaching LIMIT may stop the whole query
  std::size_t input_width = 0;

  std::map<row, std::pair<row, std::vector<aggregate_state>>, row_less> groups;
  std::vector<row> buffered;
  std::set<row, row_less> seen;
  std::int64_t skipped = 0, passed = 0;

  void start(context& ctx) override;
  void push(row& r, context& ctx) override;
  void finish(context& ctx) override;

 private:
  std::int64_t count(const evaluator& e, source_position at, const char* what, context& ctx);
  row project(const row& in, context& ctx);
  void emit(row& out, context& ctx);
};

/// UNION and UNION ALL: runs each part's stages in turn on the row it is given and passes on
/// the rows they return, once each for UNION.
struct union_stage : stage {
  std::vector<std::vector<std::unique_ptr<stage>>> parts;
  bool distinct = false;

  /// Ends every part's pipeline at this stage's own entrance for their rows.
  void join();
  void start(context& ctx) override;
  void push(row& r, context& ctx) override;

 private:
  // Where the parts' rows arrive; its `finish` does nothing, since a part ending is not the
  // union ending.
  struct joint : stage {
    union_stage* owner = nullptr;
    void push(row& r, context& ctx) override;
    void finish(context&) override {}
  };
  joint joint_;
  std::set<row, row_less> seen_;
  row input_;
};

/// The end of the pipeline: the rows of the result.
struct sink : stage {
  std::vector<row> rows;
  std::optional<std::size_t> max_rows;
  void push(row& r, context&) override;
  void finish(context&) override {}
};

}  // namespace entente::detail::query

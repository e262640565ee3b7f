#pragma once
// Aggregates of WITH and RETURN (count, sum, avg, min, max, collect, percentiles, standard
// deviations): what one computes and
// the state it keeps per group while rows arrive. Internal, not installed.

#include "query/engine.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string_view>

namespace entente::detail::query {

enum class aggregate_kind {
  count,
  count_star,
  sum,
  avg,
  min,
  max,
  collect,
  percentile_disc,
  percentile_cont,
  stdev,
  stdevp
};

/// Whether the aggregate takes a second argument, the percentile (0.0 to 1.0).
constexpr bool takes_percentile(aggregate_kind k) {
  return k == aggregate_kind::percentile_disc || k == aggregate_kind::percentile_cont;
}

struct aggregate_spec {
  aggregate_kind kind;
  bool distinct = false;
  evaluator argument;
  evaluator percentile;  // with takes_percentile(kind)
};

struct aggregate_state {
  std::int64_t count = 0;
  bool all_int = true;
  std::int64_t int_sum = 0;
  double float_sum = 0;
  query_value duration_sum;  // null until sum or avg meets a duration
  query_value best;
  query_value::list items;  // collect; the numbers of percentiles and deviations
  double percentile = 0;
  std::set<row, row_less> seen;
};

/// The percentile argument of percentileDisc and percentileCont; an error unless 0.0 to 1.0.
double percentile_argument(const query_value& p);

/// Adds row `r` to the state of one aggregate of its group.
void accumulate(const aggregate_spec& spec, aggregate_state& st, const row& r, context& ctx);

/// The aggregate's value once its group has seen every row.
query_value result_of(const aggregate_spec& spec, const aggregate_state& st);

/// The aggregate a function name (lower case) stands for, if it is one.
std::optional<aggregate_kind> aggregate_named(std::string_view lowered);

}  // namespace entente::detail::query

#pragma once
// Aggregates of WITH and RETURN (count, sum, avg, min, max, collect): what one computes and
// the state it keeps per group while rows arrive. Internal, not installed.

#include "query/engine.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string_view>

namespace entente::detail::query {

enum class aggregate_kind { count, count_star, sum, avg, min, max, collect };

struct aggregate_spec {
  aggregate_kind kind;
  bool distinct = false;
  evaluator argument;
};

struct aggregate_state {
  std::int64_t count = 0;
  bool all_int = true;
  std::int64_t int_sum = 0;
  double float_sum = 0;
  query_value duration_sum;  // null until sum or avg meets a duration
  query_value best;
  query_value::list items;
  std::set<row, row_less> seen;
};

/// Adds row `r` to the state of one aggregate of its group.
void accumulate(const aggregate_spec& spec, aggregate_state& st, const row& r, context& ctx);

/// The aggregate's value once its group has seen every row.
query_value result_of(const aggregate_spec& spec, const aggregate_state& st);

/// The aggregate a function name (lower case) stands for, if it is one.
std::optional<aggregate_kind> aggregate_named(std::string_view lowered);

}  // namespace entente::detail::query

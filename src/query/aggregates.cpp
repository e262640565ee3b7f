// Aggregates of WITH and RETURN: folding a group's rows into a count, a sum, an average, a
// least or greatest value or a list.

#include "query/aggregates.hpp"
#include "query/temporal.hpp"

#include <fmt/format.h>

#include <utility>

namespace entente::detail::query {

void accumulate(const aggregate_spec& spec, aggregate_state& st, const row& r, context& ctx) {
  if (spec.kind == aggregate_kind::count_star) {
    ++st.count;
    return;
  }
  auto v = spec.argument(r, ctx);
  if (v.is_null()) return;
  if (spec.distinct && !st.seen.insert(row{v}).second) return;
  ++st.count;
  switch (spec.kind) {
    case aggregate_kind::sum:
    case aggregate_kind::avg:
      // Durations add up as durations; numbers and durations do not mix.
      if (v.is_duration() && (st.count == 1 || !st.duration_sum.is_null())) {
        st.duration_sum = st.count == 1 ? v : *temporal_arithmetic('+', st.duration_sum, v);
        break;
      }
      if (!v.is_number() || !st.duration_sum.is_null())
        throw error(fmt::format("sum and avg need numbers or durations, got {} {}", v.type_name(),
                                to_string(v)));
      if (v.is_int() && st.all_int) {
        if (__builtin_add_overflow(st.int_sum, v.as_int(), &st.int_sum))
          throw error("integer overflow in sum");
      } else {
        if (st.all_int) st.float_sum = static_cast<double>(st.int_sum);
        st.all_int = false;
      }
      if (!st.all_int) st.float_sum += v.as_number();
      break;
    case aggregate_kind::min:
      if (st.count == 1 || compare_for_order(v, st.best) < 0) st.best = v;
      break;
    case aggregate_kind::max:
      if (st.count == 1 || compare_for_order(v, st.best) > 0) st.best = v;
      break;
    case aggregate_kind::collect: st.items.push_back(std::move(v)); break;
    default: break;
  }
}

query_value result_of(const aggregate_spec& spec, const aggregate_state& st) {
  switch (spec.kind) {
    case aggregate_kind::count:
    case aggregate_kind::count_star: return st.count;
    case aggregate_kind::sum:
      if (!st.duration_sum.is_null()) return st.duration_sum;
      return st.all_int ? query_value(st.int_sum) : query_value(st.float_sum);
    case aggregate_kind::avg:
      if (st.count == 0) return nullptr;
      if (!st.duration_sum.is_null()) return *temporal_arithmetic('/', st.duration_sum, st.count);
      return (st.all_int ? static_cast<double>(st.int_sum) : st.float_sum) /
             static_cast<double>(st.count);
    case aggregate_kind::min:
    case aggregate_kind::max: return st.count ? st.best : query_value();
    case aggregate_kind::collect: return st.items;
  }
  return nullptr;
}

std::optional<aggregate_kind> aggregate_named(std::string_view lowered) {
  if (lowered == "count") return aggregate_kind::count;
  if (lowered == "sum") return aggregate_kind::sum;
  if (lowered == "avg") return aggregate_kind::avg;
  if (lowered == "min") return aggregate_kind::min;
  if (lowered == "max") return aggregate_kind::max;
  if (lowered == "collect") return aggregate_kind::collect;
  return std::nullopt;
}

}  // namespace entente::detail::query

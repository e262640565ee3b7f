// Aggregates of WITH and RETURN: folding a group's rows into a count, a sum, an average, a
// least or greatest value, a list, a percentile or a standard deviation.

#include "query/aggregates.hpp"
#include "query/temporal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
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
    case aggregate_kind::percentile_disc:
    case aggregate_kind::percentile_cont:
      if (st.count == 1) st.percentile = percentile_argument(spec.percentile(r, ctx));
      [[fallthrough]];
    case aggregate_kind::stdev:
    case aggregate_kind::stdevp:
      if (!v.is_number())
        throw error(fmt::format("percentiles and standard deviations need numbers, got {} {}",
                                v.type_name(), to_string(v)));
      st.items.push_back(std::move(v));
      break;
    default: break;
  }
}

namespace {

// percentileDisc: the least value with at least that share of the values at or below it.
query_value percentile_disc(query_value::list sorted, double p) {
  auto n = static_cast<double>(sorted.size());
  auto at = static_cast<std::size_t>(std::max(0.0, std::ceil(p * n) - 1));
  return sorted[std::min(at, sorted.size() - 1)];
}

// percentileCont: interpolated linearly between the two values around the share.
query_value percentile_cont(const query_value::list& sorted, double p) {
  double at = p * static_cast<double>(sorted.size() - 1);
  auto below = static_cast<std::size_t>(std::floor(at));
  auto above = static_cast<std::size_t>(std::ceil(at));
  double low = sorted[below].as_number(), high = sorted[above].as_number();
  return low + (high - low) * (at - static_cast<double>(below));
}

double standard_deviation(const query_value::list& values, bool sample) {
  auto n = static_cast<double>(values.size());
  if (values.size() < (sample ? 2u : 1u)) return 0.0;
  double mean = 0;
  for (const auto& v : values) mean += v.as_number();
  mean /= n;
  double squares = 0;
  for (const auto& v : values) squares += (v.as_number() - mean) * (v.as_number() - mean);
  return std::sqrt(squares / (sample ? n - 1 : n));
}

}  // namespace

double percentile_argument(const query_value& p) {
  if (!p.is_number() || std::isnan(p.as_number()) || p.as_number() < 0 || p.as_number() > 1)
    throw error(fmt::format("a percentile is a number from 0.0 to 1.0, got {}", to_string(p)));
  return p.as_number();
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
    case aggregate_kind::percentile_disc:
    case aggregate_kind::percentile_cont: {
      if (st.items.empty()) return nullptr;
      auto sorted = st.items;
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const auto& a, const auto& b) { return a.as_number() < b.as_number(); });
      return spec.kind == aggregate_kind::percentile_disc
                 ? percentile_disc(std::move(sorted), st.percentile)
                 : percentile_cont(sorted, st.percentile);
    }
    case aggregate_kind::stdev:
    case aggregate_kind::stdevp:
      return standard_deviation(st.items, spec.kind == aggregate_kind::stdev);
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
  if (lowered == "percentiledisc") return aggregate_kind::percentile_disc;
  if (lowered == "percentilecont") return aggregate_kind::percentile_cont;
  if (lowered == "stdev") return aggregate_kind::stdev;
  if (lowered == "stdevp") return aggregate_kind::stdevp;
  return std::nullopt;
}

}  // namespace entente::detail::query

#pragma once
// What every part of the query engine shares while a query runs: the row, the run's context
// and the evaluator compiled from an expression. Internal, not installed.

#include "query/transaction.hpp"

#include <entente/query.hpp>
#include <entente/view.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace entente::detail::query {

using row = std::vector<query_value>;
using cypher::expression;
using cypher::source_position;

/// Thrown to stop a query early: `why` empty when a LIMIT was reached (the result is whole).
struct stop_query {
  std::string why;
};

/// The most relations a variable-length pattern walks in one match, whatever its upper bound
/// (`*`, `*2..`, `*..5000`): the walk recurses once per relation, so this bounds its depth. A
/// walk that could go on at this length stops there and the result says it was cut.
inline constexpr std::size_t max_walk_hops = 1000;

/// `s` in lower case (ASCII): function names and keywords match whatever their case.
inline std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Makes `to` a copy of `from` widened to `width` slots, the new ones null. A stage keeps its
/// `to` from row to row, so that copying into it reuses the storage of the last row's values
/// (a map item of `UNWIND $rows` copies without allocating).
inline void copy_row(row& to, const row& from, std::size_t width) {
  to.resize(width);
  std::copy(from.begin(), from.end(), to.begin());
  for (std::size_t i = from.size(); i < width; ++i) to[i] = nullptr;
}

/// Rows in ORDER BY's total order, column by column: keys of groups and of DISTINCT.
struct row_less {
  bool operator()(const row& a, const row& b) const {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (int c = compare_for_order(a[i], b[i])) return c < 0;
    return false;
  }
};

/// What every stage may consult while the query runs.
struct context {
  const graph& g;
  const query_options& opts;
  std::optional<view> visible;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  std::uint32_t ticks = 0;
  bool walk_cut = false;  // a variable-length walk stopped at max_walk_hops
  // A write query's graph (the same as `g`), and what its writes changed so far.
  graph* writable = nullptr;
  graph_transaction* transaction = nullptr;  // set with `writable`
  write_summary changes;
  std::size_t writes_pending = 0;  // write clauses not yet done
  // For each base of numbered ids (an open schema's entities without a name), the last number
  // given (numbered_entity_id).
  std::unordered_map<std::string, std::size_t> next_entity_number;
  // The list of each UNWIND of a parameter whose rows hold positions (see scope.hpp).
  std::vector<const query_value*> unwound;
  // The instant `date()`, `datetime()`... read, the same for the whole query (nanoseconds since
  // the epoch; the minimum until a temporal function first asks).
  std::int64_t statement_clock_nanos = std::numeric_limits<std::int64_t>::min();

  context(const graph& graph, const query_options& options) : g(graph), opts(options) {
    refresh();
    if (opts.timeout) deadline = std::chrono::steady_clock::now() + *opts.timeout;
  }

  /// Sees the graph as it is now: called after each write clause, since the evidence and
  /// time filter knows relations by index.
  void refresh() {
    if (opts.min_evidence || opts.as_of || opts.as_known)
      visible.emplace(g, view_options{.min_evidence = opts.min_evidence,
                                      .as_of = opts.as_of,
                                      .as_known = opts.as_known});
  }

  /// Before a write changes entity `e` (relation `r`), or removes anything: what the query
  /// did not make is copied once, so that a failure can put it back.
  void before_changing_entity(entity_index e) const {
    if (!transaction->made_entity(e)) transaction->before_change();
  }
  void before_changing_relation(relation_index r) const {
    if (!transaction->made_relation(r)) transaction->before_change();
  }

  /// The item at `position` of the list UNWIND number `unwind` reads: a list's item, or the one
  /// value that is not a list.
  const query_value& unwound_item(std::size_t unwind, const query_value& position) const {
    const query_value& list = *unwound[unwind];
    if (!list.is_list()) return list;
    return list.as_list()[static_cast<std::size_t>(position.as_int())];
  }

  bool sees(relation_index r) const { return !visible || visible->keeps_relation(r); }

  /// Called in every inner loop; looks at the clock only every few thousand steps.
  void tick() {
    if (deadline && (++ticks & 0xFFF) == 0 && std::chrono::steady_clock::now() >= *deadline)
      throw stop_query{fmt::format(
          "stopped at the deadline of {} ms",
          std::chrono::duration_cast<std::chrono::milliseconds>(*opts.timeout).count())};
  }
};

/// An expression compiled against a scope: reads the row and the run's context.
using evaluator = std::function<query_value(const row&, context&)>;

}  // namespace entente::detail::query

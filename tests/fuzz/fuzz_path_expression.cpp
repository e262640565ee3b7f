// Fuzzes regular path expressions (paths.hpp): the input is an expression. It is compiled
// against the small graph's schema and searched on that graph with a deadline (the direction
// chosen by the input's length): shortest path, every path, every entity reachable. The shortest
// walk is never longer than the shortest relation-distinct path the enumeration finds first.

#include "fuzz.hpp"

#include <entente/paths.hpp>

#include <chrono>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace entente;
  const auto& g = fuzzing::tiny_graph();
  static const entity_index ava = g.at("AVA"), bor = g.at("BOR"), dru = g.at("DRU");
  try {
    path_expression expr(g.schema(), fuzzing::text(data, size));
    path_options opts{.direction = static_cast<direction>(size % 3),
                      .max_hops = 8,
                      .limit = 100,
                      .timeout = std::chrono::milliseconds(100)};
    auto shortest = rpq_shortest_path(g, ava, dru, expr, opts);
    auto all = rpq_paths(g, ava, dru, expr, opts);
    for (const auto& p : all.paths)
      if (p.length() > opts.max_hops || p.nodes().front() != ava || p.nodes().back() != dru)
        fuzzing::broken("every path found runs from `from` to `to` within max_hops");
    if (shortest && !all.paths.empty() && shortest->length() > all.paths.front().length())
      fuzzing::broken("rpq_shortest_path is no longer than the first of rpq_paths",
                      std::to_string(shortest->length()));
    if (expr.matches_empty() && !rpq_shortest_path(g, bor, bor, expr, opts))
      fuzzing::broken("an expression matching the empty path finds it");
    (void)rpq_reachable(g, bor, expr, opts);
  } catch (const error&) {
  }
  return 0;
}

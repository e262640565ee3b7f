#pragma once
/// Path search: the shortest chain of relations between two entities (breadth-first from both
/// ends), the cheapest under a weight (Dijkstra), the k shortest (Yen), every simple path, every
/// path matching a regular path expression (`supports+`, `(supplies|aids)/allied_with*`,
/// `^sanctions`), and explanations of a path, step by step.
///
/// Every search honours minimum evidence, valid time (`as_of`) and publication time (`as_known`),
/// follows inverse names (`sanctioned_by` is `sanctions` backwards) and symmetric types
/// (`allied_with`) both ways, and is bounded: enumerations stop at `limit` paths, `max_hops`
/// relations per path and the `timeout`, and say when and why they stopped.
///
///     auto p = shortest_path(g, g.at("Kim Jong-un"), g.at("Ukraine"),
///                            {.via = {"leads", "supports", "wages_war_on"}, .max_hops = 4});

#include <entente/graph.hpp>
#include <entente/model.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace entente {

/// Which way relations are followed: as stored (`out`), backwards (`in`) or both (`any`).
/// Symmetric types (`allied_with`) are followed both ways whatever the direction.
enum class direction : std::uint8_t { out, in, any };

[[nodiscard]] constexpr std::string_view to_string(direction d) noexcept {
  return d == direction::out ? "out" : d == direction::in ? "in" : "any";
}

/// The direction named `text` (`out`, `in`, `any`), or nothing.
[[nodiscard]] constexpr std::optional<direction> parse_direction(std::string_view text) noexcept {
  for (direction d : {direction::out, direction::in, direction::any})
    if (to_string(d) == text) return d;
  return std::nullopt;
}

/// Decides whether a step may use relation `r`; `reversed` when the step walks it from its
/// target to its source.
using step_predicate = std::function<bool(const graph&, relation_index r, bool reversed)>;

/// The cost of walking a relation: finite and not negative; infinity means "never".
using relation_weight = std::function<double(const graph&, relation_index)>;

/// What a path search may follow, and how far it may go.
/// `{.via = {"sanctioned_by"}, .min_evidence = evidence::reported, .max_hops = 3}`
struct path_options {
  /// Relation types to follow, by name or inverse name (`sanctioned_by` follows `sanctions`
  /// backwards); empty follows every type.
  std::vector<std::string> via;
  entente::direction direction = entente::direction::out;
  std::size_t max_hops = 16;             ///< most relations in one path
  std::optional<evidence> min_evidence;  ///< only relations at least this sure
  std::optional<date> as_of;             ///< only relations valid at this date
  std::optional<date> as_known;          ///< only what sources published by this date said
  step_predicate step_filter;            ///< a further test per step, when set
  std::size_t limit = 1000;              ///< most paths an enumeration returns
  /// Wall-clock budget of one search; a search past it stops and says so. Zero stops at once.
  std::optional<std::chrono::steady_clock::duration> timeout;
};

/// The paths an enumeration found, and whether (and why) it stopped before finding them all:
/// "stopped at the limit of 1000 paths", "stopped at the deadline",
/// "stopped at the limit of 16 hops" (longer paths may exist).
struct path_result {
  std::vector<path> paths;
  bool cut = false;
  std::string why_cut;
};

namespace detail {
class search_state;
struct path_automaton;
}  // namespace detail

/// A reusable shortest-path search: options are resolved once, and visited marks are reused
/// between queries (no O(entities) clearing per query). One searcher serves one thread at a time;
/// the graph must not change while it is in use.
class path_searcher {
 public:
  /// Resolves `opts` against `g`; unknown type names in `via` throw lookup_error.
  explicit path_searcher(const graph& g, const path_options& opts = {});
  ~path_searcher();
  path_searcher(path_searcher&&) noexcept;
  path_searcher& operator=(path_searcher&&) noexcept;

  /// The shortest path from `from` to `to` (fewest relations), or nothing when none exists
  /// within the bounds; `cut()` then says whether a bound was hit.
  [[nodiscard]] std::optional<path> find(entity_index from, entity_index to);
  /// Whether the last `find` stopped at `max_hops` or the deadline.
  [[nodiscard]] bool cut() const noexcept;
  [[nodiscard]] const std::string& why_cut() const noexcept;

 private:
  std::unique_ptr<detail::search_state> state_;
};

/// Shortest chain of relations from `from` to `to` (fewest relations), or nothing if none exists
/// within `opts.max_hops` (or before the deadline). From an entity to itself: the empty path.
/// Of parallel relations the one with the smallest index is taken, so the answer is stable.
[[nodiscard]] std::optional<path> shortest_path(const graph& g, entity_index from, entity_index to,
                                                const path_options& opts = {});

/// Every shortest path from `from` to `to` (parallel relations make distinct paths), up to
/// `opts.limit`, ordered by their relations; Cypher's `allShortestPaths`.
[[nodiscard]] path_result all_shortest_paths(const graph& g, entity_index from, entity_index to,
                                             const path_options& opts = {});

/// The cheapest path from `from` to `to` under `weight` (Dijkstra), with at most
/// `opts.max_hops` relations; relations of infinite weight are not followed. A negative or NaN
/// weight throws `error`. `weighted_shortest_path(g, a, b, by_evidence)`
[[nodiscard]] std::optional<path> weighted_shortest_path(const graph& g, entity_index from,
                                                         entity_index to,
                                                         const relation_weight& weight,
                                                         const path_options& opts = {});

/// The sum of `weight` over the relations of `p`.
[[nodiscard]] double path_weight(const path& p, const relation_weight& weight);

/// A weight that prefers sure relations: confirmed 1, reported 2, alleged 4, speculated 8;
/// denied relations are not followed.
[[nodiscard]] inline double by_evidence(const graph& g, relation_index r) {
  switch (g.evidence(r)) {
    case evidence::confirmed: return 1;
    case evidence::reported: return 2;
    case evidence::alleged: return 4;
    case evidence::speculated: return 8;
    case evidence::denied: break;
  }
  return std::numeric_limits<double>::infinity();
}

/// A weight that prefers strong cooperation: 11 minus the type's Goldstein weight, so a
/// +10 relation costs 1 and a −10 one costs 21 (the friendliest chain of ties).
[[nodiscard]] double by_cooperation(const graph& g, relation_index r);

/// A weight that prefers strong conflict: 11 plus the type's Goldstein weight, so a −10
/// relation costs 1 and a +10 one costs 21 (the most hostile chain).
[[nodiscard]] double by_conflict(const graph& g, relation_index r);

/// The `k` shortest loop-free paths from `from` to `to`, shortest first, ties ordered by their
/// relations (Yen's algorithm). Parallel relations make distinct paths. At most `opts.limit`.
[[nodiscard]] path_result k_shortest_paths(const graph& g, entity_index from, entity_index to,
                                           std::size_t k, const path_options& opts = {});

/// Every simple path (no entity twice) from `from` to `to` with at most `opts.max_hops`
/// relations, shortest first, so that a cut keeps the shortest; ties in search order.
[[nodiscard]] path_result all_simple_paths(const graph& g, entity_index from, entity_index to,
                                           const path_options& opts = {});

/// A regular path expression over relation types, compiled against a schema:
/// a type name or inverse name (`supports`, `sanctioned_by`), `^x` (x backwards), `x/y` (x then
/// y), `x|y` (either), `x*` (zero or more), `x+` (one or more), `x?` (zero or one) and
/// parentheses: `(supplies|aids)/allied_with*`. It nests at most 100 levels: each `(` or `^`
/// inside another, and each operator over what an operator made (`x**`, `^^x`).
class path_expression {
 public:
  /// Compiles `text`; throws parse_error (line 1, with the column) for bad syntax or nesting
  /// past the bound, and lookup_error (with the closest names) for an unknown type.
  path_expression(const schema& s, std::string_view text);

  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  /// Whether the expression matches the empty path (`supports*`).
  [[nodiscard]] bool matches_empty() const noexcept;
  [[nodiscard]] const detail::path_automaton& automaton() const noexcept { return *automaton_; }

 private:
  std::string text_;
  std::shared_ptr<const detail::path_automaton> automaton_;
};

/// The shortest path from `from` to `to` whose relation types spell a word of `expr`, or
/// nothing. It is a walk (as in SPARQL): it may pass an entity or a relation twice when the
/// expression asks for it. `opts.direction` `in` reads every step backwards, `any` either way;
/// `opts.via` must be empty (the expression names the types).
[[nodiscard]] std::optional<path> rpq_shortest_path(const graph& g, entity_index from,
                                                    entity_index to, const path_expression& expr,
                                                    const path_options& opts = {});

/// Every path from `from` to `to` matching `expr` that uses no relation twice (Cypher's
/// relationship isomorphism, so a cycle back to `from` counts), shortest first, bounded by
/// `opts.limit`, `opts.max_hops` and the deadline.
/// `rpq_paths(g, prk, ukr, path_expression(g.schema(), "(supplies|aids)/wages_war_on"))`
[[nodiscard]] path_result rpq_paths(const graph& g, entity_index from, entity_index to,
                                    const path_expression& expr, const path_options& opts = {});

/// As above, compiling `expr` against the graph's schema first.
[[nodiscard]] inline path_result rpq_paths(const graph& g, entity_index from, entity_index to,
                                           std::string_view expr, const path_options& opts = {}) {
  return rpq_paths(g, from, to, path_expression(g.schema(), expr), opts);
}

/// Every entity reachable from `from` by a path matching `expr` within `opts.max_hops`, in
/// order of distance, then index: `(a)-[:supports*]->(b)` for every b.
[[nodiscard]] std::vector<entity_index> rpq_reachable(const graph& g, entity_index from,
                                                      const path_expression& expr,
                                                      const path_options& opts = {});

/// The weakest link of a path: what a chain of claims is only as good as.
struct path_strength {
  evidence weakest = evidence::confirmed;          ///< the lowest evidence of any step
  std::optional<relation_index> weakest_relation;  ///< the first step with that evidence
  date oldest_since;               ///< the earliest start of any step's valid time, if any
  std::size_t fewest_sources = 0;  ///< fewest distinct sources behind one step
  bool single_sourced = false;     ///< some step rests on one source or none
};

/// The weakest link of `p`; the empty path is as strong as can be.
[[nodiscard]] path_strength weakest_link(const path& p);

/// `p` told step by step, one sentence a line:
/// `North Korea supports Russia (confirmed, since 2024; article-a: “fully and unconditionally
/// supports”)`. A step walked backwards reads through its type's inverse name
/// (`Russia is sanctioned by United States`) where there is one.
[[nodiscard]] std::string explain(const path& p);

/// One step of `p` as a sentence, as `explain` writes it.
[[nodiscard]] std::string explain_step(const path& p, std::size_t i);

}  // namespace entente

#pragma once
// What every path search shares: the steps it may take (types, directions, evidence, time, the
// caller's filter), its bounds (deadline, limits, why it stopped) and the walks it is made of.

#include <entente/graph.hpp>
#include <entente/model.hpp>
#include <entente/paths.hpp>
#include <entente/view.hpp>

#include "paths/marks.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace entente::detail {

// ---- how a type may be walked ----------------------------------------------------------------

// Per relation type, a mask of how a step may walk it: as stored (along), from target to source
// (against). The schema decides it for a named step (schema::add_step_ways), as for Cypher.
inline constexpr std::uint8_t along = step_along, against = step_against,
                              both_ways = step_both_ways;

inline std::uint8_t swapped(std::uint8_t bits) {
  return static_cast<std::uint8_t>(((bits & along) ? against : 0) | ((bits & against) ? along : 0));
}

// Throws lookup_error for `name`, with the closest type and inverse names; `where` ends the
// message.
[[noreturn]] void unknown_type(const schema& s, std::string_view name, std::string where = "");

// Applies the search direction to masks the schema made.
void apply_direction(std::vector<std::uint8_t>& mask, direction d);

// ---- bounds ----------------------------------------------------------------------------------

std::string limit_reached(std::size_t limit);
std::string hops_reached(std::size_t hops);
inline constexpr const char* deadline_reached = "stopped at the deadline";

// Whether and why a search stopped early; the first reason wins.
struct cut_report {
  bool cut = false;
  std::string why;
  void set(std::string reason) {
    if (cut) return;
    cut = true;
    why = std::move(reason);
  }
};

// A deadline that is cheap to ask about: the clock is read on the first call and then once every
// 256 calls, so a zero timeout stops at once and a loop pays little for asking.
class budget {
 public:
  explicit budget(const std::optional<std::chrono::steady_clock::duration>& timeout) {
    using clock = std::chrono::steady_clock;
    if (!timeout) return;
    auto now = clock::now();
    if (*timeout <= clock::duration::zero())
      set_deadline(now);
    else if (*timeout < clock::time_point::max() - now)
      set_deadline(now + *timeout);
  }
  bool expired() {
    if (!has_deadline_) return false;
    if (expired_) return true;
    if ((ticks_++ & 255u) != 0) return false;
    expired_ = std::chrono::steady_clock::now() >= deadline_;
    return expired_;
  }

 private:
  void set_deadline(std::chrono::steady_clock::time_point at) {
    deadline_ = at;
    has_deadline_ = true;
  }

  // A flag beside a plain time rather than an optional: inlined into several searches, GCC takes
  // a disengaged optional's time for one read uninitialised (-Wmaybe-uninitialized).
  std::chrono::steady_clock::time_point deadline_{};
  bool has_deadline_ = false;
  std::uint32_t ticks_ = 0;
  bool expired_ = false;
};

// ---- what a step may use ---------------------------------------------------------------------

// Evidence, time and the caller's predicate, relation by relation.
class relation_filter {
 public:
  relation_filter(const graph& g, const path_options& opts) : graph_(&g), pred_(opts.step_filter) {
    if (opts.min_evidence || opts.as_of || opts.as_known)
      view_.emplace(g, view_options{.min_evidence = opts.min_evidence,
                                    .as_of = opts.as_of,
                                    .as_known = opts.as_known});
  }
  [[nodiscard]] bool keeps(relation_index r, bool reversed) const {
    if (view_ && !view_->keeps_relation(r)) return false;
    return !pred_ || pred_(*graph_, r, reversed);
  }

 private:
  const graph* graph_;
  std::optional<view> view_;
  step_predicate pred_;
};

// Which adjacency entries one way of walking reads: all of them, or the spans of some types
// (found by binary search, so a vertex's other relations are never looked at).
struct scan_plan {
  bool all = false;
  std::vector<relation_type_id> types;

  // What expanding v costs. For an entity with few relations the total stands in for the
  // count of the wanted types: reading its offsets is one memory access, finding its typed spans
  // several, and searches price thousands of entities they never expand.
  [[nodiscard]] std::size_t degree(const graph& g, entity_index v, bool outgoing) const {
    auto total = outgoing ? g.out_relations(v).size() : g.in_relations(v).size();
    if (all || total <= 16) return total;
    std::size_t d = 0;
    for (auto t : types) d += outgoing ? g.out_relations(v, t).size() : g.in_relations(v, t).size();
    return d;
  }
  // Calls f(entry) for each entry; when f returns false, the rest of that entry's type run is
  // skipped (runs are ordered by relation index, so a search for the smallest index can stop).
  template <class F>
  void each(const graph& g, entity_index v, bool outgoing, F&& f) const {
    if (all) {
      auto entries = outgoing ? g.out_relations(v) : g.in_relations(v);
      for (std::size_t i = 0; i < entries.size(); ++i)
        if (!f(entries[i]))
          while (i + 1 < entries.size() && entries[i + 1].type == entries[i].type) ++i;
      return;
    }
    for (auto t : types)
      for (const auto& e : outgoing ? g.out_relations(v, t) : g.in_relations(v, t))
        if (!f(e)) break;
  }
};

// Calls f; a callback returning nothing always goes on.
template <class F>
bool go_on(F& f, relation_index r, entity_index other, bool reversed) {
  if constexpr (std::is_void_v<std::invoke_result_t<F&, relation_index, entity_index, bool>>) {
    f(r, other, reversed);
    return true;
  } else {
    return f(r, other, reversed);
  }
}

// Path options compiled against a graph: which steps leave or reach an entity.
class step_rules {
 public:
  step_rules(const graph& g, const path_options& opts);

  [[nodiscard]] const graph& g() const noexcept { return *graph_; }
  [[nodiscard]] std::size_t max_hops() const noexcept { return max_hops_; }
  [[nodiscard]] const auto& timeout() const noexcept { return timeout_; }

  /// Calls f(relation, next entity, reversed) for every step that may leave `v`. When f returns
  /// a bool, false skips the rest of that relation type's entries (see scan_plan::each).
  template <class F>
  void leaving(entity_index v, F&& f) const {
    along_.each(*graph_, v, true, [&](const adjacency_entry& e) {
      return !filter_.keeps(e.relation, false) || go_on(f, e.relation, e.other, false);
    });
    against_.each(*graph_, v, false, [&](const adjacency_entry& e) {
      return !filter_.keeps(e.relation, true) || go_on(f, e.relation, e.other, true);
    });
  }
  /// Calls f(relation, previous entity, reversed) for every step that may reach `w`.
  template <class F>
  void arriving(entity_index w, F&& f) const {
    along_.each(*graph_, w, false, [&](const adjacency_entry& e) {
      return !filter_.keeps(e.relation, false) || go_on(f, e.relation, e.other, false);
    });
    against_.each(*graph_, w, true, [&](const adjacency_entry& e) {
      return !filter_.keeps(e.relation, true) || go_on(f, e.relation, e.other, true);
    });
  }
  /// How many adjacency entries `leaving(v)` reads (before filtering): the cost of expanding v.
  [[nodiscard]] std::size_t leaving_degree(entity_index v) const {
    return along_.degree(*graph_, v, true) + against_.degree(*graph_, v, false);
  }
  [[nodiscard]] std::size_t arriving_degree(entity_index w) const {
    return along_.degree(*graph_, w, false) + against_.degree(*graph_, w, true);
  }

 private:
  const graph* graph_;
  relation_filter filter_;
  scan_plan along_;
  scan_plan against_;
  std::size_t max_hops_;
  std::optional<std::chrono::steady_clock::duration> timeout_;
};

inline void check_ends(const graph& g, entity_index from, entity_index to) {
  (void)g.entity(from);
  (void)g.entity(to);
}

// ---- enumerations ----------------------------------------------------------------------------

// The paths an enumeration has found, and the first reason it stopped early.
struct enumeration {
  path_result result;
  cut_report cut;

  // Adds the path of `relations` from `from`, unless `limit` paths are in already: then says so
  // and returns false (stop).
  bool add(const graph& g, entity_index from, const std::vector<relation_index>& relations,
           std::size_t limit) {
    if (result.paths.size() == limit) {
      cut.set(limit_reached(limit));
      return false;
    }
    result.paths.emplace_back(g, from, relations);
    return true;
  }
  // The paths, told whether and why the search stopped early.
  path_result finish() {
    result.cut = cut.cut;
    result.why_cut = cut.why;
    return std::move(result);
  }
};

// What every enumeration answers before it searches: nothing once the deadline has passed, and
// the empty path from an entity to itself (unless the limit allows no path at all).
std::optional<path_result> settled_before_search(const graph& g, entity_index from, entity_index to,
                                                 const path_options& opts, budget& clock);

// ---- breadth-first search --------------------------------------------------------------------

enum class bfs_end { found, exhausted, hops, deadline };

inline void report(cut_report& cut, bfs_end end, std::size_t max_hops) {
  if (end == bfs_end::hops) cut.set(hops_reached(max_hops));
  if (end == bfs_end::deadline) cut.set(deadline_reached);
}

// What one bidirectional search looks for; Yen's spur searches block the root of the path and
// ban the relations out of the spur entity that earlier paths took.
struct meet_request {
  entity_index from;
  entity_index to;
  std::size_t max_hops;
  std::span<const entity_index> blocked = {};
  std::span<const relation_index> banned = {};
  /// When set, the meeting level is finished and every entity where the sides met is listed
  /// here (all_shortest_paths); `out` is then left alone.
  std::vector<entity_index>* meets = nullptr;
};

// Bidirectional BFS (breadth_first.cpp; Yen's spur searches run it too): level by level, expands
// the side whose frontier reads fewer adjacency entries (one hub can carry thousands), and stops
// at the first entity both sides reach. On `found`, `out` holds the relations from `from` to `to`
// (from != to).
bfs_end bidirectional(const step_rules& rules, scratch& sc, const meet_request& req, budget& clock,
                      std::vector<relation_index>& out);

// ---- depth-first enumeration -----------------------------------------------------------------

// One candidate step of a depth-first search, and one level of it.
struct candidate {
  relation_index relation;
  std::uint32_t next;  // entity, or product state
};
struct frame {
  std::uint32_t at;
  std::size_t begin;
  std::size_t cursor;
};

// Walks, depth first, the candidates that `push(state)` lays out in `buffer`: `pop(state)` runs
// as a state is left, `complete(step)` says when the relations so far form a path, which
// `emit()` takes (false: stop). Returns false when it stopped at the deadline or by `emit`; either
// way it leaves `buffer`, `stack` and `relations` empty for the next walk.
template <class Push, class Pop, class Complete, class Emit>
bool walk_depth_first(std::vector<candidate>& buffer, std::vector<frame>& stack,
                      std::vector<relation_index>& relations, budget& clock, cut_report& cut,
                      Push push, Pop pop, Complete complete, Emit emit) {
  auto stop = [&] {
    buffer.clear();
    stack.clear();
    relations.clear();
    return false;
  };
  while (!stack.empty()) {
    auto& top = stack.back();
    if (top.cursor == buffer.size()) {
      pop(top.at);
      buffer.resize(top.begin);
      stack.pop_back();
      if (!relations.empty()) relations.pop_back();
      continue;
    }
    auto c = buffer[top.cursor++];
    if (clock.expired()) {
      cut.set(deadline_reached);
      return stop();
    }
    relations.push_back(c.relation);
    if (complete(c)) {
      bool go_on = emit();
      relations.pop_back();
      if (!go_on) return stop();
      continue;
    }
    push(c.next);
  }
  return true;
}

}  // namespace entente::detail

#include <entente/format.hpp>
#include <entente/paths.hpp>
#include <entente/view.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <queue>
#include <set>
#include <span>
#include <utility>

namespace entente {
namespace detail {
namespace {

// ---- how a type may be walked ----------------------------------------------------------------

// Per relation type: may a step walk it as stored (along), from target to source (against)?
enum : std::uint8_t { along = 1, against = 2, both_ways = 3 };

std::uint8_t swapped(std::uint8_t bits) {
  return static_cast<std::uint8_t>(((bits & along) ? against : 0) | ((bits & against) ? along : 0));
}

// Adds to `mask` how a step named `name` walks each type: `t` along for a type t, against for a
// type whose inverse name it is (`sanctioned_by`), and against for a declared type that is the
// inverse of t (a `u` relation a→b reads as a `t` relation b→a). False when it names nothing.
bool add_type_name(const schema& s, std::string_view name, std::vector<std::uint8_t>& mask) {
  bool found = false;
  const auto n = s.num_relation_types();
  if (auto t = s.find_relation_type(name)) {
    found = true;
    mask[*t] |= along;
    for (std::size_t u = 0; u < n; ++u) {
      auto ut = static_cast<relation_type_id>(u);
      if (ut != *t && (s.inverse_of(ut) == *t || s.inverse_of(*t) == ut)) mask[u] |= against;
    }
  }
  for (std::size_t u = 0; u < n; ++u)
    if (s.relation_type_at(static_cast<relation_type_id>(u)).inverse == name) {
      mask[u] |= against;
      found = true;
    }
  return found;
}

[[noreturn]] void unknown_type(const schema& s, std::string_view name, std::string where = "") {
  auto names = s.relation_type_names();
  for (const auto& info : s.relation_types())
    if (!info.inverse.empty() && !s.find_relation_type(info.inverse)) names.push_back(info.inverse);
  throw lookup_error("unknown relation type '" + std::string(name) + "'" + where,
                     schema::closest(name, names));
}

// Applies the search direction, then lets symmetric types go both ways.
void finish_mask(const schema& s, std::vector<std::uint8_t>& mask, direction d) {
  for (std::size_t t = 0; t < mask.size(); ++t) {
    auto& m = mask[t];
    if (m == 0) continue;
    if (d == direction::in) m = swapped(m);
    if (d == direction::any) m = both_ways;
    if (s.relation_type_at(static_cast<relation_type_id>(t)).symmetric) m = both_ways;
  }
}

// ---- bounds ----------------------------------------------------------------------------------

std::string limit_reached(std::size_t limit) {
  return fmt::format("stopped at the limit of {} path{}", limit, limit == 1 ? "" : "s");
}
std::string hops_reached(std::size_t hops) {
  return fmt::format("stopped at the limit of {} hop{}", hops, hops == 1 ? "" : "s");
}
const char* const deadline_reached = "stopped at the deadline";

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
      deadline_ = now;
    else if (*timeout < clock::time_point::max() - now)
      deadline_ = now + *timeout;
  }
  bool expired() {
    if (!deadline_) return false;
    if (expired_) return true;
    if ((ticks_++ & 255u) != 0) return false;
    expired_ = std::chrono::steady_clock::now() >= *deadline_;
    return expired_;
  }

 private:
  std::optional<std::chrono::steady_clock::time_point> deadline_;
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
  step_rules(const graph& g, const path_options& opts)
      : graph_(&g), filter_(g, opts), max_hops_(opts.max_hops), timeout_(opts.timeout) {
    const auto& s = g.schema();
    std::vector<std::uint8_t> mask(s.num_relation_types(), 0);
    if (opts.via.empty()) {
      // Every type as stored: inverse readings only when asked for by name, as in Cypher.
      std::fill(mask.begin(), mask.end(), along);
    } else {
      for (const auto& name : opts.via)
        if (!add_type_name(s, name, mask)) unknown_type(s, name);
    }
    finish_mask(s, mask, opts.direction);
    along_.all = against_.all = !mask.empty();
    for (std::size_t t = 0; t < mask.size(); ++t) {
      auto tt = static_cast<relation_type_id>(t);
      if (mask[t] & along)
        along_.types.push_back(tt);
      else
        along_.all = false;
      if (mask[t] & against)
        against_.types.push_back(tt);
      else
        against_.all = false;
    }
  }

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

// ---- visited marks, reused between searches --------------------------------------------------

struct mark {
  std::uint32_t stamp = 0;
  std::uint32_t dist = 0;
  std::uint32_t parent = no_index;  // the entity (or product state) reached from
  relation_index via = no_index;
};

// Marks of one search, forgotten in O(1) by the next. A search starts with a small hash table,
// which stays in cache and touches no page of a dense array: most searches meet after a few
// hundred entities. Past a few thousand it moves to a dense array (one mark per entity, valid
// when its stamp is the current one), zeroed by calloc so untouched pages cost nothing.
class marks {
 public:
  void begin(std::size_t n) {
    n_ = n;
    for (auto slot : used_) keys_[slot] = 0;
    used_.clear();
    dense_mode_ = false;
    if (keys_.empty()) resize_table(64);
  }
  [[nodiscard]] bool seen(std::size_t i) const {
    if (dense_mode_) return dense_[i].stamp == generation_;
    auto slot = find(i);
    return slot != npos && values_[slot].stamp != 0;
  }
  void set(std::size_t i, std::uint32_t dist, std::uint32_t parent, relation_index via) {
    if (dense_mode_) {
      dense_[i] = {generation_, dist, parent, via};
      return;
    }
    values_[insert(i)] = {1, dist, parent, via};
    if (used_.size() > std::max<std::size_t>(4096, n_ / 32)) go_dense();
  }
  void clear(std::size_t i) {
    if (dense_mode_) {
      dense_[i].stamp = 0;
    } else if (auto slot = find(i); slot != npos) {
      values_[slot].stamp = 0;
    }
  }
  // Only for an entity `seen` says is marked.
  mark& operator[](std::size_t i) { return dense_mode_ ? dense_[i] : values_[find(i)]; }
  const mark& operator[](std::size_t i) const { return dense_mode_ ? dense_[i] : values_[find(i)]; }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  struct release {
    void operator()(mark* p) const noexcept { std::free(p); }
  };

  // Fibonacci hashing: the high bits of the product spread neighbouring indexes apart.
  [[nodiscard]] std::size_t home(std::size_t i) const {
    return (static_cast<std::uint32_t>(i) * 0x9E3779B1u) >> shift_;
  }
  [[nodiscard]] std::size_t find(std::size_t i) const {
    const auto key = static_cast<std::uint32_t>(i) + 1;
    for (auto slot = home(i);; slot = (slot + 1) & (keys_.size() - 1)) {
      if (keys_[slot] == key) return slot;
      if (keys_[slot] == 0) return npos;
    }
  }
  std::size_t insert(std::size_t i) {
    if (2 * (used_.size() + 1) > keys_.size()) resize_table(2 * keys_.size());
    const auto key = static_cast<std::uint32_t>(i) + 1;
    auto slot = home(i);
    for (; keys_[slot] != 0; slot = (slot + 1) & (keys_.size() - 1))
      if (keys_[slot] == key) return slot;
    keys_[slot] = key;
    used_.push_back(static_cast<std::uint32_t>(slot));
    return slot;
  }
  void resize_table(std::size_t size) {
    shift_ = 32 - static_cast<unsigned>(std::countr_zero(size));
    std::vector<std::uint32_t> old_keys(size, 0);
    std::vector<mark> old_values(size);
    old_keys.swap(keys_);
    old_values.swap(values_);
    std::vector<std::uint32_t> old_used;
    old_used.swap(used_);
    for (auto slot : old_used) {
      auto at = insert(old_keys[slot] - 1);
      values_[at] = old_values[slot];
    }
  }
  void go_dense() {
    if (dense_size_ < n_) {
      auto* fresh = static_cast<mark*>(std::calloc(n_, sizeof(mark)));
      if (!fresh) throw std::bad_alloc();
      dense_.reset(fresh);
      dense_size_ = n_;
      generation_ = 0;
    }
    if (++generation_ == 0) {
      std::fill_n(dense_.get(), dense_size_, mark{});
      generation_ = 1;
    }
    for (auto slot : used_) {
      const auto& m = values_[slot];
      dense_[keys_[slot] - 1] = {m.stamp ? generation_ : 0, m.dist, m.parent, m.via};
    }
    dense_mode_ = true;
  }

  std::vector<std::uint32_t> keys_;  // entity + 1; 0 marks a free slot
  std::vector<mark> values_;
  std::vector<std::uint32_t> used_;  // the slots this search filled, cleared by the next
  std::unique_ptr<mark[], release> dense_;
  std::size_t dense_size_ = 0;
  std::size_t n_ = 0;
  unsigned shift_ = 32;
  std::uint32_t generation_ = 0;
  bool dense_mode_ = false;
};

struct scratch {
  marks a, b, product;
  std::vector<std::uint32_t> frontier, next, other_frontier;
  std::vector<double> cost;
};

// Borrows this thread's scratch, or a fresh one when a step filter re-enters a search.
class scratch_lease {
 public:
  scratch_lease() {
    auto& slot = thread_slot();
    if (!slot.busy) {
      slot.busy = true;
      busy_ = &slot.busy;
      scratch_ = &slot.value;
    } else {
      own_ = std::make_unique<scratch>();
      scratch_ = own_.get();
    }
  }
  ~scratch_lease() {
    if (busy_) *busy_ = false;
  }
  scratch_lease(const scratch_lease&) = delete;
  scratch_lease& operator=(const scratch_lease&) = delete;
  scratch& operator*() const noexcept { return *scratch_; }

 private:
  struct slot_type {
    scratch value;
    bool busy = false;
  };
  static slot_type& thread_slot() {
    thread_local slot_type slot;
    return slot;
  }
  scratch* scratch_ = nullptr;
  bool* busy_ = nullptr;
  std::unique_ptr<scratch> own_;
};

void check_ends(const graph& g, entity_index from, entity_index to) {
  (void)g.entity(from);
  (void)g.entity(to);
}

// The relations from the root of `m` to `v`, in path order.
std::vector<relation_index> chain_to(const marks& m, std::uint32_t v, std::uint32_t root) {
  std::vector<relation_index> rs;
  for (auto x = v; x != root; x = m[x].parent) rs.push_back(m[x].via);
  std::reverse(rs.begin(), rs.end());
  return rs;
}

// ---- breadth-first search --------------------------------------------------------------------

enum class bfs_end { found, exhausted, hops, deadline };

// Distances from `from` by one-sided BFS (to `from` along arriving steps when `backwards`), up to
// `max_depth`; `hops` when entities were left beyond it.
bfs_end bfs_distances(const step_rules& rules, marks& m, scratch& sc, entity_index from,
                      std::size_t max_depth, budget& clock, bool backwards) {
  m.set(from, 0, no_index, no_index);
  auto& frontier = sc.frontier;
  auto& next = sc.next;
  frontier.assign(1, from);
  for (std::uint32_t d = 0; !frontier.empty(); ++d) {
    if (d >= max_depth) return bfs_end::hops;
    next.clear();
    for (entity_index v : frontier) {
      if (clock.expired()) return bfs_end::deadline;
      auto visit = [&](relation_index r, entity_index u, bool) {
        if (m.seen(u)) return;
        m.set(u, d + 1, v, r);
        next.push_back(u);
      };
      if (backwards)
        rules.arriving(v, visit);
      else
        rules.leaving(v, visit);
    }
    frontier.swap(next);
  }
  return bfs_end::exhausted;
}

void report(cut_report& cut, bfs_end end, std::size_t max_hops) {
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

// Bidirectional BFS: level by level, expands the side whose frontier reads fewer adjacency
// entries (one hub can carry thousands), and stops at the first entity both sides reach. On
// `found`, `out` holds the relations from `from` to `to` (from != to).
bfs_end bidirectional(const step_rules& rules, scratch& sc, const meet_request& req, budget& clock,
                      std::vector<relation_index>& out) {
  const std::size_t n = rules.g().num_entities();
  const entity_index from = req.from;
  const entity_index to = req.to;
  auto& fwd = sc.a;
  auto& bwd = sc.b;
  fwd.begin(n);
  bwd.begin(n);
  // Blocked entities count as reached by both sides, so neither enters them.
  for (auto x : req.blocked) {
    fwd.set(x, 0, no_index, no_index);
    bwd.set(x, 0, no_index, no_index);
  }
  fwd.set(from, 0, no_index, no_index);
  bwd.set(to, 0, no_index, no_index);
  auto& ff = sc.frontier;
  auto& bf = sc.other_frontier;
  auto& next = sc.next;
  ff.assign(1, from);
  bf.assign(1, to);
  std::size_t fcost = rules.leaving_degree(from);
  std::size_t bcost = rules.arriving_degree(to);
  std::size_t df = 0;
  std::size_t db = 0;
  entity_index meet = no_index;
  while (!ff.empty() && !bf.empty()) {
    if (df + db + 1 > req.max_hops) return bfs_end::hops;
    const bool forward = fcost <= bcost;
    auto& mine = forward ? fwd : bwd;
    const auto& theirs = forward ? bwd : fwd;
    auto& frontier = forward ? ff : bf;
    const auto d = static_cast<std::uint32_t>(forward ? df : db);
    std::size_t cost = 0;
    next.clear();
    for (entity_index v : frontier) {
      if (clock.expired()) return bfs_end::deadline;
      auto visit = [&](relation_index r, entity_index u, bool) -> bool {
        // Once the sides met, the rest of v's scan only looks for a smaller parallel relation
        // to the meeting entity, and a type's run stops at the first larger index.
        if (!req.banned.empty() && (forward ? v : u) == from &&
            std::find(req.banned.begin(), req.banned.end(), r) != req.banned.end())
          return true;
        if (meet != no_index && !req.meets) {
          if (r >= mine[meet].via) return false;
          if (u == meet && mine[u].parent == v) mine[u].via = r;
          return true;
        }
        if (mine.seen(u)) {
          if (mine[u].parent == v && r < mine[u].via) mine[u].via = r;
          return true;
        }
        mine.set(u, d + 1, v, r);
        if (theirs.seen(u)) {
          if (meet == no_index) meet = u;
          if (req.meets) req.meets->push_back(u);
          return true;
        }
        next.push_back(u);
        cost += forward ? rules.leaving_degree(u) : rules.arriving_degree(u);
        return true;
      };
      if (forward)
        rules.leaving(v, visit);
      else
        rules.arriving(v, visit);
      // Finishing v's scan lets a smaller parallel relation to `meet` replace the first found.
      if (meet != no_index && !req.meets) break;
    }
    if (meet != no_index && req.meets) return bfs_end::found;
    if (meet != no_index) {
      out = chain_to(fwd, meet, from);
      for (auto x = meet; x != to; x = bwd[x].parent) out.push_back(bwd[x].via);
      return bfs_end::found;
    }
    frontier.swap(next);
    (forward ? fcost : bcost) = cost;
    ++(forward ? df : db);
  }
  return bfs_end::exhausted;
}

// The shortest path, or nothing with the reason in `cut`.
std::optional<path> shortest(const step_rules& rules, scratch& sc, entity_index from,
                             entity_index to, cut_report& cut) {
  const graph& g = rules.g();
  check_ends(g, from, to);
  budget clock(rules.timeout());
  if (clock.expired()) {
    cut.set(deadline_reached);
    return std::nullopt;
  }
  if (from == to) return path(g, from);
  std::vector<relation_index> rs;
  auto end = bidirectional(rules, sc, {from, to, rules.max_hops()}, clock, rs);
  if (end == bfs_end::found) return path(g, from, rs);
  report(cut, end, rules.max_hops());
  return std::nullopt;
}

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
// `emit()` takes (false: stop). Returns false when it stopped at the deadline or by `emit`.
template <class Push, class Pop, class Complete, class Emit>
bool walk_depth_first(std::vector<candidate>& buffer, std::vector<frame>& stack,
                      std::vector<relation_index>& relations, budget& clock, cut_report& cut,
                      Push push, Pop pop, Complete complete, Emit emit) {
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
      return false;
    }
    relations.push_back(c.relation);
    if (complete(c)) {
      bool go_on = emit();
      relations.pop_back();
      if (!go_on) return false;
      continue;
    }
    push(c.next);
  }
  return true;
}

// Orders paths (as relation lists from one start) by length, then relation by relation.
struct shorter_first {
  bool operator()(const std::vector<relation_index>& a,
                  const std::vector<relation_index>& b) const {
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
  }
};

// ---- path expressions ------------------------------------------------------------------------

struct rpq_node {
  enum kind_type { name, alternative, sequence, star, plus, optional, inverse } kind;
  std::string text;
  std::size_t column = 0;
  std::vector<std::size_t> children;
};

class rpq_parser {
 public:
  explicit rpq_parser(std::string_view text) : text_(text) {}

  // The root node; nodes_ holds the tree.
  std::size_t parse() {
    skip_space();
    if (pos_ == text_.size()) fail("empty path expression", 0);
    auto root = alternative();
    skip_space();
    if (pos_ != text_.size()) {
      if (text_[pos_] == ')') fail("unexpected ')' without a matching '('", pos_);
      fail(fmt::format("unexpected '{}'; expected '/', '|', '*', '+', '?' or the end", text_[pos_]),
           pos_);
    }
    return root;
  }
  const std::vector<rpq_node>& nodes() const { return nodes_; }

 private:
  [[noreturn]] void fail(const std::string& message, std::size_t at) const {
    throw parse_error("path expression: " + message, 1, at + 1);
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool take(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  std::size_t add(rpq_node node) {
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }
  std::size_t alternative() {
    std::size_t column = pos_;
    std::vector<std::size_t> parts{sequence()};
    while (take('|')) parts.push_back(sequence());
    if (parts.size() == 1) return parts[0];
    return add({rpq_node::alternative, "", column, std::move(parts)});
  }
  std::size_t sequence() {
    std::size_t column = pos_;
    std::vector<std::size_t> parts{postfix()};
    while (take('/')) parts.push_back(postfix());
    if (parts.size() == 1) return parts[0];
    return add({rpq_node::sequence, "", column, std::move(parts)});
  }
  std::size_t postfix() {
    auto node = atom();
    for (;;) {
      skip_space();
      if (pos_ == text_.size()) return node;
      char c = text_[pos_];
      auto kind = c == '*'   ? rpq_node::star
                  : c == '+' ? rpq_node::plus
                  : c == '?' ? rpq_node::optional
                             : rpq_node::name;
      if (kind == rpq_node::name) return node;
      node = add({kind, "", pos_, {node}});
      ++pos_;
    }
  }
  static bool name_char(char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
  }
  std::size_t atom() {
    skip_space();
    if (pos_ == text_.size())
      fail("expected a relation type, '(' or '^' but the expression ends", pos_);
    std::size_t column = pos_;
    char c = text_[pos_];
    if (c == '^') {
      ++pos_;
      return add({rpq_node::inverse, "", column, {atom()}});
    }
    if (c == '(') {
      ++pos_;
      auto inner = alternative();
      if (!take(')'))
        fail(fmt::format("expected ')' to close the '(' at column {}", column + 1), pos_);
      return inner;
    }
    if (!name_char(c, true))
      fail(fmt::format("expected a relation type, '(' or '^' but found '{}'", c), pos_);
    while (pos_ < text_.size() && name_char(text_[pos_], false)) ++pos_;
    return add({rpq_node::name, std::string(text_.substr(column, pos_ - column)), column, {}});
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<rpq_node> nodes_;
};

}  // namespace
}  // namespace detail

// An automaton without empty moves whose labels say, per relation type, which ways a step may
// walk it (before the search's direction is applied).
struct detail::path_automaton {
  struct transition {
    std::size_t label;
    std::size_t to;
  };
  std::vector<std::vector<std::uint8_t>> labels;  // per label: a mask per relation type
  std::vector<std::vector<transition>> moves;     // per state
  std::vector<bool> accepting;
  std::size_t start = 0;
};

namespace detail {
namespace {

// Thompson's construction over the parse tree, then the empty moves removed.
class nfa_builder {
 public:
  nfa_builder(const schema& s, const std::vector<rpq_node>& nodes) : schema_(&s), nodes_(&nodes) {}

  path_automaton build(std::size_t root) {
    auto [start, end] = fragment(root, false);
    // Closures over empty moves, then each state takes the labelled moves of its closure.
    const std::size_t n = empty_.size();
    path_automaton a;
    a.labels = std::move(labels_);
    a.moves.resize(n);
    a.accepting.assign(n, false);
    a.start = start;
    for (std::size_t q = 0; q < n; ++q) {
      std::vector<bool> in(n, false);
      std::vector<std::size_t> todo{q};
      in[q] = true;
      while (!todo.empty()) {
        auto p = todo.back();
        todo.pop_back();
        if (p == end) a.accepting[q] = true;
        for (auto x : labelled_[p]) a.moves[q].push_back(x);
        for (auto x : empty_[p])
          if (!in[x]) {
            in[x] = true;
            todo.push_back(x);
          }
      }
    }
    return a;
  }

 private:
  std::size_t state() {
    empty_.emplace_back();
    labelled_.emplace_back();
    return empty_.size() - 1;
  }
  std::pair<std::size_t, std::size_t> fragment(std::size_t i, bool inverted) {
    const auto& node = (*nodes_)[i];
    switch (node.kind) {
      case rpq_node::name: {
        std::vector<std::uint8_t> mask(schema_->num_relation_types(), 0);
        if (!add_type_name(*schema_, node.text, mask))
          unknown_type(*schema_, node.text,
                       fmt::format(" in path expression (column {})", node.column + 1));
        if (inverted)
          for (auto& m : mask) m = swapped(m);
        labels_.push_back(std::move(mask));
        auto s = state();
        auto e = state();
        labelled_[s].push_back({labels_.size() - 1, e});
        return {s, e};
      }
      case rpq_node::inverse: return fragment(node.children[0], !inverted);
      case rpq_node::sequence: {
        // Read backwards, x/y is ^y/^x.
        std::vector<std::size_t> order = node.children;
        if (inverted) std::reverse(order.begin(), order.end());
        auto [s, e] = fragment(order[0], inverted);
        for (std::size_t k = 1; k < order.size(); ++k) {
          auto [s2, e2] = fragment(order[k], inverted);
          empty_[e].push_back(s2);
          e = e2;
        }
        return {s, e};
      }
      case rpq_node::alternative: {
        auto s = state();
        auto e = state();
        for (auto c : node.children) {
          auto [cs, ce] = fragment(c, inverted);
          empty_[s].push_back(cs);
          empty_[ce].push_back(e);
        }
        return {s, e};
      }
      case rpq_node::star:
      case rpq_node::plus:
      case rpq_node::optional: {
        auto s = state();
        auto e = state();
        auto [cs, ce] = fragment(node.children[0], inverted);
        empty_[s].push_back(cs);
        empty_[ce].push_back(e);
        if (node.kind != rpq_node::optional) empty_[ce].push_back(cs);
        if (node.kind != rpq_node::plus) empty_[s].push_back(e);
        return {s, e};
      }
    }
    throw error("path expression: unknown node");
  }

  const schema* schema_;
  const std::vector<rpq_node>* nodes_;
  std::vector<std::vector<std::uint8_t>> labels_;
  std::vector<std::vector<std::size_t>> empty_;
  std::vector<std::vector<path_automaton::transition>> labelled_;
};

// The automaton made deterministic for one search direction: from each state, each relation
// type leads (walked along, or against) to at most one state, so every path has one run.
struct dfa {
  struct move {
    relation_type_id type;
    std::int32_t along = -1;
    std::int32_t against = -1;
  };
  struct back_move {
    std::uint32_t from;
    relation_type_id type;
    bool against;
  };
  std::vector<std::vector<move>> moves;
  std::vector<std::vector<back_move>> back;
  std::vector<bool> accepting;

  [[nodiscard]] std::size_t size() const noexcept { return moves.size(); }
};

dfa determinize(const schema& s, const path_automaton& a, direction d) {
  // Schemas only grow (types keep their numbers), so an expression compiled before types were
  // added still reads right; one from a larger schema cannot.
  const std::size_t types = a.labels.empty() ? 0 : a.labels.front().size();
  if (types > s.num_relation_types())
    throw error("path expression compiled against another schema");
  auto labels = a.labels;
  for (auto& mask : labels) finish_mask(s, mask, d);
  dfa out;
  std::map<std::vector<std::size_t>, std::uint32_t> ids;
  std::vector<std::vector<std::size_t>> sets;
  auto id_of = [&](std::vector<std::size_t> set) -> std::int32_t {
    if (set.empty()) return -1;
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    auto [it, added] = ids.emplace(set, static_cast<std::uint32_t>(sets.size()));
    if (added) sets.push_back(std::move(set));
    return static_cast<std::int32_t>(it->second);
  };
  id_of({a.start});
  for (std::size_t i = 0; i < sets.size(); ++i) {
    std::vector<dfa::move> moves;
    bool accepting = false;
    for (auto q : sets[i]) accepting = accepting || a.accepting[q];
    for (std::size_t t = 0; t < types; ++t) {
      std::vector<std::size_t> to_along, to_against;
      for (auto q : sets[i])
        for (const auto& tr : a.moves[q]) {
          auto m = labels[tr.label][t];
          if (m & along) to_along.push_back(tr.to);
          if (m & against) to_against.push_back(tr.to);
        }
      if (to_along.empty() && to_against.empty()) continue;
      dfa::move mv{static_cast<relation_type_id>(t)};
      mv.along = id_of(std::move(to_along));
      mv.against = id_of(std::move(to_against));
      moves.push_back(mv);
    }
    out.moves.push_back(std::move(moves));
    out.accepting.push_back(accepting);
  }
  out.back.resize(out.moves.size());
  for (std::size_t q = 0; q < out.moves.size(); ++q)
    for (const auto& mv : out.moves[q]) {
      auto from = static_cast<std::uint32_t>(q);
      if (mv.along >= 0)
        out.back[static_cast<std::size_t>(mv.along)].push_back({from, mv.type, false});
      if (mv.against >= 0)
        out.back[static_cast<std::size_t>(mv.against)].push_back({from, mv.type, true});
    }
  return out;
}

// Steps over the product of the graph and a DFA; a product state is entity * size + dfa state.
class product {
 public:
  product(const graph& g, const dfa& a, const relation_filter& filter)
      : graph_(&g), dfa_(&a), filter_(&filter), size_(static_cast<std::uint32_t>(a.size())) {}

  [[nodiscard]] std::uint32_t state(entity_index e, std::uint32_t q) const { return e * size_ + q; }
  [[nodiscard]] entity_index entity_of(std::uint32_t s) const { return s / size_; }
  [[nodiscard]] bool accepting(std::uint32_t s) const { return dfa_->accepting[s % size_]; }
  [[nodiscard]] std::size_t num_states() const {
    return static_cast<std::size_t>(graph_->num_entities()) * size_;
  }

  /// Calls f(relation, next state) for every step out of product state `s`.
  template <class F>
  void leaving(std::uint32_t s, F&& f) const {
    entity_index v = entity_of(s);
    for (const auto& mv : dfa_->moves[s % size_]) {
      if (mv.along >= 0)
        for (const auto& e : graph_->out_relations(v, mv.type))
          if (filter_->keeps(e.relation, false))
            f(e.relation, state(e.other, static_cast<std::uint32_t>(mv.along)));
      if (mv.against >= 0)
        for (const auto& e : graph_->in_relations(v, mv.type))
          if (filter_->keeps(e.relation, true))
            f(e.relation, state(e.other, static_cast<std::uint32_t>(mv.against)));
    }
  }
  /// Calls f(relation, previous state) for every step into product state `s`.
  template <class F>
  void arriving(std::uint32_t s, F&& f) const {
    entity_index w = entity_of(s);
    for (const auto& bm : dfa_->back[s % size_]) {
      if (!bm.against) {
        for (const auto& e : graph_->in_relations(w, bm.type))
          if (filter_->keeps(e.relation, false)) f(e.relation, state(e.other, bm.from));
      } else {
        for (const auto& e : graph_->out_relations(w, bm.type))
          if (filter_->keeps(e.relation, true)) f(e.relation, state(e.other, bm.from));
      }
    }
  }

 private:
  const graph* graph_;
  const dfa* dfa_;
  const relation_filter* filter_;
  std::uint32_t size_;
};

void check_product_size(const graph& g, const dfa& a) {
  if (static_cast<std::uint64_t>(g.num_entities()) * a.size() >= no_index)
    throw error("path expression too large for this graph (" + std::to_string(a.size()) +
                " automaton states)");
}

// Everything an expression search needs, set up once.
struct rpq_setup {
  rpq_setup(const graph& g, const path_expression& expr, const path_options& opts)
      : filter(g, opts), automaton(determinize(g.schema(), expr.automaton(), opts.direction)) {
    if (!opts.via.empty())
      throw error("rpq: the path expression names the relation types; leave `via` empty");
    check_product_size(g, automaton);
  }
  relation_filter filter;
  dfa automaton;
};

}  // namespace

// ---- the state behind a path_searcher --------------------------------------------------------

class search_state {
 public:
  search_state(const graph& g, const path_options& opts) : rules(g, opts) {}
  step_rules rules;
  scratch sc;
  cut_report cut;
};

namespace {
// ---- explanations ----------------------------------------------------------------------------

std::string spaced(std::string_view name) {
  std::string text(name);
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

// A type name as a verb phrase: "supports", "wages war on", "is allied with", "is sanctioned by".
std::string verb_phrase(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> fixed[] = {
      {"member_of", "is a member of"},     {"capital_of", "is the capital of"},
      {"holds_office", "holds office in"}, {"office_held_by", "has in office"},
      {"has_part", "has as a part"},       {"has_member", "has as a member"},
      {"has_party", "has as a party"},     {"location_of", "is the location of"}};
  for (auto [n, phrase] : fixed)
    if (n == name) return std::string(phrase);
  auto first = name.substr(0, name.find('_'));
  // A first word that is not a verb in the third person ("allied", "part", "located",
  // "sanctioned") reads as a state: "is allied with".
  if (first.size() < name.size() && !first.ends_with('s')) return "is " + spaced(name);
  return spaced(name);
}

std::string when(const interval& v) {
  if (v.is_open()) return {};
  if (!v.until.is_set()) return "since " + v.since.to_string();
  if (!v.since.is_set()) return "until " + v.until.to_string();
  if (v.since == v.until) return "in " + v.since.to_string();
  return "from " + v.since.to_string() + " to " + v.until.to_string();
}

}  // namespace
}  // namespace detail

// ---- path_searcher ---------------------------------------------------------------------------

path_searcher::path_searcher(const graph& g, const path_options& opts)
    : state_(std::make_unique<detail::search_state>(g, opts)) {}
path_searcher::~path_searcher() = default;
path_searcher::path_searcher(path_searcher&&) noexcept = default;
path_searcher& path_searcher::operator=(path_searcher&&) noexcept = default;

std::optional<path> path_searcher::find(entity_index from, entity_index to) {
  state_->cut = {};
  return detail::shortest(state_->rules, state_->sc, from, to, state_->cut);
}
bool path_searcher::cut() const noexcept { return state_->cut.cut; }
const std::string& path_searcher::why_cut() const noexcept { return state_->cut.why; }

// ---- shortest paths --------------------------------------------------------------------------

std::optional<path> shortest_path(const graph& g, entity_index from, entity_index to,
                                  const path_options& opts) {
  detail::step_rules rules(g, opts);
  detail::scratch_lease sc;
  detail::cut_report cut;
  return detail::shortest(rules, *sc, from, to, cut);
}

namespace detail {
namespace {

// Every chain of relations from `start` to the root of `m` along which the distance recorded in
// `m` falls by one at each step, in walking order; `steps(x, f)` offers the steps out of x.
// Stops after `cap` chains, or at the deadline (then `late` is set).
template <class Steps>
std::vector<std::vector<relation_index>> layered_chains(const marks& m, entity_index start,
                                                        Steps&& steps, std::size_t cap,
                                                        budget& clock, bool& late) {
  std::vector<std::vector<relation_index>> chains;
  std::vector<candidate> buffer;
  std::vector<frame> stack;
  std::vector<relation_index> chain;
  auto push = [&](entity_index x) {
    std::size_t begin = buffer.size();
    std::uint32_t want = m[x].dist - 1;
    steps(x, [&](relation_index r, entity_index y, bool) {
      if (m.seen(y) && m[y].dist == want) buffer.push_back({r, y});
    });
    stack.push_back({x, begin, begin});
  };
  if (m[start].dist == 0) return {{}};
  push(start);
  while (!stack.empty() && chains.size() < cap) {
    auto& top = stack.back();
    if (top.cursor == buffer.size()) {
      buffer.resize(top.begin);
      stack.pop_back();
      if (!chain.empty()) chain.pop_back();
      continue;
    }
    auto c = buffer[top.cursor++];
    if (clock.expired()) {
      late = true;
      break;
    }
    chain.push_back(c.relation);
    if (m[c.next].dist == 0) {
      chains.push_back(chain);
      chain.pop_back();
      continue;
    }
    push(c.next);
  }
  return chains;
}

// What every enumeration answers before it searches: nothing once the deadline has passed, and
// the empty path from an entity to itself (unless the limit allows no path at all).
std::optional<path_result> settled_before_search(const graph& g, entity_index from, entity_index to,
                                                 const path_options& opts, budget& clock) {
  cut_report cut;
  path_result result;
  if (clock.expired())
    cut.set(deadline_reached);
  else if (from != to)
    return std::nullopt;
  else if (opts.limit == 0)
    cut.set(limit_reached(0));
  else
    result.paths.emplace_back(g, from);
  result.cut = cut.cut;
  result.why_cut = cut.why;
  return result;
}

}  // namespace
}  // namespace detail

path_result all_shortest_paths(const graph& g, entity_index from, entity_index to,
                               const path_options& opts) {
  using namespace detail;
  step_rules rules(g, opts);
  check_ends(g, from, to);
  budget clock(opts.timeout);
  path_result result;
  cut_report cut;
  auto finish = [&] {
    result.cut = cut.cut;
    result.why_cut = cut.why;
    return std::move(result);
  };
  if (auto settled = settled_before_search(g, from, to, opts, clock)) return std::move(*settled);
  scratch_lease lease;
  auto& sc = *lease;
  std::vector<entity_index> meets;
  std::vector<relation_index> unused;
  meet_request req{from, to, opts.max_hops};
  req.meets = &meets;
  auto end = bidirectional(rules, sc, req, clock, unused);
  if (end != bfs_end::found) {
    report(cut, end, opts.max_hops);
    return finish();
  }
  // Every shortest path crosses the meeting level at exactly one entity: join each shortest
  // chain from `from` to it with each from it to `to`.
  std::vector<std::vector<relation_index>> found;
  bool late = false;
  auto arriving = [&](entity_index x, auto&& f) { rules.arriving(x, f); };
  auto leaving = [&](entity_index x, auto&& f) { rules.leaving(x, f); };
  for (auto mid : meets) {
    // One chain more than the room left tells whether the limit cut anything.
    std::size_t left = opts.limit - found.size();
    std::size_t room = left == std::numeric_limits<std::size_t>::max() ? left : left + 1;
    auto firsts = layered_chains(sc.a, mid, arriving, room, clock, late);
    auto seconds = layered_chains(sc.b, mid, leaving, room, clock, late);
    for (const auto& first : firsts)
      for (const auto& second : seconds) {
        if (found.size() == opts.limit) {
          cut.set(limit_reached(opts.limit));
          break;
        }
        std::vector<relation_index> rs(first.rbegin(), first.rend());
        rs.insert(rs.end(), second.begin(), second.end());
        found.push_back(std::move(rs));
      }
    if (late) cut.set(deadline_reached);
    if (cut.cut) break;
  }
  std::sort(found.begin(), found.end());
  for (const auto& rs : found) result.paths.emplace_back(g, from, rs);
  return finish();
}

// ---- weighted --------------------------------------------------------------------------------

namespace {

double checked_weight(const graph& g, const relation_weight& weight, relation_index r) {
  double w = weight(g, r);
  if (std::isnan(w) || w < 0)
    throw error(fmt::format("relation {} ({:is}) weighs {}; weights must be 0 or more", r,
                            g.relation(r), w));
  return w;
}

}  // namespace

std::optional<path> weighted_shortest_path(const graph& g, entity_index from, entity_index to,
                                           const relation_weight& weight,
                                           const path_options& opts) {
  using namespace detail;
  if (!weight) throw error("weighted_shortest_path needs a weight");
  step_rules rules(g, opts);
  check_ends(g, from, to);
  budget clock(opts.timeout);
  if (clock.expired()) return std::nullopt;
  if (from == to) return path(g, from);
  scratch_lease lease;
  auto& sc = *lease;
  const std::size_t n = g.num_entities();

  // Dijkstra; the cheapest path usually fits in max_hops, and then nothing more is needed.
  {
    auto& reached = sc.a;
    auto& settled = sc.b;
    reached.begin(n);
    settled.begin(n);
    if (sc.cost.size() < n) sc.cost.resize(n);
    using item = std::pair<double, entity_index>;
    std::priority_queue<item, std::vector<item>, std::greater<>> heap;
    reached.set(from, 0, no_index, no_index);
    sc.cost[from] = 0;
    heap.push({0.0, from});
    while (!heap.empty()) {
      auto [c, v] = heap.top();
      heap.pop();
      if (settled.seen(v)) continue;
      settled.set(v, 0, no_index, no_index);
      if (v == to) break;
      if (clock.expired()) return std::nullopt;
      rules.leaving(v, [&](relation_index r, entity_index u, bool) {
        if (settled.seen(u)) return;
        double w = checked_weight(g, weight, r);
        if (std::isinf(w)) return;
        double nc = c + w;
        if (!reached.seen(u) || nc < sc.cost[u]) {
          reached.set(u, 0, v, r);
          sc.cost[u] = nc;
          heap.push({nc, u});
        } else if (nc == sc.cost[u] && reached[u].parent == v && r < reached[u].via) {
          reached[u].via = r;
        }
      });
    }
    if (!settled.seen(to)) return std::nullopt;
    auto rs = chain_to(reached, to, from);
    if (rs.size() <= opts.max_hops) return path(g, from, rs);
  }

  // Too many hops: labels (entity, hops, cost), settled cheapest first; a label is dominated
  // when its entity was settled before with no more hops.
  struct label {
    entity_index at;
    std::uint32_t hops;
    double cost;
    std::uint32_t parent;
    relation_index via;
  };
  std::vector<label> labels{{from, 0, 0.0, no_index, no_index}};
  auto& best_hops = sc.a;  // dist = fewest hops of a settled label
  best_hops.begin(n);
  using item = std::tuple<double, std::uint32_t, std::uint32_t>;  // cost, hops, label
  std::priority_queue<item, std::vector<item>, std::greater<>> heap;
  heap.push({0.0, 0u, 0u});
  while (!heap.empty()) {
    auto [c, hops, id] = heap.top();
    heap.pop();
    entity_index v = labels[id].at;
    if (best_hops.seen(v) && best_hops[v].dist <= hops) continue;
    best_hops.set(v, hops, no_index, no_index);
    if (v == to) {
      std::vector<relation_index> rs;
      for (auto x = id; labels[x].parent != no_index; x = labels[x].parent)
        rs.push_back(labels[x].via);
      std::reverse(rs.begin(), rs.end());
      return path(g, from, rs);
    }
    if (clock.expired()) return std::nullopt;
    if (hops + 1 > opts.max_hops) continue;
    rules.leaving(v, [&](relation_index r, entity_index u, bool) {
      if (best_hops.seen(u) && best_hops[u].dist <= hops + 1) return;
      double w = checked_weight(g, weight, r);
      if (std::isinf(w)) return;
      labels.push_back({u, hops + 1, c + w, id, r});
      heap.push({c + w, hops + 1, static_cast<std::uint32_t>(labels.size() - 1)});
    });
  }
  return std::nullopt;
}

double path_weight(const path& p, const relation_weight& weight) {
  double total = 0;
  for (const auto& s : p.steps()) total += weight(p.graph(), s.relation);
  return total;
}

double by_cooperation(const graph& g, relation_index r) {
  return 11.0 - std::clamp(g.schema().relation_type_at(g.type(r)).weight, -10.0, 10.0);
}
double by_conflict(const graph& g, relation_index r) {
  return 11.0 + std::clamp(g.schema().relation_type_at(g.type(r)).weight, -10.0, 10.0);
}

// ---- k shortest (Yen) ------------------------------------------------------------------------

path_result k_shortest_paths(const graph& g, entity_index from, entity_index to, std::size_t k,
                             const path_options& opts) {
  using namespace detail;
  step_rules rules(g, opts);
  check_ends(g, from, to);
  budget clock(opts.timeout);
  path_result result;
  cut_report cut;
  auto finish = [&] {
    result.cut = cut.cut;
    result.why_cut = cut.why;
    return std::move(result);
  };
  if (k == 0) return finish();
  if (auto settled = settled_before_search(g, from, to, opts, clock)) return std::move(*settled);
  // One more than the limit tells whether the limit cut anything.
  const bool limited = opts.limit < k;
  const std::size_t want = limited ? opts.limit + 1 : k;

  struct found_path {
    std::vector<relation_index> relations;
    std::vector<entity_index> nodes;
    std::size_t deviation;  // where it leaves the path it was derived from (Lawler)
  };
  auto nodes_of = [&](const std::vector<relation_index>& rs) { return path(g, from, rs).nodes(); };

  scratch_lease lease;
  auto& sc = *lease;
  std::vector<found_path> chosen;
  std::set<std::vector<relation_index>, shorter_first> chosen_keys;
  std::map<std::vector<relation_index>, std::size_t, shorter_first> candidates;  // -> deviation
  bool hops_cut = false;

  std::vector<relation_index> spur;
  auto end = bidirectional(rules, sc, {from, to, opts.max_hops}, clock, spur);
  if (end != bfs_end::found) {
    report(cut, end, opts.max_hops);
    return finish();
  }
  chosen.push_back({spur, nodes_of(spur), 0});
  chosen_keys.insert(spur);
  std::vector<relation_index> banned;
  while (chosen.size() < want) {
    const found_path prev = chosen.back();
    for (std::size_t j = prev.deviation; j < prev.relations.size(); ++j) {
      // Relations out of the spur entity that paths sharing this root already take.
      banned.clear();
      for (const auto& p : chosen)
        if (p.relations.size() > j &&
            std::equal(p.relations.begin(), p.relations.begin() + static_cast<std::ptrdiff_t>(j),
                       prev.relations.begin()))
          banned.push_back(p.relations[j]);
      meet_request spur_search{prev.nodes[j], to, opts.max_hops - j,
                               std::span(prev.nodes.data(), j), banned};
      auto spur_end = bidirectional(rules, sc, spur_search, clock, spur);
      if (spur_end == bfs_end::deadline) {
        cut.set(deadline_reached);
        break;
      }
      if (spur_end == bfs_end::hops) hops_cut = true;
      if (spur_end != bfs_end::found) continue;
      std::vector<relation_index> rs(prev.relations.begin(),
                                     prev.relations.begin() + static_cast<std::ptrdiff_t>(j));
      rs.insert(rs.end(), spur.begin(), spur.end());
      if (!chosen_keys.contains(rs)) candidates.emplace(std::move(rs), j);
    }
    if (cut.cut || candidates.empty()) break;
    auto best = candidates.begin();
    chosen_keys.insert(best->first);
    chosen.push_back({best->first, nodes_of(best->first), best->second});
    candidates.erase(best);
  }
  if (limited && chosen.size() > opts.limit) {
    chosen.resize(opts.limit);
    cut.set(limit_reached(opts.limit));
  }
  if (chosen.size() < k && hops_cut) cut.set(hops_reached(opts.max_hops));
  // Yen yields lengths in order; equal lengths are listed by their relations.
  std::stable_sort(chosen.begin(), chosen.end(), [](const found_path& a, const found_path& b) {
    return shorter_first{}(a.relations, b.relations);
  });
  for (const auto& p : chosen) result.paths.emplace_back(g, from, p.relations);
  return finish();
}

// ---- every simple path -----------------------------------------------------------------------

path_result all_simple_paths(const graph& g, entity_index from, entity_index to,
                             const path_options& opts) {
  using namespace detail;
  step_rules rules(g, opts);
  check_ends(g, from, to);
  budget clock(opts.timeout);
  path_result result;
  cut_report cut;
  auto finish = [&] {
    result.cut = cut.cut;
    result.why_cut = cut.why;
    return std::move(result);
  };
  if (auto settled = settled_before_search(g, from, to, opts, clock)) return std::move(*settled);
  scratch_lease lease;
  auto& sc = *lease;
  const std::size_t n = g.num_entities();
  // Distances to `to` (ignoring simplicity) prune every branch that cannot arrive in time.
  auto& to_go = sc.b;
  to_go.begin(n);
  auto reach = bfs_distances(rules, to_go, sc, to, opts.max_hops, clock, true);
  if (reach == bfs_end::deadline) {
    cut.set(deadline_reached);
    return finish();
  }
  if (!to_go.seen(from)) {
    report(cut, reach, opts.max_hops);
    return finish();
  }
  auto& on_path = sc.a;
  on_path.begin(n);
  std::vector<candidate> buffer;
  std::vector<frame> stack;
  std::vector<relation_index> relations;
  bool hops_pruned = false;
  bool stop = false;
  // Iterative deepening: all paths of length L before any of L+1, so a cut keeps the shortest.
  for (std::size_t length = to_go[from].dist; length <= opts.max_hops && !stop; ++length) {
    const bool last = length == opts.max_hops;
    auto push = [&](entity_index v) {
      std::size_t depth = relations.size();
      std::size_t begin = buffer.size();
      on_path.set(v, 0, no_index, no_index);
      rules.leaving(v, [&](relation_index r, entity_index u, bool) {
        if (on_path.seen(u) || !to_go.seen(u)) return;
        std::size_t total = depth + 1 + to_go[u].dist;
        if (total > length) {
          hops_pruned = hops_pruned || (last && u != to);
          return;
        }
        if (u == to && total != length) return;
        buffer.push_back({r, u});
      });
      stack.push_back({v, begin, begin});
    };
    push(from);
    stop = !walk_depth_first(
        buffer, stack, relations, clock, cut, push, [&](std::uint32_t v) { on_path.clear(v); },
        [&](const candidate& c) { return c.next == to; },
        [&] {
          if (result.paths.size() == opts.limit) {
            cut.set(limit_reached(opts.limit));
            return false;
          }
          result.paths.emplace_back(g, from, relations);
          return true;
        });
    // A stop leaves marks behind; the next search's generation forgets them.
    stack.clear();
    buffer.clear();
    relations.clear();
  }
  if (hops_pruned) cut.set(hops_reached(opts.max_hops));
  return finish();
}

// ---- regular path queries --------------------------------------------------------------------

path_expression::path_expression(const schema& s, std::string_view text) : text_(text) {
  detail::rpq_parser parser(text);
  auto root = parser.parse();
  detail::nfa_builder builder(s, parser.nodes());
  automaton_ = std::make_shared<const detail::path_automaton>(builder.build(root));
}

bool path_expression::matches_empty() const noexcept {
  return automaton_->accepting[automaton_->start];
}

namespace {

// Breadth-first over the product from (from, start); calls at(state, dist) for each state
// reached, in order, until it returns true. Returns how the search ended.
template <class At>
detail::bfs_end product_bfs(const detail::product& prod, detail::marks& m, detail::scratch& sc,
                            std::uint32_t start, std::size_t max_depth, detail::budget& clock,
                            At&& at) {
  using detail::bfs_end;
  m.begin(prod.num_states());
  m.set(start, 0, no_index, no_index);
  if (at(start)) return bfs_end::found;
  auto& frontier = sc.frontier;
  auto& next = sc.next;
  frontier.assign(1, start);
  for (std::uint32_t d = 0; !frontier.empty(); ++d) {
    if (d >= max_depth) return bfs_end::hops;
    next.clear();
    bool found = false;
    for (auto s : frontier) {
      if (clock.expired()) return bfs_end::deadline;
      prod.leaving(s, [&](relation_index r, std::uint32_t u) {
        if (m.seen(u)) {
          if (m[u].parent == s && r < m[u].via) m[u].via = r;
          return;
        }
        m.set(u, d + 1, s, r);
        next.push_back(u);
        if (at(u)) found = true;
      });
      if (found) return bfs_end::found;
    }
    frontier.swap(next);
  }
  return bfs_end::exhausted;
}

}  // namespace

std::optional<path> rpq_shortest_path(const graph& g, entity_index from, entity_index to,
                                      const path_expression& expr, const path_options& opts) {
  using namespace detail;
  check_ends(g, from, to);
  rpq_setup setup(g, expr, opts);
  product prod(g, setup.automaton, setup.filter);
  budget clock(opts.timeout);
  if (clock.expired()) return std::nullopt;
  scratch_lease lease;
  auto& m = (*lease).product;
  std::uint32_t goal = no_index;
  auto start = prod.state(from, 0);
  auto end = product_bfs(prod, m, *lease, start, opts.max_hops, clock, [&](std::uint32_t s) {
    if (prod.entity_of(s) != to || !prod.accepting(s)) return false;
    goal = s;
    return true;
  });
  if (end != bfs_end::found) return std::nullopt;
  return path(g, from, chain_to(m, goal, start));
}

std::vector<entity_index> rpq_reachable(const graph& g, entity_index from,
                                        const path_expression& expr, const path_options& opts) {
  using namespace detail;
  (void)g.entity(from);
  rpq_setup setup(g, expr, opts);
  product prod(g, setup.automaton, setup.filter);
  budget clock(opts.timeout);
  scratch_lease lease;
  auto& m = (*lease).product;
  std::vector<std::pair<std::uint32_t, entity_index>> found;  // (distance, entity)
  (void)product_bfs(prod, m, *lease, prod.state(from, 0), opts.max_hops, clock,
                    [&](std::uint32_t s) {
                      if (prod.accepting(s)) found.emplace_back(m[s].dist, prod.entity_of(s));
                      return false;
                    });
  std::sort(found.begin(), found.end());
  std::vector<entity_index> out;
  std::vector<bool> listed(g.num_entities(), false);
  for (auto [d, e] : found)
    if (!listed[e]) {
      listed[e] = true;
      out.push_back(e);
    }
  return out;
}

path_result rpq_paths(const graph& g, entity_index from, entity_index to,
                      const path_expression& expr, const path_options& opts) {
  using namespace detail;
  check_ends(g, from, to);
  rpq_setup setup(g, expr, opts);
  product prod(g, setup.automaton, setup.filter);
  budget clock(opts.timeout);
  path_result result;
  cut_report cut;
  auto finish = [&] {
    result.cut = cut.cut;
    result.why_cut = cut.why;
    return std::move(result);
  };
  if (clock.expired()) {
    cut.set(deadline_reached);
    return finish();
  }
  scratch_lease lease;
  auto& sc = *lease;
  // Distances to an accepting state at `to`, backwards over the product, from all of them.
  auto& to_go = sc.product;
  to_go.begin(prod.num_states());
  auto& frontier = sc.frontier;
  auto& next = sc.next;
  frontier.clear();
  for (std::uint32_t q = 0; q < setup.automaton.size(); ++q)
    if (setup.automaton.accepting[q]) {
      to_go.set(prod.state(to, q), 0, no_index, no_index);
      frontier.push_back(prod.state(to, q));
    }
  bfs_end reach = bfs_end::exhausted;
  for (std::uint32_t d = 0; !frontier.empty(); ++d) {
    if (d >= opts.max_hops) {
      reach = bfs_end::hops;
      break;
    }
    next.clear();
    for (auto s : frontier) {
      if (clock.expired()) {
        cut.set(deadline_reached);
        return finish();
      }
      prod.arriving(s, [&](relation_index, std::uint32_t u) {
        if (to_go.seen(u)) return;
        to_go.set(u, d + 1, no_index, no_index);
        next.push_back(u);
      });
    }
    frontier.swap(next);
  }
  const auto start = prod.state(from, 0);
  if (!to_go.seen(start)) {
    report(cut, reach, opts.max_hops);
    return finish();
  }
  std::vector<candidate> buffer;
  std::vector<frame> stack;
  std::vector<relation_index> relations;
  std::set<std::vector<relation_index>> emitted;  // one relation list may have two runs (loops)
  bool hops_pruned = false;
  bool stop = false;
  for (std::size_t length = to_go[start].dist; length <= opts.max_hops && !stop; ++length) {
    const bool last = length == opts.max_hops;
    auto push = [&](std::uint32_t s) {
      std::size_t depth = relations.size();
      std::size_t begin = buffer.size();
      prod.leaving(s, [&](relation_index r, std::uint32_t u) {
        if (!to_go.seen(u)) return;
        if (std::find(relations.begin(), relations.end(), r) != relations.end()) return;
        if (depth + 1 + to_go[u].dist > length) {
          hops_pruned = hops_pruned || last;
          return;
        }
        buffer.push_back({r, u});
      });
      stack.push_back({s, begin, begin});
    };
    if (length == 0) {
      // Only the empty path has length 0: from == to, and the expression takes it.
      if (opts.limit == 0) {
        cut.set(limit_reached(0));
        break;
      }
      result.paths.emplace_back(g, from);
      continue;
    }
    push(start);
    stop = !walk_depth_first(
        buffer, stack, relations, clock, cut, push, [](std::uint32_t) {},
        // The pruning leaves only steps that end at `to` in an accepting state here.
        [&](const candidate&) { return relations.size() == length; },
        [&] {
          if (!emitted.insert(relations).second) return true;
          if (result.paths.size() == opts.limit) {
            cut.set(limit_reached(opts.limit));
            return false;
          }
          result.paths.emplace_back(g, from, relations);
          return true;
        });
    stack.clear();
    buffer.clear();
    relations.clear();
  }
  if (hops_pruned) cut.set(hops_reached(opts.max_hops));
  return finish();
}

// ---- explanations ----------------------------------------------------------------------------

path_strength weakest_link(const path& p) {
  const graph& g = p.graph();
  path_strength s;
  if (p.length() == 0) return s;
  s.fewest_sources = std::numeric_limits<std::size_t>::max();
  for (const auto& step : p.steps()) {
    auto r = step.relation;
    if (!s.weakest_relation || g.evidence(r) < s.weakest) {
      s.weakest = g.evidence(r);
      s.weakest_relation = r;
    }
    const auto& since = g.valid(r).since;
    if (since.is_set() && (!s.oldest_since.is_set() || since < s.oldest_since))
      s.oldest_since = since;
    std::vector<source_index> sources;
    for (const auto& c : g.citations(r)) sources.push_back(c.source);
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    s.fewest_sources = std::min(s.fewest_sources, sources.size());
  }
  s.single_sourced = s.fewest_sources <= 1;
  return s;
}

std::string explain_step(const path& p, std::size_t i) {
  using namespace detail;
  const graph& g = p.graph();
  if (i >= p.length())
    throw error("no step " + std::to_string(i) + " in a path of " + std::to_string(p.length()));
  const auto& step = p.steps()[i];
  auto r = g.relation(step.relation);
  const auto& info = g.schema().relation_type_at(r.type());
  entity_index subject = p.nodes()[i];
  entity_index object = p.nodes()[i + 1];
  std::string verb;
  if (!step.reversed || info.symmetric) {
    verb = verb_phrase(info.name);
  } else if (!info.inverse.empty()) {
    verb = verb_phrase(info.inverse);
  } else {
    // No word for it backwards: state the relation as it is.
    verb = verb_phrase(info.name);
    std::swap(subject, object);
  }
  std::string text = fmt::format("{} {} {} ({}", g.entity(subject).name(), verb,
                                 g.entity(object).name(), r.evidence());
  if (auto t = when(r.valid()); !t.empty()) text += ", " + t;
  for (const auto& [key, v] : r.attributes()) text += fmt::format(", {}: {}", key, v);
  for (const auto& c : r.citations()) {
    text += "; " + g.source_at(c.source).id;
    if (!c.quote.empty()) text += ": \u201c" + c.quote + "\u201d";
  }
  return text + ")";
}

std::string explain(const path& p) {
  std::string text;
  for (std::size_t i = 0; i < p.length(); ++i) {
    if (i > 0) text += '\n';
    text += explain_step(p, i);
  }
  return text;
}

}  // namespace entente

#pragma once
/// The signed graph of cooperation and conflict: signed ties, structural balance (camps with the
/// fewest unbalanced ties) and unbalanced triads, on a graph or a view.

#include <entente/analysis/detail.hpp>
#include <entente/error.hpp>
#include <entente/graph.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

namespace entente {

/// Two entities joined by signed relations (cooperation +1, conflict −1, in either direction)
/// that do not cancel out: `sum` is the sum of their signs, never 0.
struct signed_tie {
  entity_index a;  ///< the smaller entity number
  entity_index b;
  int sum;
  std::vector<relation_index> relations;  ///< every signed relation between the two
  [[nodiscard]] int sign() const noexcept { return sum > 0 ? 1 : -1; }
};

/// The signed ties of `g` (a graph or a view), ordered by `a`, then `b`. The sign of a relation
/// is its type's polarity; structural types, denied relations (a source says they did not
/// happen) and relations of an entity with itself carry none. Several relations between one pair
/// count by their summed sign: two `supplies` and one `sanctions` make a positive tie, and a pair
/// whose signs cancel has no tie.
template <class Graph>
[[nodiscard]] std::vector<signed_tie> signed_ties(const Graph& g) {
  const graph& base = detail::underlying(g);
  struct signed_relation {
    entity_index a, b;
    int sign;
    relation_index relation;
  };
  std::vector<signed_relation> found;
  for (auto [it, end] = edges(g); it != end; ++it) {
    relation_index r = *it;
    auto sign = static_cast<int>(base.schema().relation_type_at(base.type(r)).polarity);
    entity_index from = base.from(r), to = base.to(r);
    if (sign == 0 || from == to || base.evidence(r) == evidence::denied) continue;
    found.push_back({std::min(from, to), std::max(from, to), sign, r});
  }
  std::sort(found.begin(), found.end(), [](const signed_relation& x, const signed_relation& y) {
    return std::tie(x.a, x.b, x.relation) < std::tie(y.a, y.b, y.relation);
  });
  std::vector<signed_tie> ties;
  for (std::size_t i = 0; i < found.size();) {
    signed_tie tie{found[i].a, found[i].b, 0, {}};
    for (; i < found.size() && found[i].a == tie.a && found[i].b == tie.b; ++i) {
      tie.sum += found[i].sign;
      tie.relations.push_back(found[i].relation);
    }
    if (tie.sum != 0) ties.push_back(std::move(tie));
  }
  return ties;
}

/// How `structural_balance` searches.
struct balance_options {
  /// 2: classic structural balance (two blocs); k > 2: weak balance, or clustering, into at
  /// most k camps.
  std::size_t camps = 2;
  /// Parts of the signed graph (entities linked by signed ties) whose core (what is left after
  /// setting aside entities with one tie) has at most this many entities are solved exactly by
  /// branch and bound; larger ones by local search.
  std::size_t exact_up_to = 24;
  /// Branch-and-bound steps allowed per part; past them the best partition found so far is
  /// kept and the result says it is not proven optimal.
  std::size_t max_steps = 10'000'000;
  std::uint64_t seed = 1;     ///< local search starts from seeded random camps
  std::size_t restarts = 16;  ///< local-search runs per part, the best one kept
};

/// Camps (blocs) of the entities in signed ties, and how far the graph is from balance.
struct balance_result {
  /// Camp per entity number, `none` for entities in no signed tie. Within a part of the signed
  /// graph camps are numbered from 0 in the order of their smallest entity; parts with no tie
  /// between them are independent, so camp 0 of one part has nothing to do with camp 0 of
  /// another.
  std::vector<std::size_t> camp;
  std::size_t camps = 0;  ///< distinct camp numbers used
  std::size_t ties = 0;   ///< signed ties (see `signed_ties`)
  /// Unbalanced ties: positive across camps, or negative inside one.
  std::size_t frustration = 0;
  /// The relations that make those ties unbalanced (those of the tie's sign), ascending.
  std::vector<relation_index> unbalanced;
  double balance_ratio = 1.0;  ///< the share of ties that are balanced (1 with no ties)
  bool exact = true;           ///< whether the partition is proven to leave the fewest
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
};

namespace detail {

// One connected part of the signed graph, renumbered 0..size-1, as adjacency with signs.
struct signed_part {
  std::vector<entity_index> entities;                          // local number -> entity
  std::vector<std::vector<std::pair<std::size_t, int>>> ties;  // local neighbour, sign
};

// splitmix64: a tiny generator whose sequence is the same with every standard library, so a
// seed gives the same camps everywhere.
struct split_mix {
  std::uint64_t state;
  std::uint64_t next() noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) noexcept { return static_cast<std::size_t>(next() % n); }
};

// Camps of one part and the unbalanced ties they leave, with per-entity counts of neighbours
// by camp, so that the cost of moving one entity is read off in O(camps).
class camp_state {
 public:
  camp_state(const signed_part& part, std::size_t camps)
      : part_(&part),
        camps_(camps),
        camp_(part.entities.size(), 0),
        positive_(part.entities.size() * camps, 0),
        negative_(part.entities.size() * camps, 0),
        positive_degree_(part.entities.size(), 0) {
    for (std::size_t v = 0; v < size(); ++v)
      for (auto [w, sign] : part.ties[v]) positive_degree_[v] += sign > 0;
  }

  [[nodiscard]] std::size_t size() const noexcept { return camp_.size(); }
  [[nodiscard]] std::size_t camps() const noexcept { return camps_; }
  [[nodiscard]] const std::vector<std::size_t>& camp() const noexcept { return camp_; }
  [[nodiscard]] std::size_t frustration() const noexcept { return frustration_; }

  /// Unbalanced ties of `v` if it were in camp `c` (its neighbours staying where they are).
  [[nodiscard]] std::size_t cost(std::size_t v, std::size_t c) const noexcept {
    return positive_degree_[v] - positive_[v * camps_ + c] + negative_[v * camps_ + c];
  }

  void assign_all(const std::vector<std::size_t>& camps) {
    std::fill(positive_.begin(), positive_.end(), 0);
    std::fill(negative_.begin(), negative_.end(), 0);
    camp_ = camps;
    std::size_t twice = 0;
    for (std::size_t v = 0; v < size(); ++v)
      for (auto [w, sign] : part_->ties[v])
        (sign > 0 ? positive_ : negative_)[v * camps_ + camp_[w]]++;
    for (std::size_t v = 0; v < size(); ++v) twice += cost(v, camp_[v]);
    frustration_ = twice / 2;
  }

  void move(std::size_t v, std::size_t to) {
    const std::size_t from = camp_[v];
    if (from == to) return;
    frustration_ = frustration_ + cost(v, to) - cost(v, from);
    camp_[v] = to;
    for (auto [w, sign] : part_->ties[v]) {
      auto& counts = sign > 0 ? positive_ : negative_;
      --counts[w * camps_ + from];
      ++counts[w * camps_ + to];
    }
  }

  // The camp that leaves `v` the fewest unbalanced ties (the lowest such camp number).
  [[nodiscard]] std::size_t best_camp(std::size_t v) const {
    std::size_t best = camp_[v];
    for (std::size_t c = 0; c < camps_; ++c)
      if (cost(v, c) < cost(v, best)) best = c;
    return best;
  }

 private:
  const signed_part* part_;
  std::size_t camps_;
  std::vector<std::size_t> camp_;
  std::vector<std::size_t> positive_, negative_;  // [v * camps + c]: v's neighbours in camp c
  std::vector<std::size_t> positive_degree_;
  std::size_t frustration_ = 0;
};

// Moves single entities to better camps until none improves.
inline void greedy_moves(camp_state& state) {
  for (bool moved = true; moved;) {
    moved = false;
    for (std::size_t v = 0; v < state.size(); ++v) {
      std::size_t best = state.best_camp(v);
      if (best != state.camp()[v]) {
        state.move(v, best);
        moved = true;
      }
    }
  }
}

// One Kernighan–Lin pass: move every entity once, each time the best move among those not yet
// moved (even a worsening one, to climb out of a local minimum), then keep the best prefix.
// Returns whether it improved.
inline bool kernighan_lin_pass(camp_state& state) {
  const std::size_t n = state.size();
  std::vector<char> locked(n, 0);
  std::vector<std::pair<std::size_t, std::size_t>> undo;  // entity, camp it left
  const std::size_t start = state.frustration();
  std::size_t best = start, best_prefix = 0;
  for (std::size_t step = 0; step < n; ++step) {
    std::size_t pick = n, pick_camp = 0;
    std::ptrdiff_t pick_gain = 0;
    for (std::size_t v = 0; v < n; ++v) {
      if (locked[v]) continue;
      const auto here = static_cast<std::ptrdiff_t>(state.cost(v, state.camp()[v]));
      for (std::size_t c = 0; c < state.camps(); ++c) {
        if (c == state.camp()[v]) continue;
        std::ptrdiff_t gain = here - static_cast<std::ptrdiff_t>(state.cost(v, c));
        if (pick == n || gain > pick_gain) {
          pick = v;
          pick_camp = c;
          pick_gain = gain;
        }
      }
    }
    if (pick == n) break;
    undo.push_back({pick, state.camp()[pick]});
    state.move(pick, pick_camp);
    locked[pick] = 1;
    if (state.frustration() < best) {
      best = state.frustration();
      best_prefix = undo.size();
    }
  }
  while (undo.size() > best_prefix) {
    state.move(undo.back().first, undo.back().second);
    undo.pop_back();
  }
  return best < start;
}

// Local search: restarts from seeded random camps (the first from a greedy placement along
// the ties), each improved by greedy moves and Kernighan–Lin passes; the best one kept.
inline std::vector<std::size_t> local_search(const signed_part& part, std::size_t camps,
                                             const balance_options& opts, split_mix& random) {
  const std::size_t n = part.entities.size();
  camp_state state(part, camps);
  std::vector<std::size_t> best;
  std::size_t best_frustration = 0;
  // Kernighan–Lin passes cost O(n² camps); past this size greedy moves alone must do.
  constexpr std::size_t kernighan_lin_up_to = 1000;
  for (std::size_t run = 0; run < std::max<std::size_t>(1, opts.restarts); ++run) {
    std::vector<std::size_t> start(n, 0);
    if (run == 0) {
      // Everyone in camp 0, then, breadth first along the ties, each into its best camp.
      std::vector<char> placed(n, 0);
      std::vector<std::size_t> order{0};
      placed[0] = 1;
      for (std::size_t i = 0; i < order.size(); ++i)
        for (auto [w, sign] : part.ties[order[i]])
          if (!placed[w]) {
            placed[w] = 1;
            order.push_back(w);
          }
      state.assign_all(start);
      for (std::size_t v : order) state.move(v, state.best_camp(v));
    } else {
      for (auto& c : start) c = random.below(camps);
      state.assign_all(start);
    }
    greedy_moves(state);
    if (n <= kernighan_lin_up_to)
      for (int pass = 0; pass < 16 && kernighan_lin_pass(state); ++pass) greedy_moves(state);
    if (best.empty() || state.frustration() < best_frustration) {
      best = state.camp();
      best_frustration = state.frustration();
    }
    if (best_frustration == 0) break;
  }
  return best;
}

// Branch and bound over camps in a fixed order of entities (each next the one with most ties
// to those placed), camps opened in order so that renamings of one partition are tried once.
// The bound adds, for every entity not yet placed, the fewest unbalanced ties it must have
// with those placed: those ties are disjoint, so the bound never overestimates.
class balance_search {
 public:
  balance_search(const signed_part& part, std::size_t camps, std::size_t max_steps)
      : part_(part),
        camps_(camps),
        max_steps_(max_steps),
        n_(part.entities.size()),
        camp_(n_, unplaced),
        positive_(n_ * camps, 0),
        negative_(n_ * camps, 0),
        positive_placed_(n_, 0) {
    std::vector<std::size_t> linked(n_, 0);
    std::vector<char> taken(n_, 0);
    for (std::size_t i = 0; i < n_; ++i) {
      std::size_t pick = n_;
      for (std::size_t v = 0; v < n_; ++v)
        if (!taken[v] &&
            (pick == n_ || linked[v] > linked[pick] ||
             (linked[v] == linked[pick] && part.ties[v].size() > part.ties[pick].size())))
          pick = v;
      taken[pick] = 1;
      order_.push_back(pick);
      for (auto [w, sign] : part.ties[pick]) ++linked[w];
    }
  }

  // Improves on `incumbent` (whose frustration is `bound`) if it can; returns whether the
  // search finished within its steps, so that the answer is proven optimal.
  bool run(std::vector<std::size_t>& incumbent, std::size_t& bound) {
    best_ = &incumbent;
    bound_ = &bound;
    descend(0, 0, 0);
    return steps_ <= max_steps_;
  }

 private:
  static constexpr std::size_t unplaced = static_cast<std::size_t>(-1);

  std::size_t cost(std::size_t v, std::size_t c) const {
    return positive_placed_[v] - positive_[v * camps_ + c] + negative_[v * camps_ + c];
  }

  void place(std::size_t v, std::size_t c, int step) {
    camp_[v] = c;
    for (auto [w, sign] : part_.ties[v]) {
      if (sign > 0) {
        positive_placed_[w] += static_cast<std::size_t>(step);
        positive_[w * camps_ + c] += static_cast<std::size_t>(step);
      } else {
        negative_[w * camps_ + c] += static_cast<std::size_t>(step);
      }
    }
  }

  void descend(std::size_t depth, std::size_t opened, std::size_t frustration) {
    if (++steps_ > max_steps_) return;
    if (depth == n_) {
      if (frustration < *bound_) {
        *bound_ = frustration;
        *best_ = camp_;
      }
      return;
    }
    std::size_t bound = frustration;
    for (std::size_t i = depth + 1; i < n_; ++i) {
      // A camp not opened yet holds no placed entity: its cost is v's positive placed ties.
      std::size_t v = order_[i], least = cost(v, 0);
      for (std::size_t c = 1; c < camps_; ++c) least = std::min(least, cost(v, c));
      bound += least;
    }
    const std::size_t v = order_[depth];
    const std::size_t choices = std::min(camps_, opened + 1);
    for (std::size_t c = 0; c < choices; ++c) {
      std::size_t added = cost(v, c);
      if (bound + added >= *bound_) continue;
      place(v, c, 1);
      descend(depth + 1, std::max(opened, c + 1), frustration + added);
      place(v, c, -1);
      camp_[v] = unplaced;
      if (steps_ > max_steps_) return;
    }
  }

  const signed_part& part_;
  std::size_t camps_, max_steps_, n_;
  std::vector<std::size_t> order_;
  std::vector<std::size_t> camp_;
  std::vector<std::size_t> positive_, negative_;  // [v * camps + c]: placed neighbours in camp c
  std::vector<std::size_t> positive_placed_;      // v's positive ties to placed entities
  std::vector<std::size_t>* best_ = nullptr;
  std::size_t* bound_ = nullptr;
  std::size_t steps_ = 0;
};

// Ties that are unbalanced however the camps fall, counted once each: edge-disjoint triads
// that no partition into `camps` camps satisfies (a negative sign product with two camps; one
// negative and two positive ties with more). Their count is a lower bound on the frustration.
inline std::size_t surely_unbalanced(const signed_part& part, std::size_t camps) {
  const std::size_t n = part.entities.size();
  std::vector<std::vector<std::pair<std::size_t, int>>> higher(n);
  for (std::size_t v = 0; v < n; ++v)
    for (auto [w, sign] : part.ties[v])
      if (w > v) higher[v].push_back({w, sign});
  for (auto& list : higher) std::sort(list.begin(), list.end());
  std::set<std::pair<std::size_t, std::size_t>> used;
  std::vector<int> sign_to(n, 0);
  std::size_t count = 0;
  for (std::size_t a = 0; a < n; ++a) {
    for (auto [c, sign] : higher[a]) sign_to[c] = sign;
    for (auto [b, ab] : higher[a])
      for (auto [c, bc] : higher[b]) {
        const int ac = sign_to[c];
        if (ac == 0) continue;
        const int negatives = (ab < 0) + (ac < 0) + (bc < 0);
        if (camps == 2 ? negatives % 2 == 0 : negatives != 1) continue;
        if (used.count({a, b}) || used.count({a, c}) || used.count({b, c})) continue;
        used.insert({{a, b}, {a, c}, {b, c}});
        ++count;
      }
    for (auto [c, sign] : higher[a]) sign_to[c] = 0;
  }
  return count;
}

// Camps for one part, and whether they are proven to leave the fewest unbalanced ties.
// Entities with a single tie are peeled off first (repeatedly): whatever camps the rest get,
// such an entity can keep its one tie balanced, so only the core left needs searching.
inline std::pair<std::vector<std::size_t>, bool> solve_part(const signed_part& part,
                                                            std::size_t camps,
                                                            const balance_options& opts,
                                                            split_mix& random) {
  const std::size_t n = part.entities.size();
  if (camps == 1) return {std::vector<std::size_t>(n, 0), true};

  std::vector<std::size_t> degree(n);
  std::vector<char> peeled(n, 0);
  std::vector<std::size_t> leaves;
  for (std::size_t v = 0; v < n; ++v)
    if ((degree[v] = part.ties[v].size()) == 1) leaves.push_back(v);
  struct peeling {
    std::size_t entity, anchor;
    int sign;
  };
  std::vector<peeling> order;
  while (!leaves.empty()) {
    std::size_t v = leaves.back();
    leaves.pop_back();
    if (peeled[v] || degree[v] != 1) continue;
    for (auto [w, sign] : part.ties[v]) {
      if (peeled[w]) continue;
      peeled[v] = 1;
      order.push_back({v, w, sign});
      if (--degree[w] == 1) leaves.push_back(w);
      break;
    }
  }

  signed_part core;
  std::vector<std::size_t> in_core(n, static_cast<std::size_t>(-1));
  for (std::size_t v = 0; v < n; ++v)
    if (!peeled[v]) {
      in_core[v] = core.entities.size();
      core.entities.push_back(part.entities[v]);
    }
  core.ties.resize(core.entities.size());
  for (std::size_t v = 0; v < n; ++v)
    if (!peeled[v])
      for (auto [w, sign] : part.ties[v])
        if (!peeled[w]) core.ties[in_core[v]].push_back({in_core[w], sign});

  const std::size_t core_camps = std::min(camps, core.entities.size());
  auto camp = local_search(core, core_camps, opts, random);
  camp_state state(core, core_camps);
  state.assign_all(camp);
  std::size_t frustration = state.frustration();
  bool exact = frustration == 0;
  if (!exact && core.entities.size() <= opts.exact_up_to) {
    balance_search search(core, core_camps, opts.max_steps);
    exact = search.run(camp, frustration);
  }
  if (!exact) exact = frustration == surely_unbalanced(core, core_camps);

  std::vector<std::size_t> result(n, 0);
  for (std::size_t v = 0; v < n; ++v)
    if (!peeled[v]) result[v] = camp[in_core[v]];
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    result[it->entity] = it->sign > 0 ? result[it->anchor] : (result[it->anchor] == 0 ? 1 : 0);
  return {std::move(result), exact};
}

}  // namespace detail

/// A partition of the entities in signed ties into at most `opts.camps` camps that leaves the
/// fewest unbalanced ties (a positive tie across camps, or a negative one inside a camp), on a
/// graph or a view. Each connected part of the signed graph is solved on its own. Entities with a
/// single tie are set aside first (they can always keep it balanced); the core left is solved
/// exactly by branch and bound up to `opts.exact_up_to` entities, else by seeded local search
/// (greedy moves and Kernighan–Lin passes), which gives the same answer for the same seed. A
/// local-search answer is still `exact` when it meets a lower bound: no unbalanced tie, or one per
/// edge-disjoint triad that no partition can balance.
///
///     auto blocs = structural_balance(make_view(g, {.min_evidence = evidence::reported}));
///     bool together = blocs.camp[g.at("PRK")] == blocs.camp[g.at("RUS")];
template <class Graph>
[[nodiscard]] balance_result structural_balance(const Graph& g, const balance_options& opts = {}) {
  if (opts.camps == 0) throw error("structural_balance: camps must be at least 1");
  const auto ties = signed_ties(g);
  const std::size_t n = detail::underlying(g).num_entities();
  balance_result result;
  result.camp.assign(n, balance_result::none);
  result.ties = ties.size();

  // The parts: entities linked by ties, found by union-find over entity numbers.
  std::vector<entity_index> parent(n);
  for (std::size_t v = 0; v < n; ++v) parent[v] = static_cast<entity_index>(v);
  auto root = [&](entity_index v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  std::vector<char> signed_entity(n, 0);
  for (const auto& t : ties) {
    signed_entity[t.a] = signed_entity[t.b] = 1;
    parent[root(t.a)] = root(t.b);
  }
  std::vector<std::size_t> part_of(n, balance_result::none), local(n, 0);
  std::vector<detail::signed_part> parts;
  for (std::size_t v = 0; v < n; ++v) {  // in entity order: parts by their smallest entity
    if (!signed_entity[v]) continue;
    entity_index r = root(static_cast<entity_index>(v));
    if (part_of[r] == balance_result::none) {
      part_of[r] = parts.size();
      parts.emplace_back();
    }
    auto& part = parts[part_of[r]];
    local[v] = part.entities.size();
    part.entities.push_back(static_cast<entity_index>(v));
    part.ties.emplace_back();
  }
  for (const auto& t : ties) {
    auto& part = parts[part_of[root(t.a)]];
    part.ties[local[t.a]].push_back({local[t.b], t.sign()});
    part.ties[local[t.b]].push_back({local[t.a], t.sign()});
  }

  detail::split_mix random{opts.seed};
  std::size_t most_camps = 0;
  for (const auto& part : parts) {
    const std::size_t size = part.entities.size();
    const std::size_t camps = std::min(opts.camps, size);
    auto [camp, exact] = detail::solve_part(part, camps, opts, random);
    if (!exact) result.exact = false;
    // Camps renumbered by their smallest entity, so equal partitions read the same.
    std::vector<std::size_t> renamed(camps, balance_result::none);
    std::size_t used = 0;
    for (std::size_t v = 0; v < size; ++v) {
      if (renamed[camp[v]] == balance_result::none) renamed[camp[v]] = used++;
      result.camp[part.entities[v]] = renamed[camp[v]];
    }
    most_camps = std::max(most_camps, used);
  }
  result.camps = most_camps;

  for (const auto& t : ties) {
    bool together = result.camp[t.a] == result.camp[t.b];
    if (together == (t.sign() > 0)) continue;
    ++result.frustration;
    const graph& base = detail::underlying(g);
    for (relation_index r : t.relations)
      if (static_cast<int>(base.schema().relation_type_at(base.type(r)).polarity) == t.sign())
        result.unbalanced.push_back(r);
  }
  std::sort(result.unbalanced.begin(), result.unbalanced.end());
  if (result.ties > 0)
    result.balance_ratio =
        1.0 - static_cast<double>(result.frustration) / static_cast<double>(result.ties);
  return result;
}

/// Three entities pairwise in signed ties whose signs multiply to −1 (two friends with a common
/// enemy who are enemies themselves, or three mutual enemies).
struct triad {
  std::array<entity_index, 3> entities;  ///< ascending
  std::array<int, 3> signs;  ///< of the ties (first, second), (first, third), (second, third)
  std::vector<relation_index> relations;  ///< the signed relations of the three ties, ascending
};

/// Every unbalanced triad of `g` (a graph or a view), ordered by its entities; ties as in
/// `signed_ties`.
template <class Graph>
[[nodiscard]] std::vector<triad> unbalanced_triads(const Graph& g) {
  const auto ties = signed_ties(g);
  const std::size_t n = detail::underlying(g).num_entities();
  // Each entity's ties to larger entities, ascending (ties come sorted by a, then b).
  std::vector<std::vector<std::size_t>> higher(n);
  for (std::size_t i = 0; i < ties.size(); ++i) higher[ties[i].a].push_back(i);
  std::vector<std::size_t> tie_to(n, static_cast<std::size_t>(-1));
  std::vector<triad> found;
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t i : higher[a]) tie_to[ties[i].b] = i;
    for (std::size_t ab : higher[a])
      for (std::size_t bc : higher[ties[ab].b]) {
        std::size_t ac = tie_to[ties[bc].b];
        if (ac == static_cast<std::size_t>(-1)) continue;
        if (ties[ab].sign() * ties[ac].sign() * ties[bc].sign() > 0) continue;
        triad t{{ties[ab].a, ties[ab].b, ties[bc].b},
                {ties[ab].sign(), ties[ac].sign(), ties[bc].sign()},
                {}};
        for (std::size_t k : {ab, ac, bc})
          t.relations.insert(t.relations.end(), ties[k].relations.begin(), ties[k].relations.end());
        std::sort(t.relations.begin(), t.relations.end());
        found.push_back(std::move(t));
      }
    for (std::size_t i : higher[a]) tie_to[ties[i].b] = static_cast<std::size_t>(-1);
  }
  std::sort(found.begin(), found.end(),
            [](const triad& x, const triad& y) { return x.entities < y.entities; });
  return found;
}

}  // namespace entente

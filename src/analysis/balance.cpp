// The search for camps: local search, branch and bound, and the lower bound that proves a
// local-search answer optimal.

#include <entente/analysis/balance.hpp>

#include <algorithm>
#include <cstddef>
#include <set>
#include <utility>
#include <vector>

namespace entente::detail {
namespace {

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
void greedy_moves(camp_state& state) {
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
bool kernighan_lin_pass(camp_state& state) {
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
std::vector<std::size_t> local_search(const signed_part& part, std::size_t camps,
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
std::size_t surely_unbalanced(const signed_part& part, std::size_t camps) {
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

}  // namespace

std::pair<std::vector<std::size_t>, bool> solve_part(const signed_part& part, std::size_t camps,
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

}  // namespace entente::detail

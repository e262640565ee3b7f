// Breadth-first shortest paths: bidirectional BFS, path_searcher, shortest_path and
// all_shortest_paths.

#include <entente/paths.hpp>

#include "paths/search.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <utility>

namespace entente {
namespace detail {

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

// ---- the state behind a path_searcher --------------------------------------------------------

class search_state {
 public:
  search_state(const graph& g, const path_options& opts) : rules(g, opts) {}
  step_rules rules;
  scratch sc;
  cut_report cut;
};

namespace {

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

path_result all_shortest_paths(const graph& g, entity_index from, entity_index to,
                               const path_options& opts) {
  using namespace detail;
  step_rules rules(g, opts);
  check_ends(g, from, to);
  budget clock(opts.timeout);
  enumeration out;
  if (auto settled = settled_before_search(g, from, to, opts, clock)) return std::move(*settled);
  scratch_lease lease;
  auto& sc = *lease;
  std::vector<entity_index> meets;
  std::vector<relation_index> unused;
  meet_request req{from, to, opts.max_hops};
  req.meets = &meets;
  auto end = bidirectional(rules, sc, req, clock, unused);
  if (end != bfs_end::found) {
    report(out.cut, end, opts.max_hops);
    return out.finish();
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
          out.cut.set(limit_reached(opts.limit));
          break;
        }
        std::vector<relation_index> rs(first.rbegin(), first.rend());
        rs.insert(rs.end(), second.begin(), second.end());
        found.push_back(std::move(rs));
      }
    if (late) out.cut.set(deadline_reached);
    if (out.cut.cut) break;
  }
  std::sort(found.begin(), found.end());
  for (const auto& rs : found) out.result.paths.emplace_back(g, from, rs);
  return out.finish();
}

}  // namespace entente

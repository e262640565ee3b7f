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

// Camps for one part, and whether they are proven to leave the fewest unbalanced ties.
// Entities with a single tie are peeled off first (repeatedly): whatever camps the rest get,
// such an entity can keep its one tie balanced, so only the core left needs searching.
std::pair<std::vector<std::size_t>, bool> solve_part(const signed_part& part, std::size_t camps,
                                                     const balance_options& opts,
                                                     split_mix& random);

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

#include <entente/paths.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <random>
#include <set>
#include <thread>

#include "testing.hpp"

using namespace entente;
using namespace std::chrono_literals;

namespace {

using relations = std::vector<relation_index>;

relations rels(const std::optional<path>& p) {
  REQUIRE(p.has_value());
  return p->relations();
}
std::vector<relations> rels(const path_result& r) {
  std::vector<relations> out;
  for (const auto& p : r.paths) out.push_back(p.relations());
  return out;
}
std::vector<std::size_t> lengths(const path_result& r) {
  std::vector<std::size_t> out;
  for (const auto& p : r.paths) out.push_back(p.length());
  return out;
}

// Entities n0..n{count-1} of kind Node; relation types a, b, s (symmetric), and the pair
// parent_of / child_of, each declared as the other's inverse.
graph numbered(std::size_t count) {
  schema s;
  s.add_kind({"Node", ""});
  s.add_relation_type({.name = "a", .inverse = "a_by"});
  s.add_relation_type({.name = "b", .inverse = "b_by"});
  s.add_relation_type({.name = "s", .symmetric = true});
  s.add_relation_type({.name = "parent_of", .inverse = "child_of"});
  s.add_relation_type({.name = "child_of", .inverse = "parent_of"});
  graph g(std::move(s));
  for (std::size_t i = 0; i < count; ++i) {
    auto id = "n" + std::to_string(i);
    g.add_entity({id, "Node", id});
  }
  return g;
}
relation_index link(graph& g, entity_index from, std::string_view type, entity_index to,
                    evidence e = evidence::confirmed) {
  return g.add_relation(from, g.schema().relation_type(type), to, e);
}

// A graph in which every node has two parallel `a` relations to every other node.
graph dense(std::size_t count) {
  auto g = numbered(count);
  for (entity_index i = 0; i < count; ++i)
    for (entity_index j = 0; j < count; ++j)
      if (i != j) {
        link(g, i, "a", j);
        link(g, i, "a", j);
      }
  return g;
}

// Whether each step of `p` may be taken under `dir` and `types` (empty: every type).
bool allowed(const path& p, direction dir, const std::set<std::string>& types) {
  const auto& g = p.graph();
  for (std::size_t i = 0; i < p.length(); ++i) {
    const auto& step = p.steps()[i];
    auto r = g.relation(step.relation);
    entity_index here = p.nodes()[i];
    entity_index there = p.nodes()[i + 1];
    bool connects = step.reversed ? (r.to() == here && r.from() == there)
                                  : (r.from() == here && r.to() == there);
    if (!connects) return false;
    if (!types.empty() && !types.contains(std::string(r.type_name()))) return false;
    bool symmetric = g.schema().relation_type_at(r.type()).symmetric;
    if (!symmetric && dir == direction::out && step.reversed) return false;
    if (!symmetric && dir == direction::in && !step.reversed && r.from() != r.to()) return false;
  }
  return true;
}

// ---- a plain reference search, written independently of paths.cpp ----------------------------

struct ref_step {
  relation_index relation;
  entity_index next;
};
std::vector<std::vector<ref_step>> ref_adjacency(const graph& g, direction dir,
                                                 const std::set<std::string>& types) {
  std::vector<std::vector<ref_step>> adj(g.num_entities());
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    auto rel = g.relation(r);
    if (!types.empty() && !types.contains(std::string(rel.type_name()))) continue;
    bool symmetric = g.schema().relation_type_at(rel.type()).symmetric;
    if (symmetric || dir != direction::in) adj[rel.from()].push_back({r, rel.to()});
    if (symmetric || dir != direction::out) adj[rel.to()].push_back({r, rel.from()});
  }
  return adj;
}
// Distances from `from`, and how many shortest paths (as relation lists) reach each entity.
std::pair<std::vector<int>, std::vector<std::size_t>> ref_bfs(
    const std::vector<std::vector<ref_step>>& adj, entity_index from) {
  std::vector<int> dist(adj.size(), -1);
  std::vector<std::size_t> count(adj.size(), 0);
  std::deque<entity_index> todo{from};
  dist[from] = 0;
  count[from] = 1;
  while (!todo.empty()) {
    auto v = todo.front();
    todo.pop_front();
    for (auto [r, u] : adj[v]) {
      if (dist[u] < 0) {
        dist[u] = dist[v] + 1;
        todo.push_back(u);
      }
      if (dist[u] == dist[v] + 1) count[u] += count[v];
    }
  }
  return {dist, count};
}
// Every simple path from `from` to `to` with at most `max_hops` relations, by brute force.
void ref_simple_paths(const std::vector<std::vector<ref_step>>& adj, entity_index at,
                      entity_index to, std::size_t max_hops, std::vector<bool>& on,
                      std::vector<std::size_t>& lengths, std::size_t depth = 0) {
  if (at == to) {
    lengths.push_back(depth);
    return;
  }
  if (depth == max_hops) return;
  on[at] = true;
  for (auto [r, u] : adj[at])
    if (!on[u]) ref_simple_paths(adj, u, to, max_hops, on, lengths, depth + 1);
  on[at] = false;
}

struct random_case {
  graph g;
  direction dir;
  std::vector<std::string> via;
  std::set<std::string> types;
};
random_case random_graph(std::mt19937& rng, std::size_t max_n, std::size_t max_m) {
  std::size_t n = std::uniform_int_distribution<std::size_t>(1, max_n)(rng);
  std::size_t m = std::uniform_int_distribution<std::size_t>(0, max_m)(rng);
  random_case c{numbered(n), direction::out, {}, {}};
  const char* names[] = {"a", "b", "s"};
  std::uniform_int_distribution<entity_index> node(0, static_cast<entity_index>(n - 1));
  std::uniform_int_distribution<int> type(0, 2);
  for (std::size_t i = 0; i < m; ++i) link(c.g, node(rng), names[type(rng)], node(rng));
  c.dir = std::array{direction::out, direction::in, direction::any}[type(rng)];
  switch (type(rng)) {
    case 0: break;
    case 1: c.via = {"a"}; break;
    default: c.via = {"a", "s"}; break;
  }
  c.types.insert(c.via.begin(), c.via.end());
  return c;
}

}  // namespace

// ---- shortest paths on the small world --------------------------------------------------------

TEST_CASE("paths: the shortest chain from Kim Jong-un to Ukraine") {
  auto g = testing::small_world();
  auto p = shortest_path(g, g.at("kim-jong-un"), g.at("UKR"));
  // leads, supports (the confirmed one of three parallels), wages_war_on.
  CHECK(rels(p) == relations{0, 2, 6});
  CHECK(p->nodes() ==
        std::vector<entity_index>{g.at("kim-jong-un"), g.at("PRK"), g.at("RUS"), g.at("UKR")});
}

TEST_CASE("paths: from an entity to itself is the empty path") {
  auto g = testing::small_world();
  auto p = shortest_path(g, g.at("PRK"), g.at("PRK"));
  REQUIRE(p);
  CHECK(p->length() == 0);
  CHECK(p->source() == g.at("PRK"));
}

TEST_CASE("paths: no path is nothing, and not a cut") {
  auto g = testing::small_world();
  path_searcher search(g);
  CHECK_FALSE(search.find(g.at("UKR"), g.at("USA")));
  CHECK_FALSE(search.cut());
  CHECK(search.why_cut().empty());
}

TEST_CASE("paths: unknown entities and types are lookup errors") {
  auto g = testing::small_world();
  CHECK_THROWS_AS((void)shortest_path(g, 0, 99), lookup_error);
  try {
    (void)shortest_path(g, g.at("RUS"), g.at("USA"), {.via = {"sanctioned_bi"}});
    FAIL("expected a lookup error");
  } catch (const lookup_error& e) {
    REQUIRE_FALSE(e.suggestions().empty());
    CHECK(e.suggestions().front() == "sanctioned_by");
    CHECK(std::string(e.what()).starts_with("unknown relation type 'sanctioned_bi'"));
  }
}

TEST_CASE("paths: direction out, in and any") {
  auto g = testing::small_world();
  auto usa = g.at("USA");
  auto prk = g.at("PRK");
  SUBCASE("out follows relations as stored: USA sanctions Russia, which aids North Korea") {
    CHECK(rels(shortest_path(g, usa, prk)) == relations{7, 5});
  }
  SUBCASE("in follows them backwards") {
    CHECK_FALSE(shortest_path(g, usa, prk, {.direction = direction::in}));
    auto p = shortest_path(g, prk, usa, {.direction = direction::in});
    CHECK(rels(p) == relations{5, 7});
    CHECK(p->steps()[0].reversed);
    CHECK(p->steps()[1].reversed);
  }
  SUBCASE("any takes the smallest of the four relations between Russia and North Korea") {
    auto p = shortest_path(g, usa, prk, {.direction = direction::any});
    CHECK(rels(p) == relations{7, 2});
    CHECK_FALSE(p->steps()[0].reversed);
    CHECK(p->steps()[1].reversed);
  }
}

TEST_CASE("paths: an inverse name in via follows its type backwards") {
  auto g = testing::small_world();
  auto p = shortest_path(g, g.at("RUS"), g.at("USA"), {.via = {"sanctioned_by"}});
  CHECK(rels(p) == relations{7});
  CHECK(p->steps()[0].reversed);
  CHECK_FALSE(shortest_path(g, g.at("RUS"), g.at("USA"), {.via = {"sanctions"}}));
  // Read backwards, the inverse name goes forwards again.
  CHECK(rels(shortest_path(g, g.at("USA"), g.at("RUS"),
                           {.via = {"sanctioned_by"}, .direction = direction::in})) ==
        relations{7});
}

TEST_CASE("paths: a type declared as another's inverse is that type backwards") {
  auto g = numbered(2);
  auto r = link(g, 0, "parent_of", 1);
  auto p = shortest_path(g, 1, 0, {.via = {"child_of"}});
  CHECK(rels(p) == relations{r});
  CHECK(p->steps()[0].reversed);
  CHECK_FALSE(shortest_path(g, 0, 1, {.via = {"child_of"}}));
}

TEST_CASE("paths: without via, relations are followed only as stored") {
  auto g = testing::small_world();
  auto prk = g.at("PRK");
  auto lavrov = g.at("sergey-lavrov");
  CHECK_FALSE(shortest_path(g, prk, lavrov));
  // The default schema declares `visited_by` (a role of visit events) and names it as the
  // inverse of `visits`, so asking for it reads Lavrov's visit backwards.
  CHECK(rels(shortest_path(g, prk, lavrov, {.via = {"visited_by"}})) == relations{11});
}

TEST_CASE("paths: directions by name") {
  CHECK(parse_direction("any") == direction::any);
  CHECK(parse_direction("in") == direction::in);
  CHECK_FALSE(parse_direction("both"));
  CHECK(to_string(direction::out) == "out");
}

TEST_CASE("paths: symmetric types are followed both ways whatever the direction") {
  auto g = testing::small_world();
  auto r = g.add_relation({"RUS", "allied_with", "PRK", evidence::confirmed});
  for (auto dir : {direction::out, direction::in, direction::any}) {
    CAPTURE(to_string(dir));
    CHECK(rels(shortest_path(g, g.at("PRK"), g.at("RUS"),
                             {.via = {"allied_with"}, .direction = dir})) == relations{r});
    CHECK(rels(shortest_path(g, g.at("RUS"), g.at("PRK"),
                             {.via = {"allied_with"}, .direction = dir})) == relations{r});
  }
  CHECK_FALSE(shortest_path(g, g.at("PRK"), g.at("RUS"), {.via = {"aids"}}));
}

TEST_CASE("paths: minimum evidence changes the answer") {
  auto g = testing::small_world();
  auto kim = g.at("kim-jong-un");
  auto ukr = g.at("UKR");
  auto as_of = date(2023);  // the confirmed `supports` holds from 2024 only
  CHECK(rels(shortest_path(g, kim, ukr, {.as_of = as_of})) == relations{0, 3, 6});
  CHECK(rels(shortest_path(g, kim, ukr, {.min_evidence = evidence::reported, .as_of = as_of})) ==
        relations{0, 4, 6});
  CHECK_FALSE(shortest_path(g, kim, ukr, {.min_evidence = evidence::confirmed, .as_of = as_of}));
}

TEST_CASE("paths: as_of and as_known change the answer") {
  auto g = testing::small_world();
  auto kim = g.at("kim-jong-un");
  auto ukr = g.at("UKR");
  CHECK(rels(shortest_path(g, kim, ukr, {.as_of = date(2024, 6)})) == relations{0, 2, 6});
  CHECK(rels(shortest_path(g, kim, ukr, {.as_of = date(2022, 6)})) == relations{0, 3, 6});
  CHECK_FALSE(shortest_path(g, kim, ukr, {.as_of = date(2021)}));
  // The alleged `supports` is known only from article-b (2025-07); by 2025-01 only article-a.
  CHECK(rels(shortest_path(g, kim, ukr, {.as_of = date(2023), .as_known = date(2025, 1)})) ==
        relations{0, 4, 6});
}

TEST_CASE("paths: a step filter is asked about every step, with its direction") {
  auto g = testing::small_world();
  auto kim = g.at("kim-jong-un");
  auto ukr = g.at("UKR");
  auto p = shortest_path(
      g, kim, ukr, {.step_filter = [](const graph&, relation_index r, bool) { return r != 2; }});
  CHECK(rels(p) == relations{0, 3, 6});
  auto forwards_only = [](const graph&, relation_index, bool reversed) { return !reversed; };
  CHECK_FALSE(shortest_path(g, g.at("USA"), g.at("PRK"),
                            {.direction = direction::in, .step_filter = forwards_only}));
}

TEST_CASE("paths: max_hops bounds the search and says so") {
  auto g = testing::small_world();
  path_searcher search(g, {.max_hops = 2});
  CHECK_FALSE(search.find(g.at("kim-jong-un"), g.at("UKR")));
  CHECK(search.cut());
  CHECK(search.why_cut() == "stopped at the limit of 2 hops");
  // The next query starts afresh.
  CHECK(rels(search.find(g.at("PRK"), g.at("UKR"))) == relations{2, 6});
  CHECK_FALSE(search.cut());
}

TEST_CASE("paths: a zero deadline stops every search at once") {
  auto g = testing::small_world();
  auto kim = g.at("kim-jong-un");
  auto ukr = g.at("UKR");
  path_options opts{.timeout = 0s};
  path_searcher search(g, opts);
  CHECK_FALSE(search.find(kim, ukr));
  CHECK(search.why_cut() == "stopped at the deadline");
  for (const auto& r : {all_shortest_paths(g, kim, ukr, opts), all_simple_paths(g, kim, ukr, opts),
                        k_shortest_paths(g, kim, ukr, 3, opts),
                        rpq_paths(g, kim, ukr, "leads/supports/wages_war_on", opts)}) {
    CHECK(r.paths.empty());
    CHECK(r.cut);
    CHECK(r.why_cut == "stopped at the deadline");
  }
  CHECK_FALSE(weighted_shortest_path(g, kim, ukr, by_evidence, opts));
}

// ---- hand-made graphs -------------------------------------------------------------------------

TEST_CASE("paths: a diamond with parallel relations") {
  // n0 -a-> n1 -b-> n3 (r2), n1 -a-> n3 (r4, parallel), n0 -a-> n2 -a-> n3.
  auto g = numbered(4);
  link(g, 0, "a", 1);
  link(g, 0, "a", 2);
  link(g, 1, "b", 3);
  link(g, 2, "a", 3);
  link(g, 1, "a", 3);
  SUBCASE("the smallest index among parallels, though its type comes later") {
    CHECK(rels(shortest_path(g, 1, 3)) == relations{2});
    // Which of two equally short paths is found depends on the search, not on a promise.
    auto p = rels(shortest_path(g, 0, 3));
    CHECK((p == relations{0, 2} || p == relations{1, 3}));
  }
  SUBCASE("every shortest path, parallels distinct, ordered by relations") {
    auto all = all_shortest_paths(g, 0, 3);
    CHECK(rels(all) == std::vector<relations>{{0, 2}, {0, 4}, {1, 3}});
    CHECK_FALSE(all.cut);
    auto two = all_shortest_paths(g, 0, 3, {.limit = 2});
    CHECK(two.paths.size() == 2);
    CHECK(two.cut);
    CHECK(two.why_cut == "stopped at the limit of 2 paths");
  }
  SUBCASE("via restricts the types") {
    CHECK(rels(shortest_path(g, 1, 3, {.via = {"a"}})) == relations{4});
    auto p = rels(shortest_path(g, 0, 3, {.via = {"a"}}));
    CHECK((p == relations{0, 4} || p == relations{1, 3}));
    CHECK(rels(all_shortest_paths(g, 0, 3, {.via = {"a"}})) ==
          std::vector<relations>{{0, 4}, {1, 3}});
  }
  SUBCASE("k shortest and all simple paths") {
    CHECK(rels(k_shortest_paths(g, 0, 3, 10)) == std::vector<relations>{{0, 2}, {0, 4}, {1, 3}});
    CHECK(rels(all_simple_paths(g, 0, 3)) == std::vector<relations>{{0, 4}, {0, 2}, {1, 3}});
  }
}

TEST_CASE("paths: a hub is crossed from its cheap side") {
  // n0 -a-> hub -a-> 2000 leaves; the target is the last leaf.
  auto g = numbered(2002);
  link(g, 0, "a", 1);
  for (entity_index leaf = 2; leaf < 2002; ++leaf) link(g, 1, "a", leaf);
  std::size_t asked = 0;
  auto counting = [&](const graph&, relation_index, bool) {
    ++asked;
    return true;
  };
  auto p = shortest_path(g, 0, 2001, {.step_filter = counting});
  CHECK(rels(p) == relations{0, 2000});
  // One relation read from each end: the hub's 2000 are never looked at.
  CHECK(asked <= 4);
}

TEST_CASE("paths: via reads only the named types' relations of an entity") {
  auto g = numbered(2002);
  for (entity_index leaf = 2; leaf < 2002; ++leaf) link(g, 0, "b", leaf);
  auto r = link(g, 0, "a", 1);
  std::size_t asked = 0;
  auto counting = [&](const graph&, relation_index, bool) {
    ++asked;
    return true;
  };
  CHECK(rels(shortest_path(g, 0, 1, {.via = {"a"}, .step_filter = counting})) == relations{r});
  CHECK(asked <= 2);
  asked = 0;
  CHECK(rels(shortest_path(g, 0, 1,
                           {.via = {"a"}, .direction = direction::any, .step_filter = counting})) ==
        relations{r});
  CHECK(asked <= 4);
}

TEST_CASE("paths: a cycle") {
  // n0 -> n1 -> n2 -> n3 -> n0
  auto g = numbered(4);
  for (entity_index i = 0; i < 4; ++i) link(g, i, "a", (i + 1) % 4);
  CHECK(rels(shortest_path(g, 0, 3)) == relations{0, 1, 2});
  CHECK(rels(shortest_path(g, 0, 3, {.direction = direction::any})) == relations{3});
  CHECK(rels(all_simple_paths(g, 0, 2, {.direction = direction::any})) ==
        std::vector<relations>{{0, 1}, {3, 2}});
  CHECK(rels(k_shortest_paths(g, 0, 2, 5, {.direction = direction::any})) ==
        std::vector<relations>{{0, 1}, {3, 2}});
  CHECK(rels(rpq_paths(g, 0, 0, "a+")) == std::vector<relations>{{0, 1, 2, 3}});
}

TEST_CASE("paths: disconnected parts") {
  auto g = numbered(4);
  link(g, 0, "a", 1);
  link(g, 2, "a", 3);
  CHECK_FALSE(shortest_path(g, 0, 3, {.direction = direction::any}));
  for (const auto& r : {all_shortest_paths(g, 0, 3), all_simple_paths(g, 0, 3),
                        k_shortest_paths(g, 0, 3, 4), rpq_paths(g, 0, 3, "a*")}) {
    CHECK(r.paths.empty());
    CHECK_FALSE(r.cut);
  }
  CHECK_FALSE(weighted_shortest_path(g, 0, 3, by_evidence));
  CHECK_FALSE(rpq_shortest_path(g, 0, 3, path_expression(g.schema(), "(a|b|s)*")));
}

// ---- weighted ---------------------------------------------------------------------------------

TEST_CASE("paths: weighted by evidence prefers three confirmed steps to one speculated") {
  auto g = numbered(4);
  auto direct = link(g, 0, "a", 3, evidence::speculated);
  link(g, 0, "a", 1);
  link(g, 1, "a", 2);
  link(g, 2, "a", 3);
  CHECK(rels(shortest_path(g, 0, 3)) == relations{direct});
  auto p = weighted_shortest_path(g, 0, 3, by_evidence);
  CHECK(rels(p) == relations{1, 2, 3});
  CHECK(path_weight(*p, by_evidence) == 3.0);
  SUBCASE("within max_hops the cheapest short path wins") {
    CHECK(rels(weighted_shortest_path(g, 0, 3, by_evidence, {.max_hops = 2})) == relations{direct});
  }
  SUBCASE("denied relations are not followed") {
    g.set_evidence(direct, evidence::denied);
    CHECK_FALSE(weighted_shortest_path(g, 0, 3, by_evidence, {.max_hops = 2}));
  }
}

TEST_CASE("paths: weighted by cooperation or conflict") {
  auto g = testing::small_world();
  auto usa = g.at("USA");
  auto prk = g.at("PRK");
  path_options any{.direction = direction::any};
  // Russia to North Korea: supplies (+8.3) is the friendliest tie, supports (+3.4) the least.
  CHECK(rels(weighted_shortest_path(g, usa, prk, by_cooperation, any)) == relations{7, 4});
  CHECK(rels(weighted_shortest_path(g, usa, prk, by_conflict, any)) == relations{7, 2});
}

TEST_CASE("paths: every search from an entity to itself gives the empty path") {
  auto g = testing::small_world();
  auto prk = g.at("PRK");
  CHECK(weighted_shortest_path(g, prk, prk, by_evidence)->length() == 0);
  for (const auto& r : {all_shortest_paths(g, prk, prk), all_simple_paths(g, prk, prk),
                        k_shortest_paths(g, prk, prk, 3)}) {
    REQUIRE(r.paths.size() == 1);
    CHECK(r.paths[0].length() == 0);
    CHECK_FALSE(r.cut);
  }
}

TEST_CASE("paths: a negative weight is an error") {
  auto g = testing::small_world();
  auto negative = [](const graph&, relation_index) { return -1.0; };
  CHECK_THROWS_WITH_AS((void)weighted_shortest_path(g, g.at("PRK"), g.at("UKR"), negative),
                       doctest::Contains("weights must be 0 or more"), error);
}

// ---- enumerations -----------------------------------------------------------------------------

TEST_CASE("paths: every simple path, shortest first") {
  auto g = testing::small_world();
  auto kim = g.at("kim-jong-un");
  auto ukr = g.at("UKR");
  CHECK(rels(all_simple_paths(g, kim, ukr)) ==
        std::vector<relations>{{0, 2, 6}, {0, 3, 6}, {0, 4, 6}});
  auto any = all_simple_paths(g, kim, ukr, {.direction = direction::any});
  // Four ways from North Korea to Russia (aids read backwards too), then on to Ukraine directly
  // or through the United States; and the detour through Sergey Lavrov.
  CHECK(lengths(any) == std::vector<std::size_t>{3, 3, 3, 3, 4, 4, 4, 4, 4, 5});
  auto short_ = all_simple_paths(g, kim, ukr, {.max_hops = 2});
  CHECK(short_.paths.empty());
  CHECK(short_.cut);
  CHECK(short_.why_cut == "stopped at the limit of 2 hops");
}

TEST_CASE("paths: k shortest paths on the small world") {
  auto g = testing::small_world();
  auto kim = g.at("kim-jong-un");
  auto ukr = g.at("UKR");
  CHECK(rels(k_shortest_paths(g, kim, ukr, 2)) == std::vector<relations>{{0, 2, 6}, {0, 3, 6}});
  auto all = k_shortest_paths(g, kim, ukr, 10);
  CHECK(all.paths.size() == 3);
  CHECK_FALSE(all.cut);
  auto limited = k_shortest_paths(g, kim, ukr, 10, {.limit = 2});
  CHECK(limited.paths.size() == 2);
  CHECK(limited.why_cut == "stopped at the limit of 2 paths");
  CHECK(k_shortest_paths(g, kim, ukr, 0).paths.empty());
}

TEST_CASE("paths: enumerations on a dense graph stop at the limit and say so") {
  auto g = dense(12);
  auto simple = all_simple_paths(g, 0, 1);
  CHECK(simple.paths.size() == 1000);
  CHECK(simple.cut);
  CHECK(simple.why_cut == "stopped at the limit of 1000 paths");
  CHECK(std::ranges::is_sorted(lengths(simple)));
  CHECK(simple.paths.front().length() == 1);
  auto matching = rpq_paths(g, 0, 1, "a+", {.limit = 500});
  CHECK(matching.paths.size() == 500);
  CHECK(matching.why_cut == "stopped at the limit of 500 paths");
  auto yen = k_shortest_paths(g, 0, 1, 5000, {.limit = 300});
  CHECK(yen.paths.size() == 300);
  CHECK(yen.why_cut == "stopped at the limit of 300 paths");
  auto shortest = all_shortest_paths(g, 0, 1, {.limit = 1});
  CHECK(shortest.paths.size() == 1);
  CHECK(shortest.cut);
}

TEST_CASE("paths: an unbounded enumeration stops at the deadline") {
  auto g = dense(14);
  auto started = std::chrono::steady_clock::now();
  auto r = all_simple_paths(g, 0, 1, {.limit = std::size_t(-1), .timeout = 50ms});
  CHECK(r.cut);
  CHECK(r.why_cut == "stopped at the deadline");
  auto m = rpq_paths(g, 0, 1, "a*", {.max_hops = 40, .limit = std::size_t(-1), .timeout = 50ms});
  CHECK(m.why_cut == "stopped at the deadline");
  CHECK(std::chrono::steady_clock::now() - started < 5s);
}

// ---- regular path queries ---------------------------------------------------------------------

TEST_CASE("paths: regular path queries on the small world") {
  auto g = testing::small_world();
  auto prk = g.at("PRK");
  auto rus = g.at("RUS");
  auto ukr = g.at("UKR");
  auto kim = g.at("kim-jong-un");
  auto expr = [&](std::string_view text) { return path_expression(g.schema(), text); };
  CHECK(rels(rpq_shortest_path(g, prk, rus, expr("supports+"))) == relations{2});
  CHECK(rels(rpq_paths(g, prk, rus, "supports+")) == std::vector<relations>{{2}, {3}});
  CHECK(rels(rpq_paths(g, prk, ukr, "(supplies|aids)/wages_war_on")) ==
        std::vector<relations>{{4, 6}});
  CHECK(rels(rpq_paths(g, rus, g.at("USA"), "^sanctions")) == std::vector<relations>{{7}});
  CHECK(rels(rpq_paths(g, rus, g.at("USA"), "sanctioned_by")) == std::vector<relations>{{7}});
  CHECK(rels(rpq_paths(g, kim, ukr, "leads/supports/wages_war_on")) ==
        std::vector<relations>{{0, 2, 6}, {0, 3, 6}});
  // ^(x/y) reads y backwards, then x backwards.
  CHECK(rels(rpq_paths(g, rus, kim, "^(leads/supports)")) ==
        std::vector<relations>{{2, 0}, {3, 0}});
  // A cycle back to the start: who supports Russia and is aided by it in return.
  CHECK(rels(rpq_paths(g, prk, prk, "supports/aids")) == std::vector<relations>{{2, 5}, {3, 5}});
  CHECK(rels(rpq_shortest_path(g, prk, prk, expr("supports/aids"))) == relations{2, 5});
  // Zero or more matches the empty path.
  CHECK(expr("supports*").matches_empty());
  CHECK_FALSE(expr("supports+").matches_empty());
  CHECK(rpq_shortest_path(g, prk, prk, expr("supports*"))->length() == 0);
  CHECK(rels(rpq_paths(g, prk, ukr, "supports?/wages_war_on")) ==
        std::vector<relations>{{2, 6}, {3, 6}});
}

TEST_CASE("paths: regular path queries honour options") {
  auto g = testing::small_world();
  auto prk = g.at("PRK");
  auto rus = g.at("RUS");
  CHECK(rels(rpq_paths(g, prk, rus, "supports+", {.min_evidence = evidence::confirmed})) ==
        std::vector<relations>{{2}});
  CHECK(rels(rpq_paths(g, prk, rus, "aids", {.direction = direction::any})) ==
        std::vector<relations>{{5}});
  CHECK(rpq_paths(g, prk, rus, "aids").paths.empty());
  CHECK_THROWS_AS((void)rpq_paths(g, prk, rus, "aids", {.via = {"aids"}}), error);
  auto limited = rpq_paths(g, prk, rus, "supports|supplies", {.limit = 2});
  CHECK(limited.paths.size() == 2);
  CHECK(limited.why_cut == "stopped at the limit of 2 paths");
}

TEST_CASE("paths: everything an expression reaches") {
  auto g = testing::small_world();
  auto expr = path_expression(g.schema(), "leads/(supports|supplies)*");
  CHECK(rpq_reachable(g, g.at("kim-jong-un"), expr) ==
        std::vector<entity_index>{g.at("PRK"), g.at("RUS")});
  CHECK(rpq_reachable(g, g.at("PRK"), path_expression(g.schema(), "supports*")) ==
        std::vector<entity_index>{g.at("PRK"), g.at("RUS")});
}

TEST_CASE("paths: bad path expressions say where") {
  auto g = testing::small_world();
  auto column = [&](std::string_view text) -> std::size_t {
    try {
      path_expression(g.schema(), text);
    } catch (const parse_error& e) {
      CHECK(e.line() == 1);
      return e.column();
    }
    FAIL("expected a parse error for " << text);
    return 0;
  };
  CHECK(column("") == 1);
  CHECK(column("supports/") == 10);
  CHECK(column("(supports") == 10);
  CHECK(column("supports)") == 9);
  CHECK(column("supports//aids") == 10);
  CHECK(column("sup-ports") == 4);
  CHECK(column("supports|*") == 10);
  CHECK_THROWS_WITH_AS(path_expression(g.schema(), "(supports"),
                       "path expression: expected ')' to close the '(' at column 1 (line 1, "
                       "column 10)",
                       parse_error);
  try {
    path_expression(g.schema(), "supports/supprts+");
    FAIL("expected a lookup error");
  } catch (const lookup_error& e) {
    CHECK(std::string(e.what()).starts_with(
        "unknown relation type 'supprts' in path expression (column 10)"));
    REQUIRE_FALSE(e.suggestions().empty());
    CHECK(e.suggestions().front() == "supports");
  }
}

// ---- explanations -----------------------------------------------------------------------------

TEST_CASE("paths: a path explained step by step") {
  auto g = testing::small_world();
  auto p = shortest_path(g, g.at("kim-jong-un"), g.at("UKR"));
  CHECK(explain(*p) ==
        "Kim Jong-un leads North Korea (confirmed; reference)\n"
        "North Korea supports Russia (confirmed, since 2024; article-a: \u201cfully and "
        "unconditionally supports\u201d)\n"
        "Russia wages war on Ukraine (confirmed, since 2022-02-24; article-a)");
  auto back = shortest_path(g, g.at("RUS"), g.at("USA"), {.via = {"sanctioned_by"}});
  CHECK(explain(*back) ==
        "Russia is sanctioned by United States (confirmed, since 2014; article-a)");
  path supplies(g, g.at("PRK"), {4});
  CHECK(explain(supplies) ==
        "North Korea supplies Russia (reported, since 2023-09, item: artillery-shells; article-a)");
  path visit(g, g.at("sergey-lavrov"), {11});
  CHECK(explain(visit) == "Sergey Lavrov visits North Korea (confirmed, in 2024-07; article-b)");
  CHECK(explain(path(g, g.at("PRK"))).empty());
}

TEST_CASE("paths: explaining a step that is not there is an error") {
  auto g = testing::small_world();
  CHECK_THROWS_WITH_AS((void)explain_step(path(g, g.at("PRK"), {2}), 1), "no step 1 in a path of 1",
                       error);
}

TEST_CASE("paths: the weakest link of a path") {
  auto g = testing::small_world();
  auto strong = weakest_link(path(g, g.at("kim-jong-un"), {0, 2, 6}));
  CHECK(strong.weakest == evidence::confirmed);
  CHECK(strong.oldest_since == date(2022, 2, 24));
  CHECK(strong.fewest_sources == 1);
  CHECK(strong.single_sourced);
  auto weak = weakest_link(path(g, g.at("kim-jong-un"), {0, 3, 6}));
  CHECK(weak.weakest == evidence::alleged);
  CHECK(weak.weakest_relation == relation_index{3});
  g.add_citation(2, citation_spec{"article-b", "", std::nullopt});
  auto corroborated = weakest_link(path(g, g.at("PRK"), {2}));
  CHECK(corroborated.fewest_sources == 2);
  CHECK_FALSE(corroborated.single_sourced);
  auto empty = weakest_link(path(g, g.at("PRK")));
  CHECK_FALSE(empty.weakest_relation);
  CHECK_FALSE(empty.single_sourced);
}

// ---- against brute force ----------------------------------------------------------------------

TEST_CASE("paths: bidirectional BFS agrees with a plain BFS on random graphs") {
  std::mt19937 rng(20240619);
  std::size_t checked = 0;
  for (int round = 0; round < 150; ++round) {
    auto c = random_graph(rng, 25, 60);
    const auto& g = c.g;
    auto adj = ref_adjacency(g, c.dir, c.types);
    path_options opts{.via = c.via, .direction = c.dir, .max_hops = 1000};
    path_searcher search(g, opts);
    std::string types = "(a|b|s)";
    if (c.via.size() == 1) types = "a";
    if (c.via.size() == 2) types = "(a|s)";
    auto star = path_expression(g.schema(), types + "*");
    for (entity_index from = 0; from < g.num_entities(); ++from) {
      auto [dist, count] = ref_bfs(adj, from);
      for (entity_index to = 0; to < g.num_entities(); ++to) {
        CAPTURE(round);
        CAPTURE(from);
        CAPTURE(to);
        auto p = search.find(from, to);
        REQUIRE(p.has_value() == (dist[to] >= 0));
        if (!p) continue;
        CHECK(p->length() == static_cast<std::size_t>(dist[to]));
        CHECK(p->source() == from);
        CHECK(p->target() == to);
        CHECK(allowed(*p, c.dir, c.types));
        CHECK(shortest_path(g, from, to, opts) == p);
        auto all = all_shortest_paths(
            g, from, to,
            {.via = c.via, .direction = c.dir, .max_hops = 1000, .limit = std::size_t(-1)});
        CHECK_FALSE(all.cut);
        CHECK(all.paths.size() == count[to]);
        for (const auto& q : all.paths) {
          CHECK(q.length() == p->length());
          CHECK(allowed(q, c.dir, c.types));
        }
        auto rpq = rpq_shortest_path(g, from, to, star, {.direction = c.dir, .max_hops = 1000});
        REQUIRE(rpq);
        CHECK(rpq->length() == p->length());
        ++checked;
      }
    }
  }
  CHECK(checked > 1000);
}

TEST_CASE("paths: Yen agrees with brute force on random graphs") {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    auto c = random_graph(rng, 7, 14);
    const auto& g = c.g;
    std::uniform_int_distribution<entity_index> node(
        0, static_cast<entity_index>(g.num_entities() - 1));
    entity_index from = node(rng);
    entity_index to = node(rng);
    std::size_t max_hops = std::uniform_int_distribution<std::size_t>(1, 6)(rng);
    std::size_t k = std::uniform_int_distribution<std::size_t>(1, 12)(rng);
    CAPTURE(round);
    CAPTURE(from);
    CAPTURE(to);
    CAPTURE(k);
    CAPTURE(max_hops);
    path_options opts{.via = c.via, .direction = c.dir, .max_hops = max_hops, .limit = 1000000};

    auto every = all_simple_paths(g, from, to, opts);
    // Only the hop bound may cut it: the limit and the deadline are out of reach here.
    if (every.cut) CHECK(every.why_cut.ends_with(max_hops == 1 ? " hop" : " hops"));
    std::vector<std::size_t> expected;
    std::vector<bool> on(g.num_entities(), false);
    ref_simple_paths(ref_adjacency(g, c.dir, c.types), from, to, max_hops, on, expected);
    std::sort(expected.begin(), expected.end());
    CHECK(lengths(every) == expected);  // already shortest first
    std::set<relations> distinct;
    for (const auto& p : every.paths) {
      CHECK(allowed(p, c.dir, c.types));
      std::set<entity_index> nodes(p.nodes().begin(), p.nodes().end());
      CHECK(nodes.size() == p.nodes().size());
      distinct.insert(p.relations());
    }
    CHECK(distinct.size() == every.paths.size());

    auto yen = k_shortest_paths(g, from, to, k, opts);
    expected.resize(std::min(k, expected.size()));
    CHECK(lengths(yen) == expected);
    std::set<relations> seen;
    for (const auto& p : yen.paths) {
      CHECK(distinct.contains(p.relations()));
      seen.insert(p.relations());
    }
    CHECK(seen.size() == yen.paths.size());
  }
}

// ---- concurrency and re-entry -----------------------------------------------------------------

TEST_CASE("paths: searches from many threads at once") {
  auto g = dense(30);
  (void)g.out_relations(0);  // build the index up front, as any reader would on first use
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (entity_index i = 0; i < 200; ++i) {
        entity_index from = (i + static_cast<entity_index>(t)) % 30;
        entity_index to = (i * 7 + 3) % 30;
        auto p = shortest_path(g, from, to, {.via = {"a"}});
        if (!p || p->length() != (from == to ? 0u : 1u)) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(wrong == 0);
}

TEST_CASE("paths: a step filter may itself search") {
  auto g = testing::small_world();
  auto rus = g.at("RUS");
  // Only steps into entities from which Russia can be reached.
  auto toward_russia = [&](const graph& gr, relation_index r, bool reversed) {
    entity_index next = reversed ? gr.from(r) : gr.to(r);
    return shortest_path(gr, next, rus).has_value();
  };
  auto p = shortest_path(g, g.at("kim-jong-un"), rus, {.step_filter = toward_russia});
  CHECK(rels(p) == relations{0, 2});
}

TEST_CASE("paths: a search that outgrows its small mark table keeps every mark") {
  // A ladder of 6,000 rungs: the search visits more entities than the table holds before it
  // moves to one mark per entity, and both sides must still meet on a shortest path.
  constexpr std::size_t rungs = 6000;
  auto g = numbered(2 * rungs);
  for (std::size_t i = 0; i + 1 < rungs; ++i) {
    link(g, i, "a", i + 1);
    link(g, rungs + i, "a", rungs + i + 1);
    if (i % 1000 == 0) link(g, i, "b", rungs + i);
  }
  auto p = shortest_path(g, 0, 2 * rungs - 1, {.max_hops = 100000});
  REQUIRE(p);
  CHECK(p->length() == rungs);  // one rung across, then along the other side
  path_searcher search(g, {.max_hops = 100000});
  for (int round = 0; round < 3; ++round) {  // marks are forgotten between searches
    auto q = search.find(rungs - 1, 0);
    CHECK_FALSE(q);
    auto r = search.find(0, rungs - 1);
    REQUIRE(r);
    CHECK(r->length() == rungs - 1);
  }
}

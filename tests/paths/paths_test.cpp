#include <entente/paths.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "paths/paths_testing.hpp"
#include "testing.hpp"

using namespace entente;
using namespace entente::testing;
using namespace std::chrono_literals;

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

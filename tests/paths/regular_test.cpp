// Regular path expressions: what they match on the small world, the options they honour, what
// they reach, and where bad ones go wrong.

#include <entente/paths.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "paths/paths_testing.hpp"
#include "testing.hpp"

using namespace entente;
using namespace entente::testing;

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

namespace {

std::string repeated(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

// The message and column of the parse error `text` gives, or "" when it compiles.
std::string refusal(const schema& s, const std::string& text) {
  try {
    path_expression(s, text);
  } catch (const parse_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("paths: nesting is bounded at 100 levels, past it an error says where") {
  auto g = testing::small_world();
  const auto& s = g.schema();
  // Each case nests 101 levels; its 101st starts at the column named.
  const std::string too_deep = "path expression: nested too deeply (more than 100 levels)";
  CHECK(refusal(s, "supports" + repeated("*", 50000)) == too_deep + " (line 1, column 109)");
  CHECK(refusal(s, "supports" + repeated("+", 101)) == too_deep + " (line 1, column 109)");
  CHECK(refusal(s, "supports" + repeated("?", 101)) == too_deep + " (line 1, column 109)");
  CHECK(refusal(s, repeated("(", 20000) + "supports" + repeated(")", 20000)) ==
        too_deep + " (line 1, column 101)");
  CHECK(refusal(s, repeated("^", 20000) + "supports") == too_deep + " (line 1, column 101)");
  CHECK(refusal(s, repeated("(supports|", 101) + "supports" + repeated(")", 101)) ==
        too_deep + " (line 1, column 1001)");
  // At the bound, each compiles and finds what the expression without the nesting finds.
  auto prk = g.at("North Korea"), rus = g.at("Russia");
  auto once = rpq_shortest_path(g, prk, rus, path_expression(s, "supports"));
  REQUIRE(once);
  for (const auto& text :
       {"supports" + repeated("+", 100), repeated("(", 100) + "supports" + repeated(")", 100),
        repeated("^", 100) + "supports",
        repeated("(supports|", 100) + "supports" + repeated(")", 100)}) {
    CHECK(refusal(s, text).empty());
    auto found = rpq_shortest_path(g, prk, rus, path_expression(s, text));
    CHECK(rels(found) == once->relations());
  }
}

TEST_CASE("paths: an expression whose automaton would explode is refused, not run for hours") {
  auto g = testing::small_world();
  auto prk = g.at("North Korea"), rus = g.at("Russia");
  // "A supports, then 29 steps of either type": telling where the supports was needs 2^30
  // automaton states.
  std::string exploding = "(supports|aids)*/supports";
  for (int i = 0; i < 29; ++i) exploding += "/(supports|aids)";
  path_expression expr(g.schema(), exploding);
  CHECK_THROWS_WITH_AS((void)rpq_shortest_path(g, prk, rus, expr),
                       doctest::Contains("path expression too complex: its automaton takes more "
                                         "than 4194304 steps to build"),
                       error);
  // What the fuzzer found: a long expression of repetitions, read either way.
  auto found = testing::read_file(std::filesystem::path(ENTENTE_TEST_DATA).parent_path() /
                                  "fuzz/regressions/fuzz_path_expression/automaton-explosion");
  path_expression fuzzed(g.schema(), found);
  CHECK_THROWS_WITH_AS((void)rpq_shortest_path(g, prk, rus, fuzzed, {.direction = direction::any}),
                       doctest::Contains("too complex"), error);
  // Short of the bound, such an expression still runs: 10 steps need about 2^11 states.
  std::string smaller = "(supports|aids)*/supports";
  for (int i = 0; i < 10; ++i) smaller += "/(supports|aids)";
  CHECK_NOTHROW((void)rpq_shortest_path(g, prk, rus, path_expression(g.schema(), smaller)));
}

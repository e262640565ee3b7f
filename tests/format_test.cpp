#include <entente/format.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <string>

namespace {

using namespace entente;

// The relation of `type` from `from` to `to` with evidence `level` in the small world.
relation_index find_relation(const graph& g, std::string_view from, std::string_view type,
                             std::string_view to, evidence level) {
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    auto rel = g.relation(r);
    if (g.entity(rel.from()).id() == from && rel.type_name() == type &&
        g.entity(rel.to()).id() == to && rel.evidence() == level)
      return r;
  }
  FAIL("no such relation in the small world");
  return no_index;
}

}  // namespace

TEST_CASE("format: evidence prints its name and honours width") {
  CHECK(fmt::format("{}", evidence::confirmed) == "confirmed");
  CHECK(fmt::format("{}", evidence::denied) == "denied");
  CHECK(fmt::format("[{:>9}]", evidence::alleged) == "[  alleged]");
}

TEST_CASE("format: a date prints as precisely as it is known") {
  CHECK(fmt::format("{}", date(2024)) == "2024");
  CHECK(fmt::format("{}", date(2024, 6)) == "2024-06");
  CHECK(fmt::format("{}", date(2024, 6, 19)) == "2024-06-19");
  CHECK(fmt::format("{}", date()) == "");
  CHECK(fmt::format("{:<8}|", date(2014)) == "2014    |");
}

TEST_CASE("format: an interval is since..until with open ends left empty") {
  CHECK(fmt::format("{}", interval{date(2014), {}}) == "2014..");
  CHECK(fmt::format("{}", interval{{}, date(2024)}) == "..2024");
  CHECK(fmt::format("{}", interval{date(2022, 2, 24), date(2024)}) == "2022-02-24..2024");
  CHECK(fmt::format("{}", interval{}) == "..");
  CHECK(fmt::format("{:>8}", interval{date(2014), {}}) == "  2014..");
}

TEST_CASE("format: a value prints plainly with {}") {
  CHECK(fmt::format("{}", value{}) == "null");
  CHECK(fmt::format("{}", value{true}) == "true");
  CHECK(fmt::format("{}", value{std::int64_t{-42}}) == "-42");
  CHECK(fmt::format("{}", value{3.4}) == "3.4");
  CHECK(fmt::format("{}", value{std::string("foreign minister")}) == "foreign minister");
  CHECK(fmt::format("{}", value{date(2024, 6)}) == "2024-06");
}

TEST_CASE("format: a real value always reads as a real") {
  CHECK(fmt::format("{}", value{1.0}) == "1.0");
  CHECK(fmt::format("{}", value{-10.0}) == "-10.0");
  CHECK(fmt::format("{}", value{1e300}) == "1e+300");
}

TEST_CASE("format: {:q} quotes and escapes strings only") {
  CHECK(fmt::format("{:q}", value{std::string("foreign minister")}) == "\"foreign minister\"");
  CHECK(fmt::format("{:q}", value{std::string("say \"no\"\\\n")}) == R"("say \"no\"\\\n")");
  CHECK(fmt::format("{:?}", value{std::string("a\tb")}) == R"("a\tb")");
  CHECK(fmt::format("{:q}", value{std::int64_t{7}}) == "7");
  CHECK(fmt::format("{:q}", value{date(2024)}) == "2024");
}

TEST_CASE("format: attributes print as a map with quoted strings") {
  auto g = testing::small_world();
  auto office = find_relation(g, "sergey-lavrov", "holds_office", "RUS", evidence::confirmed);
  CHECK(fmt::format("{}", g.relation(office).attributes()) == R"({role: "foreign minister"})");
  attributes mixed;
  mixed.set("since", date(2024, 6));
  mixed.set("quantity", std::int64_t{3});
  CHECK(fmt::format("{}", mixed) == "{quantity: 3, since: 2024-06}");
  CHECK(fmt::format("{}", attributes{}) == "{}");
}

TEST_CASE("format: a list prints as [1, 2], its strings always quoted") {
  CHECK(fmt::format("{}", value{value_list{1, 2}}) == "[1, 2]");
  CHECK(fmt::format("{}", value{value_list{}}) == "[]");
  CHECK(fmt::format("{}", value{value_list{"a, b", "say \"hi\""}}) == R"(["a, b", "say \"hi\""])");
  CHECK(fmt::format("{:q}", value{value_list{1.0, 2.5}}) == "[1.0, 2.5]");
  CHECK(fmt::format("{}", value{value_list{true, false}}) == "[true, false]");
  CHECK(fmt::format("{}", value{value_list{date(2014), date(2024, 6, 19)}}) ==
        "[2014, 2024-06-19]");
  attributes tagged;
  tagged.set("tags", value_list{"a", "b"});
  CHECK(fmt::format("{}", tagged) == R"({tags: ["a", "b"]})");
}

TEST_CASE("format: an entity prints its name, kind and id") {
  auto g = testing::small_world();
  CHECK(fmt::format("{}", g.entity(*g.find_id("kim-jong-un"))) ==
        "Kim Jong-un (Person kim-jong-un)");
  CHECK(fmt::format("{}", g.entity(*g.find_id("PRK"))) == "North Korea (State PRK)");
}

TEST_CASE("format: {:n} prints an entity's name and {:i} its id") {
  auto g = testing::small_world();
  auto kim = g.entity(*g.find_id("kim-jong-un"));
  CHECK(fmt::format("{:n}", kim) == "Kim Jong-un");
  CHECK(fmt::format("{:i}", kim) == "kim-jong-un");
}

TEST_CASE("format: a relation shows evidence, valid time and sources") {
  auto g = testing::small_world();
  auto r = find_relation(g, "PRK", "supports", "RUS", evidence::confirmed);
  CHECK(fmt::format("{}", g.relation(r)) ==
        "North Korea -[supports]-> Russia [confirmed, 2024.., article-a]");
  auto visit = find_relation(g, "sergey-lavrov", "visits", "PRK", evidence::confirmed);
  CHECK(fmt::format("{}", g.relation(visit)) ==
        "Sergey Lavrov -[visits]-> North Korea [confirmed, 2024-07..2024-07, article-b]");
}

TEST_CASE("format: a relation's attributes print beside its type, as in Cypher") {
  auto g = testing::small_world();
  auto r = find_relation(g, "PRK", "supplies", "RUS", evidence::reported);
  CHECK(fmt::format("{:s}", g.relation(r)) ==
        "North Korea -[supplies {item: \"artillery-shells\"}]-> Russia");
  entente::path p(g, g.at("RUS"), {r});
  CHECK(fmt::format("{:i}", p) == "RUS <-[supplies {item: \"artillery-shells\"}]- PRK");
}

TEST_CASE("format: a relation with an open interval leaves the time out") {
  auto g = testing::small_world();
  auto r = find_relation(g, "USA", "supports", "UKR", evidence::confirmed);
  CHECK(fmt::format("{}", g.relation(r)) ==
        "United States -[supports]-> Ukraine [confirmed, article-a]");
}

TEST_CASE("format: a relation lists every source it cites, and none when it cites none") {
  auto g = testing::small_world();
  auto r = find_relation(g, "RUS", "aids", "PRK", evidence::speculated);
  g.add_citation(r, citation_spec{"article-b", "", std::nullopt});
  CHECK(fmt::format("{}", g.relation(r)) ==
        "Russia -[aids]-> North Korea [speculated, article-a, article-b]");
  g.add_citation(r, citation_spec{"article-b", "a second quote", std::nullopt});
  CHECK(fmt::format("{}", g.relation(r)) ==
        "Russia -[aids]-> North Korea [speculated, article-a, article-b]");  // each source once
  auto bare = g.add_relation(*g.find_id("KOR"), g.schema().relation_type("condemns"),
                             *g.find_id("RUS"), evidence::reported);
  CHECK(fmt::format("{}", g.relation(bare)) == "South Korea -[condemns]-> Russia [reported]");
}

TEST_CASE("format: {:i} prints a relation's ends by id and {:s} drops the bracket") {
  auto g = testing::small_world();
  auto r = g.relation(find_relation(g, "PRK", "supports", "RUS", evidence::alleged));
  CHECK(fmt::format("{:i}", r) == "PRK -[supports]-> RUS [alleged, 2022.., article-b]");
  CHECK(fmt::format("{:s}", r) == "North Korea -[supports]-> Russia");
  CHECK(fmt::format("{:is}", r) == "PRK -[supports]-> RUS");
}

TEST_CASE("format: a path chains its relations") {
  auto g = testing::small_world();
  auto kim = *g.find_id("kim-jong-un");
  path p(g, kim,
         {find_relation(g, "kim-jong-un", "leads", "PRK", evidence::confirmed),
          find_relation(g, "PRK", "supports", "RUS", evidence::confirmed)});
  CHECK(fmt::format("{}", p) == "Kim Jong-un -[leads]-> North Korea -[supports]-> Russia");
  CHECK(fmt::format("{:i}", p) == "kim-jong-un -[leads]-> PRK -[supports]-> RUS");
}

TEST_CASE("format: a path step followed backwards shows as <-[type]-") {
  auto g = testing::small_world();
  path p(g, *g.find_id("PRK"),
         {find_relation(g, "RUS", "aids", "PRK", evidence::speculated),
          find_relation(g, "vladimir-putin", "leads", "RUS", evidence::confirmed)});
  CHECK(fmt::format("{}", p) == "North Korea <-[aids]- Russia <-[leads]- Vladimir Putin");
}

TEST_CASE("format: a path of no relations is its start") {
  auto g = testing::small_world();
  CHECK(fmt::format("{}", path(g, *g.find_id("UKR"))) == "Ukraine");
}

TEST_CASE("format: an unknown specifier is a format_error") {
  auto g = testing::small_world();
  auto kim = g.entity(*g.find_id("kim-jong-un"));
  CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:x}"), kim), fmt::format_error);
  CHECK_THROWS_AS((void)fmt::format(fmt::runtime("{:n}"), path(g, kim.index())), fmt::format_error);
}

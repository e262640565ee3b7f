// query.hpp: values, result sets, the engine through both front ends, options and errors.
// (The openCypher subset clause by clause is covered by the golden files in tests/query/queries/.)

#include <entente/paths.hpp>
#include <entente/query.hpp>

#include "testing.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

using namespace entente;

namespace {

std::vector<std::string> column_of(const result_set& rows, std::size_t c = 0) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(to_string(r[c]));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("query values print as openCypher literals") {
  CHECK(to_string(query_value()) == "null");
  CHECK(to_string(query_value(true)) == "true");
  CHECK(to_string(query_value(42)) == "42");
  CHECK(to_string(query_value(2.0)) == "2.0");
  CHECK(to_string(query_value(0.5)) == "0.5");
  CHECK(to_string(query_value("say \"hi\"\n")) == R"("say \"hi\"\n")");
  CHECK(to_string(query_value{1, "a", nullptr}) == R"([1, "a", null])");
  CHECK(to_string(query_value(query_value::map{{"k", 1}, {"v", "x"}})) == R"({k: 1, v: "x"})");
  auto g = testing::small_world();
  CHECK(to_string(query_value(g.entity(g.at("North Korea")))) ==
        R"((PRK:State {name: "North Korea"}))");
  CHECK(fmt::format("{}", query_value(7)) == "7");
}

TEST_CASE("query values compare as values and order as openCypher orders types") {
  CHECK(query_value(1) == query_value(1.0));
  CHECK(query_value() == query_value(nullptr));
  CHECK_FALSE(query_value("1") == query_value(1));
  CHECK(compare_for_order(query_value(1), query_value(2.5)) < 0);
  CHECK(compare_for_order(query_value("b"), query_value(1)) < 0);  // strings before numbers
  CHECK(compare_for_order(query_value(1), query_value()) < 0);     // null last
  CHECK(compare_for_order(query_value{1, 2}, query_value{1, 3}) < 0);
  CHECK_THROWS_AS((void)query_value("x").as_int(), error);
}

TEST_CASE("a pattern with a label and a property map finds its matches") {
  auto g = testing::small_world();
  auto rows = query(g, R"(MATCH (a:State)-[:supports]->(b {name: "Russia"}) RETURN a.id AS who)");
  REQUIRE(rows.columns() == std::vector<std::string>{"who"});
  // Two parallel `supports` relations make two rows.
  CHECK(column_of(rows) == std::vector<std::string>{R"("PRK")", R"("PRK")"});
  CHECK(rows.column("who") == 0);
  CHECK_THROWS_AS((void)rows.column("whom"), lookup_error);
}

TEST_CASE("labels honour the kind hierarchy") {
  auto g = testing::small_world();
  auto actors = query(g, "MATCH (a:Actor) RETURN count(*) AS n");
  CHECK(actors[0][0] == query_value(9));  // every entity but the artillery shells
  auto people = query(g, "MATCH (a:Person) RETURN count(*) AS n");
  CHECK(people[0][0] == query_value(3));
}

TEST_CASE("directions: out, in and either way") {
  auto g = testing::small_world();
  auto out = query(g, R"(MATCH ({id: "RUS"})-[r]->(b) RETURN b.id)");
  auto in = query(g, R"(MATCH ({id: "RUS"})<-[r]-(b) RETURN b.id)");
  auto either = query(g, R"(MATCH ({id: "RUS"})-[r]-(b) RETURN b.id)");
  CHECK(out.size() == 3);  // aids, wages_war_on, seeks
  CHECK(in.size() == 6);   // leads, supports x2, supplies, sanctions, holds_office
  CHECK(either.size() == out.size() + in.size());
}

TEST_CASE("relationship isomorphism: one relation binds once per pattern") {
  auto g = testing::small_world();
  // PRK-supports->RUS twice: walking out and back along `supports` must use the other one.
  auto rows =
      query(g, R"(MATCH (a {id: "PRK"})-[r1:supports]->(b)<-[r2:supports]-(c) RETURN c.id)");
  CHECK(rows.size() == 2);  // r1, r2 = (first, second) and (second, first)
  auto none =
      query(g, R"(MATCH (a {id: "RUS"})-[r1:wages_war_on]->(b)<-[r2:wages_war_on]-(c) RETURN c)");
  CHECK(none.empty());
}

TEST_CASE("variable-length relations and named paths") {
  auto g = testing::small_world();
  auto rows = query(
      g, R"(MATCH p = ({id: "kim-jong-un"})-[:leads|supports|wages_war_on*1..3]->(x {id: "UKR"})
                          RETURN length(p) AS hops, nodes(p) AS via)");
  REQUIRE(rows.size() == 2);  // through either `supports` relation
  for (const auto& r : rows) CHECK(r[0] == query_value(3));
}

TEST_CASE("NULL logic: comparisons with null are null and WHERE keeps only true") {
  auto g = testing::small_world();
  auto rows =
      query(g,
            "RETURN null = null AS a, null <> 1 AS b, true OR null AS c, false AND null AS d, "
            "null IN [1] AS e, 1 IN [null, 1] AS f, 2 IN [null, 1] AS g");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0].is_null());
  CHECK(rows[0][1].is_null());
  CHECK(rows[0][2] == query_value(true));
  CHECK(rows[0][3] == query_value(false));
  CHECK(rows[0][4].is_null());
  CHECK(rows[0][5] == query_value(true));
  CHECK(rows[0][6].is_null());
}

TEST_CASE("OPTIONAL MATCH keeps the row with nulls when nothing matches") {
  auto g = testing::small_world();
  auto rows = query(g, R"(MATCH (a:State) OPTIONAL MATCH (a)-[:sanctions]->(b) RETURN a.id, b.id)");
  CHECK(rows.size() == 5);
  auto usa = std::find_if(rows.begin(), rows.end(),
                          [](const auto& r) { return r[0] == query_value("USA"); });
  REQUIRE(usa != rows.end());
  CHECK((*usa)[1] == query_value("RUS"));
  auto ukr = std::find_if(rows.begin(), rows.end(),
                          [](const auto& r) { return r[0] == query_value("UKR"); });
  CHECK((*ukr)[1].is_null());
}

TEST_CASE("aggregation groups by the other columns") {
  auto g = testing::small_world();
  auto rows = query(g,
                    "MATCH (a)-[r]->(b) WITH a, count(r) AS out WHERE out >= 2 "
                    "RETURN a.id AS id, out ORDER BY out DESC, id");
  REQUIRE(rows.size() >= 2);
  CHECK(rows[0][0] == query_value("PRK"));  // supports x2, supplies
  CHECK(rows[0][1] == query_value(3));
}

TEST_CASE("relation properties: evidence, dates, sources and attributes") {
  auto g = testing::small_world();
  auto rows = query(
      g,
      R"(MATCH (:State {id: "PRK"})-[r:supplies]->() RETURN r.evidence, r.since, r.until, r.item, r.sources[0].id)");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == query_value("reported"));
  // A partial date reads as a date of month precision.
  CHECK(rows[0][1] == query_value(entente::date(2023, 9)));
  CHECK(to_string(rows[0][1]) == "2023-09");
  CHECK(rows[0][2].is_null());
  CHECK(rows[0][3] == query_value("artillery-shells"));
  CHECK(rows[0][4] == query_value("article-a"));
}

TEST_CASE("options: minimum evidence, valid time and publication time") {
  auto g = testing::small_world();
  const char* q = R"(MATCH ({id: "PRK"})-[r:supports]->({id: "RUS"}) RETURN r.evidence)";
  CHECK(query(g, q).size() == 2);
  CHECK(query(g, q, {.min_evidence = evidence::reported}).size() == 1);
  CHECK(query(g, q, {.as_of = date(2023)}).size() == 1);         // only the one since 2022
  CHECK(query(g, q, {.as_known = date(2024, 12)}).size() == 1);  // article-b is from 2025
}

TEST_CASE("parameters fill $names; a missing one is an error naming the given ones") {
  auto g = testing::small_world();
  auto rows = query(g, "MATCH (a {name: $who}) RETURN a.id", {.parameters = {{"who", "Russia"}}});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == query_value("RUS"));
  try {
    (void)query(g, "MATCH (a {name: $whom}) RETURN a", {.parameters = {{"who", "Russia"}}});
    FAIL("expected an error");
  } catch (const cypher::name_error& e) {
    CHECK(std::string(e.what()).find("parameter $whom is not given") != std::string::npos);
    CHECK(e.suggestions() == std::vector<std::string>{"who"});
    CHECK(e.column() == 17);
  }
}

TEST_CASE("a NAME=VALUE parameter reads VALUE as JSON when it is JSON, else as text") {
  CHECK(parse_parameter("k=1") == std::pair<std::string, query_value>{"k", 1});
  CHECK(parse_parameter("$who=Russia").first == "who");
  CHECK(parse_parameter("who=Russia").second == query_value("Russia"));
  CHECK(parse_parameter("s=\"x\"").second == query_value("x"));
  CHECK(parse_parameter("e=a=b").second == query_value("a=b"));
  CHECK(to_string(parse_parameter(R"(m={"name": "Avalon", "n": [2, 2.0, null]})").second) ==
        R"({name: "Avalon", n: [2, 2.0, null]})");
  CHECK(!query_value_from_json("[1,"));
  CHECK_THROWS_WITH_AS((void)parse_parameter("k"), "expected NAME=VALUE, got 'k'", parse_error);
  CHECK_THROWS_AS((void)parse_parameter("=1"), parse_error);
  CHECK_THROWS_AS((void)parse_parameter("$=1"), parse_error);
}

TEST_CASE("a JSON integer past 64 bits reads as a float, not wrapped round") {
  constexpr auto most = std::numeric_limits<std::int64_t>::max();
  CHECK(query_value_from_json("9223372036854775807") == query_value(most));
  CHECK(query_value_from_json("9223372036857475807")->is_float());
  CHECK(query_value_from_json("18446744073709551615") == query_value(18446744073709551615.0));
  CHECK(query_value_from_json("-9223372036854775808") == query_value(-most - 1));
}

TEST_CASE("an unknown property reads as null, and the result warns where it is") {
  auto g = testing::small_world();
  auto rows = query(g, "MATCH (a {id: \"PRK\"}) RETURN a.nam AS x, a.name AS y");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0].is_null());
  REQUIRE(rows.warnings().size() == 1);
  CHECK(rows.warnings()[0].find("unknown property 'nam'") == 0);
  CHECK(rows.warnings()[0].find("did you mean \"name\"") != std::string::npos);
  CHECK(rows.warnings()[0].find("line 1, column 32") != std::string::npos);
  // A prepared query warns on every run; a query without a typo does not.
  prepared_query prepared(g, "MATCH (a) RETURN count(a.nam) AS n");
  CHECK(prepared.run().warnings().size() == 1);
  CHECK(prepared.run().warnings().size() == 1);
  CHECK(query(g, "MATCH (a) RETURN count(a.name) AS n").warnings().empty());
}

TEST_CASE("unknown names are errors that point at them and name the closest") {
  auto g = testing::small_world();
  auto message = [&](const char* q) {
    try {
      (void)query(g, q);
    } catch (const parse_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("MATCH (a:Stat) RETURN a").find("unknown label ':Stat'; did you mean \"State\"") ==
        0);
  CHECK(message("MATCH (a)-[:supplys]->(b) RETURN a").find("did you mean \"supplies\"") !=
        std::string::npos);
  CHECK(message("MATCH (a) RETURN toLowr(a.name)").find("unknown function 'toLowr'") == 0);
  CHECK(message("MATCH (a) RETURN b").find("variable 'b' is not defined") == 0);
  CHECK(message("MATCH (a) RETURN a.name\n  LIMIT -1").find("line 2, column 9") !=
        std::string::npos);
}

TEST_CASE("the row limit and the deadline cut a result and say so") {
  auto g = testing::small_world();
  auto rows = query(g, "MATCH (a) RETURN a.id", {.max_rows = 4});
  CHECK(rows.size() == 4);
  CHECK(rows.cut());
  CHECK(rows.why_cut() == "stopped at the limit of 4 rows");
  auto whole = query(g, "MATCH (a) RETURN a.id LIMIT 4", {.max_rows = 4});
  CHECK_FALSE(whole.cut());
  auto late = query(g, "MATCH (a) RETURN a.id", {.timeout = std::chrono::seconds(0)});
  CHECK(late.cut());
  CHECK(late.why_cut().find("deadline") != std::string::npos);
}

TEST_CASE("a variable-length walk goes at most 1000 relations deep and says when it stops") {
  // n0 -> n1 -> ... -> n{length}, one `supports` relation per step.
  auto chain = [](std::size_t length) {
    graph g;
    for (std::size_t i = 0; i <= length; ++i)
      g.add_entity({"n" + std::to_string(i), "State", "N" + std::to_string(i)});
    const auto supports = g.schema().relation_type("supports");
    for (std::size_t i = 0; i < length; ++i)
      g.add_relation(static_cast<entity_index>(i), supports, static_cast<entity_index>(i + 1),
                     evidence::confirmed);
    return g;
  };
  const std::string cut =
      "variable-length patterns stopped at 1000 relations, the most one walks; longer matches "
      "are missing";
  const auto at_bound = chain(1000);
  for (const char* q : {R"(MATCH ({id: "n0"})-[*]->(b) RETURN count(b))",
                        R"(MATCH ({id: "n0"})-[*..5000]->(b) RETURN count(b))",
                        R"(MATCH (b)<-[*]-({id: "n0"}) RETURN count(b))"}) {
    CAPTURE(q);
    auto whole = query(at_bound, q);
    CHECK(whole[0][0] == query_value(1000));
    CHECK_FALSE(whole.cut());
    // One relation more: a million-deep recursion before the bound, now a result that says so.
    auto longer = query(chain(1001), q);
    CHECK(longer[0][0] == query_value(1000));
    CHECK(longer.why_cut() == cut);
  }
  // A walk bounded below the limit is whole, however long the chain.
  auto short_walks = query(chain(1001), R"(MATCH ({id: "n0"})-[*..999]->(b) RETURN count(b))");
  CHECK(short_walks[0][0] == query_value(999));
  CHECK_FALSE(short_walks.cut());
}

TEST_CASE("the C++ builder builds the query the Cypher text would") {
  auto g = testing::small_world();
  using namespace entente::pattern;
  auto built =
      match(node("a", "State").out("supports", "r").to(node("b", "", {{"name", "Russia"}})))
          .where(prop("r", "evidence") == "confirmed")
          .returns(prop("a", "name").as("supporter"));
  CHECK(built.text() ==
        "MATCH (a:State)-[r:supports]->(b {name: \"Russia\"})\nWHERE (r.evidence = \"confirmed\")\n"
        "RETURN a.name AS supporter");
  auto rows = built.run(g);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == query_value("North Korea"));

  auto counted = match(node("a").any("", "", 1, 2).to(node("b", "", {{"id", "UKR"}})))
                     .returns({{var("a"), ""}, {count_all(), "n"}})
                     .order_by(var("n"), true)
                     .limit(1)
                     .run(g);
  REQUIRE(counted.size() == 1);
  CHECK(counted.columns() == std::vector<std::string>{"a", "n"});
  CHECK_THROWS_AS(node("a").out("supports").out("supplies"), error);
}

TEST_CASE("shortestPath uses the path engine and binds the path") {
  auto g = testing::small_world();
  auto rows = query(g, R"(MATCH p = shortestPath((a {id: "kim-jong-un"})-[*..6]-(b {id: "UKR"}))
                          RETURN length(p), relationships(p))");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == query_value(3));
  auto all = query(
      g, R"(MATCH p = allShortestPaths((a {id: "kim-jong-un"})-[*..6]-(b {id: "UKR"})) RETURN p)");
  CHECK(all.size() == 4);  // PRK and RUS are joined by supports x2, supplies and aids
}

TEST_CASE("a variable named twice in one pattern closes a cycle") {
  auto g = testing::small_world();
  // PRK supports RUS and RUS aids PRK: one cycle each way round, per `supports` relation.
  auto rows = query(g, "MATCH (a)-[:supports]->(b)-[:aids]->(a) RETURN a.id, b.id");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0][0] == query_value("PRK"));
  auto back = query(g, "MATCH (a)-[:aids]->(b)<-[:supplies]-(a) RETURN a.id");
  CHECK(back.empty());  // aids goes RUS->PRK, supplies PRK->RUS: b would have to be both
  auto cycle =
      query(g, "MATCH (a:State)-[:supports|aids*2]->(a) RETURN a.id, count(*) AS n ORDER BY a.id");
  REQUIRE(cycle.size() == 2);
  CHECK(cycle[0][1] == query_value(2));  // PRK: two supports, each then aids
  // A relation variable named twice in one MATCH could never match: refused before it runs.
  CHECK_THROWS_WITH_AS(query(g, "MATCH (a)-[r]->(b)-[r]->(c) RETURN a"),
                       doctest::Contains("relationship variable 'r' is used twice in one MATCH"),
                       cypher::name_error);
  // In two MATCH clauses the second reads the relation the first bound.
  CHECK(query(g, "MATCH (a)-[r:aids]->(b) MATCH (c)-[r]->(d) RETURN c.id").size() == 1);
}

TEST_CASE("a prepared query runs many times with different parameters and options") {
  auto g = testing::small_world();
  prepared_query out_of(g, "MATCH (a {id: $id})-[r]->(b) RETURN count(r) AS n LIMIT $most");
  CHECK(out_of.columns() == std::vector<std::string>{"n"});
  CHECK(out_of.run({.parameters = {{"id", "PRK"}, {"most", 1}}})[0][0] == query_value(3));
  CHECK(out_of.run({.parameters = {{"id", "RUS"}, {"most", 1}}})[0][0] == query_value(3));
  CHECK(out_of.run({.parameters = {{"id", "PRK"}, {"most", 1}},
                    .min_evidence = evidence::confirmed})[0][0] == query_value(1));
  CHECK(out_of.run({.parameters = {{"id", "PRK"}, {"most", 0}}}).empty());
  CHECK_THROWS_AS((void)out_of.run({.parameters = {{"id", "PRK"}}}), cypher::name_error);
  CHECK_THROWS_AS((void)out_of.run({.parameters = {{"id", "PRK"}, {"most", -1}}}), parse_error);

  prepared_query path(
      g, "MATCH p = shortestPath((a {id: $from})-[*]->(b {id: $to})) RETURN length(p)");
  CHECK(path.run({.parameters = {{"from", "kim-jong-un"}, {"to", "UKR"}}})[0][0] == query_value(3));
  CHECK(path.run({.parameters = {{"from", "USA"}, {"to", "UKR"}}})[0][0] == query_value(1));
  // Only the alleged `supports` was valid in 2023, and PRK -supplies-> RUS from 2023-09.
  CHECK(path.run({.parameters = {{"from", "kim-jong-un"}, {"to", "UKR"}},
                  .as_of = date(2023, 1)})[0][0] == query_value(3));
  CHECK(path.run({.parameters = {{"from", "kim-jong-un"}, {"to", "UKR"}},
                  .min_evidence = evidence::confirmed})[0][0] == query_value(3));
  CHECK(path.run({.parameters = {{"from", "kim-jong-un"}, {"to", "UKR"}},
                  .min_evidence = evidence::confirmed,
                  .as_of = date(2023, 1)})
            .empty());

  prepared_query by_map(g, "MATCH (a $props) RETURN a.id");
  CHECK(by_map.run({.parameters = {{"props", query_value::map{{"name", "Russia"}}}}})[0][0] ==
        query_value("RUS"));
}

TEST_CASE("patterns inside expressions run afresh on each run of a prepared query") {
  auto g = testing::small_world();
  prepared_query busy(g,
                      "MATCH (a {id: $id}) RETURN EXISTS { MATCH (a)-[r]->() WITH count(r) AS n "
                      "WHERE n >= $least RETURN n } AS busy, size([(a)-[r]->() WHERE r.evidence "
                      "= 'confirmed' | r]) AS sure, (a)-[:supports]->() AS backs");
  auto run = [&](const char* id, int least, query_options opts = {}) {
    opts.parameters = {{"id", id}, {"least", least}};
    auto rows = busy.run(opts);
    REQUIRE(rows.size() == 1);
    return std::vector<query_value>{rows[0][0], rows[0][1], rows[0][2]};
  };
  using list = std::vector<query_value>;
  // North Korea: two supports relations and one supplies, one of them confirmed.
  CHECK(run("PRK", 3) == list{true, 1, true});
  CHECK(run("PRK", 4) == list{false, 1, true});
  CHECK(run("USA", 2) == list{true, 2, true});
  CHECK(run("PRK", 3, {.min_evidence = evidence::confirmed}) == list{false, 1, true});
  // In 2010 Russia aided and sought, but did not yet wage war.
  CHECK(run("RUS", 2, {.as_of = date(2010)}) == list{true, 0, false});
  CHECK(run("RUS", 3, {.as_of = date(2010)}) == list{false, 0, false});
  CHECK(run("RUS", 3) == list{true, 1, false});
}

TEST_CASE("every front end reads a symmetric type both ways and an inverse name backwards") {
  auto g = testing::small_world();
  g.add_relation(
      {"PRK", "allied_with", "RUS", evidence::confirmed, {}, {{"article-a", "", {}}}, {}});
  using namespace entente::pattern;
  auto from_russia = [] { return node("a", "", {{"id", "RUS"}}); };

  // The alliance is stored PRK -> RUS; from Russia, the arrow still reaches North Korea.
  auto text = query(g, R"(MATCH ({id: "RUS"})-[:allied_with]->(b) RETURN b.id)");
  auto built =
      match(from_russia().out("allied_with").to(node("b"))).returns(prop("b", "id")).run(g);
  CHECK(column_of(text) == std::vector<std::string>{R"("PRK")"});
  CHECK(column_of(built) == column_of(text));

  // A variable-length step, shortestPath and the path API give one length.
  auto hops = match(from_russia().out("allied_with", "", 1, 2).to(node("b", "", {{"id", "PRK"}})))
                  .returns(count_all().as("n"))
                  .run(g);
  CHECK(hops[0][0] == query_value(1));
  auto shortest = match(from_russia()
                            .out("allied_with", "", 1, {})
                            .to(node("b", "", {{"id", "PRK"}}))
                            .shortest()
                            .named("p"))
                      .returns(call("length", {var("p")}).as("hops"))
                      .run(g);
  REQUIRE(shortest.size() == 1);
  CHECK(shortest[0][0] == query_value(1));
  auto api = entente::shortest_path(g, g.at("RUS"), g.at("PRK"), {.via = {"allied_with"}});
  REQUIRE(api);
  CHECK(api->length() == 1);

  // sanctioned_by reads sanctions backwards, in the builder as in entente path --via.
  auto sanctioners = match(from_russia().out("sanctioned_by", "r").to(node("b")))
                         .returns({{prop("b", "id"), "who"}, {call("type", {var("r")}), "stored"}})
                         .run(g);
  REQUIRE(sanctioners.size() == 1);
  CHECK(sanctioners[0][0] == query_value("USA"));
  CHECK(sanctioners[0][1] == query_value("sanctions"));
  auto by_path = entente::shortest_path(g, g.at("RUS"), g.at("USA"), {.via = {"sanctioned_by"}});
  REQUIRE(by_path);
  CHECK(by_path->length() == 1);
}

TEST_CASE("a symmetric self-loop is one relation, whichever way the pattern points") {
  auto g = testing::small_world();
  g.add_relation({"european-union",
                  "cooperates_with",
                  "european-union",
                  evidence::reported,
                  {},
                  {{"reference", "", {}}},
                  {}});
  for (const char* arrow :
       {"-[r:cooperates_with]->", "<-[r:cooperates_with]-", "-[r:cooperates_with]-", "-[r]->"}) {
    CAPTURE(arrow);
    auto rows = query(g, fmt::format(R"(MATCH (a {{id: "european-union"}}){}(b) )"
                                     R"(WHERE b.id = "european-union" RETURN count(r))",
                                     arrow));
    CHECK(rows[0][0] == query_value(1));
  }
}

#include <entente/schema.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

using entente::polarity;
using entente::schema;

TEST_CASE("schema: the geopolitical vocabulary has the kind hierarchy of the design") {
  auto s = schema::geopolitics();
  auto actor = s.kind("Actor");
  for (const char* k : {"State", "Person", "Organization"}) CHECK(s.is_a(s.kind(k), actor));
  for (const char* k : {"Agreement", "Event", "Item", "Place"})
    CHECK_FALSE(s.is_a(s.kind(k), actor));
  CHECK(s.is_a(actor, actor));
  CHECK_FALSE(s.is_a(actor, s.kind("State")));
}

TEST_CASE("schema: kind names match case-insensitively") {
  auto s = schema::geopolitics();
  CHECK(s.find_kind("state") == s.find_kind("State"));
  CHECK(s.find_kind("ORGANIZATION") == s.find_kind("Organization"));
  CHECK_THROWS_WITH_AS((void)s.kind("Stat"), "unknown kind 'Stat'; did you mean \"State\"?",
                       entente::lookup_error);
}

TEST_CASE("schema: every relation type of the design is present with its polarity") {
  auto s = schema::geopolitics();
  for (const char* t : {"supports", "supplies", "allied_with", "cooperates_with", "trades_with",
                        "aids", "seeks", "visits", "hosts", "meets_with", "praises", "votes_with",
                        "party_to", "signed", "member_of"})
    CHECK_MESSAGE(s.relation_type_at(s.relation_type(t)).polarity == polarity::cooperation, t);
  for (const char* t : {"sanctions", "condemns", "opposes", "threatens", "wages_war_on", "occupies",
                        "annexed", "deters", "vetoes"})
    CHECK_MESSAGE(s.relation_type_at(s.relation_type(t)).polarity == polarity::conflict, t);
  for (const char* t : {"leads", "holds_office", "part_of", "located_in", "capital_of"})
    CHECK_MESSAGE(s.relation_type_at(s.relation_type(t)).polarity == polarity::structural, t);
}

TEST_CASE("schema: CAMEO codes keep their leading zeros and carry Goldstein weights") {
  auto s = schema::geopolitics();
  const auto& supports = s.relation_type_at(s.relation_type("supports"));
  CHECK(supports.cameo == "051");
  CHECK(supports.weight == doctest::Approx(3.4));
  CHECK(supports.quad_class == 1);
  const auto& sanctions = s.relation_type_at(s.relation_type("sanctions"));
  CHECK(sanctions.cameo == "163");
  CHECK(sanctions.weight == doctest::Approx(-8.0));
  CHECK(sanctions.quad_class == 4);
  CHECK(s.relation_type_at(s.relation_type("seeks")).cameo == "02");
  CHECK(s.relation_type_at(s.relation_type("wages_war_on")).weight == doctest::Approx(-10.0));
}

TEST_CASE("schema: symmetric, transitive and inverse types") {
  auto s = schema::geopolitics();
  auto allied = s.relation_type("allied_with");
  CHECK(s.relation_type_at(allied).symmetric);
  CHECK(s.inverse_of(allied) == allied);
  CHECK(s.relation_type_at(s.relation_type("part_of")).transitive);
  CHECK(s.relation_type_at(s.relation_type("sanctions")).inverse == "sanctioned_by");
  CHECK_FALSE(s.inverse_of(s.relation_type("sanctions")).has_value());  // no such type declared
}

TEST_CASE("schema: domain and range violations name the rule") {
  auto s = schema::geopolitics();
  auto leads = s.relation_type("leads");
  CHECK_FALSE(s.violation(leads, s.kind("Person"), s.kind("State")).has_value());
  CHECK(s.violation(leads, s.kind("State"), s.kind("State")) ==
        "rule leads.domain: the source must be Person, not State");
  CHECK(s.violation(leads, s.kind("Person"), s.kind("Item")) ==
        "rule leads.range: the target must be State|Organization, not Item");
  auto seeks = s.relation_type("seeks");
  CHECK_FALSE(s.violation(seeks, s.kind("State"), s.kind("Item")).has_value());
  CHECK(s.violation(seeks, s.kind("State"), s.kind("State")).has_value());
}

TEST_CASE("schema: extension in code adds kinds and relation types") {
  auto s = schema::geopolitics();
  auto militia = s.add_kind({"ArmedGroup", "Organization"});
  CHECK(s.is_a(militia, s.kind("Actor")));
  auto recruits = s.add_relation_type({"recruits_from",
                                       {"ArmedGroup"},
                                       {"State"},
                                       false,
                                       false,
                                       "",
                                       polarity::cooperation,
                                       "",
                                       1.0,
                                       2});
  CHECK(s.relation_type("recruits_from") == recruits);
  CHECK(s.violation(recruits, s.kind("State"), s.kind("State")).has_value());
  CHECK_FALSE(s.violation(recruits, militia, s.kind("State")).has_value());
  CHECK(s.add_kind({"ArmedGroup", "Organization"}) == militia);  // idempotent
  CHECK_THROWS_AS(s.add_kind({"ArmedGroup", "Person"}), entente::schema_error);
  CHECK_THROWS_AS(s.add_kind({"Faction", "Party"}), entente::lookup_error);
}

TEST_CASE("schema: unknown relation types suggest the closest names") {
  auto s = schema::geopolitics();
  CHECK_THROWS_WITH_AS((void)s.relation_type("suports"),
                       "unknown relation type 'suports'; did you mean \"supports\"?",
                       entente::lookup_error);
  CHECK(schema::closest("sanction", s.relation_type_names()).front() == "sanctions");
  CHECK(schema::closest("zzzzzzzzzz", s.relation_type_names()).empty());
}

TEST_CASE("schema: located_in and capital_of allow one target at a time") {
  auto s = schema::geopolitics();
  CHECK(s.relation_type_at(s.relation_type("located_in")).functional);
  CHECK(s.relation_type_at(s.relation_type("capital_of")).functional);
  CHECK_FALSE(s.relation_type_at(s.relation_type("visits")).functional);
}

TEST_CASE(
    "schema: a step reads a type as stored, an inverse name backwards, a symmetric type "
    "both ways") {
  auto s = schema::geopolitics();
  auto id = [&](const char* name) { return s.relation_type(name); };
  std::vector<std::uint8_t> ways;
  REQUIRE(s.add_step_ways("supports", ways));
  CHECK(ways.size() == s.num_relation_types());
  CHECK(ways[id("supports")] == entente::step_along);
  CHECK(ways[id("sanctions")] == 0);

  ways.clear();
  REQUIRE(s.add_step_ways("sanctioned_by", ways));
  CHECK(ways[id("sanctions")] == entente::step_against);
  CHECK(std::count(ways.begin(), ways.end(), 0) == static_cast<long>(ways.size()) - 1);

  ways.clear();
  REQUIRE(s.add_step_ways("allied_with", ways));
  CHECK(ways[id("allied_with")] == entente::step_both_ways);

  // A role type that is also the inverse name of another: the role as stored, `visits` backwards.
  ways.clear();
  REQUIRE(s.add_step_ways("visited_by", ways));
  CHECK(ways[id("visited_by")] == entente::step_along);
  CHECK(ways[id("visits")] == entente::step_against);

  ways.clear();
  CHECK_FALSE(s.add_step_ways("suports", ways));
  CHECK(std::count(ways.begin(), ways.end(), 0) == static_cast<long>(ways.size()));
}

TEST_CASE("schema: a step that names no type reads every type, symmetric ones both ways") {
  auto s = schema::geopolitics();
  auto ways = s.every_step_way();
  REQUIRE(ways.size() == s.num_relation_types());
  CHECK(ways[s.relation_type("supports")] == entente::step_along);
  CHECK(ways[s.relation_type("meets_with")] == entente::step_both_ways);
}

TEST_CASE("schema: step names are the types and the inverse names no type declares") {
  auto s = schema::geopolitics();
  auto names = s.step_names();
  auto has = [&](const char* n) { return std::find(names.begin(), names.end(), n) != names.end(); };
  CHECK(has("sanctions"));
  CHECK(has("sanctioned_by"));
  CHECK(std::count(names.begin(), names.end(), "visited_by") == 1);
  CHECK(schema::closest("sanctioned_bye", names).front() == "sanctioned_by");
}

#include <entente/analysis/consistency.hpp>
#include <entente/graph_merge.hpp>
#include <entente/io/json.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace entente;

namespace {

const graph& bundled() {
  static const graph g = io::load_json(ENTENTE_DATA_DIR "/korea_russia.kg.json");
  return g;
}

/// A graph's JSON with every list put in one order, so that graphs holding the same sources,
/// entities, relations and citations compare equal whatever order they were added in.
nlohmann::json canonical(const graph& g) {
  auto j = nlohmann::json::parse(io::write_json(g));
  auto by_text = [](nlohmann::json& list) {
    std::sort(list.begin(), list.end(),
              [](const auto& a, const auto& b) { return a.dump() < b.dump(); });
  };
  for (const char* part : {"sources", "entities"})
    if (j.contains(part)) by_text(j[part]);
  if (j.contains("entities"))
    for (auto& e : j["entities"])
      if (e.contains("aliases")) by_text(e["aliases"]);
  if (j.contains("relations")) {
    for (auto& r : j["relations"])
      if (r.contains("sources")) by_text(r["sources"]);
    by_text(j["relations"]);
  }
  return j;
}

/// The part of `g` that the sources in `keep` say: each relation with only their citations
/// (dropped when it has none), the entities those relations touch, and those sources. Entities
/// no relation touches go with the first half.
graph half_by_source(const graph& g, const std::set<std::string>& keep, bool first_half) {
  graph half(g.schema());
  for (const auto& s : g.sources())
    if (keep.count(s.id)) half.add_source(s);
  std::vector<bool> wanted(g.num_entities(), false);
  std::vector<bool> touched(g.num_entities(), false);
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    touched[g.from(r)] = touched[g.to(r)] = true;
    for (const auto& c : g.citations(r))
      if (keep.count(g.source_at(c.source).id)) wanted[g.from(r)] = wanted[g.to(r)] = true;
  }
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    if (!wanted[e] && (touched[e] || !first_half)) continue;
    const auto x = g.entity(e);
    entity_spec spec{std::string(x.id()),   std::string(x.kind_name()),
                     std::string(x.name()), {},
                     x.attributes(),        x.external_ids()};
    for (auto a : x.aliases()) spec.aliases.emplace_back(a);
    half.add_entity(spec);
  }
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    std::vector<citation_spec> cites;
    for (const auto& c : g.citations(r))
      if (keep.count(g.source_at(c.source).id))
        cites.push_back({g.source_at(c.source).id, c.quote, c.span});
    if (cites.empty()) continue;
    auto added = half.add_relation({std::string(g.entity(g.from(r)).id()),
                                    std::string(g.relation(r).type_name()),
                                    std::string(g.entity(g.to(r)).id()), g.evidence(r), g.valid(r),
                                    cites, g.relation_attributes(r)});
    (void)added;
  }
  return half;
}

graph two_states() {
  graph g;
  g.add_source({"s1", "Pyongyang ships shells", "Daily A", date(2024, 6), ""});
  g.add_entity({"PRK", "State", "North Korea", {"DPRK"}, {}, {{"wikidata", "Q423"}}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {{"wikidata", "Q159"}}});
  g.add_relation({"PRK", "supplies", "RUS", evidence::confirmed, {}, {{"s1", "ships shells", {}}}});
  return g;
}

}  // namespace

TEST_CASE("the bundled graph split into two halves by source merges back into itself") {
  const auto& g = bundled();
  REQUIRE(g.sources().size() >= 2);
  std::set<std::string> first, second;
  for (std::size_t i = 0; i < g.sources().size(); ++i)
    (i < g.sources().size() / 2 ? first : second).insert(g.sources()[i].id);
  auto a = half_by_source(g, first, true);
  const auto b = half_by_source(g, second, false);
  REQUIRE(a.num_relations() < g.num_relations());
  REQUIRE(b.num_relations() < g.num_relations());
  REQUIRE(a.num_relations() + b.num_relations() > g.num_relations());  // shared facts

  const auto report = merge(a, b);
  CHECK(canonical(a) == canonical(g));
  CHECK(report.ambiguous.empty());
  CHECK(report.conflicts.empty());
  CHECK(report.relations_added + report.relations_combined == b.num_relations());
  CHECK(report.relations_combined > 0);
  CHECK(report.citations_added > 0);
  for (const auto& m : report.matched) CHECK(m.rule == match_rule::id);
  CHECK(report.matched.size() + report.added_entities.size() == b.num_entities());
}

TEST_CASE("merging a graph into itself changes nothing") {
  graph g = bundled();
  const auto report = merge(g, bundled());
  CHECK(g == bundled());
  CHECK(report.relations_added == 0);
  CHECK(report.relations_combined == bundled().num_relations());
  CHECK(report.citations_added == 0);
  CHECK(report.added_entities.empty());
}

TEST_CASE("the same fact from two graphs becomes one relation citing both") {
  graph a = two_states();
  graph b;
  b.add_source({"s2", "Arms to Moscow", "Daily B", date(2024, 7), ""});
  b.add_entity({"PRK", "State", "North Korea"});
  b.add_entity({"RUS", "State", "Russia"});
  b.add_relation({"PRK", "supplies", "RUS", evidence::confirmed, {}, {{"s2", "arms", {}}}});
  b.add_relation({"PRK", "supplies", "RUS", evidence::confirmed, {}, {{"s2", "arms", {}}}});
  const auto report = merge(a, b);
  REQUIRE(a.num_relations() == 1);
  REQUIRE(a.citations(0).size() == 2);  // the second, identical citation is not repeated
  CHECK(a.source_at(a.citations(0)[1].source).id == "s2");
  CHECK(report.relations_combined == 2);
  CHECK(report.citations_added == 1);
  CHECK(report.sources_added == 1);
}

TEST_CASE("a symmetric relation read the other way round is the same fact") {
  graph a = two_states();
  a.add_relation({"PRK", "allied_with", "RUS", evidence::confirmed, {}, {{"s1", "", {}}}});
  graph b = two_states();
  b.add_relation({"RUS", "allied_with", "PRK", evidence::confirmed, {}, {{"s1", "allies", {}}}});
  const auto report = merge(a, b);
  CHECK(a.num_relations() == 2);
  CHECK(report.relations_combined == 2);
  CHECK(a.citations(1).size() == 2);
}

TEST_CASE("relations that differ in evidence, time or attributes stay apart") {
  graph a = two_states();
  graph b = two_states();
  b.add_relation({"PRK", "supplies", "RUS", evidence::alleged, {}, {{"s1", "", {}}}});
  b.add_relation(
      {"PRK", "supplies", "RUS", evidence::confirmed, {date(2024), {}}, {{"s1", "", {}}}});
  attributes shells;
  shells.set("item", std::string("artillery shells"));
  b.add_relation({"PRK", "supplies", "RUS", evidence::confirmed, {}, {{"s1", "", {}}}, shells});
  const auto report = merge(a, b);
  CHECK(a.num_relations() == 4);
  CHECK(report.relations_added == 3);
  CHECK(report.relations_combined == 1);
  CHECK(a.relation_attributes(3) == shells);
}

TEST_CASE("entities match by external id, and what they disagree on is reported") {
  graph a = two_states();
  a.set_attribute(0, "capital", std::string("Pyongyang"));
  graph b;
  b.add_source({"s1", "Another title", "Daily A", date(2024, 6), "https://example.org/a"});
  b.add_source({"s2", "Moscow denies", "Daily B", date(2024, 7), ""});
  b.add_entity({"north-korea",
                "State",
                "Democratic People's Republic of Korea",
                {"DPRK", "조선"},
                {},
                {{"wikidata", "Q423"}}});
  b.set_attribute(0, "capital", std::string("Pjöngjang"));
  b.set_attribute(0, "founded", date(1948, 9, 9));
  b.add_entity({"RUS", "State", "Russia"});
  b.add_relation(
      {"north-korea", "supplies", "RUS", evidence::denied, {}, {{"s2", "no shells", {}}}});

  const auto report = merge(a, b);
  REQUIRE(report.matched.size() == 2);
  CHECK(report.matched[0].incoming == "north-korea");
  CHECK(report.matched[0].target == "PRK");
  CHECK(report.matched[0].rule == match_rule::external_id);
  CHECK(report.matched[0].evidence == "wikidata:Q423");
  CHECK(report.matched[1].rule == match_rule::id);
  CHECK(a.num_entities() == 2);

  const auto prk = a.entity(0);
  CHECK(prk.name() == "North Korea");
  auto aliases = prk.aliases();
  CHECK(std::count(aliases.begin(), aliases.end(), "DPRK") == 1);
  CHECK(std::count(aliases.begin(), aliases.end(), "Democratic People's Republic of Korea") == 1);
  CHECK(std::count(aliases.begin(), aliases.end(), "조선") == 1);
  CHECK(std::get<std::string>(*prk.attributes().find("capital")) == "Pyongyang");
  CHECK(std::get<date>(*prk.attributes().find("founded")) == date(1948, 9, 9));

  // The source's url was missing and is filled in; its title differs and is reported.
  CHECK(a.source_at(*a.find_source("s1")).url == "https://example.org/a");
  CHECK(a.source_at(*a.find_source("s1")).title == "Pyongyang ships shells");
  std::vector<std::string> fields;
  for (const auto& c : report.conflicts) fields.push_back(c.subject + " / " + c.field);
  CHECK(fields == std::vector<std::string>{"source s1 / title", "entity PRK / attribute capital"});
  CHECK(report.conflicts[1].kept == "\"Pyongyang\"");
  CHECK(report.conflicts[1].dropped == "\"Pjöngjang\"");

  // One source asserting and another denying: the contradiction the merge brought together.
  CHECK(a.num_relations() == 2);
  const auto clashes = contradictions(a);
  REQUIRE(clashes.size() == 1);
  CHECK(a.entity(clashes[0].subject).id() == "PRK");
}

TEST_CASE("two target entities sharing an external id leave the incoming one unmatched") {
  graph a = two_states();
  a.add_entity({"DPRK-2", "State", "North Korea (duplicate)", {}, {}, {{"wikidata", "Q423"}}});
  graph b;
  b.add_entity({"nk", "State", "N. Korea", {}, {}, {{"wikidata", "Q423"}}});
  const auto report = merge(a, b);
  REQUIRE(report.ambiguous.size() == 1);
  CHECK(report.ambiguous[0].incoming == "nk");
  CHECK(report.ambiguous[0].rule == match_rule::external_id);
  CHECK(report.ambiguous[0].candidates == std::vector<std::string>{"PRK", "DPRK-2"});
  CHECK(report.added_entities == std::vector<std::string>{"nk"});
  CHECK(a.find_id("nk"));
}

TEST_CASE("names match only when asked, across case, diacritics and script") {
  graph b;
  b.add_entity({"kju", "Person", "KIM JONG-UN"});
  b.add_entity({"nk", "State", "КНДР"});                // a Cyrillic alias of North Korea
  b.add_entity({"russia-person", "Person", "Russia"});  // a name, but not a state's kind
  b.add_relation({"kju", "leads", "nk", evidence::confirmed, {date(2011, 12), {}}});

  graph plain = bundled();
  auto report = merge(plain, b);
  CHECK(report.matched.empty());
  CHECK(report.added_entities.size() == 3);
  CHECK(plain.num_entities() == bundled().num_entities() + 3);

  graph by_name = bundled();
  report = merge(by_name, b, {.match_names = true});
  REQUIRE(report.matched.size() == 2);
  CHECK(report.matched[0].target == "kim-jong-un");
  CHECK(report.matched[0].rule == match_rule::name);
  CHECK(report.matched[1].target == "PRK");
  CHECK(report.matched[1].evidence == "КНДР");
  CHECK(report.added_entities == std::vector<std::string>{"russia-person"});
  // The relation lands on the matched entities, where the bundled graph already has it.
  CHECK(by_name.num_relations() == bundled().num_relations());
  CHECK(report.relations_combined == 1);
}

TEST_CASE("a name two target entities share is ambiguous, not a match") {
  graph a;
  a.add_entity({"georgia-state", "State", "Georgia"});
  a.add_entity({"georgia-us", "Place", "Georgia"});
  graph b;
  b.add_entity({"ge", "Actor", "georgia"});
  b.add_entity({"atlanta-state", "Place", "GEORGIA"});
  const auto report = merge(a, b, {.match_names = true});
  REQUIRE(report.ambiguous.size() == 0);  // each kind narrows the name to one candidate
  REQUIRE(report.matched.size() == 2);
  CHECK(report.matched[0].target == "georgia-state");  // a State is an Actor
  CHECK(report.matched[1].target == "georgia-us");

  graph open_target(schema::open());
  open_target.add_entity({"georgia-state", "State", "Georgia"});
  open_target.add_entity({"georgia-us", "Place", "Georgia"});
  graph unlabelled(schema::open());
  unlabelled.add_entity({"g", "", "Georgia"});
  const auto unclear = merge(open_target, unlabelled, {.match_names = true});
  REQUIRE(unclear.ambiguous.size() == 1);
  CHECK(unclear.ambiguous[0].candidates == std::vector<std::string>{"georgia-state", "georgia-us"});
  CHECK(unclear.ambiguous[0].evidence == "Georgia");
}

TEST_CASE("kinds and relation types the target lacks are declared from the incoming schema") {
  graph a = two_states();
  schema extended = schema::geopolitics();
  extended.add_kind({"Ship", "Item"});
  extended.add_relation_type({"escorts", {"Ship"}, {"Ship"}});
  graph b(extended);
  b.add_entity({"ship-1", "Ship", "Angara"});
  b.add_entity({"ship-2", "Ship", "Lady R"});
  b.add_relation({"ship-1", "escorts", "ship-2"});
  const auto report = merge(a, b);
  CHECK(report.kinds_added == std::vector<std::string>{"Ship"});
  CHECK(report.relation_types_added == std::vector<std::string>{"escorts"});
  CHECK(a.schema().is_a(a.schema().kind("Ship"), a.schema().kind("Item")));
  CHECK(a.num_relations() == 2);

  schema redefined = schema::geopolitics();
  redefined.add_relation_type({"escorts", {}, {}, true});
  graph c(redefined);
  const auto again = merge(a, c);
  REQUIRE(again.conflicts.size() == 1);
  CHECK(again.conflicts[0].subject == "relation type escorts");
}

TEST_CASE("a relation the strict target refuses leaves the target as it was") {
  graph a = two_states();
  graph b(schema::geopolitics(), validation::lenient);
  b.add_entity({"PRK", "State", "North Korea"});
  b.add_entity({"item", "Item", "Shells"});
  b.add_entity({"new", "State", "Newland"});
  b.add_relation({"PRK", "supports", "new"});
  b.add_relation({"item", "sanctions", "PRK"});  // an item sanctions nobody
  REQUIRE(!b.warnings().empty());
  const graph before = a;
  CHECK_THROWS_AS((void)merge(a, b), schema_error);
  CHECK(a == before);
}

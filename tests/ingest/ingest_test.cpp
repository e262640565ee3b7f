// ingest.hpp: an article read into candidate relations, evidence read from its hedging, and the
// chosen candidates accepted into the graph.

#include <entente/error.hpp>
#include <entente/ingest.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace entente;

namespace {

// Three states, a capital, a foreign minister and a leader: enough actors for the sentences
// below, each with a name, an alias in another script or spelling, and what titles resolve by.
graph actors() {
  graph g;
  g.add_source({"reference", "General reference", "", {}, ""});
  g.add_entity({"IRN", "State", "Iran", {"Islamic Republic of Iran", "ایران"}, {}, {}});
  g.add_entity({"RUS", "State", "Russia", {"Russian Federation", "Россия"}, {}, {}});
  g.add_entity({"UKR", "State", "Ukraine", {}, {}, {}});
  g.add_entity({"tehran", "Place", "Tehran", {}, {}, {}});
  g.add_entity({"abbas-araghchi", "Person", "Abbas Araghchi", {}, {}, {}});
  g.add_entity({"vladimir-putin", "Person", "Vladimir Putin", {"Putin"}, {}, {}});
  g.add_relation(
      {"tehran", "capital_of", "IRN", evidence::confirmed, {}, {{"reference", "", {}}}, {}});
  relation_spec office{"abbas-araghchi",
                       "holds_office",
                       "IRN",
                       evidence::confirmed,
                       {},
                       {{"reference", "", {}}},
                       {}};
  office.attributes.set("role", std::string("foreign minister"));
  g.add_relation(office);
  g.add_relation(
      {"vladimir-putin", "leads", "RUS", evidence::confirmed, {}, {{"reference", "", {}}}, {}});
  return g;
}

std::vector<std::string> facts(const ingest_result& r) {
  std::vector<std::string> out;
  for (const auto& c : r.candidates)
    out.push_back((c.from.entity ? c.from.id : "new:" + c.from.name) + " " + c.type + " " +
                  (c.to.entity ? c.to.id : "new:" + c.to.name) + " " +
                  std::string(to_string(c.evidence)));
  return out;
}

bool has(const ingest_result& r, const std::string& fact) {
  auto all = facts(r);
  return std::find(all.begin(), all.end(), fact) != all.end();
}

}  // namespace

TEST_CASE("ingest: a plain statement is reported, with its item, quote and span") {
  const std::string text = "Iran supplied attack drones to Russia in 2022.";
  auto r = ingest(actors(), text);
  REQUIRE(r.candidates.size() == 1);
  const auto& c = r.candidates[0];
  CHECK(c.from.id == "IRN");
  CHECK(c.type == "supplies");
  CHECK(c.to.id == "RUS");
  CHECK(c.evidence == evidence::reported);
  REQUIRE(c.attributes.size() == 1);
  CHECK(c.attributes[0] == std::pair<std::string, std::string>{"item", "attack drones"});
  CHECK(c.quote == "Iran supplied attack drones to Russia");
  CHECK(text.substr(c.quote_span.begin, c.quote_span.end - c.quote_span.begin) == c.quote);
  CHECK(c.span.begin == 0);
  CHECK(c.confidence > 0.5);
}

TEST_CASE("ingest: the hedging sets the evidence level") {
  const auto g = actors();
  CHECK(has(ingest(g, "Reports suggest that Iran has been supplying drones to Russia."),
            "IRN supplies RUS alleged"));
  CHECK(has(ingest(g, "Iran might supply missiles to Russia."), "IRN supplies RUS speculated"));
  CHECK(has(ingest(g, "If Iran sends missiles to Russia, the war will change."),
            "IRN supplies RUS speculated"));
  CHECK(has(ingest(g, "Iran officially confirmed that it supplied drones to Russia."),
            "IRN supplies RUS confirmed"));
  CHECK(has(ingest(g, "Iran denied supplying any missiles to Russia."), "IRN supplies RUS denied"));
}

TEST_CASE("ingest: a negated statement proposes nothing") {
  auto r = ingest(actors(), "Iran did not condemn Russia.");
  CHECK(r.candidates.empty());
}

TEST_CASE("ingest: names in other scripts, capitals, possessives and titles find the actors") {
  const auto g = actors();
  CHECK(has(ingest(g, "Россия condemned Ukraine."),
            "RUS condemns UKR"
            " reported"));
  CHECK(has(ingest(g, "Tehran supplied drones to Russia."), "IRN supplies RUS reported"));
  auto possessive = ingest(g, "Iran’s backing of Russia has grown.");
  REQUIRE(possessive.candidates.size() == 1);
  CHECK(possessive.candidates[0].from.id == "IRN");
  CHECK(possessive.candidates[0].type == "supports");
  auto title = ingest(g, "Iran sent drones. The foreign minister condemned Ukraine.");
  CHECK(has(title, "abbas-araghchi condemns UKR reported"));
}

TEST_CASE("ingest: the two nations are the last two states named") {
  auto r = ingest(actors(), "Iran and Russia met in Tehran. The two nations condemned Ukraine.");
  CHECK(has(r, "IRN condemns UKR reported"));
  CHECK(has(r, "RUS condemns UKR reported"));
}

TEST_CASE("ingest: an unknown proper name is proposed as a new entity") {
  auto r = ingest(actors(), "Shahed Aviation Industries supplied drones to Russia.");
  REQUIRE(r.new_entities.size() == 1);
  CHECK(r.new_entities[0].name == "Shahed Aviation Industries");
  CHECK(r.new_entities[0].kind == "Organization");
  CHECK(has(r, "new:Shahed Aviation Industries supplies RUS reported"));
}

TEST_CASE("ingest: Markdown headings and list items are sentences of their own") {
  const std::string text =
      "# Iran and Russia\n\nA paragraph. Another one.\n\n- Iran supplied drones to Russia\n";
  auto r = ingest(actors(), text);
  REQUIRE(r.sentences.size() == 4);
  CHECK(r.sentences[0].role == sentence_role::heading);
  CHECK(r.sentences[0].text == "Iran and Russia");
  CHECK(r.sentences[1].role == sentence_role::paragraph);
  CHECK(r.sentences[3].role == sentence_role::list_item);
  CHECK(r.candidates.size() == 1);  // none from the heading

  auto bullet = ingest(actors(), "Plain Heading Without A Stop\n• Iran supplied drones to Russia");
  REQUIRE(bullet.sentences.size() == 2);
  CHECK(bullet.sentences[0].role == sentence_role::heading);
  CHECK(bullet.sentences[1].role == sentence_role::list_item);
  CHECK(bullet.sentences[1].text == "Iran supplied drones to Russia");
}

TEST_CASE("ingest: spans count characters, not bytes") {
  const std::string text = "Ο Ιράν. Iran supplied drones to Russia.";
  auto r = ingest(actors(), text);
  REQUIRE(r.candidates.size() == 1);
  CHECK(r.candidates[0].quote_span.begin == 8);  // "Ο Ιράν. " is 8 characters, 14 bytes
}

TEST_CASE("ingest: a text that is not UTF-8 is refused by line and column") {
  CHECK_THROWS_WITH_AS((void)ingest(actors(), "Iran.\nRussia \xff."),
                       doctest::Contains("not UTF-8 at byte 14 (line 2, column 8)"), parse_error);
  CHECK_THROWS_AS((void)ingest(actors(), "\xed\xa0\x80"), parse_error);  // a surrogate
}

TEST_CASE("ingest: words between two actors that no pattern reads are logged") {
  auto r = ingest(actors(), "Iran quietly bankrolled Russia.");
  CHECK(r.candidates.empty());
  REQUIRE(r.unknown_cues.size() == 1);
  CHECK(r.unknown_cues[0].words == "quietly bankrolled");
}

TEST_CASE("ingest: a lexicon extends the built-in one, and its errors say where") {
  lexicon lex = lexicon::builtin();
  lex.add("[relation aids]\nX bankroll~ Z\n", "mine.lex");
  ingest_options options;
  options.lexicon = &lex;
  CHECK(has(ingest(actors(), "Iran quietly bankrolled Russia.", options), "IRN aids RUS reported"));

  lexicon bad;
  CHECK_THROWS_WITH_AS(
      bad.add("[relation supplies]\nX supply~ Y\n", "bad.lex"),
      doctest::Contains("bad.lex: a pattern needs the object slot Z (line 2, column 1)"),
      parse_error);
  CHECK_THROWS_WITH_AS(bad.add("[evidence sure]\n", "bad.lex"),
                       doctest::Contains("unknown evidence level \"sure\""), parse_error);
  CHECK_THROWS_WITH_AS(bad.add("\n  [colours]\n", "bad.lex"),
                       doctest::Contains("unknown section [colours]"), parse_error);
  CHECK_THROWS_AS(bad.add_file("/no/such/file.lex"), io_error);
  CHECK(bad.pattern_count() == 0);  // nothing of a failed text stays
}

TEST_CASE(
    "ingest: accepting adds relations cited to the article, and cites a known fact once more") {
  auto g = actors();
  const std::string text =
      "Iran supplied drones to Russia. Shahed Aviation Industries supplied drones to Russia.";
  auto r = ingest(g, text);
  REQUIRE(r.candidates.size() == 2);
  const source_info article{"article-1", "Drones", "", date(2024, 9), ""};
  std::vector<std::size_t> all{0, 1};
  auto done = accept_candidates(g, r, all, article);
  CHECK(done.relations_added == 2);
  CHECK(done.entities_added == std::vector<std::string>{"shahed-aviation-industries"});
  REQUIRE(g.find_source("article-1"));
  REQUIRE(g.relations_of_type("supplies").size() == 2);
  const relation_index first_fact = g.relations_of_type("supplies")[0];
  const auto cites = g.citations(first_fact);
  REQUIRE(cites.size() == 1);
  CHECK(cites[0].quote == "Iran supplied drones to Russia");

  // The same article read again: every candidate is already there and adds no relation.
  auto again = ingest(g, text);
  REQUIRE(again.candidates.size() == 2);
  CHECK(again.candidates[0].existing.has_value());
  const source_info second{"article-2", "Drones again", "", {}, ""};
  std::vector<std::size_t> first{0};
  auto more = accept_candidates(g, again, first, second);
  CHECK(more.relations_added == 0);
  CHECK(more.citations_added == 1);
  CHECK(g.citations(first_fact).size() == 2);

  std::vector<std::size_t> none_such{7};
  CHECK_THROWS_WITH_AS(accept_candidates(g, again, none_such, second),
                       doctest::Contains("no candidate 8"), error);
}

namespace {

// Two states in an organisation, a third outside it, an item the graph knows, and an event.
graph blocs() {
  graph g = actors();
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_entity({"USA", "State", "United States", {}, {}, {}});
  g.add_entity({"JPN", "State", "Japan", {}, {}, {}});
  g.add_entity({"the-west", "Organization", "the West", {"Western nations"}, {}, {}});
  g.add_entity({"axis", "Organization", "Pyongyang-Moscow axis", {"anti-Western bloc"}, {}, {}});
  g.add_entity({"pyongyang", "Place", "Pyongyang", {}, {}, {}});
  g.add_entity({"moscow", "Place", "Moscow", {}, {}, {}});
  g.add_entity({"kim-jong-un", "Person", "Kim Jong-un", {}, {}, {}});
  g.add_entity({"shells", "Item", "artillery shells", {}, {}, {}});
  g.add_entity({"summit", "Event", "Kim-Putin summit", {}, {}, {}});
  for (const char* place : {"pyongyang", "moscow"})
    g.add_relation({place,
                    "capital_of",
                    place[0] == 'p' ? "PRK" : "RUS",
                    evidence::confirmed,
                    {},
                    {{"reference", "", {}}},
                    {}});
  for (const char* member : {"PRK", "RUS"})
    g.add_relation(
        {member, "member_of", "axis", evidence::reported, {}, {{"reference", "", {}}}, {}});
  return g;
}

}  // namespace

TEST_CASE("ingest: an item the graph knows may be what is supplied") {
  auto r = ingest(blocs(), "North Korea has been supplying artillery shells to Russia.");
  CHECK(has(r, "PRK supplies RUS reported"));
}

TEST_CASE("ingest: a name made of names relates them, as the compound and prefix rules say") {
  const auto g = blocs();
  auto r = ingest(g, "The Pyongyang-Moscow axis is set to grow.");
  CHECK(has(r, "PRK member_of axis reported"));
  CHECK(has(r, "RUS member_of axis reported"));
  CHECK(
      has(ingest(g, "Analysts warned of an anti-Western bloc."), "axis opposes the-west reported"));
  CHECK(has(ingest(g, "It followed the Kim-Putin summit in Russia."),
            "kim-jong-un meets_with vladimir-putin reported"));
  // A name none of whose parts the graph knows proposes nothing.
  CHECK(ingest(g, "The Atlantis-Lemuria axis is a myth.").candidates.empty());
}

TEST_CASE("ingest: actors after an apposition join the mention before it") {
  auto r = ingest(blocs(),
                  "Western nations, particularly the United States and its allies like Japan, "
                  "have condemned Russia.");
  for (const char* who : {"the-west", "USA", "JPN"})
    CHECK(has(r, std::string(who) + " condemns RUS reported"));
  CHECK(has(r, "USA member_of the-west reported"));
  CHECK(has(r, "JPN member_of the-west reported"));
  CHECK(has(r, "USA allied_with JPN reported"));
}

TEST_CASE("ingest: \"this alliance\" is the organisation both states last named belong to") {
  const auto g = blocs();
  auto r = ingest(g, "North Korea supports Russia. Japan has condemned this burgeoning alliance.");
  CHECK(has(r, "JPN condemns axis reported"));
  // The words say which alliance: no guess.
  r = ingest(g, "North Korea supports Russia. Japan has condemned the alliance between them.");
  CHECK_FALSE(has(r, "JPN condemns axis reported"));
}

TEST_CASE("ingest: \"its\" is the possessive named last, a title states an office the graph has") {
  const auto g = blocs();
  CHECK(has(ingest(g, "Moscow’s view of Pyongyang as an ally in its conflict with Ukraine."),
            "RUS wages_war_on UKR reported"));
  CHECK(has(ingest(g, "The talks were held by President Putin in the capital."),
            "vladimir-putin leads RUS confirmed"));
}

TEST_CASE("ingest: a pattern without a subject takes the section's last one") {
  const auto g = blocs();
  const std::string text =
      "North Korea supports Russia.\nOfficials were cautious.\nReports indicate the transfer "
      "of artillery shells to Russia.";
  CHECK(has(ingest(g, text), "PRK supplies RUS alleged"));
  // Not across a heading.
  const std::string other =
      "North Korea supports Russia.\n\n# Elsewhere\n\nReports indicate the transfer of "
      "artillery shells to Russia.";
  CHECK_FALSE(has(ingest(g, other), "PRK supplies RUS alleged"));
}

TEST_CASE("ingest: \"the alliance between A and B\" is their coalition, and still their alliance") {
  auto r = ingest(blocs(),
                  "For Japan, the alliance between Pyongyang and Moscow represents a direct "
                  "threat to their security.");
  CHECK(has(r, "axis threatens JPN reported"));
  CHECK(has(r, "PRK allied_with RUS reported"));
}

TEST_CASE("ingest: a verb after \"and\" shares the sentence's subject") {
  auto r = ingest(blocs(),
                  "While Iran maintains strong ties with Russia and seeks to counter Ukraine, it "
                  "stays cautious.");
  CHECK(has(r, "IRN opposes UKR reported"));
  // Not the nearer actor's verb.
  CHECK_FALSE(has(r, "RUS opposes UKR reported"));
}

TEST_CASE("ingest: a state under a leader is led by them") {
  CHECK(has(ingest(blocs(), "Under Vladimir Putin, Russia has shown a renewed interest."),
            "vladimir-putin leads RUS confirmed"));
}

TEST_CASE("ingest: two names with a comma between and no \"and\" after are no list") {
  auto r = ingest(actors(), "Abbas Araghchi, Iran’s foreign minister, condemned Ukraine.");
  CHECK(has(r, "abbas-araghchi condemns UKR reported"));
  CHECK_FALSE(has(r, "IRN condemns UKR reported"));
  // "A, B and C" still is one.
  r = ingest(actors(), "Iran, Russia and Ukraine condemned the move, and Iran condemned Ukraine.");
  CHECK(has(r, "IRN condemns UKR reported"));
}

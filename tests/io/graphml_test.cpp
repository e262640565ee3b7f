#include <entente/io/graphml.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace entente;
using testing::contains;
using testing::count;
using testing::scratch;

namespace {

const std::string tiny_graphml = R"(<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="graph_sources" for="graph" attr.name="sources" attr.type="string"/>
  <key id="name" for="node" attr.name="name" attr.type="string"/>
  <key id="kind" for="node" attr.name="kind" attr.type="string"/>
  <key id="aliases" for="node" attr.name="aliases" attr.type="string"/>
  <key id="external_ids" for="node" attr.name="external_ids" attr.type="string"/>
  <key id="na0" for="node" attr.name="capital" attr.type="string"/>
  <key id="type" for="edge" attr.name="type" attr.type="string"/>
  <key id="evidence" for="edge" attr.name="evidence" attr.type="string"/>
  <key id="since" for="edge" attr.name="since" attr.type="string"/>
  <key id="until" for="edge" attr.name="until" attr.type="string"/>
  <key id="sources" for="edge" attr.name="sources" attr.type="string"/>
  <key id="quotes" for="edge" attr.name="quotes" attr.type="string"/>
  <key id="ea0" for="edge" attr.name="item" attr.type="string"/>
  <graph edgedefault="directed">
    <data key="graph_sources">[
      {&quot;id&quot;: &quot;article-a&quot;, &quot;title&quot;: &quot;North Korea backs Russia&quot;, &quot;publisher&quot;: &quot;Example Daily&quot;, &quot;published&quot;: &quot;2024-07&quot;, &quot;url&quot;: &quot;https://example.org/a?x=1&quot;}
    ]</data>
    <node id="PRK">
      <data key="name">North Korea</data>
      <data key="kind">State</data>
      <data key="aliases">DPRK | 북한</data>
      <data key="na0">Pyongyang</data>
    </node>
    <node id="RUS">
      <data key="name">Russia</data>
      <data key="kind">State</data>
    </node>
    <edge id="r0" source="PRK" target="RUS">
      <data key="type">supplies</data>
      <data key="evidence">alleged</data>
      <data key="since">2023-09</data>
      <data key="until">2024</data>
      <data key="sources">article-a</data>
      <data key="quotes">shells by the million</data>
      <data key="ea0">artillery-shells</data>
    </edge>
  </graph>
</graphml>
)";

/// A graph of one entity named `name`, for escaping tests.
graph named(const std::string& name) {
  graph g;
  g.add_entity({"x", "State", name, {}, {}, {}});
  return g;
}

}  // namespace

TEST_CASE("graphml: a tiny graph is written exactly") {
  CHECK(io::write_graphml(testing::tiny_world()) == tiny_graphml);
}

TEST_CASE("graphml: markup characters in names, ids and attribute keys are escaped") {
  graph g;
  attributes odd;
  odd.set("a<b>&\"c\"", std::string("'d' & <e>"));
  g.add_entity({"R&D <\"lab\">", "Organization", "Tom & Jerry's <\"Lab\">", {}, odd, {}});
  auto text = io::write_graphml(g);
  CHECK(contains(text, "<node id=\"R&amp;D &lt;&quot;lab&quot;&gt;\">"));
  CHECK(contains(text, "<data key=\"name\">Tom &amp; Jerry&apos;s &lt;&quot;Lab&quot;&gt;</data>"));
  CHECK(contains(text, "attr.name=\"a&lt;b&gt;&amp;&quot;c&quot;\""));
  CHECK(contains(text, "<data key=\"na0\">&apos;d&apos; &amp; &lt;e&gt;</data>"));
}

TEST_CASE("graphml: line breaks and tabs become references, other controls U+FFFD") {
  auto text =
      io::write_graphml(named("a\nb\r\nc\td\x01"
                              "e\x1F"
                              "f\x7F"));
  // A raw CR would be read back as LF, and a raw control character makes the XML ill-formed.
  CHECK(contains(text,
                 "<data key=\"name\">a&#10;b&#13;&#10;c&#9;d\xEF\xBF\xBD"
                 "e\xEF\xBF\xBD"
                 "f\x7F</data>"));
  for (char c = 0; c < 0x20; ++c)
    if (c != '\n') CHECK_MESSAGE(text.find(c) == std::string::npos, "control ", int(c));
}

TEST_CASE("graphml: U+FFFE, U+FFFF and bytes that are not UTF-8 become U+FFFD") {
  auto text =
      io::write_graphml(named("a\xEF\xBF\xBE"
                              "b\xEF\xBF\xBF"
                              "c\xFF"
                              "d\xC3"));
  CHECK(contains(text,
                 "<data key=\"name\">a\xEF\xBF\xBD"
                 "b\xEF\xBF\xBD"
                 "c\xEF\xBF\xBD"
                 "d\xEF\xBF\xBD</data>"));
}

TEST_CASE("graphml: Cyrillic, Korean and other scripts stay UTF-8") {
  auto text = io::write_graphml(named("Ким Чен Ын · 김정은 · 金正恩 · 😀"));
  CHECK(contains(text, "<data key=\"name\">Ким Чен Ын · 김정은 · 金正恩 · 😀</data>"));
}

TEST_CASE("graphml: parallel relations are separate edges with their own data") {
  auto text = io::write_graphml(testing::small_world());
  CHECK(count(text, "<node id=") == 10);
  CHECK(count(text, "<edge id=") == 14);
  CHECK(contains(text,
                 "    <edge id=\"r2\" source=\"PRK\" target=\"RUS\">\n"
                 "      <data key=\"type\">supports</data>\n"
                 "      <data key=\"evidence\">confirmed</data>\n"
                 "      <data key=\"since\">2024</data>\n"
                 "      <data key=\"sources\">article-a</data>\n"
                 "      <data key=\"quotes\">fully and unconditionally supports</data>\n"
                 "    </edge>\n"
                 "    <edge id=\"r3\" source=\"PRK\" target=\"RUS\">\n"
                 "      <data key=\"type\">supports</data>\n"
                 "      <data key=\"evidence\">alleged</data>\n"
                 "      <data key=\"since\">2022</data>\n"
                 "      <data key=\"sources\">article-b</data>\n"
                 "    </edge>\n"));
}

TEST_CASE("graphml: attribute keys are typed long, double, boolean or string") {
  graph g;
  attributes a;
  a.set("population", std::int64_t{25'000'000});
  a.set("gdp_growth", 0.5);
  a.set("nuclear", true);
  a.set("founded", date(1948, 9, 9));
  a.set("capital", std::string("Pyongyang"));
  a.set("mixed", std::int64_t{1});
  a.set("unknown", value{});
  g.add_entity({"PRK", "State", "North Korea", {}, a, {}});
  attributes b;
  b.set("mixed", 2.5);  // a long here and a double there: only a string holds both
  b.set("gdp_growth", std::numeric_limits<double>::quiet_NaN());
  b.set("nuclear", false);
  b.set("population", std::int64_t{-3});
  g.add_entity({"KOR", "State", "South Korea", {}, b, {}});
  attributes c;
  c.set("gdp_growth", std::numeric_limits<double>::infinity());
  c.set("founded", date());  // unset: no data
  g.add_entity({"JPN", "State", "Japan", {}, c, {}});

  auto text = io::write_graphml(g);
  // Keys in name order, whichever entity holds them first.
  CHECK(contains(text,
                 "  <key id=\"na0\" for=\"node\" attr.name=\"capital\" attr.type=\"string\"/>\n"
                 "  <key id=\"na1\" for=\"node\" attr.name=\"founded\" attr.type=\"string\">"
                 "<desc>entente:date</desc></key>\n"
                 "  <key id=\"na2\" for=\"node\" attr.name=\"gdp_growth\" attr.type=\"double\"/>\n"
                 "  <key id=\"na3\" for=\"node\" attr.name=\"mixed\" attr.type=\"string\"/>\n"
                 "  <key id=\"na4\" for=\"node\" attr.name=\"nuclear\" attr.type=\"boolean\"/>\n"
                 "  <key id=\"na5\" for=\"node\" attr.name=\"population\" attr.type=\"long\"/>\n"
                 "  <key id=\"na6\" for=\"node\" attr.name=\"unknown\" attr.type=\"string\"/>\n"));
  CHECK(contains(text,
                 "      <data key=\"na0\">Pyongyang</data>\n"
                 "      <data key=\"na1\">1948-09-09</data>\n"
                 "      <data key=\"na2\">0.5</data>\n"
                 "      <data key=\"na3\">1</data>\n"
                 "      <data key=\"na4\">true</data>\n"
                 "      <data key=\"na5\">25000000</data>\n"
                 "    </node>\n"));
  CHECK(contains(text,
                 "      <data key=\"na2\">NaN</data>\n"
                 "      <data key=\"na3\">2.5</data>\n"
                 "      <data key=\"na4\">false</data>\n"
                 "      <data key=\"na5\">-3</data>\n"
                 "    </node>\n"));
  CHECK(contains(text,
                 "      <data key=\"kind\">State</data>\n"
                 "      <data key=\"na2\">INF</data>\n"
                 "    </node>\n"));
  CHECK_FALSE(contains(text, "key=\"na6\">"));
}

TEST_CASE("graphml: a list attribute is its JSON text in a string key") {
  graph g;
  attributes a;
  a.set("tags", value_list{"a, b", "say \"hi\"", "<x>"});
  a.set("sizes", value_list{1, 2});
  a.set("shares", value_list{2.0, std::numeric_limits<double>::quiet_NaN()});
  a.set("days", value_list{date(2014), date(2024, 6, 19)});
  a.set("none", value_list{});
  g.add_entity({"PRK", "State", "North Korea", {}, a, {}});
  auto text = io::write_graphml(g);
  // The <desc> says what the text is for a reader that wants the list back.
  CHECK(contains(text, "attr.name=\"sizes\" attr.type=\"string\"><desc>entente:list</desc></key>"));
  CHECK(contains(text, "attr.name=\"none\" attr.type=\"string\"><desc>entente:list</desc></key>"));
  CHECK(contains(text,
                 "attr.name=\"days\" attr.type=\"string\"><desc>entente:date-list</desc></key>"));
  CHECK(contains(text,
                 "      <data key=\"na0\">[&quot;2014&quot;, &quot;2024-06-19&quot;]</data>\n"
                 "      <data key=\"na1\">[]</data>\n"
                 "      <data key=\"na2\">[2.0, NaN]</data>\n"
                 "      <data key=\"na3\">[1, 2]</data>\n"
                 "      <data key=\"na4\">[&quot;a, b&quot;, &quot;say \\&quot;hi\\&quot;&quot;, "
                 "&quot;&lt;x&gt;&quot;]</data>\n"));
  // What XML cannot hold survives as a JSON escape.
  graph odd;
  attributes b;
  b.set("odd", value_list{"bell\x07", "\xEF\xBF\xBE", "tab\t"});
  odd.add_entity({"x", "Item", "X", {}, b, {}});
  CHECK(contains(io::write_graphml(odd),
                 R"(>[&quot;bell\u0007&quot;, &quot;\ufffe&quot;, &quot;tab\t&quot;]</data>)"));
}

TEST_CASE("graphml: a key's <desc> names the type its values share, and only that") {
  graph g;
  attributes a;
  a.set("born", date(1984));
  a.set("mixed_date", date(2014));
  a.set("days_or_tags", value_list{date(2014)});
  a.set("days_or_none", value_list{date(2014)});
  a.set("list_or_text", value_list{"a"});
  g.add_entity({"PRK", "State", "North Korea", {}, a, {}});
  attributes b;
  b.set("born", value{});  // a null says nothing
  b.set("mixed_date", std::string("2014"));
  b.set("days_or_tags", value_list{"x"});
  b.set("days_or_none", value_list{});
  b.set("list_or_text", std::string("[\"a\"]"));
  g.add_entity({"RUS", "State", "Russia", {}, b, {}});
  auto text = io::write_graphml(g);
  CHECK(contains(text, "attr.name=\"born\" attr.type=\"string\"><desc>entente:date</desc>"));
  CHECK(contains(text, "attr.name=\"mixed_date\" attr.type=\"string\"/>"));
  // Lists of dates among other lists: the dates read back as strings, the lists as lists.
  CHECK(
      contains(text, "attr.name=\"days_or_tags\" attr.type=\"string\"><desc>entente:list</desc>"));
  CHECK(contains(text,
                 "attr.name=\"days_or_none\" attr.type=\"string\"><desc>entente:date-list</desc>"));
  CHECK(contains(text, "attr.name=\"list_or_text\" attr.type=\"string\"/>"));
}

TEST_CASE("graphml: relation attribute keys are typed apart from entity ones") {
  graph g = testing::tiny_world();
  g.set_attribute(g.at("RUS"), "item", std::int64_t{7});
  g.set_relation_attribute(0, "shells", std::int64_t{1'000'000});
  auto text = io::write_graphml(g);
  CHECK(contains(text, "<key id=\"na1\" for=\"node\" attr.name=\"item\" attr.type=\"long\"/>"));
  CHECK(contains(text, "<key id=\"ea0\" for=\"edge\" attr.name=\"item\" attr.type=\"string\"/>"));
  CHECK(contains(text, "<key id=\"ea1\" for=\"edge\" attr.name=\"shells\" attr.type=\"long\"/>"));
  CHECK(contains(text, "<data key=\"ea1\">1000000</data>"));
}

TEST_CASE("graphml: an attribute named like a fixed key or starting with _ gets one more _") {
  graph g;
  attributes a;
  a.set("name", std::string("official name"));
  a.set("_name", std::string("underscored"));
  a.set("place", std::string("plain"));
  a.set("external_ids", std::string("an attribute"));
  g.add_entity({"PRK", "State", "North Korea", {}, a, {{"wikidata", "Q423"}}});
  auto text = io::write_graphml(g);
  // Dropping one leading `_` gives every key back: `_name` is `name`, `__name` is `_name`.
  CHECK(contains(text, "<key id=\"na0\" for=\"node\" attr.name=\"__name\" attr.type=\"string\"/>"));
  CHECK(contains(
      text, "<key id=\"na1\" for=\"node\" attr.name=\"_external_ids\" attr.type=\"string\"/>"));
  CHECK(contains(text, "<key id=\"na2\" for=\"node\" attr.name=\"_name\" attr.type=\"string\"/>"));
  CHECK(contains(text, "<key id=\"na3\" for=\"node\" attr.name=\"place\" attr.type=\"string\"/>"));
  CHECK(
      contains(text,
               "      <data key=\"name\">North Korea</data>\n"
               "      <data key=\"kind\">State</data>\n"
               "      <data key=\"external_ids\">{&quot;wikidata&quot;: &quot;Q423&quot;}</data>\n"
               "      <data key=\"na0\">underscored</data>\n"
               "      <data key=\"na1\">an attribute</data>\n"
               "      <data key=\"na2\">official name</data>\n"));
}

TEST_CASE("graphml: external ids are one JSON object, in the entity's order") {
  graph g;
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {{"wikidata", "Q423"}, {"viaf", "1 | 2"}}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {{"viaf", "x"}, {"wikidata", "Q159"}}});
  g.add_entity({"UKR", "State", "Ukraine", {}, {}, {}});
  g.add_entity({"odd", "Item", "Odd", {}, {}, {{"say \"hi\"", "tab\t\x01<&>"}, {"", ""}}});
  auto text = io::write_graphml(g);
  // One fixed key, whatever the systems: no system's name can clash with an attribute's.
  CHECK(count(text, "for=\"node\" attr.name=\"external_ids\"") == 1);
  CHECK(contains(text,
                 "<data key=\"external_ids\">{&quot;wikidata&quot;: &quot;Q423&quot;, "
                 "&quot;viaf&quot;: &quot;1 | 2&quot;}</data>\n"));
  CHECK(contains(text,
                 "<data key=\"external_ids\">{&quot;viaf&quot;: &quot;x&quot;, "
                 "&quot;wikidata&quot;: &quot;Q159&quot;}</data>\n"));
  // JSON's escapes carry what XML cannot hold; an empty system or id is still written.
  CHECK(contains(text,
                 R"(<data key="external_ids">{&quot;say \&quot;hi\&quot;&quot;: &quot;tab\t\u0001)"
                 R"(&lt;&amp;&gt;&quot;, &quot;&quot;: &quot;&quot;}</data>)"));
  CHECK(count(text, "<data key=\"external_ids\">") == 3);
}

TEST_CASE("graphml: every source is listed in the graph's data, cited or not, in its order") {
  graph g;
  g.add_source({"uncited", "A title", "A publisher", date(2024, 6), "https://example.org/?a=1&b"});
  g.add_source({"cited", "", "", date(), ""});
  g.add_source({"dated", "", "", date(2024, 6, 19), ""});
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_relation({"PRK", "supports", "PRK", evidence::reported, {}, {{"cited", "", {}}}, {}});
  auto text = io::write_graphml(g);
  CHECK(contains(text,
                 "  <key id=\"graph_sources\" for=\"graph\" attr.name=\"sources\" "
                 "attr.type=\"string\"/>\n"));
  // Before the nodes, so that a streaming reader knows the sources before the edges cite them.
  CHECK(contains(text,
                 "  <graph edgedefault=\"directed\">\n"
                 "    <data key=\"graph_sources\">[\n"
                 "      {&quot;id&quot;: &quot;uncited&quot;, &quot;title&quot;: &quot;A "
                 "title&quot;, &quot;publisher&quot;: &quot;A publisher&quot;, "
                 "&quot;published&quot;: &quot;2024-06&quot;, &quot;url&quot;: "
                 "&quot;https://example.org/?a=1&amp;b&quot;},\n"
                 "      {&quot;id&quot;: &quot;cited&quot;},\n"
                 "      {&quot;id&quot;: &quot;dated&quot;, &quot;published&quot;: "
                 "&quot;2024-06-19&quot;}\n"
                 "    ]</data>\n"
                 "    <node id=\"PRK\">\n"));
  CHECK(contains(text, "<data key=\"sources\">cited</data>"));
}

TEST_CASE("graphml: a source's text keeps what XML cannot hold as JSON escapes") {
  graph g;
  g.add_source({"a/b α", "say \"hi\"\nback\\slash\x01\xEF\xBF\xBE", "", date(), ""});
  CHECK(contains(io::write_graphml(g),
                 R"({&quot;id&quot;: &quot;a/b α&quot;, &quot;title&quot;: &quot;say \&quot;hi)"
                 R"(\&quot;\nback\\slash\u0001\ufffe&quot;})"));
}

TEST_CASE("graphml: a graph without sources has no graph key and no graph data") {
  graph g;
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  const auto text = io::write_graphml(g);
  CHECK_FALSE(contains(text, "for=\"graph\""));
  CHECK(contains(text, "  <graph edgedefault=\"directed\">\n    <node id=\"PRK\">\n"));
}

TEST_CASE("graphml: a source list too long for one text continues in keys sources_2...") {
  // libxml2 refuses a text node over 10,000,000 bytes: no part of the list may come near that.
  graph g;
  const std::string title(300, 't');
  for (int i = 0; i < 30'000; ++i) g.add_source({fmt::format("s{}", i), title, "", date(), ""});
  const auto text = io::write_graphml(g);
  CHECK(contains(text, "<key id=\"graph_sources\" for=\"graph\" attr.name=\"sources\""));
  CHECK(contains(text, "<key id=\"graph_sources_2\" for=\"graph\" attr.name=\"sources_2\""));
  CHECK(contains(text, "<key id=\"graph_sources_3\" for=\"graph\" attr.name=\"sources_3\""));
  CHECK_FALSE(contains(text, "sources_4"));
  std::vector<std::string> ids;
  for (const char* key : {"graph_sources", "graph_sources_2", "graph_sources_3"}) {
    CAPTURE(key);
    const auto open = fmt::format("<data key=\"{}\">", key);
    const auto begin = text.find(open) + open.size();
    auto part = text.substr(begin, text.find("</data>", begin) - begin);
    // The text a reader gets: each &quot; is one character.
    const auto json_bytes = part.size() - 5 * count(part, "&quot;");
    CHECK(json_bytes <= 4'000'000);
    CHECK(json_bytes > 1'000'000);
    const std::string id_start = "{&quot;id&quot;: &quot;";
    for (auto at = part.find(id_start); at != std::string::npos; at = part.find(id_start, at)) {
      at += id_start.size();
      ids.push_back(part.substr(at, part.find("&quot;", at) - at));
    }
  }
  // Every source once, in the graph's order, the parts one after the other.
  REQUIRE(ids.size() == 30'000);
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i] != fmt::format("s{}", i)) FAIL_CHECK("source ", i, " is listed as ", ids[i]);
}

TEST_CASE("graphml: several citations give sources and quotes position by position") {
  graph g = testing::tiny_world();
  g.add_source({"article-b", "", "", date(), ""});
  g.add_citation(0, citation_spec{"article-b", "", std::nullopt});
  g.add_citation(0, citation_spec{"article-a", "a second quote", std::nullopt});
  auto text = io::write_graphml(g);
  CHECK(contains(text, "<data key=\"sources\">article-a | article-b | article-a</data>"));
  CHECK(contains(text, "<data key=\"quotes\">shells by the million |  | a second quote</data>"));
}

TEST_CASE("graphml: a relation without citations, time or attributes has only type and evidence") {
  graph g;
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  g.add_relation({"RUS", "aids", "PRK", evidence::denied, {}, {}, {}});
  CHECK(contains(io::write_graphml(g),
                 "    <edge id=\"r0\" source=\"RUS\" target=\"PRK\">\n"
                 "      <data key=\"type\">aids</data>\n"
                 "      <data key=\"evidence\">denied</data>\n"
                 "    </edge>\n"));
}

TEST_CASE("graphml: the same graph gives the same bytes") {
  auto first = io::write_graphml(testing::small_world());
  CHECK(first == io::write_graphml(testing::small_world()));
  // Attribute keys are declared in one order whichever entity declares them first.
  graph a = testing::tiny_world();
  graph b = testing::tiny_world();
  a.set_attribute(a.at("RUS"), "zone", std::string("z"));
  a.set_attribute(a.at("PRK"), "area", std::int64_t{1});
  b.set_attribute(b.at("PRK"), "area", std::int64_t{1});
  b.set_attribute(b.at("RUS"), "zone", std::string("z"));
  CHECK(io::write_graphml(a) == io::write_graphml(b));
}

TEST_CASE("graphml: save writes the text atomically, leaving no temporary file") {
  scratch dir;
  const auto file = dir.path / "world.graphml";
  std::ofstream(file) << "old";
  io::save_graphml(testing::tiny_world(), file);
  CHECK(testing::read_file(file) == tiny_graphml);
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("graphml: saving into a missing folder is an io_error naming the file") {
  scratch dir;
  const auto file = dir.path / "missing" / "world.graphml";
  CHECK_THROWS_WITH_AS(io::save_graphml(testing::tiny_world(), file),
                       doctest::Contains((file.string() + ": cannot save").c_str()), io_error);
  CHECK_FALSE(fs::exists(file));
}

TEST_CASE("graphml: a large graph saves the same text it writes") {
  auto g = testing::many_relations(2000, 20000);
  scratch dir;
  io::save_graphml(g, dir.path / "large.graphml");
  auto text = io::write_graphml(g);
  REQUIRE(text.size() > (std::size_t{1} << 21));  // saved in several blocks
  CHECK(testing::read_file(dir.path / "large.graphml") == text);
}

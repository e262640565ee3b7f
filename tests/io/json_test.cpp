#include <entente/io/json.hpp>

#include "io/json_testing.hpp"
#include "testing.hpp"

#include <doctest/doctest.h>
// Only to build hostile documents; the library hides nlohmann from its users.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using entente::date;
using entente::evidence;
using entente::graph;
using entente::value;
using entente::value_list;
using entente::io::read_json;
using entente::io::write_json;
using entente::testing::with_relation;

namespace {

/// A fresh directory under the system temp directory, removed with its content at scope exit.
struct temp_dir {
  fs::path path;
  temp_dir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("entente-json-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
};

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void spit(const fs::path& file, std::string_view text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

}  // namespace

// ---- round trips ---------------------------------------------------------------------------

TEST_CASE("json: the small world round-trips") {
  auto g = entente::testing::small_world();
  for (int indent : {2, 0, 4, -1}) {
    CAPTURE(indent);
    auto text = write_json(g, indent);
    CHECK(read_json(text) == g);
    CHECK(write_json(read_json(text), indent) == text);
  }
  CHECK(write_json(g, -1).find('\n') == std::string::npos);
}

TEST_CASE("json: the default schema is not written") {
  auto text = write_json(entente::testing::small_world());
  CHECK(text.find("\"schema\"") == std::string::npos);
  CHECK(write_json(graph()) ==
        "{\n  \"sources\": [],\n  \"entities\": [],\n  \"relations\": []\n}");
  CHECK(read_json("{}") == graph());
}

TEST_CASE("json: an open schema declares kinds and types on first use and round-trips") {
  auto g = read_json(R"({"schema": {"base": "open"},
    "entities": [{"id": "a", "kind": "Person"}, {"id": "acme", "kind": "Company"}],
    "relations": [{"from": "a", "type": "WORKS_AT", "to": "acme"}]})");
  CHECK(g.schema().is_open());
  CHECK(g.schema().kind_names() == std::vector<std::string>{"Person", "Company"});
  CHECK(g.schema().relation_type_names() == std::vector<std::string>{"WORKS_AT"});
  auto text = write_json(g);
  CHECK(text.find(R"("base": "open")") != std::string::npos);
  CHECK(read_json(text) == g);
  // Closed, the same document names an unknown kind.
  CHECK_THROWS_WITH_AS((void)read_json(R"({"entities": [{"id": "acme", "kind": "Company"}]})"),
                       doctest::Contains("unknown kind"), entente::io_error);
  CHECK_THROWS_WITH_AS((void)read_json(R"({"schema": {"base": "closed"}})"),
                       doctest::Contains("is not a base schema (geopolitics, none, open)"),
                       entente::io_error);
}

TEST_CASE("json: an open schema keeps an entity without a label, of the empty kind") {
  graph g(entente::schema::open());
  g.add_entity({"node-1", "", "", {}, {}, {}});
  g.add_entity({"ada", "Person", "Ada", {}, {}, {}});
  auto text = write_json(g);
  CHECK(text.find(R"("kind": "")") != std::string::npos);
  auto back = read_json(text);
  CHECK(back == g);
  CHECK(back.entity(0).kind_name().empty());
  CHECK(back.schema().kind_names() == std::vector<std::string>{"", "Person"});
  // Closed, a kind still needs a name.
  CHECK_THROWS_AS((void)read_json(R"({"entities": [{"id": "x", "kind": ""}]})"), entente::io_error);
  CHECK_THROWS_WITH_AS((void)read_json(R"({"schema": {"base": "none", "kinds": [{"name": ""}]}})"),
                       doctest::Contains("a kind name cannot be empty"), entente::io_error);
}

TEST_CASE("json: the layout keeps records expanded and short lists on one line") {
  graph g;
  g.add_source({"s1", "A title", "", date(2024, 6), ""});
  g.add_entity({"PRK", "State", "North Korea", {"DPRK", "북한"}, {}, {{"wikidata", "Q423"}}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  entente::attributes attrs;
  attrs.set("item", std::string("artillery-shells"));
  attrs.set("quantity", std::int64_t{1000});
  attrs.set("share", 2.0);
  g.add_relation({"PRK",
                  "supplies",
                  "RUS",
                  evidence::reported,
                  {date(2023, 9), {}},
                  {{"s1", "shells", entente::text_span{10, 16}}},
                  attrs});
  CHECK(write_json(g) == R"({
  "sources": [
    {
      "id": "s1",
      "title": "A title",
      "published": "2024-06"
    }
  ],
  "entities": [
    {
      "id": "PRK",
      "kind": "State",
      "name": "North Korea",
      "aliases": ["DPRK", "북한"],
      "external_ids": {"wikidata": "Q423"}
    },
    {
      "id": "RUS",
      "kind": "State",
      "name": "Russia"
    }
  ],
  "relations": [
    {
      "from": "PRK",
      "type": "supplies",
      "to": "RUS",
      "evidence": "reported",
      "since": "2023-09",
      "sources": [{"id": "s1", "quote": "shells", "span": [10, 16]}],
      "attributes": {"item": "artillery-shells", "quantity": 1000, "share": 2.0}
    }
  ]
})");
  CHECK(write_json(g, -1).starts_with(
      R"({"sources":[{"id":"s1","title":"A title","published":"2024-06"}],)"));
}

TEST_CASE("json: every attribute value type round-trips with its type") {
  graph g;
  auto e = g.add_entity({"x", "Item", "X", {}, {}, {}});
  const std::pair<const char*, value> values[] = {
      {"null", std::monostate{}},
      {"yes", true},
      {"no", false},
      {"zero", std::int64_t{0}},
      {"int_min", std::numeric_limits<std::int64_t>::min()},
      {"int_max", std::numeric_limits<std::int64_t>::max()},
      {"real_integral", 2.0},
      {"real_negative_zero", -0.0},
      {"real_tenth", 0.1},
      {"real_huge", 1e300},
      {"real_tiny", 5e-324},
      {"real_inf", std::numeric_limits<double>::infinity()},
      {"real_minus_inf", -std::numeric_limits<double>::infinity()},
      {"text", std::string("quote \" backslash \\ newline \n tab \t Ким 김 \x01")},
      {"empty_text", std::string()},
      {"date_text_lookalike", std::string("2024-06")},
      {"year", date(2014)},
      {"month", date(2023, 9)},
      {"day", date(2024, 6, 19)},
      {"unset_date", date()},
      {"odd key with spaces", std::string("ok")},
  };
  for (const auto& [key, v] : values) g.set_attribute(e, key, v);

  auto text = write_json(g);
  auto back = read_json(text);
  CHECK(back == g);
  const auto& attrs = back.entity(0).attributes();
  // Not a structured binding: CAPTURE's lambda cannot capture one before clang 16.
  for (const auto& entry : values) {
    const char* key = entry.first;
    const value& v = entry.second;
    CAPTURE(key);
    REQUIRE(attrs.find(key) != nullptr);
    CHECK(attrs.find(key)->index() == v.index());
  }
  CHECK(std::signbit(std::get<double>(*attrs.find("real_negative_zero"))));
  // The encoding itself, as documented in the README.
  CHECK(text.find(R"("real_integral": 2.0)") != std::string::npos);
  CHECK(text.find("\"zero\": 0\n") != std::string::npos);
  CHECK(text.find(R"("day": {"date": "2024-06-19"})") != std::string::npos);
  CHECK(text.find(R"("date_text_lookalike": "2024-06")") != std::string::npos);
  CHECK(text.find(R"("unset_date": {"date": null})") != std::string::npos);
  CHECK(text.find(R"("real_inf": {"real": "inf"})") != std::string::npos);
  CHECK(text.find(R"(["odd key with spaces"])") == std::string::npos);  // keys are plain JSON
}

TEST_CASE("json: list attributes round-trip as arrays of the scalar encodings") {
  const graph g = entente::testing::list_world();
  const auto text = write_json(g);
  CHECK(read_json(text) == g);
  CHECK(text.find(R"("numbers": [1, -2, 9007199254740993])") != std::string::npos);
  CHECK(text.find(R"("shares": [0.5, 1.0, -2.25])") != std::string::npos);
  CHECK(text.find(R"("days": [{"date": "2014"}, {"date": "2023-09"}, {"date": "2024-06-19"}])") !=
        std::string::npos);
  CHECK(text.find(R"("nothing": [])") != std::string::npos);
  CHECK(text.find(R"("batches": [])") != std::string::npos);
  CHECK(write_json(g, -1).find(R"(["nuclear","a, b","bar|pipe","say \"hi\"",)") !=
        std::string::npos);

  // Reals JSON cannot spell keep their tag inside a list, and a list of one real stays reals.
  graph odd;
  auto e = odd.add_entity({"x", "Item", "X", {}, {}, {}});
  odd.set_attribute(e, "reals", value_list{std::numeric_limits<double>::infinity(), 2.0});
  auto back = read_json(write_json(odd));
  CHECK(back == odd);
  CHECK(write_json(odd).find(R"([{"real": "inf"}, 2.0])") != std::string::npos);
}

TEST_CASE("json: NaN survives as {\"real\": \"nan\"}") {
  graph g;
  auto e = g.add_entity({"x", "Item", "X", {}, {}, {}});
  g.set_attribute(e, "nan", std::numeric_limits<double>::quiet_NaN());
  auto text = write_json(g);
  CHECK(text.find(R"("nan": {"real": "nan"})") != std::string::npos);
  auto back = read_json(text);
  CHECK(std::isnan(std::get<double>(*back.entity(0).attributes().find("nan"))));
}

TEST_CASE("json: integral reals written by other tools can be marked {\"real\": 2}") {
  auto g = read_json(R"({"entities": [{"id": "x", "kind": "Item",
                         "attributes": {"a": 2, "b": 2.0, "c": {"real": 2}, "d": {"real": 1.5}}}]})");
  const auto& attrs = g.entity(0).attributes();
  CHECK(std::get<std::int64_t>(*attrs.find("a")) == 2);
  CHECK(std::get<double>(*attrs.find("b")) == 2.0);
  CHECK(std::get<double>(*attrs.find("c")) == 2.0);
  CHECK(std::get<double>(*attrs.find("d")) == 1.5);
}

TEST_CASE("json: citations keep their quotes, spans and order") {
  auto g = entente::testing::small_world();
  auto r = g.add_relation({"USA",
                           "condemns",
                           "PRK",
                           evidence::denied,
                           {date(2024, 6, 19), date(2025)},
                           {{"article-b", "a phrase", entente::text_span{0, 8}},
                            {"article-a", "", entente::text_span{4294967294u, 4294967295u}},
                            {"reference", "", std::nullopt},
                            {"article-b", "a phrase", entente::text_span{0, 8}}},
                           {}});
  auto back = read_json(write_json(g));
  CHECK(back == g);
  auto cites = back.relation(r).citations();
  REQUIRE(cites.size() == 4);
  CHECK(cites[1].span == entente::text_span{4294967294u, 4294967295u});
  CHECK_FALSE(cites[2].span);
  CHECK(back.relation(r).evidence() == evidence::denied);
}

TEST_CASE("json: entity and relation order, aliases and external ids keep their order") {
  graph g;
  g.add_entity({"z", "State", "Zed", {"b", "a", "b"}, {}, {{"wikidata", "Q1"}, {"geonames", "7"}}});
  g.add_entity({"a", "State", "", {}, {}, {}});  // no name: the id stands in
  g.add_relation({"z", "supports", "a", evidence::reported, {}, {}, {}});
  g.add_relation({"a", "supports", "z", evidence::reported, {}, {}, {}});
  g.add_relation({"z", "supports", "a", evidence::alleged, {}, {}, {}});  // parallel
  auto back = read_json(write_json(g));
  CHECK(back == g);
  CHECK(back.entity(0).external_ids()[1].first == "geonames");
}

TEST_CASE("json: an extended schema round-trips and only its changes are written") {
  graph g;
  g.add_kind({"Vessel", "Item"});
  g.add_kind({"Warship", "Vessel"});
  g.add_relation_type({"ships",
                       {"State"},
                       {"Vessel"},
                       false,
                       false,
                       "shipped_by",
                       entente::polarity::cooperation,
                       "072",
                       8.3,
                       2});
  auto supplies = g.schema().relation_type_at(g.schema().relation_type("supplies"));
  g.add_relation_type({"supplies",
                       {"Actor"},
                       {},
                       false,
                       false,
                       "",
                       entente::polarity::cooperation,
                       "07",
                       7.0,
                       2});  // redeclared: replaces the default rules in place
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  g.add_entity({"admiral", "Warship", "Admiral", {}, {}, {}});
  g.add_relation({"RUS", "ships", "admiral", evidence::reported, {}, {}, {}});

  auto text = write_json(g);
  CHECK(text.find(R"({"name": "Warship", "parent": "Vessel"})") != std::string::npos);
  CHECK(text.find(R"("name": "supplies")") != std::string::npos);
  CHECK(text.find(R"("name": "supports")") == std::string::npos);
  auto back = read_json(text);
  CHECK(back == g);
  CHECK(back.schema().relation_type_at(back.schema().relation_type("supplies")).inverse.empty());
  CHECK(supplies.inverse == "supplied_by");
}

TEST_CASE(
    "json: a schema that does not start from geopolitics round-trips with \"base\": \"none\"") {
  entente::schema s;
  s.add_kind({"Node", ""});
  s.add_relation_type({"edge", {}, {}, true, false, "", entente::polarity::structural, "", 0.0, 0});
  graph g(s);
  g.add_entity({"a", "Node", "A", {}, {}, {}});
  g.add_relation({"a", "edge", "a", evidence::confirmed, {}, {}, {}});
  auto text = write_json(g);
  CHECK(text.find(R"("base": "none")") != std::string::npos);
  CHECK(read_json(text) == g);
  CHECK(read_json(write_json(graph(entente::schema()))) == graph(entente::schema()));
}

TEST_CASE("json: lenient graphs round-trip with their violations") {
  graph g(entente::schema::geopolitics(), entente::validation::lenient);
  g.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  g.add_entity({"RUS", "State", "Russia", {}, {}, {}});
  g.add_relation({"PRK", "leads", "RUS", evidence::alleged, {}, {}, {}});  // leads wants a Person
  REQUIRE(g.warnings().size() == 1);
  auto text = write_json(g);

  auto back = read_json(text, {.mode = entente::validation::lenient});
  CHECK(back == g);
  CHECK(back.warnings() == g.warnings());
  CHECK_THROWS_WITH_AS(read_json(text, {.origin = "lenient.kg.json"}),
                       "lenient.kg.json: $.relations[0]: relation PRK -[leads]-> RUS breaks rule "
                       "leads.domain: the source must be Person, not State",
                       entente::schema_error);
}

TEST_CASE("json: kind names match case-insensitively and are written canonically") {
  auto g = read_json(R"({"entities": [{"id": "PRK", "kind": "state"}]})");
  CHECK(g.entity(0).kind_name() == "State");
  CHECK(g.entity(0).name() == "PRK");
  CHECK(write_json(g).find(R"("kind": "State")") != std::string::npos);
}

TEST_CASE("json: optional fields may be null, citations may be bare source ids") {
  auto g = read_json(R"({
    "sources": [{"id": "s", "title": null, "published": null}],
    "entities": [{"id": "a", "kind": "State", "aliases": null}, {"id": "b", "kind": "State"}],
    "relations": [{"from": "a", "type": "supports", "to": "b", "since": null, "sources": ["s"]}]
  })");
  CHECK(g.relation(0).evidence() == evidence::reported);  // the default level
  REQUIRE(g.relation(0).citations().size() == 1);
  CHECK(g.source_at(g.relation(0).citations()[0].source).id == "s");
  CHECK(g.relation(0).valid().is_open());
}

TEST_CASE("json: a byte order mark is skipped") {
  CHECK(read_json("\xEF\xBB\xBF{}") == graph());
  CHECK_THROWS_WITH_AS(read_json("\xEF\xBB\xBF{,}"), doctest::Contains("(line 1, column 2)"),
                       entente::parse_error);
}

TEST_CASE("json: an integer literal beyond 64 bits reads as a real") {
  auto g = read_json(
      R"({"entities": [{"id": "x", "kind": "Item", "attributes": {"n": 99999999999999999999}}]})");
  CHECK(std::get<double>(*g.entity(0).attributes().find("n")) == 1e20);
}

// ---- hostile input -------------------------------------------------------------------------

namespace {

/// A small graph that uses every part of the format, for tests that run it many times.
graph every_feature() {
  graph g;
  g.add_kind({"Vessel", "Item"});
  g.add_source({"s", "Title", "Publisher", date(2024, 6, 19), "https://example.org/a"});
  entente::attributes attrs;
  attrs.set("n", std::int64_t{-3});
  attrs.set("r", 2.0);
  attrs.set("d", date(2023, 9));
  attrs.set("b", true);
  attrs.set("z", std::monostate{});
  g.add_entity({"PRK", "State", "North Korea", {"북한"}, attrs, {{"wikidata", "Q423"}}});
  g.add_entity({"ship", "Vessel", "Ship", {}, {}, {}});
  g.add_relation({"PRK",
                  "seeks",
                  "ship",
                  evidence::alleged,
                  {date(2023), date(2024, 6)},
                  {{"s", "a quote", entente::text_span{3, 10}}},
                  attrs});
  return g;
}

}  // namespace

TEST_CASE("json hostile: the fuzzing seed round-trips") {
  auto g = every_feature();
  CHECK(read_json(write_json(g, -1)) == g);
}

TEST_CASE("json hostile: every truncation of a document fails cleanly") {
  auto text = write_json(every_feature(), -1);
  for (std::size_t n = 0; n < text.size(); ++n) {
    CAPTURE(n);
    CHECK_THROWS_AS((void)read_json(std::string_view(text).substr(0, n)), entente::parse_error);
  }
}

TEST_CASE("json hostile: random byte changes fail cleanly or read") {
  auto text = write_json(every_feature(), -1);
  std::mt19937 rng(20240619);
  const char replacements[] = {'"', '{', '}', '[', ']',  ',',  ':',
                               '0', '-', 'e', 'x', '\\', '\0', '\xff'};
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = text;
    for (int k = 0; k < 1 + i % 3; ++k)
      mutated[rng() % mutated.size()] = replacements[rng() % sizeof(replacements)];
    CAPTURE(mutated);
    try {
      (void)read_json(mutated);
    } catch (const entente::error&) {
    }
  }
}

TEST_CASE("json hostile: a value of the wrong type anywhere is an error, never a crash") {
  auto doc = nlohmann::ordered_json::parse(write_json(every_feature()));
  // Every place a value sits, as JSON pointers.
  std::vector<std::string> pointers;
  const auto flat = doc.flatten();
  for (const auto& [pointer, _] : flat.items()) {
    for (auto p = nlohmann::ordered_json::json_pointer(pointer); !p.empty(); p = p.parent_pointer())
      pointers.push_back(p.to_string());
  }
  std::sort(pointers.begin(), pointers.end());
  pointers.erase(std::unique(pointers.begin(), pointers.end()), pointers.end());
  REQUIRE(pointers.size() > 50);

  const nlohmann::ordered_json wrong[] = {nullptr,
                                          true,
                                          0,
                                          -1,
                                          4294967296,
                                          2.5,
                                          "",
                                          "x",
                                          "2024-13",
                                          nlohmann::ordered_json::array(),
                                          nlohmann::ordered_json::object(),
                                          {1, 2},
                                          {{"date", "2024"}}};
  int errors = 0;
  for (const auto& pointer : pointers) {
    for (const auto& w : wrong) {
      auto changed = doc;
      changed[nlohmann::ordered_json::json_pointer(pointer)] = w;
      CAPTURE(pointer);
      CAPTURE(w.dump());
      try {
        (void)read_json(changed.dump());
      } catch (const entente::io_error&) {
        ++errors;
      } catch (const entente::schema_error&) {
        ++errors;
      }
    }
  }
  CHECK(errors > 500);
}

// ---- files ---------------------------------------------------------------------------------

TEST_CASE("json files: save then load") {
  temp_dir dir;
  auto g = entente::testing::small_world();
  auto file = dir.path / "world.kg.json";
  entente::io::save_json(g, file);
  CHECK(entente::io::load_json(file) == g);
  CHECK(slurp(file) == write_json(g) + "\n");
}

TEST_CASE("json files: errors in a file name the file") {
  temp_dir dir;
  auto file = dir.path / "korea.kg.json";
  spit(file,
       with_relation(R"({"from": "PRK", "type": "supports", "to": "RUS", "evidence": "sure"})"));
  CHECK_THROWS_WITH_AS((void)entente::io::load_json(file),
                       (file.string() + ": $.relations[0].evidence: \"sure\" is not an evidence "
                                        "level (confirmed, reported, alleged, speculated, denied)")
                           .c_str(),
                       entente::io_error);
  CHECK_THROWS_WITH_AS((void)entente::io::load_json(dir.path / "missing.kg.json"),
                       doctest::Contains("missing.kg.json: cannot read: No such file or directory"),
                       entente::io_error);
  CHECK_THROWS_WITH_AS((void)entente::io::load_json(dir.path), doctest::Contains("is a directory"),
                       entente::io_error);
}

TEST_CASE("json files: a file in lenient mode") {
  temp_dir dir;
  auto file = dir.path / "lenient.kg.json";
  spit(file, with_relation(R"({"from": "PRK", "type": "leads", "to": "RUS"})"));
  CHECK_THROWS_AS((void)entente::io::load_json(file), entente::schema_error);
  auto g = entente::io::load_json(file, entente::validation::lenient);
  CHECK(g.warnings().size() == 1);
}

TEST_CASE("json files: saving into a directory that does not exist fails") {
  temp_dir dir;
  auto file = dir.path / "no" / "such" / "world.kg.json";
  CHECK_THROWS_WITH_AS(entente::io::save_json(graph(), file), doctest::Contains("cannot save"),
                       entente::io_error);
  CHECK_FALSE(fs::exists(file));
}

TEST_CASE("json files: saving over a file replaces it and leaves no temporary file") {
  temp_dir dir;
  auto file = dir.path / "world.kg.json";
  spit(file, "old content");
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
  auto g = entente::testing::small_world();
  entente::io::save_json(g, file);
  CHECK(entente::io::load_json(file) == g);
  CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("json files: a failed save leaves the old file intact") {
  temp_dir dir;
  auto file = dir.path / "world.kg.json";
  spit(file, "old content");
  graph g;
  g.add_entity({"x", "Item", "bad \xff name", {}, {}, {}});  // cannot be written
  CHECK_THROWS_WITH_AS(entente::io::save_json(g, file),
                       doctest::Contains("world.kg.json: $.entities[0].name"), entente::io_error);
  CHECK(slurp(file) == "old content");

  // A target that is a folder is refused before anything is written.
  auto target = dir.path / "taken";
  fs::create_directory(target);
  spit(target / "inside", "keep");
  CHECK_THROWS_WITH_AS(entente::io::save_json(graph(), target),
                       (target.string() + ": cannot save: it is a folder").c_str(),
                       entente::io_error);
  CHECK(slurp(target / "inside") == "keep");
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 2);
}

// ---- schema extensions from JSON -----------------------------------------------------------

TEST_CASE("json schema: extend_schema adds kinds and relation types") {
  auto s = entente::schema::geopolitics();
  entente::io::extend_schema(s, R"({
    "kinds": [{"name": "Vessel", "parent": "item"}],
    "relation_types": [{"name": "ships", "domain": ["State"], "range": ["Vessel"],
                        "polarity": "cooperation", "cameo": "072", "weight": 8,
                        "quad_class": 2, "inverse": "shipped_by"}]
  })");
  auto ships = s.relation_type_at(s.relation_type("ships"));
  CHECK(ships.cameo == "072");
  CHECK(ships.weight == 8.0);
  CHECK(ships.polarity == entente::polarity::cooperation);
  CHECK(s.is_a(s.kind("Vessel"), s.kind("Item")));
  CHECK(s.kind_at(*s.kind_at(s.kind("Vessel")).parent).name == "Item");
}

TEST_CASE("json schema: a bad extension names its origin and leaves the schema unchanged") {
  auto s = entente::schema::geopolitics();
  CHECK_THROWS_WITH_AS(
      entente::io::extend_schema(
          s,
          R"({"kinds": [{"name": "Vessel"}], "relation_types": [{"name": "x", "range": ["Vesel"]}]})",
          "ships.json"),
      "ships.json: $.relation_types[0].range[0]: unknown kind \"Vesel\"; did you "
      "mean \"Vessel\"?",
      entente::io_error);
  CHECK(s == entente::schema::geopolitics());
  CHECK_THROWS_WITH_AS(entente::io::extend_schema(s, R"({"base": "none"})"),
                       "<schema>: $.base: only a graph's \"schema\" field can choose a base schema",
                       entente::io_error);
  CHECK_THROWS_AS(entente::io::extend_schema(s, "{"), entente::parse_error);
}

// ---- fixtures -------------------------------------------------------------------------------

TEST_CASE("json data: the small_world.kg.json fixture is testing::small_world()") {
  // The command-line tests read this file; regenerate it with save_json when small_world changes.
  auto file = fs::path(ENTENTE_TEST_DATA) / "small_world.kg.json";
  CHECK(entente::io::load_json(file) == entente::testing::small_world());
  CHECK(slurp(file) == write_json(entente::testing::small_world()) + "\n");
}

// ---- the bundled knowledge base ------------------------------------------------------------

TEST_CASE("json data: the bundled korea_russia.kg.json loads strictly") {
  auto g = entente::io::load_json(fs::path(ENTENTE_DATA_DIR) / "korea_russia.kg.json");
  CHECK(g.warnings().empty());
  CHECK(g.num_entities() >= 10);
  CHECK(g.num_relations() >= 15);
  for (const char* id : {"PRK", "RUS", "UKR", "USA", "KOR", "kim-jong-un", "vladimir-putin",
                         "sergey-lavrov", "artillery-shells", "european-union"})
    CHECK_MESSAGE(g.find_id(id), id);
  CHECK(g.find("Ким Чен Ын") == g.find_id("kim-jong-un"));
  CHECK(g.find("북한") == g.find_id("PRK"));
  REQUIRE(g.find_source("article-lavrov-pyongyang"));
  REQUIRE(g.find_source("reference"));

  for (entente::relation_index r = 0; r < g.num_relations(); ++r) {
    auto rel = g.relation(r);
    CAPTURE(r);
    CHECK_FALSE(rel.citations().empty());  // every claim is traceable
    for (const auto& c : rel.citations()) {
      std::istringstream words(c.quote);
      CHECK(std::distance(std::istream_iterator<std::string>(words),
                          std::istream_iterator<std::string>()) <= 15);
    }
  }
  CHECK(read_json(write_json(g)) == g);
}

TEST_CASE("json schema: a functional relation type survives a round trip") {
  graph g;
  g.add_relation_type({"based_in",
                       {},
                       {"Place"},
                       false,
                       false,
                       "",
                       entente::polarity::structural,
                       "",
                       0.0,
                       0,
                       true});
  auto back = entente::io::read_json(entente::io::write_json(g));
  CHECK(back.schema().relation_type_at(back.schema().relation_type("based_in")).functional);
  CHECK(back == g);
}

TEST_CASE("json: a large graph saves the same text it writes, and reads back") {
  auto g = entente::testing::many_relations(2000, 20000);
  entente::testing::scratch dir;
  entente::io::save_json(g, dir.path / "large.kg.json");
  auto text = entente::io::write_json(g);
  REQUIRE(text.size() > (std::size_t{1} << 21));  // saved in several blocks
  CHECK(entente::testing::read_file(dir.path / "large.kg.json") == text + "\n");
  CHECK(entente::io::load_json(dir.path / "large.kg.json") == g);
  // One line when asked: the same document without the layout.
  CHECK(nlohmann::json::parse(entente::io::write_json(g, -1)) == nlohmann::json::parse(text));
}

#include <entente/io/tsv.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace entente;

namespace {

const fs::path test_data = ENTENTE_TEST_DATA;

/// A fresh folder holding the given files, removed at the end of the test.
class scratch {
 public:
  scratch(std::initializer_list<std::pair<const char*, std::string>> files = {}) {
    static int counter = 0;
    path_ =
        fs::temp_directory_path() / fmt::format("entente-tsv-test-{}-{}", ::getpid(), counter++);
    fs::remove_all(path_);
    fs::create_directories(path_);
    for (const auto& [name, text] : files) write(name, text);
  }
  scratch(const scratch&) = delete;
  scratch& operator=(const scratch&) = delete;
  ~scratch() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }
  /// The path of file `name` in the folder, as error messages spell it.
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::string three_entities =
    "id\tkind\tname\n"
    "PRK\tstate\tNorth Korea\n"
    "RUS\tState\tRussia\n"
    "kim-jong-un\tperson\tKim Jong-un\n";

/// A folder with PRK, RUS and kim-jong-un as entities and `relations` as relations.tsv.
struct with_relations : scratch {
  explicit with_relations(const std::string& relations)
      : scratch({{"entities.tsv", three_entities}, {"relations.tsv", relations}}) {}
};

/// A folder with `entities` as entities.tsv and no relations.
struct with_entities : scratch {
  explicit with_entities(const std::string& entities)
      : scratch({{"entities.tsv", entities}, {"relations.tsv", "from\ttype\tto\n"}}) {}
};

std::string id_of(const graph& g, entity_index e) { return std::string(g.entity(e).id()); }

}  // namespace

// ---- loading ---------------------------------------------------------------------------------

TEST_CASE("tsv: the benchmark layout loads") {
  auto g = io::load_tsv(test_data / "tsv-bench");
  REQUIRE(g.num_entities() == 100);
  REQUIRE(g.num_relations() == 200);
  auto first = g.entity(0);
  CHECK(first.id() == "E0000001");
  CHECK(first.kind_name() == "Organization");
  CHECK(first.name() == "Lekka Institute");
  // E0000041	supplies	E0000082	reported	2015-12-11
  auto r = g.relation(0);
  CHECK(id_of(g, r.from()) == "E0000041");
  CHECK(r.type_name() == "supplies");
  CHECK(id_of(g, r.to()) == "E0000082");
  CHECK(r.evidence() == evidence::reported);
  CHECK(r.valid() == interval{date(2015, 12, 11), {}});
  CHECK(r.citations().empty());
  CHECK(g.warnings().empty());
  CHECK(g.sources().empty());
}

TEST_CASE("tsv: progress reports the bytes read of each file, and a throw stops the load") {
  const auto folder = test_data / "tsv-bench";
  std::map<std::string, std::vector<std::pair<std::uint64_t, std::uint64_t>>> seen;
  auto g = io::load_tsv(folder, {.buffer_size = 256, .progress = [&](const progress_report& p) {
                                   seen[std::string(p.task)].emplace_back(p.done, p.total);
                                 }});
  CHECK(g.num_relations() == 200);
  REQUIRE(seen.size() == 2);
  for (const char* file : {"entities.tsv", "relations.tsv"}) {
    INFO(file);
    const auto& reports = seen[std::string("reading ") + file];
    const auto size = fs::file_size(folder / file);
    REQUIRE(reports.size() > 3);  // a small buffer: many blocks
    for (std::size_t i = 1; i < reports.size(); ++i)
      CHECK(reports[i].first >= reports[i - 1].first);
    CHECK(reports.back() == std::pair<std::uint64_t, std::uint64_t>{size, size});
  }
  struct stop {};
  int calls = 0;
  CHECK_THROWS_AS(io::load_tsv(folder, {.buffer_size = 256,
                                        .progress =
                                            [&](const progress_report&) {
                                              if (++calls == 5) throw stop{};
                                            }}),
                  stop);
  CHECK(calls == 5);
}

TEST_CASE("tsv: kind names match case-insensitively") {
  auto g = io::load_tsv(test_data / "tsv-small");
  CHECK(g.entity(*g.find_id("PRK")).kind_name() == "State");  // "state"
  CHECK(g.entity(*g.find_id("RUS")).kind_name() == "State");  // "STATE"
  CHECK(g.entity(*g.find_id("european-union")).kind_name() == "Organization");
}

TEST_CASE("tsv: columns come in any order, with aliases, typed attributes and external ids") {
  auto g = io::load_tsv(test_data / "tsv-small");
  REQUIRE(g.num_entities() == 5);
  auto prk = g.entity(*g.find_id("PRK"));
  CHECK(prk.name() == "North Korea");
  CHECK(prk.aliases() == std::vector<std::string_view>{"DPRK", "조선"});
  const auto& a = prk.attributes();
  REQUIRE(a.size() == 4);
  CHECK(*a.find("population") == value{std::int64_t{26000000}});
  CHECK(*a.find("founded") == value{date(1948, 9, 9)});
  CHECK(*a.find("un_member") == value{true});
  CHECK(*a.find("area_km2") == value{120540.5});
  CHECK(a.find("motto") == nullptr);  // empty field: not set
  CHECK(prk.external_ids() ==
        std::vector<std::pair<std::string, std::string>>{{"wikidata", "Q423"}});
  auto eu = g.entity(*g.find_id("european-union"));
  CHECK(eu.name() == "european-union");  // an empty name is the id
  CHECK(*eu.attributes().find("motto") == value{std::string("In varietate concordia")});
  CHECK(g.entity(*g.find_id("artillery-shells")).aliases().empty());
}

TEST_CASE("tsv: relations carry evidence, valid time, sources, quotes and attributes") {
  auto g = io::load_tsv(test_data / "tsv-small");
  REQUIRE(g.num_relations() == 5);
  auto leads = g.relation(0);
  CHECK(leads.evidence() == evidence::confirmed);  // "Confirmed"
  CHECK(leads.valid() == interval{date(2011, 12), {}});
  CHECK(leads.citations().empty());

  auto supplies = g.relation(2);
  CHECK(supplies.type_name() == "supplies");
  CHECK(supplies.evidence() == evidence::reported);
  CHECK(supplies.valid() == interval{date(2023, 9), date(2024, 6, 19)});
  REQUIRE(supplies.citations().size() == 2);
  CHECK(g.source_at(supplies.citations()[0].source).id == "article-a");
  CHECK(supplies.citations()[0].quote.empty());
  CHECK(g.source_at(supplies.citations()[1].source).id == "korea-herald-2024");
  CHECK(supplies.citations()[1].quote == "shipped by rail");
  CHECK(*supplies.attributes().find("item") == value{std::string("artillery-shells")});
  CHECK(*supplies.attributes().find("quantity") == value{std::int64_t{1000000}});

  CHECK(g.relation(3).evidence() == evidence::reported);  // empty evidence: the default
  CHECK(g.relation(4).evidence() == evidence::denied);
}

TEST_CASE("tsv: sources come from sources.tsv, unknown ones are created bare") {
  auto g = io::load_tsv(test_data / "tsv-small");
  REQUIRE(g.sources().size() == 2);
  CHECK(g.sources()[0] == source_info{"article-a", "North Korea backs Russia", "Example Daily",
                                      date(2024, 7), "https://example.org/a"});
  CHECK(g.sources()[1] == source_info{"korea-herald-2024", "", "", date(), ""});
  auto supports = g.relation(1);
  REQUIRE(supports.citations().size() == 1);
  CHECK(supports.citations()[0].source == 0);
  CHECK(supports.citations()[0].quote == "fully and unconditionally supports");
}

TEST_CASE("tsv: lines split across small reads load the same") {
  auto whole = io::load_tsv(test_data / "tsv-bench");
  CHECK(io::load_tsv(test_data / "tsv-bench", {.buffer_size = 64}) == whole);
  auto small = io::load_tsv(test_data / "tsv-small");
  CHECK(io::load_tsv(test_data / "tsv-small", {.buffer_size = 16}) == small);
}

TEST_CASE("tsv: CRLF line ends, a byte order mark, blank lines and no final newline load") {
  scratch dir{{"entities.tsv",
               "\xEF\xBB\xBFid\tkind\tname\r\nPRK\tstate\tNorth Korea\r\n\r\n"
               "RUS\tstate\tRussia\r\n"},
              {"relations.tsv", "from\ttype\tto\r\n\nPRK\tsupports\tRUS"}};
  auto g = io::load_tsv(dir.path());
  REQUIRE(g.num_entities() == 2);
  CHECK(g.entity(1).name() == "Russia");
  REQUIRE(g.num_relations() == 1);
  CHECK(id_of(g, g.relation(0).to()) == "RUS");
}

TEST_CASE("tsv: a line longer than the buffer grows it") {
  std::string name(5000, 'x');
  scratch dir{{"entities.tsv", "id\tkind\tname\nPRK\tstate\t" + name + "\nRUS\tstate\tRussia\n"},
              {"relations.tsv", "from\ttype\tto\n"}};
  auto g = io::load_tsv(dir.path(), {.buffer_size = 64});
  CHECK(g.entity(0).name() == name);
  CHECK(g.entity(1).name() == "Russia");
}

TEST_CASE("tsv: a schema given in the options is the graph's") {
  auto s = schema::geopolitics();
  s.add_kind({"Militia", "Organization"});
  s.add_relation_type({"recruits", {"Militia"}, {"Person"}});
  scratch dir{{"entities.tsv", "id\tkind\tname\nwagner\tmilitia\tWagner\nkim\tperson\tKim\n"},
              {"relations.tsv", "from\ttype\tto\nwagner\trecruits\tkim\n"}};
  auto g = io::load_tsv(dir.path(), {.schema = s});
  CHECK(g.schema() == s);
  CHECK(g.relation(0).type_name() == "recruits");
}

TEST_CASE("tsv: an open schema keeps an entity without a label through a save and a load") {
  graph g(schema::open());
  g.add_entity({"node-1", "", "", {}, {}, {}});
  g.add_entity({"ada", "Person", "Ada", {}, {}, {}});
  scratch dir;
  io::save_tsv(g, dir.path());
  auto back = io::load_tsv(dir.path(), {.schema = schema::open()});
  CHECK(back == g);
  CHECK(back.entity(0).kind_name().empty());
  // Without an open schema the empty kind is unknown.
  CHECK_THROWS_WITH_AS((void)io::load_tsv(dir.path()), doctest::Contains("unknown kind ''"),
                       parse_error);
}

// ---- schema violations -----------------------------------------------------------------------

TEST_CASE("tsv: strict mode throws for a relation outside its domain, saying where") {
  with_relations dir("from\ttype\tto\nkim-jong-un\tleads\tPRK\nPRK\tleads\tRUS\n");
  CHECK_THROWS_WITH_AS(io::load_tsv(dir.path()),
                       (dir.file("relations.tsv") +
                        ": relation PRK -[leads]-> RUS breaks rule leads.domain: the source must "
                        "be Person, not State (line 3, column 2)")
                           .c_str(),
                       schema_error);
}

TEST_CASE("tsv: lenient mode keeps a relation outside its domain with a warning") {
  with_relations dir("from\ttype\tto\nkim-jong-un\tleads\tPRK\nPRK\tleads\tRUS\n");
  auto g = io::load_tsv(dir.path(), {.mode = validation::lenient});
  CHECK(g.num_relations() == 2);
  CHECK(g.warnings() ==
        std::vector<std::string>{"relation PRK -[leads]-> RUS breaks rule leads.domain: the source "
                                 "must be Person, not State"});
}

// ---- errors: files and headers ---------------------------------------------------------------

TEST_CASE("tsv: a missing file is an io_error naming it") {
  scratch dir{{"entities.tsv", three_entities}};
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      ("cannot open " + dir.file("relations.tsv") + ": No such file or directory").c_str(),
      io_error);
}

TEST_CASE("tsv: an empty file has no header") {
  scratch dir{{"entities.tsv", ""}, {"relations.tsv", "from\ttype\tto\n"}};
  CHECK_THROWS_WITH_AS(io::load_tsv(dir.path()),
                       (dir.file("entities.tsv") + ": no header line naming the columns").c_str(),
                       io_error);
}

TEST_CASE("tsv: a header that is not UTF-8 (a binary file) says so at its first bad byte") {
  scratch dir{{"entities.tsv", "id\tki\xC3\xA9nd\t\xFF\x01\x9C\n\x02"},
              {"relations.tsv", "from\ttype\tto\n"}};
  CHECK_THROWS_WITH_AS(io::load_tsv(dir.path()),
                       (dir.file("entities.tsv") +
                        ": the header is not UTF-8 text (byte 0xFF); a TSV file starts with a line "
                        "naming its columns (line 1, column 10)")
                           .c_str(),
                       parse_error);
}

TEST_CASE("tsv: a missing required column is an io_error naming the file and the column") {
  with_relations dir("from\tto\nPRK\tRUS\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("relations.tsv") + ": missing required column 'type' (the header has from, to)")
          .c_str(),
      io_error);
  with_entities ents("id\tname\nPRK\tNorth Korea\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(ents.path()),
      (ents.file("entities.tsv") + ": missing required column 'kind' (the header has id, name)")
          .c_str(),
      io_error);
}

TEST_CASE("tsv: a column named twice is an io_error") {
  with_relations dir("from\ttype\tto\tto\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("relations.tsv") + ": column 'to' appears twice in the header").c_str(), io_error);
}

TEST_CASE("tsv: an unknown column type is an io_error") {
  with_entities dir("id\tkind\tname\tpopulation:float64\n");
  CHECK_THROWS_WITH_AS(io::load_tsv(dir.path()),
                       (dir.file("entities.tsv") +
                        ": unknown type 'float64' in column 'population:float64'; expected "
                        "string, int, real, bool, date or external, or TYPE[] for a list "
                        "(int[])")
                           .c_str(),
                       io_error);
}

TEST_CASE("tsv: external ids belong to entities only") {
  with_relations dir("from\ttype\tto\twikidata:external\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("relations.tsv") + ": column 'wikidata:external': only entities have external ids")
          .c_str(),
      io_error);
}

TEST_CASE("tsv: an unknown column in sources.tsv is an io_error") {
  with_relations dir("from\ttype\tto\n");
  dir.write("sources.tsv", "id\ttitle\tauthor\n");
  CHECK_THROWS_WITH_AS(io::load_tsv(dir.path()),
                       (dir.file("sources.tsv") +
                        ": unknown column 'author'; expected id, title, publisher, published or "
                        "url")
                           .c_str(),
                       io_error);
}

// ---- errors: rows ----------------------------------------------------------------------------

TEST_CASE("tsv: an unknown kind names the closest kinds") {
  with_entities dir("id\tkind\tname\nPRK\tstate\tNorth Korea\nRUS\tstat\tRussia\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("entities.tsv") + ": unknown kind 'stat' in column 'kind'; did you mean \"State\"? "
                                  "(line 3, column 2)")
          .c_str(),
      parse_error);
}

TEST_CASE("tsv: an unknown relation type names the closest types") {
  with_relations dir("from\ttype\tto\nPRK\tsuports\tRUS\n");
  CHECK_THROWS_WITH_AS(io::load_tsv(dir.path()),
                       (dir.file("relations.tsv") +
                        ": unknown relation type 'suports' in column 'type'; did you mean "
                        "\"supports\"? (line 2, column 2)")
                           .c_str(),
                       parse_error);
}

TEST_CASE("tsv: a relation naming an unknown entity names the closest ids") {
  with_relations dir("type\tfrom\tto\nsupports\tPRK\tRUS\nsupports\tPRK\tRUSS\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("relations.tsv") + ": unknown entity 'RUSS' in column 'to'; did you mean \"RUS\"? "
                                   "(line 3, column 3)")
          .c_str(),
      parse_error);
}

TEST_CASE("tsv: bad evidence lists the levels") {
  with_relations dir("from\ttype\tto\tevidence\nPRK\tsupports\tRUS\tsure\n");
  CHECK_THROWS_WITH_AS(io::load_tsv(dir.path()),
                       (dir.file("relations.tsv") +
                        ": bad evidence 'sure' in column 'evidence'; expected confirmed, "
                        "reported, alleged, speculated or denied (line 2, column 4)")
                           .c_str(),
                       parse_error);
}

TEST_CASE("tsv: a bad date says which forms are dates") {
  with_relations dir("from\ttype\tto\tsince\nPRK\tsupports\tRUS\t2024-13\n");
  CHECK_THROWS_WITH_AS(io::load_tsv(dir.path()),
                       (dir.file("relations.tsv") +
                        ": bad date '2024-13' in column 'since'; expected YYYY, YYYY-MM or "
                        "YYYY-MM-DD (line 2, column 4)")
                           .c_str(),
                       parse_error);
}

TEST_CASE("tsv: an interval that ends before it begins is an error") {
  with_relations dir("from\ttype\tto\tsince\tuntil\nPRK\tsupports\tRUS\t2024\t2023-12\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("relations.tsv") + ": 'until' 2023-12 is before 'since' 2024 (line 2, column 5)")
          .c_str(),
      parse_error);
}

TEST_CASE("tsv: a row with too few fields names the first missing column") {
  with_relations dir("from\ttype\tto\tevidence\nPRK\tsupports\tRUS\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("relations.tsv") + ": the row has 3 fields but the header has 4 (none for column "
                                   "'evidence') (line 2, column 4)")
          .c_str(),
      parse_error);
}

TEST_CASE("tsv: a row with too many fields points past the last column") {
  with_entities dir("id\tkind\tname\nPRK\tstate\tNorth Korea\tDPRK\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("entities.tsv") + ": the row has 4 fields but the header has 3 (line 2, column 4)")
          .c_str(),
      parse_error);
}

TEST_CASE("tsv: a repeated entity id is an error") {
  with_entities dir("id\tkind\tname\nPRK\tstate\tNorth Korea\nPRK\tstate\tDPRK\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("entities.tsv") + ": duplicate entity id 'PRK' in column 'id' (line 3, column 1)")
          .c_str(),
      parse_error);
}

TEST_CASE("tsv: an empty entity id is an error") {
  with_entities dir("kind\tname\tid\nstate\tNorth Korea\t\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("entities.tsv") + ": empty entity id in column 'id' (line 2, column 3)").c_str(),
      parse_error);
}

TEST_CASE("tsv: a typed attribute that does not parse is an error") {
  with_entities dir("id\tkind\tname\tpopulation:int\nPRK\tstate\tNorth Korea\tlots\n");
  CHECK_THROWS_WITH_AS(
      io::load_tsv(dir.path()),
      (dir.file("entities.tsv") + ": bad int 'lots' in column 'population:int' (line 2, column 4)")
          .c_str(),
      parse_error);
}

TEST_CASE("tsv: more quotes than sources is an error") {
  with_relations dir("from\ttype\tto\tsource\tquote\nPRK\tsupports\tRUS\ta\tyes|no\n");
  CHECK_THROWS_WITH_AS(io::load_tsv(dir.path()),
                       (dir.file("relations.tsv") +
                        ": more quotes than the 1 source(s) in column 'quote' (line 2, column 5)")
                           .c_str(),
                       parse_error);
}

TEST_CASE("tsv: a parse error carries its line and column") {
  with_relations dir("from\ttype\tto\nPRK\tsupports\tRUS\n\nPRK\tsupports\tNOWHERE\n");
  try {
    (void)io::load_tsv(dir.path());
    FAIL("no error");
  } catch (const parse_error& e) {
    CHECK(e.line() == 4);  // blank lines count
    CHECK(e.column() == 3);
  }
}

// ---- saving ----------------------------------------------------------------------------------

TEST_CASE("tsv: the small world survives save and load") {
  auto g = testing::small_world();
  scratch dir;
  io::save_tsv(g, dir.path());
  auto back = io::load_tsv(dir.path());
  CHECK(back == g);
}

TEST_CASE("tsv: typed attributes and external ids survive save and load") {
  auto g = io::load_tsv(test_data / "tsv-small");
  auto rus = *g.find_id("RUS");
  g.set_attribute(rus, "gdp_growth", -2.5);
  g.set_attribute(rus, "ratio", 1.0);
  g.set_attribute(rus, "name", std::string("attribute, not the name column"));
  g.set_attribute(rus, "a:b", std::string("a key with a colon"));
  g.set_relation_attribute(0, "confirmed_on", date(2024, 6, 19));
  scratch dir;
  io::save_tsv(g, dir.path());
  auto back = io::load_tsv(dir.path());
  CHECK(back == g);
  CHECK(*back.entity(rus).attributes().find("ratio") == value{1.0});
}

TEST_CASE("tsv: list attributes survive save and load, strings with any separator included") {
  const auto g = testing::list_world();
  scratch dir;
  io::save_tsv(g, dir.path());
  CHECK(io::load_tsv(dir.path()) == g);
  const auto entities = read(dir.path() / "entities.tsv");
  CHECK(
      entities.starts_with("id\tkind\tname\tdays:date[]\tflags:bool[]\tnothing:string[]\t"
                           "numbers:int[]\tshares:real[]\tsingle:string[]\ttags:string[]\n"));
  CHECK(testing::contains(entities,
                          "\t[2014, 2023-09, 2024-06-19]\t[true, false]\t[]\t"
                          "[1, -2, 9007199254740993]\t[0.5, 1, -2.25]\t[\"one\"]\t"));
  CHECK(testing::contains(entities, R"(["nuclear", "a, b", "bar|pipe", "say \"hi\"", )"
                                    R"("back\\slash", "[x]", "tab\tline\nend", "", "북한"])"));
  const auto relations = read(dir.path() / "relations.tsv");
  CHECK(testing::contains(relations, "batches:string[]\titems:string[]\tquantities:int[]\n"));
}

TEST_CASE("tsv: an empty list joins a list column of its key") {
  graph g;
  g.add_entity({"a", "Item", "A", {}, {}, {}});
  g.add_entity({"b", "Item", "B", {}, {}, {}});
  g.set_attribute(0, "sizes", value_list{1, 2});
  g.set_attribute(1, "sizes", value_list{});
  scratch dir;
  io::save_tsv(g, dir.path());
  CHECK(read(dir.path() / "entities.tsv") ==
        "id\tkind\tname\tsizes:int[]\na\tItem\tA\t[1, 2]\nb\tItem\tB\t[]\n");
  CHECK(io::load_tsv(dir.path()) == g);
}

TEST_CASE("tsv: a list column reads [items], strings as JSON string literals") {
  with_entities dir(
      "id\tkind\tname\ttags:string[]\tnums:int[]\tdays:date[]\tflags:bool[]\n"
      "PRK\tstate\tNorth Korea\t[\"a\", \"b|c\",\"\\u00e9\\ud83d\\ude00\\/\"]\t[1,2 , 3]\t[2014, "
      "2024-06]\t"
      "[true,FALSE]\n"
      "RUS\tstate\tRussia\t[]\t\t [ ] \t\n");
  auto g = io::load_tsv(dir.path());
  const auto& prk = g.entity(0).attributes();
  CHECK(*prk.find("tags") == value{value_list{"a", "b|c", "é😀/"}});
  CHECK(*prk.find("nums") == value{value_list{1, 2, 3}});
  CHECK(*prk.find("days") == value{value_list{date(2014), date(2024, 6)}});
  CHECK(*prk.find("flags") == value{value_list{true, false}});
  const auto& rus = g.entity(1).attributes();
  CHECK(*rus.find("tags") == value{value_list{}});
  CHECK(rus.find("nums") == nullptr);  // an empty field is no value, as in every column
  CHECK(*rus.find("days") == value{value_list{}});
}

TEST_CASE("tsv: a list that does not parse is an error saying where") {
  auto error_of = [](const std::string& column, const std::string& field) {
    with_entities dir("id\tkind\tname\t" + column + "\nPRK\tstate\tNorth Korea\t" + field + "\n");
    try {
      (void)io::load_tsv(dir.path());
    } catch (const parse_error& e) {
      std::string what = e.what();
      return what.substr(what.find("entities.tsv: ") + 14);
    }
    return std::string("no error");
  };
  CHECK(error_of("nums:int[]", "[1, x]") ==
        "bad int list '[1, x]' in column 'nums:int[]': bad int 'x' at character 5 (line 2, "
        "column 4)");
  CHECK(error_of("nums:int[]", "1, 2") ==
        "bad int list '1, 2' in column 'nums:int[]': a list starts with '[' (line 2, column 4)");
  CHECK(error_of("nums:int[]", "[1, 2") ==
        "bad int list '[1, 2' in column 'nums:int[]': expected ',' or ']' at character 6 (line 2, "
        "column 4)");
  CHECK(error_of("nums:int[]", "[1,]") ==
        "bad int list '[1,]' in column 'nums:int[]': bad int '' at character 4 (line 2, column 4)");
  CHECK(error_of("nums:int[]", "[1] 2") ==
        "bad int list '[1] 2' in column 'nums:int[]': text after the list at character 5 (line "
        "2, column 4)");
  CHECK(error_of("tags:string[]", R"(["a", b])") ==
        "bad string list '[\"a\", b]' in column 'tags:string[]': expected a quoted string at "
        "character 7 (line 2, column 4)");
  CHECK(error_of("tags:string[]", R"(["a\q"])") ==
        "bad string list '[\"a\\q\"]' in column 'tags:string[]': bad escape '\\q' at character 4 "
        "(line 2, column 4)");
  CHECK(error_of("tags:string[]", R"(["a)") ==
        "bad string list '[\"a' in column 'tags:string[]': a string item has no closing '\"' (line "
        "2, column 4)");
  CHECK(error_of("tags:string[]", R"(["\ud800"])") ==
        "bad string list '[\"\\ud800\"]' in column 'tags:string[]': unpaired surrogate at "
        "character 3 (line 2, column 4)");
  CHECK(error_of("days:date[]", "[2024-13]") ==
        "bad date list '[2024-13]' in column 'days:date[]': bad date '2024-13' at character 2 "
        "(line 2, column 4)");
  with_entities external("id\tkind\tname\twikidata:external[]\nPRK\tstate\tNorth Korea\tQ1\n");
  CHECK_THROWS_WITH_AS(io::load_tsv(external.path()),
                       (external.file("entities.tsv") +
                        ": column 'wikidata:external[]': an external id is not a list")
                           .c_str(),
                       io_error);
}

TEST_CASE("tsv: a saved benchmark graph writes the benchmark's relations.tsv byte for byte") {
  auto g = io::load_tsv(test_data / "tsv-bench");
  scratch dir;
  io::save_tsv(g, dir.path());
  CHECK(read(dir.path() / "relations.tsv") == read(test_data / "tsv-bench" / "relations.tsv"));
  CHECK(read(dir.path() / "entities.tsv").starts_with("id\tkind\tname\nE0000001\tOrganization\t"));
  CHECK(io::load_tsv(dir.path()) == g);
}

TEST_CASE("tsv: save creates the folder and leaves only the three files") {
  auto g = testing::small_world();
  scratch dir;
  io::save_tsv(g, dir.path() / "out" / "kg");
  std::vector<std::string> names;
  for (const auto& f : fs::directory_iterator(dir.path() / "out" / "kg"))
    names.push_back(f.path().filename().string());
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"entities.tsv", "relations.tsv", "sources.tsv"});
}

TEST_CASE("tsv: save refuses a tab or a line break in a field") {
  graph g;
  g.add_entity({"PRK", "State", "North\tKorea", {}, {}, {}});
  scratch dir;
  CHECK_THROWS_WITH_AS(
      io::save_tsv(g, dir.path()),
      ("cannot write " + dir.file("entities.tsv") + ": column 'name' of entity 'PRK' holds a tab")
          .c_str(),
      io_error);
  graph h;
  auto e = h.add_entity({"PRK", "State", "North Korea", {}, {}, {}});
  h.set_attribute(e, "motto", std::string("one\ntwo"));
  CHECK_THROWS_WITH_AS(io::save_tsv(h, dir.path()),
                       ("cannot write " + dir.file("entities.tsv") +
                        ": attribute 'motto' of entity 'PRK' holds a line break")
                           .c_str(),
                       io_error);
}

TEST_CASE("tsv: save refuses a | in an alias") {
  graph g;
  g.add_entity({"PRK", "State", "North Korea", {"DPRK|North"}, {}, {}});
  scratch dir;
  CHECK_THROWS_WITH_AS(io::save_tsv(g, dir.path()),
                       ("cannot write " + dir.file("entities.tsv") +
                        ": column 'aliases' of entity 'PRK' holds '|', which separates list items")
                           .c_str(),
                       io_error);
}

TEST_CASE("tsv: a failed save leaves the old file and no temporary behind") {
  auto g = testing::small_world();
  scratch dir;
  io::save_tsv(g, dir.path());
  auto before = read(dir.path() / "entities.tsv");
  g.set_name(0, "North\nKorea");
  CHECK_THROWS_AS(io::save_tsv(g, dir.path()), io_error);
  CHECK(read(dir.path() / "entities.tsv") == before);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& f : fs::directory_iterator(dir.path())) ++files;
  CHECK(files == 3);
}

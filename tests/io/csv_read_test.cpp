// The CSV import (io/csv.hpp, load_csv): the tokenizer's edge cases, each layout from small
// folders written here, entente's own export read back, and every error with its place.

#include <entente/io/csv.hpp>
#include <entente/io/json.hpp>
#include <entente/io/load.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

using namespace entente;
namespace fs = std::filesystem;

namespace {

/// A folder holding `files` (name, bytes), removed at the end of the test.
struct csv_folder {
  csv_folder(std::initializer_list<std::pair<std::string, std::string>> files) {
    for (const auto& [name, text] : files) write(name, text);
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream out(dir.path / name, std::ios::binary | std::ios::trunc);
    out << text;
  }
  [[nodiscard]] graph load(const io::csv_read_options& opts = {}) const {
    return io::load_csv(dir.path, opts);
  }
  [[nodiscard]] std::string file(const std::string& name) const {
    return (dir.path / name).string();
  }
  testing::scratch dir;
};

/// Where a parse error says it is, and what it says.
struct place {
  std::string message;
  std::size_t line = 0;
  std::size_t column = 0;
};

place error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const parse_error& e) {
    return {e.what(), e.line(), e.column()};
  } catch (const error& e) {
    return {std::string("not a parse_error: ") + e.what(), 0, 0};
  }
  return {"no error", 0, 0};
}

const value* attribute(const graph& g, std::string_view id, std::string_view key) {
  return g.entity(g.at(id)).attributes().find(key);
}

/// A Neo4j folder of one node file with the given rows after its header.
csv_folder people(const std::string& rows) {
  return {{"people.csv", ":ID,name,:LABEL,age:int\n" + rows}};
}

/// What entente's CSV export carries of `g`: all but citation spans, empty lists and empty
/// strings, with partial date attributes as their text. (The test graphs hold no key whose values
/// mix types, and no list `[""]`.)
graph what_csv_keeps(const graph& g) {
  auto keep = [](const attributes& attrs) {
    attributes out;
    for (const auto& [key, v] : attrs) {
      if (const auto* items = std::get_if<value_list>(&v)) {
        if (items->empty()) continue;
        // One partial date makes the column text: every date of the list is then its text.
        const bool partial = std::any_of(items->begin(), items->end(), [](const scalar& item) {
          const auto* d = std::get_if<date>(&item);
          return d && d->day() == 0;
        });
        value_list kept;
        for (const auto& item : *items) {
          const auto* d = std::get_if<date>(&item);
          kept.push_back(d && partial ? scalar(d->to_string()) : item);
        }
        out.set(key, value(std::move(kept)));
      } else if (const auto* d = std::get_if<date>(&v); d && d->day() == 0) {
        out.set(key, value(d->to_string()));
      } else if (const auto* s = std::get_if<std::string>(&v); !(s && s->empty())) {
        out.set(key, v);
      }
    }
    return out;
  };
  graph out(g.schema(), g.validation_mode());
  for (const auto& s : g.sources()) out.add_source(s);
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto x = g.entity(e);
    const auto views = x.aliases();
    out.add_entity({std::string(x.id()), std::string(x.kind_name()), std::string(x.name()),
                    std::vector<std::string>(views.begin(), views.end()), keep(x.attributes()),
                    x.external_ids()});
  }
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    auto n = out.add_relation(g.from(r), g.type(r), g.to(r), g.evidence(r), g.valid(r));
    for (const auto& c : g.citations(r)) out.add_citation(n, citation{c.source, c.quote, {}});
    for (const auto& [key, v] : keep(g.relation_attributes(r)))
      out.set_relation_attribute(n, key, v);
  }
  return out;
}

}  // namespace

// ---- the tokenizer ---------------------------------------------------------------------------

TEST_CASE("csv read: quoted fields hold delimiters, doubled quotes and line breaks") {
  auto dir = people(
      "a,\"Kim, \"\"the leader\"\"\",Person,40\n"
      "b,\"two\nlines\r\nhere\",Person,\n");
  auto g = dir.load();
  CHECK(g.entity(g.at("a")).name() == "Kim, \"the leader\"");
  CHECK(g.entity(g.at("b")).name() == "two\nlines\r\nhere");
  CHECK(*attribute(g, "a", "age") == value(std::int64_t{40}));
  CHECK(attribute(g, "b", "age") == nullptr);
}

TEST_CASE("csv read: CR LF, a lone CR and a last line without a line end all end records") {
  auto dir = people("a,A,Person,1\r\nb,B,Person,2\rc,C,Person,3");
  auto g = dir.load();
  REQUIRE(g.num_entities() == 3);
  CHECK(g.entity(2).name() == "C");
  CHECK(*attribute(g, "c", "age") == value(std::int64_t{3}));
}

TEST_CASE("csv read: a byte order mark is skipped and blank lines are no records") {
  csv_folder dir{{"people.csv", "\xEF\xBB\xBF:ID,name\n\na,A\n\n\nb,B\n"}};
  auto g = dir.load();
  REQUIRE(g.num_entities() == 2);
  CHECK(g.entity(0).id() == "a");
}

TEST_CASE("csv read: the delimiter is configurable") {
  csv_folder dir{{"people.csv", ":ID;name;tags:string[]\na;\"A; or so\";x|y\n"}};
  auto g = dir.load({.delimiter = ';'});
  CHECK(g.entity(0).name() == "A; or so");
  CHECK(*attribute(g, "a", "tags") == value(value_list{"x", "y"}));
  csv_folder tabs{{"people.csv", ":ID\tname\ttags:string[]\na\tA, B\tx;y\n"}};
  auto h = tabs.load({.delimiter = '\t', .array_delimiter = ';'});
  CHECK(h.entity(0).name() == "A, B");
  CHECK(*attribute(h, "a", "tags") == value(value_list{"x", "y"}));
  CHECK_THROWS_AS(tabs.load({.delimiter = '"'}), error);
  CHECK_THROWS_AS(tabs.load({.delimiter = ';', .array_delimiter = ';'}), error);
}

TEST_CASE("csv read: an empty field is no value, a quoted empty field the empty string") {
  csv_folder dir{{"people.csv", ":ID,note,age:int\na,,\nb,\"\",\"\"\n"}};
  auto g = dir.load();
  CHECK(attribute(g, "a", "note") == nullptr);
  CHECK(*attribute(g, "b", "note") == value(std::string()));
  CHECK(attribute(g, "b", "age") == nullptr);
}

TEST_CASE("csv read: a quote inside an unquoted field is an error at its line and field") {
  auto dir = people("a,A,Person,1\nb,say \"hi\",Person,2\n");
  auto e = error_of([&] { (void)dir.load(); });
  CHECK(e.message.starts_with(dir.file("people.csv") + ": a quote inside an unquoted field"));
  CHECK(e.line == 3);
  CHECK(e.column == 2);
}

TEST_CASE("csv read: text after a closing quote is an error at its field") {
  auto dir = people("a,\"A\"x,Person,1\n");
  auto e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "'x' after the closing quote of a quoted field"));
  CHECK(e.line == 2);
  CHECK(e.column == 2);
}

TEST_CASE("csv read: a quote never closed is an error at the line where the field starts") {
  auto dir = people("a,A,Person,1\nb,\"B\nc,C,Person,3\n");
  auto e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "a quoted field is never closed"));
  CHECK(e.line == 3);
  CHECK(e.column == 2);
}

TEST_CASE("csv read: a row with too few or too many fields is an error naming the column") {
  auto few = people("a,A,Person\n");
  auto e = error_of([&] { (void)few.load(); });
  CHECK(testing::contains(e.message,
                          "the row has 3 fields but the header has 4 (none for column "
                          "'age:int')"));
  CHECK(e.line == 2);
  CHECK(e.column == 4);
  auto many = people("a,A,Person,1,2\n");
  e = error_of([&] { (void)many.load(); });
  CHECK(testing::contains(e.message, "the row has 5 fields but the header has 4"));
  CHECK(e.column == 5);
}

TEST_CASE("csv read: a field's line counts the line breaks inside quotes before it") {
  auto dir = people("a,\"one\ntwo\nthree\",Person,x\n");
  auto e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "bad int 'x' in column 'age:int'; expected an integer"));
  CHECK(e.line == 4);
  CHECK(e.column == 4);
}

TEST_CASE("csv read: progress is told by bytes, ending with done == total") {
  auto dir = people("a,A,Person,1\n");
  std::vector<progress_report> seen;
  std::vector<std::string> tasks;
  (void)dir.load({.progress = [&](const progress_report& p) {
    seen.push_back(p);
    tasks.emplace_back(p.task);
  }});
  REQUIRE(!seen.empty());
  CHECK(tasks.back() == "reading people.csv");
  CHECK(seen.back().done == seen.back().total);
  CHECK(seen.back().total == fs::file_size(dir.dir.path / "people.csv"));
}

// ---- Neo4j admin import ----------------------------------------------------------------------

TEST_CASE("csv read: Neo4j node and relationship files with typed columns") {
  csv_folder dir{
      {"people.csv",
       "personId:ID,name,:LABEL,born:date,height:double,alive:boolean,initial:char,"
       "rank:byte,nick:string[],scores:long[],skip:IGNORE,when:datetime{timezone:UTC}\n"
       "p1,Ann,Person,1990-01-02,1.75,true,A,-3,an|annie,1|2,zzz,2024-01-01T10:00Z\n"
       "p2,Bob,Person;Admin,,,FALSE,,,,,,\n"},
      {"knows.csv", ":START_ID,:END_ID,:TYPE,since:int\np1,p2,KNOWS,2001\np2,p1,LIKES,\n"}};
  auto g = dir.load({.array_delimiter = '|'});
  REQUIRE(g.num_entities() == 2);
  CHECK(g.schema().is_open());
  auto ann = g.entity(g.at("p1"));
  CHECK(ann.name() == "Ann");
  CHECK(ann.kind_name() == "Person");
  CHECK(*attribute(g, "p1", "personId") == value(std::string("p1")));
  CHECK(*attribute(g, "p1", "born") == value(date(1990, 1, 2)));
  CHECK(*attribute(g, "p1", "height") == value(1.75));
  CHECK(*attribute(g, "p1", "alive") == value(true));
  CHECK(*attribute(g, "p1", "initial") == value(std::string("A")));
  CHECK(*attribute(g, "p1", "rank") == value(std::int64_t{-3}));
  CHECK(*attribute(g, "p1", "nick") == value(value_list{"an", "annie"}));
  CHECK(*attribute(g, "p1", "scores") == value(value_list{std::int64_t{1}, std::int64_t{2}}));
  CHECK(*attribute(g, "p1", "when") == value(std::string("2024-01-01T10:00Z")));
  CHECK(attribute(g, "p1", "skip") == nullptr);
  CHECK(*attribute(g, "p2", "alive") == value(false));
  // `;` is no array delimiter here: one label.
  CHECK(g.entity(g.at("p2")).kind_name() == "Person;Admin");
  REQUIRE(g.num_relations() == 2);
  CHECK(g.schema().relation_type_at(g.type(0)).name == "KNOWS");
  CHECK(g.relation_attributes(0).find("since") != nullptr);
  CHECK(g.evidence(0) == evidence::reported);
  CHECK(g.relation_attributes(1).empty());
}

TEST_CASE("csv read: Neo4j labels: the kind is the first that is no ancestor of another") {
  csv_folder dir{{"n.csv", ":ID,:LABEL\nk,Actor|Person\nu,State|Actor\n"}};
  auto g = dir.load({.schema = schema::geopolitics()});
  CHECK(g.entity(g.at("k")).kind_name() == "Person");
  CHECK(g.entity(g.at("u")).kind_name() == "State");
  CHECK(attribute(g, "k", "labels") == nullptr);  // Actor is Person's ancestor: nothing extra
  csv_folder unknown{{"n.csv", ":ID,:LABEL\nk,Persn\n"}};
  auto e = error_of([&] { (void)unknown.load({.schema = schema::geopolitics()}); });
  CHECK(testing::contains(e.message, "unknown label 'Persn'; did you mean \"Person\"?"));
  CHECK(e.line == 2);
  CHECK(e.column == 2);
}

TEST_CASE("csv read: Neo4j labels under an open schema: the first is the kind, all are kept") {
  csv_folder dir{{"n.csv", ":ID,:LABEL\na,Person|Employee\nb,\nc,Person\n"}};
  auto g = dir.load();
  CHECK(g.entity(g.at("a")).kind_name() == "Person");
  CHECK(*attribute(g, "a", "labels") == value(value_list{"Person", "Employee"}));
  CHECK(g.entity(g.at("b")).kind_name() == "");  // no label
  CHECK(attribute(g, "c", "labels") == nullptr);
}

TEST_CASE("csv read: Neo4j files without :LABEL or :TYPE take their file's name") {
  csv_folder dir{{"City.csv", "code:ID,name,pop:long\nSEL,Seoul,9000000\nPUS,Busan,\n"},
                 {"ROAD.csv", ":START_ID,:END_ID,km:float\nSEL,PUS,325.5\n"}};
  auto g = dir.load();
  CHECK(g.entity(g.at("SEL")).kind_name() == "City");
  CHECK(g.entity(g.at("SEL")).name() == "Seoul");
  CHECK(*attribute(g, "SEL", "code") == value(std::string("SEL")));
  CHECK(g.schema().relation_type_at(g.type(0)).name == "ROAD");
  CHECK(*g.relation_attributes(0).find("km") == value(325.5));
}

TEST_CASE("csv read: Neo4j id groups: with two, ids of a named group are GROUP:ID") {
  csv_folder dir{{"movies.csv", "movieId:ID(Movie),title,:LABEL\n1,Alien,Movie\n"},
                 {"actors.csv", "actorId:ID(Actor),name,:LABEL\n1,Sigourney,Actor\n"},
                 {"roles.csv", ":START_ID(Actor),:END_ID(Movie),:TYPE\n1,1,ACTED_IN\n"}};
  auto g = dir.load();
  REQUIRE(g.num_entities() == 2);
  CHECK(g.entity(g.at("Actor:1")).name() == "Sigourney");
  CHECK(g.entity(g.at("Movie:1")).kind_name() == "Movie");
  CHECK(*attribute(g, "Movie:1", "movieId") == value(std::string("1")));
  REQUIRE(g.num_relations() == 1);
  CHECK(g.entity(g.from(0)).id() == "Actor:1");
  CHECK(g.entity(g.to(0)).id() == "Movie:1");
}

TEST_CASE("csv read: Neo4j header files name the columns of their parts") {
  csv_folder dir{{"movies_header.csv", "movieId:ID,title,year:int\n"},
                 {"movies-part1.csv", "m1,Alien,1979\n"},
                 {"movies-part2.csv", "m2,Aliens,1986\n"},
                 {"sequel-header.csv", ":START_ID,:END_ID\n"},
                 {"sequel.csv", "m1,m2\n"}};
  auto g = dir.load();
  REQUIRE(g.num_entities() == 2);
  CHECK(g.entity(g.at("m2")).kind_name() == "movies");
  CHECK(*attribute(g, "m2", "year") == value(std::int64_t{1986}));
  REQUIRE(g.num_relations() == 1);
  CHECK(g.schema().relation_type_at(g.type(0)).name == "sequel");
}

TEST_CASE("csv read: an unknown column type names the file, the column and the known types") {
  csv_folder dir{{"people.csv", ":ID,name,age:integr\na,A,1\n"}};
  auto e = error_of([&] { (void)dir.load(); });
  CHECK(e.message.starts_with(dir.file("people.csv") +
                              ": unknown type 'integr' in column 'age:integr'; the types are int, "
                              "long, float, double, boolean,"));
  CHECK(testing::contains(e.message, "did you mean \"int\""));
  CHECK(e.line == 1);
  CHECK(e.column == 3);
}

TEST_CASE("csv read: integers are checked against their width, and values against their type") {
  auto e = error_of([&] { (void)csv_folder{{"n.csv", ":ID,small:byte\na,200\n"}}.load(); });
  CHECK(testing::contains(e.message, "bad byte '200' in column 'small:byte'; expected an integer"));
  CHECK(e.column == 2);
  e = error_of([&] { (void)csv_folder{{"n.csv", ":ID,b:boolean\na,yes\n"}}.load(); });
  CHECK(testing::contains(e.message,
                          "bad boolean 'yes' in column 'b:boolean'; expected true or "
                          "false"));
  e = error_of([&] { (void)csv_folder{{"n.csv", ":ID,xs:int[]\na,1|x\n"}}.load(); });
  CHECK(testing::contains(e.message, "bad item 2 'x' of int[] '1|x' in column 'xs:int[]'"));
  e = error_of([&] { (void)csv_folder{{"n.csv", ":ID,d:date\na,2024-02-30\n"}}.load(); });
  CHECK(testing::contains(e.message, "bad date '2024-02-30'"));
}

TEST_CASE("csv read: Neo4j structure errors say which file and column") {
  auto e = error_of([&] { (void)csv_folder{{"n.csv", ":ID,:ID\na,b\n"}}.load(); });
  CHECK(testing::contains(e.message, "a second :ID column"));
  CHECK(e.column == 2);
  e = error_of([&] { (void)csv_folder{{"n.csv", ":ID\na\na\n"}}.load(); });
  CHECK(testing::contains(e.message, "duplicate id 'a' in column ':ID'"));
  CHECK(e.line == 3);
  e = error_of([&] {
    (void)csv_folder{{"n.csv", ":ID\na\n"}, {"r.csv", ":START_ID,:END_ID,:TYPE\na,b,X\n"}}.load();
  });
  CHECK(testing::contains(e.message, "r.csv: unknown node 'b' in column ':END_ID'"));
  CHECK(e.column == 2);
  e = error_of([&] {
    (void)csv_folder{{"n.csv", ":ID\na\n"}, {"r.csv", ":START_ID,:END_ID,:TYPE\na,a,\n"}}.load();
  });
  CHECK(testing::contains(e.message, "empty relationship type in column ':TYPE'"));
  CHECK_THROWS_WITH_AS(
      (void)csv_folder({{"n.csv", ":ID\na\n"}, {"other.csv", "x,y\n1,2\n"}}).load(),
      doctest::Contains("other.csv: neither a node file"), io_error);
}

// ---- entente's own export --------------------------------------------------------------------

TEST_CASE("csv read: the bundled knowledge base reads back whole") {
  auto g = io::load_json(io::bundled_graph_path());
  REQUIRE(!g.entity(g.at("PRK")).external_ids().empty());
  REQUIRE(!g.sources()[0].title.empty());
  testing::scratch dir;
  io::save_csv(g, dir.path / "kb.csv");
  auto back = io::load_csv(dir.path / "kb.csv");
  CHECK(back == g);
  CHECK(back.schema() == schema::geopolitics());
}

TEST_CASE("csv read: sources come back whole, in order, cited or not") {
  auto g = io::load_json(fs::path(ENTENTE_TEST_DATA) / "small_world.kg.json");
  g.add_source({"uncited", "Never cited", "Nobody", date(2025, 2), "https://example.org/?a=1,2"});
  g.add_source({"plain", {}, {}, {}, {}});
  testing::scratch dir;
  io::save_csv(g, dir.path);
  auto back = io::load_csv(dir.path);
  CHECK(back.sources() == g.sources());
  CHECK(back.sources()[0].published == date(2024, 7));  // a partial date stays partial
  CHECK(back == g);
}

TEST_CASE("csv read: an export without sources.csv or external ids still reads") {
  // As entente wrote CSV before sources.csv: a cited id becomes a source with only its id, in
  // the order relations first cite them; `attribute_external_ids` was a key, not a prefix.
  csv_folder dir{
      {"entities.csv",
       "id:ID,name,kind,:LABEL,aliases:string[],attribute_external_ids:string,"
       "attribute_kind:string\n"
       "PRK,North Korea,State,State|Actor,DPRK,x=1,hermit\nRUS,Russia,State,State|Actor,,,\n"},
      {"relations.csv",
       ":START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],quotes:string[]\n"
       "PRK,RUS,supports,,,,b|a,q|\nRUS,PRK,supports,,,,a,\n"}};
  auto g = dir.load();
  REQUIRE(g.sources().size() == 2);
  CHECK(g.sources()[0] == source_info{"b", {}, {}, {}, {}});
  CHECK(g.sources()[1].id == "a");
  CHECK(g.citations(0)[0].quote == "q");
  CHECK(g.entity(g.at("PRK")).external_ids().empty());
  CHECK(*attribute(g, "PRK", "attribute_external_ids") == value(std::string("x=1")));
  CHECK(*attribute(g, "PRK", "kind") == value(std::string("hermit")));
}

TEST_CASE("csv read: external ids come back in order, beside an attribute of the same name") {
  auto g = testing::tiny_world();
  const auto prk = g.at("PRK");
  g.set_external_ids(prk, {{"wikidata", "Q423"}, {"url", "https://example.org/?q=a=b"}, {"", ""}});
  g.set_attribute(prk, "external_ids", value_list{"mine"});
  g.set_attribute(prk, "attribute_external_ids", std::string("also mine"));
  testing::scratch dir;
  io::save_csv(g, dir.path);
  auto back = io::load_csv(dir.path);
  CHECK(back == g);
  CHECK(back.entity(back.at("PRK")).external_ids() == g.entity(prk).external_ids());
  CHECK(back.entity(back.at("RUS")).external_ids().empty());
  CHECK(*attribute(back, "PRK", "external_ids") == value(value_list{"mine"}));
}

TEST_CASE("csv read: sources.csv and external id errors name the file, line and column") {
  auto g = testing::tiny_world();
  g.add_source({"article-b", "B", "", date(), ""});
  testing::scratch dir;
  const auto reread = [&](const std::string& file, const std::string& text) {
    io::save_csv(g, dir.path);
    std::ofstream(dir.path / file, std::ios::trunc) << text;
    return error_of([&] { (void)io::load_csv(dir.path); });
  };
  const std::string header = "id:ID(Source),title,publisher,published,url\n";
  auto e = reread("sources.csv", header + "article-a,A,,,\narticle-b,B,,2024-13,\n");
  CHECK(e.message.starts_with((dir.path / "sources.csv").string() + ": bad date '2024-13' in "
                                                                    "column 'published'"));
  CHECK(e.line == 3);
  CHECK(e.column == 4);
  e = reread("sources.csv", header + "article-a,A,,,\n,B,,,\n");
  CHECK(testing::contains(e.message, "empty source id in column 'id'"));
  CHECK(e.line == 3);
  CHECK(e.column == 1);
  e = reread("sources.csv", header + "article-a,A,,,\narticle-a,B,,,\n");
  CHECK(testing::contains(e.message, "duplicate source id 'article-a' in column 'id'"));
  CHECK(e.line == 3);
  e = reread("sources.csv", header + "article-a,A,,\n");
  CHECK(testing::contains(e.message,
                          "the row has 4 fields but the header has 5 (none for column 'url')"));
  CHECK(e.column == 5);
  // A source that sources.csv does not list cannot be cited.
  e = reread("sources.csv", header + "article-b,B,,,\n");
  CHECK(testing::contains(e.message,
                          "relations.csv: unknown source 'article-a' in column 'sources' "
                          "(sources.csv does not list it); did you mean \"article-b\"?"));
  CHECK(e.line == 2);
  CHECK(e.column == 7);
  // A header not the export's is an io_error about the file, not about a field.
  e = reread("sources.csv", "id:ID,title,publisher,published,url\n");
  CHECK(e.message == "not a parse_error: " + (dir.path / "sources.csv").string() +
                         ": entities.csv is entente's export, but this file's header is not its "
                         "sources' (id:ID(Source),title,publisher,published,url)");
  e = reread("sources.csv", header.substr(0, header.size() - 1) + ",extra\n");
  CHECK(testing::contains(e.message, "this file's header is not its sources'"));

  const std::string entities =
      "id:ID,name,kind,:LABEL,aliases:string[],external_ids:string[],capital:string\n";
  e = reread("entities.csv", entities + "PRK,North Korea,State,,,wikidata=Q423|Q424,\n");
  CHECK(testing::contains(e.message,
                          "entities.csv: bad external id 'Q424' in column 'external_ids'; "
                          "expected SYSTEM=ID"));
  CHECK(e.line == 2);
  CHECK(e.column == 6);
  e = reread("entities.csv", entities + "PRK,North Korea,State,,,\"a=1|\nb=2|a=3\",\n");
  CHECK(testing::contains(e.message, "external id system 'a' appears twice"));
  CHECK(e.line == 2);
  CHECK(e.column == 6);
}

TEST_CASE("csv read: list attributes of every item type read back") {
  for (const char* file : {"lists.kg.json", "small_world.kg.json"}) {
    CAPTURE(file);
    auto g = io::load_json(fs::path(ENTENTE_TEST_DATA) / file);
    testing::scratch dir;
    io::save_csv(g, dir.path);
    auto back = io::load_csv(dir.path);
    CHECK(back == what_csv_keeps(g));
  }
  auto g = testing::list_world();
  g.set_attribute(g.at("PRK"), "tags", value_list{"a, b", "say \"hi\"", "tab\tline\nend", "북한"});
  testing::scratch dir;
  io::save_csv(g, dir.path);
  auto back = io::load_csv(dir.path);
  CHECK(back == what_csv_keeps(g));
  CHECK(*attribute(back, "PRK", "tags") ==
        value(value_list{"a, b", "say \"hi\"", "tab\tline\nend", "북한"}));
}

TEST_CASE("csv read: the own export's citations, dates, evidence and prefixed keys read back") {
  auto g = testing::tiny_world();
  auto r = static_cast<relation_index>(0);
  g.set_relation_attribute(r, "since", std::string("late 2023"));  // written attribute_since
  g.set_attribute(g.at("PRK"), "kind", std::string("hermit"));     // written attribute_kind
  // A lone empty quote is an empty field, which pairs with its source as the empty quote.
  g.add_relation({"RUS", "supports", "PRK", evidence::reported, {}, {{"article-a", "", {}}}, {}});
  testing::scratch dir;
  io::save_csv(g, dir.path);
  auto back = io::load_csv(dir.path);
  CHECK(back == what_csv_keeps(g));
  CHECK(back.valid(0) == interval{date(2023, 9), date(2024)});
  CHECK(back.citations(0)[0].quote == "shells by the million");
  CHECK(*back.relation_attributes(0).find("since") == value(std::string("late 2023")));
}

TEST_CASE("csv read: a key that starts with the prefix comes back beside the one it shadows") {
  auto g = testing::tiny_world();
  const auto prk = g.at("PRK");
  g.set_attribute(prk, "kind", std::string("hermit"));
  g.set_attribute(prk, "attribute_kind", std::string("kept apart"));
  g.set_attribute(prk, "attribute_note", std::int64_t{7});
  g.set_relation_attribute(0, "from", std::string("a port"));
  g.set_relation_attribute(0, "attribute_from", std::string("another"));
  testing::scratch dir;
  io::save_csv(g, dir.path);
  CHECK(testing::contains(testing::read_file(dir.path / "entities.csv"),
                          "attribute_attribute_kind:string,attribute_attribute_note:long,"
                          "capital:string,attribute_kind:string"));
  auto back = io::load_csv(dir.path);
  CHECK(back == what_csv_keeps(g));
  CHECK(*attribute(back, "PRK", "attribute_kind") == value(std::string("kept apart")));
  CHECK(*attribute(back, "PRK", "attribute_note") == value(std::int64_t{7}));
  CHECK(*back.relation_attributes(0).find("attribute_from") == value(std::string("another")));
}

TEST_CASE("csv read: what the own export loses: mixed keys widen, empty values vanish") {
  graph g;
  auto a = g.add_entity({"A", "State", "A", {}, {}, {}});
  auto b = g.add_entity({"B", "State", "B", {}, {}, {}});
  g.set_attribute(a, "n", std::int64_t{2});
  g.set_attribute(b, "n", 2.5);
  g.set_attribute(a, "mixed", value_list{std::int64_t{1}});
  g.set_attribute(b, "mixed", std::int64_t{3});
  g.set_attribute(a, "empty", std::string());
  testing::scratch dir;
  io::save_csv(g, dir.path);
  auto back = io::load_csv(dir.path);
  CHECK(*attribute(back, "A", "n") == value(2.0));
  CHECK(*attribute(back, "A", "mixed") == value(std::string("[1]")));
  CHECK(*attribute(back, "B", "mixed") == value(std::string("3")));
  CHECK(attribute(back, "A", "empty") == nullptr);
}

TEST_CASE("csv read: a large own export is read in many blocks") {
  auto g = testing::many_relations(2000, 40000);
  testing::scratch dir;
  io::save_csv(g, dir.path);
  REQUIRE(fs::file_size(dir.path / "relations.csv") > (std::size_t{1} << 21));
  CHECK(io::load_csv(dir.path) == what_csv_keeps(g));
}

TEST_CASE("csv read: the own export's errors name the file, line and field") {
  auto g = testing::tiny_world();
  testing::scratch dir;
  io::save_csv(g, dir.path);
  const auto entities = testing::read_file(dir.path / "entities.csv");
  std::ofstream(dir.path / "entities.csv")
      << entities.substr(0, entities.find('\n') + 1) << "X,X,Stat,State,,,\n";
  auto e = error_of([&] { (void)io::load_csv(dir.path); });
  CHECK(testing::contains(e.message,
                          "entities.csv: unknown kind 'Stat' in column 'kind'; did "
                          "you mean \"State\"?"));
  CHECK(e.line == 2);
  CHECK(e.column == 3);
  io::save_csv(g, dir.path);
  std::ofstream(dir.path / "relations.csv")
      << ":START_ID,:END_ID,:TYPE,evidence,since,until,sources:string[],quotes:string[],"
         "item:string\nPRK,RUS,supplies,rumoured,,,,,\nPRK,RUSS,supplies,,,,,,\n";
  e = error_of([&] { (void)io::load_csv(dir.path); });
  CHECK(testing::contains(e.message, "bad evidence 'rumoured'"));
  CHECK(e.column == 4);
  CHECK_THROWS_WITH_AS(
      (void)io::load_csv(dir.path, {.mode = validation::strict, .schema = schema()}),
      doctest::Contains("unknown kind 'State'"), parse_error);
}

TEST_CASE("csv read: a relation outside its type's rule is refused in strict mode") {
  graph g(schema::geopolitics(), validation::lenient);
  g.add_entity({"A", "State", "A", {}, {}, {}});
  g.add_entity({"M", "Item", "M", {}, {}, {}});
  g.add_relation({"M", "supports", "A", evidence::reported, {}, {}, {}});  // supports: actors
  REQUIRE(g.warnings().size() == 1);
  testing::scratch dir;
  io::save_csv(g, dir.path);
  CHECK_THROWS_WITH_AS((void)io::load_csv(dir.path),
                       doctest::Contains("relations.csv: relation M -[supports]-> A breaks"),
                       schema_error);
  auto lenient = io::load_csv(dir.path, {.mode = validation::lenient});
  CHECK(lenient.num_relations() == 1);
  CHECK(lenient.warnings().size() == 1);
}

// ---- Kùzu ------------------------------------------------------------------------------------

TEST_CASE("csv read: Kùzu's EXPORT DATABASE folder, with its types and tables") {
  csv_folder dir{
      {"schema.cypher",
       "CREATE NODE TABLE `Person` (`id` INT64,`name` STRING,`score` DOUBLE,`active` BOOL,"
       "`born` DATE,`tags` STRING[],`nums` INT64[],`at` TIMESTAMP, PRIMARY KEY(`id`));\n"
       "CREATE NODE TABLE `City` (`name` STRING,`pop` INT32, PRIMARY KEY(`name`));\n"
       "CREATE REL TABLE `Knows` (FROM `Person` TO `Person`, `since` DATE,MANY_MANY);\n"
       "CREATE REL TABLE `LivesIn` (FROM `Person` TO `City`, FROM `City` TO `City`, `years` "
       "INT16,MANY_MANY);\n"},
      {"copy.cypher",
       "COPY `Person` (`id`,`name`,`score`,`active`,`born`,`tags`,`nums`,`at`) FROM "
       "\"Person.csv\" (parallel=false);\n"
       "COPY `City` (`name`,`pop`) FROM \"City.csv\" (parallel=true);\n"
       "COPY `Knows` (`since`) FROM \"Knows_Person_Person.csv\" (to='Person', from='Person');\n"
       "COPY `LivesIn` (`years`) FROM \"LivesIn_Person_City.csv\" (to='City', from='Person');\n"
       "COPY `LivesIn` (`years`) FROM \"LivesIn_City_City.csv\" (to='City', from='City');\n"},
      {"index.cypher", ""},
      {"Person.csv",
       "1,\"Ann \"\"A\"\", b\",1.500000,True,1990-01-02,\"[a,b,x y,]\",\"[1,2,3]\","
       "2024-01-01 10:00:00\n2,\"Bob\nline\",,False,,[],,\n"},
      {"City.csv", "Seoul,9000000\nBusan,3000000\n"},
      {"Knows_Person_Person.csv", "1,2,2020-05-06\n"},
      {"LivesIn_Person_City.csv", "1,Seoul,3\n"},
      {"LivesIn_City_City.csv", "Busan,Seoul,7\n"}};
  auto g = dir.load();
  REQUIRE(g.num_entities() == 4);
  CHECK(g.entity(g.at("Person:1")).name() == "Ann \"A\", b");
  CHECK(g.entity(g.at("Person:2")).name() == "Bob\nline");
  CHECK(g.entity(g.at("City:Seoul")).kind_name() == "City");
  CHECK(*attribute(g, "Person:1", "score") == value(1.5));
  CHECK(*attribute(g, "Person:1", "active") == value(true));
  CHECK(*attribute(g, "Person:1", "born") == value(date(1990, 1, 2)));
  CHECK(*attribute(g, "Person:1", "tags") == value(value_list{"a", "b", "x y", ""}));
  CHECK(*attribute(g, "Person:1", "nums") ==
        value(value_list{std::int64_t{1}, std::int64_t{2}, std::int64_t{3}}));
  CHECK(*attribute(g, "Person:1", "at") == value(std::string("2024-01-01 10:00:00")));
  CHECK(*attribute(g, "Person:2", "tags") == value(value_list{}));
  CHECK(attribute(g, "Person:1", "id") == nullptr);
  CHECK(*attribute(g, "City:Seoul", "pop") == value(std::int64_t{9000000}));
  REQUIRE(g.num_relations() == 3);
  CHECK(g.entity(g.from(2)).id() == "City:Busan");
  CHECK(*g.relation_attributes(1).find("years") == value(std::int64_t{3}));
}

TEST_CASE("csv read: schema.cypher errors say the line and the character's column") {
  csv_folder dir{{"schema.cypher",
                  "CREATE NODE TABLE A (id INT64, PRIMARY KEY(id));\nCREATE NODE TABEL B (x "
                  "INT64);\n"},
                 {"copy.cypher", ""}};
  auto e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "schema.cypher: expected TABLE, not 'TABEL'"));
  CHECK(e.line == 2);
  CHECK(e.column == 13);
  dir.write("schema.cypher", "CREATE NODE TABLE A (id INT64);\n");
  e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "node table 'A' has no PRIMARY KEY"));
  dir.write("schema.cypher", "CREATE MACRO m(x) AS x;\n");
  e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "expected NODE TABLE or REL TABLE"));
  CHECK(e.column == 8);
  dir.write("schema.cypher", "CREATE NODE TABLE A (id INT64, PRIMARY KEY(id));\n");
  dir.write("copy.cypher", "COPY A FROM \"A.csv\" (quote='\\'');\n");
  e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "copy.cypher: QUOTE ''' is not read"));
  dir.write("copy.cypher", "COPY B FROM \"A.csv\";\n");
  CHECK_THROWS_WITH_AS((void)dir.load(), doctest::Contains("COPY into table 'B'"), io_error);
  dir.write("copy.cypher", "COPY A FROM \"A.csv\" (header=true, delim='|');\n");
  dir.write("A.csv", "id\n1\n2\n");
  CHECK(dir.load().num_entities() == 2);
  dir.write("A.csv", "id\n1\nx\n");
  e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "A.csv: bad INT64 'x' in column 'id'"));
  CHECK(e.line == 3);
}

TEST_CASE("csv read: Kùzu's COPY TO files: LABEL.csv and TYPE.csv with from and to") {
  csv_folder dir{{"Person.csv",
                  "p.id,p.name,p.tags,p.born,p.score,p.active,p.zip,age:INT32\n"
                  "1,\"Ann\",\"[a,b]\",1990-01-02,1.500000,True,007,30\n"
                  "2,Bob,[],,-2.5e3,False,2014,\n"},
                 {"Knows.csv", "from,to,since,k.note\n1,2,2020-05-06,\"met, once\"\n"}};
  auto g = dir.load();
  REQUIRE(g.num_entities() == 2);
  CHECK(g.entity(g.at("1")).name() == "Ann");  // one table: ids as written
  CHECK(g.entity(g.at("1")).kind_name() == "Person");
  CHECK(*attribute(g, "1", "tags") == value(value_list{"a", "b"}));
  CHECK(*attribute(g, "1", "born") == value(date(1990, 1, 2)));
  CHECK(*attribute(g, "1", "score") == value(1.5));
  CHECK(*attribute(g, "1", "active") == value(true));
  CHECK(*attribute(g, "1", "zip") == value(std::string("007")));
  CHECK(*attribute(g, "2", "zip") == value(std::int64_t{2014}));
  CHECK(*attribute(g, "2", "score") == value(-2500.0));
  CHECK(*attribute(g, "1", "age") == value(std::int64_t{30}));
  REQUIRE(g.num_relations() == 1);
  CHECK(g.schema().relation_type_at(g.type(0)).name == "Knows");
  CHECK(*g.relation_attributes(0).find("note") == value(std::string("met, once")));
}

TEST_CASE("csv read: Kùzu's COPY TO files: a key in two node files is ambiguous") {
  csv_folder dir{{"A.csv", "id\n1\n"}, {"B.csv", "id\n1\n2\n"}, {"R.csv", "from,to\n2,1\n"}};
  auto e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "R.csv: node '1' in column 'to' is in both A.csv and B.csv"));
  CHECK(e.line == 2);
  CHECK(e.column == 2);
  dir.write("R.csv", "from,to\n2,3\n");
  e = error_of([&] { (void)dir.load(); });
  CHECK(testing::contains(e.message, "unknown node '3' in column 'to'"));
}

// ---- io::load --------------------------------------------------------------------------------

TEST_CASE(
    "csv read: io::load reads a .csv folder, and a folder of CSV files without entities.tsv") {
  auto g = testing::tiny_world();
  testing::scratch dir;
  io::save_csv(g, dir.path / "out.csv");
  CHECK(io::load(dir.path / "out.csv") == what_csv_keeps(g));
  csv_folder people{{"people.csv", ":ID,name\na,A\n"}};
  CHECK(io::load(people.dir.path).num_entities() == 1);
  testing::scratch empty;
  CHECK_THROWS_WITH_AS((void)io::load(empty.path), doctest::Contains("without entities.tsv"),
                       io_error);
  CHECK_THROWS_WITH_AS((void)io::load_csv(empty.path), doctest::Contains("no CSV files"), io_error);
  CHECK_THROWS_WITH_AS((void)io::load_csv(empty.path / "nothing"),
                       doctest::Contains("not a folder"), io_error);
}

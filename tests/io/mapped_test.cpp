// Mapped snapshots: what they read back, how a mapped graph answers, and what its first change
// does (tests/io/mapped_damage_test.cpp has the damaged and forged files).

#include <entente/io/json.hpp>
#include <entente/io/load.hpp>
#include <entente/io/mapped.hpp>
#include <entente/paths.hpp>
#include <entente/query.hpp>

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <string>
#include <thread>
#include <vector>

#include "io/archive_testing.hpp"
#include "testing.hpp"

using namespace entente;

namespace {

graph bundled() { return io::load_json(ENTENTE_DATA_DIR "/korea_russia.kg.json"); }

/// Everything a reader can ask of a graph, as text: two graphs that answer the same give the
/// same text.
std::string answers(const graph& g) {
  std::string out;
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto x = g.entity(e);
    out += fmt::format("{} {} {} {}|", x.id(), x.name(), x.kind_name(), x.aliases().size());
    for (const auto& a : g.out_relations(e))
      out += fmt::format("o{}:{}:{} ", a.relation, a.other, a.type);
    for (const auto& a : g.in_relations(e))
      out += fmt::format("i{}:{}:{} ", a.relation, a.other, a.type);
    out += '\n';
  }
  for (relation_index r = 0; r < g.num_relations(); ++r)
    out += fmt::format("{} {} {} {} {} {} {}\n", g.from(r), g.type(r), g.to(r),
                       to_string(g.evidence(r)), g.valid(r).since.to_string(),
                       g.citations(r).size(), g.relation_attributes(r).size());
  for (relation_type_id t = 0; t < g.schema().num_relation_types(); ++t)
    out += fmt::format("{}:{} ", t, g.relations_of_type(t).size());
  for (kind_id k = 0; k < g.schema().num_kinds(); ++k)
    out += fmt::format("{}:{} ", k, g.entities_of_kind(k).size());
  return out;
}

std::string rows_of(const result_set& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (const auto& v : row) out += to_string(v) + ' ';
    out += '\n';
  }
  return out;
}

}  // namespace

TEST_CASE("mapped: the bundled graph and a rich one read back the same, and answer the same") {
  for (const graph& g : {bundled(), testing::rich_graph(), graph()}) {
    testing::scratch dir;
    io::save_mapped(g, dir.path / "g.kgm");
    graph mapped = io::load_mapped(dir.path / "g.kgm");
    CHECK(mapped == g);
    CHECK(answers(mapped) == answers(g));
    CHECK(mapped.warnings() == g.warnings());
    // Saving what was read gives the same bytes: the format has one way to hold a graph.
    io::save_mapped(mapped, dir.path / "again.kgm");
    CHECK(testing::read_file(dir.path / "again.kgm") == testing::read_file(dir.path / "g.kgm"));
    io::verify_mapped(dir.path / "g.kgm");
  }
}

TEST_CASE("mapped: io::load and io::save choose the format by its extension") {
  testing::scratch dir;
  const graph g = bundled();
  io::save(g, dir.path / "g.kgm");
  CHECK(testing::read_file(dir.path / "g.kgm").substr(0, 4) == "\x89KGM");
  CHECK(io::load(dir.path / "g.kgm") == g);
}

TEST_CASE("mapped: ids, names in any script, paths and queries work on a mapped graph") {
  testing::scratch dir;
  const graph g = bundled();
  io::save_mapped(g, dir.path / "g.kgm");
  const graph mapped = io::load_mapped(dir.path / "g.kgm");
  for (entity_index e = 0; e < g.num_entities(); ++e) CHECK(mapped.find_id(g.entity(e).id()) == e);
  CHECK_FALSE(mapped.find_id("no-such-entity"));
  CHECK_FALSE(mapped.find_id(""));
  CHECK(mapped.find("north korea") == g.find("north korea"));
  CHECK(mapped.find("Ким Чен Ын") == g.find("Ким Чен Ын"));
  auto on_mapped = shortest_path(mapped, mapped.at("PRK"), mapped.at("UKR"));
  auto on_memory = shortest_path(g, g.at("PRK"), g.at("UKR"));
  REQUIRE(on_mapped.has_value());
  REQUIRE(on_memory.has_value());
  CHECK(on_mapped->nodes() == on_memory->nodes());
  const char* text =
      "MATCH (a)-[r:supplies]->(b) RETURN a.id, b.id, r.evidence ORDER BY a.id, b.id";
  CHECK(rows_of(query(mapped, text)) == rows_of(query(g, text)));
}

TEST_CASE("mapped: the first change copies the graph, and the file stays as it was") {
  testing::scratch dir;
  const graph g = bundled();
  io::save_mapped(g, dir.path / "g.kgm");
  const std::string bytes = testing::read_file(dir.path / "g.kgm");
  graph mapped = io::load_mapped(dir.path / "g.kgm");
  const graph untouched = mapped;  // a copy that shares the mapping

  SUBCASE("through the C++ API") {
    mapped.add_entity({"XYZ", "State", "Xyzland", {"Xyz"}, {}, {}});
    mapped.add_relation({"XYZ", "supports", "RUS", evidence::reported, {}, {}, {}});
    mapped.set_attribute(mapped.at("PRK"), "capital", std::string("Pyongyang"));
    CHECK(mapped.num_entities() == g.num_entities() + 1);
    CHECK(mapped.find_id("XYZ"));
    CHECK(mapped.find("xyz") == mapped.find_id("XYZ"));
    CHECK(mapped.out_relations(*mapped.find_id("XYZ")).size() == 1);
  }
  SUBCASE("through a write query") {
    query(mapped, "CREATE (:State {id: 'XYZ', name: 'Xyzland'})");
    CHECK(mapped.num_entities() == g.num_entities() + 1);
  }
  SUBCASE("by removing") {
    mapped.remove_entity(mapped.at("PRK"));
    CHECK_FALSE(mapped.find_id("PRK"));
    CHECK(mapped.num_entities() == g.num_entities() - 1);
  }
  CHECK(untouched == g);
  CHECK(testing::read_file(dir.path / "g.kgm") == bytes);
  // Saving writes a new file that reads back with the change.
  io::save_mapped(mapped, dir.path / "changed.kgm");
  CHECK(io::load_mapped(dir.path / "changed.kgm") == mapped);
}

TEST_CASE("mapped: a save over an open file leaves its readers reading the old one") {
  testing::scratch dir;
  const graph g = bundled();
  io::save_mapped(g, dir.path / "g.kgm");
  const graph before = io::load_mapped(dir.path / "g.kgm");
  graph changed = g;
  changed.remove_entity(changed.at("PRK"));
  io::save(changed, dir.path / "g.kgm");  // written beside it and renamed over it
  CHECK(before == g);
  CHECK(answers(before) == answers(g));
  CHECK(io::load_mapped(dir.path / "g.kgm") == changed);
  // So does a reader whose file was removed.
  std::filesystem::remove(dir.path / "g.kgm");
  CHECK(before == g);
}

TEST_CASE("mapped: many threads read one mapped graph, each part checked once") {
  testing::scratch dir;
  const graph g = testing::many_relations(2000, 20000);
  io::save_mapped(g, dir.path / "g.kgm");
  const graph mapped = io::load_mapped(dir.path / "g.kgm");
  const std::string want = answers(g);
  std::vector<std::string> got(4);
  std::vector<std::thread> readers;
  for (std::size_t i = 0; i < got.size(); ++i)
    readers.emplace_back([&, i] { got[i] = answers(mapped); });
  for (auto& t : readers) t.join();
  for (const auto& answer : got) CHECK(answer == want);
}

TEST_CASE("mapped: a missing file, a folder, a pipe or another format is refused by name") {
  testing::scratch dir;
  CHECK_THROWS_WITH_AS((void)io::load_mapped(dir.path / "none.kgm"),
                       doctest::Contains("none.kgm: cannot read"), io_error);
  std::filesystem::create_directory(dir.path / "folder.kgm");
  CHECK_THROWS_WITH_AS((void)io::load_mapped(dir.path / "folder.kgm"),
                       doctest::Contains("folder.kgm: cannot read"), io_error);
  REQUIRE(::mkfifo((dir.path / "pipe.kgm").c_str(), 0600) == 0);
  CHECK_THROWS_WITH_AS((void)io::load_mapped(dir.path / "pipe.kgm"),
                       doctest::Contains("pipe.kgm: cannot map: not a regular file"), io_error);
  io::save(bundled(), dir.path / "g.kga");
  std::filesystem::copy_file(dir.path / "g.kga", dir.path / "other.kgm");
  CHECK_THROWS_WITH_AS((void)io::load_mapped(dir.path / "other.kgm"),
                       doctest::Contains("other.kgm: not a mapped snapshot"), io_error);
}

// The RDF import, for entente's own vocabulary: round trips of every test graph in both
// syntaxes and both provenance styles, what RDF does not keep, statements in any order, and
// RDF-star's quoted triples on their way past serd. Other RDF and errors are in
// rdf_read_foreign_test.cpp.

#include <entente/io/json.hpp>
#include <entente/io/load.hpp>
#include <entente/io/rdf.hpp>

#include <doctest/doctest.h>

#include "io/rdf_read_testing.hpp"
#include "testing.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace entente;
using testing::as_json;
using testing::rdf_kept;
using testing::rdf_round_trip;
using testing::rdf_styles;
using testing::style_name;

namespace {

/// The lines of `text`.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

/// Every graph of the test data and the bundled knowledge base, with the mode it reads in.
std::vector<std::pair<std::string, graph>> test_graphs() {
  std::vector<std::pair<std::string, graph>> graphs;
  const auto add = [&](const fs::path& file, validation mode = validation::strict) {
    graphs.emplace_back(file.filename().string(), io::load_json(file, mode));
  };
  add(ENTENTE_DATA_DIR "/korea_russia.kg.json");
  add(ENTENTE_TEST_DATA "/small_world.kg.json");
  add(ENTENTE_TEST_DATA "/lists.kg.json");
  add(ENTENTE_TEST_DATA "/unchecked.kg.json", validation::lenient);
  for (const char* name : {"dates", "empty", "empty_open", "open", "routes", "tiny"})
    add(fs::path(ENTENTE_TEST_DATA) / "queries" / (std::string(name) + ".kg.json"));
  add(ENTENTE_TEST_DATA "/../differential/exports/hostile.kg.json");
  return graphs;
}

}  // namespace

TEST_CASE("rdf import: the tiny graph reads back the same from each syntax and style") {
  const graph g = testing::tiny_world();
  for (const auto& style : rdf_styles) {
    CAPTURE(style_name(style));
    CHECK(rdf_round_trip(g, style) == g);
  }
}

TEST_CASE("rdf import: every test graph and the bundled one read back as RDF carries them") {
  for (const auto& [name, g] : test_graphs())
    for (const auto& style : rdf_styles) {
      CAPTURE(name);
      CAPTURE(style_name(style));
      CHECK(as_json(rdf_round_trip(g, style)) == as_json(rdf_kept(g)));
    }
}

TEST_CASE("rdf import: the bundled graph loses only its external ids, which RDF does not hold") {
  const graph g = io::load_json(ENTENTE_DATA_DIR "/korea_russia.kg.json");
  graph without = g;
  std::size_t had = 0;
  for (entity_index e = 0; e < without.num_entities(); ++e) {
    had += without.entity(e).external_ids().size();
    without.set_external_ids(e, {});
  }
  REQUIRE(had > 0);
  for (const auto& style : rdf_styles) {
    CAPTURE(style_name(style));
    CHECK(rdf_round_trip(g, style) == without);
  }
}

TEST_CASE("rdf import: statements in any order make the same relations, in statement order") {
  const graph g = testing::small_world();
  for (const auto& style : {rdf_styles[0], rdf_styles[2]}) {
    CAPTURE(style_name(style));
    auto lines = lines_of(io::write_rdf(g, style));
    std::mt19937 shuffle(7);
    std::shuffle(lines.begin(), lines.end(), shuffle);
    io::rdf_read_options opts{.syntax = io::rdf_syntax::ntriples};
    const graph read = io::read_rdf(joined(lines), opts);
    REQUIRE(read.num_relations() == g.num_relations());
    REQUIRE(read.num_entities() == g.num_entities());
    for (relation_index r = 0; r < g.num_relations(); ++r) {
      const auto a = g.relation(r);
      const auto b = read.relation(r);
      CHECK(read.entity(b.from()).id() == g.entity(a.from()).id());
      CHECK(b.type_name() == a.type_name());
      CHECK(read.entity(b.to()).id() == g.entity(a.to()).id());
      CHECK(b.evidence() == a.evidence());
      CHECK(b.valid() == a.valid());
      CHECK(b.citations().size() == a.citations().size());
    }
    for (entity_index e = 0; e < g.num_entities(); ++e) {
      const auto a = g.entity(e);
      const auto b = read.entity(read.at(a.id()));
      CHECK(b.name() == a.name());
      CHECK(b.kind_name() == a.kind_name());
      CHECK(b.aliases().size() == a.aliases().size());
    }
  }
}

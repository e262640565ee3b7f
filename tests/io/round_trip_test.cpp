// Every format entente reads back, over the bundled knowledge base and the test graphs: what
// `io::save` writes, `io::load` reads back as the same graph, for each format that carries all of
// it; the README's table of formats says what the others lose, and these tests hold it to that.

#include <entente/io/json.hpp>
#include <entente/io/load.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "io/rdf_read_testing.hpp"
#include "testing.hpp"

using namespace entente;

namespace {

struct sample {
  const char* name;
  std::filesystem::path file;
};

std::vector<sample> samples() {
  return {{"the bundled knowledge base", ENTENTE_DATA_DIR "/korea_russia.kg.json"},
          {"the small world", ENTENTE_TEST_DATA "/small_world.kg.json"},
          {"list attributes", ENTENTE_TEST_DATA "/lists.kg.json"}};
}

/// Saves `g` as `name` in a scratch folder and loads it back.
graph through(const graph& g, const std::string& name) {
  testing::scratch dir;
  io::save(g, dir.path / name);
  return io::load(dir.path / name);
}

}  // namespace

// The CSV folder is lossless but for what its header lists (csv.hpp): empty lists and strings,
// partial date attributes, citation spans and the like. The list sample holds empty lists and
// partial dates (`years`), so it is held to the README's table instead.
TEST_CASE("the CSV folder reads back the samples that hold nothing it loses") {
  for (const auto& s : samples()) {
    if (s.file.filename() == "lists.kg.json") continue;
    CAPTURE(s.name);
    const graph g = io::load_json(s.file);
    CHECK(through(g, "g.csv") == g);
  }
}

TEST_CASE("the lossless formats read back what they wrote") {
  for (const auto& s : samples()) {
    const graph g = io::load_json(s.file);
    for (const char* name : {"g.kg.json", "g.kga", "g.kgm", "g", "g.graphml"}) {
      CAPTURE(s.name);
      CAPTURE(name);
      CHECK(through(g, name) == g);
    }
  }
}

// RDF keeps no order or repeats among a list's items (io/rdf.hpp): each list comes back sorted.
TEST_CASE("RDF reads back what it wrote, lists as the sorted sets of their items") {
  for (const auto& s : samples()) {
    const graph g = io::load_json(s.file);
    const bool lists = std::string(s.name) == "list attributes";
    REQUIRE((testing::rdf_kept(g) == g) != lists);
    for (const char* name : {"g.ttl", "g.nt"}) {
      CAPTURE(s.name);
      CAPTURE(name);
      CHECK(through(g, name) == testing::rdf_kept(g));
    }
  }
}

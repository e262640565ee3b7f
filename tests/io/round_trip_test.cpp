// Every format entente reads back, over the bundled knowledge base and the test graphs: what
// `io::save` writes, `io::load` reads back as the same graph, for each format that carries all of
// it; the README's table of formats says what the others lose, and these tests hold it to that.

#include <entente/io/json.hpp>
#include <entente/io/load.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

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

TEST_CASE("the lossless formats read back what they wrote") {
  for (const auto& s : samples()) {
    const graph g = io::load_json(s.file);
    for (const char* name : {"g.kg.json", "g.kga", "g", "g.graphml"}) {
      CAPTURE(s.name);
      CAPTURE(name);
      CHECK(through(g, name) == g);
    }
  }
}

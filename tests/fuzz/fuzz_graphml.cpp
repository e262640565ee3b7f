// Fuzzes the GraphML reader (io/graphml.hpp): the input is the text of a `.graphml` document, in
// entente's own keys or another tool's. What reads must write and read back to the same text:
// `write_graphml(read_graphml(write_graphml(g))) == write_graphml(g)`, read under g's own schema
// (what GraphML loses, it loses on the first write).

#include "fuzz.hpp"

#include <entente/io/graphml.hpp>

#include <optional>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace entente;
  auto text = fuzzing::text(data, size);
  io::graphml_read_options opts;
  std::optional<graph> g;
  try {
    g = io::read_graphml(text, opts);
  } catch (const schema_error&) {
    // Strict mode refused a relation; lenient mode keeps it with a warning.
    opts.mode = validation::lenient;
    try {
      g = io::read_graphml(text, opts);
    } catch (const error&) {
    }
  } catch (const error&) {
  }
  if (!g) return 0;

  std::string written;
  try {
    written = io::write_graphml(*g);
    auto back = io::read_graphml(written, {.mode = opts.mode, .schema = g->schema()});
    auto again = io::write_graphml(back);
    if (again != written)
      fuzzing::broken("write_graphml(read_graphml(write_graphml(g))) == write_graphml(g)",
                      written + "\n----\n" + again);
  } catch (const error& e) {
    fuzzing::broken("a graph read from GraphML writes and reads back", e.what());
  }
  return 0;
}

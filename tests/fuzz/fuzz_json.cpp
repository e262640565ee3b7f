// Fuzzes the JSON graph reader (io/json.hpp): the input is the text of a `.kg.json` document.
// What reads must write and read back to the same text (`read_json(write_json(g)) == g`).

#include "fuzz.hpp"

#include <entente/io/json.hpp>

#include <optional>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace entente;
  auto text = fuzzing::text(data, size);
  io::json_options opts;
  std::optional<graph> g;
  try {
    g = io::read_json(text, opts);
  } catch (const schema_error&) {
    // Strict mode refused a relation; lenient mode keeps it with a warning.
    opts.mode = validation::lenient;
    try {
      g = io::read_json(text, opts);
    } catch (const error&) {
    }
  } catch (const error&) {
  }
  if (!g) return 0;

  std::string written;
  try {
    written = io::write_json(*g);
    auto again = io::write_json(io::read_json(written, opts));
    if (again != written)
      fuzzing::broken("write_json(read_json(write_json(g))) == write_json(g)",
                      written + "\n----\n" + again);
  } catch (const error& e) {
    fuzzing::broken("a graph read from JSON writes and reads back", e.what());
  }
  return 0;
}

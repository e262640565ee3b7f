// Fuzzes the RDF reader (io/rdf.hpp): the input is read as Turtle and as N-Triples text, through
// serd and the reader's own rewrite of RDF-star's quoted triples. What reads must write and read
// back to the same text, in both syntaxes and both provenance styles: a graph read from RDF holds
// nothing RDF cannot carry.

#include "fuzz.hpp"

#include <entente/io/rdf.hpp>

#include <optional>
#include <string>

namespace {

using namespace entente;

/// The graph `text` holds in `syntax`, lenient when strict refuses a relation; nothing when it
/// is not RDF the reader takes (every refusal must be an entente::error).
std::optional<graph> read(std::string_view text, io::rdf_syntax syntax) {
  io::rdf_read_options opts{.syntax = syntax};
  try {
    return io::read_rdf(text, opts);
  } catch (const schema_error&) {
    opts.mode = validation::lenient;
    try {
      return io::read_rdf(text, opts);
    } catch (const error&) {
    }
  } catch (const error&) {
  }
  return std::nullopt;
}

void check_round_trip(const graph& g) {
  for (auto syntax : {io::rdf_syntax::turtle, io::rdf_syntax::ntriples})
    for (auto provenance : {io::rdf_provenance::reification, io::rdf_provenance::rdf_star}) {
      const io::rdf_options style{.syntax = syntax, .provenance = provenance};
      std::string written;
      try {
        written = io::write_rdf(g, style);
        io::rdf_read_options opts{.syntax = syntax, .mode = g.validation_mode()};
        opts.schema = g.schema();
        const std::string again = io::write_rdf(io::read_rdf(written, opts), style);
        if (again != written)
          fuzzing::broken("write_rdf(read_rdf(write_rdf(g))) == write_rdf(g)",
                          written + "\n----\n" + again);
      } catch (const error& e) {
        fuzzing::broken("a graph read from RDF writes and reads back", written + "\n" + e.what());
      }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzzing::text(data, size);
  for (auto syntax : {io::rdf_syntax::turtle, io::rdf_syntax::ntriples})
    if (auto g = read(text, syntax)) check_round_trip(*g);
  return 0;
}

#pragma once
/// The JSON graph format (`*.kg.json`): {"schema": optional extension, "sources": [...],
/// "entities": [...], "relations": [...]}, documented field by field in the README.
/// Round-trips losslessly: `read_json(write_json(g)) == g`.

#include <entente/graph.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace entente::io {

/// How to read a JSON graph.
struct json_options {
  std::string origin = "<json>";         ///< names the input in error messages
  validation mode = validation::strict;  ///< strict: a relation outside its domain/range throws
};

/// Reads a graph from JSON text. Errors are `parse_error` (with line and column) for bad JSON
/// and `io_error` naming the JSON path (`$.relations[3].evidence`) for bad content.
[[nodiscard]] graph read_json(std::string_view text, const json_options& opts = {});
/// Reads a graph from a `.kg.json` file; the file name becomes the origin in errors.
[[nodiscard]] graph load_json(const std::filesystem::path& file,
                              validation mode = validation::strict);
/// The graph as JSON text; `indent` < 0 writes one line.
[[nodiscard]] std::string write_json(const graph& g, int indent = 2);
/// Writes the graph to a `.kg.json` file atomically (a failure leaves an old file intact).
void save_json(const graph& g, const std::filesystem::path& file);

/// Extends `s` with the kinds and relation types of a JSON schema extension
/// (`{"kinds": [...], "relation_types": [...]}`, the same shape as a graph's "schema" field).
void extend_schema(schema& s, std::string_view json_text, std::string_view origin = "<schema>");

}  // namespace entente::io

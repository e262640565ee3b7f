#pragma once
// What the fuzz targets share: the input as text, the fixed graphs some of them run against, and
// the stop for a promise of the library that an input broke (a finding, as a crash is).

#include <entente/graph.hpp>
#include <entente/io/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace entente::fuzzing {

/// The input bytes as text.
inline std::string_view text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// The golden queries' graph (tests/data/queries/tiny.kg.json): eight entities, fourteen
/// relations with evidence, times, sources and attributes, read once.
inline const graph& tiny_graph() {
  static const graph g = io::load_json(ENTENTE_TEST_DATA "/queries/tiny.kg.json");
  return g;
}

/// The bundled knowledge base, whose names and aliases come in several scripts, read once.
inline const graph& bundled_graph() {
  static const graph g = io::load_json(ENTENTE_DATA_DIR "/korea_russia.kg.json");
  return g;
}

/// Stops the run when the library broke a promise on this input: libFuzzer keeps the input
/// and the replay fails, as for a crash.
[[noreturn]] inline void broken(std::string_view promise, std::string_view detail = {}) {
  std::string message = "broken promise: " + std::string(promise) + "\n" + std::string(detail);
  std::fputs(message.c_str(), stderr);
  std::fputc('\n', stderr);
  std::abort();
}

}  // namespace entente::fuzzing

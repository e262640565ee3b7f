#pragma once
/// Snapshots (`*.kga`): a whole graph in a Boost.Serialization archive (binary, text or XML)
/// behind a header of magic, format version and checksum. Loading a damaged, truncated or
/// foreign file throws `io_error` and never crashes; saving is atomic.

#include <entente/graph.hpp>

#include <filesystem>
#include <string>
#include <string_view>

namespace entente::io {

enum class archive_format { binary, text, xml };

/// The graph as snapshot bytes (header included).
[[nodiscard]] std::string write_archive(const graph& g, archive_format format = archive_format::binary);
/// A graph from snapshot bytes; the format is read from the header.
[[nodiscard]] graph read_archive(std::string_view bytes, std::string_view origin = "<archive>");
/// Writes a snapshot file atomically: a failure part-way leaves the previous file intact.
void save_archive(const graph& g, const std::filesystem::path& file,
                  archive_format format = archive_format::binary);
/// Reads a snapshot file.
[[nodiscard]] graph load_archive(const std::filesystem::path& file);

}  // namespace entente::io

#pragma once
/// Snapshots (`*.kga`): a whole graph in a Boost.Serialization archive (binary, text or XML)
/// behind a header of magic, format version and checksum. Loading a damaged, truncated or
/// foreign file throws `io_error` and never crashes; saving is atomic.

#include <entente/graph.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace entente::io {

enum class archive_format { binary, text, xml };

/// The snapshot format version this build writes, and the newest it reads.
inline constexpr std::uint32_t archive_version = 5;

/// The graph as snapshot bytes (header included). Binary is the compact, fast form; text and
/// XML are for reading and diffing. The same graph always gives the same bytes.
[[nodiscard]] std::string write_archive(const graph& g,
                                        archive_format format = archive_format::binary);
/// A graph from snapshot bytes; the format is read from the header. Anything but an intact
/// snapshot this build can read throws io_error naming `origin` and the problem:
/// `snapshot.kga: damaged: checksum mismatch`.
[[nodiscard]] graph read_archive(std::string_view bytes, std::string_view origin = "<archive>");
/// Writes a snapshot file atomically: a failure part-way, or a writer killed part-way, leaves
/// the previous file intact. The bytes go to a temporary file beside `file`, are synced, then
/// renamed over it (see "Saving" in the README).
void save_archive(const graph& g, const std::filesystem::path& file,
                  archive_format format = archive_format::binary);
/// Reads a snapshot file.
[[nodiscard]] graph load_archive(const std::filesystem::path& file);

}  // namespace entente::io

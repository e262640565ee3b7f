#pragma once
/// Mapped snapshots (`*.kgm`): the graph's arrays laid out as the graph holds them, so that
/// opening one maps the file and checks its header and section table — the same work whatever
/// the graph's size — and a query reads only the pages it touches. Several processes that open
/// one file share its pages. The graph read is a graph like any other (see "Mapped graphs" in
/// graph.hpp): its first change copies it into memory, and saving writes a new file.
///
/// Safety. Opening checks what a reader relies on before it reads anything large; values inside
/// the large arrays are checked where they are read, so a damaged or forged file throws
/// `io_error` rather than reading outside the file. `verify_mapped` reads every byte. A mapped
/// file must not shrink while it is open: entente never writes one in place (a save writes a new
/// file and renames it over the old, whose readers keep reading the old one), and no other
/// program should truncate it.

#include <entente/graph.hpp>

#include <cstdint>
#include <filesystem>

namespace entente::io {

/// The mapped format version this build writes, and the only one it reads.
inline constexpr std::uint32_t mapped_version = 2;

/// Writes a mapped snapshot atomically (as every save: a failure or a killed writer leaves the
/// previous file whole). The same graph always gives the same bytes.
void save_mapped(const graph& g, const std::filesystem::path& file);

/// Maps a snapshot and returns the graph that reads it. Throws io_error for a file that is not
/// an intact mapped snapshot of this version: `g.kgm: damaged: ...`, `g.kgm: truncated: ...`.
[[nodiscard]] graph load_mapped(const std::filesystem::path& file);

/// Checks a mapped snapshot whole: every section against its checksum, every value against its
/// range, every string for uniqueness and the index against the relations it indexes. Throws
/// io_error naming the first damage found.
void verify_mapped(const std::filesystem::path& file);

}  // namespace entente::io

// Fuzzes the CSV import (io/csv.hpp). The input is a folder in one text: files separated by NUL
// bytes, each `NAME` and a line break, then its bytes (`people.csv\n:ID,name\na,A\n`); a part
// without a fitting name is `partN.csv`. The folder is read from memory in large blocks and in the
// smallest ones, which must give the same graph or the same error; a graph read is saved as CSV
// and read again, and a second round must change nothing (the first may lose what CSV does not
// carry: empty lists, citation spans, ...). The corpus holds each layout, entente's own with and
// without sources.csv.

#include "fuzz.hpp"

#include <entente/io/archive.hpp>
#include <entente/io/csv.hpp>

#include "io/csv_read.hpp"

#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;

/// A folder of this process's own under the temporary directory, removed at exit.
struct folder {
  folder() : path(fs::temp_directory_path() / ("entente-fuzz-csv-" + std::to_string(::getpid()))) {}
  folder(const folder&) = delete;
  folder& operator=(const folder&) = delete;
  ~folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

bool fitting_name(std::string_view name) {
  if (name.empty() || name.size() > 40 || name.front() == '.') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-' || c == '.'))
      return false;
  return true;
}

std::vector<entente::detail::csv_text_file> files_of(std::string_view text) {
  std::vector<entente::detail::csv_text_file> files;
  for (std::size_t n = 0; files.size() < 8; ++n) {
    const auto nul = text.find('\0');
    std::string_view part = text.substr(0, nul);
    const auto newline = part.find('\n');
    std::string name;
    if (newline != std::string_view::npos && fitting_name(part.substr(0, newline))) {
      name = std::string(part.substr(0, newline));
      part.remove_prefix(newline + 1);
    } else {
      name = "part" + std::to_string(n) + ".csv";
    }
    files.push_back({std::move(name), part});
    if (nul == std::string_view::npos) break;
    text.remove_prefix(nul + 1);
  }
  return files;
}

/// The graph as snapshot bytes (which hold any text, NaN included), or the error.
std::string outcome(const std::vector<entente::detail::csv_text_file>& files, std::size_t block,
                    std::optional<entente::graph>& read) {
  using namespace entente;
  io::csv_read_options opts;
  try {
    try {
      read = detail::read_csv_texts(files, opts, block);
    } catch (const schema_error&) {
      opts.mode = validation::lenient;  // strict mode refused a relation: read what it keeps
      read = detail::read_csv_texts(files, opts, block);
    }
    return io::write_archive(*read);
  } catch (const error& e) {
    read.reset();
    return std::string("error: ") + e.what();
  }
}

/// `g` saved as CSV and read back under its own schema; nothing when the CSV cannot hold it (an
/// item holding the array delimiter).
std::optional<entente::graph> round(const entente::graph& g, const fs::path& dir) {
  using namespace entente;
  try {
    io::save_csv(g, dir);
  } catch (const io_error&) {
    return std::nullopt;
  }
  try {
    return io::load_csv(dir, {.mode = g.validation_mode(), .schema = g.schema()});
  } catch (const error& e) {
    fuzzing::broken("a graph saved as CSV reads back", e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const folder dir;
  const auto files = files_of(entente::fuzzing::text(data, size));
  std::optional<entente::graph> g, small_g;
  const auto whole = outcome(files, std::size_t{1} << 20, g);
  const auto small = outcome(files, 1, small_g);
  if (whole != small)
    entente::fuzzing::broken("reading in blocks of any size gives the same graph",
                             whole + "\n----\n" + small);
  if (!g) return 0;

  std::error_code ec;
  fs::remove_all(dir.path, ec);
  auto once = round(*g, dir.path / "once.csv");
  if (!once) return 0;
  auto twice = round(*once, dir.path / "twice.csv");
  if (!twice) entente::fuzzing::broken("a graph read back from CSV saves as CSV again");
  const auto first = entente::io::write_archive(*once);
  const auto second = entente::io::write_archive(*twice);
  if (first != second)
    entente::fuzzing::broken("load_csv(save_csv(g)) is g after one round", whole);
  return 0;
}

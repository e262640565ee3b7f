// Fuzzes the TSV folder reader (io/tsv.hpp). The input is split at its first two NUL bytes into
// `entities.tsv`, `relations.tsv` and, when there is a third part, `sources.tsv`, written to a
// folder of this process's own. Each folder is read twice, in large blocks and in the smallest
// ones, which must give the same graph or the same error: where a block ends changes nothing.

#include "fuzz.hpp"

#include <entente/io/archive.hpp>
#include <entente/io/tsv.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace {

namespace fs = std::filesystem;

/// A folder of this process's own under the temporary directory, removed at exit.
struct folder {
  folder() : path(fs::temp_directory_path() / ("entente-fuzz-tsv-" + std::to_string(::getpid()))) {
    fs::create_directories(path);
  }
  folder(const folder&) = delete;
  folder& operator=(const folder&) = delete;
  ~folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

void write(const fs::path& file, std::string_view bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// The graph as snapshot bytes (which hold any text), or the error, as one string to compare.
std::string outcome(const fs::path& dir, std::size_t block) {
  using namespace entente;
  io::tsv_options opts{.buffer_size = block};
  try {
    try {
      return io::write_archive(io::load_tsv(dir, opts));
    } catch (const schema_error&) {
      opts.mode = validation::lenient;  // strict mode refused a relation: read what it keeps
      return io::write_archive(io::load_tsv(dir, opts));
    }
  } catch (const error& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const folder dir;
  auto text = entente::fuzzing::text(data, size);
  std::string_view parts[3];
  std::size_t n = 0;
  for (; n < 2; ++n) {
    auto nul = text.find('\0');
    if (nul == std::string_view::npos) break;
    parts[n] = text.substr(0, nul);
    text.remove_prefix(nul + 1);
  }
  parts[n++] = text;
  write(dir.path / "entities.tsv", parts[0]);
  write(dir.path / "relations.tsv", parts[1]);
  std::error_code ec;
  fs::remove(dir.path / "sources.tsv", ec);
  if (n == 3) write(dir.path / "sources.tsv", parts[2]);

  auto whole = outcome(dir.path, std::size_t{1} << 20);
  auto small = outcome(dir.path, 1);
  if (whole != small)
    entente::fuzzing::broken("reading in blocks of any size gives the same graph",
                             whole + "\n----\n" + small);
  return 0;
}

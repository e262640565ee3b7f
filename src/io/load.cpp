#include <entente/io/archive.hpp>
#include <entente/io/csv.hpp>
#include <entente/io/cypher.hpp>
#include <entente/io/dot.hpp>
#include <entente/io/graphml.hpp>
#include <entente/io/json.hpp>
#include <entente/io/load.hpp>
#include <entente/io/mapped.hpp>
#include <entente/io/rdf.hpp>
#include <entente/io/tsv.hpp>

#include <unistd.h>
#include <string>
#include <system_error>

namespace entente::io {
namespace {

bool ends_with(const std::filesystem::path& p, std::string_view suffix) {
  return p.filename().string().ends_with(suffix);
}

/// A folder is read as TSV: says which file it lacks, and that it is a folder when its name
/// promises a file, rather than "cannot open folder.kg.json/entities.tsv".
void check_tsv_folder(const std::filesystem::path& path) {
  std::error_code ec;
  for (const char* needed : {"entities.tsv", "relations.tsv"}) {
    if (std::filesystem::is_regular_file(path / needed, ec)) continue;
    std::string what = path.string() + ": a folder";
    for (const char* file : {".kg.json", ".json", ".kga"})
      if (ends_with(path, file)) {
        what += std::string(", not a ") + file + " file,";
        break;
      }
    throw io_error(what + " without " + needed +
                   " (a graph folder holds entities.tsv and relations.tsv)");
  }
}

/// A folder of CSV files (or Kùzu's export), read by load_csv when it holds no entities.tsv.
bool holds_csv(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path / "entities.tsv", ec)) return false;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec))
    if (ends_with(entry.path(), ".csv") || ends_with(entry.path(), "schema.cypher")) return true;
  return false;
}

/// What `load` reads, for the messages that refuse a path.
constexpr std::string_view readable =
    ".kg.json, .kga, .kgm, .graphml, .nt and .ttl files, folders with entities.tsv and "
    "relations.tsv, "
    "and CSV folders";

}  // namespace

graph load(const std::filesystem::path& path, validation mode, const progress_callback& progress) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    if (ends_with(path, ".csv") || holds_csv(path))
      return load_csv(path, {.mode = mode, .progress = progress});
    check_tsv_folder(path);
    return load_tsv(path, {.mode = mode, .progress = progress});
  }
  if (!std::filesystem::exists(path, ec))
    throw io_error(path.string() + ": no such file or folder");
  if (ends_with(path, ".kga")) return load_archive(path);
  if (ends_with(path, ".kgm")) return load_mapped(path);
  if (ends_with(path, ".json")) return load_json(path, mode);
  if (ends_with(path, ".graphml")) return load_graphml(path, {.mode = mode, .progress = progress});
  if (ends_with(path, ".nt") || ends_with(path, ".ttl"))
    return load_rdf(path, {.mode = mode, .progress = progress});
  if (ends_with(path, ".cypher"))
    throw io_error(path.string() +
                   ": entente writes .cypher files but does not read them: run one on an empty "
                   "graph with `entente query EMPTY.kg.json --write` (its first lines say how)");
  for (const char* exported : {".dot", ".gv"})
    if (ends_with(path, exported))
      throw io_error(path.string() + ": entente writes " + exported +
                     " files but does not read them (it reads " + std::string(readable) + ")");
  throw io_error(path.string() + ": unknown graph format (expected " + std::string(readable) + ")");
}

void save(const graph& g, const std::filesystem::path& path) {
  if (ends_with(path, ".kga")) return save_archive(g, path);
  if (ends_with(path, ".kgm")) return save_mapped(g, path);
  if (ends_with(path, ".json")) return save_json(g, path);
  if (ends_with(path, ".dot") || ends_with(path, ".gv")) return save_dot(g, path);
  if (ends_with(path, ".graphml")) return save_graphml(g, path);
  if (ends_with(path, ".nt")) return save_rdf(g, path, {.syntax = rdf_syntax::ntriples});
  if (ends_with(path, ".ttl")) return save_rdf(g, path, {.syntax = rdf_syntax::turtle});
  if (ends_with(path, ".csv")) return save_csv(g, path);
  if (ends_with(path, ".cypher")) return save_cypher(g, path);
  if (!path.has_extension() || ends_with(path, ".tsv")) return save_tsv(g, path);
  throw io_error(
      path.string() +
      ": unknown graph format (expected .kg.json, .kga, .kgm, .dot, .graphml, .nt, .ttl, "
      ".cypher, a folder name ending in .csv for CSV, or a folder name for TSV)");
}

std::filesystem::path bundled_graph_path() {
  const char* file = "korea_russia.kg.json";
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = self.parent_path().parent_path() / "share" / "entente" / file;
    if (std::filesystem::exists(installed, ec)) return installed;
  }
  return std::filesystem::path(ENTENTE_DATA_DIR) / file;
}

}  // namespace entente::io

#include <entente/io/archive.hpp>
#include <entente/io/json.hpp>
#include <entente/io/load.hpp>
#include <entente/io/tsv.hpp>

#include <unistd.h>
#include <system_error>

namespace entente::io {
namespace {

bool ends_with(const std::filesystem::path& p, std::string_view suffix) {
  return p.filename().string().ends_with(suffix);
}

}  // namespace

graph load(const std::filesystem::path& path, validation mode) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return load_tsv(path, {.mode = mode});
  if (!std::filesystem::exists(path, ec))
    throw io_error(path.string() + ": no such file or folder");
  if (ends_with(path, ".kga")) return load_archive(path);
  if (ends_with(path, ".json")) return load_json(path, mode);
  throw io_error(path.string() +
                 ": unknown graph format (expected a .kg.json or .kga file, or a folder with "
                 "entities.tsv and relations.tsv)");
}

void save(const graph& g, const std::filesystem::path& path) {
  if (ends_with(path, ".kga")) return save_archive(g, path);
  if (ends_with(path, ".json")) return save_json(g, path);
  if (!path.has_extension()) return save_tsv(g, path);
  throw io_error(path.string() +
                 ": unknown graph format (expected .kg.json, .kga, or a folder name)");
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

#pragma once
/// Reading and writing a graph by the form of its path: a `.kg.json` file, a `.kga` snapshot, a
/// `.kgm` mapped snapshot, a folder with `entities.tsv` and `relations.tsv`, and the imports: `.graphml`, `.nt`, `.ttl` and
/// CSV folders.

#include <entente/graph.hpp>
#include <entente/progress.hpp>

#include <filesystem>

namespace entente::io {

/// Loads the graph at `path`, choosing the reader by its form: `.kga` (`load_archive`), `.kgm`
/// (`load_mapped`: the file is mapped, not read), `.kg.json`/`.json` (`load_json`), `.graphml` (`load_graphml`), `.nt` and `.ttl` (`load_rdf`),
/// a folder whose name ends in `.csv` or that holds CSV files or Kùzu's schema.cypher but no
/// entities.tsv (`load_csv`), any other folder (`load_tsv`). Throws io_error for a path that is
/// none of them or does not exist. `progress` hears how far the streamed forms (TSV, CSV,
/// GraphML, RDF) have come; the others load in one step.
[[nodiscard]] graph load(const std::filesystem::path& path, validation mode = validation::strict,
                         const progress_callback& progress = {});

/// Saves `g` to `path` in the format its extension names: `.kg.json`/`.json`, `.kga`, `.kgm`,
/// `.graphml`, `.nt`, `.ttl`, a folder (no extension, or `.tsv`) for TSV, a folder ending in
/// `.csv` for Neo4j/Kùzu CSV; and the exports entente does not read back, `.dot`/`.gv` and
/// `.cypher` (a script that a write query runs to rebuild the graph).
void save(const graph& g, const std::filesystem::path& path);

/// An exclusive lock on the graph at `path` (a file, or a TSV folder) for one cycle of load,
/// change and save: two processes that each hold one while they do so never lose the other's
/// update. It waits while another process holds the lock, and follows the path to the file that
/// is there once it gets it (an atomic save puts a new file in the old one's place). Readers
/// need no lock: they see the old graph or the new one, whole. Throws io_error for a path that
/// does not exist or cannot be opened; the lock goes with the object or the process.
class graph_lock {
 public:
  explicit graph_lock(const std::filesystem::path& path);
  graph_lock(const graph_lock&) = delete;
  graph_lock& operator=(const graph_lock&) = delete;
  ~graph_lock();

 private:
  int fd_ = -1;
};

/// The bundled knowledge base (`korea_russia.kg.json`): found beside an installed program
/// (`../share/entente/`) or in the source tree the library was built from.
[[nodiscard]] std::filesystem::path bundled_graph_path();

}  // namespace entente::io

#pragma once
/// Graphviz DOT export: one node per entity (its name, kind underneath), one edge per relation
/// (its type; parallel relations stay separate edges). Edges show what an analyst reads first:
/// solid for confirmed, dashed for reported, dotted for alleged or speculated, grey for denied;
/// green for cooperation, red for conflict. `dot -Tsvg graph.dot -o graph.svg` draws it.

#include <entente/graph.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace entente::io {

/// What a DOT export shows.
struct dot_options {
  std::string title;                ///< the graph's label; none when empty
  std::vector<entity_index> focus;  ///< drawn in bold (the entities a picture is about)
  bool evidence_in_labels = false;  ///< "supports (reported)" rather than "supports"
  bool left_to_right = true;        ///< rankdir=LR: reads better for chains of relations
};

/// The graph as DOT text. Ids, names and labels are quoted and escaped, so any text is safe.
[[nodiscard]] std::string write_dot(const graph& g, const dot_options& opts = {});
/// Writes the DOT text to `file` atomically.
void save_dot(const graph& g, const std::filesystem::path& file, const dot_options& opts = {});

}  // namespace entente::io

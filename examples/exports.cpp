// What lies within one relation (reported or surer) of Sergey Lavrov, cut out of the knowledge base
// and written for other tools: a Graphviz picture, RDF (Turtle) and CSV for Neo4j or Kùzu.
//
//   build/bin/exports [FOLDER]   (default: the current folder)

#include <entente/entente.hpp>

#include <filesystem>

int main(int argc, char** argv) {
  const std::filesystem::path folder = argc > 1 ? argv[1] : ".";
  auto g = entente::io::load(entente::io::bundled_graph_path());
  auto sure = entente::make_view(g, {.min_evidence = entente::evidence::reported});
  auto lavrov = g.at("Сергей Лавров");

  // The entities one such relation away, Lavrov first, as a graph of their own.
  auto around = entente::subgraph(sure, entente::neighbourhood(sure, lavrov, 1));
  fmt::print("{} entities and {} relations within one relation (reported or surer) of {}:\n",
             around.num_entities(), around.num_relations(), g.entity(lavrov).name());
  for (entente::relation_index r = 0; r < around.num_relations(); ++r)
    fmt::print("  {}\n", around.relation(r));

  entente::io::save_dot(around, folder / "lavrov.dot", {.title = "Sergey Lavrov", .focus = {0}});
  entente::io::save(around, folder / "lavrov.ttl");  // the format follows the extension
  entente::io::save(around, folder / "lavrov.csv");  // a folder of CSV files and load.cypher
  for (const char* name : {"lavrov.dot", "lavrov.ttl", "lavrov.csv"})
    fmt::print("wrote {}\n", (folder / name).string());
}

// A new report arrives: declare it, add what it says with its citation, update what changed,
// and see a refused write leave the graph as it was.
#include <entente/entente.hpp>
#include <entente/query.hpp>

int main() {
  auto g = entente::io::load(entente::io::bundled_graph_path());

  // The report as a source document, declared in Cypher.
  entente::query(g, R"(CREATE (:Source {id: "kcna-2026-11", title: "KCNA, 12 November",
                                        published: "2026-11-12"}))");

  // Its claims as rows, each relation citing it.
  entente::query_options opts;
  opts.parameters["rows"] = entente::query_value::list{
      entente::query_value::map{{"from", "PRK"}, {"to", "RUS"}, {"item", "drones"}},
      entente::query_value::map{{"from", "PRK"}, {"to", "RUS"}, {"item", "missiles"}}};
  opts.cite = {{"kcna-2026-11", "shipments continue", std::nullopt}};
  auto made = entente::query(g,
                             "UNWIND $rows AS r MATCH (a {id: r.from}), (b {id: r.to}) "
                             "CREATE (a)-[:supplies {item: r.item, evidence: 'alleged'}]->(b)",
                             opts);
  fmt::print("{}\n", entente::to_string(made.changes()));

  // MERGE finds what is there; ON MATCH SET updates it.
  auto merged = entente::query(g, R"(MATCH (a {id: "PRK"}), (b {id: "RUS"})
                                     MERGE (a)-[r:supplies {item: "drones"}]->(b)
                                       ON MATCH SET r.evidence = "reported"
                                     RETURN r.evidence AS evidence, size(r.sources) AS sources)");
  fmt::print("drones: {}, cited by {} source\n", merged[0][0].as_string(), merged[0][1]);

  // A refused write changes nothing: North Korea still has its relations.
  auto relations = g.num_relations();
  try {
    entente::query(g, R"(MATCH (n {id: "PRK"}) SET n.name = "DPRK" DELETE n)");
  } catch (const entente::cypher::write_error& e) {
    fmt::print("refused: {}\n", std::string_view(e.what()).substr(0, 60));
  }
  fmt::print("{} relations, name still {}\n", g.num_relations() == relations ? "same" : "fewer",
             g.entity(g.at("PRK")).name());
}

// Three ways to ask the bundled knowledge base the same kind of question: Cypher text, a
// prepared query run once per actor, and the C++ builder.
#include <entente/entente.hpp>
#include <entente/query.hpp>

int main() {
  auto g = entente::io::load(entente::io::bundled_graph_path());

  // Cypher text with a parameter and an evidence floor.
  auto suppliers = entente::query(
      g, "MATCH (a)-[r:supplies]->(b {name: $to}) RETURN a.name AS supplier, r.item AS item",
      {.parameters = {{"to", "Russia"}}, .min_evidence = entente::evidence::alleged});
  fmt::print("Supplies to Russia, alleged or surer:\n");
  for (const auto& row : suppliers)
    fmt::print("  {} supplies {}\n", row[0].as_string(), row[1].as_string());

  // Planned once, run per actor.
  entente::prepared_query ties(g, "MATCH (a {id: $id})-[r]-() RETURN count(r) AS ties");
  fmt::print("\nRelations per actor:\n");
  for (const char* id : {"PRK", "RUS", "UKR"})
    fmt::print("  {:<4}{}\n", id, ties.run({.parameters = {{"id", id}}})[0][0]);

  // The builder: the pattern in C++, run by the same engine.
  using namespace entente::pattern;
  auto backers =
      entente::match(
          node("a", "State").out("supports", "r").to(node("b", "", {{"name", "Russia"}})))
          .where(prop("r", "evidence") == "confirmed")
          .returns(prop("a", "name").as("supporter"));
  fmt::print("\n{}\n", backers.text());
  for (const auto& row : backers.run(g)) fmt::print("  -> {}\n", row[0].as_string());
}

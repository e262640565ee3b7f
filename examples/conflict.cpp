// Who condemns or sanctions whom, with evidence and time.
#include <entente/entente.hpp>

int main() {
  auto g = entente::io::load(entente::io::bundled_graph_path());
  for (const char* type : {"sanctions", "condemns"}) {
    auto relations = g.relations_of_type(type);
    fmt::print("{} ({}):\n", type, relations.size());
    for (auto r : relations) {
      auto rel = g.relation(r);
      fmt::print("  {:<22} → {:<22} {}", g.entity(rel.from()).name(), g.entity(rel.to()).name(),
                 rel.evidence());
      if (!rel.valid().is_open()) fmt::print(", {}", rel.valid());
      fmt::print("\n");
    }
  }
}

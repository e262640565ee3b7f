// A program outside the source tree that uses entente as an installed or embedded library.
#include <entente/entente.hpp>

#include <fmt/core.h>

int main() {
  entente::graph g;
  g.add_entity({"PRK", "State", "North Korea", {"DPRK"}});
  g.add_entity({"RUS", "State", "Russia", {}});
  g.add_relation({"PRK", "supports", "RUS", entente::evidence::confirmed});
  auto json = entente::io::write_json(g);
  auto back = entente::io::read_json(json);
  if (!(back == g) || back.at("DPRK") != g.at("PRK")) return 1;
  fmt::print("{} entities, {} relation\n", back.num_entities(), back.num_relations());
  return 0;
}

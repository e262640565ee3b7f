// What flows between North Korea and Russia, in each direction: what one supplies to the other,
// and what one seeks from the other.
#include <entente/entente.hpp>

namespace {

// The item a `supplies` or `seeks` relation is about, by name.
std::string item_of(const entente::graph& g, const entente::relation& r, entente::entity_index to) {
  if (const auto* item = r.attributes().find("item"))
    if (const auto* id = std::get_if<std::string>(item))
      if (auto e = g.find_id(*id)) return std::string(g.entity(*e).name());
  return std::string(g.entity(to).name());
}

void print_flows(const entente::graph& g, entente::entity_index from, entente::entity_index to) {
  auto supplies = g.schema().relation_type("supplies");
  auto seeks = g.schema().relation_type("seeks");
  fmt::print("\n{} → {}\n", g.entity(from).name(), g.entity(to).name());
  for (const auto& a : g.out_relations(from, supplies))
    if (a.other == to) {
      auto r = g.relation(a.relation);
      fmt::print("  supplies  {:<32} {}\n", item_of(g, r, a.other), r.evidence());
    }
  // `seeks` points at the item; the `from` attribute names who it is sought from.
  for (const auto& a : g.out_relations(from, seeks)) {
    auto r = g.relation(a.relation);
    const auto* source = r.attributes().find("from");
    if (source && std::get_if<std::string>(source) &&
        std::get<std::string>(*source) == g.entity(to).id())
      fmt::print("  seeks     {:<32} {}\n", g.entity(a.other).name(), r.evidence());
  }
}

}  // namespace

int main() {
  auto g = entente::io::load(entente::io::bundled_graph_path());
  auto north_korea = g.at("North Korea");
  auto russia = g.at("Russia");
  fmt::print("What flows between North Korea and Russia (item, evidence)\n");
  print_flows(g, north_korea, russia);
  print_flows(g, russia, north_korea);
}

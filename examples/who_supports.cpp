// Who supports Russia, in what way, and how sure are we? Every cooperative relation that ends
// at Russia, surest first, with the words of the source that says so.
#include <entente/entente.hpp>

#include <algorithm>

int main() {
  auto g = entente::io::load(entente::io::bundled_graph_path());
  auto russia = g.at("Russia");

  std::vector<entente::relation> backing;
  for (const auto& a : g.in_relations(russia))
    if (g.schema().relation_type_at(a.type).polarity == entente::polarity::cooperation)
      backing.push_back(g.relation(a.relation));
  std::stable_sort(backing.begin(), backing.end(),
                   [](const auto& x, const auto& y) { return x.evidence() > y.evidence(); });

  fmt::print("Who backs {}, surest first ({} relations):\n", g.entity(russia).name(),
             backing.size());
  for (const auto& r : backing) {
    fmt::print("\n  {:<11} {:n} -[{}]-> {:n}", r.evidence(), g.entity(r.from()), r.type_name(),
               g.entity(r.to()));
    if (!r.attributes().empty()) fmt::print(" {}", r.attributes());
    if (!r.valid().is_open()) fmt::print(" ({})", r.valid());
    fmt::print("\n");
    // The first quote of each source is evidence enough; the rest are counted.
    std::vector<entente::source_index> quoted;
    std::size_t more = 0;
    for (const auto& c : r.citations()) {
      if (c.quote.empty()) continue;
      if (std::find(quoted.begin(), quoted.end(), c.source) != quoted.end()) {
        ++more;
        continue;
      }
      quoted.push_back(c.source);
      fmt::print("{:14}“{}” ({})\n", "", c.quote, g.source_at(c.source).id);
    }
    if (more > 0) fmt::print("{:14}… and {} more quote{}\n", "", more, more == 1 ? "" : "s");
  }
}

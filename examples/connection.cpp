// How is a person connected to a war? The shortest chain of relations from one entity to
// another, in either direction, each step with its evidence and the words of its sources.
// Usage: connection [FROM] [TO]   (default: "Kim Jong-un" "Ukraine"; any alias, any script)
#include <entente/entente.hpp>

#include <boost/graph/breadth_first_search.hpp>

#include <algorithm>

namespace {

// Records, for each entity reached, the relation it was reached by.
struct record_step : boost::default_bfs_visitor {
  std::vector<entente::undirected_edge>* reached_by;
  template <class Edge, class Graph>
  void tree_edge(const Edge& e, const Graph& g) const {
    (*reached_by)[target(e, g)] = e;
  }
};

}  // namespace

int main(int argc, char** argv) try {
  auto g = entente::io::load(entente::io::bundled_graph_path());
  auto from = g.at(argc > 1 ? argv[1] : "Kim Jong-un");
  auto to = g.at(argc > 2 ? argv[2] : "Ukraine");

  // Relations are followed both ways: "Russia wages war on Ukraine" connects Ukraine to Russia.
  auto both_ways = entente::make_undirected(g);
  std::vector<entente::undirected_edge> reached_by(g.num_entities());
  boost::breadth_first_search(both_ways, from, boost::visitor(record_step{{}, &reached_by}));
  if (from != to && reached_by[to].relation == entente::no_index) {
    fmt::print("{} is not connected to {}\n", g.entity(from).name(), g.entity(to).name());
    return 1;
  }

  std::vector<entente::relation_index> chain;
  for (auto at = to; at != from;) {
    const auto& step = reached_by[at];
    chain.insert(chain.begin(), step.relation);
    at = step.reversed ? g.to(step.relation) : g.from(step.relation);
  }
  entente::path p(g, from, chain);
  fmt::print("{}\n", p);
  for (const auto& step : p.steps()) {
    auto r = g.relation(step.relation);
    fmt::print("\n  {:s}\n    {}", r, r.evidence());
    if (!r.valid().is_open()) fmt::print(", {}", r.valid());
    fmt::print("\n");
    // One line per source: its first quote, or its title when it gives none.
    std::vector<entente::source_index> shown;
    for (const auto& c : r.citations()) {
      if (std::find(shown.begin(), shown.end(), c.source) != shown.end()) continue;
      shown.push_back(c.source);
      const auto& source = g.source_at(c.source);
      if (c.quote.empty())
        fmt::print("    source: {}\n", source.title);
      else
        fmt::print("    source: {}: “{}”\n", source.id, c.quote);
    }
  }
} catch (const entente::error& e) {
  fmt::print(stderr, "connection: {}\n", e.what());
  return 2;
}

// First steps with entente: load the bundled knowledge base, look names up in any script,
// read relations, and run a Boost.Graph algorithm on a filtered view. (The README shows this.)
#include <entente/entente.hpp>

#include <boost/graph/breadth_first_search.hpp>

int main() {
  auto g = entente::io::load(entente::io::bundled_graph_path());
  auto kim = g.at("Ким Чен Ын");  // any alias, any script
  fmt::print("{}\n", g.entity(kim));

  // What North Korea supplies, with evidence, time and sources:
  auto supplies = g.schema().relation_type("supplies");
  for (const auto& a : g.out_relations(g.at("DPRK"), supplies))
    fmt::print("  {}\n", g.relation(a.relation));

  // Who Kim reaches through cooperation that is at least reported, as a Boost.Graph:
  auto sure = entente::make_view(g, {.relation_types = {"leads", "supports", "supplies"},
                                     .min_evidence = entente::evidence::reported});
  std::vector<int> hops(num_vertices(sure), -1);
  hops[kim] = 0;
  boost::breadth_first_search(
      sure, kim,
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(hops.begin(), get(boost::vertex_index, sure)),
          boost::on_tree_edge()))));
  for (entente::entity_index e = 0; e < g.num_entities(); ++e)
    if (hops[e] > 0) fmt::print("  {} hop(s): {:n}\n", hops[e], g.entity(e));
}

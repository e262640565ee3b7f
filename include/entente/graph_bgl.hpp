#pragma once
/// The Boost.Graph adaptation of `graph`: the free functions and property maps BGL algorithms
/// call (IncidenceGraph, BidirectionalGraph, AdjacencyGraph, VertexListGraph, EdgeListGraph).
/// graph.hpp includes it, so a graph is a BGL graph wherever it is known.

#include <entente/graph.hpp>

#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/property_map/property_map.hpp>

#include <cstddef>
#include <utility>

namespace entente {

inline std::pair<graph::out_edge_iterator, graph::out_edge_iterator> out_edges(entity_index v,
                                                                               const graph& g) {
  auto span = g.out_relations(v);
  return {graph::out_edge_iterator(span.data()),
          graph::out_edge_iterator(span.data() + span.size())};
}
inline std::pair<graph::out_edge_iterator, graph::out_edge_iterator> in_edges(entity_index v,
                                                                              const graph& g) {
  auto span = g.in_relations(v);
  return {graph::out_edge_iterator(span.data()),
          graph::out_edge_iterator(span.data() + span.size())};
}
inline std::pair<graph::adjacency_iterator, graph::adjacency_iterator> adjacent_vertices(
    entity_index v, const graph& g) {
  auto span = g.out_relations(v);
  return {graph::adjacency_iterator(span.data()),
          graph::adjacency_iterator(span.data() + span.size())};
}
inline std::size_t out_degree(entity_index v, const graph& g) { return g.out_relations(v).size(); }
inline std::size_t in_degree(entity_index v, const graph& g) { return g.in_relations(v).size(); }
inline std::size_t degree(entity_index v, const graph& g) {
  return out_degree(v, g) + in_degree(v, g);
}
inline entity_index source(relation_index r, const graph& g) { return g.from(r); }
inline entity_index target(relation_index r, const graph& g) { return g.to(r); }
inline std::pair<boost::counting_iterator<entity_index>, boost::counting_iterator<entity_index>>
vertices(const graph& g) {
  return {entity_index{0}, static_cast<entity_index>(g.num_entities())};
}
inline std::pair<boost::counting_iterator<relation_index>, boost::counting_iterator<relation_index>>
edges(const graph& g) {
  return {relation_index{0}, static_cast<relation_index>(g.num_relations())};
}
inline std::size_t num_vertices(const graph& g) { return g.num_entities(); }
inline std::size_t num_edges(const graph& g) { return g.num_relations(); }

inline boost::typed_identity_property_map<entity_index> get(boost::vertex_index_t, const graph&) {
  return {};
}
inline boost::typed_identity_property_map<relation_index> get(boost::edge_index_t, const graph&) {
  return {};
}
inline entity_index get(boost::vertex_index_t, const graph&, entity_index v) { return v; }
inline relation_index get(boost::edge_index_t, const graph&, relation_index r) { return r; }

}  // namespace entente

namespace boost {

template <>
struct property_map<entente::graph, vertex_index_t> {
  using type = typed_identity_property_map<entente::entity_index>;
  using const_type = type;
};
template <>
struct property_map<entente::graph, edge_index_t> {
  using type = typed_identity_property_map<entente::relation_index>;
  using const_type = type;
};

}  // namespace boost

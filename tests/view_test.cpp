#include <entente/view.hpp>

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/page_rank.hpp>
#include <boost/property_map/function_property_map.hpp>

#include <doctest/doctest.h>

#include "testing.hpp"

#include <thread>
#include <vector>

using namespace entente;

BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<view>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<view>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<view>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<view>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<undirected<graph>>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<undirected<view>>));

namespace {
// The relations a view keeps, as "FROM type TO" lines.
std::vector<std::string> kept(const view& v) {
  std::vector<std::string> lines;
  const auto& g = v.graph();
  for (auto [it, end] = edges(v); it != end; ++it)
    lines.push_back(std::string(g.entity(source(*it, v)).id()) + " " +
                    std::string(g.relation(*it).type_name()) + " " +
                    std::string(g.entity(target(*it, v)).id()));
  return lines;
}
using lines = std::vector<std::string>;
}  // namespace

TEST_CASE("view: an unfiltered view keeps everything") {
  auto g = testing::small_world();
  auto v = make_view(g);
  CHECK(num_edges(v) == g.num_relations());
  CHECK(num_vertices(v) == g.num_entities());
  CHECK(out_degree(g.at("PRK"), v) == out_degree(g.at("PRK"), g));
}

TEST_CASE("view: by relation type") {
  auto g = testing::small_world();
  auto v = make_view(g, {.relation_types = {"sanctions", "condemns"}});
  CHECK(kept(v) == lines{"USA sanctions RUS", "KOR condemns PRK", "european-union sanctions PRK"});
  CHECK(in_degree(g.at("PRK"), v) == 2);
  CHECK(out_degree(g.at("PRK"), v) == 0);
}

TEST_CASE("view: by kind, honouring the hierarchy") {
  auto g = testing::small_world();
  auto states = make_view(g, {.kinds = {"state"}});
  CHECK(kept(states) == lines{"PRK supports RUS", "PRK supports RUS", "PRK supplies RUS",
                              "RUS aids PRK", "RUS wages_war_on UKR", "USA sanctions RUS",
                              "USA supports UKR", "KOR condemns PRK"});
  std::size_t n = 0;
  for (auto [it, end] = vertices(states); it != end; ++it) ++n;
  CHECK(n == 5);
  auto actors = make_view(g, {.kinds = {"Actor"}});
  CHECK(num_edges(actors) == 13);  // only `seeks` ends at an Item
}

TEST_CASE("view: by minimum evidence drops less sure relations") {
  auto g = testing::small_world();
  auto sure = make_view(
      g, {.relation_types = {"supports", "supplies", "aids"}, .min_evidence = evidence::reported});
  CHECK(kept(sure) == lines{"PRK supports RUS", "PRK supplies RUS", "USA supports UKR"});
}

TEST_CASE("view: as_of keeps what held at that date") {
  auto g = testing::small_world();
  auto in_2015 = make_view(
      g, {.relation_types = {"supports", "sanctions", "wages_war_on"}, .as_of = date(2015)});
  CHECK(kept(in_2015) == lines{"USA sanctions RUS", "USA supports UKR"});
  auto mid_2024 = make_view(g, {.relation_types = {"visits"}, .as_of = date(2024, 7, 11)});
  CHECK(kept(mid_2024) == lines{"sergey-lavrov visits PRK"});
  auto late_2024 = make_view(g, {.relation_types = {"visits"}, .as_of = date(2024, 8)});
  CHECK(kept(late_2024).empty());
}

TEST_CASE("view: as_known keeps what sources had published by then") {
  auto g = testing::small_world();
  // article-b (2025-07-12) is the only source of the alleged support and of the visit.
  auto known = make_view(g, {.relation_types = {"supports", "visits"}, .as_known = date(2025, 1)});
  CHECK(kept(known) == lines{"PRK supports RUS", "USA supports UKR"});
  auto later = make_view(g, {.relation_types = {"supports", "visits"}, .as_known = date(2025)});
  CHECK(num_edges(later) == 4);  // 2025 overlaps the article's publication
}

TEST_CASE("view: by source") {
  auto g = testing::small_world();
  auto b = make_view(g, {.sources = {"article-b"}});
  CHECK(kept(b) == lines{"PRK supports RUS", "sergey-lavrov visits PRK"});
  CHECK_THROWS_WITH_AS(make_view(g, {.sources = {"article-c"}}),
                       "unknown source 'article-c'; did you mean \"article-a\" or \"article-b\"?",
                       lookup_error);
}

TEST_CASE("view: unknown type and kind names are errors with suggestions") {
  auto g = testing::small_world();
  CHECK_THROWS_WITH_AS(make_view(g, {.relation_types = {"sanction"}}),
                       "unknown relation type 'sanction'; did you mean \"sanctions\"?",
                       lookup_error);
  CHECK_THROWS_WITH_AS(make_view(g, {.kinds = {"Persons"}}),
                       "unknown kind 'Persons'; did you mean \"Person\"?", lookup_error);
}

TEST_CASE("view: breadth_first_search runs on a view") {
  auto g = testing::small_world();
  auto coop = make_view(g, {.relation_types = {"supports", "supplies", "aids", "leads"}});
  std::vector<int> dist(num_vertices(coop), -1);
  auto from = g.at("kim-jong-un");
  dist[from] = 0;
  boost::breadth_first_search(
      coop, from,
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(dist.begin(), get(boost::vertex_index, coop)),
          boost::on_tree_edge()))));
  CHECK(dist[g.at("RUS")] == 2);
  CHECK(dist[g.at("UKR")] == -1);  // war is not cooperation
}

TEST_CASE("view: dijkstra_shortest_paths runs on a view") {
  auto g = testing::small_world();
  auto sure = make_view(g, {.min_evidence = evidence::reported});
  std::vector<double> dist(num_vertices(sure));
  auto index = get(boost::vertex_index, sure);
  boost::dijkstra_shortest_paths(
      sure, g.at("RUS"),
      boost::weight_map(boost::make_function_property_map<relation_index>([](relation_index) {
        return 1.0;
      })).distance_map(boost::make_iterator_property_map(dist.begin(), index)));
  CHECK(dist[g.at("UKR")] == 1.0);
  CHECK(dist[g.at("PRK")] == std::numeric_limits<double>::max());  // `aids` is speculated
}

TEST_CASE("view: brandes_betweenness_centrality runs on a view") {
  auto g = testing::small_world();
  auto v = make_view(g, {.relation_types = {"supports", "wages_war_on"}});
  std::vector<double> centrality(num_vertices(v));
  boost::brandes_betweenness_centrality(
      v, boost::make_iterator_property_map(centrality.begin(), get(boost::vertex_index, v)));
  // PRK -> RUS -> UKR is the only path through anyone.
  CHECK(centrality[g.at("RUS")] == doctest::Approx(1.0));
  for (entity_index e = 0; e < g.num_entities(); ++e)
    if (e != g.at("RUS")) CHECK(centrality[e] == 0.0);
}

TEST_CASE("view: page_rank runs on a view") {
  auto g = testing::small_world();
  auto v = make_view(g, {.relation_types = {"supports"}});
  std::vector<double> rank(num_vertices(v));
  boost::graph::page_rank(
      v, boost::make_iterator_property_map(rank.begin(), get(boost::vertex_index, v)));
  // Worked by hand: a vertex without in-edges keeps 1-d = 0.15; Russia gets 0.15 + 0.85 * 0.15
  // from North Korea's two parallel edges; Ukraine the same from the United States.
  CHECK(rank[g.at("PRK")] == doctest::Approx(0.15));
  CHECK(rank[g.at("RUS")] == doctest::Approx(0.2775));
  CHECK(rank[g.at("UKR")] == doctest::Approx(0.2775));
  CHECK(rank[g.at("KOR")] == doctest::Approx(0.15));
}

TEST_CASE("view: connected_components runs on a view seen both ways") {
  auto g = testing::small_world();
  auto conflict = make_view(g, {.relation_types = {"sanctions", "condemns"}});
  std::vector<int> component(num_vertices(conflict));
  auto count = boost::connected_components(
      make_undirected(conflict),
      boost::make_iterator_property_map(component.begin(), get(boost::vertex_index, conflict)));
  // {USA, RUS}, {KOR, PRK, EU}, and five entities on their own.
  CHECK(count == 7);
  CHECK(component[g.at("USA")] == component[g.at("RUS")]);
  CHECK(component[g.at("KOR")] == component[g.at("european-union")]);
  CHECK(component[g.at("KOR")] != component[g.at("RUS")]);
}

TEST_CASE("view: subgraph copies what a view keeps of some entities, sources and all") {
  auto g = testing::small_world();
  const entity_index pair[] = {g.at("RUS"), g.at("PRK"), g.at("RUS")};
  auto sub = subgraph(make_view(g), pair);
  // In the order given, once each; the four relations between them, in index order.
  REQUIRE(sub.num_entities() == 2);
  CHECK(sub.entity(0).id() == "RUS");
  CHECK(sub.entity(1).aliases().size() == 5);
  REQUIRE(sub.num_relations() == 4);
  CHECK(sub.relation(0).type_name() == "supports");
  CHECK(sub.from(0) == 1);
  CHECK(sub.evidence(1) == evidence::alleged);
  CHECK(sub.relation_attributes(2).find("item") != nullptr);
  REQUIRE(sub.citations(0).size() == 1);
  CHECK(sub.source_at(sub.citations(0)[0].source).id == "article-a");
  CHECK(sub.citations(0)[0].quote == "fully and unconditionally supports");
  CHECK(sub.sources().size() == g.sources().size());
  CHECK(sub.find("김정은") == std::nullopt);
  CHECK(sub.find("Россия") == entity_index{0});
}

TEST_CASE("view: subgraph leaves out what the view drops") {
  auto g = testing::small_world();
  std::vector<entity_index> all(g.num_entities());
  for (entity_index e = 0; e < g.num_entities(); ++e) all[e] = e;
  auto confirmed = subgraph(make_view(g, {.min_evidence = evidence::confirmed}), all);
  CHECK(confirmed.num_entities() == 10);
  CHECK(confirmed.num_relations() == 9);
  auto states = subgraph(make_view(g, {.kinds = {"State"}}), all);
  CHECK(states.num_entities() == 5);
  CHECK(states.num_relations() == 8);
  const entity_index missing[] = {99};
  CHECK_THROWS_AS((void)subgraph(make_view(g), missing), lookup_error);
}

TEST_CASE("view: one view read from many threads at once, its relation count included") {
  auto g = testing::small_world();
  const auto confirmed = make_view(g, {.min_evidence = evidence::confirmed});
  // The count is made on first use: the threads race to make it (ThreadSanitizer watches).
  std::vector<std::size_t> counted(4), kept_out(4);
  std::vector<std::thread> readers;
  for (std::size_t t = 0; t < counted.size(); ++t)
    readers.emplace_back([&, t] {
      counted[t] = num_edges(confirmed);
      kept_out[t] = out_degree(g.at("USA"), confirmed);
    });
  for (auto& r : readers) r.join();
  for (std::size_t t = 0; t < counted.size(); ++t) {
    CHECK(counted[t] == 9);
    CHECK(kept_out[t] == 2);
  }
  const view copy = confirmed;  // counts again, for itself
  CHECK(num_edges(copy) == 9);
}

#include <entente/graph.hpp>
#include <entente/view.hpp>

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/page_rank.hpp>
#include <boost/property_map/function_property_map.hpp>

#include <doctest/doctest.h>

#include <thread>

#include "testing.hpp"

using namespace entente;

namespace {
std::vector<std::string> ids(const graph& g, const std::vector<entity_index>& es) {
  std::vector<std::string> out;
  for (auto e : es) out.emplace_back(g.entity(e).id());
  return out;
}
std::vector<int> bfs_distances(const graph& g, entity_index from) {
  std::vector<int> dist(num_vertices(g), -1);
  dist[from] = 0;
  boost::breadth_first_search(
      g, from,
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(dist.begin(), get(boost::vertex_index, g)),
          boost::on_tree_edge()))));
  return dist;
}
}  // namespace

BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<graph>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<graph>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<graph>));
BOOST_CONCEPT_ASSERT((boost::AdjacencyGraphConcept<graph>));

TEST_CASE("graph: entities are found by id and counted") {
  auto g = testing::small_world();
  CHECK(g.num_entities() == 10);
  CHECK(g.num_relations() == 14);
  auto prk = g.find_id("PRK");
  REQUIRE(prk.has_value());
  CHECK(g.entity(*prk).name() == "North Korea");
  CHECK(g.entity(*prk).kind_name() == "State");
  CHECK_FALSE(g.find_id("prk").has_value());  // ids are exact
  CHECK_FALSE(g.find_id("XXX").has_value());
  // A prefetch is only a hint: on any id, and on a graph with no strings yet, it changes nothing.
  g.prefetch_id("PRK");
  g.prefetch_id("XXX");
  graph{}.prefetch_id("PRK");
  CHECK(g.find_id("PRK") == prk);
}

TEST_CASE("graph: adding a duplicate id, an empty id or an unknown kind is refused") {
  auto g = testing::small_world();
  CHECK_THROWS_WITH_AS(g.add_entity({"PRK", "State", "Again"}),
                       "entity 'PRK' is already in the graph", error);
  CHECK_THROWS_WITH_AS(g.add_entity({"", "State", "Nameless"}), "an entity needs an id", error);
  CHECK_THROWS_WITH_AS(g.add_entity({"ATL", "Stat", "Atlantis"}),
                       "entity 'ATL' has unknown kind 'Stat'; did you mean \"State\"?",
                       lookup_error);
  CHECK(g.num_entities() == 10);
}

TEST_CASE("graph: many relations may join the same pair") {
  auto g = testing::small_world();
  auto prk = g.at("PRK");
  auto supports = g.schema().relation_type("supports");
  auto parallel = g.out_relations(prk, supports);
  REQUIRE(parallel.size() == 2);
  CHECK(parallel[0].other == parallel[1].other);
  CHECK(g.evidence(parallel[0].relation) == evidence::confirmed);
  CHECK(g.evidence(parallel[1].relation) == evidence::alleged);
}

TEST_CASE("graph: a vertex's relations of one type come without its others") {
  auto g = testing::small_world();
  auto rus = g.at("RUS");
  auto all_in = g.in_relations(rus);
  CHECK(all_in.size() == 6);
  for (std::size_t i = 1; i < all_in.size(); ++i) CHECK(all_in[i - 1].type <= all_in[i].type);
  auto sanctions = g.schema().relation_type("sanctions");
  auto sanctioned = g.in_relations(rus, sanctions);
  REQUIRE(sanctioned.size() == 1);
  CHECK(g.entity(sanctioned[0].other).id() == "USA");
  CHECK(g.out_relations(rus, sanctions).empty());
  CHECK(g.relations_of_type("sanctions").size() == 2);
  CHECK(g.relations_of_type("supports").size() == 3);
}

TEST_CASE("graph: kind lookups honour the hierarchy") {
  auto g = testing::small_world();
  CHECK(ids(g, g.entities_of_kind("State")) ==
        std::vector<std::string>{"PRK", "RUS", "UKR", "USA", "KOR"});
  CHECK(g.entities_of_kind("Actor").size() == 9);  // every state, person and organization
  CHECK(g.entities_of_kind("Actor", false).empty());
  CHECK(ids(g, g.entities_of_kind("item")) == std::vector<std::string>{"artillery-shells"});
}

TEST_CASE("graph: strict mode refuses a relation outside its type's domain") {
  auto g = testing::small_world();
  CHECK_THROWS_WITH_AS(
      g.add_relation({"PRK", "leads", "RUS"}),
      "relation PRK -[leads]-> RUS breaks rule leads.domain: the source must be Person, not State",
      schema_error);
  CHECK(g.num_relations() == 14);
}

TEST_CASE("graph: lenient mode keeps the relation and records a warning") {
  graph g(schema::geopolitics(), validation::lenient);
  g.add_entity({"PRK", "State", "North Korea"});
  g.add_entity({"shells", "Item", "artillery shells"});
  auto r = g.add_relation({"shells", "supports", "PRK"});
  CHECK(g.num_relations() == 1);
  CHECK(g.relation(r).type_name() == "supports");
  REQUIRE(g.warnings().size() == 1);
  CHECK(g.warnings()[0] ==
        "relation shells -[supports]-> PRK breaks rule supports.domain: the source must be "
        "Actor, not Item");
}

TEST_CASE("graph: relations name unknown endpoints, types and sources clearly") {
  auto g = testing::small_world();
  CHECK_THROWS_AS(g.add_relation({"PRK", "supports", "Atlantis"}), lookup_error);
  CHECK_THROWS_WITH_AS(g.add_relation({"PRK", "suports", "RUS"}),
                       "unknown relation type 'suports'; did you mean \"supports\"?", lookup_error);
  CHECK_THROWS_WITH_AS(
      g.add_relation({"PRK", "supports", "RUS", evidence::reported, {}, {{"article-c", "", {}}}}),
      "unknown source 'article-c'; did you mean \"article-a\" or \"article-b\"?", lookup_error);
  CHECK(g.num_relations() == 14);
}

TEST_CASE("graph: relations carry evidence, time, citations and attributes") {
  auto g = testing::small_world();
  auto prk = g.at("PRK");
  auto supplies = g.out_relations(prk, g.schema().relation_type("supplies"));
  REQUIRE(supplies.size() == 1);
  auto r = g.relation(supplies[0].relation);
  CHECK(r.evidence() == evidence::reported);
  CHECK(r.valid().since == date(2023, 9));
  CHECK_FALSE(r.valid().until.is_set());
  REQUIRE(r.citations().size() == 1);
  CHECK(g.source_at(r.citations()[0].source).id == "article-a");
  CHECK(std::get<std::string>(*r.attributes().find("item")) == "artillery-shells");
}

TEST_CASE("graph: entities and relations can be updated") {
  auto g = testing::small_world();
  auto kor = g.at("KOR");
  g.set_name(kor, "Republic of Korea");
  g.add_alias(kor, "ROK");
  g.set_attribute(kor, "capital", std::string("Seoul"));
  g.set_external_id(kor, "wikidata", "Q884");
  auto e = g.entity(kor);
  CHECK(e.name() == "Republic of Korea");
  CHECK(e.aliases().back() == "ROK");
  CHECK(std::get<std::string>(*e.attributes().find("capital")) == "Seoul");
  CHECK(e.external_ids() == std::vector<std::pair<std::string, std::string>>{{"wikidata", "Q884"}});
  CHECK(g.erase_attribute(kor, "capital"));

  auto condemns = g.out_relations(kor)[0].relation;
  g.set_evidence(condemns, evidence::confirmed);
  g.set_valid(condemns, {date(2024, 6), {}});
  g.add_citation(condemns, citation_spec{"article-b", "strongly condemned", text_span{10, 28}});
  g.set_relation_attribute(condemns, "venue", std::string("UN"));
  auto r = g.relation(condemns);
  CHECK(r.evidence() == evidence::confirmed);
  CHECK(r.valid().since == date(2024, 6));
  REQUIRE(r.citations().size() == 2);
  CHECK(r.citations()[1].span == text_span{10, 28});
  CHECK(std::get<std::string>(*r.attributes().find("venue")) == "UN");
}

TEST_CASE("graph: removing a relation moves the last one into its place") {
  auto g = testing::small_world();
  auto last = g.relation(13);
  auto from = last.from();
  g.remove_relation(0);  // kim-jong-un leads PRK
  CHECK(g.num_relations() == 13);
  CHECK(g.from(0) == from);  // EU sanctions PRK took number 0
  CHECK(g.relation(0).type_name() == "sanctions");
  CHECK(g.out_relations(g.at("kim-jong-un")).empty());
}

TEST_CASE("graph: removing an entity removes its relations and renumbers the last entity") {
  auto g = testing::small_world();
  g.remove_entity(g.at("RUS"));
  CHECK(g.num_entities() == 9);
  CHECK(g.num_relations() == 5);  // the 9 relations touching Russia are gone
  CHECK_FALSE(g.find_id("RUS").has_value());
  auto eu = g.at("european-union");
  CHECK(eu == 1);  // the last entity took Russia's number
  CHECK(g.entity(eu).name() == "European Union");
  auto sanctioned = g.out_relations(eu);
  REQUIRE(sanctioned.size() == 1);
  CHECK(g.entity(sanctioned[0].other).id() == "PRK");
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    CHECK(g.from(r) < g.num_entities());
    CHECK(g.to(r) < g.num_entities());
  }
}

TEST_CASE("graph: erase removes many at once, keeping the order of what stays") {
  auto g = testing::small_world();
  std::vector<std::string> ids_before;
  for (entity_index e = 0; e < g.num_entities(); ++e) ids_before.emplace_back(g.entity(e).id());
  auto rus = g.at("RUS");
  auto first_kept = g.out_relations(g.at("PRK"));
  REQUIRE_FALSE(first_kept.empty());
  // Russia (and its 9 relations), one relation named twice, and one already among Russia's.
  relation_index touching_russia = g.in_relations(rus)[0].relation;
  relation_index other = no_index;
  for (relation_index r = 0; r < g.num_relations(); ++r)
    if (g.from(r) != rus && g.to(r) != rus) {
      other = r;
      break;
    }
  std::vector<entity_index> entities{rus, rus};
  std::vector<relation_index> relations{other, touching_russia, other};
  auto moved = g.erase(entities, relations);
  CHECK(g.num_entities() == 9);
  CHECK(g.num_relations() == 4);
  CHECK(moved.entities[rus] == no_index);
  CHECK(moved.relations[other] == no_index);
  CHECK(moved.relations[touching_russia] == no_index);
  std::vector<std::string> ids_after;
  for (entity_index e = 0; e < g.num_entities(); ++e) ids_after.emplace_back(g.entity(e).id());
  ids_before.erase(ids_before.begin() + rus);
  CHECK(ids_after == ids_before);
  CHECK_FALSE(g.find_id("RUS").has_value());
  for (entity_index e = 0; e < g.num_entities(); ++e) CHECK(g.find_id(g.entity(e).id()) == e);
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    CHECK(g.from(r) < g.num_entities());
    CHECK(g.to(r) < g.num_entities());
  }
  // Relations kept their order, their ends and their citations.
  auto h = testing::small_world();
  for (relation_index r = 0; r < h.num_relations(); ++r) {
    auto to = moved.relations[r];
    if (to == no_index) continue;
    CHECK(g.entity(g.from(to)).id() == h.entity(h.from(r)).id());
    CHECK(g.entity(g.to(to)).id() == h.entity(h.to(r)).id());
    CHECK(g.citations(to).size() == h.citations(r).size());
  }
  CHECK(g.out_relations(g.at("PRK")).size() + g.in_relations(g.at("PRK")).size() > 0);
  // Out of range: nothing changes.
  std::vector<entity_index> bad{99};
  CHECK_THROWS_AS(g.erase(bad, {}), lookup_error);
  CHECK(g.num_entities() == 9);
  // Nothing to erase is fine.
  auto same = g.erase({}, {});
  CHECK(same.entities.size() == 9);
  CHECK(g.num_entities() == 9);
}

TEST_CASE("graph: a new kind must keep the schema for every relation of the entity") {
  auto g = testing::small_world();
  auto kim = g.at("kim-jong-un");
  CHECK_THROWS_WITH_AS(g.set_kind(kim, "Organization"),
                       "relation kim-jong-un -[leads]-> PRK breaks rule leads.domain: the source "
                       "must be Person, not Organization",
                       schema_error);
  CHECK(g.entity(kim).kind_name() == "Person");
  g.set_kind(g.at("PRK"), "Organization");  // an Actor still: every relation of it holds
  CHECK(g.entities_of_kind("Organization").size() == 2);

  graph lenient(schema::geopolitics(), validation::lenient);
  lenient.add_entity({"kim", "Person", "Kim"});
  lenient.add_entity({"PRK", "State", "North Korea"});
  lenient.add_relation({"kim", "leads", "PRK"});
  lenient.set_kind(lenient.at("kim"), "Item");
  CHECK(lenient.entity(lenient.at("kim")).kind_name() == "Item");
  REQUIRE(lenient.warnings().size() == 1);
  CHECK(
      lenient.warnings()[0] ==
      "relation kim -[leads]-> PRK breaks rule leads.domain: the source must be Person, not Item");
}

TEST_CASE("graph: an open schema declares a kind or type the first time one is used") {
  graph g(schema::open());
  CHECK(g.schema().is_open());
  CHECK(g.schema().num_kinds() == 0);
  g.add_entity({"a", "Person", "A", {}, {}, {}});
  g.add_entity({"b", "Person", "B", {}, {}, {}});
  g.add_relation({"a", "KNOWS", "b", evidence::reported, {}, {}, {}});
  CHECK(g.schema().kind_names() == std::vector<std::string>{"Person"});
  CHECK(g.schema().relation_type_names() == std::vector<std::string>{"KNOWS"});
  g.set_kind(g.at("b"), "Robot");
  CHECK(g.entity(g.at("b")).kind_name() == "Robot");
  CHECK_FALSE(graph(schema::open()) == graph());  // open is part of the schema
  graph closed;
  CHECK_THROWS_AS(closed.add_entity({"a", "Robot", "A", {}, {}, {}}), lookup_error);
}

TEST_CASE("graph: aliases and citations can be replaced") {
  auto g = testing::small_world();
  auto prk = g.at("PRK");
  g.set_aliases(prk, {"DPRK", "Chosŏn"});
  CHECK(g.entity(prk).aliases() == std::vector<std::string_view>{"DPRK", "Chosŏn"});
  CHECK(g.at("choson") == prk);
  relation_index r = g.out_relations(prk)[0].relation;
  auto source = g.sources().front().id;
  g.set_citations(r, {{source, "a quote", {}}});
  REQUIRE(g.citations(r).size() == 1);
  CHECK(g.citations(r)[0].quote == "a quote");
  CHECK_THROWS_AS(g.set_citations(r, {{"no-such-source", "", {}}}), lookup_error);
  CHECK(g.citations(r).size() == 1);
  g.set_citations(r, {});
  CHECK(g.citations(r).empty());
}

TEST_CASE("graph: out-of-range numbers are errors, not crashes") {
  auto g = testing::small_world();
  CHECK_THROWS_WITH_AS((void)g.entity(99), "no entity number 99 (the graph has 10)", lookup_error);
  CHECK_THROWS_AS((void)g.relation(14), lookup_error);
  CHECK_THROWS_AS(g.remove_relation(14), lookup_error);
  CHECK_THROWS_AS((void)g.add_relation(0, 0, 99), lookup_error);
}

TEST_CASE("graph: a path lists relations, each walked forwards or backwards") {
  auto g = testing::small_world();
  auto kim = g.at("kim-jong-un");
  auto leads = g.out_relations(kim)[0].relation;
  auto prk = g.at("PRK");
  auto condemned = g.in_relations(prk, g.schema().relation_type("condemns"))[0].relation;
  path p(g, kim, {leads, condemned});
  CHECK(p.length() == 2);
  CHECK(ids(g, p.nodes()) == std::vector<std::string>{"kim-jong-un", "PRK", "KOR"});
  CHECK_FALSE(p.steps()[0].reversed);
  CHECK(p.steps()[1].reversed);
  CHECK_THROWS_AS(p.push_back(leads), error);
}

TEST_CASE("graph: copies are independent") {
  auto g = testing::small_world();
  graph copy = g;
  copy.remove_entity(copy.at("USA"));
  CHECK(g.num_entities() == 10);
  CHECK(copy.num_entities() == 9);
  CHECK(g == testing::small_world());
  CHECK_FALSE(g == copy);
  CHECK(copy.out_relations(copy.at("PRK")).size() == 3);
}

TEST_CASE("graph: const lookups are safe from many threads at once") {
  auto g = testing::small_world();
  std::vector<std::thread> readers;
  std::vector<std::size_t> seen(4);
  for (std::size_t t = 0; t < 4; ++t)
    readers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) seen[t] += g.in_relations(g.at("Russia")).size();
    });
  for (auto& r : readers) r.join();
  for (auto s : seen) CHECK(s == 50 * 6);
}

TEST_CASE("graph: breadth_first_search runs on the graph") {
  auto g = testing::small_world();
  auto dist = bfs_distances(g, g.at("kim-jong-un"));
  CHECK(dist[g.at("PRK")] == 1);
  CHECK(dist[g.at("RUS")] == 2);
  CHECK(dist[g.at("UKR")] == 3);
  CHECK(dist[g.at("artillery-shells")] == 3);
  CHECK(dist[g.at("USA")] == -1);  // nothing leads from Kim to the United States
}

TEST_CASE("graph: dijkstra_shortest_paths takes a weight of the relation") {
  auto g = testing::small_world();
  // Less sure relations cost more: confirmed 1, reported 2, alleged 3, speculated 4.
  auto cost = [&](relation_index r) { return 5.0 - static_cast<double>(g.evidence(r)); };
  std::vector<double> dist(num_vertices(g));
  std::vector<entity_index> pred(num_vertices(g));
  auto index = get(boost::vertex_index, g);
  boost::dijkstra_shortest_paths(
      g, g.at("kim-jong-un"),
      boost::weight_map(boost::make_function_property_map<relation_index>(cost))
          .distance_map(boost::make_iterator_property_map(dist.begin(), index))
          .predecessor_map(boost::make_iterator_property_map(pred.begin(), index)));
  CHECK(dist[g.at("RUS")] == doctest::Approx(2.0));  // through the confirmed `supports`
  CHECK(dist[g.at("UKR")] == doctest::Approx(3.0));
  CHECK(dist[g.at("artillery-shells")] == doctest::Approx(4.0));  // the `seeks` is reported
  CHECK(pred[g.at("UKR")] == g.at("RUS"));
}

TEST_CASE("graph: brandes_betweenness_centrality finds the broker") {
  auto g = testing::small_world();
  std::vector<double> centrality(num_vertices(g));
  boost::brandes_betweenness_centrality(
      g, boost::make_iterator_property_map(centrality.begin(), get(boost::vertex_index, g)));
  // Counted by hand over the directed shortest paths: every path into Russia's neighbours
  // passes Russia (15 pairs), every path from Kim, South Korea or the EU passes North Korea (9).
  CHECK(centrality[g.at("RUS")] == doctest::Approx(15.0));
  CHECK(centrality[g.at("PRK")] == doctest::Approx(9.0));
  CHECK(centrality[g.at("UKR")] == 0.0);          // a sink brokers nothing
  CHECK(centrality[g.at("kim-jong-un")] == 0.0);  // a source brokers nothing
}

TEST_CASE("graph: page_rank runs on the graph and matches the formula") {
  auto g = testing::small_world();
  const std::size_t n = num_vertices(g);
  std::vector<double> rank(n);
  boost::graph::page_rank(
      g, boost::make_iterator_property_map(rank.begin(), get(boost::vertex_index, g)));
  // The same 20 iterations written out: r <- (1-d) + d * sum r(u)/outdeg(u) over in-edges.
  std::vector<double> expect(n, 1.0 / static_cast<double>(n));
  for (int it = 0; it < 20; ++it) {
    std::vector<double> next(n, 0.15);
    for (relation_index r = 0; r < g.num_relations(); ++r)
      next[g.to(r)] += 0.85 * expect[g.from(r)] / static_cast<double>(out_degree(g.from(r), g));
    expect = next;
  }
  for (std::size_t v = 0; v < n; ++v) CHECK(rank[v] == doctest::Approx(expect[v]));
  CHECK(rank[g.at("RUS")] > rank[g.at("USA")]);
}

TEST_CASE("graph: connected_components runs on the graph seen both ways") {
  auto g = testing::small_world();
  std::vector<int> component(num_vertices(g));
  auto both = make_undirected(g);
  auto count = boost::connected_components(
      both, boost::make_iterator_property_map(component.begin(), get(boost::vertex_index, g)));
  CHECK(count == 1);  // everyone is linked to everyone, ignoring direction

  g.add_entity({"JPN", "State", "Japan"});
  component.assign(num_vertices(g), 0);
  count = boost::connected_components(
      make_undirected(g),
      boost::make_iterator_property_map(component.begin(), get(boost::vertex_index, g)));
  CHECK(count == 2);
  CHECK(component[g.at("JPN")] != component[g.at("PRK")]);
}

#pragma once
/// Cheap filtered views of a graph, by relation type, entity kind, minimum evidence, valid time
/// (`as_of`), publication time of the sources (`as_known`) and source. A view copies nothing:
/// it is itself a Boost.Graph (the same concepts as `graph`), so every BGL algorithm runs on it.

#include <entente/detail/lazy.hpp>
#include <entente/graph.hpp>

#include <boost/iterator/filter_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace entente {

/// What a view keeps. Every empty or unset field keeps everything.
struct view_options {
  std::vector<std::string> relation_types;  ///< only these types
  std::vector<std::string> kinds;           ///< only entities of these kinds or their subkinds
  std::optional<evidence> min_evidence;     ///< only relations at least this sure
  std::optional<date> as_of;                ///< only relations valid at this date
  std::optional<date> as_known;             ///< only what sources published by this date said
  std::vector<std::string> sources;         ///< only relations citing one of these source ids
};

class view;

namespace detail {
struct view_keeps_relation {
  const view* v = nullptr;
  bool operator()(relation_index r) const;
};
struct view_keeps_entity {
  const view* v = nullptr;
  bool operator()(entity_index e) const;
};
struct view_keeps_entry {
  const view* v = nullptr;
  bool operator()(const adjacency_entry& a) const;
};
}  // namespace detail

/// A filtered, read-only window on a graph. It refers to the graph, which must outlive it and
/// not change while it is in use. Entity and relation numbers are the graph's. Like the graph, a
/// view may be read from many threads at once.
class view {
 public:
  using out_edge_iterator =
      boost::filter_iterator<detail::view_keeps_relation, entente::graph::out_edge_iterator>;
  using vertex_iterator =
      boost::filter_iterator<detail::view_keeps_entity, boost::counting_iterator<entity_index>>;
  using edge_iterator =
      boost::filter_iterator<detail::view_keeps_relation, boost::counting_iterator<relation_index>>;
  using adjacency_iterator = boost::transform_iterator<
      detail::other_of_entry,
      boost::filter_iterator<detail::view_keeps_entry, const adjacency_entry*>>;

  // Boost.Graph traits, as members so that graph_traits<const view> finds them too.
  using traversal_category = entente::graph::traversal_category;
  using vertex_descriptor = entity_index;
  using edge_descriptor = relation_index;
  using directed_category = boost::bidirectional_tag;
  using edge_parallel_category = boost::allow_parallel_edge_tag;
  using in_edge_iterator = out_edge_iterator;
  using vertices_size_type = std::size_t;
  using edges_size_type = std::size_t;
  using degree_size_type = std::size_t;
  static vertex_descriptor null_vertex() noexcept { return no_index; }

  /// A view of `g` keeping what `opts` allows; unknown type, kind or source names throw
  /// lookup_error with the closest valid names.
  explicit view(const entente::graph& g, const view_options& opts = {}) : graph_(&g) {
    const auto& s = g.schema();
    if (!opts.relation_types.empty()) {
      types_.assign(s.num_relation_types(), false);
      for (const auto& t : opts.relation_types) types_[s.relation_type(t)] = true;
    }
    if (!opts.kinds.empty()) {
      kinds_.assign(s.num_kinds(), false);
      for (const auto& name : opts.kinds) {
        kind_id wanted = s.kind(name);
        for (std::size_t k = 0; k < s.num_kinds(); ++k)
          if (s.is_a(static_cast<kind_id>(k), wanted)) kinds_[k] = true;
      }
    }
    if (!opts.sources.empty()) {
      sources_.assign(g.sources().size(), false);
      for (const auto& id : opts.sources) sources_[g.source_named(id)] = true;
    }
    min_evidence_ = opts.min_evidence;
    as_of_ = opts.as_of;
    as_known_ = opts.as_known;
  }

  [[nodiscard]] const entente::graph& graph() const noexcept { return *graph_; }

  /// Whether the view keeps entity `e`.
  [[nodiscard]] bool keeps_entity(entity_index e) const {
    return kinds_.empty() || kinds_[graph_->entity(e).kind()];
  }

  /// Whether the view keeps relation `r` (and both its ends).
  [[nodiscard]] bool keeps_relation(relation_index r) const {
    const auto& g = *graph_;
    if (!types_.empty() && !types_[g.type(r)]) return false;
    if (min_evidence_ && g.evidence(r) < *min_evidence_) return false;
    if (as_of_ && !g.valid(r).holds_at(*as_of_)) return false;
    if ((as_known_ || !sources_.empty()) && !cited_as_wanted(r)) return false;
    return keeps_entity(g.from(r)) && keeps_entity(g.to(r));
  }

  /// The number of relations the view keeps (counted once, on first use, by whichever of the
  /// threads reading the view asks first).
  [[nodiscard]] std::size_t num_relations() const {
    return num_relations_.get([this] {
      std::size_t n = 0;
      for (relation_index r = 0; r < graph_->num_relations(); ++r) n += keeps_relation(r);
      return n;
    });
  }

 private:
  // A relation passes the source and as-known filters when one of its citations does; one
  // without citations (reference knowledge) passes as-known but not a source filter.
  [[nodiscard]] bool cited_as_wanted(relation_index r) const {
    auto cites = graph_->citations(r);
    if (cites.empty()) return sources_.empty();
    for (const auto& c : cites) {
      if (!sources_.empty() && !sources_[c.source]) continue;
      if (as_known_) {
        const date& published = graph_->source_at(c.source).published;
        if (published.is_set() && published.first_day() > as_known_->last_day()) continue;
      }
      return true;
    }
    return false;
  }

  const entente::graph* graph_;
  std::vector<bool> types_;
  std::vector<bool> kinds_;
  std::vector<bool> sources_;
  std::optional<evidence> min_evidence_;
  std::optional<date> as_of_;
  std::optional<date> as_known_;
  detail::lazy<std::size_t> num_relations_;
};

/// A view of `g` keeping what `opts` allows:
/// `auto v = make_view(g, {.relation_types = {"supports", "supplies"}, .min_evidence =
/// evidence::reported});`
[[nodiscard]] inline view make_view(const graph& g, const view_options& opts = {}) {
  return view(g, opts);
}

/// A new graph holding what `v` keeps of `entities` (in that order, duplicates once), the
/// relations among them that `v` keeps (in index order, with their citations and attributes),
/// the schema and every source: a picture's or an export's piece of a larger graph, as
/// NetworkX's `G.subgraph(nodes).copy()`. Entity and relation numbers are the new graph's.
[[nodiscard]] inline graph subgraph(const view& v, std::span<const entity_index> entities) {
  const graph& g = v.graph();
  graph sub(g.schema(), g.validation_mode());
  for (const auto& s : g.sources()) sub.add_source(s);
  std::vector<entity_index> placed(g.num_entities(), no_index);
  for (entity_index e : entities) {
    auto x = g.entity(e);  // throws lookup_error for a number the graph lacks
    if (placed[e] != no_index || !v.keeps_entity(e)) continue;
    entity_spec spec{std::string(x.id()),   std::string(x.kind_name()),
                     std::string(x.name()), {},
                     x.attributes(),        x.external_ids()};
    for (auto a : x.aliases()) spec.aliases.emplace_back(a);
    placed[e] = sub.add_entity(spec);
    if (x.name().empty()) sub.set_name(placed[e], "");
  }
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    const entity_index from = placed[g.from(r)], to = placed[g.to(r)];
    if (from == no_index || to == no_index || !v.keeps_relation(r)) continue;
    auto copy = sub.add_relation(from, g.type(r), to, g.evidence(r), g.valid(r));
    for (const auto& c : g.citations(r)) sub.add_citation(copy, c);
    for (const auto& [key, value] : g.relation_attributes(r))
      sub.set_relation_attribute(copy, key, value);
  }
  return sub;
}

namespace detail {
inline bool view_keeps_relation::operator()(relation_index r) const { return v->keeps_relation(r); }
inline bool view_keeps_entity::operator()(entity_index e) const { return v->keeps_entity(e); }
inline bool view_keeps_entry::operator()(const adjacency_entry& a) const {
  return v->keeps_relation(a.relation);
}
}  // namespace detail

// ---- Boost.Graph concepts --------------------------------------------------------------------

inline std::pair<view::out_edge_iterator, view::out_edge_iterator> out_edges(entity_index v,
                                                                             const view& g) {
  auto [first, last] = out_edges(v, g.graph());
  detail::view_keeps_relation keep{&g};
  return {view::out_edge_iterator(keep, first, last), view::out_edge_iterator(keep, last, last)};
}
inline std::pair<view::out_edge_iterator, view::out_edge_iterator> in_edges(entity_index v,
                                                                            const view& g) {
  auto [first, last] = in_edges(v, g.graph());
  detail::view_keeps_relation keep{&g};
  return {view::out_edge_iterator(keep, first, last), view::out_edge_iterator(keep, last, last)};
}
inline std::pair<view::adjacency_iterator, view::adjacency_iterator> adjacent_vertices(
    entity_index v, const view& g) {
  auto span = g.graph().out_relations(v);
  using filtered = boost::filter_iterator<detail::view_keeps_entry, const adjacency_entry*>;
  detail::view_keeps_entry keep{&g};
  const adjacency_entry* first = span.data();
  const adjacency_entry* last = span.data() + span.size();
  return {view::adjacency_iterator(filtered(keep, first, last)),
          view::adjacency_iterator(filtered(keep, last, last))};
}
inline std::size_t out_degree(entity_index v, const view& g) {
  auto [first, last] = out_edges(v, g);
  return static_cast<std::size_t>(std::distance(first, last));
}
inline std::size_t in_degree(entity_index v, const view& g) {
  auto [first, last] = in_edges(v, g);
  return static_cast<std::size_t>(std::distance(first, last));
}
inline std::size_t degree(entity_index v, const view& g) {
  return out_degree(v, g) + in_degree(v, g);
}
inline entity_index source(relation_index r, const view& g) { return g.graph().from(r); }
inline entity_index target(relation_index r, const view& g) { return g.graph().to(r); }
inline std::pair<view::vertex_iterator, view::vertex_iterator> vertices(const view& g) {
  auto [first, last] = vertices(g.graph());
  detail::view_keeps_entity keep{&g};
  return {view::vertex_iterator(keep, first, last), view::vertex_iterator(keep, last, last)};
}
inline std::pair<view::edge_iterator, view::edge_iterator> edges(const view& g) {
  auto [first, last] = edges(g.graph());
  detail::view_keeps_relation keep{&g};
  return {view::edge_iterator(keep, first, last), view::edge_iterator(keep, last, last)};
}
/// As with Boost's filtered_graph, the graph's count: vertex property maps stay indexable by
/// entity number. Count `vertices(v)` for the entities the view keeps.
inline std::size_t num_vertices(const view& g) { return g.graph().num_entities(); }
inline std::size_t num_edges(const view& g) { return g.num_relations(); }

inline boost::typed_identity_property_map<entity_index> get(boost::vertex_index_t, const view&) {
  return {};
}
inline boost::typed_identity_property_map<relation_index> get(boost::edge_index_t, const view&) {
  return {};
}
inline entity_index get(boost::vertex_index_t, const view&, entity_index v) { return v; }
inline relation_index get(boost::edge_index_t, const view&, relation_index r) { return r; }

// ---- both ways -------------------------------------------------------------------------------

/// An edge of an `undirected` graph: a relation and the direction it is walked in.
/// Two descriptors of the same relation compare equal, as in an undirected BGL graph.
struct undirected_edge {
  relation_index relation = no_index;
  bool reversed = false;
  friend bool operator==(const undirected_edge& a, const undirected_edge& b) noexcept {
    return a.relation == b.relation;
  }
};

namespace detail {
// Walks a vertex's out-edges, then its in-edges (reversed).
template <class OutIt>
class both_ways_iterator
    : public boost::iterator_facade<both_ways_iterator<OutIt>, undirected_edge,
                                    boost::forward_traversal_tag, undirected_edge> {
 public:
  both_ways_iterator() = default;
  both_ways_iterator(OutIt out, OutIt out_end, OutIt in, OutIt in_end)
      : out_(out), out_end_(out_end), in_(in), in_end_(in_end) {}

 private:
  friend class boost::iterator_core_access;
  undirected_edge dereference() const {
    return out_ != out_end_ ? undirected_edge{*out_, false} : undirected_edge{*in_, true};
  }
  void increment() {
    if (out_ != out_end_)
      ++out_;
    else
      ++in_;
  }
  bool equal(const both_ways_iterator& o) const { return out_ == o.out_ && in_ == o.in_; }
  OutIt out_{}, out_end_{}, in_{}, in_end_{};
};
}  // namespace detail

/// A graph or view seen without direction: every relation joins its two ends both ways.
/// For the BGL algorithms that need an undirected graph (connected_components):
/// `boost::connected_components(make_undirected(g), component_map)`.
template <class Graph>
class undirected {
 public:
  using base_out_iterator = typename boost::graph_traits<Graph>::out_edge_iterator;
  using out_edge_iterator = detail::both_ways_iterator<base_out_iterator>;

  // Boost.Graph traits (IncidenceGraph and VertexListGraph, undirected).
  struct traversal_category : boost::incidence_graph_tag, boost::vertex_list_graph_tag {};
  using vertex_descriptor = entity_index;
  using edge_descriptor = undirected_edge;
  using directed_category = boost::undirected_tag;
  using edge_parallel_category = boost::allow_parallel_edge_tag;
  using vertex_iterator = typename boost::graph_traits<Graph>::vertex_iterator;
  using vertices_size_type = std::size_t;
  using edges_size_type = std::size_t;
  using degree_size_type = std::size_t;
  static vertex_descriptor null_vertex() noexcept { return no_index; }

  explicit undirected(const Graph& g) noexcept : base_(&g) {}
  [[nodiscard]] const Graph& base() const noexcept { return *base_; }

 private:
  const Graph* base_;
};

template <class Graph>
[[nodiscard]] undirected<Graph> make_undirected(const Graph& g) {
  return undirected<Graph>(g);
}

template <class Graph>
std::pair<typename undirected<Graph>::out_edge_iterator,
          typename undirected<Graph>::out_edge_iterator>
out_edges(entity_index v, const undirected<Graph>& g) {
  auto [out, out_end] = out_edges(v, g.base());
  auto [in, in_end] = in_edges(v, g.base());
  using it = typename undirected<Graph>::out_edge_iterator;
  return {it(out, out_end, in, in_end), it(out_end, out_end, in_end, in_end)};
}
template <class Graph>
std::size_t out_degree(entity_index v, const undirected<Graph>& g) {
  return out_degree(v, g.base()) + in_degree(v, g.base());
}
template <class Graph>
entity_index source(const undirected_edge& e, const undirected<Graph>& g) {
  return e.reversed ? target(e.relation, g.base()) : source(e.relation, g.base());
}
template <class Graph>
entity_index target(const undirected_edge& e, const undirected<Graph>& g) {
  return e.reversed ? source(e.relation, g.base()) : target(e.relation, g.base());
}
template <class Graph>
auto vertices(const undirected<Graph>& g) {
  return vertices(g.base());
}
template <class Graph>
std::size_t num_vertices(const undirected<Graph>& g) {
  return num_vertices(g.base());
}
template <class Graph>
boost::typed_identity_property_map<entity_index> get(boost::vertex_index_t,
                                                     const undirected<Graph>&) {
  return {};
}

}  // namespace entente

namespace boost {

template <>
struct property_map<entente::view, vertex_index_t> {
  using type = typed_identity_property_map<entente::entity_index>;
  using const_type = type;
};
template <>
struct property_map<entente::view, edge_index_t> {
  using type = typed_identity_property_map<entente::relation_index>;
  using const_type = type;
};

template <class Graph>
struct property_map<entente::undirected<Graph>, vertex_index_t> {
  using type = typed_identity_property_map<entente::entity_index>;
  using const_type = type;
};

}  // namespace boost

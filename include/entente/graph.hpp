#pragma once
/// The knowledge graph: a typed, evidence-carrying multigraph of entities and relations, with
/// indexes by id, name, kind and relation type. It models the Boost.Graph concepts
/// (IncidenceGraph, BidirectionalGraph, VertexListGraph, EdgeListGraph), so every BGL algorithm
/// runs on it directly: vertices are `entity_index`, edges are `relation_index`.
// It runs over 800 lines because `graph` is one class, and its handles (`entity`, `relation`,
// `path`) and index builders, which read its private members, are defined beside it; the
// Boost.Graph free functions and property maps are in graph_bgl.hpp, included at the end.

#include <entente/detail/column.hpp>
#include <entente/detail/lazy.hpp>
#include <entente/detail/string_pool.hpp>
#include <entente/error.hpp>
#include <entente/graph_storage.hpp>
#include <entente/model.hpp>
#include <entente/names.hpp>
#include <entente/schema.hpp>

#include <boost/graph/graph_traits.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/transform_iterator.hpp>

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace entente {

class graph;

namespace detail {
struct bulk_loader;
struct mapped_loader;
class graph_transaction;
}  // namespace detail

/// Whether a relation that breaks its type's domain or range is refused or only recorded.
enum class validation { strict, lenient };

/// A citation as written by a user: the source by its id.
struct citation_spec {
  std::string source;
  std::string quote;
  std::optional<text_span> span;
};

/// Everything needed to add an entity. `kind` is matched case-insensitively.
struct entity_spec {
  std::string id;
  std::string kind;
  std::string name;
  std::vector<std::string> aliases;
  entente::attributes attributes;
  std::vector<std::pair<std::string, std::string>> external_ids;  ///< e.g. {"wikidata", "Q423"}
};

/// Everything needed to add a relation; entities by id (or any name the graph resolves).
struct relation_spec {
  std::string from;
  std::string type;
  std::string to;
  entente::evidence evidence = evidence::reported;
  interval valid;
  std::vector<citation_spec> citations;
  entente::attributes attributes;
};

/// One entry of an entity's adjacency: the relation, the entity at its other end, its type.
struct adjacency_entry {
  relation_index relation;
  entity_index other;
  relation_type_id type;
};

/// A read-only handle on one entity of a graph; valid until the graph changes.
class entity {
 public:
  entity(const entente::graph& g, entity_index i) noexcept : graph_(&g), index_(i) {}
  [[nodiscard]] entity_index index() const noexcept { return index_; }
  [[nodiscard]] std::string_view id() const;
  [[nodiscard]] std::string_view name() const;
  [[nodiscard]] kind_id kind() const;
  [[nodiscard]] std::string_view kind_name() const;
  [[nodiscard]] std::vector<std::string_view> aliases() const;
  [[nodiscard]] const entente::attributes& attributes() const;
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& external_ids() const;
  [[nodiscard]] const entente::graph& graph() const noexcept { return *graph_; }
  friend bool operator==(const entity& a, const entity& b) noexcept {
    return a.graph_ == b.graph_ && a.index_ == b.index_;
  }

 private:
  const entente::graph* graph_;
  entity_index index_;
};

/// A read-only handle on one relation of a graph; valid until the graph changes.
class relation {
 public:
  relation(const entente::graph& g, relation_index r) noexcept : graph_(&g), index_(r) {}
  [[nodiscard]] relation_index index() const noexcept { return index_; }
  [[nodiscard]] entity_index from() const;
  [[nodiscard]] entity_index to() const;
  [[nodiscard]] relation_type_id type() const;
  [[nodiscard]] std::string_view type_name() const;
  [[nodiscard]] entente::evidence evidence() const;
  [[nodiscard]] const interval& valid() const;
  [[nodiscard]] std::span<const citation> citations() const;
  [[nodiscard]] const entente::attributes& attributes() const;
  [[nodiscard]] const entente::graph& graph() const noexcept { return *graph_; }
  friend bool operator==(const relation& a, const relation& b) noexcept {
    return a.graph_ == b.graph_ && a.index_ == b.index_;
  }

 private:
  const entente::graph* graph_;
  relation_index index_;
};

/// A chain of relations from a start entity; each step may follow its relation backwards,
/// so parallel relations and inverse readings stay distinct.
class path {
 public:
  struct step {
    relation_index relation;
    bool reversed;  ///< followed from its target to its source
    friend bool operator==(const step&, const step&) = default;
  };

  path(const entente::graph& g, entity_index start) : graph_(&g), nodes_{start} {}
  /// A path from `start` along `relations`, each of which must touch the end reached so far.
  path(const entente::graph& g, entity_index start, const std::vector<relation_index>& relations)
      : path(g, start) {
    for (relation_index r : relations) push_back(r);
  }

  /// Extends the path by `r`, forwards if it starts at the current end, else backwards.
  void push_back(relation_index r);

  [[nodiscard]] std::size_t length() const noexcept { return steps_.size(); }
  [[nodiscard]] entity_index source() const noexcept { return nodes_.front(); }
  [[nodiscard]] entity_index target() const noexcept { return nodes_.back(); }
  [[nodiscard]] const std::vector<entity_index>& nodes() const noexcept { return nodes_; }
  [[nodiscard]] const std::vector<step>& steps() const noexcept { return steps_; }
  [[nodiscard]] std::vector<relation_index> relations() const {
    std::vector<relation_index> rs;
    for (const auto& s : steps_) rs.push_back(s.relation);
    return rs;
  }
  [[nodiscard]] const entente::graph& graph() const noexcept { return *graph_; }
  friend bool operator==(const path& a, const path& b) {
    return a.graph_ == b.graph_ && a.nodes_ == b.nodes_ && a.steps_ == b.steps_;
  }

 private:
  const entente::graph* graph_;
  std::vector<entity_index> nodes_;
  std::vector<step> steps_;
};

namespace detail {
struct relation_of_entry {
  relation_index operator()(const adjacency_entry& a) const noexcept { return a.relation; }
};
struct other_of_entry {
  entity_index operator()(const adjacency_entry& a) const noexcept { return a.other; }
};
}  // namespace detail

/// The store. Entities and relations are numbered densely; removing one moves the last into
/// its place (as Boost's vecS storage does), so indexes and handles are valid until a change.
///
/// Threads. Any number of threads may read one graph at once: every const member, and all that
/// reads through a `const graph&` (views, queries, prepared queries, path searches, analyses,
/// exports). That includes the first reads after a change, which build the indexes: one thread
/// builds each index while the others wait for it. A change (every non-const member: adding,
/// removing, renaming, setting attributes or evidence, extending the schema) needs the graph to
/// itself, as a standard container does: no reader may run while it happens, and the caller
/// provides that exclusion (change before the readers start, or hold a `std::shared_mutex`:
/// shared to read, unique to change). Objects that keep state between calls serve one thread at
/// a time (`prepared_query`, `path_searcher`); a `view` or a `path_expression` may be shared.
///
/// A write query (`query(graph&, ...)`: CREATE, MERGE, SET, REMOVE, DELETE) is a change like
/// any other and needs the graph to itself, so a reader that honours that exclusion sees the graph
/// as it was before the write or as it is after it, never half-written; a failed write query
/// puts the graph back as it was before it returns. Numbers, handles, spans, views and prepared
/// queries made before a write may be stale after it, so a reader makes them again.
///
/// Mapped graphs. A graph read from a mapped snapshot (`io::load("g.kgm")`) reads its arrays
/// where the file lies: opening it costs the same whatever its size, and a query reads the pages
/// it touches. It is a graph like any other; its first change copies the whole graph into memory
/// (a write query's too), after which it owns everything and the file is no longer read. Values
/// read from the file are checked where a bad one could lead outside it (an index past the last
/// entity, a string past the table), and a damaged one throws `io_error` naming the file.
class graph {
 public:
  using out_edge_iterator =
      boost::transform_iterator<detail::relation_of_entry, const adjacency_entry*>;
  using adjacency_iterator =
      boost::transform_iterator<detail::other_of_entry, const adjacency_entry*>;

  // Boost.Graph traits, as members so that graph_traits<const graph> finds them too.
  struct traversal_category : boost::bidirectional_graph_tag,
                              boost::vertex_list_graph_tag,
                              boost::edge_list_graph_tag,
                              boost::adjacency_graph_tag {};
  using vertex_descriptor = entity_index;
  using edge_descriptor = relation_index;
  using directed_category = boost::bidirectional_tag;
  using edge_parallel_category = boost::allow_parallel_edge_tag;
  using in_edge_iterator = out_edge_iterator;
  using vertex_iterator = boost::counting_iterator<entity_index>;
  using edge_iterator = boost::counting_iterator<relation_index>;
  using vertices_size_type = std::size_t;
  using edges_size_type = std::size_t;
  using degree_size_type = std::size_t;
  static vertex_descriptor null_vertex() noexcept { return no_index; }

  explicit graph(entente::schema s = entente::schema::geopolitics(),
                 validation mode = validation::strict)
      : schema_(std::move(s)), mode_(mode) {}

  // ---- schema ----------------------------------------------------------------------------
  [[nodiscard]] const entente::schema& schema() const noexcept { return schema_; }
  [[nodiscard]] validation validation_mode() const noexcept { return mode_; }
  /// Extends the schema with a kind (see `schema::add_kind`).
  kind_id add_kind(const kind_spec& spec) {
    own();
    return schema_.add_kind(spec);
  }
  /// Extends the schema with a relation type (see `schema::add_relation_type`).
  relation_type_id add_relation_type(const relation_type_spec& spec) {
    own();
    return schema_.add_relation_type(spec);
  }
  /// Schema rules broken by relations accepted in lenient mode, one message each.
  [[nodiscard]] const std::vector<std::string>& warnings() const noexcept { return warnings_; }

  // ---- sources ---------------------------------------------------------------------------
  /// Adds a document to the source list; its id must be new and not empty.
  source_index add_source(source_info s) {
    own();
    if (s.id.empty()) throw error("a source needs an id");
    if (find_source(s.id)) throw error("source '" + s.id + "' is already in the graph");
    auto i = static_cast<source_index>(sources_.size());
    source_by_id_.emplace(s.id, i);
    sources_.push_back(std::move(s));
    return i;
  }
  /// Replaces what the graph knows of source `i` (its title, publisher, date, url); the id
  /// stays, since citations and other graphs name the source by it.
  void update_source(source_index i, source_info s) {
    own();
    if (s.id != source_at(i).id)
      throw error("source '" + sources_[i].id + "' cannot change its id to '" + s.id + "'");
    sources_[i] = std::move(s);
  }
  [[nodiscard]] const std::vector<source_info>& sources() const noexcept { return sources_; }
  [[nodiscard]] const source_info& source_at(source_index i) const {
    if (i >= sources_.size())
      throw lookup_error("no source number " + std::to_string(i) + " (the graph has " +
                         std::to_string(sources_.size()) + ")");
    return sources_[i];
  }
  [[nodiscard]] std::optional<source_index> find_source(std::string_view id) const {
    auto it = source_by_id_.find(std::string(id));
    if (it == source_by_id_.end()) return std::nullopt;
    return it->second;
  }
  /// The source with `id`; throws lookup_error naming the closest source ids.
  [[nodiscard]] source_index source_named(std::string_view id) const {
    if (auto s = find_source(id)) return *s;
    std::vector<std::string> ids;
    for (const auto& s : sources_) ids.push_back(s.id);
    throw lookup_error("unknown source '" + std::string(id) + "'", schema::closest(id, ids));
  }

  // ---- entities --------------------------------------------------------------------------
  /// Adds an entity; its id must be new and not empty, its kind declared.
  entity_index add_entity(const entity_spec& spec) {
    own();
    if (spec.id.empty()) throw error("an entity needs an id");
    if (find_id(spec.id)) throw error("entity '" + spec.id + "' is already in the graph");
    auto kind = kind_for(spec.kind, spec.id);
    auto e = static_cast<entity_index>(entities_.size());
    entity_record rec;
    rec.id = strings_.intern(spec.id);
    rec.name = strings_.intern(spec.name.empty() ? spec.id : spec.name);
    entities_.push_back(rec);
    kinds_.push_back(kind);
    if (!spec.aliases.empty() || !spec.attributes.empty() || !spec.external_ids.empty()) {
      auto& d = details(e);
      for (const auto& a : spec.aliases) d.aliases.push_back(strings_.intern(a));
      d.attrs = spec.attributes;
      d.external_ids = spec.external_ids;
    }
    remember_id(entities_.back().id, e);
    changed();
    return e;
  }
  /// Adds an entity with only an id, a kind and a name: the fast path for bulk loaders.
  entity_index add_entity(std::string_view id, kind_id kind, std::string_view name) {
    own();
    if (id.empty()) throw error("an entity needs an id");
    if (kind >= schema_.num_kinds()) throw schema_error("unknown kind number");
    auto e = static_cast<entity_index>(entities_.size());
    entity_record rec;
    // Interning finds an id already in the pool, so one probe both checks and stores it.
    rec.id = strings_.intern(id);
    if (rec.id < entity_of_id_.size() && entity_of_id_[rec.id] != no_index)
      throw error("entity '" + std::string(id) + "' is already in the graph");
    rec.name = strings_.intern(name.empty() ? id : name);
    entities_.push_back(rec);
    kinds_.push_back(kind);
    remember_id(entities_.back().id, e);
    changed();
    return e;
  }
  void set_name(entity_index e, std::string_view name) {
    record(e).name = strings_.intern(name);
    names_.reset();
  }
  void add_alias(entity_index e, std::string_view alias) {
    details(e).aliases.push_back(strings_.intern(alias));
    names_.reset();
  }
  /// Replaces every alias of `e`.
  void set_aliases(entity_index e, const std::vector<std::string>& aliases) {
    auto& d = details(e);
    d.aliases.clear();
    for (const auto& a : aliases) d.aliases.push_back(strings_.intern(a));
    names_.reset();
  }
  /// Gives `e` another kind. Every relation of `e` must still keep the schema's domain and
  /// range: in strict mode, one that would not throws `schema_error` and changes nothing; in
  /// lenient mode it becomes a warning.
  void set_kind(entity_index e, std::string_view kind) {
    own();
    check_entity(e);
    auto k = kind_for(kind, std::string(entity(e).id()));
    if (k == kinds_[e]) return;
    std::vector<std::string> broken;
    for (const auto& side : {out_relations(e), in_relations(e)})
      for (const auto& a : side) {
        const auto& r = relations_[a.relation];
        auto from = r.from == e ? k : kinds_[r.from];
        auto to = r.to == e ? k : kinds_[r.to];
        if (auto why = schema_.violation(r.type, from, to))
          broken.push_back("relation " + std::string(entity(r.from).id()) + " -[" +
                           schema_.relation_type_at(r.type).name + "]-> " +
                           std::string(entity(r.to).id()) + " breaks " + *why);
      }
    if (!broken.empty() && mode_ == validation::strict) throw schema_error(broken.front());
    for (auto& message : broken) warnings_.push_back(std::move(message));
    kinds_[e] = k;
    changed();
  }
  void set_attribute(entity_index e, std::string_view key, value v) {
    details(e).attrs.set(key, std::move(v));
  }
  bool erase_attribute(entity_index e, std::string_view key) {
    return record(e).details != no_index && details_[record(e).details].attrs.erase(key);
  }
  /// Replaces every external id of `e`.
  void set_external_ids(entity_index e, std::vector<std::pair<std::string, std::string>> ids) {
    details(e).external_ids = std::move(ids);
  }
  void set_external_id(entity_index e, std::string_view system, std::string_view id) {
    auto& ids = details(e).external_ids;
    for (auto& [k, v] : ids)
      if (k == system) {
        v = id;
        return;
      }
    ids.emplace_back(system, id);
  }
  /// Removes an entity and every relation that touches it; the last entity takes its index.
  void remove_entity(entity_index e);

  /// Where `erase` moved each entity and relation: the new index, or `no_index` if removed.
  struct renumbering {
    std::vector<entity_index> entities;
    std::vector<relation_index> relations;
  };
  /// Removes `relations`, `entities` and every relation touching them in one pass over the
  /// graph, keeping the order of what stays (so a saved file changes only where things went).
  /// Duplicates are fine; an index out of range throws `lookup_error` before anything changes.
  renumbering erase(std::span<const entity_index> entities,
                    std::span<const relation_index> relations);

  [[nodiscard]] std::size_t num_entities() const noexcept { return entities_.size(); }
  [[nodiscard]] entente::entity entity(entity_index e) const {
    check_entity(e);
    return {*this, e};
  }

  /// The entity whose id is exactly `id`.
  [[nodiscard]] std::optional<entity_index> find_id(std::string_view id) const {
    if (mapped_) return find_mapped_id(id);
    detail::symbol sym;
    if (!strings_.find(id, sym) || sym >= entity_of_id_.size() || entity_of_id_[sym] == no_index)
      return std::nullopt;
    return entity_of_id_[sym];
  }
  /// Asks the processor to fetch where `find_id(id)` will look first, for a writer that knows
  /// the ids of its next rows: the random accesses of several lookups then overlap.
  void prefetch_id(std::string_view id) const noexcept { strings_.prefetch(id); }
  /// The entity with id `name`, else the first whose name or alias matches `name` in any script,
  /// ignoring case, diacritics and punctuation ("kim jong un", "Ким Чен Ын").
  [[nodiscard]] std::optional<entity_index> find(std::string_view name) const {
    if (auto e = find_id(name)) return e;
    auto all = names().find(name);
    if (all.empty()) return std::nullopt;
    return all.front();
  }
  /// Every entity that `name` names (ids, names and aliases alike).
  [[nodiscard]] std::vector<entity_index> find_all(std::string_view name) const {
    auto all = names().find(name);
    if (auto e = find_id(name); e && std::find(all.begin(), all.end(), *e) == all.end())
      all.insert(all.begin(), *e);
    return all;
  }
  /// Like `find`, but throws lookup_error listing the closest names when nothing matches.
  [[nodiscard]] entity_index at(std::string_view name) const {
    if (auto e = find(name)) return *e;
    throw lookup_error("no entity named \"" + std::string(name) + "\"", names().suggest(name));
  }

  /// Entities of kind `k`, and of its subkinds when `with_subkinds` (a State is an Actor).
  [[nodiscard]] std::vector<entity_index> entities_of_kind(kind_id k,
                                                           bool with_subkinds = true) const {
    const auto& idx = index();
    std::vector<entity_index> result;
    // A kind declared after the index was built (a write query declares its labels before it
    // runs) has no entities yet: adding one rebuilds the index.
    for (std::size_t c = 0; c + 1 < idx.kind_offsets.size(); ++c) {
      auto kc = static_cast<kind_id>(c);
      if (kc == k || (with_subkinds && schema_.is_a(kc, k))) {
        auto of_kind =
            checked(idx.by_kind, idx.kind_offsets, c, idx.kinds_checked, entities_.size(), "kind");
        result.insert(result.end(), of_kind.begin(), of_kind.end());
      }
    }
    std::sort(result.begin(), result.end());
    return result;
  }
  [[nodiscard]] std::vector<entity_index> entities_of_kind(std::string_view kind,
                                                           bool with_subkinds = true) const {
    return entities_of_kind(schema_.kind(kind), with_subkinds);
  }

  // ---- relations -------------------------------------------------------------------------
  /// Adds a relation between existing entities, checking the schema.
  relation_index add_relation(const relation_spec& spec) {
    own();
    entity_index from = endpoint(spec.from, "from");
    entity_index to = endpoint(spec.to, "to");
    relation_type_id type = type_for(spec.type);
    std::vector<citation> cites;
    for (const auto& c : spec.citations) cites.push_back(make_citation(c));
    relation_index r = add_relation(from, type, to, spec.evidence, spec.valid);
    if (!cites.empty() || !spec.attributes.empty()) {
      auto& x = extra(r);
      x.citations = std::move(cites);
      x.attrs = spec.attributes;
    }
    return r;
  }
  /// Adds a relation by indexes: the fast path for bulk loaders. Checks the schema.
  relation_index add_relation(entity_index from, relation_type_id type, entity_index to,
                              entente::evidence level = evidence::reported, interval valid = {}) {
    own();
    check_entity(from);
    check_entity(to);
    if (type >= schema_.num_relation_types()) throw schema_error("unknown relation type number");
    if (auto why = schema_.violation(type, kinds_[from], kinds_[to])) {
      std::string message = "relation " + std::string(entity(from).id()) + " -[" +
                            schema_.relation_type_at(type).name + "]-> " +
                            std::string(entity(to).id()) + " breaks " + *why;
      if (mode_ == validation::strict) throw schema_error(message);
      warnings_.push_back(std::move(message));
    }
    relations_.push_back({from, to, type, level, valid, no_index});
    changed();
    return static_cast<relation_index>(relations_.size() - 1);
  }
  void set_evidence(relation_index r, entente::evidence level) { rel(r).level = level; }
  void set_valid(relation_index r, interval valid) { rel(r).valid = valid; }
  void add_citation(relation_index r, const citation_spec& c) {
    auto made = make_citation(c);
    extra(r).citations.push_back(std::move(made));
  }
  void add_citation(relation_index r, citation c) {
    own();
    (void)source_at(c.source);  // throws for an unknown source
    extra(r).citations.push_back(std::move(c));
  }
  /// Replaces every citation of `r`; throws `lookup_error` for an unknown source, changing nothing.
  void set_citations(relation_index r, const std::vector<citation_spec>& citations) {
    own();
    std::vector<citation> made;
    for (const auto& c : citations) made.push_back(make_citation(c));
    if (made.empty() && rel(r).extra == no_index) return;
    extra(r).citations = std::move(made);
  }
  void set_relation_attribute(relation_index r, std::string_view key, value v) {
    extra(r).attrs.set(key, std::move(v));
  }
  bool erase_relation_attribute(relation_index r, std::string_view key) {
    return rel(r).extra != no_index && extras_[rel(r).extra].attrs.erase(key);
  }
  /// Removes a relation; the last relation takes its index.
  void remove_relation(relation_index r) {
    rel(r);  // owns the graph
    if (relations_[r].extra != no_index) {
      extras_[relations_[r].extra] = {};
      free_extras_.push_back(relations_[r].extra);
    }
    relations_[r] = relations_.back();
    relations_.pop_back();
    changed();
  }

  [[nodiscard]] std::size_t num_relations() const noexcept { return relations_.size(); }
  [[nodiscard]] entente::relation relation(relation_index r) const {
    check_relation(r);
    return {*this, r};
  }
  // What these read was checked when the graph was built, unless a mapped file holds it: then
  // each value is checked as it is read, and a bad one throws io_error (never noexcept here).
  [[nodiscard]] entity_index from(relation_index r) const {
    entity_index e = relations_[r].from;
    if (e >= entities_.size()) [[unlikely]]
      damaged_relation(r);
    return e;
  }
  [[nodiscard]] entity_index to(relation_index r) const {
    entity_index e = relations_[r].to;
    if (e >= entities_.size()) [[unlikely]]
      damaged_relation(r);
    return e;
  }
  [[nodiscard]] relation_type_id type(relation_index r) const {
    relation_type_id t = relations_[r].type;
    if (t >= schema_.num_relation_types()) [[unlikely]]
      damaged_relation(r);
    return t;
  }
  [[nodiscard]] entente::evidence evidence(relation_index r) const {
    entente::evidence level = relations_[r].level;
    if (level > evidence::confirmed) [[unlikely]]
      damaged_relation(r);
    return level;
  }
  [[nodiscard]] const interval& valid(relation_index r) const {
    const interval& when = relations_[r].valid;
    if (mapped_ && !(valid_date(when.since) && valid_date(when.until))) [[unlikely]]
      damaged_relation(r);
    return when;
  }
  [[nodiscard]] std::span<const citation> citations(relation_index r) const {
    auto x = relations_[r].extra;
    if (x == no_index) return {};
    return extra_at(r).citations;
  }
  [[nodiscard]] const entente::attributes& relation_attributes(relation_index r) const {
    static const entente::attributes none;
    auto x = relations_[r].extra;
    return x == no_index ? none : extra_at(r).attrs;
  }

  /// Every relation of type `t`, in index order.
  [[nodiscard]] std::span<const relation_index> relations_of_type(relation_type_id t) const {
    const auto& idx = index();
    if (t >= schema_.num_relation_types()) return {};
    return checked(idx.by_type, idx.type_offsets, t, idx.types_checked, relations_.size(), "type");
  }
  [[nodiscard]] std::span<const relation_index> relations_of_type(std::string_view t) const {
    return relations_of_type(schema_.relation_type(t));
  }

  /// The relations leaving `e`, grouped by type (ascending), then by index.
  [[nodiscard]] std::span<const adjacency_entry> out_relations(entity_index e) const {
    return side(index().out, e);
  }
  /// The relations entering `e`, grouped by type, then by index.
  [[nodiscard]] std::span<const adjacency_entry> in_relations(entity_index e) const {
    return side(index().in, e);
  }
  /// The relations of type `t` leaving `e`, found without looking at its other relations.
  [[nodiscard]] std::span<const adjacency_entry> out_relations(entity_index e,
                                                               relation_type_id t) const {
    return of_type(side(index().out, e), t);
  }
  /// The relations of type `t` entering `e`, found without looking at its other relations.
  [[nodiscard]] std::span<const adjacency_entry> in_relations(entity_index e,
                                                              relation_type_id t) const {
    return of_type(side(index().in, e), t);
  }

  /// The name index (built on first use).
  [[nodiscard]] const name_index& names() const;

  /// Reserves room for a bulk load.
  void reserve(std::size_t entities, std::size_t relations) {
    own();
    entities_.reserve(entities);
    kinds_.reserve(entities);
    relations_.reserve(relations);
    strings_.reserve(entities * 2);
    entity_of_id_.reserve(entities * 2);
  }

  /// Whether two graphs hold the same schema, sources, entities and relations, in the same order.
  friend bool operator==(const graph& a, const graph& b);

 private:
  friend class entente::entity;
  friend class entente::relation;
  friend struct detail::bulk_loader;
  friend struct detail::mapped_loader;
  friend class detail::graph_transaction;

  // Plain records, so that a mapped file can hold them as they are (src/io/mapped_*.cpp lays
  // them out). What few entities have (aliases, attributes, external ids) is in `details_`, what
  // few relations have (citations, attributes) in `extras_`; `no_index` when there is none.
  struct entity_record {
    detail::symbol id = 0;
    detail::symbol name = 0;
    std::uint32_t details = no_index;
  };
  struct relation_record {
    entity_index from;
    entity_index to;
    relation_type_id type;
    entente::evidence level;
    interval valid;
    std::uint32_t extra;
  };
  using entity_details = detail::entity_details;
  using relation_extra = detail::relation_extra;
  struct adjacency {
    detail::column<std::uint32_t> offsets;  // entity e's entries are [offsets[e], offsets[e+1])
    detail::column<adjacency_entry> entries;
    detail::checked_marks checked;  // of a mapped index: entities whose entries passed
  };
  struct index_data {
    adjacency out;
    adjacency in;
    detail::column<std::uint32_t> type_offsets;
    detail::column<relation_index> by_type;
    detail::column<std::uint32_t> kind_offsets;
    detail::column<entity_index> by_kind;
    detail::checked_marks types_checked, kinds_checked;  // of a mapped index
  };

  static std::span<const adjacency_entry> of_type(std::span<const adjacency_entry> all,
                                                  relation_type_id t) {
    auto lo =
        std::lower_bound(all.begin(), all.end(), t,
                         [](const adjacency_entry& a, relation_type_id x) { return a.type < x; });
    auto hi = std::upper_bound(
        lo, all.end(), t, [](relation_type_id x, const adjacency_entry& a) { return x < a.type; });
    return {lo, hi};
  }

  const index_data& index() const {
    return index_.get([this] { return build_index(); });
  }
  index_data build_index() const;
  // The parts of the index that relations alone decide (by type, out, in), and the part that
  // entity kinds decide: a snapshot loader builds the first on another core while it reads
  // the entities.
  static void index_relations(index_data& idx, std::size_t entities, std::size_t types,
                              std::span<const relation_record> relations, bool two_threads);
  // The two parts of index_relations: relations by type first, then either direction.
  static void index_types(index_data& idx, std::size_t types,
                          std::span<const relation_record> relations);
  static void index_side(index_data& idx, std::size_t entities,
                         std::span<const relation_record> relations, bool outgoing);
  void index_kinds(index_data& idx) const;

  void changed() noexcept {
    index_.reset();
    names_.reset();
  }
  void check_entity(entity_index e) const {
    if (e >= entities_.size())
      throw lookup_error("no entity number " + std::to_string(e) + " (the graph has " +
                         std::to_string(entities_.size()) + ")");
  }
  void check_relation(relation_index r) const {
    if (r >= relations_.size())
      throw lookup_error("no relation number " + std::to_string(r) + " (the graph has " +
                         std::to_string(relations_.size()) + ")");
  }
  // The helpers of every change: each owns the graph first.
  // Empties the details of an entity that goes, for the next to reuse.
  void forget_details(entity_index e) {
    auto& d = entities_[e].details;
    if (d == no_index) return;
    details_[d] = {};
    free_details_.push_back(d);
    d = no_index;
  }
  entity_record& record(entity_index e) {
    own();
    check_entity(e);
    return entities_[e];
  }
  relation_record& rel(relation_index r) {
    own();
    check_relation(r);
    return relations_[r];
  }
  entity_details& details(entity_index e) {
    auto& rec = record(e);
    if (rec.details == no_index) {
      if (!free_details_.empty()) {
        rec.details = free_details_.back();
        free_details_.pop_back();
      } else {
        rec.details = static_cast<std::uint32_t>(details_.size());
        details_.emplace_back();
      }
    }
    return details_[rec.details];
  }
  relation_extra& extra(relation_index r) {
    auto& rr = rel(r);
    if (rr.extra == no_index) {
      if (!free_extras_.empty()) {
        rr.extra = free_extras_.back();
        free_extras_.pop_back();
      } else {
        rr.extra = static_cast<std::uint32_t>(extras_.size());
        extras_.emplace_back();
      }
    }
    return extras_[rr.extra];
  }
  void remember_id(detail::symbol sym, entity_index e) {
    if (sym >= entity_of_id_.size()) entity_of_id_.resize(sym + 1, no_index);
    entity_of_id_[sym] = e;
  }
  kind_id kind_named(std::string_view kind, const std::string& who) const {
    if (auto k = schema_.find_kind(kind)) return *k;
    throw lookup_error("entity '" + who + "' has unknown kind '" + std::string(kind) + "'",
                       schema::closest(kind, schema_.kind_names()));
  }
  relation_type_id type_named(std::string_view type) const { return schema_.relation_type(type); }
  // As kind_named and type_named, but an open schema declares what it lacks.
  kind_id kind_for(std::string_view kind, const std::string& who) {
    if (schema_.is_open() && !schema_.find_kind(kind))
      return schema_.add_kind({std::string(kind), ""});
    return kind_named(kind, who);
  }
  relation_type_id type_for(std::string_view type) {
    if (schema_.is_open() && !schema_.find_relation_type(type))
      return schema_.add_relation_type({.name = std::string(type)});
    return type_named(type);
  }
  entity_index endpoint(std::string_view name, const char* end) const {
    if (auto e = find_id(name)) return *e;
    if (auto e = find(name)) return *e;
    throw lookup_error(
        "relation " + std::string(end) + " names no entity: \"" + std::string(name) + "\"",
        names().suggest(name));
  }
  citation make_citation(const citation_spec& c) const {
    return {source_named(c.source), c.quote, c.span};
  }

  // ---- mapped graphs (graph_mapped.hpp) ----
  // Copies a mapped graph into memory, checking every value, before its first change.
  void own() {
    if (mapped_) [[unlikely]]
      own_mapped();
  }
  void own_mapped();
  const detail::decoded_details& decoded() const {
    return decoded_.get([this] { return mapped_->decode(); });
  }
  static const entity_details& no_details() {
    static const entity_details none;
    return none;
  }
  const entity_details& details_at(entity_index e) const {
    auto d = entities_[e].details;
    if (d == no_index) return no_details();
    const auto& all = mapped_ ? decoded().entities : details_;
    if (d >= all.size()) [[unlikely]]
      damaged("entity " + std::to_string(e) + " names details past the last");
    return all[d];
  }
  const relation_extra& extra_at(relation_index r) const {
    auto x = relations_[r].extra;
    const auto& all = mapped_ ? decoded().relations : extras_;
    if (x >= all.size()) [[unlikely]]
      damaged_relation(r);
    return all[x];
  }
  std::optional<entity_index> find_mapped_id(std::string_view id) const;
  // An entity's adjacency, and a type's relations or a kind's entities: a mapped index is
  // checked the first time each is read.
  std::span<const adjacency_entry> side(const adjacency& adj, entity_index e) const;
  template <class T>
  std::span<const T> checked(const detail::column<T>& items,
                             const detail::column<std::uint32_t>& offsets, std::size_t group,
                             const detail::checked_marks& marks, std::size_t bound,
                             const char* what) const;
  static bool valid_date(date d) noexcept {
    return date::valid(d.year(), d.month(), d.day()) ||
           (d.year() == 0 && d.month() == 0 && d.day() == 0);
  }
  [[noreturn]] void damaged(const std::string& what) const {
    throw io_error((mapped_ ? mapped_->origin() : std::string("a graph")) + ": damaged: " + what);
  }
  [[noreturn]] void damaged_relation(relation_index r) const {
    damaged("relation " + std::to_string(r) + " holds a value out of range");
  }

  entente::schema schema_;
  validation mode_;
  std::vector<std::string> warnings_;
  std::vector<source_info> sources_;
  std::unordered_map<std::string, source_index> source_by_id_;
  detail::string_pool strings_;
  std::vector<entity_index> entity_of_id_;  // by symbol of an id; empty while mapped
  detail::column<entity_record> entities_;
  std::vector<entity_details> details_;
  std::vector<std::uint32_t> free_details_;
  // Kinds apart from the records, densely: every new relation's schema check reads two of them,
  // and a bulk load should find them in cache rather than one record (and cache miss) each.
  detail::column<kind_id> kinds_;
  detail::column<relation_record> relations_;
  std::vector<relation_extra> extras_;
  std::vector<std::uint32_t> free_extras_;
  detail::lazy<index_data> index_;
  detail::lazy<name_index> names_;
  // A mapped graph's file, its id table (entities by file_hash of their ids) and what it decodes
  // on first use; all empty once the graph owns its data.
  std::shared_ptr<const detail::mapped_storage> mapped_;
  detail::column<detail::id_slot> id_slots_;
  detail::lazy<detail::decoded_details> decoded_;
};

// ---- handles ---------------------------------------------------------------------------------

inline std::string_view entity::id() const {
  return graph_->strings_[graph_->entities_[index_].id];
}
inline std::string_view entity::name() const {
  return graph_->strings_[graph_->entities_[index_].name];
}
inline kind_id entity::kind() const {
  kind_id k = graph_->kinds_[index_];
  if (k >= graph_->schema_.num_kinds()) [[unlikely]]
    graph_->damaged("entity " + std::to_string(index_) + " has a kind out of range");
  return k;
}
inline std::string_view entity::kind_name() const { return graph_->schema_.kind_at(kind()).name; }
inline std::vector<std::string_view> entity::aliases() const {
  std::vector<std::string_view> out;
  for (auto sym : graph_->details_at(index_).aliases) out.push_back(graph_->strings_[sym]);
  return out;
}
inline const attributes& entity::attributes() const { return graph_->details_at(index_).attrs; }
inline const std::vector<std::pair<std::string, std::string>>& entity::external_ids() const {
  return graph_->details_at(index_).external_ids;
}

inline entity_index relation::from() const { return graph_->from(index_); }
inline entity_index relation::to() const { return graph_->to(index_); }
inline relation_type_id relation::type() const { return graph_->type(index_); }
inline std::string_view relation::type_name() const {
  return graph_->schema().relation_type_at(type()).name;
}
inline evidence relation::evidence() const { return graph_->evidence(index_); }
inline const interval& relation::valid() const { return graph_->valid(index_); }
inline std::span<const citation> relation::citations() const { return graph_->citations(index_); }
inline const attributes& relation::attributes() const {
  return graph_->relation_attributes(index_);
}

inline void path::push_back(relation_index r) {
  const auto& g = *graph_;
  entity_index end = nodes_.back();
  if (g.from(r) == end) {
    steps_.push_back({r, false});
    nodes_.push_back(g.to(r));
  } else if (g.to(r) == end) {
    steps_.push_back({r, true});
    nodes_.push_back(g.from(r));
  } else {
    throw error("relation " + std::to_string(r) + " does not touch entity '" +
                std::string(g.entity(end).id()) + "' where the path ends");
  }
}

// ---- out-of-line members ---------------------------------------------------------------------

inline graph::index_data graph::build_index() const {
  // A copy of a mapped graph indexes the file's relations anew: their ends and types become
  // positions in the index, so each is checked first.
  if (mapped_)
    for (relation_index r = 0; r < relations_.size(); ++r)
      (void)from(r), (void)to(r), (void)type(r);
  index_data idx;
  index_relations(idx, entities_.size(), schema_.num_relation_types(), relations_, true);
  index_kinds(idx);
  return idx;
}

inline void graph::index_relations(index_data& idx, std::size_t n, std::size_t types,
                                   std::span<const relation_record> relations, bool two_threads) {
  index_types(idx, types, relations);
  // The two directions are independent: on a large graph the second core builds one.
  if (two_threads && relations.size() >= (std::size_t{1} << 16)) {
    std::exception_ptr failed;
    std::thread in_thread([&] {
      try {
        index_side(idx, n, relations, false);
      } catch (...) {
        failed = std::current_exception();
      }
    });
    try {
      index_side(idx, n, relations, true);
    } catch (...) {
      in_thread.join();
      throw;
    }
    in_thread.join();
    if (failed) std::rethrow_exception(failed);
  } else {
    index_side(idx, n, relations, true);
    index_side(idx, n, relations, false);
  }
}

inline void graph::index_types(index_data& idx, std::size_t types,
                               std::span<const relation_record> relations) {
  // Counting sort of relations by type; scattering them by entity afterwards keeps each
  // entity's entries ordered by type, then index.
  const std::size_t m = relations.size();
  idx.type_offsets.assign(types + 1, 0);
  for (const auto& r : relations) ++idx.type_offsets[r.type + 1];
  for (std::size_t t = 0; t < types; ++t) idx.type_offsets[t + 1] += idx.type_offsets[t];
  idx.by_type.resize(m);
  std::vector<std::uint32_t> next(idx.type_offsets.begin(), idx.type_offsets.end() - 1);
  for (std::size_t r = 0; r < m; ++r)
    idx.by_type[next[relations[r].type]++] = static_cast<relation_index>(r);
}

inline void graph::index_side(index_data& idx, std::size_t n,
                              std::span<const relation_record> relations, bool outgoing) {
  adjacency& adj = outgoing ? idx.out : idx.in;
  adj.offsets.assign(n + 1, 0);
  for (const auto& r : relations) ++adj.offsets[(outgoing ? r.from : r.to) + 1];
  for (std::size_t v = 0; v < n; ++v) adj.offsets[v + 1] += adj.offsets[v];
  adj.entries.resize(relations.size());
  std::vector<std::uint32_t> next(adj.offsets.begin(), adj.offsets.end() - 1);
  for (relation_index r : idx.by_type) {
    const auto& rec = relations[r];
    entity_index self = outgoing ? rec.from : rec.to;
    entity_index other = outgoing ? rec.to : rec.from;
    adj.entries[next[self]++] = {r, other, rec.type};
  }
}

inline void graph::index_kinds(index_data& idx) const {
  const std::size_t n = entities_.size();
  idx.kind_offsets.assign(schema_.num_kinds() + 1, 0);
  for (kind_id k : kinds_) ++idx.kind_offsets[k + 1];
  for (std::size_t k = 0; k < schema_.num_kinds(); ++k)
    idx.kind_offsets[k + 1] += idx.kind_offsets[k];
  idx.by_kind.resize(n);
  std::vector<std::uint32_t> next(idx.kind_offsets.begin(), idx.kind_offsets.end() - 1);
  for (std::size_t e = 0; e < n; ++e) idx.by_kind[next[kinds_[e]]++] = static_cast<entity_index>(e);
}

inline const name_index& graph::names() const {
  return names_.get([this] {
    name_index idx;
    for (std::size_t e = 0; e < entities_.size(); ++e) {
      const auto& rec = entities_[e];
      auto ei = static_cast<entity_index>(e);
      idx.add(strings_[rec.name], ei);
      idx.add(strings_[rec.id], ei);
      for (auto a : details_at(ei).aliases) idx.add(strings_[a], ei);
    }
    return idx;
  });
}

inline void graph::remove_entity(entity_index e) {
  own();
  check_entity(e);
  std::vector<relation_index> touching;
  for (std::size_t r = 0; r < relations_.size(); ++r)
    if (relations_[r].from == e || relations_[r].to == e)
      touching.push_back(static_cast<relation_index>(r));
  // Highest first: the relation moved into a freed slot is never one still to remove.
  for (auto it = touching.rbegin(); it != touching.rend(); ++it) remove_relation(*it);

  entity_of_id_[entities_[e].id] = no_index;
  forget_details(e);
  auto last = static_cast<entity_index>(entities_.size() - 1);
  if (e != last) {
    entities_[e] = entities_[last];
    kinds_[e] = kinds_[last];
    entity_of_id_[entities_[e].id] = e;
    for (auto& r : relations_) {
      if (r.from == last) r.from = e;
      if (r.to == last) r.to = e;
    }
  }
  entities_.pop_back();
  kinds_.pop_back();
  changed();
}

inline graph::renumbering graph::erase(std::span<const entity_index> entities,
                                       std::span<const relation_index> relations) {
  own();
  for (auto e : entities) check_entity(e);
  for (auto r : relations) check_relation(r);
  renumbering moved;
  moved.entities.assign(entities_.size(), 0);
  for (auto e : entities) moved.entities[e] = no_index;
  moved.relations.assign(relations_.size(), 0);
  for (auto r : relations) moved.relations[r] = no_index;
  // Relations first: those erased, and those touching an erased entity.
  relation_index kept_relations = 0;
  for (relation_index r = 0; r < relations_.size(); ++r) {
    auto& rec = relations_[r];
    if (moved.relations[r] == no_index || moved.entities[rec.from] == no_index ||
        moved.entities[rec.to] == no_index) {
      moved.relations[r] = no_index;
      if (rec.extra != no_index) {
        extras_[rec.extra] = {};
        free_extras_.push_back(rec.extra);
      }
      continue;
    }
    moved.relations[r] = kept_relations;
    relations_[kept_relations++] = rec;
  }
  relations_.resize(kept_relations);
  entity_index kept_entities = 0;
  for (entity_index e = 0; e < entities_.size(); ++e) {
    if (moved.entities[e] == no_index) {
      entity_of_id_[entities_[e].id] = no_index;
      forget_details(e);
      continue;
    }
    moved.entities[e] = kept_entities;
    if (kept_entities != e) {
      entities_[kept_entities] = entities_[e];
      kinds_[kept_entities] = kinds_[e];
    }
    entity_of_id_[entities_[kept_entities].id] = kept_entities;
    ++kept_entities;
  }
  entities_.resize(kept_entities);
  kinds_.resize(kept_entities);
  for (auto& rec : relations_) {
    rec.from = moved.entities[rec.from];
    rec.to = moved.entities[rec.to];
  }
  changed();
  return moved;
}

inline bool operator==(const graph& a, const graph& b) {
  if (!(a.schema_ == b.schema_) || a.sources_ != b.sources_ ||
      a.entities_.size() != b.entities_.size() || a.relations_.size() != b.relations_.size())
    return false;
  for (entity_index e = 0; e < a.entities_.size(); ++e) {
    auto x = a.entity(e);
    auto y = b.entity(e);
    if (x.id() != y.id() || x.name() != y.name() || x.kind() != y.kind() ||
        x.aliases() != y.aliases() || x.attributes() != y.attributes() ||
        x.external_ids() != y.external_ids())
      return false;
  }
  for (relation_index r = 0; r < a.relations_.size(); ++r) {
    auto x = a.relation(r);
    auto y = b.relation(r);
    if (x.from() != y.from() || x.to() != y.to() || x.type() != y.type() ||
        x.evidence() != y.evidence() || !(x.valid() == y.valid()) ||
        !std::ranges::equal(x.citations(), y.citations()) || x.attributes() != y.attributes())
      return false;
  }
  return true;
}

}  // namespace entente

// What a mapped graph adds, and the Boost.Graph free functions and property maps, once `graph`
// is complete.
#include <entente/graph_bgl.hpp>
#include <entente/graph_mapped.hpp>

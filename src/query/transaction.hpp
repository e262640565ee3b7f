#pragma once
// A write query's all-or-nothing over one graph (a friend of `graph`). Internal, not installed.

#include <entente/graph.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace entente::detail {

/// Puts a graph back as it was when the transaction began. Beginning is cheap: it notes how far
/// each part of the graph reaches, so that what a query adds (entities, relations, strings,
/// sources, names an open schema declares) is taken off again by truncation. A change to
/// something that was already there cannot be undone that way: the writer calls
/// `before_change` first, and the first such call copies the whole graph, which a rollback then
/// restores before it truncates. A bulk `CREATE` thus never copies the graph it grows.
class graph_transaction {
 public:
  // A mapped graph is copied into memory first, as its first change would (graph::own).
  explicit graph_transaction(graph& g)
      : g_((g.own(), g)),
        entities_(g.entities_.size()),
        details_(g.details_.size()),
        free_details_(g.free_details_),
        relations_(g.relations_.size()),
        extras_(g.extras_.size()),
        free_extras_(g.free_extras_),
        sources_(g.sources_.size()),
        strings_(g.strings_.size()),
        ids_(g.entity_of_id_.size()),
        warnings_(g.warnings_.size()) {
    if (g.schema_.is_open()) schema_ = g.schema_;  // only an open schema grows in a query
  }
  graph_transaction(const graph_transaction&) = delete;
  graph_transaction& operator=(const graph_transaction&) = delete;

  /// Whether the transaction made `e` (or `r`): changing it needs no copy to undo.
  [[nodiscard]] bool made_entity(entity_index e) const noexcept { return e >= entities_; }
  [[nodiscard]] bool made_relation(relation_index r) const noexcept { return r >= relations_; }

  /// To be called before changing or removing anything the transaction did not make.
  void before_change() {
    if (!copy_) copy_.emplace(g_);
  }

  /// Puts the graph back as it was when the transaction began.
  void roll_back() {
    if (copy_) {
      g_ = std::move(*copy_);
      copy_.reset();
    }
    // A relation made here may have taken a slot of `extras_` that a removal had freed: empty
    // it again, as removal leaves it.
    for (std::size_t r = relations_; r < g_.relations_.size(); ++r) {
      auto x = g_.relations_[r].extra;
      if (x != no_index && x < extras_) g_.extras_[x] = {};
    }
    g_.relations_.resize(relations_);
    g_.extras_.resize(extras_);
    g_.free_extras_ = free_extras_;
    // The same for the details of an entity made here.
    for (std::size_t e = entities_; e < g_.entities_.size(); ++e) {
      auto d = g_.entities_[e].details;
      if (d != no_index && d < details_) g_.details_[d] = {};
    }
    g_.details_.resize(details_);
    g_.free_details_ = free_details_;
    for (std::size_t e = entities_; e < g_.entities_.size(); ++e) {
      auto id = g_.entities_[e].id;
      if (id < g_.entity_of_id_.size() && g_.entity_of_id_[id] == e)
        g_.entity_of_id_[id] = no_index;
    }
    g_.entities_.resize(entities_);
    g_.kinds_.resize(entities_);
    g_.entity_of_id_.resize(ids_);
    for (std::size_t s = sources_; s < g_.sources_.size(); ++s)
      g_.source_by_id_.erase(g_.sources_[s].id);
    g_.sources_.resize(sources_);
    g_.strings_.truncate(strings_);
    g_.warnings_.resize(warnings_);
    if (schema_) g_.schema_ = std::move(*schema_);
    schema_.reset();
    g_.changed();
  }

 private:
  graph& g_;
  std::size_t entities_, details_;
  std::vector<std::uint32_t> free_details_;
  std::size_t relations_, extras_;
  std::vector<std::uint32_t> free_extras_;
  std::size_t sources_, strings_, ids_, warnings_;
  std::optional<entente::schema> schema_;
  std::optional<graph> copy_;
};

}  // namespace entente::detail

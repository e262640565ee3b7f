#pragma once
// The stages of the clauses that write: CREATE, MERGE, SET, REMOVE and DELETE. Each gathers
// every row first and then writes for all of them, so a clause sees the graph as the clauses
// before it left it (openCypher's clause-by-clause semantics) and a later read sees every
// write. Internal, not installed.

#include "query/engine.hpp"
#include "query/plan.hpp"
#include "query/stages.hpp"

#include <entente/query/ast.hpp>

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace entente::detail::query {

inline constexpr std::size_t no_slot = std::numeric_limits<std::size_t>::max();
/// The kind of a MERGE node written without a label: it may match, but cannot be made.
inline constexpr kind_id no_kind = std::numeric_limits<kind_id>::max();

/// The property map of a pattern written by CREATE or MERGE: a literal map key by key, or one
/// map read per row (`CREATE (n:State $props)`).
struct property_writes {
  std::vector<std::pair<std::string, evaluator>> entries;
  evaluator whole;
  // MERGE's: a null value matches nothing, so making the entity again on every run would be
  // the only outcome; openCypher makes it an error.
  bool null_refused = false;
};

/// A node of a CREATE or MERGE pattern: an entity to make, or one a variable already holds.
struct node_to_create {
  std::size_t slot = 0;
  bool bound = false;
  kind_id kind = 0;
  property_writes properties;
  source_position at;
};

/// A relationship of a CREATE or MERGE pattern, between two of its nodes (positions in
/// `creation::nodes`).
struct relation_to_create {
  std::size_t slot = 0;
  relation_type_id type = 0;
  bool reversed = false;  // stored from `right` to `left`: `<-`, or an inverse name
  std::size_t left = 0, right = 0;
  property_writes properties;
  source_position at;
};

/// One pattern part of CREATE or MERGE as what it makes.
struct creation {
  std::vector<node_to_create> nodes;
  std::vector<relation_to_create> relations;
  std::size_t path_slot = no_slot;  // `p = (...)`: the path, bound once everything exists
  std::vector<std::size_t> node_slots, rel_slots;
  source_position at;
};

/// One item of SET (or of MERGE's ON CREATE SET / ON MATCH SET).
struct set_action {
  cypher::set_operation operation = cypher::set_operation::property;
  evaluator target;
  std::string key;   // property
  evaluator value;   // property, replace_all, add_all
  kind_id kind = 0;  // labels
  source_position at;
};

/// One item of REMOVE: a property, or labels.
struct remove_action {
  evaluator target;
  std::string key;
  std::vector<kind_id> kinds;
  source_position at;
};

/// Where a write is in the query, so that a refused one says where.
struct write_site {
  const std::string* text = nullptr;
  source_position at;
  /// Throws `cypher::write_error` at this place.
  [[noreturn]] void fail(const std::string& message,
                         std::vector<std::string> suggestions = {}) const;
};

/// What every write stage shares: it keeps the rows until its input is done, writes, then
/// passes them on (or drops them when it ends the query).
struct write_stage : stage {
  std::size_t width = 0;
  bool final = false;
  // Writes each row as it comes and passes it on, keeping none: for a CREATE whose writes no
  // other stage could see before they are all done (see query_compiler::creates_unseen).
  bool streaming = false;
  const std::string* text = nullptr;
  std::vector<row> rows;

  void start(context& ctx) override {
    rows.clear();
    ++ctx.writes_pending;
  }
  void push(row& r, context& ctx) override;
  void finish(context& ctx) override;

 protected:
  virtual void apply(context& ctx) = 0;
  [[nodiscard]] write_site site(source_position at) const { return {text, at}; }
};

struct create_stage : write_stage {
  std::vector<creation> parts;

  void push(row& r, context& ctx) override;

 protected:
  void apply(context& ctx) override;
  void apply(row& r, context& ctx);

 private:
  row work_;  // a streaming CREATE's row, kept for the storage it holds
};

/// MERGE: per row, every match of the pattern (ON MATCH SET on each), or, when there is none,
/// the whole pattern made (ON CREATE SET); a later row sees what an earlier one made.
struct merge_stage : write_stage {
  std::vector<operation> ops;
  creation part;
  std::vector<set_action> on_create, on_match;

 protected:
  void apply(context& ctx) override;
};

struct set_stage : write_stage {
  std::vector<set_action> actions;

 protected:
  void apply(context& ctx) override;
};

struct remove_stage : write_stage {
  std::vector<remove_action> actions;

 protected:
  void apply(context& ctx) override;
};

struct delete_stage : write_stage {
  bool detach = false;
  std::vector<std::pair<evaluator, source_position>> targets;

 protected:
  void apply(context& ctx) override;
};

/// `CREATE (:Source {id, title, publisher, published, url})`, or MERGE of one: declares source
/// documents, which are not entities; a variable names the source as a map of those keys.
struct source_stage : write_stage {
  struct declared {
    property_writes properties;
    std::size_t slot = no_slot;
    source_position at;
  };
  std::vector<declared> sources;
  bool merge = false;  // an existing source is found, not refused

 protected:
  void apply(context& ctx) override;
};

/// Every match of `ops` against `r`, each passed to `emit` (matcher.cpp).
void match_each(std::vector<operation>& ops, context& ctx, row& r,
                const std::function<void(row&)>& emit);

}  // namespace entente::detail::query

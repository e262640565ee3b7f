// The matcher, which runs the operations of one MATCH depth-first, and the stage feeding it:
// its loop runs per row and per edge, so all it calls is inline or in this file.

#include "query/plan.hpp"
#include "query/stages.hpp"
#include "query/values.hpp"
#include "query/writes.hpp"

#include <entente/paths.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <span>
#include <utility>

namespace entente::detail::query {
namespace {

bool properties_match(const std::vector<property_test>& tests, const query_value& subject,
                      const row& r, context& ctx) {
  for (const auto& t : tests) {
    auto wanted = t.value(r, ctx);
    if (!t.key.empty()) {
      if (equals(property_of(subject, t.key), wanted) != true) return false;
      continue;
    }
    // A whole map of properties, given as a parameter.
    if (wanted.is_null()) return false;
    if (!wanted.is_map())
      throw error(fmt::format("a property map parameter must be a map, got {} {}",
                              wanted.type_name(), to_string(wanted)));
    for (const auto& [key, value] : wanted.as_map())
      if (equals(property_of(subject, key), value) != true) return false;
  }
  return true;
}

bool node_matches(const node_test& t, entity_index e, const row& r, context& ctx) {
  if (!kind_matches(ctx.g, ctx.g.entity(e).kind(), t.labels)) return false;
  return t.properties.empty() || properties_match(t.properties, ctx.g.entity(e), r, ctx);
}

// The relations touching `e` that a relation pattern may use, walking it forwards
// (`backwards` false) or from its right end: stored relations leaving `e` of the types read
// that way, then those arriving at it, type by type.
template <class F>
void for_each_adjacent(context& ctx, entity_index e, const relation_test& t, bool backwards,
                       F&& f) {
  const type_set& out = backwards ? t.against : t.along;
  const type_set& in = backwards ? t.along : t.against;
  auto visit = [&](std::span<const adjacency_entry> entries, bool outgoing) {
    for (const auto& a : entries) {
      ctx.tick();
      // A self-loop read both ways is still one relation.
      if (!outgoing && a.other == e && out.has(a.type)) continue;
      if (!ctx.sees(a.relation)) continue;
      f(a);
    }
  };
  if (out.all || in.all) {
    if (out.all)
      visit(ctx.g.out_relations(e), true);
    else
      for (auto type : out.types) visit(ctx.g.out_relations(e, type), true);
    if (in.all)
      visit(ctx.g.in_relations(e), false);
    else
      for (auto type : in.types) visit(ctx.g.in_relations(e, type), false);
    return;
  }
  // Both lists are sorted: merge them so each type is read out, then in.
  auto o = out.types.begin(), i = in.types.begin();
  while (o != out.types.end() || i != in.types.end()) {
    auto type = i == in.types.end() || (o != out.types.end() && *o <= *i) ? *o : *i;
    if (o != out.types.end() && *o == type) {
      visit(ctx.g.out_relations(e, type), true);
      ++o;
    }
    if (i != in.types.end() && *i == type) {
      visit(ctx.g.in_relations(e, type), false);
      ++i;
    }
  }
}

// Runs the operations of one MATCH depth-first, calling `emit` for every full match.
class matcher {
 public:
  matcher(std::vector<operation>& ops, context& ctx) : ops_(ops), ctx_(ctx) {}

  template <class Emit>
  void run(row& r, Emit&& emit) {
    used_.clear();
    step(0, r, emit);
  }

 private:
  bool used(relation_index rel) const {
    return std::find(used_.begin(), used_.end(), rel) != used_.end();
  }

  template <class Emit>
  void step(std::size_t i, row& r, Emit& emit) {
    if (i == ops_.size()) {
      emit(r);
      return;
    }
    auto& op = ops_[i];
    switch (op.op) {
      case operation::what::scan: scan(i, op, r, emit); break;
      case operation::what::expand:
        if (op.rel.variable_length)
          expand_variable(i, op, r, emit);
        else
          expand(i, op, r, emit);
        break;
      case operation::what::shortest: shortest(i, op, r, emit); break;
      case operation::what::check:
        for (const auto& c : op.conditions)
          if (truth(c(r, ctx_)) != true) return;
        step(i + 1, r, emit);
        break;
      case operation::what::bind_path: bind_path(i, op, r, emit); break;
    }
  }

  template <class Emit>
  void try_node(std::size_t i, operation& op, row& r, Emit& emit, entity_index e) {
    ctx_.tick();
    if (!node_matches(op.node, e, r, ctx_)) return;
    r[op.slot] = ctx_.g.entity(e);
    step(i + 1, r, emit);
    r[op.slot] = nullptr;
  }

  template <class Emit>
  void scan(std::size_t i, operation& op, row& r, Emit& emit) {
    const auto& g = ctx_.g;
    if (op.bound) {
      const auto& v = r[op.slot];
      if (!v.is_entity()) return;  // null from an OPTIONAL MATCH matches nothing
      if (node_matches(op.node, v.as_entity().index(), r, ctx_)) step(i + 1, r, emit);
      return;
    }
    if (op.by_id) {
      auto id = op.by_id(r, ctx_);
      if (!id.is_string()) return;
      if (auto e = g.find_id(id.as_string())) try_node(i, op, r, emit, *e);
      return;
    }
    if (op.by_name) {
      auto name = op.by_name(r, ctx_);
      if (!name.is_string()) return;
      for (auto e : g.find_all(name.as_string())) try_node(i, op, r, emit, e);
      return;
    }
    if (op.scan_kind) {
      for (auto e : g.entities_of_kind(*op.scan_kind)) try_node(i, op, r, emit, e);
      return;
    }
    for (entity_index e = 0; e < g.num_entities(); ++e) try_node(i, op, r, emit, e);
  }

  template <class Emit>
  void arrive(std::size_t i, operation& op, row& r, Emit& emit, entity_index e) {
    if (op.bound) {
      const auto& v = r[op.slot];
      if (v.is_entity() && v.as_entity().index() == e && node_matches(op.node, e, r, ctx_))
        step(i + 1, r, emit);
      return;
    }
    try_node(i, op, r, emit, e);
  }

  template <class Emit>
  void expand(std::size_t i, operation& op, row& r, Emit& emit) {
    const auto& from = r[op.from_slot];
    if (!from.is_entity()) return;
    auto start = from.as_entity().index();
    if (op.rel_bound) {
      const auto& v = r[op.rel_slot];
      if (!v.is_relation()) return;
      auto rel = v.as_relation().index();
      // The bound relation must touch `start` the way the pattern says.
      for_each_adjacent(ctx_, start, op.rel, op.backwards, [&](const adjacency_entry& a) {
        if (a.relation == rel && !used(rel)) {
          used_.push_back(rel);
          arrive(i, op, r, emit, a.other);
          used_.pop_back();
        }
      });
      return;
    }
    for_each_adjacent(ctx_, start, op.rel, op.backwards, [&](const adjacency_entry& a) {
      if (used(a.relation)) return;
      relation rel = ctx_.g.relation(a.relation);
      if (!op.rel.properties.empty() && !properties_match(op.rel.properties, rel, r, ctx_)) return;
      r[op.rel_slot] = rel;
      used_.push_back(a.relation);
      arrive(i, op, r, emit, a.other);
      used_.pop_back();
      r[op.rel_slot] = nullptr;
    });
  }

  template <class Emit>
  void expand_variable(std::size_t i, operation& op, row& r, Emit& emit) {
    const auto& from = r[op.from_slot];
    if (!from.is_entity()) return;
    query_value::list trail;
    walk(i, op, r, emit, from.as_entity().index(), trail);
  }

  template <class Emit>
  void walk(std::size_t i, operation& op, row& r, Emit& emit, entity_index at,
            query_value::list& trail) {
    if (trail.size() >= op.rel.min_hops) {
      // Relations are listed in the order the pattern is written.
      query_value::list written = trail;
      if (op.backwards) std::reverse(written.begin(), written.end());
      r[op.rel_slot] = std::move(written);
      arrive(i, op, r, emit, at);
      r[op.rel_slot] = nullptr;
    }
    if (trail.size() >= op.rel.max_hops) return;
    const bool at_most = trail.size() >= max_walk_hops;
    for_each_adjacent(ctx_, at, op.rel, op.backwards, [&](const adjacency_entry& a) {
      if (used(a.relation)) return;
      relation rel = ctx_.g.relation(a.relation);
      if (!op.rel.properties.empty() && !properties_match(op.rel.properties, rel, r, ctx_)) return;
      if (at_most) {  // one step more would be allowed but for the bound on depth
        ctx_.walk_cut = true;
        return;
      }
      used_.push_back(a.relation);
      trail.emplace_back(rel);
      walk(i, op, r, emit, a.other, trail);
      trail.pop_back();
      used_.pop_back();
    });
  }

  template <class Emit>
  void shortest(std::size_t i, operation& op, row& r, Emit& emit) {
    const auto& a = r[op.from_slot];
    const auto& b = r[op.slot];
    if (!a.is_entity() || !b.is_entity()) return;
    auto from = a.as_entity().index(), to = b.as_entity().index();
    if (from == to && op.rel.min_hops > 0) return;
    std::vector<path> found;
    auto opts = op.search_options;
    if (ctx_.deadline) {
      auto left = *ctx_.deadline - std::chrono::steady_clock::now();
      opts.timeout = std::max(left, std::chrono::steady_clock::duration::zero());
    }
    if (op.all_shortest) {
      auto result = all_shortest_paths(ctx_.g, from, to, opts);
      if (result.cut && result.why_cut.find("deadline") != std::string::npos)
        throw stop_query{"stopped at the deadline"};
      found = std::move(result.paths);
    } else {
      if (!op.searcher) op.searcher = std::make_shared<path_searcher>(ctx_.g, opts);
      if (auto p = op.searcher->find(from, to)) found.push_back(std::move(*p));
    }
    for (auto& p : found) {
      if (p.length() < op.rel.min_hops) continue;
      query_value::list rels;
      for (auto rel : p.relations()) rels.emplace_back(ctx_.g.relation(rel));
      r[op.rel_slot] = std::move(rels);
      if (op.path_slot) r[*op.path_slot] = p;
      step(i + 1, r, emit);
    }
    r[op.rel_slot] = nullptr;
    if (op.path_slot) r[*op.path_slot] = nullptr;
  }

  template <class Emit>
  void bind_path(std::size_t i, operation& op, row& r, Emit& emit) {
    const auto& start = r[op.node_slots.front()];
    if (!start.is_entity()) return;
    path p(ctx_.g, start.as_entity().index());
    for (auto s : op.rel_slots) {
      const auto& v = r[s];
      if (v.is_relation()) {
        p.push_back(v.as_relation().index());
      } else if (v.is_list()) {
        for (const auto& rel : v.as_list()) p.push_back(rel.as_relation().index());
      }
    }
    r[op.slot] = std::move(p);
    step(i + 1, r, emit);
    r[op.slot] = nullptr;
  }

  std::vector<operation>& ops_;
  context& ctx_;
  std::vector<relation_index> used_;
};

}  // namespace

void match_stage::start(context& ctx) {
  // Paths obey the run's evidence and time options; a searcher is reused while they hold.
  for (auto& op : ops) {
    if (op.op != operation::what::shortest) continue;
    auto& so = op.search_options;
    if (so.min_evidence != ctx.opts.min_evidence || so.as_of != ctx.opts.as_of ||
        so.as_known != ctx.opts.as_known)
      op.searcher.reset();
    so.min_evidence = ctx.opts.min_evidence;
    so.as_of = ctx.opts.as_of;
    so.as_known = ctx.opts.as_known;
  }
}

void match_stage::push(row& r, context& ctx) {
  row& work = work_;
  copy_row(work, r, width);
  bool any = false;
  matcher m(ops, ctx);
  m.run(work, [&](row& matched) {
    any = true;
    next->push(matched, ctx);  // later stages copy what they keep
  });
  if (optional && !any) {
    for (auto s : new_slots) work[s] = nullptr;
    next->push(work, ctx);
  }
}

void match_each(std::vector<operation>& ops, context& ctx, row& r,
                const std::function<void(row&)>& emit) {
  matcher m(ops, ctx);
  m.run(r, [&](row& matched) { emit(matched); });
}

}  // namespace entente::detail::query

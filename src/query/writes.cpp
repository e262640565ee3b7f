// The write stages: CREATE, MERGE, SET, REMOVE and DELETE, each writing for all its rows once
// its input is done.

#include "query/writes.hpp"

#include "query/write_values.hpp"

#include <entente/schema.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace entente::detail::query {
namespace {

void apply_set(const set_action& a, row& r, context& ctx, const write_site& site) {
  auto target = a.target(r, ctx);
  if (target.is_null()) return;  // as in openCypher, setting on null does nothing
  switch (a.operation) {
    case cypher::set_operation::property:
      write_property(ctx, target, a.key, a.value(r, ctx), site);
      break;
    case cypher::set_operation::replace_all:
    case cypher::set_operation::add_all:
      write_properties(ctx, target, a.value(r, ctx),
                       a.operation == cypher::set_operation::replace_all, site);
      break;
    case cypher::set_operation::labels: {
      if (!target.is_entity())
        site.fail(fmt::format("only an entity has a kind to set, not {} {}", target.type_name(),
                              to_string(target)));
      write_kind(ctx, target.as_entity().index(), ctx.g.schema().kind_at(a.kind).name, site);
      break;
    }
  }
}

void create_part(context& ctx, const creation& part, row& r, const write_site& site) {
  for (const auto& n : part.nodes) {
    if (n.bound) {
      if (!r[n.slot].is_entity())
        site.fail(fmt::format("a new relation needs an entity at each end, got {}",
                              to_string(r[n.slot])));
      continue;
    }
    r[n.slot] = ctx.g.entity(create_entity(ctx, n, r, site));
  }
  for (const auto& rel : part.relations)
    r[rel.slot] = ctx.g.relation(create_relation(ctx, rel, part.nodes, r, site));
  if (part.path_slot != no_slot) {
    path p(ctx.g, r[part.node_slots.front()].as_entity().index());
    for (auto s : part.rel_slots) p.push_back(r[s].as_relation().index());
    r[part.path_slot] = std::move(p);
  }
}

// What DELETE removes: entities, relations, and the entities and relations of paths.
void collect(const query_value& v, std::vector<entity_index>& entities,
             std::vector<relation_index>& relations, const write_site& site) {
  if (v.is_null()) return;
  if (v.is_entity()) {
    entities.push_back(v.as_entity().index());
  } else if (v.is_relation()) {
    relations.push_back(v.as_relation().index());
  } else if (v.is_path()) {
    const auto& p = v.as_path();
    entities.insert(entities.end(), p.nodes().begin(), p.nodes().end());
    for (auto rel : p.relations()) relations.push_back(rel);
  } else if (v.is_list()) {
    for (const auto& item : v.as_list()) collect(item, entities, relations, site);
  } else {
    site.fail(fmt::format("DELETE takes entities, relations and paths, not {} {}", v.type_name(),
                          to_string(v)));
  }
}

// Moves entity and relation values to their numbers after `graph::erase`; what was deleted
// becomes null, and so does a path through it.
void renumber(query_value& v, const graph& g, const graph::renumbering& moved) {
  if (v.is_entity()) {
    auto to = moved.entities[v.as_entity().index()];
    v = to == no_index ? query_value() : query_value(g.entity(to));
  } else if (v.is_relation()) {
    auto to = moved.relations[v.as_relation().index()];
    v = to == no_index ? query_value() : query_value(g.relation(to));
  } else if (v.is_path()) {
    const auto& p = v.as_path();
    auto start = moved.entities[p.source()];
    if (start == no_index) {
      v = nullptr;
      return;
    }
    path out(g, start);
    for (auto rel : p.relations()) {
      auto to = moved.relations[rel];
      if (to == no_index) {
        v = nullptr;
        return;
      }
      out.push_back(to);
    }
    v = std::move(out);
  } else if (v.is_list()) {
    auto items = v.as_list();
    for (auto& item : items) renumber(item, g, moved);
    v = std::move(items);
  } else if (v.is_map()) {
    auto entries = v.as_map();
    for (auto& [k, item] : entries) renumber(item, g, moved);
    v = std::move(entries);
  }
}

bool holds_graph_values(const query_value& v) {
  if (v.is_entity() || v.is_relation() || v.is_path()) return true;
  if (v.is_list()) return std::any_of(v.as_list().begin(), v.as_list().end(), holds_graph_values);
  if (v.is_map())
    return std::any_of(v.as_map().begin(), v.as_map().end(),
                       [](const auto& e) { return holds_graph_values(e.second); });
  return false;
}

}  // namespace

void write_stage::push(row& r, context& ctx) {
  ctx.tick();
  rows.push_back(r);
  rows.back().resize(width);
}

void write_stage::finish(context& ctx) {
  apply(ctx);
  --ctx.writes_pending;
  ctx.refresh();
  if (!final)
    for (auto& r : rows) next->push(r, ctx);
  rows.clear();
  rows.shrink_to_fit();
  stage::finish(ctx);
}

void create_stage::push(row& r, context& ctx) {
  if (!streaming) {
    write_stage::push(r, ctx);
    return;
  }
  ctx.tick();
  copy_row(work_, r, width);
  apply(work_, ctx);
  if (!final) next->push(work_, ctx);
}

void create_stage::apply(context& ctx) {
  for (auto& r : rows) {
    ctx.tick();
    apply(r, ctx);
  }
}

void create_stage::apply(row& r, context& ctx) {
  for (const auto& part : parts) create_part(ctx, part, r, site(part.at));
}

void merge_stage::apply(context& ctx) {
  std::vector<row> out;
  out.reserve(rows.size());
  std::vector<row> found;
  for (auto& r : rows) {
    ctx.tick();
    found.clear();
    match_each(ops, ctx, r, [&](row& m) { found.push_back(m); });
    if (found.empty()) {
      create_part(ctx, part, r, site(part.at));
      for (const auto& a : on_create) apply_set(a, r, ctx, site(a.at));
      ctx.refresh();  // the next row's match sees what this one made
      out.push_back(std::move(r));
      continue;
    }
    for (auto& m : found) {
      for (const auto& a : on_match) apply_set(a, m, ctx, site(a.at));
      out.push_back(std::move(m));
    }
  }
  rows = std::move(out);
}

void set_stage::apply(context& ctx) {
  for (auto& r : rows) {
    ctx.tick();
    for (const auto& a : actions) apply_set(a, r, ctx, site(a.at));
  }
}

void remove_stage::apply(context& ctx) {
  for (auto& r : rows) {
    ctx.tick();
    for (const auto& a : actions) {
      auto s = site(a.at);
      auto target = a.target(r, ctx);
      if (target.is_null()) continue;
      if (a.kinds.empty()) {
        write_property(ctx, target, a.key, nullptr, s);
        continue;
      }
      if (!target.is_entity())
        s.fail(fmt::format("only an entity has a kind, not {} {}", target.type_name(),
                           to_string(target)));
      const auto& e = target.as_entity();
      for (auto k : a.kinds) {
        if (!ctx.g.schema().is_a(e.kind(), k)) continue;
        // An open schema has no label to fall back to: the entity keeps none.
        if (ctx.g.schema().is_open()) {
          write_kind(ctx, e.index(), "", s);
          break;
        }
        s.fail(
            fmt::format("entity '{}' cannot lose its kind {}: an entity always has one "
                        "(SET gives it another)",
                        e.id(), e.kind_name()));
      }
    }
  }
}

void source_stage::apply(context& ctx) {
  for (auto& r : rows) {
    ctx.tick();
    for (const auto& s : sources) {
      auto where = site(s.at);
      auto declared = declare_source(ctx, evaluate_map(s.properties, r, ctx, where), merge, where);
      if (s.slot != no_slot) r[s.slot] = std::move(declared);
    }
  }
}

void delete_stage::apply(context& ctx) {
  std::vector<entity_index> entities;
  std::vector<relation_index> relations;
  for (auto& r : rows) {
    ctx.tick();
    for (const auto& [target, at] : targets) collect(target(r, ctx), entities, relations, site(at));
  }
  if (entities.empty() && relations.empty()) return;
  std::sort(entities.begin(), entities.end());
  entities.erase(std::unique(entities.begin(), entities.end()), entities.end());
  std::sort(relations.begin(), relations.end());
  relations.erase(std::unique(relations.begin(), relations.end()), relations.end());
  const graph& g = ctx.g;
  if (!detach)
    for (auto e : entities)
      for (const auto& side : {g.out_relations(e), g.in_relations(e)})
        for (const auto& a : side)
          if (!std::binary_search(relations.begin(), relations.end(), a.relation)) {
            auto rel = g.relation(a.relation);
            site(targets.front().second)
                .fail(fmt::format("entity '{}' still has relations ({} -[:{}]-> {}, ...): DETACH "
                                  "DELETE removes them with it",
                                  g.entity(e).id(), g.entity(rel.from()).id(), rel.type_name(),
                                  g.entity(rel.to()).id()));
          }
  auto relations_before = g.num_relations();
  ctx.transaction->before_change();
  auto moved = ctx.writable->erase(entities, relations);
  ctx.changes.entities_deleted += entities.size();
  ctx.changes.relations_deleted += relations_before - g.num_relations();
  for (auto& r : rows)
    for (auto& v : r)
      if (holds_graph_values(v)) renumber(v, g, moved);
}

}  // namespace entente::detail::query

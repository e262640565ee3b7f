// The planner's half for the clauses that write: CREATE and MERGE patterns as what they make,
// SET and REMOVE items, DELETE targets, and the names a write may declare in an open schema.

#include "query/compiler.hpp"

#include <entente/schema.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace entente::detail::query {
void query_compiler::refuse_write(const cypher::clause& c) const {
  b_.fail(c.position, fmt::format("{} changes the graph, which this query may only read (a write "
                                  "query needs a graph it may change)",
                                  c.keyword()));
}

void query_compiler::compile_write(const cypher::clause& c, bool last) {
  if (!writable_) refuse_write(c);
  std::unique_ptr<write_stage> st;
  if (const auto* cr = c.get_if<cypher::create_clause>())
    st = compile_create(*cr);
  else if (const auto* m = c.get_if<cypher::merge_clause>())
    st = compile_merge(*m);
  else if (const auto* s = c.get_if<cypher::set_clause>())
    st = compile_set(*s);
  else if (const auto* r = c.get_if<cypher::remove_clause>())
    st = compile_remove(*r);
  else
    st = compile_delete(*c.get_if<cypher::delete_clause>());
  st->text = &q_.text;
  st->final = last;
  st->width = scope_.width;
  add(std::move(st));
}

void query_compiler::choose_streaming_writes() {
  // A pattern inside an expression could see what a streaming CREATE made for earlier rows.
  if (reads_patterns_in_expressions_) return;
  for (std::size_t i = 0; i < stages.size(); ++i)
    if (auto* create = dynamic_cast<create_stage*>(stages[i].get()))
      create->streaming = creates_unseen(i) && passes_on_unseen(i);
}

bool query_compiler::creates_unseen(std::size_t at) const {
  // A CREATE may write row by row when no MATCH still running before it could see what it
  // makes: new relations are invisible to lookups by id, new entities to no MATCH at all.
  // Stages that hold every row until their input is done (writes, aggregation, ORDER BY) have
  // finished reading before it starts.
  const auto& create = dynamic_cast<const create_stage&>(*stages[at]);
  bool makes_entities = false;
  for (const auto& part : create.parts)
    for (const auto& n : part.nodes) makes_entities = makes_entities || !n.bound;
  for (std::size_t i = at; i-- > 0;) {
    const stage* st = stages[i].get();
    if (dynamic_cast<const write_stage*>(st)) break;
    if (const auto* p = dynamic_cast<const projection_stage*>(st)) {
      if (p->aggregating || !p->order.empty()) break;
      continue;
    }
    const auto* m = dynamic_cast<const match_stage*>(st);
    if (!m) continue;
    if (makes_entities) return false;
    for (const auto& op : m->ops) {
      bool by_id = op.op == operation::what::scan && (op.bound || op.by_id);
      if (!by_id && op.op != operation::what::check) return false;
    }
  }
  return true;
}

bool query_compiler::passes_on_unseen(std::size_t at) const {
  // The rows a streaming CREATE passes on meet the rest of the query while it still writes, so
  // up to the next stage that holds every row (an aggregation, ORDER BY) nothing may read the
  // graph, write (the order of the writes would change), or stop the query early (a last
  // RETURN's LIMIT, the row limit). Expressions read no relations, so projections may run.
  for (std::size_t i = at + 1; i < stages.size(); ++i) {
    const stage* st = stages[i].get();
    if (const auto* p = dynamic_cast<const projection_stage*>(st)) {
      if (p->aggregating || !p->order.empty()) return true;
      if (p->final) return false;
      continue;
    }
    if (!dynamic_cast<const unwind_stage*>(st)) return false;
  }
  return stages.size() == at + 1;  // the CREATE ends the query
}

bool query_compiler::declares_source(const cypher::pattern_part& part) const {
  const auto& labels = part.start.labels;
  return labels.size() == 1 && labels.front().name == "Source" && !g_.schema().find_kind("Source");
}

std::unique_ptr<write_stage> query_compiler::compile_sources(
    const std::vector<const cypher::pattern_part*>& parts, bool merge) {
  auto st = std::make_unique<source_stage>();
  st->merge = merge;
  for (const auto* part : parts) {
    if (!part->steps.empty() || part->path_variable)
      b_.fail(part->position,
              "a source document is not an entity: declare it alone, as in "
              "CREATE (:Source {id: \"article-x\", title: \"...\"}), and cite it in a "
              "relation's sources");
    source_stage::declared d;
    d.at = part->start.position;
    d.properties = compile_property_writes(part->start.properties.get());
    if (part->start.variable) {
      if (scope_.find(part->start.variable->name))
        b_.fail(part->start.variable->position,
                fmt::format("variable '{}' is already defined", part->start.variable->name));
      d.slot = scope_.add(part->start.variable->name, var_kind::value);
    }
    st->sources.push_back(std::move(d));
  }
  return st;
}

std::unique_ptr<write_stage> query_compiler::compile_create(const cypher::create_clause& c) {
  std::vector<const cypher::pattern_part*> sources;
  for (const auto& part : c.pattern)
    if (declares_source(part)) sources.push_back(&part);
  if (!sources.empty()) {
    if (sources.size() != c.pattern.size())
      b_.fail(sources.front()->position,
              "declare source documents in a CREATE of their own, apart from entities");
    return compile_sources(sources, false);
  }
  auto st = std::make_unique<create_stage>();
  bound_names bound{scope_.width, {}};
  for (const auto& part : c.pattern) st->parts.push_back(compile_creation(part, bound, false));
  return st;
}

std::unique_ptr<write_stage> query_compiler::compile_merge(const cypher::merge_clause& m) {
  if (declares_source(m.pattern)) {
    if (!m.on_create.empty() || !m.on_match.empty())
      b_.fail(m.pattern.position, "a source document takes no ON CREATE SET or ON MATCH SET");
    return compile_sources({&m.pattern}, true);
  }
  // What MERGE matches on is written out: a parameter map would hide which keys it compares.
  auto written_out = [&](const cypher::expression_ptr& props) {
    if (props && !props->get_if<cypher::map_literal>())
      b_.fail(props->position,
              "MERGE matches on properties written out, not on a parameter map: write "
              "{key: $map.key, ...}");
  };
  written_out(m.pattern.start.properties);
  for (const auto& step : m.pattern.steps) {
    written_out(step.node.properties);
    written_out(step.relationship.properties);
  }
  auto st = std::make_unique<merge_stage>();
  bound_names bound{scope_.width, {}};
  // Names first, so an open schema has declared them before the pattern is read as a match.
  for (const auto& l : m.pattern.start.labels) (void)writable_label(l);
  for (const auto& step : m.pattern.steps) {
    for (const auto& l : step.node.labels) (void)writable_label(l);
    for (const auto& t : step.relationship.types) (void)writable_type(t);
  }
  std::vector<conjunct> where;
  auto bound_now = scope_.names();
  compile_part(m.pattern, st->ops, where, bound_now);
  st->part = compile_creation(m.pattern, bound, true);
  for (const auto& item : m.on_create) st->on_create.push_back(compile_set_item(item));
  for (const auto& item : m.on_match) st->on_match.push_back(compile_set_item(item));
  return st;
}

std::unique_ptr<write_stage> query_compiler::compile_set(const cypher::set_clause& s) {
  auto st = std::make_unique<set_stage>();
  for (const auto& item : s.items) st->actions.push_back(compile_set_item(item));
  return st;
}

std::unique_ptr<write_stage> query_compiler::compile_remove(const cypher::remove_clause& r) {
  auto st = std::make_unique<remove_stage>();
  for (const auto& item : r.items) {
    remove_action a;
    a.at = item.target->position;
    if (item.labels.empty()) {
      const auto& p = *item.target->get_if<cypher::property_access>();
      a.target = b_.compile(*p.subject, scope_);
      a.key = p.key.name;
    } else {
      a.target = b_.compile(*item.target, scope_);
      for (const auto& l : item.labels) a.kinds.push_back(b_.label(l));
    }
    st->actions.push_back(std::move(a));
  }
  return st;
}

std::unique_ptr<write_stage> query_compiler::compile_delete(const cypher::delete_clause& d) {
  auto st = std::make_unique<delete_stage>();
  st->detach = d.detach;
  for (const auto& t : d.targets) {
    // What can never be an entity, a relation or a path is refused before anything runs.
    if (t->get_if<cypher::literal>() || t->get_if<cypher::label_test>() ||
        t->get_if<cypher::binary>() || t->get_if<cypher::unary>())
      b_.fail(t->position,
              fmt::format("DELETE takes entities, relations and paths, not {}",
                          t->get_if<cypher::label_test>() ? "a label (REMOVE n:Kind removes one)"
                                                          : "the value of an expression"));
    st->targets.emplace_back(b_.compile(*t, scope_), t->position);
  }
  return st;
}

bool query_compiler::reused(const bound_names& bound, const std::string& name) const {
  if (bound.made.count(name)) return true;
  const auto* info = scope_.find(name);
  return info && info->slot < bound.width;
}

creation query_compiler::compile_creation(const cypher::pattern_part& part, bound_names& bound,
                                          bool merging) {
  creation out;
  out.at = part.position;
  auto node_at = [&](std::size_t i) -> const cypher::node_pattern& {
    return i == 0 ? part.start : part.steps[i - 1].node;
  };
  for (std::size_t i = 0; i <= part.steps.size(); ++i) {
    const auto& n = node_at(i);
    node_to_create made;
    made.at = n.position;
    if (n.variable && reused(bound, n.variable->name)) {
      const auto* info = scope_.find(n.variable->name);
      if (info->kind != var_kind::node && info->kind != var_kind::value)
        b_.fail(n.variable->position,
                fmt::format("variable '{}' is not a node, so no relation can start or end at it",
                            n.variable->name));
      if (!n.labels.empty() || n.properties)
        b_.fail(n.position,
                fmt::format("variable '{}' is already bound: a pattern that writes cannot give it "
                            "labels or properties (put them in WHERE, or in SET)",
                            n.variable->name));
      if (part.steps.empty())
        b_.fail(n.variable->position,
                fmt::format("variable '{}' is already bound: a pattern of it alone would write "
                            "nothing",
                            n.variable->name));
      made.bound = true;
      made.slot = info->slot;
    } else {
      // MERGE may match entities of any kind; only making one needs its kind, so a MERGE
      // without a label fails when it has to make the entity, not before. An open schema
      // makes an entity without a label as openCypher does, with no kind.
      bool unlabelled = n.labels.empty() && writable_ && g_.schema().is_open();
      if (n.labels.size() > 1 || (n.labels.empty() && !merging && !unlabelled))
        b_.fail(n.position, n.labels.empty()
                                ? "a new entity needs a kind: write one label, as in (n:State)"
                                : "a new entity has one kind: write one label, as in (n:State)");
      if (unlabelled)
        made.kind = writable_->add_kind({"", ""});
      else
        made.kind = n.labels.empty() ? no_kind : writable_label(n.labels.front());
      made.properties = compile_property_writes(n.properties.get());
      made.properties.null_refused = merging;
      if (n.variable) {
        const auto* info = scope_.find(n.variable->name);
        made.slot = info ? info->slot : scope_.add(n.variable->name, var_kind::node);
        bound.made.insert(n.variable->name);
      } else {
        made.slot = scope_.hidden();
      }
    }
    out.node_slots.push_back(made.slot);
    out.nodes.push_back(std::move(made));
  }
  for (std::size_t i = 0; i < part.steps.size(); ++i) {
    const auto& rp = part.steps[i].relationship;
    relation_to_create made;
    made.at = rp.position;
    auto [type, reversed] = writable_type(rp.types.front());
    made.type = type;
    made.reversed = reversed != (rp.direction == cypher::relationship_direction::incoming);
    made.left = i;
    made.right = i + 1;
    made.properties = compile_property_writes(rp.properties.get());
    made.properties.null_refused = merging;
    if (rp.variable) {
      if (reused(bound, rp.variable->name))
        b_.fail(rp.variable->position,
                fmt::format("variable '{}' is already bound: a pattern that writes makes new "
                            "relations only",
                            rp.variable->name));
      const auto* info = scope_.find(rp.variable->name);
      made.slot = info ? info->slot : scope_.add(rp.variable->name, var_kind::relation);
      bound.made.insert(rp.variable->name);
    } else {
      made.slot = scope_.hidden();
    }
    out.rel_slots.push_back(made.slot);
    out.relations.push_back(std::move(made));
  }
  if (part.path_variable) {
    const auto* info = scope_.find(part.path_variable->name);
    if (reused(bound, part.path_variable->name))
      b_.fail(part.path_variable->position,
              fmt::format("path variable '{}' is already defined", part.path_variable->name));
    out.path_slot = info ? info->slot : scope_.add(part.path_variable->name, var_kind::path);
    bound.made.insert(part.path_variable->name);
  }
  return out;
}

property_writes query_compiler::compile_property_writes(const expression* props) {
  property_writes out;
  if (!props) return out;
  if (const auto* m = props->get_if<cypher::map_literal>()) {
    for (const auto& entry : m->entries) {
      if (entry.key.name == "id") prefetch_ids_of(*entry.value);
      out.entries.emplace_back(entry.key.name, b_.compile(*entry.value, scope_));
    }
    return out;
  }
  out.whole = b_.compile(*props, scope_);
  return out;
}

set_action query_compiler::compile_set_item(const cypher::set_item& item) {
  set_action a;
  a.operation = item.operation;
  a.at = item.target->position;
  switch (item.operation) {
    case cypher::set_operation::property: {
      const auto& p = *item.target->get_if<cypher::property_access>();
      a.target = b_.compile(*p.subject, scope_);
      a.key = p.key.name;
      a.value = b_.compile(*item.value, scope_);
      break;
    }
    case cypher::set_operation::replace_all:
    case cypher::set_operation::add_all:
      a.target = b_.compile(*item.target, scope_);
      a.value = b_.compile(*item.value, scope_);
      break;
    case cypher::set_operation::labels:
      a.target = b_.compile(*item.target, scope_);
      if (item.labels.size() != 1)
        b_.fail(item.labels[1].position,
                "an entity has one kind: SET n:Kind gives it that kind in place of its own");
      a.kind = writable_label(item.labels.front());
      break;
  }
  return a;
}

kind_id query_compiler::writable_label(const cypher::identifier& label) {
  if (auto k = g_.schema().find_kind(label.name)) return *k;
  // An open schema declares it now: planning is part of the write query's transaction.
  if (writable_ && g_.schema().is_open()) return writable_->add_kind({label.name, ""});
  return b_.label(label);  // fails, naming the closest kinds
}

std::pair<relation_type_id, bool> query_compiler::writable_type(const cypher::identifier& type) {
  const auto& s = g_.schema();
  if (auto t = s.find_relation_type(type.name)) return {*t, false};
  // An inverse name stores its type the other way round: (a)-[:sanctioned_by]->(b) is
  // (b)-[:sanctions]->(a).
  for (std::size_t t = 0; t < s.num_relation_types(); ++t)
    if (s.relation_type_at(static_cast<relation_type_id>(t)).inverse == type.name)
      return {static_cast<relation_type_id>(t), true};
  if (writable_ && s.is_open()) return {writable_->add_relation_type({.name = type.name}), false};
  b_.fail(type.position, fmt::format("unknown relation type ':{}'", type.name),
          schema::closest(type.name, s.step_names()));
}

void query_compiler::know_written_keys() {
  auto map_keys = [&](const expression* e) {
    if (!e) return;
    if (const auto* m = e->get_if<cypher::map_literal>())
      for (const auto& entry : m->entries) b_.know_key(entry.key.name);
    else
      b_.know_every_key();
  };
  auto pattern_keys = [&](const cypher::pattern_part& p) {
    map_keys(p.start.properties.get());
    for (const auto& step : p.steps) {
      map_keys(step.relationship.properties.get());
      map_keys(step.node.properties.get());
    }
  };
  auto set_keys = [&](const std::vector<cypher::set_item>& items) {
    for (const auto& item : items) {
      if (const auto* p = item.target->get_if<cypher::property_access>()) b_.know_key(p->key.name);
      if (item.operation == cypher::set_operation::replace_all ||
          item.operation == cypher::set_operation::add_all)
        map_keys(item.value.get());
    }
  };
  for (const auto& c : q_.clauses) {
    if (const auto* cr = c.get_if<cypher::create_clause>())
      for (const auto& p : cr->pattern) pattern_keys(p);
    if (const auto* m = c.get_if<cypher::merge_clause>()) {
      pattern_keys(m->pattern);
      set_keys(m->on_create);
      set_keys(m->on_match);
    }
    if (const auto* s = c.get_if<cypher::set_clause>()) set_keys(s->items);
  }
}

}  // namespace entente::detail::query

// The planner: binds each clause and lays out its stage; for a MATCH, picks where each pattern
// starts (the fewest candidates) and places every WHERE condition right after what it reads.

#include "query/planner.hpp"

#include "query/compiler.hpp"
#include "query/static_checks.hpp"

#include <entente/paths.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <unordered_map>

namespace entente::detail::query {

void split_and(const expression& e, std::vector<conjunct>& out) {
  if (const auto* b = e.get_if<cypher::binary>())
    if (b->op == cypher::binary_operator::logical_and) {
      split_and(*b->lhs, out);
      split_and(*b->rhs, out);
      return;
    }
  conjunct c{&e, {}};
  variables_of(e, c.reads);
  out.push_back(std::move(c));
}

namespace {

// Fills `t.along` and `t.against` from the schema's ways of reading each type and the arrow.
void read_types(std::vector<std::uint8_t> ways, cypher::relationship_direction arrow,
                relation_test& t) {
  for (auto& w : ways) {
    if (w == 0) continue;
    if (arrow == cypher::relationship_direction::incoming)
      w = static_cast<std::uint8_t>(((w & step_along) ? step_against : 0) |
                                    ((w & step_against) ? step_along : 0));
    if (arrow == cypher::relationship_direction::either) w = step_both_ways;
  }
  auto fill = [&](type_set& set, std::uint8_t bit) {
    set.all = !ways.empty();
    for (std::size_t u = 0; u < ways.size(); ++u) {
      if (ways[u] & bit)
        set.types.push_back(static_cast<relation_type_id>(u));
      else
        set.all = false;
    }
    if (set.all) set.types.clear();
  };
  fill(t.along, step_along);
  fill(t.against, step_against);
}

}  // namespace

void query_compiler::compile() {
  if (q_.writes()) know_written_keys();
  for (std::size_t i = 0; i < clauses_.size(); ++i) {
    const auto& c = clauses_[i];
    bool last = i + 1 == clauses_.size();
    if (!compile_reading(c, last && !part_of_union_)) compile_write(c, last);
  }
  if (cypher::writes(clauses_)) choose_streaming_writes();
}

bool query_compiler::compile_reading(const cypher::clause& c, bool final) {
  if (const auto* m = c.get_if<cypher::match_clause>())
    compile_match(*m);
  else if (const auto* u = c.get_if<cypher::unwind_clause>())
    compile_unwind(*u);
  else if (const auto* w = c.get_if<cypher::with_clause>())
    compile_projection(w->body, w->where.get(), w->where_before_order, false, false, c.position);
  else if (const auto* r = c.get_if<cypher::return_clause>())
    compile_projection(r->body, nullptr, false, final, true, c.position);
  else
    return false;
  return true;
}

bool query_compiler::is_bound(std::string_view name,
                              const std::vector<std::string>& bound_now) const {
  return std::find(bound_now.begin(), bound_now.end(), name) != bound_now.end();
}

std::size_t query_compiler::slot_for(const std::optional<cypher::identifier>& v, var_kind kind,
                                     bool& already) {
  already = false;
  if (!v) return scope_.hidden();
  if (const auto* info = scope_.find(v->name)) {
    if (info->never_element && kind != var_kind::relations)  // a list binds a variable length
      b_.fail(v->position, fmt::format("variable '{}' is already bound to a value that is "
                                       "never a {}",
                                       v->name,
                                       kind == var_kind::node   ? "node"
                                       : kind == var_kind::path ? "path"
                                                                : "relationship"));
    if (info->kind != kind && info->kind != var_kind::value)
      b_.fail(v->position, fmt::format("variable '{}' is already bound to a {}", v->name,
                                       info->kind == var_kind::node   ? "node"
                                       : info->kind == var_kind::path ? "path"
                                                                      : "relation"));
    already = true;
    return info->slot;
  }
  return scope_.add(v->name, kind);
}

node_test query_compiler::compile_node_test(const cypher::node_pattern& n) {
  node_test t;
  for (const auto& l : n.labels) t.labels.push_back(b_.label(l));
  t.properties = compile_properties(n.properties.get(), var_kind::node);
  return t;
}

std::vector<property_test> query_compiler::compile_properties(const expression* props,
                                                              var_kind kind) {
  std::vector<property_test> out;
  if (!props) return out;
  if (const auto* m = props->get_if<cypher::map_literal>()) {
    for (const auto& entry : m->entries) {
      b_.check_key(entry.key, kind);
      out.push_back({entry.key.name, b_.compile(*entry.value, scope_)});
    }
    return out;
  }
  // `{...}` given as a parameter: a map whose every entry must hold, read at run time.
  out.push_back({std::string(), b_.compile(*props, scope_)});
  return out;
}

evaluator query_compiler::lookup(const cypher::node_pattern& n, std::string_view key,
                                 std::vector<conjunct>& where,
                                 const std::vector<std::string>& bound_now) {
  auto independent = [&](const expression& e) {
    std::vector<std::string> reads;
    variables_of(e, reads);
    return std::all_of(reads.begin(), reads.end(),
                       [&](const std::string& r) { return is_bound(r, bound_now); });
  };
  if (n.properties)
    if (const auto* m = n.properties->get_if<cypher::map_literal>())
      for (const auto& entry : m->entries)
        if (entry.key.name == key && independent(*entry.value)) {
          if (key == "id") prefetch_ids_of(*entry.value);
          return b_.compile(*entry.value, scope_);
        }
  if (!n.variable) return {};
  for (auto& c : where) {
    const auto* eq = c.e->get_if<cypher::binary>();
    if (!eq || eq->op != cypher::binary_operator::equal) continue;
    for (int side = 0; side < 2; ++side) {
      const auto& lhs = side ? *eq->rhs : *eq->lhs;
      const auto& rhs = side ? *eq->lhs : *eq->rhs;
      const auto* p = lhs.get_if<cypher::property_access>();
      if (!p || p->key.name != key) continue;
      const auto* v = p->subject->get_if<cypher::variable>();
      if (v && v->name == n.variable->name && independent(rhs)) {
        if (key == "id") prefetch_ids_of(rhs);
        return b_.compile(rhs, scope_);
      }
    }
  }
  return {};
}

void query_compiler::prefetch_ids_of(const expression& e) {
  const auto* p = e.get_if<cypher::property_access>();
  const auto* v = p ? p->subject->get_if<cypher::variable>() : nullptr;
  const auto* info = v ? scope_.peek(v->name) : nullptr;
  if (!info || !info->item) return;
  auto& keys = info->item->id_keys;
  if (std::find(keys.begin(), keys.end(), p->key.name) == keys.end()) keys.push_back(p->key.name);
}

bool query_compiler::id_from_map(const cypher::node_pattern& n,
                                 const std::vector<std::string>& bound_now) {
  if (!n.properties) return false;
  const auto* m = n.properties->get_if<cypher::map_literal>();
  if (!m) return false;
  for (const auto& entry : m->entries)
    if (entry.key.name == "id") {
      std::vector<std::string> reads;
      variables_of(*entry.value, reads);
      return std::all_of(reads.begin(), reads.end(),
                         [&](const std::string& r) { return is_bound(r, bound_now); });
    }
  return false;
}

double query_compiler::estimate(const cypher::node_pattern& n, std::vector<conjunct>& where,
                                const std::vector<std::string>& bound_now) {
  if (n.variable && is_bound(n.variable->name, bound_now)) return 0;
  if (lookup(n, "id", where, bound_now)) return 1;
  if (lookup(n, "name", where, bound_now)) return 2;
  double best = static_cast<double>(g_.num_entities());
  for (const auto& l : n.labels) {
    auto k = b_.label(l);
    best = std::min(best, static_cast<double>(kind_count(k)));
  }
  return best + 3;  // a scan costs more than a lookup of the same size
}

std::size_t query_compiler::kind_count(kind_id k) {
  auto it = kind_counts_.find(k);
  if (it == kind_counts_.end()) it = kind_counts_.emplace(k, g_.entities_of_kind(k).size()).first;
  return it->second;
}

void query_compiler::place_conditions(std::vector<operation>& ops, std::vector<conjunct>& where,
                                      const std::vector<std::string>& bound_now, bool final) {
  std::vector<evaluator> ready;
  for (auto& c : where) {
    if (c.placed) continue;
    bool all = final || std::all_of(c.reads.begin(), c.reads.end(),
                                    [&](const std::string& r) { return is_bound(r, bound_now); });
    if (!all) continue;
    c.placed = true;
    ready.push_back(b_.compile(*c.e, scope_));
  }
  if (ready.empty()) return;
  operation check{operation::what::check};
  check.conditions = std::move(ready);
  ops.push_back(std::move(check));
}

void query_compiler::compile_part(const cypher::pattern_part& part, std::vector<operation>& ops,
                                  std::vector<conjunct>& where,
                                  std::vector<std::string>& bound_now) {
  const auto count = part.steps.size() + 1;
  auto node_at = [&](std::size_t i) -> const cypher::node_pattern& {
    return i == 0 ? part.start : part.steps[i - 1].node;
  };
  std::vector<std::size_t> node_slots(count), rel_slots(part.steps.size());
  std::vector<bool> node_bound(count), rel_bound(part.steps.size());
  std::vector<node_test> tests(count);
  for (std::size_t i = 0; i < count; ++i) {
    bool already = false;
    node_slots[i] = slot_for(node_at(i).variable, var_kind::node, already);
    // Bound before this pattern; a second mention inside it is bound once the walk gets there.
    node_bound[i] = already && is_bound(node_at(i).variable->name, bound_now);
    tests[i] = compile_node_test(node_at(i));
  }
  std::vector<relation_test> rels(part.steps.size());
  for (std::size_t i = 0; i < part.steps.size(); ++i) {
    const auto& rp = part.steps[i].relationship;
    auto& t = rels[i];
    for (const auto& type : rp.types) t.names.push_back(type.name);
    read_types(b_.step_ways(rp.types), rp.direction, t);
    t.properties = compile_properties(rp.properties.get(), var_kind::relation);
    if (rp.hops) {
      t.variable_length = true;
      t.min_hops = rp.hops->min.value_or(1);
      t.max_hops = rp.hops->max.value_or(std::numeric_limits<std::uint64_t>::max());
      // min > max (`*2..1`, `*..0`): the walk finds nothing, as openCypher says.
    }
    bool already = false;
    rel_slots[i] = slot_for(rp.variable,
                            t.variable_length || part.function != cypher::path_function::none
                                ? var_kind::relations
                                : var_kind::relation,
                            already);
    rel_bound[i] = already && is_bound(rp.variable->name, bound_now);
    if (already && t.variable_length)
      b_.fail(rp.position, "a variable-length relationship cannot reuse a bound variable");
  }
  std::optional<std::size_t> path_slot;
  if (part.path_variable) {
    bool already = false;
    path_slot = slot_for(part.path_variable, var_kind::path, already);
    if (already)
      b_.fail(part.path_variable->position,
              fmt::format("path variable '{}' is already defined", part.path_variable->name));
  }

  auto scan_op = [&](std::size_t i) {
    operation op{operation::what::scan};
    op.slot = node_slots[i];
    op.bound =
        node_bound[i] || (node_at(i).variable && is_bound(node_at(i).variable->name, bound_now));
    op.node = tests[i];
    if (!op.bound) {
      op.by_id = lookup(node_at(i), "id", where, bound_now);
      // An id found by lookup is the id the map asks for: testing it again is wasted work
      // (most of an `UNWIND $rows AS r MATCH (a {id: r.from})`).
      if (op.by_id && id_from_map(node_at(i), bound_now)) {
        auto& props = op.node.properties;
        props.erase(std::remove_if(props.begin(), props.end(),
                                   [](const property_test& t) { return t.key == "id"; }),
                    props.end());
      }
      if (!op.by_id) op.by_name = lookup(node_at(i), "name", where, bound_now);
      if (!op.by_id && !op.by_name && !tests[i].labels.empty()) {
        // Scan the rarest label; the others are checked per entity.
        op.scan_kind = tests[i].labels.front();
        for (auto l : tests[i].labels)
          if (kind_count(l) < kind_count(*op.scan_kind)) op.scan_kind = l;
      }
    }
    ops.push_back(std::move(op));
    if (node_at(i).variable) bound_now.push_back(node_at(i).variable->name);
    place_conditions(ops, where, bound_now, false);
  };

  if (part.function != cypher::path_function::none) {
    if (part.steps.size() != 1)
      b_.fail(part.position, "shortestPath and allShortestPaths take a pattern of one relation");
    scan_op(0);
    scan_op(1);
    const auto& rp = part.steps[0].relationship;
    operation op{operation::what::shortest};
    op.from_slot = node_slots[0];
    op.slot = node_slots[1];
    op.rel_slot = rel_slots[0];
    op.rel = rels[0];
    if (!op.rel.variable_length) op.rel.min_hops = op.rel.max_hops = 1;
    op.all_shortest = part.function == cypher::path_function::all_shortest_paths;
    op.path_slot = path_slot;
    if (!rels[0].properties.empty())
      b_.fail(rp.position, "shortestPath does not take a property map; filter in WHERE");
    auto& so = op.search_options;
    so.via = rels[0].names;
    so.direction = rp.direction == cypher::relationship_direction::outgoing   ? direction::out
                   : rp.direction == cypher::relationship_direction::incoming ? direction::in
                                                                              : direction::any;
    so.max_hops =
        static_cast<std::size_t>(std::min<std::uint64_t>(op.rel.max_hops, std::size_t{1} << 30));
    so.limit = std::numeric_limits<std::size_t>::max();
    ops.push_back(std::move(op));
    if (rp.variable) bound_now.push_back(rp.variable->name);
    if (part.path_variable) bound_now.push_back(part.path_variable->name);
    place_conditions(ops, where, bound_now, false);
    return;
  }

  // Start where the fewest entities qualify, then walk outwards both ways.
  std::size_t start = 0;
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < count; ++i) {
    double cost = node_bound[i] ? 0 : estimate(node_at(i), where, bound_now);
    if (cost < best) {
      best = cost;
      start = i;
    }
  }
  scan_op(start);
  auto expand_op = [&](std::size_t rel, std::size_t from, std::size_t to, bool backwards) {
    operation op{operation::what::expand};
    op.from_slot = node_slots[from];
    op.slot = node_slots[to];
    op.bound =
        node_bound[to] || (node_at(to).variable && is_bound(node_at(to).variable->name, bound_now));
    op.node = tests[to];
    op.rel = rels[rel];
    op.rel_slot = rel_slots[rel];
    op.rel_bound =
        rel_bound[rel] || (part.steps[rel].relationship.variable &&
                           is_bound(part.steps[rel].relationship.variable->name, bound_now));
    op.backwards = backwards;
    ops.push_back(std::move(op));
    if (part.steps[rel].relationship.variable)
      bound_now.push_back(part.steps[rel].relationship.variable->name);
    if (node_at(to).variable) bound_now.push_back(node_at(to).variable->name);
    place_conditions(ops, where, bound_now, false);
  };
  for (std::size_t i = start; i + 1 < count; ++i) expand_op(i, i, i + 1, false);
  for (std::size_t i = start; i > 0; --i) expand_op(i - 1, i, i - 1, true);
  if (path_slot) {
    operation op{operation::what::bind_path};
    op.slot = *path_slot;
    op.node_slots = node_slots;
    op.rel_slots = rel_slots;
    ops.push_back(std::move(op));
    bound_now.push_back(part.path_variable->name);
    place_conditions(ops, where, bound_now, false);
  }
}

void query_compiler::compile_match(const cypher::match_clause& m) {
  auto st = std::make_unique<match_stage>();
  st->optional = m.optional;
  std::vector<conjunct> where;
  if (m.where) split_and(*m.where, where);
  check_relationship_variables(b_, m);
  std::vector<std::string> bound_now = scope_.names();
  // A name that neither this MATCH nor an earlier clause binds belongs to a pattern inside the
  // condition (EXISTS { (a)-->(x) }); it must not hold the condition back to the end.
  std::vector<std::string> known = bound_now;
  for (const auto& part : m.pattern) pattern_variables(part, known);
  for (auto& c : where)
    std::erase_if(c.reads, [&](const std::string& r) { return !is_bound(r, known); });
  auto before = scope_.width;
  for (const auto& part : m.pattern) compile_part(part, st->ops, where, bound_now);
  // Variables used in WHERE must exist by now.
  for (auto& c : where)
    for (const auto& name : c.reads)
      if (!scope_.peek(name)) (void)b_.compile(*c.e, scope_);  // throws, naming it
  place_conditions(st->ops, where, bound_now, true);
  for (auto s = before; s < scope_.width; ++s) st->new_slots.push_back(s);
  st->width = scope_.width;
  add(std::move(st));
}

void query_compiler::compile_unwind(const cypher::unwind_clause& u) {
  auto st = std::make_unique<unwind_stage>();
  st->list = b_.compile(*u.list, scope_);
  if (scope_.peek(u.alias.name))
    b_.fail(u.alias.position, fmt::format("variable '{}' is already defined", u.alias.name));
  if (const auto* p = u.list->get_if<cypher::parameter>()) {
    st->parameter = p->name;
    st->item = std::make_shared<unwound_item>(unwound_item{.unwind = unwinds_++});
  }
  st->slot = scope_.add(u.alias.name, var_kind::value, st->item);
  if (const auto* items = u.list->get_if<cypher::list_literal>())
    scope_.vars.back().second.never_element =
        !items->items.empty() &&
        std::all_of(items->items.begin(), items->items.end(),
                    [&](const auto& item) { return never_graph_element(*item, scope_); });
  st->width = scope_.width;
  add(std::move(st));
}

evaluator query_compiler::count_argument(const expression* e) {
  if (!e) return {};
  return b_.compile(*e, scope{});
}

void query_compiler::compile_projection(const cypher::projection& p, const expression* where,
                                        bool where_first, bool final, bool returns,
                                        source_position at) {
  auto st = std::make_unique<projection_stage>();
  st->distinct = p.distinct;
  st->final = final;
  st->text = &q_.text;
  st->input_width = scope_.width;
  check_grouping(b_, p);
  scope next;
  std::vector<std::string> names;
  std::vector<std::pair<std::string, var_kind>> outputs;
  std::vector<bool> never_element;  // per output
  if (p.star) {
    for (const auto& [name, info] : scope_.vars) {
      if (info.item) info.item->read_whole = true;
      auto slot = info.slot;
      st->items.push_back([slot](const row& r, context&) { return r[slot]; });
      st->is_aggregate.push_back(false);
      st->finals.emplace_back();
      outputs.emplace_back(name, info.kind);
      never_element.push_back(info.never_element);
    }
    // `WITH *` of no variables passes the rows on as they are; a result needs a column.
    if (outputs.empty() && p.items.empty() && returns)
      b_.fail(at, "RETURN * needs at least one variable");
  }
  for (const auto& item : p.items) {
    std::string name = item.alias ? item.alias->name : item.text;
    var_kind kind = var_kind::value;
    bool inherited = false;
    if (const auto* v = item.value->get_if<cypher::variable>()) {
      if (const auto* info = scope_.find(v->name)) {
        kind = info->kind;
        inherited = info->never_element;
      }
    } else if (!returns && !item.alias) {
      b_.fail(item.value->position,
              fmt::format("WITH needs a name for {0}: write {0} AS name", item.text));
    }
    never_element.push_back(inherited || never_graph_element(*item.value, scope_));
    if (contains_aggregate(*item.value)) {
      st->aggregating = true;
      b_.aggregates = &st->aggregates;
      b_.aggregate_scope = &scope_;
      // Aggregate results are appended after the input row, last aggregate first, so
      // `r[r.size() - 1 - index]` finds them (see binder::compile_node(function_call)).
      auto e = b_.compile(*item.value, scope_);
      b_.aggregates = nullptr;
      st->items.push_back({});
      st->is_aggregate.push_back(true);
      st->finals.push_back([e](const row& input, const row& results, context& ctx) {
        row extended = input;
        extended.insert(extended.end(), results.rbegin(), results.rend());
        return e(extended, ctx);
      });
    } else {
      st->items.push_back(b_.compile(*item.value, scope_));
      st->is_aggregate.push_back(false);
      st->finals.emplace_back();
    }
    for (const auto& [existing, k] : outputs)
      if (existing == name)
        b_.fail(item.alias ? item.alias->position : item.value->position,
                fmt::format("column '{}' is defined twice", name));
    outputs.emplace_back(name, kind);
  }
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    next.add(outputs[i].first, outputs[i].second);
    next.vars.back().second.never_element = never_element[i];
    names.push_back(outputs[i].first);
  }
  // ORDER BY sees the projected columns and, without aggregation or DISTINCT, the input too.
  scope order_scope = next;
  st->order_sees_input = !st->aggregating && !st->distinct;
  if (st->order_sees_input)
    for (const auto& [name, info] : scope_.vars)
      if (!order_scope.find(name))
        order_scope.vars.emplace_back(name,
                                      variable_info{next.width + info.slot, info.kind, info.item});
  if (st->order_sees_input) order_scope.width = next.width + scope_.width;
  for (const auto& key : p.order_by) {
    // An ORDER BY key written like a projected expression reads that column.
    std::optional<std::size_t> column;
    std::string key_text = cypher::to_string(*key.key);
    for (std::size_t i = 0; i < p.items.size(); ++i)
      if (cypher::to_string(*p.items[i].value) == key_text)
        column = (p.star ? scope_.vars.size() : 0) + i;
    if (column) {
      auto c = *column;
      st->order.push_back({[c](const row& r, context&) { return r[c]; }, key.descending});
    } else {
      if (contains_aggregate(*key.key))
        b_.fail(key.key->position,
                "ORDER BY may only use an aggregate that the projection returns");
      st->order.push_back({b_.compile(*key.key, order_scope), key.descending});
    }
  }
  st->skip_count = count_argument(p.skip.get());
  st->limit_count = count_argument(p.limit.get());
  if (p.skip) st->skip_at = p.skip->position;
  if (p.limit) st->limit_at = p.limit->position;
  if (where) {
    // As ORDER BY, WITH's WHERE may read what came before the WITH when it neither aggregates
    // nor removes duplicates: `OPTIONAL MATCH (a)-[r]->(c) WITH c WHERE r IS NULL`.
    std::vector<std::string> reads;
    variables_of(*where, reads);
    st->where_sees_input =
        st->order_sees_input && std::any_of(reads.begin(), reads.end(), [&](const auto& name) {
          return !next.peek(name) && scope_.peek(name);
        });
    st->where = b_.compile(*where, st->where_sees_input ? order_scope : next);
    st->where_first = where_first;
  }
  scope_ = std::move(next);
  if (returns) columns = names;
  add(std::move(st));
}

void query_compiler::add(std::unique_ptr<stage> st) {
  if (!stages.empty()) stages.back()->next = st.get();
  stages.push_back(std::move(st));
}

namespace {

std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ", ") + c;
  return "(" + out + ")";
}

}  // namespace

planned_query plan_query(const graph& g, const cypher::query& q, graph* writable) {
  if (q.unions.empty()) {
    query_compiler compiler(g, q, writable);
    compiler.compile();
    return {std::move(compiler.stages), std::move(compiler.columns), compiler.parameters(),
            compiler.warnings()};
  }
  // Each part is planned on its own, as a query of its own; the union runs them in turn.
  auto joined = std::make_unique<union_stage>();
  joined->distinct = !q.unions.front().all;
  planned_query out;
  auto plan_part = [&](const std::vector<cypher::clause>& clauses, source_position at) {
    query_compiler compiler(g, q, clauses, true, writable);
    compiler.compile();
    if (joined->parts.empty())
      out.columns = compiler.columns;
    else if (compiler.columns != out.columns)
      throw cypher::name_error(
          q.text, at,
          fmt::format("the queries a UNION joins must return the same "
                      "columns, but they return {} and {}",
                      column_list(out.columns), column_list(compiler.columns)));
    for (auto& p : compiler.parameters())
      if (std::none_of(out.parameters.begin(), out.parameters.end(),
                       [&](const auto& known) { return known.first == p.first; }))
        out.parameters.push_back(p);
    for (const auto& w : compiler.warnings()) out.warnings.push_back(w);
    joined->parts.push_back(std::move(compiler.stages));
  };
  plan_part(q.clauses, {});
  for (const auto& u : q.unions) plan_part(u.clauses, u.position);
  joined->join();
  out.stages.push_back(std::move(joined));
  return out;
}

}  // namespace entente::detail::query

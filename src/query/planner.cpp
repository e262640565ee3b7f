// The query engine: binds a parsed query to a graph (names, labels, types, variables), plans
// each pattern (where to start, which conditions to check how early) and runs the clauses as
// a push pipeline of stages, so LIMIT, the row limit and the deadline stop work early.

#include <entente/paths.hpp>
#include <entente/query.hpp>
#include <entente/view.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <unordered_map>

namespace entente {
namespace {

using row = std::vector<query_value>;
using cypher::expression;
using cypher::source_position;

// Thrown to stop a query early: `why` empty when a LIMIT was reached (the result is whole).
struct stop_query {
  std::string why;
};

struct row_less {
  bool operator()(const row& a, const row& b) const {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (int c = compare_for_order(a[i], b[i])) return c < 0;
    return false;
  }
};

// What every stage may consult while the query runs.
struct context {
  const graph& g;
  const query_options& opts;
  std::optional<view> visible;
  std::optional<std::chrono::steady_clock::time_point> deadline;
  std::uint32_t ticks = 0;

  context(const graph& graph, const query_options& options) : g(graph), opts(options) {
    if (opts.min_evidence || opts.as_of || opts.as_known)
      visible.emplace(g, view_options{.min_evidence = opts.min_evidence,
                                      .as_of = opts.as_of,
                                      .as_known = opts.as_known});
    if (opts.timeout) deadline = std::chrono::steady_clock::now() + *opts.timeout;
  }

  bool sees(relation_index r) const { return !visible || visible->keeps_relation(r); }

  // Called in every inner loop; looks at the clock only every few thousand steps.
  void tick() {
    if (deadline && (++ticks & 0xFFF) == 0 && std::chrono::steady_clock::now() >= *deadline)
      throw stop_query{fmt::format(
          "stopped at the deadline of {} ms",
          std::chrono::duration_cast<std::chrono::milliseconds>(*opts.timeout).count())};
  }
};

using evaluator = std::function<query_value(const row&, context&)>;

// ---- values ---------------------------------------------------------------------------------

query_value from_attribute(const value& v) {
  return std::visit(
      [](const auto& x) -> query_value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return nullptr;
        else if constexpr (std::is_same_v<T, date>)
          return x.to_string();
        else
          return x;
      },
      v);
}

query_value date_value(const date& d) {
  return d.is_set() ? query_value(d.to_string()) : query_value();
}

query_value entity_property(const entity& e, std::string_view key) {
  if (key == "id") return e.id();
  if (key == "name") return e.name();
  if (key == "kind") return e.kind_name();
  if (key == "aliases") {
    query_value::list out;
    for (auto a : e.aliases()) out.emplace_back(a);
    return out;
  }
  if (const auto* v = e.attributes().find(key)) return from_attribute(*v);
  return nullptr;
}

query_value sources_value(const relation& r) {
  query_value::list out;
  for (const auto& c : r.citations()) {
    const auto& src = r.graph().source_at(c.source);
    out.emplace_back(query_value::map{{"id", src.id},
                                      {"title", src.title},
                                      {"quote", c.quote.empty() ? query_value() : c.quote}});
  }
  return out;
}

query_value relation_property(const relation& r, std::string_view key) {
  if (key == "evidence") return std::string(to_string(r.evidence()));
  if (key == "since") return date_value(r.valid().since);
  if (key == "until") return date_value(r.valid().until);
  if (key == "sources") return sources_value(r);
  if (const auto* v = r.attributes().find(key)) return from_attribute(*v);
  return nullptr;
}

constexpr std::string_view entity_keys[] = {"id", "name", "kind", "aliases"};
constexpr std::string_view relation_keys[] = {"evidence", "since", "until", "sources"};

// Three-valued equality: null when either side is null (or a list holds a null that decides).
std::optional<bool> equals(const query_value& a, const query_value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_list() && b.is_list()) {
    const auto& x = a.as_list();
    const auto& y = b.as_list();
    if (x.size() != y.size()) return false;
    bool unknown = false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      auto e = equals(x[i], y[i]);
      if (!e)
        unknown = true;
      else if (!*e)
        return false;
    }
    if (unknown) return std::nullopt;
    return true;
  }
  if (a.is_number() && b.is_number()) return a == b;
  if (a.get().index() != b.get().index()) return false;
  return a == b;
}

// Three-valued ordering for < <= > >=: null for null or values of incomparable types.
std::optional<int> order(const query_value& a, const query_value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  bool comparable = (a.is_number() && b.is_number()) || (a.is_string() && b.is_string()) ||
                    (a.is_bool() && b.is_bool()) || (a.is_list() && b.is_list());
  if (!comparable) return std::nullopt;
  if (a.is_number() && (std::isnan(a.as_number()) || std::isnan(b.as_number())))
    return std::nullopt;
  return compare_for_order(a, b);
}

std::optional<bool> truth(const query_value& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_bool()) return v.as_bool();
  throw error(fmt::format("expected a boolean, got {} {}", v.type_name(), to_string(v)));
}

query_value from_truth(std::optional<bool> b) { return b ? query_value(*b) : query_value(); }

std::string unicode_case(const std::string& s, bool upper) {
  auto u = icu::UnicodeString::fromUTF8(s);
  if (upper)
    u.toUpper();
  else
    u.toLower();
  std::string out;
  return u.toUTF8String(out);
}

// ---- scopes ---------------------------------------------------------------------------------

enum class var_kind { node, relation, relations, path, value };

struct variable_info {
  std::size_t slot;
  var_kind kind;
};

// The variables visible at one point of the query, each in a slot of the row.
struct scope {
  std::vector<std::pair<std::string, variable_info>> vars;  // in order of introduction
  std::size_t width = 0;

  const variable_info* find(std::string_view name) const {
    for (const auto& [n, info] : vars)
      if (n == name) return &info;
    return nullptr;
  }
  std::size_t add(std::string name, var_kind kind) {
    vars.emplace_back(std::move(name), variable_info{width, kind});
    return width++;
  }
  std::size_t hidden() { return width++; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [n, info] : vars) out.push_back(n);
    return out;
  }
};

// ---- aggregates -----------------------------------------------------------------------------

enum class aggregate_kind { count, count_star, sum, avg, min, max, collect };

struct aggregate_spec {
  aggregate_kind kind;
  bool distinct = false;
  evaluator argument;
};

struct aggregate_state {
  std::int64_t count = 0;
  bool all_int = true;
  std::int64_t int_sum = 0;
  double float_sum = 0;
  query_value best;
  query_value::list items;
  std::set<row, row_less> seen;
};

void accumulate(const aggregate_spec& spec, aggregate_state& st, const row& r, context& ctx) {
  if (spec.kind == aggregate_kind::count_star) {
    ++st.count;
    return;
  }
  auto v = spec.argument(r, ctx);
  if (v.is_null()) return;
  if (spec.distinct && !st.seen.insert(row{v}).second) return;
  ++st.count;
  switch (spec.kind) {
    case aggregate_kind::sum:
    case aggregate_kind::avg:
      if (!v.is_number())
        throw error(
            fmt::format("sum and avg need numbers, got {} {}", v.type_name(), to_string(v)));
      if (v.is_int() && st.all_int) {
        if (__builtin_add_overflow(st.int_sum, v.as_int(), &st.int_sum))
          throw error("integer overflow in sum");
      } else {
        if (st.all_int) st.float_sum = static_cast<double>(st.int_sum);
        st.all_int = false;
      }
      if (!st.all_int) st.float_sum += v.as_number();
      break;
    case aggregate_kind::min:
      if (st.count == 1 || compare_for_order(v, st.best) < 0) st.best = v;
      break;
    case aggregate_kind::max:
      if (st.count == 1 || compare_for_order(v, st.best) > 0) st.best = v;
      break;
    case aggregate_kind::collect: st.items.push_back(std::move(v)); break;
    default: break;
  }
}

query_value result_of(const aggregate_spec& spec, const aggregate_state& st) {
  switch (spec.kind) {
    case aggregate_kind::count:
    case aggregate_kind::count_star: return st.count;
    case aggregate_kind::sum:
      return st.all_int ? query_value(st.int_sum) : query_value(st.float_sum);
    case aggregate_kind::avg:
      if (st.count == 0) return nullptr;
      return (st.all_int ? static_cast<double>(st.int_sum) : st.float_sum) /
             static_cast<double>(st.count);
    case aggregate_kind::min:
    case aggregate_kind::max: return st.count ? st.best : query_value();
    case aggregate_kind::collect: return st.items;
  }
  return nullptr;
}

// ---- the plan of one MATCH ------------------------------------------------------------------

struct property_test {
  std::string key;
  evaluator value;
};

struct node_test {
  std::vector<kind_id> labels;
  std::vector<property_test> properties;
};

struct relation_test {
  std::vector<relation_type_id> types;  // empty: every type
  std::vector<property_test> properties;
  cypher::relationship_direction direction;
  bool variable_length = false;
  std::uint64_t min_hops = 1, max_hops = 1;
};

// One operation of a pattern plan, run in order by a depth-first matcher.
struct operation {
  enum class what { scan, expand, shortest, check, bind_path } op;
  // scan: bind `slot` (or check it when `bound`) from candidates
  std::size_t slot = 0;
  bool bound = false;
  node_test node;
  std::optional<kind_id> scan_kind;  // candidates of this kind (and subkinds)
  evaluator by_id, by_name;          // candidates named by an expression
  // expand: from `from_slot` along `rel` (stored in `rel_slot`) to `slot`
  std::size_t from_slot = 0, rel_slot = 0;
  bool backwards = false;  // walking the pattern right to left
  relation_test rel;
  bool rel_bound = false;
  // shortest
  bool all_shortest = false;
  std::optional<std::size_t> path_slot;
  std::shared_ptr<path_searcher> searcher;
  path_options search_options;
  // bind_path: the pattern's nodes and relations in written order
  std::vector<std::size_t> node_slots, rel_slots;
  // check
  std::vector<evaluator> conditions;
};

bool kind_matches(const graph& g, kind_id k, const std::vector<kind_id>& labels) {
  for (auto l : labels)
    if (!g.schema().is_a(k, l)) return false;
  return true;
}

query_value property_of(const query_value& subject, std::string_view key) {
  return subject.is_entity() ? entity_property(subject.as_entity(), key)
                             : relation_property(subject.as_relation(), key);
}

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
// (`backwards` false) or from its right end.
template <class F>
void for_each_adjacent(context& ctx, entity_index e, const relation_test& t, bool backwards,
                       F&& f) {
  using dir = cypher::relationship_direction;
  bool out = t.direction == dir::either || (t.direction == dir::outgoing) != backwards;
  bool in = t.direction == dir::either || (t.direction == dir::incoming) != backwards;
  auto visit = [&](std::span<const adjacency_entry> entries, bool outgoing) {
    for (const auto& a : entries) {
      ctx.tick();
      // A self-loop read both ways is still one relation.
      if (!outgoing && out && a.other == e) continue;
      if (!ctx.sees(a.relation)) continue;
      f(a);
    }
  };
  if (t.types.empty()) {
    if (out) visit(ctx.g.out_relations(e), true);
    if (in) visit(ctx.g.in_relations(e), false);
    return;
  }
  for (auto type : t.types) {
    if (out) visit(ctx.g.out_relations(e, type), true);
    if (in) visit(ctx.g.in_relations(e, type), false);
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
    for_each_adjacent(ctx_, at, op.rel, op.backwards, [&](const adjacency_entry& a) {
      if (used(a.relation)) return;
      relation rel = ctx_.g.relation(a.relation);
      if (!op.rel.properties.empty() && !properties_match(op.rel.properties, rel, r, ctx_)) return;
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

// ---- stages ---------------------------------------------------------------------------------

struct stage {
  stage* next = nullptr;
  virtual ~stage() = default;
  // Readies the stage for a new run (a prepared query runs many times).
  virtual void start(context&) {}
  virtual void push(row& r, context& ctx) = 0;
  virtual void finish(context& ctx) {
    if (next) next->finish(ctx);
  }
};

struct match_stage : stage {
  std::vector<operation> ops;
  bool optional = false;
  std::vector<std::size_t> new_slots;
  std::size_t width = 0;

  void start(context& ctx) override {
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

  void push(row& r, context& ctx) override {
    row work = r;
    work.resize(width);
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
};

struct unwind_stage : stage {
  evaluator list;
  std::size_t slot = 0, width = 0;
  void push(row& r, context& ctx) override {
    auto v = list(r, ctx);
    row work = r;
    work.resize(width);
    if (v.is_null()) return;
    if (!v.is_list()) {
      work[slot] = v;
      next->push(work, ctx);
      return;
    }
    for (const auto& item : v.as_list()) {
      ctx.tick();
      work[slot] = item;
      next->push(work, ctx);
    }
  }
};

struct sort_key {
  evaluator key;
  bool descending = false;
};

// WITH and RETURN: projection, grouping with aggregates, DISTINCT, ORDER BY, SKIP, LIMIT and
// WITH's WHERE.
struct projection_stage : stage {
  std::vector<evaluator> items;    // over the input row (non-aggregating items)
  std::vector<bool> is_aggregate;  // per item
  std::vector<aggregate_spec> aggregates;
  // An aggregating item reads the group's first input row and the aggregate results.
  std::vector<std::function<query_value(const row&, const row&, context&)>> finals;
  bool aggregating = false;
  bool distinct = false;
  std::vector<sort_key> order;  // over [projected..., input...]
  bool order_sees_input = false;
  std::int64_t skip = 0;
  std::optional<std::int64_t> limit;
  evaluator skip_count, limit_count;  // read at the start of each run
  source_position skip_at, limit_at;
  const std::string* text = nullptr;
  evaluator where;  // over the projected row
  bool where_first = false;
  bool final = false;  // RETURN at the end: reaching LIMIT may stop the whole query
  std::size_t input_width = 0;

  std::map<row, std::pair<row, std::vector<aggregate_state>>, row_less> groups;
  std::vector<row> buffered;
  std::set<row, row_less> seen;
  std::int64_t skipped = 0, passed = 0;

  std::int64_t count(const evaluator& e, source_position at, const char* what, context& ctx) {
    auto n = e(row{}, ctx);
    if (!n.is_int() || n.as_int() < 0)
      throw cypher::syntax_error(
          *text, at, fmt::format("{} needs a non-negative integer, got {}", what, to_string(n)));
    return n.as_int();
  }

  void start(context& ctx) override {
    groups.clear();
    buffered.clear();
    seen.clear();
    skipped = passed = 0;
    skip = skip_count ? count(skip_count, skip_at, "SKIP", ctx) : 0;
    limit.reset();
    if (limit_count) limit = count(limit_count, limit_at, "LIMIT", ctx);
  }

  row project(const row& in, context& ctx) {
    row out;
    out.reserve(items.size() + (order_sees_input ? in.size() : 0));
    for (const auto& item : items) out.push_back(item(in, ctx));
    return out;
  }

  void push(row& r, context& ctx) override {
    if (aggregating) {
      row key;
      for (std::size_t i = 0; i < items.size(); ++i)
        if (!is_aggregate[i]) key.push_back(items[i](r, ctx));
      auto it = groups.find(key);
      if (it == groups.end())
        it = groups
                 .emplace(std::move(key),
                          std::pair{r, std::vector<aggregate_state>(aggregates.size())})
                 .first;
      for (std::size_t a = 0; a < aggregates.size(); ++a)
        accumulate(aggregates[a], it->second.second[a], r, ctx);
      return;
    }
    row out = project(r, ctx);
    if (order.empty()) {
      emit(out, ctx);
      return;
    }
    if (order_sees_input) out.insert(out.end(), r.begin(), r.end());
    buffered.push_back(std::move(out));
  }

  // Past projection: DISTINCT, WHERE, SKIP and LIMIT, then on to the next stage.
  void emit(row& out, context& ctx) {
    if (where && where_first && truth(where(out, ctx)) != true) return;
    if (distinct && !seen.insert(out).second) return;
    if (skipped < skip) {
      ++skipped;
      return;
    }
    if (limit && passed >= *limit) {
      if (final) throw stop_query{};
      return;
    }
    ++passed;
    // openCypher's `WITH ... ORDER BY ... LIMIT n WHERE c` filters what LIMIT kept.
    if (where && !where_first && truth(where(out, ctx)) != true) return;
    next->push(out, ctx);
  }

  void finish(context& ctx) override {
    if (aggregating) {
      // With no grouping key and no input, aggregates still give one row (count 0).
      bool has_keys =
          std::find(is_aggregate.begin(), is_aggregate.end(), false) != is_aggregate.end();
      if (groups.empty() && !has_keys)
        groups.emplace(
            row{}, std::pair{row(input_width), std::vector<aggregate_state>(aggregates.size())});
      for (auto& [key, group] : groups) {
        row results;
        for (std::size_t a = 0; a < aggregates.size(); ++a)
          results.push_back(result_of(aggregates[a], group.second[a]));
        row out;
        std::size_t k = 0;
        for (std::size_t i = 0; i < items.size(); ++i)
          out.push_back(is_aggregate[i] ? finals[i](group.first, results, ctx) : key[k++]);
        if (order.empty())
          emit(out, ctx);
        else
          buffered.push_back(std::move(out));
      }
      groups.clear();
    }
    if (!order.empty()) {
      std::vector<std::pair<row, row>> keyed;
      keyed.reserve(buffered.size());
      for (auto& b : buffered) {
        row keys;
        for (const auto& o : order) keys.push_back(o.key(b, ctx));
        keyed.emplace_back(std::move(keys), std::move(b));
      }
      buffered.clear();
      std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
        for (std::size_t i = 0; i < order.size(); ++i) {
          int c = compare_for_order(x.first[i], y.first[i]);
          if (c) return order[i].descending ? c > 0 : c < 0;
        }
        return false;
      });
      for (auto& [keys, b] : keyed) {
        b.resize(items.size());
        emit(b, ctx);
      }
    }
    stage::finish(ctx);
  }
};

struct sink : stage {
  std::vector<row> rows;
  std::optional<std::size_t> max_rows;
  void push(row& r, context&) override {
    if (max_rows && rows.size() >= *max_rows)
      throw stop_query{fmt::format("stopped at the limit of {} rows", *max_rows)};
    rows.push_back(r);
  }
  void finish(context&) override {}
};

// ---- the binder -----------------------------------------------------------------------------

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = {
      "id",         "type",      "labels",   "length",   "nodes",     "relationships", "toLower",
      "toUpper",    "size",      "coalesce", "head",     "last",      "tail",          "keys",
      "properties", "startNode", "endNode",  "toString", "toInteger", "toFloat",       "toBoolean",
      "abs",        "ceil",      "floor",    "round",    "sqrt",      "sign",          "range",
      "reverse",    "trim",      "ltrim",    "rtrim",    "replace",   "substring",     "split",
      "left",       "right",     "exists",   "count",    "sum",       "avg",           "min",
      "max",        "collect"};
  return names;
}

std::optional<aggregate_kind> aggregate_named(std::string_view lowered) {
  if (lowered == "count") return aggregate_kind::count;
  if (lowered == "sum") return aggregate_kind::sum;
  if (lowered == "avg") return aggregate_kind::avg;
  if (lowered == "min") return aggregate_kind::min;
  if (lowered == "max") return aggregate_kind::max;
  if (lowered == "collect") return aggregate_kind::collect;
  return std::nullopt;
}

bool contains_aggregate(const expression& e) {
  if (const auto* f = e.get_if<cypher::function_call>())
    if (aggregate_named(lower(f->name.name))) return true;
  bool found = false;
  cypher::for_each_child(
      e, [&](const expression& child) { found = found || contains_aggregate(child); });
  return found;
}

// The variables an expression reads.
void variables_of(const expression& e, std::vector<std::string>& out) {
  if (const auto* v = e.get_if<cypher::variable>()) out.push_back(v->name);
  cypher::for_each_child(e, [&](const expression& child) { variables_of(child, out); });
}

class binder {
 public:
  binder(const graph& g, const cypher::query& q) : g_(g), q_(q) {}

  // Every `$name` the query reads, with where it is first written; checked before each run.
  std::vector<std::pair<std::string, source_position>> parameters;

  [[noreturn]] void fail(source_position at, const std::string& message,
                         std::vector<std::string> suggestions = {}) const {
    throw cypher::name_error(q_.text, at, message, std::move(suggestions));
  }

  // Aggregates met while compiling one projection item.
  std::vector<aggregate_spec>* aggregates = nullptr;
  const scope* aggregate_scope = nullptr;

  evaluator compile(const expression& e, const scope& s) {
    return std::visit([&](const auto& n) { return compile_node(n, e, s); }, e.node);
  }

  kind_id label(const cypher::identifier& id) const {
    if (auto k = g_.schema().find_kind(id.name)) return *k;
    fail(id.position, fmt::format("unknown label ':{}'", id.name),
         schema::closest(id.name, g_.schema().kind_names()));
  }

  relation_type_id relation_type(const cypher::identifier& id) const {
    if (auto t = g_.schema().find_relation_type(id.name)) return *t;
    fail(id.position, fmt::format("unknown relation type ':{}'", id.name),
         schema::closest(id.name, g_.schema().relation_type_names()));
  }

  // A property key no entity or relation has anywhere is a typo, not a missing value.
  void check_key(const cypher::identifier& key, var_kind kind) {
    if (kind != var_kind::node && kind != var_kind::relation) return;
    auto builtin = [&](auto& keys) {
      return std::find(std::begin(keys), std::end(keys), key.name) != std::end(keys);
    };
    if (builtin(entity_keys) || builtin(relation_keys)) return;
    const auto& known = attribute_keys();
    if (known.count(key.name)) return;
    std::vector<std::string> candidates(std::begin(entity_keys), std::end(entity_keys));
    candidates.insert(candidates.end(), std::begin(relation_keys), std::end(relation_keys));
    candidates.insert(candidates.end(), known.begin(), known.end());
    fail(key.position, fmt::format("unknown property '{}'", key.name),
         schema::closest(key.name, candidates));
  }

 private:
  const std::set<std::string>& attribute_keys() {
    if (!attribute_keys_) {
      attribute_keys_.emplace();
      for (entity_index e = 0; e < g_.num_entities(); ++e)
        for (const auto& [k, v] : g_.entity(e).attributes()) attribute_keys_->insert(k);
      for (relation_index r = 0; r < g_.num_relations(); ++r)
        for (const auto& [k, v] : g_.relation_attributes(r)) attribute_keys_->insert(k);
    }
    return *attribute_keys_;
  }

  evaluator compile_node(const cypher::literal& n, const expression&, const scope&) {
    query_value v = std::visit([](const auto& x) -> query_value { return x; }, n.value);
    return [v](const row&, context&) { return v; };
  }

  evaluator compile_node(const cypher::parameter& n, const expression& e, const scope&) {
    if (std::none_of(parameters.begin(), parameters.end(),
                     [&](const auto& p) { return p.first == n.name; }))
      parameters.emplace_back(n.name, e.position);
    auto name = n.name;
    return [name](const row&, context& ctx) -> query_value {
      auto it = ctx.opts.parameters.find(name);
      return it == ctx.opts.parameters.end() ? query_value() : it->second;
    };
  }

  evaluator compile_node(const cypher::variable& n, const expression& e, const scope& s) {
    const auto* info = s.find(n.name);
    if (!info)
      fail(e.position, fmt::format("variable '{}' is not defined", n.name),
           schema::closest(n.name, s.names()));
    auto slot = info->slot;
    return [slot](const row& r, context&) { return r[slot]; };
  }

  evaluator compile_node(const cypher::property_access& n, const expression&, const scope& s) {
    if (const auto* v = n.subject->get_if<cypher::variable>())
      if (const auto* info = s.find(v->name)) check_key(n.key, info->kind);
    auto subject = compile(*n.subject, s);
    auto key = n.key.name;
    auto at = n.key.position;
    const auto* text = &q_.text;
    return [subject, key, at, text](const row& r, context& ctx) -> query_value {
      auto v = subject(r, ctx);
      if (v.is_null()) return nullptr;
      if (v.is_entity()) return entity_property(v.as_entity(), key);
      if (v.is_relation()) return relation_property(v.as_relation(), key);
      if (v.is_map()) {
        const auto* found = v.find(key);
        return found ? *found : query_value();
      }
      throw cypher::syntax_error(
          *text, at,
          fmt::format("cannot read property '{}' of {} {}", key, v.type_name(), to_string(v)));
    };
  }

  evaluator compile_node(const cypher::subscript& n, const expression&, const scope& s) {
    auto subject = compile(*n.subject, s);
    auto index = compile(*n.index, s);
    return [subject, index](const row& r, context& ctx) -> query_value {
      auto v = subject(r, ctx);
      auto i = index(r, ctx);
      if (v.is_null() || i.is_null()) return nullptr;
      if (v.is_list() && i.is_int()) {
        const auto& l = v.as_list();
        auto k = i.as_int() < 0 ? i.as_int() + static_cast<std::int64_t>(l.size()) : i.as_int();
        if (k < 0 || k >= static_cast<std::int64_t>(l.size())) return nullptr;
        return l[static_cast<std::size_t>(k)];
      }
      if (i.is_string()) {
        if (v.is_map()) {
          const auto* found = v.find(i.as_string());
          return found ? *found : query_value();
        }
        if (v.is_entity()) return entity_property(v.as_entity(), i.as_string());
        if (v.is_relation()) return relation_property(v.as_relation(), i.as_string());
      }
      throw error(fmt::format("cannot index {} with {}", v.type_name(), i.type_name()));
    };
  }

  evaluator compile_node(const cypher::slice& n, const expression&, const scope& s) {
    auto subject = compile(*n.subject, s);
    evaluator from = n.from ? compile(*n.from, s) : evaluator();
    evaluator to = n.to ? compile(*n.to, s) : evaluator();
    return [subject, from, to](const row& r, context& ctx) -> query_value {
      auto v = subject(r, ctx);
      if (v.is_null()) return nullptr;
      if (!v.is_list()) throw error(fmt::format("cannot slice {}", v.type_name()));
      const auto& l = v.as_list();
      auto size = static_cast<std::int64_t>(l.size());
      auto bound = [&](const evaluator& ev, std::int64_t fallback) -> std::optional<std::int64_t> {
        if (!ev) return fallback;
        auto b = ev(r, ctx);
        if (b.is_null()) return std::nullopt;
        auto k = b.as_int();
        if (k < 0) k += size;
        return std::clamp<std::int64_t>(k, 0, size);
      };
      auto lo = bound(from, 0), hi = bound(to, size);
      if (!lo || !hi) return nullptr;
      if (*lo >= *hi) return query_value::list{};
      return query_value::list(l.begin() + *lo, l.begin() + *hi);
    };
  }

  evaluator compile_node(const cypher::label_test& n, const expression&, const scope& s) {
    auto subject = compile(*n.subject, s);
    std::vector<kind_id> labels;
    for (const auto& l : n.labels) labels.push_back(label(l));
    return [subject, labels](const row& r, context& ctx) -> query_value {
      auto v = subject(r, ctx);
      if (v.is_null()) return nullptr;
      if (!v.is_entity()) return false;
      return kind_matches(ctx.g, v.as_entity().kind(), labels);
    };
  }

  evaluator compile_node(const cypher::list_literal& n, const expression&, const scope& s) {
    std::vector<evaluator> items;
    for (const auto& item : n.items) items.push_back(compile(*item, s));
    return [items](const row& r, context& ctx) -> query_value {
      query_value::list out;
      out.reserve(items.size());
      for (const auto& item : items) out.push_back(item(r, ctx));
      return out;
    };
  }

  evaluator compile_node(const cypher::map_literal& n, const expression&, const scope& s) {
    std::vector<std::pair<std::string, evaluator>> entries;
    for (const auto& entry : n.entries)
      entries.emplace_back(entry.key.name, compile(*entry.value, s));
    return [entries](const row& r, context& ctx) -> query_value {
      query_value::map out;
      for (const auto& [k, v] : entries) out.emplace_back(k, v(r, ctx));
      return out;
    };
  }

  evaluator compile_node(const cypher::function_call& n, const expression& e, const scope& s);

  evaluator compile_node(const cypher::unary& n, const expression&, const scope& s) {
    auto operand = compile(*n.operand, s);
    switch (n.op) {
      case cypher::unary_operator::negate:
        return [operand](const row& r, context& ctx) -> query_value {
          auto v = operand(r, ctx);
          if (v.is_null()) return nullptr;
          if (v.is_int()) {
            if (v.as_int() == std::numeric_limits<std::int64_t>::min())
              throw error("integer overflow");
            return -v.as_int();
          }
          if (v.is_float()) return -v.as<double>();
          throw error(fmt::format("cannot negate {} {}", v.type_name(), to_string(v)));
        };
      case cypher::unary_operator::plus: return operand;
      case cypher::unary_operator::logical_not:
        return [operand](const row& r, context& ctx) -> query_value {
          auto t = truth(operand(r, ctx));
          return t ? query_value(!*t) : query_value();
        };
      case cypher::unary_operator::is_null:
        return [operand](const row& r, context& ctx) -> query_value {
          return operand(r, ctx).is_null();
        };
      case cypher::unary_operator::is_not_null:
        return [operand](const row& r, context& ctx) -> query_value {
          return !operand(r, ctx).is_null();
        };
    }
    return operand;
  }

  evaluator compile_node(const cypher::binary& n, const expression&, const scope& s);

  evaluator compile_node(const cypher::case_expression& n, const expression&, const scope& s) {
    evaluator subject = n.subject ? compile(*n.subject, s) : evaluator();
    std::vector<std::pair<evaluator, evaluator>> alternatives;
    for (const auto& alt : n.alternatives)
      alternatives.emplace_back(compile(*alt.when, s), compile(*alt.then, s));
    evaluator otherwise = n.otherwise ? compile(*n.otherwise, s) : evaluator();
    return [subject, alternatives, otherwise](const row& r, context& ctx) -> query_value {
      std::optional<query_value> value;
      if (subject) value = subject(r, ctx);
      for (const auto& [when, then] : alternatives) {
        auto w = when(r, ctx);
        bool hit = value ? equals(*value, w) == true : (w.is_bool() && w.as_bool());
        if (hit) return then(r, ctx);
      }
      return otherwise ? otherwise(r, ctx) : query_value();
    };
  }

  const graph& g_;
  const cypher::query& q_;
  std::optional<std::set<std::string>> attribute_keys_;
};

query_value arithmetic(cypher::binary_operator op, const query_value& a, const query_value& b) {
  using bop = cypher::binary_operator;
  if (a.is_null() || b.is_null()) return nullptr;
  if (op == bop::add) {
    if (a.is_string() && b.is_string()) return a.as_string() + b.as_string();
    if (a.is_list() || b.is_list()) {
      query_value::list out = a.is_list() ? a.as_list() : query_value::list{a};
      if (b.is_list())
        out.insert(out.end(), b.as_list().begin(), b.as_list().end());
      else
        out.push_back(b);
      return out;
    }
    if (a.is_string() && b.is_number()) return a.as_string() + to_string(b);
    if (a.is_number() && b.is_string()) return to_string(a) + b.as_string();
  }
  if (!a.is_number() || !b.is_number())
    throw error(fmt::format("cannot apply {} to {} {} and {} {}", spelling(op), a.type_name(),
                            to_string(a), b.type_name(), to_string(b)));
  if (op == bop::power) return std::pow(a.as_number(), b.as_number());
  if (a.is_int() && b.is_int()) {
    std::int64_t x = a.as_int(), y = b.as_int(), out = 0;
    switch (op) {
      case bop::add:
        if (__builtin_add_overflow(x, y, &out)) throw error("integer overflow");
        return out;
      case bop::subtract:
        if (__builtin_sub_overflow(x, y, &out)) throw error("integer overflow");
        return out;
      case bop::multiply:
        if (__builtin_mul_overflow(x, y, &out)) throw error("integer overflow");
        return out;
      case bop::divide:
      case bop::modulo:
        if (y == 0) throw error("division by zero");
        if (x == std::numeric_limits<std::int64_t>::min() && y == -1)
          throw error("integer overflow");
        return op == bop::divide ? x / y : x % y;
      default: break;
    }
  }
  double x = a.as_number(), y = b.as_number();
  switch (op) {
    case bop::add: return x + y;
    case bop::subtract: return x - y;
    case bop::multiply: return x * y;
    case bop::divide: return x / y;
    case bop::modulo: return std::fmod(x, y);
    default: break;
  }
  return nullptr;
}

evaluator binder::compile_node(const cypher::binary& n, const expression&, const scope& s) {
  using bop = cypher::binary_operator;
  auto lhs = compile(*n.lhs, s);
  auto rhs = compile(*n.rhs, s);
  auto op = n.op;
  switch (op) {
    case bop::logical_and:
      return [lhs, rhs](const row& r, context& ctx) -> query_value {
        auto a = truth(lhs(r, ctx));
        if (a == false) return false;
        auto b = truth(rhs(r, ctx));
        if (b == false) return false;
        if (!a || !b) return nullptr;
        return true;
      };
    case bop::logical_or:
      return [lhs, rhs](const row& r, context& ctx) -> query_value {
        auto a = truth(lhs(r, ctx));
        if (a == true) return true;
        auto b = truth(rhs(r, ctx));
        if (b == true) return true;
        if (!a || !b) return nullptr;
        return false;
      };
    case bop::logical_xor:
      return [lhs, rhs](const row& r, context& ctx) -> query_value {
        auto a = truth(lhs(r, ctx));
        auto b = truth(rhs(r, ctx));
        if (!a || !b) return nullptr;
        return *a != *b;
      };
    case bop::equal:
      return [lhs, rhs](const row& r, context& ctx) {
        return from_truth(equals(lhs(r, ctx), rhs(r, ctx)));
      };
    case bop::not_equal:
      return [lhs, rhs](const row& r, context& ctx) {
        auto e = equals(lhs(r, ctx), rhs(r, ctx));
        return e ? query_value(!*e) : query_value();
      };
    case bop::less:
    case bop::less_equal:
    case bop::greater:
    case bop::greater_equal:
      return [lhs, rhs, op](const row& r, context& ctx) -> query_value {
        auto c = order(lhs(r, ctx), rhs(r, ctx));
        if (!c) return nullptr;
        switch (op) {
          case bop::less: return *c < 0;
          case bop::less_equal: return *c <= 0;
          case bop::greater: return *c > 0;
          default: return *c >= 0;
        }
      };
    case bop::in:
      return [lhs, rhs](const row& r, context& ctx) -> query_value {
        auto list = rhs(r, ctx);
        if (list.is_null()) return nullptr;
        if (!list.is_list())
          throw error(fmt::format("IN needs a list on its right, got {} {}", list.type_name(),
                                  to_string(list)));
        auto v = lhs(r, ctx);
        bool unknown = false;
        for (const auto& item : list.as_list()) {
          auto e = equals(v, item);
          if (e == true) return true;
          if (!e) unknown = true;
        }
        return unknown ? query_value() : query_value(false);
      };
    case bop::starts_with:
    case bop::ends_with:
    case bop::contains:
      return [lhs, rhs, op](const row& r, context& ctx) -> query_value {
        auto a = lhs(r, ctx), b = rhs(r, ctx);
        if (!a.is_string() || !b.is_string()) return nullptr;
        std::string_view x = a.as_string(), y = b.as_string();
        if (op == bop::starts_with) return x.starts_with(y);
        if (op == bop::ends_with) return x.ends_with(y);
        return x.find(y) != std::string_view::npos;
      };
    default:
      return [lhs, rhs, op](const row& r, context& ctx) {
        return arithmetic(op, lhs(r, ctx), rhs(r, ctx));
      };
  }
}

std::int64_t integer_argument(const query_value& v, std::string_view function) {
  if (v.is_int()) return v.as_int();
  throw error(
      fmt::format("{}() needs an integer, got {} {}", function, v.type_name(), to_string(v)));
}

const std::string& string_argument(const query_value& v, std::string_view function) {
  if (v.is_string()) return v.as_string();
  throw error(fmt::format("{}() needs a string, got {} {}", function, v.type_name(), to_string(v)));
}

query_value::list path_nodes(const path& p) {
  query_value::list out;
  for (auto e : p.nodes()) out.emplace_back(p.graph().entity(e));
  return out;
}

query_value::list path_relations(const path& p) {
  query_value::list out;
  for (auto r : p.relations()) out.emplace_back(p.graph().relation(r));
  return out;
}

query_value properties_of(const query_value& v) {
  query_value::map out;
  if (v.is_entity()) {
    for (auto key : entity_keys)
      out.emplace_back(std::string(key), entity_property(v.as_entity(), key));
    for (const auto& [k, val] : v.as_entity().attributes())
      out.emplace_back(k, from_attribute(val));
  } else if (v.is_relation()) {
    for (auto key : relation_keys)
      out.emplace_back(std::string(key), relation_property(v.as_relation(), key));
    for (const auto& [k, val] : v.as_relation().attributes())
      out.emplace_back(k, from_attribute(val));
  } else if (v.is_map()) {
    return v;
  } else {
    throw error(
        fmt::format("properties() needs an entity, a relation or a map, got {}", v.type_name()));
  }
  return out;
}

query_value scalar_function(const std::string& name, const std::vector<query_value>& args) {
  const auto& a = args.empty() ? query_value() : args[0];
  if (name == "coalesce") {
    for (const auto& v : args)
      if (!v.is_null()) return v;
    return nullptr;
  }
  if (name == "range") {
    auto from = integer_argument(args[0], name), to = integer_argument(args[1], name);
    auto step = args.size() > 2 ? integer_argument(args[2], name) : 1;
    if (step == 0) throw error("range() step must not be 0");
    query_value::list out;
    for (auto i = from; step > 0 ? i <= to : i >= to; i += step) {
      out.emplace_back(i);
      if (out.size() > 10'000'000) throw error("range() is too long");
    }
    return out;
  }
  if (a.is_null()) return nullptr;
  if (name == "id") {
    if (a.is_entity()) return a.as_entity().id();
    if (a.is_relation()) return static_cast<std::int64_t>(a.as_relation().index());
  } else if (name == "type") {
    if (a.is_relation()) return a.as_relation().type_name();
  } else if (name == "labels") {
    if (a.is_entity()) {
      query_value::list out;
      const auto& s = a.as_entity().graph().schema();
      for (std::optional<kind_id> k = a.as_entity().kind(); k; k = s.kind_at(*k).parent)
        out.emplace_back(s.kind_at(*k).name);
      return out;
    }
  } else if (name == "length") {
    if (a.is_path()) return a.as_path().length();
    if (a.is_list()) return a.as_list().size();
    if (a.is_string()) return a.as_string().size();
  } else if (name == "size") {
    if (a.is_list()) return a.as_list().size();
    if (a.is_string()) {
      std::int64_t n = 0;
      for (unsigned char c : a.as_string()) n += (c & 0xC0) != 0x80;
      return n;
    }
    if (a.is_map()) return a.as_map().size();
  } else if (name == "nodes") {
    if (a.is_path()) return path_nodes(a.as_path());
  } else if (name == "relationships") {
    if (a.is_path()) return path_relations(a.as_path());
  } else if (name == "startnode" || name == "endnode") {
    if (a.is_relation()) {
      const auto& r = a.as_relation();
      return r.graph().entity(name == "startnode" ? r.from() : r.to());
    }
  } else if (name == "tolower" || name == "toupper") {
    return unicode_case(string_argument(a, name), name == "toupper");
  } else if (name == "head" || name == "last") {
    if (a.is_list()) {
      const auto& l = a.as_list();
      if (l.empty()) return nullptr;
      return name == "head" ? l.front() : l.back();
    }
  } else if (name == "tail") {
    if (a.is_list()) {
      const auto& l = a.as_list();
      return l.empty() ? query_value::list{} : query_value::list(l.begin() + 1, l.end());
    }
  } else if (name == "reverse") {
    if (a.is_list()) {
      auto l = a.as_list();
      std::reverse(l.begin(), l.end());
      return l;
    }
    if (a.is_string()) {
      auto u = icu::UnicodeString::fromUTF8(a.as_string());
      u.reverse();
      std::string out;
      return u.toUTF8String(out);
    }
  } else if (name == "keys" || name == "properties") {
    auto props = properties_of(a);
    if (name == "properties") return props;
    query_value::list out;
    for (const auto& [k, v] : props.as_map())
      if (!v.is_null()) out.emplace_back(k);
    return out;
  } else if (name == "tostring") {
    if (a.is_string()) return a;
    if (a.is_number() || a.is_bool()) return to_string(a);
  } else if (name == "tointeger") {
    if (a.is_int()) return a;
    if (a.is_float()) return static_cast<std::int64_t>(std::trunc(a.as_number()));
    if (a.is_string()) {
      try {
        std::size_t used = 0;
        auto v = std::stod(a.as_string(), &used);
        if (used == a.as_string().size()) return static_cast<std::int64_t>(std::trunc(v));
      } catch (const std::exception&) {
      }
      return nullptr;
    }
  } else if (name == "tofloat") {
    if (a.is_number()) return a.as_number();
    if (a.is_string()) {
      try {
        std::size_t used = 0;
        auto v = std::stod(a.as_string(), &used);
        if (used == a.as_string().size()) return v;
      } catch (const std::exception&) {
      }
      return nullptr;
    }
  } else if (name == "toboolean") {
    if (a.is_bool()) return a;
    if (a.is_string()) {
      auto s = lower(a.as_string());
      if (s == "true") return true;
      if (s == "false") return false;
      return nullptr;
    }
  } else if (name == "abs") {
    if (a.is_int()) return a.as_int() < 0 ? -a.as_int() : a.as_int();
    if (a.is_float()) return std::fabs(a.as_number());
  } else if (name == "sign") {
    if (a.is_number()) return std::int64_t{a.as_number() > 0 ? 1 : a.as_number() < 0 ? -1 : 0};
  } else if (name == "ceil" || name == "floor" || name == "round" || name == "sqrt") {
    if (a.is_number()) {
      double x = a.as_number();
      if (name == "ceil") return std::ceil(x);
      if (name == "floor") return std::floor(x);
      if (name == "round") return std::round(x);
      return std::sqrt(x);
    }
  } else if (name == "trim" || name == "ltrim" || name == "rtrim") {
    std::string s = string_argument(a, name);
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    if (name != "rtrim") s.erase(s.begin(), std::find_if_not(s.begin(), s.end(), space));
    if (name != "ltrim")
      while (!s.empty() && space(s.back())) s.pop_back();
    return s;
  } else if (name == "replace") {
    if (args[1].is_null() || args[2].is_null()) return nullptr;
    std::string s = string_argument(a, name);
    const auto& from = string_argument(args[1], name);
    const auto& to = string_argument(args[2], name);
    if (from.empty()) return s;
    std::string out;
    std::size_t at = 0;
    for (auto hit = s.find(from); hit != std::string::npos; hit = s.find(from, at)) {
      out.append(s, at, hit - at);
      out += to;
      at = hit + from.size();
    }
    out.append(s, at);
    return out;
  } else if (name == "split") {
    if (args[1].is_null()) return nullptr;
    const auto& s = string_argument(a, name);
    const auto& sep = string_argument(args[1], name);
    query_value::list out;
    if (sep.empty()) {
      for (char c : s) out.emplace_back(std::string(1, c));
      return out;
    }
    std::size_t at = 0;
    for (auto hit = s.find(sep); hit != std::string::npos; hit = s.find(sep, at)) {
      out.emplace_back(s.substr(at, hit - at));
      at = hit + sep.size();
    }
    out.emplace_back(s.substr(at));
    return out;
  } else if (name == "substring" || name == "left" || name == "right") {
    const auto& s = string_argument(a, name);
    auto n = static_cast<std::int64_t>(s.size());
    auto clampi = [&](std::int64_t v) {
      return static_cast<std::size_t>(std::clamp<std::int64_t>(v, 0, n));
    };
    if (name == "left") return s.substr(0, clampi(integer_argument(args[1], name)));
    if (name == "right") {
      auto k = clampi(integer_argument(args[1], name));
      return s.substr(s.size() - k);
    }
    auto start = clampi(integer_argument(args[1], name));
    auto length = args.size() > 2 ? clampi(integer_argument(args[2], name)) : s.size();
    return s.substr(start, length);
  } else if (name == "exists") {
    return true;
  }
  throw error(fmt::format("{}() cannot take {} {}", name, a.type_name(), to_string(a)));
}

std::pair<std::size_t, std::size_t> arity(const std::string& name) {
  if (name == "coalesce") return {1, 64};
  if (name == "range" || name == "substring") return {2, 3};
  if (name == "replace") return {3, 3};
  if (name == "split" || name == "left" || name == "right") return {2, 2};
  return {1, 1};
}

evaluator binder::compile_node(const cypher::function_call& n, const expression& e,
                               const scope& s) {
  auto name = lower(n.name.name);
  const auto& names = function_names();
  bool known = std::any_of(names.begin(), names.end(),
                           [&](const std::string& f) { return lower(f) == name; });
  if (!known)
    fail(n.name.position, fmt::format("unknown function '{}'", n.name.name),
         schema::closest(n.name.name, names));
  if (auto kind = aggregate_named(name)) {
    if (!aggregates)
      fail(e.position, fmt::format("{}() is an aggregate; use it in WITH or RETURN", n.name.name));
    if (n.star && *kind != aggregate_kind::count)
      fail(e.position, fmt::format("{}(*) is not allowed; only count(*)", n.name.name));
    if (!n.star && n.arguments.size() != 1)
      fail(e.position, fmt::format("{}() takes one argument", n.name.name));
    aggregate_spec spec{n.star ? aggregate_kind::count_star : *kind, n.distinct, {}};
    if (!n.star) {
      if (contains_aggregate(*n.arguments[0]))
        fail(n.arguments[0]->position, "aggregates cannot be nested");
      auto* saved = aggregates;
      aggregates = nullptr;
      spec.argument = compile(*n.arguments[0], *aggregate_scope);
      aggregates = saved;
    }
    auto index = aggregates->size();
    aggregates->push_back(std::move(spec));
    // Reads the aggregate's result, which the projection stage puts in the evaluation row.
    return [index](const row& r, context&) { return r[r.size() - 1 - index]; };
  }
  auto [least, most] = arity(name);
  if (n.star || n.arguments.size() < least || n.arguments.size() > most)
    fail(e.position,
         least == most
             ? fmt::format("{}() takes {} argument{}", n.name.name, least, least == 1 ? "" : "s")
             : fmt::format("{}() takes {} to {} arguments", n.name.name, least, most));
  if (n.distinct)
    fail(e.position, fmt::format("DISTINCT is only for aggregates, not {}()", n.name.name));
  std::vector<evaluator> args;
  for (const auto& arg : n.arguments) args.push_back(compile(*arg, s));
  if (name == "exists") {
    auto arg = args[0];
    return [arg](const row& r, context& ctx) -> query_value { return !arg(r, ctx).is_null(); };
  }
  return [name, args](const row& r, context& ctx) {
    std::vector<query_value> values;
    values.reserve(args.size());
    for (const auto& a : args) values.push_back(a(r, ctx));
    return scalar_function(name, values);
  };
}

// ---- planning -------------------------------------------------------------------------------

// A condition of WHERE split at its top-level ANDs, with the variables it reads.
struct conjunct {
  const expression* e;
  std::vector<std::string> reads;
  bool placed = false;
};

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

class query_compiler {
 public:
  query_compiler(const graph& g, const cypher::query& q) : g_(g), q_(q), b_(g, q) {}

  const std::vector<std::pair<std::string, source_position>>& parameters() const {
    return b_.parameters;
  }

  std::vector<std::unique_ptr<stage>> stages;
  std::vector<std::string> columns;

  void compile() {
    for (std::size_t i = 0; i < q_.clauses.size(); ++i) {
      const auto& c = q_.clauses[i];
      bool last = i + 1 == q_.clauses.size();
      if (const auto* m = c.get_if<cypher::match_clause>())
        compile_match(*m);
      else if (const auto* u = c.get_if<cypher::unwind_clause>())
        compile_unwind(*u);
      else if (const auto* w = c.get_if<cypher::with_clause>())
        compile_projection(w->body, w->where.get(), w->where_before_order, false, c.position);
      else if (const auto* r = c.get_if<cypher::return_clause>())
        compile_projection(r->body, nullptr, false, last, c.position);
    }
  }

 private:
  // Which variables are bound before the current MATCH, or by earlier operations in it.
  bool is_bound(std::string_view name, const std::vector<std::string>& bound_now) const {
    return std::find(bound_now.begin(), bound_now.end(), name) != bound_now.end();
  }

  std::size_t slot_for(const std::optional<cypher::identifier>& v, var_kind kind, bool& already) {
    already = false;
    if (!v) return scope_.hidden();
    if (const auto* info = scope_.find(v->name)) {
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

  node_test compile_node_test(const cypher::node_pattern& n) {
    node_test t;
    for (const auto& l : n.labels) t.labels.push_back(b_.label(l));
    t.properties = compile_properties(n.properties.get(), var_kind::node);
    return t;
  }

  std::vector<property_test> compile_properties(const expression* props, var_kind kind) {
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

  // Candidates by `id` or `name` when a property map or WHERE names one exactly.
  evaluator lookup(const cypher::node_pattern& n, std::string_view key,
                   std::vector<conjunct>& where, const std::vector<std::string>& bound_now) {
    auto independent = [&](const expression& e) {
      std::vector<std::string> reads;
      variables_of(e, reads);
      return std::all_of(reads.begin(), reads.end(),
                         [&](const std::string& r) { return is_bound(r, bound_now); });
    };
    if (n.properties)
      if (const auto* m = n.properties->get_if<cypher::map_literal>())
        for (const auto& entry : m->entries)
          if (entry.key.name == key && independent(*entry.value))
            return b_.compile(*entry.value, scope_);
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
        if (v && v->name == n.variable->name && independent(rhs)) return b_.compile(rhs, scope_);
      }
    }
    return {};
  }

  // How many entities a node pattern may start from (a rough guess, for choosing the start).
  double estimate(const cypher::node_pattern& n, std::vector<conjunct>& where,
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

  std::size_t kind_count(kind_id k) {
    auto it = kind_counts_.find(k);
    if (it == kind_counts_.end()) it = kind_counts_.emplace(k, g_.entities_of_kind(k).size()).first;
    return it->second;
  }

  // Places each WHERE condition right after the operation that binds the last variable it reads.
  void place_conditions(std::vector<operation>& ops, std::vector<conjunct>& where,
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

  void compile_part(const cypher::pattern_part& part, std::vector<operation>& ops,
                    std::vector<conjunct>& where, std::vector<std::string>& bound_now) {
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
      for (const auto& type : rp.types) {
        auto id = b_.relation_type(type);
        if (std::find(t.types.begin(), t.types.end(), id) == t.types.end()) t.types.push_back(id);
      }
      std::sort(t.types.begin(), t.types.end());
      t.direction = rp.direction;
      t.properties = compile_properties(rp.properties.get(), var_kind::relation);
      if (rp.hops) {
        t.variable_length = true;
        t.min_hops = rp.hops->min.value_or(1);
        t.max_hops = rp.hops->max.value_or(std::numeric_limits<std::uint64_t>::max());
        if (part.function == cypher::path_function::none && t.min_hops > t.max_hops)
          b_.fail(rp.position, "the least number of hops is larger than the most");
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
      for (auto t : rels[0].types) so.via.push_back(g_.schema().relation_type_at(t).name);
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
      op.bound = node_bound[to] ||
                 (node_at(to).variable && is_bound(node_at(to).variable->name, bound_now));
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

  void compile_match(const cypher::match_clause& m) {
    auto st = std::make_unique<match_stage>();
    st->optional = m.optional;
    std::vector<conjunct> where;
    if (m.where) split_and(*m.where, where);
    std::vector<std::string> bound_now = scope_.names();
    auto before = scope_.width;
    for (const auto& part : m.pattern) compile_part(part, st->ops, where, bound_now);
    // Variables used in WHERE must exist by now.
    for (auto& c : where)
      for (const auto& name : c.reads)
        if (!scope_.find(name)) (void)b_.compile(*c.e, scope_);  // throws, naming it
    place_conditions(st->ops, where, bound_now, true);
    for (auto s = before; s < scope_.width; ++s) st->new_slots.push_back(s);
    st->width = scope_.width;
    add(std::move(st));
  }

  void compile_unwind(const cypher::unwind_clause& u) {
    auto st = std::make_unique<unwind_stage>();
    st->list = b_.compile(*u.list, scope_);
    if (scope_.find(u.alias.name))
      b_.fail(u.alias.position, fmt::format("variable '{}' is already defined", u.alias.name));
    st->slot = scope_.add(u.alias.name, var_kind::value);
    st->width = scope_.width;
    add(std::move(st));
  }

  // SKIP and LIMIT take a literal or a parameter, read when the query runs.
  evaluator count_argument(const expression* e) {
    if (!e) return {};
    return b_.compile(*e, scope{});
  }

  void compile_projection(const cypher::projection& p, const expression* where, bool where_first,
                          bool final, source_position at) {
    auto st = std::make_unique<projection_stage>();
    st->distinct = p.distinct;
    st->final = final;
    st->text = &q_.text;
    st->input_width = scope_.width;
    scope next;
    std::vector<std::string> names;
    std::vector<std::pair<std::string, var_kind>> outputs;
    if (p.star) {
      for (const auto& [name, info] : scope_.vars) {
        auto slot = info.slot;
        st->items.push_back([slot](const row& r, context&) { return r[slot]; });
        st->is_aggregate.push_back(false);
        st->finals.emplace_back();
        outputs.emplace_back(name, info.kind);
      }
      if (outputs.empty()) b_.fail(at, "RETURN * needs at least one variable");
    }
    for (const auto& item : p.items) {
      std::string name = item.alias ? item.alias->name : item.text;
      var_kind kind = var_kind::value;
      if (const auto* v = item.value->get_if<cypher::variable>())
        if (const auto* info = scope_.find(v->name)) kind = info->kind;
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
    for (const auto& [name, kind] : outputs) {
      next.add(name, kind);
      names.push_back(name);
    }
    // ORDER BY sees the projected columns and, without aggregation or DISTINCT, the input too.
    scope order_scope = next;
    st->order_sees_input = !st->aggregating && !st->distinct;
    if (st->order_sees_input)
      for (const auto& [name, info] : scope_.vars)
        if (!order_scope.find(name))
          order_scope.vars.emplace_back(name, variable_info{next.width + info.slot, info.kind});
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
      st->where = b_.compile(*where, next);
      st->where_first = where_first;
    }
    scope_ = std::move(next);
    if (final) columns = names;
    add(std::move(st));
  }

  void add(std::unique_ptr<stage> st) {
    if (!stages.empty()) stages.back()->next = st.get();
    stages.push_back(std::move(st));
  }

  const graph& g_;
  const cypher::query& q_;
  binder b_;
  scope scope_;
  std::unordered_map<kind_id, std::size_t> kind_counts_;
};

}  // namespace

namespace detail {

// A query bound and planned against one graph, ready to run many times.
struct query_plan {
  std::unique_ptr<cypher::query> owned;  // when the plan keeps its own syntax tree
  const cypher::query* q = nullptr;
  const graph* g = nullptr;
  std::vector<std::unique_ptr<stage>> stages;
  sink rows;
  std::vector<std::string> columns;
  std::vector<std::pair<std::string, source_position>> parameters;

  void build() {
    query_compiler compiler(*g, *q);
    compiler.compile();
    stages = std::move(compiler.stages);
    columns = std::move(compiler.columns);
    parameters = compiler.parameters();
    stages.back()->next = &rows;
  }

  result_set run(const query_options& opts) {
    for (const auto& [name, at] : parameters)
      if (!opts.parameters.count(name)) {
        std::vector<std::string> given;
        for (const auto& [k, v] : opts.parameters) given.push_back(k);
        throw cypher::name_error(q->text, at, fmt::format("parameter ${} is not given", name),
                                 schema::closest(name, given));
      }
    context ctx(*g, opts);
    rows.rows.clear();
    rows.max_rows = opts.max_rows;
    for (auto& st : stages) st->start(ctx);
    std::string why_cut;
    try {
      if (opts.timeout && *opts.timeout <= std::chrono::steady_clock::duration::zero())
        throw stop_query{"stopped at the deadline of 0 ms"};
      row first;
      stages.front()->push(first, ctx);
      stages.front()->finish(ctx);
    } catch (const stop_query& stop) {
      why_cut = stop.why;
    }
    return {columns, std::move(rows.rows), std::move(why_cut)};
  }
};

}  // namespace detail

prepared_query::prepared_query(const graph& g, std::string_view cypher)
    : prepared_query(g, cypher::parse(cypher)) {}

prepared_query::prepared_query(const graph& g, cypher::query q)
    : plan_(std::make_unique<detail::query_plan>()) {
  plan_->owned = std::make_unique<cypher::query>(std::move(q));
  plan_->q = plan_->owned.get();
  plan_->g = &g;
  plan_->build();
}

prepared_query::~prepared_query() = default;
prepared_query::prepared_query(prepared_query&&) noexcept = default;
prepared_query& prepared_query::operator=(prepared_query&&) noexcept = default;

result_set prepared_query::run(const query_options& opts) { return plan_->run(opts); }

const std::vector<std::string>& prepared_query::columns() const noexcept { return plan_->columns; }

const std::string& prepared_query::text() const noexcept { return plan_->q->text; }

result_set query(const graph& g, const cypher::query& q, const query_options& opts) {
  detail::query_plan plan;
  plan.q = &q;
  plan.g = &g;
  plan.build();
  return plan.run(opts);
}

}  // namespace entente

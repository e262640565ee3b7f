// Regular path expressions: parsed, compiled to an automaton, made deterministic per search
// direction, and searched over its product with the graph.

#include <entente/paths.hpp>

#include "paths/search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace entente {
namespace detail {
namespace {

// ---- path expressions ------------------------------------------------------------------------

/// Parentheses and `^` open inside one another, and operators applied to what operators made
/// (`x***`, `^^x`, `((x|y)/z)*`): bounds the parser's recursion and that of the compiler, which
/// walks the tree as deep as it is high. Real expressions nest a handful of levels.
constexpr std::size_t max_nesting = 100;
// The most steps the subset construction may take (an automaton state's NFA states, times the
// moves of each, per relation type): some expressions need exponentially many states
// (`(a|b)*/a/(a|b)/(a|b)/…`), and this bounds the time before saying so.
constexpr std::size_t max_determinize_work = std::size_t{1} << 22;

struct rpq_node {
  enum kind_type { name, alternative, sequence, star, plus, optional, inverse } kind;
  std::string text;
  std::size_t column = 0;
  std::vector<std::size_t> children;
  std::size_t height = 0;  // operators above the deepest name: 0 for a name
};

class rpq_parser {
 public:
  explicit rpq_parser(std::string_view text) : text_(text) {}

  // The root node; nodes_ holds the tree.
  std::size_t parse() {
    skip_space();
    if (pos_ == text_.size()) fail("empty path expression", 0);
    auto root = alternative();
    skip_space();
    if (pos_ != text_.size()) {
      if (text_[pos_] == ')') fail("unexpected ')' without a matching '('", pos_);
      fail(fmt::format("unexpected '{}'; expected '/', '|', '*', '+', '?' or the end", text_[pos_]),
           pos_);
    }
    return root;
  }
  const std::vector<rpq_node>& nodes() const { return nodes_; }

 private:
  [[noreturn]] void fail(const std::string& message, std::size_t at) const {
    throw parse_error("path expression: " + message, 1, at + 1);
  }
  [[noreturn]] void too_deep(std::size_t at) const {
    fail(fmt::format("nested too deeply (more than {} levels)", max_nesting), at);
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool take(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  /// Adds `node` over its children; refuses it, at its column, when it is one level too many.
  std::size_t add(rpq_node node) {
    for (auto c : node.children) node.height = std::max(node.height, nodes_[c].height + 1);
    if (node.height > max_nesting) too_deep(node.column);
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }
  std::size_t alternative() {
    std::size_t column = pos_;
    std::vector<std::size_t> parts{sequence()};
    while (take('|')) parts.push_back(sequence());
    if (parts.size() == 1) return parts[0];
    return add({rpq_node::alternative, "", column, std::move(parts)});
  }
  std::size_t sequence() {
    std::size_t column = pos_;
    std::vector<std::size_t> parts{postfix()};
    while (take('/')) parts.push_back(postfix());
    if (parts.size() == 1) return parts[0];
    return add({rpq_node::sequence, "", column, std::move(parts)});
  }
  std::size_t postfix() {
    auto node = atom();
    for (;;) {
      skip_space();
      if (pos_ == text_.size()) return node;
      char c = text_[pos_];
      auto kind = c == '*'   ? rpq_node::star
                  : c == '+' ? rpq_node::plus
                  : c == '?' ? rpq_node::optional
                             : rpq_node::name;
      if (kind == rpq_node::name) return node;
      node = add({kind, "", pos_, {node}});
      ++pos_;
    }
  }
  static bool name_char(char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
  }
  std::size_t atom() {
    skip_space();
    if (pos_ == text_.size())
      fail("expected a relation type, '(' or '^' but the expression ends", pos_);
    std::size_t column = pos_;
    char c = text_[pos_];
    if (c == '^' || c == '(') {
      // The tree's height does not see parentheses, and `^` only once its operand is read.
      if (++open_ > max_nesting) too_deep(column);
      ++pos_;
    }
    if (c == '^') {
      auto operand = atom();
      --open_;
      return add({rpq_node::inverse, "", column, {operand}});
    }
    if (c == '(') {
      auto inner = alternative();
      --open_;
      if (!take(')'))
        fail(fmt::format("expected ')' to close the '(' at column {}", column + 1), pos_);
      return inner;
    }
    if (!name_char(c, true))
      fail(fmt::format("expected a relation type, '(' or '^' but found '{}'", c), pos_);
    while (pos_ < text_.size() && name_char(text_[pos_], false)) ++pos_;
    return add({rpq_node::name, std::string(text_.substr(column, pos_ - column)), column, {}});
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t open_ = 0;  // '(' and '^' being read, one inside the other
  std::vector<rpq_node> nodes_;
};

}  // namespace
}  // namespace detail

// An automaton without empty moves whose labels say, per relation type, which ways a step may
// walk it (before the search's direction is applied).
struct detail::path_automaton {
  struct transition {
    std::size_t label;
    std::size_t to;
  };
  std::vector<std::vector<std::uint8_t>> labels;  // per label: a mask per relation type
  std::vector<std::vector<transition>> moves;     // per state
  std::vector<bool> accepting;
  std::size_t start = 0;
};

namespace detail {
namespace {

// Thompson's construction over the parse tree, then the empty moves removed.
class nfa_builder {
 public:
  nfa_builder(const schema& s, const std::vector<rpq_node>& nodes) : schema_(&s), nodes_(&nodes) {}

  path_automaton build(std::size_t root) {
    auto [start, end] = fragment(root, false);
    // Closures over empty moves, then each state takes the labelled moves of its closure.
    const std::size_t n = empty_.size();
    path_automaton a;
    a.labels = std::move(labels_);
    a.moves.resize(n);
    a.accepting.assign(n, false);
    a.start = start;
    for (std::size_t q = 0; q < n; ++q) {
      std::vector<bool> in(n, false);
      std::vector<std::size_t> todo{q};
      in[q] = true;
      while (!todo.empty()) {
        auto p = todo.back();
        todo.pop_back();
        if (p == end) a.accepting[q] = true;
        for (auto x : labelled_[p]) a.moves[q].push_back(x);
        for (auto x : empty_[p])
          if (!in[x]) {
            in[x] = true;
            todo.push_back(x);
          }
      }
    }
    return a;
  }

 private:
  std::size_t state() {
    empty_.emplace_back();
    labelled_.emplace_back();
    return empty_.size() - 1;
  }
  std::pair<std::size_t, std::size_t> fragment(std::size_t i, bool inverted) {
    const auto& node = (*nodes_)[i];
    switch (node.kind) {
      case rpq_node::name: {
        std::vector<std::uint8_t> mask(schema_->num_relation_types(), 0);
        if (!schema_->add_step_ways(node.text, mask))
          unknown_type(*schema_, node.text,
                       fmt::format(" in path expression (column {})", node.column + 1));
        if (inverted)
          for (auto& m : mask) m = swapped(m);
        labels_.push_back(std::move(mask));
        auto s = state();
        auto e = state();
        labelled_[s].push_back({labels_.size() - 1, e});
        return {s, e};
      }
      case rpq_node::inverse: return fragment(node.children[0], !inverted);
      case rpq_node::sequence: {
        // Read backwards, x/y is ^y/^x.
        std::vector<std::size_t> order = node.children;
        if (inverted) std::reverse(order.begin(), order.end());
        auto [s, e] = fragment(order[0], inverted);
        for (std::size_t k = 1; k < order.size(); ++k) {
          auto [s2, e2] = fragment(order[k], inverted);
          empty_[e].push_back(s2);
          e = e2;
        }
        return {s, e};
      }
      case rpq_node::alternative: {
        auto s = state();
        auto e = state();
        for (auto c : node.children) {
          auto [cs, ce] = fragment(c, inverted);
          empty_[s].push_back(cs);
          empty_[ce].push_back(e);
        }
        return {s, e};
      }
      case rpq_node::star:
      case rpq_node::plus:
      case rpq_node::optional: {
        auto s = state();
        auto e = state();
        auto [cs, ce] = fragment(node.children[0], inverted);
        empty_[s].push_back(cs);
        empty_[ce].push_back(e);
        if (node.kind != rpq_node::optional) empty_[ce].push_back(cs);
        if (node.kind != rpq_node::plus) empty_[s].push_back(e);
        return {s, e};
      }
    }
    throw error("path expression: unknown node");
  }

  const schema* schema_;
  const std::vector<rpq_node>* nodes_;
  std::vector<std::vector<std::uint8_t>> labels_;
  std::vector<std::vector<std::size_t>> empty_;
  std::vector<std::vector<path_automaton::transition>> labelled_;
};

// The automaton made deterministic for one search direction: from each state, each relation
// type leads (walked along, or against) to at most one state, so every path has one run.
struct dfa {
  struct move {
    relation_type_id type;
    std::int32_t along = -1;
    std::int32_t against = -1;
  };
  struct back_move {
    std::uint32_t from;
    relation_type_id type;
    bool against;
  };
  std::vector<std::vector<move>> moves;
  std::vector<std::vector<back_move>> back;
  std::vector<bool> accepting;

  [[nodiscard]] std::size_t size() const noexcept { return moves.size(); }
};

dfa determinize(const schema& s, const path_automaton& a, direction d) {
  // Schemas only grow (types keep their numbers), so an expression compiled before types were
  // added still reads right; one from a larger schema cannot.
  const std::size_t types = a.labels.empty() ? 0 : a.labels.front().size();
  if (types > s.num_relation_types())
    throw error("path expression compiled against another schema");
  auto labels = a.labels;
  for (auto& mask : labels) apply_direction(mask, d);
  dfa out;
  std::map<std::vector<std::size_t>, std::uint32_t> ids;
  std::vector<std::vector<std::size_t>> sets;
  auto id_of = [&](std::vector<std::size_t> set) -> std::int32_t {
    if (set.empty()) return -1;
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    auto [it, added] = ids.emplace(set, static_cast<std::uint32_t>(sets.size()));
    if (added) sets.push_back(std::move(set));
    return static_cast<std::int32_t>(it->second);
  };
  id_of({a.start});
  std::size_t work = 0;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    std::vector<dfa::move> moves;
    bool accepting = false;
    for (auto q : sets[i]) accepting = accepting || a.accepting[q];
    for (std::size_t t = 0; t < types; ++t) {
      std::vector<std::size_t> to_along, to_against;
      for (auto q : sets[i]) {
        work += a.moves[q].size() + 1;
        if (work > max_determinize_work)
          throw error(fmt::format(
              "path expression too complex: its automaton takes more than {} steps to build "
              "({} states so far); write it with fewer repetitions inside one another",
              max_determinize_work, sets.size()));
        for (const auto& tr : a.moves[q]) {
          auto m = labels[tr.label][t];
          if (m & along) to_along.push_back(tr.to);
          if (m & against) to_against.push_back(tr.to);
        }
      }
      if (to_along.empty() && to_against.empty()) continue;
      dfa::move mv{static_cast<relation_type_id>(t)};
      mv.along = id_of(std::move(to_along));
      mv.against = id_of(std::move(to_against));
      moves.push_back(mv);
    }
    out.moves.push_back(std::move(moves));
    out.accepting.push_back(accepting);
  }
  out.back.resize(out.moves.size());
  for (std::size_t q = 0; q < out.moves.size(); ++q)
    for (const auto& mv : out.moves[q]) {
      auto from = static_cast<std::uint32_t>(q);
      if (mv.along >= 0)
        out.back[static_cast<std::size_t>(mv.along)].push_back({from, mv.type, false});
      if (mv.against >= 0)
        out.back[static_cast<std::size_t>(mv.against)].push_back({from, mv.type, true});
    }
  return out;
}

// Steps over the product of the graph and a DFA; a product state is entity * size + dfa state.
class product {
 public:
  product(const graph& g, const dfa& a, const relation_filter& filter)
      : graph_(&g), dfa_(&a), filter_(&filter), size_(static_cast<std::uint32_t>(a.size())) {}

  [[nodiscard]] std::uint32_t state(entity_index e, std::uint32_t q) const { return e * size_ + q; }
  [[nodiscard]] entity_index entity_of(std::uint32_t s) const { return s / size_; }
  [[nodiscard]] bool accepting(std::uint32_t s) const { return dfa_->accepting[s % size_]; }
  [[nodiscard]] std::size_t num_states() const {
    return static_cast<std::size_t>(graph_->num_entities()) * size_;
  }

  /// Calls f(relation, next state) for every step out of product state `s`.
  template <class F>
  void leaving(std::uint32_t s, F&& f) const {
    entity_index v = entity_of(s);
    for (const auto& mv : dfa_->moves[s % size_]) {
      if (mv.along >= 0)
        for (const auto& e : graph_->out_relations(v, mv.type))
          if (filter_->keeps(e.relation, false))
            f(e.relation, state(e.other, static_cast<std::uint32_t>(mv.along)));
      if (mv.against >= 0)
        for (const auto& e : graph_->in_relations(v, mv.type))
          if (filter_->keeps(e.relation, true))
            f(e.relation, state(e.other, static_cast<std::uint32_t>(mv.against)));
    }
  }
  /// Calls f(relation, previous state) for every step into product state `s`.
  template <class F>
  void arriving(std::uint32_t s, F&& f) const {
    entity_index w = entity_of(s);
    for (const auto& bm : dfa_->back[s % size_]) {
      if (!bm.against) {
        for (const auto& e : graph_->in_relations(w, bm.type))
          if (filter_->keeps(e.relation, false)) f(e.relation, state(e.other, bm.from));
      } else {
        for (const auto& e : graph_->out_relations(w, bm.type))
          if (filter_->keeps(e.relation, true)) f(e.relation, state(e.other, bm.from));
      }
    }
  }

 private:
  const graph* graph_;
  const dfa* dfa_;
  const relation_filter* filter_;
  std::uint32_t size_;
};

void check_product_size(const graph& g, const dfa& a) {
  if (static_cast<std::uint64_t>(g.num_entities()) * a.size() >= no_index)
    throw error("path expression too large for this graph (" + std::to_string(a.size()) +
                " automaton states)");
}

// Everything an expression search needs, set up once.
struct rpq_setup {
  rpq_setup(const graph& g, const path_expression& expr, const path_options& opts)
      : filter(g, opts), automaton(determinize(g.schema(), expr.automaton(), opts.direction)) {
    if (!opts.via.empty())
      throw error("rpq: the path expression names the relation types; leave `via` empty");
    check_product_size(g, automaton);
  }
  relation_filter filter;
  dfa automaton;
};

}  // namespace

}  // namespace detail

// ---- regular path queries --------------------------------------------------------------------

path_expression::path_expression(const schema& s, std::string_view text) : text_(text) {
  detail::rpq_parser parser(text);
  auto root = parser.parse();
  detail::nfa_builder builder(s, parser.nodes());
  automaton_ = std::make_shared<const detail::path_automaton>(builder.build(root));
}

bool path_expression::matches_empty() const noexcept {
  return automaton_->accepting[automaton_->start];
}

namespace {

// Breadth-first over the product from (from, start); calls at(state, dist) for each state
// reached, in order, until it returns true. Returns how the search ended.
template <class At>
detail::bfs_end product_bfs(const detail::product& prod, detail::marks& m, detail::scratch& sc,
                            std::uint32_t start, std::size_t max_depth, detail::budget& clock,
                            At&& at) {
  using detail::bfs_end;
  m.begin(prod.num_states());
  m.set(start, 0, no_index, no_index);
  if (at(start)) return bfs_end::found;
  auto& frontier = sc.frontier;
  auto& next = sc.next;
  frontier.assign(1, start);
  for (std::uint32_t d = 0; !frontier.empty(); ++d) {
    if (d >= max_depth) return bfs_end::hops;
    next.clear();
    bool found = false;
    for (auto s : frontier) {
      if (clock.expired()) return bfs_end::deadline;
      prod.leaving(s, [&](relation_index r, std::uint32_t u) {
        if (m.seen(u)) {
          if (m[u].parent == s && r < m[u].via) m[u].via = r;
          return;
        }
        m.set(u, d + 1, s, r);
        next.push_back(u);
        if (at(u)) found = true;
      });
      if (found) return bfs_end::found;
    }
    frontier.swap(next);
  }
  return bfs_end::exhausted;
}

}  // namespace

std::optional<path> rpq_shortest_path(const graph& g, entity_index from, entity_index to,
                                      const path_expression& expr, const path_options& opts) {
  using namespace detail;
  check_ends(g, from, to);
  rpq_setup setup(g, expr, opts);
  product prod(g, setup.automaton, setup.filter);
  budget clock(opts.timeout);
  if (clock.expired()) return std::nullopt;
  scratch_lease lease;
  auto& m = (*lease).product;
  std::uint32_t goal = no_index;
  auto start = prod.state(from, 0);
  auto end = product_bfs(prod, m, *lease, start, opts.max_hops, clock, [&](std::uint32_t s) {
    if (prod.entity_of(s) != to || !prod.accepting(s)) return false;
    goal = s;
    return true;
  });
  if (end != bfs_end::found) return std::nullopt;
  return path(g, from, chain_to(m, goal, start));
}

std::vector<entity_index> rpq_reachable(const graph& g, entity_index from,
                                        const path_expression& expr, const path_options& opts) {
  using namespace detail;
  (void)g.entity(from);
  rpq_setup setup(g, expr, opts);
  product prod(g, setup.automaton, setup.filter);
  budget clock(opts.timeout);
  scratch_lease lease;
  auto& m = (*lease).product;
  std::vector<std::pair<std::uint32_t, entity_index>> found;  // (distance, entity)
  (void)product_bfs(prod, m, *lease, prod.state(from, 0), opts.max_hops, clock,
                    [&](std::uint32_t s) {
                      if (prod.accepting(s)) found.emplace_back(m[s].dist, prod.entity_of(s));
                      return false;
                    });
  std::sort(found.begin(), found.end());
  std::vector<entity_index> out;
  std::vector<bool> listed(g.num_entities(), false);
  for (auto [d, e] : found)
    if (!listed[e]) {
      listed[e] = true;
      out.push_back(e);
    }
  return out;
}

path_result rpq_paths(const graph& g, entity_index from, entity_index to,
                      const path_expression& expr, const path_options& opts) {
  using namespace detail;
  check_ends(g, from, to);
  rpq_setup setup(g, expr, opts);
  product prod(g, setup.automaton, setup.filter);
  budget clock(opts.timeout);
  enumeration out;
  if (clock.expired()) {
    out.cut.set(deadline_reached);
    return out.finish();
  }
  scratch_lease lease;
  auto& sc = *lease;
  // Distances to an accepting state at `to`, backwards over the product, from all of them.
  auto& to_go = sc.product;
  to_go.begin(prod.num_states());
  auto& frontier = sc.frontier;
  auto& next = sc.next;
  frontier.clear();
  for (std::uint32_t q = 0; q < setup.automaton.size(); ++q)
    if (setup.automaton.accepting[q]) {
      to_go.set(prod.state(to, q), 0, no_index, no_index);
      frontier.push_back(prod.state(to, q));
    }
  bfs_end reach = bfs_end::exhausted;
  for (std::uint32_t d = 0; !frontier.empty(); ++d) {
    if (d >= opts.max_hops) {
      reach = bfs_end::hops;
      break;
    }
    next.clear();
    for (auto s : frontier) {
      if (clock.expired()) {
        out.cut.set(deadline_reached);
        return out.finish();
      }
      prod.arriving(s, [&](relation_index, std::uint32_t u) {
        if (to_go.seen(u)) return;
        to_go.set(u, d + 1, no_index, no_index);
        next.push_back(u);
      });
    }
    frontier.swap(next);
  }
  const auto start = prod.state(from, 0);
  if (!to_go.seen(start)) {
    report(out.cut, reach, opts.max_hops);
    return out.finish();
  }
  std::vector<candidate> buffer;
  std::vector<frame> stack;
  std::vector<relation_index> relations;
  std::set<std::vector<relation_index>> emitted;  // one relation list may have two runs (loops)
  bool hops_pruned = false;
  bool stop = false;
  for (std::size_t length = to_go[start].dist; length <= opts.max_hops && !stop; ++length) {
    const bool last = length == opts.max_hops;
    auto push = [&](std::uint32_t s) {
      std::size_t depth = relations.size();
      std::size_t begin = buffer.size();
      prod.leaving(s, [&](relation_index r, std::uint32_t u) {
        if (!to_go.seen(u)) return;
        if (std::find(relations.begin(), relations.end(), r) != relations.end()) return;
        if (depth + 1 + to_go[u].dist > length) {
          hops_pruned = hops_pruned || last;
          return;
        }
        buffer.push_back({r, u});
      });
      stack.push_back({s, begin, begin});
    };
    if (length == 0) {
      // Only the empty path has length 0: from == to, and the expression takes it.
      if (opts.limit == 0) {
        out.cut.set(limit_reached(0));
        break;
      }
      out.result.paths.emplace_back(g, from);
      continue;
    }
    push(start);
    stop = !walk_depth_first(
        buffer, stack, relations, clock, out.cut, push, [](std::uint32_t) {},
        // The pruning leaves only steps that end at `to` in an accepting state here.
        [&](const candidate&) { return relations.size() == length; },
        [&] {
          if (!emitted.insert(relations).second) return true;
          return out.add(g, from, relations, opts.limit);
        });
  }
  if (hops_pruned) out.cut.set(hops_reached(opts.max_hops));
  return out.finish();
}

}  // namespace entente

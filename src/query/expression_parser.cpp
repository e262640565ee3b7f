// The parser's expression rules: precedence climbing over openCypher's operators, postfix
// property access, indexing and label tests, and atoms, with bounds on nesting and height.

#include "query/cypher_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace entente::cypher::detail {
namespace {

/// Parentheses, brackets and prefix operators inside one another: bounds the parser's recursion.
constexpr std::size_t max_nesting = 100;
/// Operators applied to the results of operators: bounds the recursion of whoever walks the tree
/// (a flat chain `1 + 1 + ... + 1` nests as deeply as it is long).
constexpr std::size_t max_height = 1000;

// A deep copy of an expression: `a < b < c` compares `b` twice.
expression_ptr clone(const expression& e);
expression_ptr clone_or_null(const expression_ptr& e) { return e ? clone(*e) : nullptr; }

literal copy_node(const literal& n) { return n; }
parameter copy_node(const parameter& n) { return n; }
variable copy_node(const variable& n) { return n; }
property_access copy_node(const property_access& n) { return {clone(*n.subject), n.key}; }
subscript copy_node(const subscript& n) { return {clone(*n.subject), clone(*n.index)}; }
slice copy_node(const slice& n) {
  return {clone(*n.subject), clone_or_null(n.from), clone_or_null(n.to)};
}
label_test copy_node(const label_test& n) { return {clone(*n.subject), n.labels}; }
list_literal copy_node(const list_literal& n) {
  list_literal out;
  for (const auto& item : n.items) out.items.push_back(clone(*item));
  return out;
}
map_literal copy_node(const map_literal& n) {
  map_literal out;
  for (const auto& entry : n.entries) out.entries.push_back({entry.key, clone(*entry.value)});
  return out;
}
function_call copy_node(const function_call& n) {
  function_call out{n.name, n.distinct, n.star, {}};
  for (const auto& argument : n.arguments) out.arguments.push_back(clone(*argument));
  return out;
}
unary copy_node(const unary& n) { return {n.op, n.op_position, clone(*n.operand)}; }
binary copy_node(const binary& n) { return {n.op, n.op_position, clone(*n.lhs), clone(*n.rhs)}; }
case_expression copy_node(const case_expression& n) {
  case_expression out;
  out.subject = clone_or_null(n.subject);
  for (const auto& alt : n.alternatives)
    out.alternatives.push_back({clone(*alt.when), clone(*alt.then)});
  out.otherwise = clone_or_null(n.otherwise);
  return out;
}
list_comprehension copy_node(const list_comprehension& n) {
  return {n.variable, clone(*n.list), clone_or_null(n.where), clone_or_null(n.result)};
}
quantifier copy_node(const quantifier& n) {
  return {n.kind, n.variable, clone(*n.list), clone(*n.where)};
}
node_pattern copy_pattern(const node_pattern& n) {
  return {n.position, n.variable, n.labels, clone_or_null(n.properties)};
}
pattern_part copy_pattern(const pattern_part& p) {
  pattern_part out{p.position, p.path_variable, p.function, copy_pattern(p.start), {}};
  for (const auto& step : p.steps) {
    const auto& r = step.relationship;
    out.steps.push_back(
        {{r.position, r.variable, r.types, r.direction, r.hops, clone_or_null(r.properties)},
         copy_pattern(step.node)});
  }
  return out;
}
pattern_predicate copy_node(const pattern_predicate& n) { return {copy_pattern(n.pattern)}; }
exists_subquery copy_node(const exists_subquery& n) {
  exists_subquery out;
  for (const auto& part : n.pattern) out.pattern.push_back(copy_pattern(part));
  out.where = clone_or_null(n.where);
  out.body = n.body;  // never changed once parsed: copies share it
  return out;
}
pattern_comprehension copy_node(const pattern_comprehension& n) {
  return {copy_pattern(n.pattern), clone_or_null(n.where), clone(*n.result)};
}

// Calls `f` on each expression a clause holds at its top (a projection's items, a WHERE, the
// property maps of its patterns, ...).
template <class F>
void for_each_expression(const clause& c, F&& f) {
  auto each = [&](const expression_ptr& e) {
    if (e) f(static_cast<const expression&>(*e));
  };
  auto projected = [&](const projection& p) {
    for (const auto& item : p.items) each(item.value);
    for (const auto& key : p.order_by) each(key.key);
    each(p.skip);
    each(p.limit);
  };
  if (const auto* m = c.get_if<match_clause>()) {
    for (const auto& part : m->pattern) {
      each(part.start.properties);
      for (const auto& step : part.steps) {
        each(step.relationship.properties);
        each(step.node.properties);
      }
    }
    each(m->where);
  } else if (const auto* u = c.get_if<unwind_clause>()) {
    each(u->list);
  } else if (const auto* w = c.get_if<with_clause>()) {
    projected(w->body);
    each(w->where);
  } else if (const auto* r = c.get_if<return_clause>()) {
    projected(r->body);
  }
}

expression_ptr clone(const expression& e) {
  auto out = std::make_unique<expression>();
  out->position = e.position;
  out->end = e.end;
  out->node =
      std::visit([](const auto& n) -> decltype(expression::node) { return copy_node(n); }, e.node);
  return out;
}

}  // namespace

class parser::nesting_scope {
 public:
  nesting_scope(parser& p, source_position at) : parser_(p) {
    if (++parser_.nesting_ > max_nesting)
      parser_.fail(at,
                   fmt::format("expression nested too deeply (more than {} levels)", max_nesting));
  }
  ~nesting_scope() { --parser_.nesting_; }
  nesting_scope(const nesting_scope&) = delete;
  nesting_scope& operator=(const nesting_scope&) = delete;

 private:
  parser& parser_;
};

template <class Node>
expression_ptr parser::make(source_position at, Node node) {
  auto e = std::make_unique<expression>();
  e->position = at;
  e->end = prev_end();
  e->node = std::move(node);
  std::size_t height = 0;
  for_each_child(*e, [&](const expression& child) {
    auto found = heights_.find(&child);
    height = std::max(height, found == heights_.end() ? std::size_t{1} : found->second);
  });
  if (height + 1 > max_height)
    fail(tokens_[index_ - 1].position,
         fmt::format("expression nested too deeply (more than {} operators deep)", max_height));
  heights_[e.get()] = height + 1;
  return e;
}

bool parser::starts_expression() {
  const token& t = peek();
  switch (t.kind) {
    case token_kind::integer:
    case token_kind::decimal:
    case token_kind::string:
    case token_kind::parameter:
    case token_kind::quoted_name: return true;
    case token_kind::word:
      return !is_reserved(t.text) || iequals(t.text, "TRUE") || iequals(t.text, "FALSE") ||
             iequals(t.text, "NULL") || iequals(t.text, "CASE") || iequals(t.text, "NOT");
    case token_kind::symbol:
      return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "-" || t.text == "+";
    case token_kind::end: return false;
  }
  return false;
}

expression_ptr parser::parse_expression() {
  nesting_scope scope(*this, peek().position);
  return parse_binary(0);
}

std::optional<operator_info> parser::peek_operator() {
  const token& t = peek();
  using enum binary_operator;
  if (t.kind == token_kind::symbol) {
    struct entry {
      std::string_view text;
      binary_operator op;
    };
    static constexpr entry symbols[] = {
        {"=", equal},    {"<>", not_equal},     {"<", less},   {"<=", less_equal},
        {">", greater},  {">=", greater_equal}, {"+", add},    {"-", subtract},
        {"*", multiply}, {"/", divide},         {"%", modulo}, {"^", power}};
    for (const auto& s : symbols)
      if (t.text == s.text) return operator_info{binding_of(s.op), false, s.op};
    return std::nullopt;
  }
  if (t.kind != token_kind::word) return std::nullopt;
  struct entry {
    std::string_view word;
    binary_operator op;
  };
  static constexpr entry words[] = {
      {"OR", logical_or},      {"XOR", logical_xor}, {"AND", logical_and},  {"IN", in},
      {"STARTS", starts_with}, {"ENDS", ends_with},  {"CONTAINS", contains}};
  for (const auto& w : words)
    if (iequals(t.text, w.word)) return operator_info{binding_of(w.op), false, w.op};
  if (iequals(t.text, "IS")) return operator_info{p_predicate, true, equal};
  return std::nullopt;
}

expression_ptr parser::parse_binary(int min) {
  expression_ptr lhs = parse_prefix(min);
  bool after_comparison = false;
  const expression* compared = nullptr;  // the right operand of the last comparison
  while (auto op = peek_operator()) {
    if (op->precedence < min) break;
    source_position at = peek().position;
    source_position start = lhs->position;
    if (op->is_postfix) {
      advance();
      bool negated = accept_word("NOT");
      expect_word("NULL", negated ? "NULL" : "NULL or NOT NULL");
      lhs = make(start, unary{negated ? unary_operator::is_not_null : unary_operator::is_null, at,
                              std::move(lhs)});
      after_comparison = false;
      continue;
    }
    advance();
    if (op->op == binary_operator::starts_with || op->op == binary_operator::ends_with)
      expect_word("WITH", "WITH");
    expression_ptr rhs = parse_binary(op->precedence + 1);  // left-associative
    const expression* right = rhs.get();
    if (op->precedence == p_comparison && after_comparison) {
      // openCypher reads `a < b < c` as `a < b AND b < c`.
      auto next = make(compared->position, binary{op->op, at, clone(*compared), std::move(rhs)});
      lhs = make(start, binary{binary_operator::logical_and, at, std::move(lhs), std::move(next)});
      compared = right;
      continue;
    }
    lhs = make(start, binary{op->op, at, std::move(lhs), std::move(rhs)});
    after_comparison = op->precedence == p_comparison;
    compared = after_comparison ? right : nullptr;
  }
  return lhs;
}

expression_ptr parser::parse_prefix(int min) {
  const token& t = peek();
  source_position at = t.position;
  if (t.kind == token_kind::word && iequals(t.text, "NOT")) {
    if (min > p_not) fail(at, "NOT binds more loosely than this operator: write (NOT …)");
    nesting_scope scope(*this, at);
    advance();
    expression_ptr operand = parse_binary(p_not);
    return make(at, unary{unary_operator::logical_not, at, std::move(operand)});
  }
  if (t.kind == token_kind::symbol && (t.text == "-" || t.text == "+")) {
    bool minus = t.text == "-";
    nesting_scope scope(*this, at);
    advance();
    negated_index_ = minus ? index_ : npos;
    expression_ptr operand = parse_binary(p_unary);
    if (minus && std::exchange(min_int_folded_, false)) {
      operand->position = at;  // the atom already negated -9223372036854775808
      return operand;
    }
    // A negative number is a literal, as in openCypher; -(-9223372036854775808) stays unary.
    if (const auto* lit = minus ? operand->get_if<literal>() : nullptr) {
      if (const auto* i = std::get_if<std::int64_t>(&lit->value);
          i && *i != std::numeric_limits<std::int64_t>::min())
        return make(at, literal{-*i});
      if (const auto* d = std::get_if<double>(&lit->value)) return make(at, literal{-*d});
    }
    return make(
        at, unary{minus ? unary_operator::negate : unary_operator::plus, at, std::move(operand)});
  }
  return parse_postfix();
}

expression_ptr parser::parse_write_target(std::string_view expected) {
  source_position start = peek().position;
  expression_ptr e;
  if (at_symbol("(")) {
    // `SET (n).p = v`: openCypher allows any atom before a property, a parenthesised one too.
    source_position opener = advance().position;
    e = parse_expression();
    expect_close(")", '(', opener, "')'");
    if (!at_symbol(".")) unexpected("'.' and a property after the parenthesis");
  } else {
    if (!at_name()) unexpected(expected);
    identifier name = take_name();
    e = make(start, variable{std::move(name.name)});
  }
  while (accept_symbol(".")) {
    identifier key = expect_schema_name("a property name after '.'");
    e = make(start, property_access{std::move(e), std::move(key)});
  }
  return e;
}

expression_ptr parser::parse_postfix() {
  expression_ptr e = parse_atom();
  source_position start = e->position;
  for (;;) {
    if (accept_symbol(".")) {
      identifier key = expect_schema_name("a property name after '.'");
      e = make(start, property_access{std::move(e), std::move(key)});
    } else if (at_symbol("[")) {
      source_position opener = advance().position;
      expression_ptr from;
      expression_ptr to;
      bool is_slice = accept_symbol("..");
      if (!is_slice) {
        from = parse_expression();
        is_slice = accept_symbol("..");
      }
      if (is_slice && !at_symbol("]")) to = parse_expression();
      expect_close("]", '[', opener, is_slice ? "']'" : "an operator, '..' or ']'");
      if (is_slice) {
        e = make(start, slice{std::move(e), std::move(from), std::move(to)});
      } else {
        e = make(start, subscript{std::move(e), std::move(from)});
      }
    } else {
      break;
    }
  }
  if (at_symbol(":")) {
    std::vector<identifier> labels;
    while (accept_symbol(":")) labels.push_back(expect_schema_name("a label after ':'"));
    e = make(start, label_test{std::move(e), std::move(labels)});
  }
  return e;
}

expression_ptr parser::parse_atom() {
  const token& t = peek();
  source_position at = t.position;
  switch (t.kind) {
    case token_kind::integer: {
      constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
      if (t.integer <= max) {
        auto value = static_cast<std::int64_t>(t.integer);
        advance();
        return make(at, literal{value});
      }
      // -9223372036854775808 only fits once negated: fold it here, straight after the `-`.
      if (t.integer == max + 1 && index_ == negated_index_ && !at_symbol(".", 1) &&
          !at_symbol("[", 1) && !at_symbol(":", 1)) {
        advance();
        min_int_folded_ = true;
        return make(at, literal{std::numeric_limits<std::int64_t>::min()});
      }
      fail(at, fmt::format("integer {} is too large (the largest is 9223372036854775807)", t.text));
    }
    case token_kind::decimal: {
      double value = t.decimal;
      advance();
      return make(at, literal{value});
    }
    case token_kind::string: {
      std::string value = t.value;
      advance();
      return make(at, literal{std::move(value)});
    }
    case token_kind::parameter: {
      std::string name = t.value;
      advance();
      return make(at, parameter{std::move(name)});
    }
    case token_kind::quoted_name:
      if (at_symbol("(", 1)) return parse_call();
      return make(at, variable{take_name().name});
    case token_kind::word:
      if (iequals(t.text, "TRUE") || iequals(t.text, "FALSE")) {
        bool value = iequals(t.text, "TRUE");
        advance();
        return make(at, literal{value});
      }
      if (iequals(t.text, "NULL")) {
        advance();
        return make(at, literal{nullptr});
      }
      if (iequals(t.text, "CASE")) return parse_case();
      if (iequals(t.text, "EXISTS") && at_symbol("{", 1)) return parse_exists_subquery();
      if (is_reserved(t.text)) break;
      if (at_quantifier()) return parse_quantifier();
      if (at_symbol("(", 1)) return parse_call();
      // A function in a namespace: `date.truncate(...)`, `duration.between(...)`.
      if (at_symbol(".", 1) && at_name(2) && at_symbol("(", 3)) return parse_call();
      return make(at, variable{take_name().name});
    case token_kind::symbol:
      if (t.text == "(") {
        if (at_pattern()) return parse_pattern_predicate();
        advance();
        expression_ptr e = parse_expression();
        expect_close(")", '(', at, "an operator or ')'");
        e->position = at;  // the expression's text includes its parentheses
        e->end = prev_end();
        return e;
      }
      if (t.text == "[") {
        advance();
        if (at_pattern_comprehension()) return parse_pattern_comprehension(at);
        // `[x IN ...` is a comprehension, as in openCypher, not a list of one `x IN ...` test.
        if (at_name() && at_word("IN", 1)) return parse_list_comprehension(at);
        list_literal list;
        if (!accept_symbol("]")) {
          do list.items.push_back(parse_expression());
          while (accept_symbol(","));
          expect_close("]", '[', at, "',' or ']'");
        }
        return make(at, std::move(list));
      }
      if (t.text == "{") {
        advance();
        map_literal map;
        if (!accept_symbol("}")) {
          do {
            identifier key = expect_schema_name("a property name");
            expect_symbol(":", "':' after the property name");
            auto value = parse_expression();
            // A key written twice keeps its last value, as in Neo4j.
            auto same = std::find_if(map.entries.begin(), map.entries.end(),
                                     [&](const auto& e) { return e.key.name == key.name; });
            if (same != map.entries.end())
              same->value = std::move(value);
            else
              map.entries.push_back({std::move(key), std::move(value)});
          } while (accept_symbol(","));
          expect_close("}", '{', at, "',' or '}'");
        }
        return make(at, std::move(map));
      }
      break;
    case token_kind::end: break;
  }
  unexpected("an expression");
}

expression_ptr parser::parse_call() {
  function_call call;
  call.name = take_name();
  if (accept_symbol(".")) call.name.name += "." + take_name().name;
  source_position opener = advance().position;
  if (iequals(call.name.name, "shortestPath") || iequals(call.name.name, "allShortestPaths"))
    fail(call.name.position,
         "shortestPath(…) and allShortestPaths(…) are only supported as patterns of MATCH");
  call.distinct = accept_word("DISTINCT");
  if (at_symbol("*")) {
    if (!iequals(call.name.name, "count") || call.distinct)
      fail(peek().position, "'*' is only allowed as count(*)");
    advance();
    call.star = true;
    expect_close(")", '(', opener, "')'");
  } else if (call.distinct || !accept_symbol(")")) {
    do call.arguments.push_back(parse_expression());
    while (accept_symbol(","));
    expect_close(")", '(', opener, "',' or ')'");
  }
  source_position at = call.name.position;
  return make(at, std::move(call));
}

bool parser::at_quantifier() {
  const token& t = peek();
  if (t.kind != token_kind::word || !at_symbol("(", 1) || !at_name(2) || !at_word("IN", 3))
    return false;
  for (auto q :
       {quantifier_kind::all, quantifier_kind::any, quantifier_kind::none, quantifier_kind::single})
    if (iequals(t.text, spelling(q))) return true;
  return false;
}

expression_ptr parser::parse_quantifier() {
  const token& t = advance();
  source_position at = t.position;
  quantifier q;
  for (auto kind :
       {quantifier_kind::all, quantifier_kind::any, quantifier_kind::none, quantifier_kind::single})
    if (iequals(t.text, spelling(kind))) q.kind = kind;
  source_position opener = advance().position;  // (
  q.variable = take_name();
  advance();  // IN
  q.list = parse_expression();
  if (!accept_word("WHERE"))
    unexpected(fmt::format("WHERE and a condition: {}(x IN list WHERE ...)", spelling(q.kind)));
  q.where = parse_expression();
  expect_close(")", '(', opener, "an operator or ')'");
  return make(at, std::move(q));
}

expression_ptr parser::parse_list_comprehension(source_position at) {
  list_comprehension c;
  c.variable = take_name();
  advance();  // IN
  c.list = parse_expression();
  if (accept_word("WHERE")) c.where = parse_expression();
  if (accept_symbol("|")) c.result = parse_expression();
  expect_close("]", '[', at, c.result ? "an operator or ']'" : "WHERE, '|' or ']'");
  return make(at, std::move(c));
}

expression_ptr parser::parse_case() {
  source_position at = advance().position;
  case_expression c;
  if (!at_word("WHEN")) c.subject = parse_expression();
  if (!at_word("WHEN")) unexpected("WHEN");
  while (accept_word("WHEN")) {
    case_alternative alt;
    alt.when = parse_expression();
    expect_word("THEN", "THEN");
    alt.then = parse_expression();
    c.alternatives.push_back(std::move(alt));
  }
  if (accept_word("ELSE")) c.otherwise = parse_expression();
  expect_word("END", c.otherwise ? "END" : "WHEN, ELSE or END");
  return make(at, std::move(c));
}

expression_ptr parser::parse_pattern_predicate() {
  source_position at = peek().position;
  nesting_scope scope(*this, at);
  pattern_predicate p{parse_expression_pattern()};
  return make(at, std::move(p));
}

expression_ptr parser::parse_pattern_comprehension(source_position at) {
  nesting_scope scope(*this, at);
  source_position start = peek().position;
  std::optional<identifier> path;
  if (at_name() && at_symbol("=", 1)) {
    path = take_name();
    advance();  // =
  }
  pattern_comprehension c;
  c.pattern = parse_expression_pattern();
  c.pattern.position = start;
  c.pattern.path_variable = std::move(path);
  if (accept_word("WHERE")) c.where = parse_expression();
  if (!accept_symbol("|"))
    unexpected(c.where ? "an operator or '|' and the result, as in [(a)-->(b) WHERE ... | b.name]"
                       : "WHERE or '|' and the result, as in [(a)-->(b) | b.name]");
  c.result = parse_expression();
  expect_close("]", '[', at, "an operator or ']'");
  return make(at, std::move(c));
}

expression_ptr parser::parse_exists_subquery() {
  source_position at = advance().position;  // EXISTS
  nesting_scope scope(*this, at);
  source_position opener = advance().position;  // {
  exists_subquery q;
  source_position match_at = peek().position;
  bool match_written = accept_word("MATCH");
  bool shortest = false;
  do {
    q.pattern.push_back(parse_pattern_part());
    shortest = shortest || q.pattern.back().function != path_function::none;
  } while (accept_symbol(","));
  if (accept_word("WHERE")) q.where = parse_expression();
  // A shortest path runs as a MATCH clause does (with the run's search options): as the
  // subquery `EXISTS { MATCH shortestPath(...) }`, which prints back the same.
  if (at_symbol("}") && !shortest) {
    advance();
    return make(at, std::move(q));
  }
  // More clauses: a subquery, `EXISTS { MATCH ... WITH ... RETURN ... }`.
  const token& t = peek();
  bool clause_follows = at_symbol("}");
  // (The write clauses too, which parse_subquery refuses by name.)
  for (std::string_view keyword : {"MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CREATE",
                                   "MERGE", "SET", "REMOVE", "DELETE", "DETACH"})
    clause_follows = clause_follows || (t.kind == token_kind::word && iequals(t.text, keyword));
  if (!clause_follows) refuse_unsupported();
  if (t.kind == token_kind::word && iequals(t.text, "UNION"))
    fail(t.position, "EXISTS { … } holds one query: UNION is not allowed inside it");
  if (!clause_follows)
    expect_close("}", '{', opener,
                 q.where ? "an operator, a clause or '}'" : "',', WHERE, a clause or '}'");
  if (!match_written && !at_symbol("}"))
    fail(
        t.position,
        "EXISTS { … } with clauses starts with MATCH: write EXISTS { MATCH (a)-->(b) … RETURN … }");
  q.body = parse_subquery(match_clause{false, std::move(q.pattern), std::move(q.where)}, match_at);
  q.pattern.clear();
  q.where.reset();
  const auto* last = q.body->clauses.back().get_if<return_clause>();
  expect_close("}", '{', opener,
               last ? after_projection(last->body, {}, "'}'")
                    : "a clause such as MATCH, UNWIND, WITH or RETURN, or '}'");
  // The clauses are no children (for_each_child), but whoever walks the tree walks them too:
  // their expressions count towards its height.
  std::size_t height = 1;
  for (const auto& c : q.body->clauses)
    for_each_expression(c, [&](const expression& e) {
      auto found = heights_.find(&e);
      height = std::max(height, (found == heights_.end() ? std::size_t{1} : found->second) + 1);
    });
  auto e = make(at, std::move(q));
  if (height > max_height)
    fail(tokens_[index_ - 1].position,
         fmt::format("expression nested too deeply (more than {} operators deep)", max_height));
  heights_[e.get()] = std::max(heights_[e.get()], height);
  return e;
}

}  // namespace entente::cypher::detail

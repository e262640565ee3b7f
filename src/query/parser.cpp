// The parser of the openCypher subset, clause by clause and pattern by pattern, and what it
// says when the text goes wrong; expressions are parsed in expression_parser.cpp.

#include <entente/query/parser.hpp>

#include "query/cypher_parser.hpp"
#include "query/lexer.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente::cypher {
namespace detail {
namespace {

/// Clauses in one query: each becomes a stage that hands its rows to the next by a call, so the
/// stages run as deep in the stack as the query is long.
constexpr std::size_t max_clauses = 1000;
/// Node patterns in one MATCH (a relationship comes with the node it leads to): the matcher
/// recurses once per step of its patterns.
constexpr std::size_t max_pattern_nodes = 1000;

/// Clauses that would change the graph (or run procedures): entente queries only read.
constexpr std::string_view write_keywords[] = {"CREATE", "MERGE", "DELETE",  "DETACH", "SET",
                                               "REMOVE", "CALL",  "FOREACH", "LOAD",   "DROP"};

std::string upper(std::string_view word) {
  std::string out(word);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

/// "a", "a or b", "a, b or c".
std::string one_of(const std::vector<std::string_view>& options) {
  std::string out;
  for (std::size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out += i + 1 == options.size() ? " or " : ", ";
    out += options[i];
  }
  return out;
}

}  // namespace

query parser::parse_query() {
  query q;
  q.text = std::string(text_);
  if (peek().kind == token_kind::end) unexpected("a clause such as MATCH or RETURN");
  std::string expected = "MATCH, OPTIONAL MATCH, UNWIND, WITH or RETURN";
  for (;;) {
    if (peek().kind == token_kind::end) unexpected("RETURN or another clause");
    refuse_writes();
    if (q.clauses.size() == max_clauses)
      fail(peek().position, fmt::format("a query has at most {} clauses", max_clauses));
    q.clauses.push_back(parse_clause(expected));
    if (const auto* r = q.clauses.back().get_if<return_clause>()) {
      expected = after_projection(r->body, {}, "the end of the query");
      break;
    }
    expected = after_clause(q.clauses.back());
  }
  if (accept_symbol(";")) expected = "the end of the query";  // as cypher-shell ends queries
  if (peek().kind != token_kind::end) {
    refuse_writes();
    unexpected(expected);
  }
  return q;
}

void parser::expect_close(std::string_view symbol, char open, source_position opener,
                          std::string_view expected) {
  if (accept_symbol(symbol)) return;
  std::string where = opener.line == peek().position.line
                          ? fmt::format("column {}", opener.column)
                          : fmt::format("line {}, column {}", opener.line, opener.column);
  unexpected(fmt::format("{} to close the '{}' at {}", expected, open, where));
}

void parser::unexpected(std::string_view expected) {
  const token& t = peek();
  std::string message = "unexpected " + describe(t);
  std::string before = context_before(text_, t.position.offset);
  if (!before.empty()) message += " after '" + before + "'";
  message += " — expected ";
  message += expected;
  fail(t.position, message);
}

void parser::refuse_writes() {
  const token& t = peek();
  if (t.kind != token_kind::word) return;
  if (iequals(t.text, "UNION"))
    fail(t.position, "UNION is not supported: run the queries one by one");
  for (std::string_view keyword : write_keywords) {
    if (!iequals(t.text, keyword)) continue;
    std::string name = upper(t.text);
    if (name == "DETACH" && at_word("DELETE", 1)) name = "DETACH DELETE";
    if (name == "LOAD" && at_word("CSV", 1)) name = "LOAD CSV";
    fail(t.position, "entente queries are read-only: " + name + " is not supported");
  }
}

clause parser::parse_clause(const std::string& expected) {
  source_position at = peek().position;
  if (accept_word("MATCH")) return {at, parse_match(false)};
  if (accept_word("OPTIONAL")) {
    expect_word("MATCH", "MATCH");
    return {at, parse_match(true)};
  }
  if (accept_word("UNWIND")) return {at, parse_unwind()};
  if (accept_word("WITH")) return {at, parse_with()};
  if (accept_word("RETURN")) return {at, return_clause{parse_projection()}};
  unexpected(expected);
}

std::string parser::after_clause(const clause& c) {
  constexpr std::string_view next = "a clause such as MATCH, WITH or RETURN";
  if (const auto* m = c.get_if<match_clause>()) {
    return m->where ? std::string(next) : one_of({"','", "WHERE", next});
  }
  if (const auto* w = c.get_if<with_clause>()) {
    return after_projection(w->body, w->where ? "" : "WHERE", next);
  }
  return std::string(next);
}

std::string parser::after_projection(const projection& p, std::string_view where,
                                     std::string_view rest) {
  std::vector<std::string_view> options;
  bool paged = p.skip || p.limit;
  if (!paged) options.emplace_back("','");
  if (p.order_by.empty() && !paged) {
    if (!p.items.empty() && !p.items.back().alias) options.emplace_back("AS");
    options.emplace_back("ORDER BY");
  }
  if (!paged) options.emplace_back("SKIP");
  if (!p.limit) options.emplace_back("LIMIT");
  if (!where.empty()) options.push_back(where);
  options.push_back(rest);
  return one_of(options);
}

match_clause parser::parse_match(bool optional) {
  match_clause m;
  m.optional = optional;
  pattern_nodes_ = 0;
  do m.pattern.push_back(parse_pattern_part());
  while (accept_symbol(","));
  if (accept_word("WHERE")) m.where = parse_expression();
  return m;
}

unwind_clause parser::parse_unwind() {
  unwind_clause u;
  u.list = parse_expression();
  expect_word("AS", "AS");
  u.alias = expect_name("a variable name after AS");
  return u;
}

with_clause parser::parse_with() {
  with_clause w;
  w.body = parse_projection_items();
  if (accept_word("WHERE")) {
    w.where = parse_expression();
    w.where_before_order = true;
  }
  parse_order_skip_limit(w.body);
  if (w.body.order_by.empty() && !w.body.skip && !w.body.limit) w.where_before_order = false;
  if (at_word("WHERE")) {
    if (w.where) fail(peek().position, "WITH has two WHERE conditions: combine them with AND");
    advance();
    w.where = parse_expression();
  }
  return w;
}

projection parser::parse_projection() {
  projection p = parse_projection_items();
  parse_order_skip_limit(p);
  return p;
}

projection parser::parse_projection_items() {
  projection p;
  p.distinct = accept_word("DISTINCT");
  if (accept_symbol("*")) {
    p.star = true;
    if (!accept_symbol(",")) return p;
  } else if (!starts_expression()) {
    unexpected(p.distinct ? "an expression or '*'" : "DISTINCT, '*' or an expression");
  }
  do {
    std::size_t start = peek().position.offset;
    projection_item item;
    item.value = parse_expression();
    item.text = std::string(text_.substr(start, prev_end() - start));
    if (accept_word("AS")) item.alias = expect_name("a name after AS");
    p.items.push_back(std::move(item));
  } while (accept_symbol(","));
  return p;
}

void parser::parse_order_skip_limit(projection& p) {
  if (accept_word("ORDER")) {
    expect_word("BY", "BY");
    do {
      sort_item s;
      s.key = parse_expression();
      if (accept_word("DESC") || accept_word("DESCENDING")) {
        s.descending = true;
      } else if (!accept_word("ASC")) {
        accept_word("ASCENDING");
      }
      p.order_by.push_back(std::move(s));
    } while (accept_symbol(","));
  }
  if (accept_word("SKIP")) p.skip = parse_expression();
  if (accept_word("LIMIT")) p.limit = parse_expression();
}

pattern_part parser::parse_pattern_part() {
  pattern_part part;
  part.position = peek().position;
  if (at_name() && at_symbol("=", 1)) {
    part.path_variable = take_name();
    advance();
  }
  if (peek().kind == token_kind::word && at_symbol("(", 1)) {
    if (iequals(peek().text, "shortestPath")) part.function = path_function::shortest_path;
    if (iequals(peek().text, "allShortestPaths")) part.function = path_function::all_shortest_paths;
  }
  if (part.function == path_function::none) {
    parse_chain(part, part.path_variable
                          ? "a pattern such as (a)-->(b), shortestPath(…) or allShortestPaths(…)"
                          : "a pattern such as (a)-->(b)");
    return part;
  }
  advance();
  source_position opener = advance().position;
  parse_chain(part, "a pattern such as (a)-[*]-(b)");
  expect_close(")", '(', opener, "a relationship or ')'");
  return part;
}

void parser::parse_chain(pattern_part& part, std::string_view expected) {
  count_pattern_node();
  part.start = parse_node(expected);
  while (at_symbol("-") || at_symbol("<")) {
    count_pattern_node();
    pattern_step step;
    step.relationship = parse_relationship();
    step.node = parse_node("a node pattern such as (b)");
    part.steps.push_back(std::move(step));
  }
}

void parser::count_pattern_node() {
  if (++pattern_nodes_ > max_pattern_nodes)
    fail(peek().position,
         fmt::format("the patterns of one MATCH have at most {} nodes", max_pattern_nodes));
}

node_pattern parser::parse_node(std::string_view expected) {
  node_pattern n;
  n.position = peek().position;
  if (!accept_symbol("(")) unexpected(expected);
  if (at_name()) n.variable = take_name();
  while (accept_symbol(":")) n.labels.push_back(expect_schema_name("a label after ':'"));
  if (at_symbol("{") || peek().kind == token_kind::parameter) n.properties = parse_atom();
  if (!accept_symbol(")")) {
    if (n.properties) unexpected("')'");
    unexpected(n.variable || !n.labels.empty() ? "a label, a property map or ')'"
                                               : "a variable, a label, a property map or ')'");
  }
  return n;
}

relationship_pattern parser::parse_relationship() {
  relationship_pattern r;
  r.position = peek().position;
  bool left = accept_symbol("<");
  expect_symbol("-", "'-'");
  if (accept_symbol("[")) {
    parse_relationship_detail(r);
    expect_symbol("-", "'-'");
  } else if (!accept_symbol("-")) {
    unexpected("'[' or '-'");
  }
  bool right = accept_symbol(">");
  r.direction = left == right ? relationship_direction::either
                : left        ? relationship_direction::incoming
                              : relationship_direction::outgoing;
  return r;
}

void parser::parse_relationship_detail(relationship_pattern& r) {
  if (at_name()) r.variable = take_name();
  if (accept_symbol(":")) {
    r.types.push_back(expect_schema_name("a relationship type after ':'"));
    while (accept_symbol("|")) {
      accept_symbol(":");  // openCypher also allows `:a|:b`
      r.types.push_back(expect_schema_name("a relationship type after '|'"));
    }
  }
  if (at_symbol("*")) r.hops = parse_hops();
  if (at_symbol("{") || peek().kind == token_kind::parameter) r.properties = parse_atom();
  if (accept_symbol("]")) return;
  std::vector<std::string_view> options;
  if (!r.properties) {
    if (!r.variable && r.types.empty() && !r.hops) options.emplace_back("a variable");
    if (r.types.empty() && !r.hops) options.emplace_back("':' and a type");
    if (!r.types.empty() && !r.hops) options.emplace_back("'|'");
    if (!r.hops) options.emplace_back("'*'");
    options.emplace_back("a property map");
  }
  options.emplace_back("']'");
  unexpected(one_of(options));
}

hop_range parser::parse_hops() {
  source_position star = advance().position;
  hop_range h;
  if (peek().kind == token_kind::integer) h.min = advance().integer;
  if (accept_symbol("..")) {
    if (peek().kind == token_kind::integer) h.max = advance().integer;
  } else {
    h.max = h.min;
  }
  if (h.min && h.max && *h.min > *h.max)
    fail(star, fmt::format("invalid hop range *{}..{}: the minimum is greater than the maximum",
                           *h.min, *h.max));
  return h;
}

}  // namespace detail

query parse(std::string_view text) { return detail::parser(text).parse_query(); }

}  // namespace entente::cypher

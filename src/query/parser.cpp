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

/// Clauses of openCypher (and of its extensions) that entente does not run.
constexpr std::string_view unsupported_keywords[] = {"CALL", "FOREACH", "LOAD", "DROP"};

bool is_reading(const clause& c) {
  return c.get_if<match_clause>() != nullptr || c.get_if<unwind_clause>() != nullptr;
}

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
  std::string expected = parse_single_query(q.clauses);
  while (at_word("UNION")) {
    union_part part;
    part.position = advance().position;
    part.all = accept_word("ALL");
    if (!q.unions.empty() && part.all != q.unions.front().all)
      fail(part.position, "a query joins its parts with UNION or with UNION ALL, not both");
    if (q.unions.size() == max_clauses)
      fail(part.position, fmt::format("a query has at most {} UNIONs", max_clauses));
    expected = parse_single_query(part.clauses);
    if (!part.clauses.back().get_if<return_clause>())
      fail(part.position, "the query after UNION must end with RETURN, as the one before does");
    q.unions.push_back(std::move(part));
  }
  if (accept_symbol(";")) expected = "the end of the query";  // as cypher-shell ends queries
  if (peek().kind != token_kind::end) {
    refuse_unsupported();
    unexpected(expected);
  }
  return q;
}

std::string parser::parse_single_query(std::vector<clause>& clauses) {
  if (peek().kind == token_kind::end) unexpected("a clause such as MATCH, CREATE or RETURN");
  std::string expected = "MATCH, OPTIONAL MATCH, UNWIND, CREATE, MERGE, WITH or RETURN";
  // The last clause that writes since the last WITH (an index: the vector grows).
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t last_write = none;
  for (;;) {
    if (last_write != none && at_symbol(";")) break;
    if (peek().kind == token_kind::end) {
      if (last_write != none) break;  // a query may end with the clauses that change the graph
      unexpected("RETURN or another clause");
    }
    if (at_word("UNION"))
      fail(peek().position, "UNION must follow a RETURN: each query it joins ends with RETURN");
    refuse_unsupported();
    if (clauses_ == max_clauses)
      fail(peek().position, fmt::format("a query has at most {} clauses", max_clauses));
    clauses.push_back(parse_clause(expected));
    const clause& c = clauses.back();
    if (last_write != none && is_reading(c))
      fail(c.position, fmt::format("WITH is required between {} and {}",
                                   clauses[last_write].keyword(), c.keyword()));
    if (c.writes()) last_write = clauses.size() - 1;
    if (c.get_if<with_clause>()) last_write = none;
    if (const auto* r = c.get_if<return_clause>())
      return after_projection(r->body, "UNION", "the end of the query");
    expected = after_clause(c);
    if (last_write != none) expected += " or the end of the query";
  }
  return expected;
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

void parser::refuse_unsupported() {
  const token& t = peek();
  if (t.kind != token_kind::word) return;
  for (std::string_view keyword : unsupported_keywords) {
    if (!iequals(t.text, keyword)) continue;
    std::string name = upper(t.text);
    if (name == "LOAD" && at_word("CSV", 1)) name = "LOAD CSV";
    fail(t.position, name + " is not supported");
  }
}

clause parser::parse_clause(const std::string& expected) {
  source_position at = peek().position;
  pattern_nodes_ = 0;  // patterns inside the clause's expressions count too
  ++clauses_;
  if (accept_word("MATCH")) return {at, parse_match(false)};
  if (accept_word("OPTIONAL")) {
    expect_word("MATCH", "MATCH");
    return {at, parse_match(true)};
  }
  if (accept_word("UNWIND")) return {at, parse_unwind()};
  if (accept_word("WITH")) return {at, parse_with()};
  if (accept_word("RETURN")) return {at, return_clause{parse_projection()}};
  if (accept_word("CREATE")) return {at, parse_create()};
  if (accept_word("MERGE")) return {at, parse_merge()};
  if (accept_word("SET")) return {at, set_clause{parse_set_items()}};
  if (accept_word("REMOVE")) return {at, parse_remove()};
  if (at_word("DELETE") || at_word("DETACH")) return {at, parse_delete()};
  unexpected(expected);
}

std::shared_ptr<const subquery> parser::parse_subquery(match_clause first, source_position at) {
  if (clauses_++ == max_clauses)
    fail(at, fmt::format("a query has at most {} clauses", max_clauses));
  auto body = std::make_shared<subquery>();
  body->clauses.push_back({at, std::move(first)});
  // The subquery runs inside the clause around it: its patterns count with that clause's.
  std::size_t nodes = pattern_nodes_;
  for (;;) {
    const token& t = peek();
    if (t.kind == token_kind::symbol && t.text == "}") break;
    refuse_unsupported();
    if (t.kind == token_kind::word && iequals(t.text, "UNION"))
      fail(t.position, "EXISTS { … } holds one query: UNION is not allowed inside it");
    if (t.kind == token_kind::word)
      for (std::string_view writing : {"CREATE", "MERGE", "SET", "REMOVE", "DELETE", "DETACH"})
        if (iequals(t.text, writing))
          fail(t.position, fmt::format("EXISTS {{ … }} only reads: {} is not allowed inside it",
                                       upper(t.text)));
    if (clauses_ == max_clauses)
      fail(t.position, fmt::format("a query has at most {} clauses", max_clauses));
    body->clauses.push_back(parse_clause("a clause such as MATCH, UNWIND, WITH or RETURN, or '}'"));
    nodes += pattern_nodes_;
    if (nodes > max_pattern_nodes)
      fail(body->clauses.back().position,
           fmt::format("the patterns of one clause have at most {} nodes", max_pattern_nodes));
    if (body->clauses.back().get_if<return_clause>()) break;
  }
  pattern_nodes_ = nodes;
  return body;
}

std::string parser::after_clause(const clause& c) {
  constexpr std::string_view next = "a clause such as MATCH, CREATE, WITH or RETURN";
  if (const auto* m = c.get_if<match_clause>()) {
    return m->where ? std::string(next) : one_of({"','", "WHERE", next});
  }
  if (const auto* w = c.get_if<with_clause>()) {
    return after_projection(w->body, w->where ? "" : "WHERE", next);
  }
  if (c.get_if<create_clause>() || c.get_if<set_clause>() || c.get_if<remove_clause>() ||
      c.get_if<delete_clause>())
    return one_of({"','", "a clause such as CREATE, SET, WITH or RETURN"});
  if (c.get_if<merge_clause>())
    return one_of(
        {"ON CREATE SET", "ON MATCH SET", "a clause such as CREATE, SET, WITH or RETURN"});
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

create_clause parser::parse_create() {
  create_clause c;
  pattern_nodes_ = 0;
  do {
    c.pattern.push_back(parse_pattern_part());
    check_writable(c.pattern.back(), "CREATE");
  } while (accept_symbol(","));
  return c;
}

merge_clause parser::parse_merge() {
  merge_clause m;
  pattern_nodes_ = 0;
  m.pattern = parse_pattern_part();
  check_writable(m.pattern, "MERGE");
  while (accept_word("ON")) {
    bool on_create = accept_word("CREATE");
    if (!on_create && !accept_word("MATCH")) unexpected("CREATE or MATCH after ON");
    expect_word("SET", "SET");
    auto items = parse_set_items();
    auto& into = on_create ? m.on_create : m.on_match;
    for (auto& item : items) into.push_back(std::move(item));
  }
  return m;
}

void parser::check_writable(const pattern_part& part, std::string_view clause) {
  if (part.function != path_function::none)
    fail(part.position, fmt::format("{} cannot make a shortest path", clause));
  for (const auto& step : part.steps) {
    const relationship_pattern& r = step.relationship;
    if (r.hops)
      fail(r.position, fmt::format("{} cannot make a variable-length relationship", clause));
    if (r.types.size() != 1)
      fail(r.position,
           fmt::format("{} needs exactly one type for each relationship, as in -[:supports]->",
                       clause));
    if (clause == "CREATE" && r.direction == relationship_direction::either)
      fail(r.position, "CREATE needs a direction for each relationship: -[...]-> or <-[...]-");
  }
}

std::vector<set_item> parser::parse_set_items() {
  std::vector<set_item> items;
  do {
    set_item item;
    item.target = parse_write_target("a variable or property to set");
    if (item.target->get_if<property_access>()) {
      expect_symbol("=", "'=' after the property");
    } else if (at_symbol(":")) {
      item.operation = set_operation::labels;
      while (accept_symbol(":")) item.labels.push_back(expect_schema_name("a label after ':'"));
      items.push_back(std::move(item));
      continue;
    } else if (accept_symbol("=")) {
      item.operation = set_operation::replace_all;
    } else if (accept_symbol("+=")) {
      item.operation = set_operation::add_all;
    } else {
      unexpected("'.', ':', '=' or '+='");
    }
    item.value = parse_expression();
    items.push_back(std::move(item));
  } while (accept_symbol(","));
  return items;
}

remove_clause parser::parse_remove() {
  remove_clause r;
  do {
    remove_item item;
    item.target = parse_write_target("a variable or property to remove");
    if (!item.target->get_if<property_access>()) {
      if (!at_symbol(":")) unexpected("'.' or ':' after the variable");
      while (accept_symbol(":")) item.labels.push_back(expect_schema_name("a label after ':'"));
    }
    r.items.push_back(std::move(item));
  } while (accept_symbol(","));
  return r;
}

delete_clause parser::parse_delete() {
  delete_clause d;
  if (accept_word("DETACH")) {
    d.detach = true;
    expect_word("DELETE", "DELETE after DETACH");
  } else {
    advance();  // DELETE
  }
  do {
    if (!starts_expression()) unexpected("an entity, relation or path to delete");
    d.targets.push_back(parse_expression());
  } while (accept_symbol(","));
  return d;
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
         fmt::format("the patterns of one clause have at most {} nodes", max_pattern_nodes));
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
  advance();  // *
  hop_range h;
  if (peek().kind == token_kind::integer) h.min = advance().integer;
  if (accept_symbol("..")) {
    if (peek().kind == token_kind::integer) h.max = advance().integer;
  } else {
    h.max = h.min;
  }
  // A range whose minimum exceeds its maximum (`*2..1`, `*..0`) matches nothing, as openCypher
  // says; it is not an error.
  return h;
}

}  // namespace detail

query parse(std::string_view text) { return detail::parser(text).parse_query(); }

}  // namespace entente::cypher

// The parser's look ahead for patterns inside expressions: a parenthesis or bracket may open a
// pattern predicate `(a)-->(b)` or a pattern comprehension `[(a)-->(b) | b.name]` as well as an
// ordinary expression, so these rules scan the tokens ahead, without reading them, to tell
// which; and the chain of such a pattern. The nodes they make are built in expression_parser.cpp.

#include "query/cypher_parser.hpp"

#include <cstddef>
#include <utility>

namespace entente::cypher::detail {

std::size_t parser::group_end(std::size_t k) {
  std::size_t depth = 0;
  for (std::size_t i = k;; ++i) {
    const token& t = peek(i);
    if (t.kind == token_kind::end) return npos;
    if (t.kind != token_kind::symbol) continue;
    if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
    if (t.text == ")" || t.text == "]" || t.text == "}") {
      if (depth == 0) return npos;
      if (--depth == 0) return i + 1;
    }
  }
}

std::size_t parser::node_pattern_end(std::size_t k) {
  // Only what a node pattern may hold: `(name:Label:Label {map})`. `(a + b)` is an expression.
  if (!at_symbol("(", k)) return npos;
  std::size_t i = k + 1;
  if (at_name(i)) ++i;
  while (at_symbol(":", i)) {
    auto kind = peek(i + 1).kind;
    if (kind != token_kind::word && kind != token_kind::quoted_name) return npos;
    i += 2;
  }
  if (at_symbol("{", i)) {
    i = group_end(i);
    if (i == npos) return npos;
  } else if (peek(i).kind == token_kind::parameter) {
    ++i;
  }
  return at_symbol(")", i) ? i + 1 : npos;
}

bool parser::at_relationship(std::size_t k) {
  std::size_t i = at_symbol("<", k) ? k + 1 : k;
  if (!at_symbol("-", i)) return false;
  if (at_symbol("[", i + 1)) return true;
  // `--` must lead on to a node or an arrow: `(a)--1` is a subtraction.
  return at_symbol("-", i + 1) && (at_symbol("(", i + 2) || at_symbol(">", i + 2));
}

bool parser::at_pattern(std::size_t k) {
  std::size_t after = node_pattern_end(k);
  return after != npos && at_relationship(after);
}

std::size_t parser::pattern_end(std::size_t k) {
  std::size_t i = node_pattern_end(k);
  if (i == npos || !at_relationship(i)) return npos;
  while (at_relationship(i)) {
    if (at_symbol("<", i)) ++i;
    ++i;  // -
    if (at_symbol("[", i)) {
      i = group_end(i);
      if (i == npos || !at_symbol("-", i)) return npos;
    }
    ++i;  // the second -
    if (at_symbol(">", i)) ++i;
    if (!at_symbol("(", i)) return npos;
    i = group_end(i);
    if (i == npos) return npos;
  }
  return i;
}

bool parser::at_pattern_comprehension() {
  std::size_t k = at_name() && at_symbol("=", 1) ? 2 : 0;
  std::size_t end = pattern_end(k);
  // `[(a)-->(b)]` is a list holding a pattern predicate; a comprehension goes on to WHERE or |.
  return end != npos && (at_word("WHERE", end) || at_symbol("|", end));
}

pattern_part parser::parse_expression_pattern() {
  pattern_part part;
  part.position = peek().position;
  count_pattern_node();
  part.start = parse_node("a node pattern such as (a)");
  do {
    count_pattern_node();
    pattern_step step;
    step.relationship = parse_relationship();
    step.node = parse_node("a node pattern such as (b)");
    part.steps.push_back(std::move(step));
  } while (at_relationship(0));
  return part;
}

}  // namespace entente::cypher::detail

#include <entente/query/parser.hpp>

#include "query/lexer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace entente::cypher {
namespace {

using detail::iequals;
using detail::token;
using detail::token_kind;

/// Parentheses, brackets and prefix operators inside one another: bounds the parser's recursion.
constexpr std::size_t max_nesting = 100;
/// Operators applied to the results of operators: bounds the recursion of whoever walks the tree
/// (a flat chain `1 + 1 + ... + 1` nests as deeply as it is long).
constexpr std::size_t max_height = 1000;

/// Words that name no variable or function unless backquoted (openCypher's reserved words that
/// this subset gives a meaning, and the write clauses).
constexpr std::string_view reserved_words[] = {
    "AND",      "AS",   "ASC",        "ASCENDING", "BY",       "CASE",  "CONTAINS", "CREATE",
    "DELETE",   "DESC", "DESCENDING", "DETACH",    "DISTINCT", "ELSE",  "END",      "ENDS",
    "FALSE",    "IN",   "IS",         "LIMIT",     "MATCH",    "MERGE", "NOT",      "NULL",
    "OPTIONAL", "OR",   "ORDER",      "REMOVE",    "RETURN",   "SET",   "SKIP",     "STARTS",
    "THEN",     "TRUE", "UNION",      "UNWIND",    "WHEN",     "WHERE", "WITH",     "XOR"};

/// Clauses that would change the graph (or run procedures): entente queries only read.
constexpr std::string_view write_keywords[] = {"CREATE", "MERGE", "DELETE",  "DETACH", "SET",
                                               "REMOVE", "CALL",  "FOREACH", "LOAD",   "DROP"};

bool is_reserved(std::string_view word) {
  return std::any_of(std::begin(reserved_words), std::end(reserved_words),
                     [&](std::string_view r) { return iequals(word, r); });
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

/// Binding strength of operators, loosest first; NOT and unary +/- are prefix operators.
enum precedence : int {
  p_or = 1,
  p_xor,
  p_and,
  p_not,
  p_comparison,
  p_predicate,  // IN, STARTS WITH, ENDS WITH, CONTAINS, IS [NOT] NULL
  p_additive,
  p_multiplicative,
  p_power,
  p_unary
};

/// An infix or postfix operator found after an operand.
struct operator_info {
  int precedence = 0;
  bool is_postfix = false;  // IS [NOT] NULL: no right operand
  binary_operator op = binary_operator::equal;
};

class parser {
 public:
  explicit parser(std::string_view text) : text_(text), lexer_(text) {}

  query parse_query() {
    query q;
    q.text = std::string(text_);
    if (peek().kind == token_kind::end) unexpected("a clause such as MATCH or RETURN");
    std::string expected = "MATCH, OPTIONAL MATCH, UNWIND, WITH or RETURN";
    for (;;) {
      if (peek().kind == token_kind::end) unexpected("RETURN or another clause");
      refuse_writes();
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

 private:
  // ---- tokens ----------------------------------------------------------------------------

  /// The token `k` places ahead; lexed on demand so errors come in source order. A deque keeps
  /// references to earlier tokens valid as more are lexed.
  const token& peek(std::size_t k = 0) {
    while (tokens_.size() <= index_ + k) {
      if (!tokens_.empty() && tokens_.back().kind == token_kind::end) return tokens_.back();
      tokens_.push_back(lexer_.next());
    }
    return tokens_[index_ + k];
  }
  const token& advance() {
    const token& t = peek();
    if (t.kind != token_kind::end) ++index_;
    return t;
  }
  [[nodiscard]] std::size_t prev_end() const { return index_ == 0 ? 0 : tokens_[index_ - 1].end; }

  bool at_word(std::string_view keyword, std::size_t k = 0) {
    const token& t = peek(k);
    return t.kind == token_kind::word && iequals(t.text, keyword);
  }
  bool at_symbol(std::string_view symbol, std::size_t k = 0) {
    const token& t = peek(k);
    return t.kind == token_kind::symbol && t.text == symbol;
  }
  bool accept_word(std::string_view keyword) {
    if (!at_word(keyword)) return false;
    advance();
    return true;
  }
  bool accept_symbol(std::string_view symbol) {
    if (!at_symbol(symbol)) return false;
    advance();
    return true;
  }
  void expect_word(std::string_view keyword, std::string_view expected) {
    if (!accept_word(keyword)) unexpected(expected);
  }
  void expect_symbol(std::string_view symbol, std::string_view expected) {
    if (!accept_symbol(symbol)) unexpected(expected);
  }
  /// Expects the bracket closing `open`, written at `opener`; the message says which one.
  void expect_close(std::string_view symbol, char open, source_position opener,
                    std::string_view expected) {
    if (accept_symbol(symbol)) return;
    std::string where = opener.line == peek().position.line
                            ? fmt::format("column {}", opener.column)
                            : fmt::format("line {}, column {}", opener.line, opener.column);
    unexpected(fmt::format("{} to close the '{}' at {}", expected, open, where));
  }

  /// A variable name here: a backquoted name or an unreserved word.
  bool at_name(std::size_t k = 0) {
    const token& t = peek(k);
    return t.kind == token_kind::quoted_name ||
           (t.kind == token_kind::word && !is_reserved(t.text));
  }
  identifier take_name() {
    const token& t = advance();
    return {t.kind == token_kind::quoted_name ? t.value : std::string(t.text), t.position};
  }
  identifier expect_name(std::string_view expected) {
    if (!at_name()) unexpected(expected);
    return take_name();
  }
  /// A label, type or property key: reserved words are fine there (`a.end`, `:Match`).
  identifier expect_schema_name(std::string_view expected) {
    const token& t = peek();
    if (t.kind != token_kind::word && t.kind != token_kind::quoted_name) unexpected(expected);
    return take_name();
  }

  // ---- errors ----------------------------------------------------------------------------

  [[noreturn]] void fail(source_position at, const std::string& message) {
    throw syntax_error(text_, at, message);
  }
  /// "unexpected ')' after 'MATCH (a:State' — expected ...", at the current token.
  [[noreturn]] void unexpected(std::string_view expected) {
    const token& t = peek();
    std::string message = "unexpected " + detail::describe(t);
    std::string before = detail::context_before(text_, t.position.offset);
    if (!before.empty()) message += " after '" + before + "'";
    message += " — expected ";
    message += expected;
    fail(t.position, message);
  }
  /// Write clauses and UNION get their own message rather than "unexpected".
  void refuse_writes() {
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

  // ---- clauses ---------------------------------------------------------------------------

  clause parse_clause(const std::string& expected) {
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

  /// What may follow a clause other than RETURN, for "expected ..." messages.
  static std::string after_clause(const clause& c) {
    constexpr std::string_view next = "a clause such as MATCH, WITH or RETURN";
    if (const auto* m = c.get_if<match_clause>()) {
      return m->where ? std::string(next) : one_of({"','", "WHERE", next});
    }
    if (const auto* w = c.get_if<with_clause>()) {
      return after_projection(w->body, w->where ? "" : "WHERE", next);
    }
    return std::string(next);
  }

  /// What may follow a projection: more items, an alias, ORDER BY, SKIP, LIMIT, then `rest`.
  static std::string after_projection(const projection& p, std::string_view where,
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

  match_clause parse_match(bool optional) {
    match_clause m;
    m.optional = optional;
    do m.pattern.push_back(parse_pattern_part());
    while (accept_symbol(","));
    if (accept_word("WHERE")) m.where = parse_expression();
    return m;
  }

  unwind_clause parse_unwind() {
    unwind_clause u;
    u.list = parse_expression();
    expect_word("AS", "AS");
    u.alias = expect_name("a variable name after AS");
    return u;
  }

  with_clause parse_with() {
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

  projection parse_projection() {
    projection p = parse_projection_items();
    parse_order_skip_limit(p);
    return p;
  }

  /// `[DISTINCT] * | [DISTINCT] [*,] expr [AS name], ...`.
  projection parse_projection_items() {
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

  void parse_order_skip_limit(projection& p) {
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

  // ---- patterns --------------------------------------------------------------------------

  pattern_part parse_pattern_part() {
    pattern_part part;
    part.position = peek().position;
    if (at_name() && at_symbol("=", 1)) {
      part.path_variable = take_name();
      advance();
    }
    if (peek().kind == token_kind::word && at_symbol("(", 1)) {
      if (iequals(peek().text, "shortestPath")) part.function = path_function::shortest_path;
      if (iequals(peek().text, "allShortestPaths"))
        part.function = path_function::all_shortest_paths;
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

  void parse_chain(pattern_part& part, std::string_view expected) {
    part.start = parse_node(expected);
    while (at_symbol("-") || at_symbol("<")) {
      pattern_step step;
      step.relationship = parse_relationship();
      step.node = parse_node("a node pattern such as (b)");
      part.steps.push_back(std::move(step));
    }
  }

  node_pattern parse_node(std::string_view expected) {
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

  relationship_pattern parse_relationship() {
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

  /// Inside `[...]`, after the `[`.
  void parse_relationship_detail(relationship_pattern& r) {
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

  /// `*`, `*n`, `*n..`, `*..m`, `*n..m`.
  hop_range parse_hops() {
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

  // ---- expressions -----------------------------------------------------------------------

  /// Counts one level of nesting for as long as it lives.
  class nesting_scope {
   public:
    nesting_scope(parser& p, source_position at) : parser_(p) {
      if (++parser_.nesting_ > max_nesting)
        parser_.fail(
            at, fmt::format("expression nested too deeply (more than {} levels)", max_nesting));
    }
    ~nesting_scope() { --parser_.nesting_; }
    nesting_scope(const nesting_scope&) = delete;
    nesting_scope& operator=(const nesting_scope&) = delete;

   private:
    parser& parser_;
  };

  /// A new node ending at the last token read; refuses trees deeper than `max_height`.
  template <class Node>
  expression_ptr make(source_position at, Node node) {
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

  bool starts_expression() {
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

  expression_ptr parse_expression() {
    nesting_scope scope(*this, peek().position);
    return parse_binary(0);
  }

  std::optional<operator_info> peek_operator() {
    const token& t = peek();
    using enum binary_operator;
    if (t.kind == token_kind::symbol) {
      struct entry {
        std::string_view text;
        int precedence;
        binary_operator op;
      };
      static constexpr entry symbols[] = {{"=", p_comparison, equal},
                                          {"<>", p_comparison, not_equal},
                                          {"<", p_comparison, less},
                                          {"<=", p_comparison, less_equal},
                                          {">", p_comparison, greater},
                                          {">=", p_comparison, greater_equal},
                                          {"+", p_additive, add},
                                          {"-", p_additive, subtract},
                                          {"*", p_multiplicative, multiply},
                                          {"/", p_multiplicative, divide},
                                          {"%", p_multiplicative, modulo},
                                          {"^", p_power, power}};
      for (const auto& s : symbols)
        if (t.text == s.text) return operator_info{s.precedence, false, s.op};
      return std::nullopt;
    }
    if (t.kind != token_kind::word) return std::nullopt;
    struct entry {
      std::string_view word;
      int precedence;
      binary_operator op;
    };
    static constexpr entry words[] = {{"OR", p_or, logical_or},
                                      {"XOR", p_xor, logical_xor},
                                      {"AND", p_and, logical_and},
                                      {"IN", p_predicate, in},
                                      {"STARTS", p_predicate, starts_with},
                                      {"ENDS", p_predicate, ends_with},
                                      {"CONTAINS", p_predicate, contains}};
    for (const auto& w : words)
      if (iequals(t.text, w.word)) return operator_info{w.precedence, false, w.op};
    if (iequals(t.text, "IS")) return operator_info{p_predicate, true, equal};
    return std::nullopt;
  }

  /// Precedence climbing: operands and the operators that bind at least as tightly as `min`.
  expression_ptr parse_binary(int min) {
    expression_ptr lhs = parse_prefix(min);
    bool after_comparison = false;
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
      // openCypher reads `a < b < c` as `a < b AND b < c`; we refuse it rather than guess.
      if (op->precedence == p_comparison && after_comparison)
        fail(at, "chained comparisons are not supported: write 'a < b AND b < c', not 'a < b < c'");
      expression_ptr rhs = parse_binary(op->precedence + 1);  // left-associative
      lhs = make(start, binary{op->op, at, std::move(lhs), std::move(rhs)});
      after_comparison = op->precedence == p_comparison;
    }
    return lhs;
  }

  expression_ptr parse_prefix(int min) {
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

  /// An atom followed by `.key`, `[index]`, `[from..to]`, then `:Label`s.
  expression_ptr parse_postfix() {
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

  expression_ptr parse_atom() {
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
        fail(at,
             fmt::format("integer {} is too large (the largest is 9223372036854775807)", t.text));
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
        if (is_reserved(t.text)) break;
        if (at_symbol("(", 1)) return parse_call();
        return make(at, variable{take_name().name});
      case token_kind::symbol:
        if (t.text == "(") {
          advance();
          expression_ptr e = parse_expression();
          expect_close(")", '(', at, "an operator or ')'");
          e->position = at;  // the expression's text includes its parentheses
          e->end = prev_end();
          return e;
        }
        if (t.text == "[") {
          advance();
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
              map.entries.push_back({std::move(key), parse_expression()});
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

  expression_ptr parse_call() {
    function_call call;
    call.name = take_name();
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

  expression_ptr parse_case() {
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

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  std::string_view text_;
  detail::lexer lexer_;
  std::deque<token> tokens_;
  std::size_t index_ = 0;
  std::size_t nesting_ = 0;
  std::unordered_map<const expression*, std::size_t> heights_;
  // Where an operand of unary minus starts, and whether its atom folded the minus in.
  std::size_t negated_index_ = npos;
  bool min_int_folded_ = false;
};

// ---- printing ----------------------------------------------------------------------------

bool all_name_chars(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    std::size_t len = detail::decode_utf8(s, i, cp);
    if (len == 0 || !detail::is_name_char(cp)) return false;
    i += len;
  }
  return true;
}

bool is_plain_name(std::string_view s) {
  char32_t first = 0;
  return !s.empty() && detail::decode_utf8(s, 0, first) != 0 && detail::is_name_start(first) &&
         all_name_chars(s);
}

std::string backquoted(std::string_view s) {
  std::string out = "`";
  for (char c : s) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

/// A label, type or key: reserved words need no quotes there.
std::string schema_name(std::string_view s) {
  return is_plain_name(s) ? std::string(s) : backquoted(s);
}

/// A variable, alias or function name.
std::string variable_name(std::string_view s) {
  return is_plain_name(s) && !is_reserved(s) ? std::string(s) : backquoted(s);
}

std::string quoted_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

/// The shortest text that reads back as the same double, always with a `.` or an exponent.
std::string decimal_text(double d) {
  std::string out = fmt::format("{}", d);
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
  return out;
}

class printer {
 public:
  std::string out;

  void print(const query& q) {
    for (std::size_t i = 0; i < q.clauses.size(); ++i) {
      if (i > 0) out += ' ';
      std::visit([&](const auto& c) { print(c); }, q.clauses[i].node);
    }
  }

  void print(const match_clause& m) {
    out += m.optional ? "OPTIONAL MATCH " : "MATCH ";
    for (std::size_t i = 0; i < m.pattern.size(); ++i) {
      if (i > 0) out += ", ";
      print(m.pattern[i]);
    }
    where(m.where);
  }

  void print(const unwind_clause& u) {
    out += "UNWIND ";
    print(*u.list);
    out += " AS " + variable_name(u.alias.name);
  }

  void print(const with_clause& w) {
    out += "WITH ";
    items(w.body);
    if (w.where_before_order) where(w.where);
    order_skip_limit(w.body);
    if (!w.where_before_order) where(w.where);
  }

  void print(const return_clause& r) {
    out += "RETURN ";
    items(r.body);
    order_skip_limit(r.body);
  }

  void print(const pattern_part& p) {
    if (p.path_variable) out += variable_name(p.path_variable->name) + " = ";
    if (p.function == path_function::shortest_path) out += "shortestPath(";
    if (p.function == path_function::all_shortest_paths) out += "allShortestPaths(";
    print(p.start);
    for (const auto& step : p.steps) {
      print(step.relationship);
      print(step.node);
    }
    if (p.function != path_function::none) out += ')';
  }

  void print(const node_pattern& n) {
    out += '(';
    if (n.variable) out += variable_name(n.variable->name);
    for (const auto& label : n.labels) out += ':' + schema_name(label.name);
    if (n.properties) {
      if (n.variable || !n.labels.empty()) out += ' ';
      print(*n.properties);
    }
    out += ')';
  }

  void print(const relationship_pattern& r) {
    out += r.direction == relationship_direction::incoming ? "<-" : "-";
    if (r.variable || !r.types.empty() || r.hops || r.properties) {
      out += '[';
      if (r.variable) out += variable_name(r.variable->name);
      for (std::size_t i = 0; i < r.types.size(); ++i)
        out += (i == 0 ? ":" : "|") + schema_name(r.types[i].name);
      if (r.hops) {
        out += '*';
        const hop_range& h = *r.hops;
        if (h.min && h.max && *h.min == *h.max) {
          out += std::to_string(*h.min);
        } else if (h.min || h.max) {
          if (h.min) out += std::to_string(*h.min);
          out += "..";
          if (h.max) out += std::to_string(*h.max);
        }
      }
      if (r.properties) {
        if (r.variable || !r.types.empty() || r.hops) out += ' ';
        print(*r.properties);
      }
      out += ']';
    }
    out += r.direction == relationship_direction::outgoing ? "->" : "-";
  }

  void print(const expression& e) {
    std::visit([&](const auto& n) { node(n); }, e.node);
  }

 private:
  void where(const expression_ptr& condition) {
    if (!condition) return;
    out += " WHERE ";
    print(*condition);
  }

  void items(const projection& p) {
    if (p.distinct) out += "DISTINCT ";
    if (p.star) out += p.items.empty() ? "*" : "*, ";
    for (std::size_t i = 0; i < p.items.size(); ++i) {
      if (i > 0) out += ", ";
      print(*p.items[i].value);
      if (p.items[i].alias) out += " AS " + variable_name(p.items[i].alias->name);
    }
  }

  void order_skip_limit(const projection& p) {
    for (std::size_t i = 0; i < p.order_by.size(); ++i) {
      out += i == 0 ? " ORDER BY " : ", ";
      print(*p.order_by[i].key);
      if (p.order_by[i].descending) out += " DESC";
    }
    if (p.skip) {
      out += " SKIP ";
      print(*p.skip);
    }
    if (p.limit) {
      out += " LIMIT ";
      print(*p.limit);
    }
  }

  /// The subject of `.key`, `[i]` or `:Label`; a negative number needs parentheses there,
  /// since `-1.x` reads as `-(1.x)`.
  void subject(const expression& e) {
    const auto* lit = e.get_if<literal>();
    bool negative = lit && ((std::holds_alternative<std::int64_t>(lit->value) &&
                             std::get<std::int64_t>(lit->value) < 0) ||
                            (std::holds_alternative<double>(lit->value) &&
                             std::signbit(std::get<double>(lit->value))));
    if (negative) out += '(';
    print(e);
    if (negative) out += ')';
  }

  void node(const literal& l) {
    std::visit(
        [&](const auto& v) {
          using value_type = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<value_type, std::nullptr_t>) {
            out += "null";
          } else if constexpr (std::is_same_v<value_type, bool>) {
            out += v ? "true" : "false";
          } else if constexpr (std::is_same_v<value_type, std::int64_t>) {
            out += std::to_string(v);
          } else if constexpr (std::is_same_v<value_type, double>) {
            out += decimal_text(v);
          } else {
            out += quoted_string(v);
          }
        },
        l.value);
  }
  void node(const parameter& p) {
    out += '$';
    out += !p.name.empty() && all_name_chars(p.name) ? p.name : backquoted(p.name);
  }
  void node(const variable& v) { out += variable_name(v.name); }
  void node(const property_access& p) {
    subject(*p.subject);
    out += '.' + schema_name(p.key.name);
  }
  void node(const subscript& s) {
    subject(*s.subject);
    out += '[';
    print(*s.index);
    out += ']';
  }
  void node(const slice& s) {
    subject(*s.subject);
    out += '[';
    if (s.from) print(*s.from);
    out += "..";
    if (s.to) print(*s.to);
    out += ']';
  }
  void node(const label_test& t) {
    subject(*t.subject);
    for (const auto& label : t.labels) out += ':' + schema_name(label.name);
  }
  void node(const list_literal& l) {
    out += '[';
    for (std::size_t i = 0; i < l.items.size(); ++i) {
      if (i > 0) out += ", ";
      print(*l.items[i]);
    }
    out += ']';
  }
  void node(const map_literal& m) {
    out += '{';
    for (std::size_t i = 0; i < m.entries.size(); ++i) {
      if (i > 0) out += ", ";
      out += schema_name(m.entries[i].key.name) + ": ";
      print(*m.entries[i].value);
    }
    out += '}';
  }
  void node(const function_call& f) {
    out += variable_name(f.name.name) + '(';
    if (f.distinct) out += "DISTINCT ";
    if (f.star) out += '*';
    for (std::size_t i = 0; i < f.arguments.size(); ++i) {
      if (i > 0) out += ", ";
      print(*f.arguments[i]);
    }
    out += ')';
  }
  void node(const unary& u) {
    out += '(';
    switch (u.op) {
      case unary_operator::negate: out += '-'; break;
      case unary_operator::plus: out += '+'; break;
      case unary_operator::logical_not: out += "NOT "; break;
      case unary_operator::is_null:
      case unary_operator::is_not_null: break;
    }
    print(*u.operand);
    if (u.op == unary_operator::is_null || u.op == unary_operator::is_not_null) {
      out += ' ';
      out += spelling(u.op);
    }
    out += ')';
  }
  void node(const binary& b) {
    out += '(';
    print(*b.lhs);
    out += ' ';
    out += spelling(b.op);
    out += ' ';
    print(*b.rhs);
    out += ')';
  }
  void node(const case_expression& c) {
    out += "CASE";
    if (c.subject) {
      out += ' ';
      print(*c.subject);
    }
    for (const auto& alt : c.alternatives) {
      out += " WHEN ";
      print(*alt.when);
      out += " THEN ";
      print(*alt.then);
    }
    if (c.otherwise) {
      out += " ELSE ";
      print(*c.otherwise);
    }
    out += " END";
  }
};

}  // namespace

query parse(std::string_view text) { return parser(text).parse_query(); }

std::string to_string(const query& q) {
  printer p;
  p.print(q);
  return std::move(p.out);
}

std::string to_string(const expression& e) {
  printer p;
  p.print(e);
  return std::move(p.out);
}

std::string to_string(const pattern_part& part) {
  printer p;
  p.print(part);
  return std::move(p.out);
}

}  // namespace entente::cypher

#pragma once
// The parser of the openCypher subset: its clause and pattern rules are in parser.cpp, its
// expression rules in expression_parser.cpp. Internal, not installed.

#include <entente/query/ast.hpp>
#include <entente/query/parser.hpp>

#include "query/lexer.hpp"

#include <algorithm>
#include <cstddef>
#include <deque>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace entente::cypher::detail {

/// Words that name no variable or function unless backquoted (openCypher's reserved words that
/// this subset gives a meaning, and the write clauses).
inline constexpr std::string_view reserved_words[] = {
    "AND",      "AS",   "ASC",        "ASCENDING", "BY",       "CASE",  "CONTAINS", "CREATE",
    "DELETE",   "DESC", "DESCENDING", "DETACH",    "DISTINCT", "ELSE",  "END",      "ENDS",
    "FALSE",    "IN",   "IS",         "LIMIT",     "MATCH",    "MERGE", "NOT",      "NULL",
    "OPTIONAL", "OR",   "ORDER",      "REMOVE",    "RETURN",   "SET",   "SKIP",     "STARTS",
    "THEN",     "TRUE", "UNION",      "UNWIND",    "WHEN",     "WHERE", "WITH",     "XOR"};

inline bool is_reserved(std::string_view word) {
  return std::any_of(std::begin(reserved_words), std::end(reserved_words),
                     [&](std::string_view r) { return iequals(word, r); });
}

/// Binding strength of operators, loosest first; NOT and unary +/- are prefix operators. The
/// printer parenthesises an operand where its operator binds more loosely than this allows.
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
  p_unary,
  p_label,    // subject:Label, whose subject may carry .key, [index] or [from..to]
  p_postfix,  // .key, [index], [from..to]
  p_atom
};

/// How tightly `op` binds (its order in binary_operator follows the precedence levels).
constexpr precedence binding_of(binary_operator op) noexcept {
  using enum binary_operator;
  switch (op) {
    case logical_or: return p_or;
    case logical_xor: return p_xor;
    case logical_and: return p_and;
    case equal:
    case not_equal:
    case less:
    case less_equal:
    case greater:
    case greater_equal: return p_comparison;
    case in:
    case starts_with:
    case ends_with:
    case contains: return p_predicate;
    case add:
    case subtract: return p_additive;
    case multiply:
    case divide:
    case modulo: return p_multiplicative;
    case power: return p_power;
  }
  return p_atom;
}

/// An infix or postfix operator found after an operand.
struct operator_info {
  int precedence = 0;
  bool is_postfix = false;  // IS [NOT] NULL: no right operand
  binary_operator op = binary_operator::equal;
};

class parser {
 public:
  explicit parser(std::string_view text) : text_(text), lexer_(text) {}

  query parse_query();

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
                    std::string_view expected);

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
  [[noreturn]] void unexpected(std::string_view expected);
  /// Clauses entente does not run get their own message rather than "unexpected".
  void refuse_unsupported();

  // ---- clauses (parser.cpp) --------------------------------------------------------------

  /// The clauses of one query (up to a UNION, `;` or the end) into `clauses`; returns what
  /// may come next, for "expected ..." messages.
  std::string parse_single_query(std::vector<clause>& clauses);
  clause parse_clause(const std::string& expected);
  /// What may follow a clause other than RETURN, for "expected ..." messages.
  static std::string after_clause(const clause& c);
  /// What may follow a projection: more items, an alias, ORDER BY, SKIP, LIMIT, then `rest`.
  static std::string after_projection(const projection& p, std::string_view where,
                                      std::string_view rest);
  match_clause parse_match(bool optional);
  unwind_clause parse_unwind();
  with_clause parse_with();
  create_clause parse_create();
  merge_clause parse_merge();
  /// What CREATE and MERGE cannot make: a shortest path, a variable length, a relationship
  /// without exactly one type (or, for CREATE, without a direction).
  void check_writable(const pattern_part& part, std::string_view clause);
  std::vector<set_item> parse_set_items();
  remove_clause parse_remove();
  delete_clause parse_delete();
  /// `variable` or `variable.key...`, what SET and REMOVE change (expression_parser.cpp).
  expression_ptr parse_write_target(std::string_view expected);
  projection parse_projection();
  /// `[DISTINCT] * | [DISTINCT] [*,] expr [AS name], ...`.
  projection parse_projection_items();
  void parse_order_skip_limit(projection& p);

  // ---- patterns (parser.cpp) -------------------------------------------------------------

  pattern_part parse_pattern_part();
  void parse_chain(pattern_part& part, std::string_view expected);
  /// Counts a node pattern of the current MATCH; refuses one past the bound.
  void count_pattern_node();
  node_pattern parse_node(std::string_view expected);
  relationship_pattern parse_relationship();
  /// Inside `[...]`, after the `[`.
  void parse_relationship_detail(relationship_pattern& r);
  /// `*`, `*n`, `*n..`, `*..m`, `*n..m`.
  hop_range parse_hops();

  // ---- expressions (expression_parser.cpp) -----------------------------------------------

  /// Counts one level of nesting for as long as it lives.
  class nesting_scope;

  /// A new node ending at the last token read; refuses trees deeper than `max_height`.
  template <class Node>
  expression_ptr make(source_position at, Node node);

  bool starts_expression();
  expression_ptr parse_expression();
  std::optional<operator_info> peek_operator();
  /// Precedence climbing: operands and the operators that bind at least as tightly as `min`.
  expression_ptr parse_binary(int min);
  expression_ptr parse_prefix(int min);
  /// An atom followed by `.key`, `[index]`, `[from..to]`, then `:Label`s.
  expression_ptr parse_postfix();
  expression_ptr parse_atom();
  expression_ptr parse_call();
  expression_ptr parse_case();
  // `[x IN list WHERE c | r]`, after its `[`; and `all(x IN list WHERE c)` and its kin.
  expression_ptr parse_list_comprehension(source_position at);
  expression_ptr parse_quantifier();
  // Whether the word at the cursor names a quantifier written as one: `any(x IN ...`.
  bool at_quantifier();

  // ---- patterns inside expressions (looking ahead: pattern_expression_parser.cpp) ----------

  /// Where the group opened by the bracket `k` tokens ahead closes (the token after it), or npos.
  std::size_t group_end(std::size_t k);
  /// Where a node pattern `k` tokens ahead ends, or npos when the tokens there cannot be one.
  std::size_t node_pattern_end(std::size_t k);
  /// Whether a relationship pattern starts `k` tokens ahead: `-[`, `--(`, `-->`, `<-[`, `<--`.
  bool at_relationship(std::size_t k);
  /// Whether a pattern of at least one relationship starts `k` tokens ahead: `(a)-->(...`.
  bool at_pattern(std::size_t k = 0);
  /// Where the chain that `at_pattern(k)` found ends, or npos.
  std::size_t pattern_end(std::size_t k);
  /// Whether the `[` just read opens a pattern comprehension: `[(a)-->(b) |` or `[p = (a)-->() |`.
  bool at_pattern_comprehension();
  /// A chain of nodes and relationships inside an expression, with at least one relationship.
  pattern_part parse_expression_pattern();
  // The nodes, in expression_parser.cpp beside the other atoms.
  expression_ptr parse_pattern_predicate();
  // After its `[`.
  expression_ptr parse_pattern_comprehension(source_position at);
  // At the word EXISTS, before its `{`.
  expression_ptr parse_exists_subquery();
  /// The clauses of `EXISTS { MATCH ... RETURN ... }` after its first MATCH, `first`, written at
  /// `at`; the caller reads the `}` (parser.cpp).
  std::shared_ptr<const subquery> parse_subquery(match_clause first, source_position at);

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  std::string_view text_;
  lexer lexer_;
  std::deque<token> tokens_;
  std::size_t index_ = 0;
  std::size_t nesting_ = 0;
  std::size_t pattern_nodes_ = 0;  // in the MATCH, CREATE or MERGE being read
  std::size_t clauses_ = 0;        // read so far, those inside EXISTS { ... } too
  std::unordered_map<const expression*, std::size_t> heights_;
  // Where an operand of unary minus starts, and whether its atom folded the minus in.
  std::size_t negated_index_ = npos;
  bool min_int_folded_ = false;
};

}  // namespace entente::cypher::detail

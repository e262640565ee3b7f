#pragma once
/// The syntax tree of entente's openCypher subset, as `cypher::parse` builds it: names are
/// not yet bound to the graph. Every node records where it was written, so later stages can
/// point at it (see `cypher::show_position`).
///
/// Expressions and clauses are a small wrapper (`position` + `node`) around a
/// `std::variant` of plain structs; walk them with `std::visit`, `get_if<T>()` or
/// `for_each_child`. Children are owned through `std::unique_ptr`, so a tree is move-only.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace entente::cypher {

/// Where something starts in the query text: 1-based line and column (the column counts code
/// points, not bytes) and the 0-based byte offset.
struct source_position {
  std::size_t line = 0;
  std::size_t column = 0;
  std::size_t offset = 0;
  friend bool operator==(const source_position&, const source_position&) = default;
};

/// A name as written, without backquotes: a variable, alias, label, type or property key.
struct identifier {
  std::string name;
  source_position position;
};

// ---- expressions -------------------------------------------------------------------------

struct expression;
using expression_ptr = std::unique_ptr<expression>;

/// `null`, `true`, `42`, `1.5e3`, `"text"` (strings hold the decoded UTF-8 text).
struct literal {
  std::variant<std::nullptr_t, bool, std::int64_t, double, std::string> value;
};

/// `$name` or `$0`; `name` is written without the `$`.
struct parameter {
  std::string name;
};

/// A name that a pattern, `WITH`, `UNWIND` or `AS` introduced (or will, once bound).
struct variable {
  std::string name;
};

/// `subject.key`.
struct property_access {
  expression_ptr subject;
  identifier key;
};

/// `subject[index]`.
struct subscript {
  expression_ptr subject;
  expression_ptr index;
};

/// `subject[from..to]`; either bound may be missing (null).
struct slice {
  expression_ptr subject;
  expression_ptr from;
  expression_ptr to;
};

/// `subject:Label1:Label2`, true when the node has every label.
struct label_test {
  expression_ptr subject;
  std::vector<identifier> labels;
};

/// `[a, b, c]`.
struct list_literal {
  std::vector<expression_ptr> items;
};

/// One `key: value` of a map literal.
struct map_entry {
  identifier key;
  expression_ptr value;
};

/// `{key: value, ...}`, entries in the order written.
struct map_literal {
  std::vector<map_entry> entries;
};

/// `name(arguments)`, `name(DISTINCT arguments)` or `count(*)` (`star`). The name is kept as
/// written; function names are matched case-insensitively by later stages.
struct function_call {
  identifier name;
  bool distinct = false;
  bool star = false;
  std::vector<expression_ptr> arguments;
};

/// Prefix `-x`, `+x`, `NOT x` and postfix `x IS NULL`, `x IS NOT NULL`.
enum class unary_operator { negate, plus, logical_not, is_null, is_not_null };

/// An operator with one operand; `op_position` is where the operator was written.
struct unary {
  unary_operator op = unary_operator::negate;
  source_position op_position;
  expression_ptr operand;
};

/// Binary operators, from the loosest-binding group to the tightest.
enum class binary_operator {
  logical_or,
  logical_xor,
  logical_and,
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
  in,
  starts_with,
  ends_with,
  contains,
  add,
  subtract,
  multiply,
  divide,
  modulo,
  power
};

/// An operator with two operands; `op_position` is where the operator was written.
struct binary {
  binary_operator op = binary_operator::equal;
  source_position op_position;
  expression_ptr lhs;
  expression_ptr rhs;
};

/// One `WHEN when THEN then` of a CASE expression.
struct case_alternative {
  expression_ptr when;
  expression_ptr then;
};

/// `CASE [subject] WHEN ... THEN ... [ELSE otherwise] END`; without a subject each `when` is a
/// condition, with one each `when` is compared to it. `otherwise` may be null.
struct case_expression {
  expression_ptr subject;
  std::vector<case_alternative> alternatives;
  expression_ptr otherwise;
};

/// `[x IN list WHERE condition | result]`; the WHERE and the `| result` are optional. `x` is
/// the comprehension's own variable, bound to each item in turn.
struct list_comprehension {
  identifier variable;
  expression_ptr list;
  expression_ptr where;   // may be null
  expression_ptr result;  // may be null: the items themselves
};

/// `all`, `any`, `none` and `single(x IN list WHERE condition)`.
enum class quantifier_kind { all, any, none, single };

/// A quantifier over a list: whether the condition holds for every item, some, none or
/// exactly one, in three-valued logic.
struct quantifier {
  quantifier_kind kind = quantifier_kind::all;
  identifier variable;
  expression_ptr list;
  expression_ptr where;
};

// ---- patterns ----------------------------------------------------------------------------

/// `(variable:Label1:Label2 {key: value})`; every part may be missing. `properties` is a map
/// literal, a parameter, or null.
struct node_pattern {
  source_position position;
  std::optional<identifier> variable;
  std::vector<identifier> labels;
  expression_ptr properties;
};

/// Which way a relationship pattern points: `-->`, `<--`, or `--` (either way; `<-->` too).
enum class relationship_direction { outgoing, incoming, either };

/// The `*min..max` of a variable-length relationship. `*` leaves both empty (1 to unbounded),
/// `*2` sets both to 2, `*..4` only `max`, `*2..` only `min`.
struct hop_range {
  std::optional<std::uint64_t> min;
  std::optional<std::uint64_t> max;
  friend bool operator==(const hop_range&, const hop_range&) = default;
};

/// `-[variable:type1|type2 *min..max {key: value}]->` and its shorthands; `hops` is empty for a
/// single hop. `properties` is a map literal, a parameter, or null.
struct relationship_pattern {
  source_position position;
  std::optional<identifier> variable;
  std::vector<identifier> types;
  relationship_direction direction = relationship_direction::either;
  std::optional<hop_range> hops;
  expression_ptr properties;
};

/// One relationship of a chain and the node it leads to.
struct pattern_step {
  relationship_pattern relationship;
  node_pattern node;
};

/// Whether a pattern part is wrapped in `shortestPath(...)` or `allShortestPaths(...)`.
enum class path_function { none, shortest_path, all_shortest_paths };

/// `[path =] [shortestPath(] (a)-[r]->(b)... [)]`: a start node and the steps after it.
struct pattern_part {
  source_position position;
  std::optional<identifier> path_variable;
  path_function function = path_function::none;
  node_pattern start;
  std::vector<pattern_step> steps;
};

// ---- expressions that hold patterns --------------------------------------------------------

/// A pattern written as a condition, `(a)-[:supports]->()` or `exists((a)-->())`: true when it
/// matches from the row's variables at least once. It introduces no variable (openCypher 9).
struct pattern_predicate {
  pattern_part pattern;
};

struct subquery;

/// `EXISTS { [MATCH] pattern, ... [WHERE condition] }`: true when the patterns match at least
/// once. Variables the patterns introduce are the subquery's own; those bound outside are read.
/// Written with clauses, `EXISTS { MATCH ... WITH ... RETURN ... }`, it is true when they give a
/// row; `body` holds them and `pattern` is empty.
struct exists_subquery {
  std::vector<pattern_part> pattern;
  expression_ptr where;                  // may be null
  std::shared_ptr<const subquery> body;  // may be null; shared by copies of the expression
};

/// `[[path =] (a)-->(b) [WHERE condition] | result]`: `result` for each match of the pattern, in
/// the order matched. Variables the pattern introduces are the comprehension's own.
struct pattern_comprehension {
  pattern_part pattern;
  expression_ptr where;  // may be null
  expression_ptr result;
};

/// Any expression: where it starts (including enclosing parentheses), the byte offset just past
/// its last character, and what it is.
struct expression {
  source_position position;
  std::size_t end = 0;
  std::variant<literal, parameter, variable, property_access, subscript, slice, label_test,
               list_literal, map_literal, function_call, unary, binary, case_expression,
               list_comprehension, quantifier, pattern_predicate, exists_subquery,
               pattern_comprehension>
      node;

  /// The node as a `T`, or null when it is something else.
  template <class T>
  [[nodiscard]] const T* get_if() const noexcept {
    return std::get_if<T>(&node);
  }
};

/// Calls `f(const expression&)` on each direct sub-expression of `e`, in source order, so a
/// walker needs to know only the nodes it cares about. The property maps of a pattern inside an
/// expression count as its sub-expressions; the pattern's variables are not expressions.
template <class F>
void for_each_child(const expression& e, F&& f) {
  auto each = [&](const expression_ptr& child) {
    if (child) f(static_cast<const expression&>(*child));
  };
  auto each_in_pattern = [&](const pattern_part& part) {
    each(part.start.properties);
    for (const auto& step : part.steps) {
      each(step.relationship.properties);
      each(step.node.properties);
    }
  };
  std::visit(
      [&](const auto& n) {
        using node_type = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<node_type, property_access> ||
                      std::is_same_v<node_type, label_test>) {
          each(n.subject);
        } else if constexpr (std::is_same_v<node_type, subscript>) {
          each(n.subject);
          each(n.index);
        } else if constexpr (std::is_same_v<node_type, slice>) {
          each(n.subject);
          each(n.from);
          each(n.to);
        } else if constexpr (std::is_same_v<node_type, list_literal>) {
          for (const auto& item : n.items) each(item);
        } else if constexpr (std::is_same_v<node_type, map_literal>) {
          for (const auto& entry : n.entries) each(entry.value);
        } else if constexpr (std::is_same_v<node_type, function_call>) {
          for (const auto& arg : n.arguments) each(arg);
        } else if constexpr (std::is_same_v<node_type, unary>) {
          each(n.operand);
        } else if constexpr (std::is_same_v<node_type, binary>) {
          each(n.lhs);
          each(n.rhs);
        } else if constexpr (std::is_same_v<node_type, case_expression>) {
          each(n.subject);
          for (const auto& alt : n.alternatives) {
            each(alt.when);
            each(alt.then);
          }
          each(n.otherwise);
        } else if constexpr (std::is_same_v<node_type, list_comprehension>) {
          each(n.list);
          each(n.where);
          each(n.result);
        } else if constexpr (std::is_same_v<node_type, quantifier>) {
          each(n.list);
          each(n.where);
        } else if constexpr (std::is_same_v<node_type, pattern_predicate>) {
          each_in_pattern(n.pattern);
        } else if constexpr (std::is_same_v<node_type, exists_subquery>) {
          for (const auto& part : n.pattern) each_in_pattern(part);
          each(n.where);
        } else if constexpr (std::is_same_v<node_type, pattern_comprehension>) {
          each_in_pattern(n.pattern);
          each(n.where);
          each(n.result);
        }
      },
      e.node);
}

/// How an operator is written in a query: `AND`, `<>`, `STARTS WITH`, `^`.
[[nodiscard]] constexpr std::string_view spelling(binary_operator op) noexcept {
  constexpr std::string_view names[] = {
      "OR",          "XOR",       "AND",      "=", "<>", "<", "<=", ">", ">=", "IN",
      "STARTS WITH", "ENDS WITH", "CONTAINS", "+", "-",  "*", "/",  "%", "^"};
  return names[static_cast<std::size_t>(op)];
}

/// How a quantifier is written: `all`, `any`, `none`, `single`.
[[nodiscard]] constexpr std::string_view spelling(quantifier_kind q) noexcept {
  constexpr std::string_view names[] = {"all", "any", "none", "single"};
  return names[static_cast<std::size_t>(q)];
}

/// How an operator is written in a query: `-`, `+`, `NOT`, `IS NULL`, `IS NOT NULL`.
[[nodiscard]] constexpr std::string_view spelling(unary_operator op) noexcept {
  constexpr std::string_view names[] = {"-", "+", "NOT", "IS NULL", "IS NOT NULL"};
  return names[static_cast<std::size_t>(op)];
}

// ---- clauses -----------------------------------------------------------------------------

/// `MATCH` or `OPTIONAL MATCH`: comma-separated pattern parts and an optional `WHERE`.
struct match_clause {
  bool optional = false;
  std::vector<pattern_part> pattern;
  expression_ptr where;
};

/// `UNWIND list AS alias`.
struct unwind_clause {
  expression_ptr list;
  identifier alias;
};

/// One `expression [AS alias]` of `WITH` or `RETURN`; `text` is the expression exactly as
/// written, which names the column when there is no alias (as in openCypher).
struct projection_item {
  expression_ptr value;
  std::optional<identifier> alias;
  std::string text;
};

/// One key of `ORDER BY`.
struct sort_item {
  expression_ptr key;
  bool descending = false;
};

/// What `WITH` and `RETURN` share: `[DISTINCT] [*,] items [ORDER BY ...] [SKIP n] [LIMIT n]`.
/// `skip` and `limit` are null when absent.
struct projection {
  bool distinct = false;
  bool star = false;
  std::vector<projection_item> items;
  std::vector<sort_item> order_by;
  expression_ptr skip;
  expression_ptr limit;
};

/// `WITH projection [WHERE condition]`. openCypher writes `WHERE` last (it filters after
/// ORDER BY/SKIP/LIMIT); `WITH x WHERE c ORDER BY ...` is also accepted and sets
/// `where_before_order` (filter first), which is only ever set when ORDER BY, SKIP or LIMIT
/// follow.
struct with_clause {
  projection body;
  expression_ptr where;
  bool where_before_order = false;
};

/// `RETURN projection`.
struct return_clause {
  projection body;
};

// ---- write clauses -------------------------------------------------------------------------

/// `CREATE pattern, ...`: every node without a bound variable and every relationship is new.
struct create_clause {
  std::vector<pattern_part> pattern;
};

/// What one item of `SET` does.
enum class set_operation {
  property,     ///< `target.key = value`
  replace_all,  ///< `target = map`: the map's keys become the properties, the others go
  add_all,      ///< `target += map`: the map's keys are set, the others stay
  labels,       ///< `target:Kind`: the entity's kind becomes `Kind`
};

/// One item of `SET` (or of `ON CREATE SET` / `ON MATCH SET`). `target` is a `property_access`
/// for `property`, else a `variable`; `value` is null for `labels`.
struct set_item {
  set_operation operation = set_operation::property;
  expression_ptr target;
  expression_ptr value;
  std::vector<identifier> labels;
};

/// `SET item, ...`.
struct set_clause {
  std::vector<set_item> items;
};

/// One item of `REMOVE`: `target.key` (a `property_access`), or `variable:Label...`
/// (`labels` not empty).
struct remove_item {
  expression_ptr target;
  std::vector<identifier> labels;
};

/// `REMOVE item, ...`.
struct remove_clause {
  std::vector<remove_item> items;
};

/// `[DETACH] DELETE expression, ...`.
struct delete_clause {
  bool detach = false;
  std::vector<expression_ptr> targets;
};

/// `MERGE pattern [ON CREATE SET ...] [ON MATCH SET ...]`: the pattern as a whole is matched,
/// or created as a whole when nothing matches.
struct merge_clause {
  pattern_part pattern;
  std::vector<set_item> on_create;
  std::vector<set_item> on_match;
};

/// Any clause, with where its first keyword was written.
struct clause {
  source_position position;
  // The reading clauses and projections first, then those that write (see `writes`).
  std::variant<match_clause, unwind_clause, with_clause, return_clause, create_clause, merge_clause,
               set_clause, remove_clause, delete_clause>
      node;

  /// Whether the clause changes the graph.
  [[nodiscard]] bool writes() const noexcept { return node.index() >= 4; }

  /// The keywords the clause starts with: `MATCH`, `OPTIONAL MATCH`, `DETACH DELETE`, ...
  [[nodiscard]] std::string_view keyword() const noexcept {
    if (const auto* m = get_if<match_clause>()) return m->optional ? "OPTIONAL MATCH" : "MATCH";
    if (const auto* d = get_if<delete_clause>()) return d->detach ? "DETACH DELETE" : "DELETE";
    constexpr std::string_view keywords[] = {"MATCH", "UNWIND", "WITH",   "RETURN", "CREATE",
                                             "MERGE", "SET",    "REMOVE", "DELETE"};
    return keywords[node.index()];
  }

  /// The clause as a `T`, or null when it is something else.
  template <class T>
  [[nodiscard]] const T* get_if() const noexcept {
    return std::get_if<T>(&node);
  }
};

/// The clauses of `EXISTS { MATCH ... RETURN ... }`: reading clauses and projections. Their
/// expressions are not children of the EXISTS for `for_each_child`: an aggregate among them is
/// the subquery's own.
struct subquery {
  std::vector<clause> clauses;
};

/// Whether any of `clauses` changes the graph.
[[nodiscard]] inline bool writes(const std::vector<clause>& clauses) noexcept {
  for (const auto& c : clauses)
    if (c.writes()) return true;
  return false;
}

/// A query joined to the one before it by `UNION` (rows of both, without duplicates) or
/// `UNION ALL` (every row of both); its clauses end with a RETURN.
struct union_part {
  source_position position;  ///< of the keyword UNION
  bool all = false;
  std::vector<clause> clauses;
};

/// A whole query: clauses in order, the last one a RETURN or a write clause, then the queries
/// joined to it by UNION, if any; `text` is the source, kept for error messages.
struct query {
  std::vector<clause> clauses;
  std::vector<union_part> unions;
  std::string text;

  /// Whether any clause, in any part, changes the graph.
  [[nodiscard]] bool writes() const noexcept {
    if (cypher::writes(clauses)) return true;
    for (const auto& u : unions)
      if (cypher::writes(u.clauses)) return true;
    return false;
  }
};

/// Where `to_string` puts parentheses around operator applications.
enum class parentheses {
  where_needed,    ///< only where precedence requires them: the canonical form
  every_operator,  ///< around every operator application, to show how a text was read
};

/// The canonical form of a query: keywords in capitals, single spaces, parentheses only where
/// precedence requires them, strings double-quoted, shorthand relationships as `-->`. Parsing
/// the result gives the same tree, and it nests no deeper than any text that gives that tree,
/// so it passes the parser's bounds whenever the text did. For example
/// `MATCH (a)-[:supports]->(b) WHERE a.x = 1 OR NOT b:State RETURN a.name AS n`.
/// `parentheses::every_operator` shows the reading instead: `WHERE ((a.x = 1) OR (NOT b:State))`
/// (a deep tree printed so may nest too deeply to parse again).
[[nodiscard]] std::string to_string(const query& q, parentheses style = parentheses::where_needed);
/// One expression as `to_string(const query&, parentheses)` prints it.
[[nodiscard]] std::string to_string(const expression& e,
                                    parentheses style = parentheses::where_needed);
/// One pattern part as `to_string(const query&, parentheses)` prints it.
[[nodiscard]] std::string to_string(const pattern_part& p,
                                    parentheses style = parentheses::where_needed);

}  // namespace entente::cypher

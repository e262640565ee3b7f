#pragma once
/// Pattern-matching queries over a graph, in openCypher (DESIGN.md §4) or built in C++; both
/// front ends run on one engine.
///
///     auto rows = entente::query(g, "MATCH (a:State)-[:supplies]->(b {name: $to}) RETURN a.name",
///                                {.parameters = {{"to", "Russia"}}});
///     for (const auto& row : rows) fmt::print("{}\n", row[0]);
///
/// or, without writing Cypher text:
///
///     using namespace entente::pattern;
///     auto rows = entente::match(node("a", "State").out("supplies").to(node("b")))
///                     .where(prop("b", "name") == "Russia")
///                     .returns(prop("a", "name").as("supplier"))
///                     .run(g);
///
/// Semantics follow openCypher: within one MATCH a relation binds at most once (relationship
/// isomorphism), comparisons with null are null and WHERE keeps only true rows, a directed
/// pattern follows relations as stored. Labels are kinds and match their subkinds (`:Actor`
/// matches every State). `shortestPath` runs the path engine of paths.hpp, which reads
/// symmetric types (`allied_with`) both ways.

#include <entente/graph.hpp>
#include <entente/model.hpp>
#include <entente/query/ast.hpp>
#include <entente/query/parser.hpp>
#include <entente/query/temporal.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace entente {

/// One value of a query: null, a boolean, an integer, a float, a string, a list, a map, an
/// entity, a relation, a path, or a temporal value (temporal.hpp): a date, a local time, a time,
/// a local date-time, a date-time or a duration. Dates read from the graph are dates, partial
/// ones (`2024`, `2024-06`) of year or month precision.
class query_value {
 public:
  using list = std::vector<query_value>;
  using map = std::vector<std::pair<std::string, query_value>>;
  using variant =
      std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, list, map,
                   entente::entity, entente::relation, entente::path, temporal::calendar_date,
                   temporal::local_time, temporal::zoned_time, temporal::local_datetime,
                   temporal::zoned_datetime, temporal::duration>;

  query_value() noexcept : value_(nullptr) {}
  query_value(std::nullptr_t) noexcept : value_(nullptr) {}
  query_value(bool b) noexcept : value_(b) {}
  query_value(int i) noexcept : value_(std::int64_t{i}) {}
  query_value(std::int64_t i) noexcept : value_(i) {}
  query_value(std::size_t i) noexcept : value_(static_cast<std::int64_t>(i)) {}
  query_value(double d) noexcept : value_(d) {}
  query_value(const char* s) : value_(std::string(s)) {}
  query_value(std::string_view s) : value_(std::string(s)) {}
  query_value(std::string s) noexcept : value_(std::move(s)) {}
  query_value(list l) noexcept : value_(std::move(l)) {}
  query_value(map m) noexcept : value_(std::move(m)) {}
  query_value(entente::entity e) noexcept : value_(e) {}
  query_value(entente::relation r) noexcept : value_(r) {}
  query_value(entente::path p) noexcept : value_(std::move(p)) {}
  query_value(std::initializer_list<query_value> items) : value_(list(items)) {}
  query_value(temporal::calendar_date d) noexcept : value_(d) {}
  query_value(temporal::local_time t) noexcept : value_(t) {}
  query_value(temporal::zoned_time t) noexcept : value_(t) {}
  query_value(temporal::local_datetime t) noexcept : value_(t) {}
  query_value(temporal::zoned_datetime t) noexcept : value_(std::move(t)) {}
  query_value(temporal::duration d) noexcept : value_(d) {}
  /// A model date, as a date of its precision; an unset one is null.
  query_value(const entente::date& d) : query_value() {
    if (d.is_set()) value_ = temporal::from_model(d);
  }

  [[nodiscard]] bool is_null() const noexcept { return value_.index() == 0; }
  [[nodiscard]] bool is_bool() const noexcept { return holds<bool>(); }
  [[nodiscard]] bool is_int() const noexcept { return holds<std::int64_t>(); }
  [[nodiscard]] bool is_float() const noexcept { return holds<double>(); }
  [[nodiscard]] bool is_number() const noexcept { return is_int() || is_float(); }
  [[nodiscard]] bool is_string() const noexcept { return holds<std::string>(); }
  [[nodiscard]] bool is_list() const noexcept { return holds<list>(); }
  [[nodiscard]] bool is_map() const noexcept { return holds<map>(); }
  [[nodiscard]] bool is_entity() const noexcept { return holds<entente::entity>(); }
  [[nodiscard]] bool is_relation() const noexcept { return holds<entente::relation>(); }
  [[nodiscard]] bool is_path() const noexcept { return holds<entente::path>(); }
  [[nodiscard]] bool is_date() const noexcept { return holds<temporal::calendar_date>(); }
  [[nodiscard]] bool is_duration() const noexcept { return holds<temporal::duration>(); }
  /// A date, a time, a date-time (local or zoned) or a duration.
  [[nodiscard]] bool is_temporal() const noexcept { return value_.index() >= 10; }

  /// The value as a `T`; throws `error` naming both types when it is something else.
  template <class T>
  [[nodiscard]] const T& as() const {
    if (const T* p = std::get_if<T>(&value_)) return *p;
    throw_wrong_type(type_name_of<T>());
  }
  [[nodiscard]] bool as_bool() const { return as<bool>(); }
  [[nodiscard]] std::int64_t as_int() const { return as<std::int64_t>(); }
  /// An integer or a float, as a double.
  [[nodiscard]] double as_number() const {
    return is_int() ? static_cast<double>(as_int()) : as<double>();
  }
  [[nodiscard]] const std::string& as_string() const { return as<std::string>(); }
  [[nodiscard]] const list& as_list() const { return as<list>(); }
  [[nodiscard]] const map& as_map() const { return as<map>(); }
  [[nodiscard]] const entente::entity& as_entity() const { return as<entente::entity>(); }
  [[nodiscard]] const entente::relation& as_relation() const { return as<entente::relation>(); }
  [[nodiscard]] const entente::path& as_path() const { return as<entente::path>(); }

  /// The map's entry for `key`, or null.
  [[nodiscard]] const query_value* find(std::string_view key) const;

  /// Which type the value holds: "null", "boolean", "integer", "float", "string", "list",
  /// "map", "entity", "relation", "path", "date", "localtime", "time", "localdatetime",
  /// "datetime", "duration".
  [[nodiscard]] std::string_view type_name() const noexcept;

  [[nodiscard]] const variant& get() const noexcept { return value_; }

  /// Equality as values (not Cypher's `=`, which is null when either side is): null equals
  /// null, 1 equals 1.0, entities and relations by index.
  friend bool operator==(const query_value& a, const query_value& b);

 private:
  template <class T>
  [[nodiscard]] bool holds() const noexcept {
    return std::holds_alternative<T>(value_);
  }
  template <class T>
  static constexpr std::string_view type_name_of() noexcept {
    if constexpr (std::is_same_v<T, bool>)
      return "boolean";
    else if constexpr (std::is_same_v<T, std::int64_t>)
      return "integer";
    else if constexpr (std::is_same_v<T, double>)
      return "float";
    else if constexpr (std::is_same_v<T, std::string>)
      return "string";
    else if constexpr (std::is_same_v<T, list>)
      return "list";
    else if constexpr (std::is_same_v<T, map>)
      return "map";
    else if constexpr (std::is_same_v<T, entente::entity>)
      return "entity";
    else if constexpr (std::is_same_v<T, entente::relation>)
      return "relation";
    else if constexpr (std::is_same_v<T, entente::path>)
      return "path";
    else if constexpr (std::is_same_v<T, temporal::calendar_date>)
      return "date";
    else if constexpr (std::is_same_v<T, temporal::local_time>)
      return "localtime";
    else if constexpr (std::is_same_v<T, temporal::zoned_time>)
      return "time";
    else if constexpr (std::is_same_v<T, temporal::local_datetime>)
      return "localdatetime";
    else if constexpr (std::is_same_v<T, temporal::zoned_datetime>)
      return "datetime";
    else if constexpr (std::is_same_v<T, temporal::duration>)
      return "duration";
    else
      return "null";
  }
  [[noreturn]] void throw_wrong_type(std::string_view wanted) const;

  variant value_;
};

/// The value as an openCypher literal: `null`, `true`, `3`, `2.5` (a float always shows a `.`
/// or an exponent), `"text"`, `[1, "a"]`, `{key: 1}`; an entity as
/// `(north-korea:State {name: "North Korea"})`, a relation as `(north-korea)-[:supplies]->(russia)`
/// and a path as `(kim-jong-un)-[:leads]->(north-korea)<-[:sanctions]-(united-states)`; a
/// temporal value as its ISO 8601 text, unquoted: `2024-06-19`, `2024-06`, `P1Y2M`.
[[nodiscard]] std::string to_string(const query_value& v);

/// The total order of ORDER BY (openCypher's): maps < entities < relations < lists < paths <
/// datetimes < localdatetimes < dates < times < localtimes < durations < strings < booleans <
/// numbers < null; within a type the natural order (a partial date by its first day, the
/// coarser first; zoned values by their instant; durations by their length, about).
/// Negative, 0, positive.
[[nodiscard]] int compare_for_order(const query_value& a, const query_value& b);

/// A value written in JSON: null, booleans, integers (those past 64 bits as floats), floats,
/// strings, arrays as lists and objects as maps with their keys in the order written; nothing
/// when `json` is not JSON. Lists and maps nest at most 100 levels: deeper is a `parse_error`.
[[nodiscard]] std::optional<query_value> query_value_from_json(std::string_view json);

/// A parameter as `entente query --param` takes it, `NAME=VALUE`: VALUE read as JSON when it is
/// JSON (`3`, `"x"`, `[1,2]`, `{"name": "Russia"}`), else as the text it is; a `$` before NAME
/// is dropped. Throws `parse_error` when there is no `=` or no NAME.
[[nodiscard]] std::pair<std::string, query_value> parse_parameter(std::string_view assignment);

/// What a query may see and how long it may run.
struct query_options {
  /// Values of `$name` parameters.
  std::map<std::string, query_value, std::less<>> parameters;
  std::optional<evidence> min_evidence;  ///< relations less sure are invisible
  std::optional<date> as_of;             ///< only relations valid at this date
  std::optional<date> as_known;          ///< only what sources published by this date said
  /// Most rows returned; a query that would return more stops there and says it was cut.
  std::optional<std::size_t> max_rows;
  /// Wall-clock budget; a query past it stops and says so. Zero stops at once. A write query
  /// past it changes nothing and throws.
  std::optional<std::chrono::steady_clock::duration> timeout;
  /// Citations added to every relation a write query creates (`entente query --cite`).
  std::vector<citation_spec> cite;
};

/// What a write query changed, counted as Neo4j's query statistics count it: every property
/// written or removed counts once, so does every kind given by `SET n:Kind`.
struct write_summary {
  std::size_t entities_created = 0;
  std::size_t entities_deleted = 0;
  std::size_t relations_created = 0;
  std::size_t relations_deleted = 0;
  std::size_t properties_set = 0;
  std::size_t kinds_set = 0;
  std::size_t sources_created = 0;

  /// Whether the query changed anything.
  [[nodiscard]] bool any() const noexcept {
    return entities_created || entities_deleted || relations_created || relations_deleted ||
           properties_set || kinds_set || sources_created;
  }
  friend bool operator==(const write_summary&, const write_summary&) = default;
};

/// The summary as text: "2 entities created, 1 relation deleted, 3 properties set", or
/// "no changes".
[[nodiscard]] std::string to_string(const write_summary& s);

/// The rows of a query, each a vector of values in column order. Iterates like a range of rows.
class result_set {
 public:
  using row = std::vector<query_value>;
  using const_iterator = std::vector<row>::const_iterator;

  result_set() = default;
  result_set(std::vector<std::string> columns, std::vector<row> rows, std::string why_cut = {},
             write_summary changes = {})
      : columns_(std::move(columns)),
        rows_(std::move(rows)),
        why_cut_(std::move(why_cut)),
        changes_(changes) {}

  [[nodiscard]] const std::vector<std::string>& columns() const noexcept { return columns_; }
  /// The position of the column named `name`; throws lookup_error with the closest names.
  [[nodiscard]] std::size_t column(std::string_view name) const;
  [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }
  [[nodiscard]] const row& operator[](std::size_t i) const { return rows_.at(i); }
  [[nodiscard]] const_iterator begin() const noexcept { return rows_.begin(); }
  [[nodiscard]] const_iterator end() const noexcept { return rows_.end(); }
  [[nodiscard]] const std::vector<row>& rows() const noexcept { return rows_; }

  /// Whether the query stopped early (row limit or deadline), and why.
  [[nodiscard]] bool cut() const noexcept { return !why_cut_.empty(); }
  [[nodiscard]] const std::string& why_cut() const noexcept { return why_cut_; }

  /// What a write query changed in the graph (nothing for a read query).
  [[nodiscard]] const write_summary& changes() const noexcept { return changes_; }

  /// What the query probably got wrong though it ran, each with its line, column and the
  /// closest names: a property key that nothing in the graph has reads as null, as openCypher
  /// says, and is reported here (`entente query` prints these on standard error).
  [[nodiscard]] const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  void set_warnings(std::vector<std::string> warnings) { warnings_ = std::move(warnings); }

 private:
  std::vector<std::string> columns_;
  std::vector<row> rows_;
  std::string why_cut_;
  write_summary changes_;
  std::vector<std::string> warnings_;
};

namespace cypher {

/// A query that parses but names something the graph does not have (a label, a relation type,
/// a function) or uses a variable or parameter it never defines. Like
/// `syntax_error`, `what()` shows the position with a caret; `suggestions()` lists the closest
/// valid names.
class name_error : public syntax_error {
 public:
  name_error(std::string_view text, source_position at, const std::string& message,
             std::vector<std::string> suggestions = {});
  [[nodiscard]] const std::vector<std::string>& suggestions() const noexcept {
    return suggestions_;
  }

 private:
  std::vector<std::string> suggestions_;
};

/// A write the graph refuses: a kind or type its schema lacks, a relation outside its domain or
/// range, a property of the wrong type (`evidence: "rumoured"`, `since: "June"`), an id already
/// taken, a DELETE of an entity that still has relations. Carries where in the query and the
/// closest valid names; the graph is left exactly as it was before the query.
class write_error : public name_error {
 public:
  using name_error::name_error;
};

}  // namespace cypher

namespace detail {
struct query_plan;
}

/// A query parsed, bound to a graph and planned once, to run many times with different
/// parameters and options (as a prepared statement). The graph must outlive it and not change
/// while it is in use; one thread runs it at a time (its stages keep their state between runs):
/// threads may take turns with one, or prepare one each.
///
///     prepared_query suppliers(g, "MATCH (a {id: $id})-[:supplies]->(b) RETURN count(DISTINCT
///     b)"); for (const auto& id : ids) total += suppliers.run({.parameters = {{"id",
///     id}}})[0][0].as_int();
///
/// Prepared on a graph it may change, a query may write (see `query(graph&, ...)`); such a
/// query is planned again at every run, since each run may change what the plan relied on.
class prepared_query {
 public:
  /// Parses and plans `cypher`; throws `cypher::syntax_error` or `cypher::name_error`, and
  /// `cypher::name_error` for a write clause, which needs a graph it may change.
  prepared_query(const graph& g, std::string_view cypher);
  prepared_query(const graph& g, cypher::query q);
  /// Parses and plans `cypher`, which may write to `g`.
  prepared_query(graph& g, std::string_view cypher);
  prepared_query(graph& g, cypher::query q);
  ~prepared_query();
  prepared_query(prepared_query&&) noexcept;
  prepared_query& operator=(prepared_query&&) noexcept;

  /// Runs the query; a `$name` missing from `opts.parameters` throws `cypher::name_error`.
  /// A write query is one transaction, as `query(graph&, ...)` runs it.
  [[nodiscard]] result_set run(const query_options& opts = {});
  [[nodiscard]] const std::vector<std::string>& columns() const noexcept;
  [[nodiscard]] const std::string& text() const noexcept;
  /// Whether the query has a clause that writes (CREATE, MERGE, SET, REMOVE, DELETE).
  [[nodiscard]] bool writes() const noexcept;

 private:
  std::unique_ptr<detail::query_plan> plan_;
};

/// Runs a parsed query; names are bound to `g` first, so a name error throws before any work.
/// A write clause throws `cypher::name_error`: writing needs the overload for a `graph&`.
[[nodiscard]] result_set query(const graph& g, const cypher::query& q,
                               const query_options& opts = {});

/// Parses and runs `cypher` (DESIGN.md §4); throws `cypher::syntax_error` or
/// `cypher::name_error` (both `parse_error`s) for a query it cannot run.
[[nodiscard]] inline result_set query(const graph& g, std::string_view cypher,
                                      const query_options& opts = {}) {
  return query(g, cypher::parse(cypher), opts);
}

/// Runs a query that may change `g` with CREATE, MERGE, SET, REMOVE and (DETACH) DELETE, mixed
/// freely with the reading clauses (DESIGN.md §4). The query is one transaction: every change
/// holds, or, when anything fails (a schema rule, a value of the wrong type, a DELETE of an
/// entity that still has relations, the deadline), none does. `g` is then exactly as it was
/// and the error (`cypher::write_error` for a refused write) is thrown. Each clause sees the
/// changes of the clauses before it, for every row at once (openCypher's clause-by-clause
/// semantics); `result_set::changes` counts what changed. No other thread may use `g` while
/// the query runs. A read-only query runs as on a `const graph&`.
result_set query(graph& g, const cypher::query& q, const query_options& opts = {});

/// Parses and runs `cypher`, which may change `g`.
inline result_set query(graph& g, std::string_view cypher, const query_options& opts = {}) {
  return query(g, cypher::parse(cypher), opts);
}

// ---- the C++ front end ---------------------------------------------------------------------

namespace pattern {

/// An expression of the C++ front end. It is kept as the Cypher text it stands for (every
/// operator parenthesised), so both front ends build the same syntax tree.
class expr {
 public:
  /// A literal: null, a boolean, a number, a string, a list or a map of them.
  expr(const query_value& literal);  // NOLINT: literals convert (`prop("b", "name") == "Russia"`)
  expr(const char* text) : expr(query_value(text)) {}  // NOLINT
  expr(int i) : expr(query_value(i)) {}                // NOLINT
  expr(double d) : expr(query_value(d)) {}             // NOLINT
  expr(bool b) : expr(query_value(b)) {}               // NOLINT

  /// `this AS name`, as a projection item.
  [[nodiscard]] std::pair<expr, std::string> as(std::string name) const { return {*this, name}; }
  /// The Cypher text of the expression.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  /// An expression from Cypher text already known to be well formed.
  [[nodiscard]] static expr from_text(std::string text) {
    expr e{query_value()};
    e.text_ = std::move(text);
    return e;
  }

  friend expr operator==(const expr& a, const expr& b);
  friend expr operator!=(const expr& a, const expr& b);
  friend expr operator<(const expr& a, const expr& b);
  friend expr operator<=(const expr& a, const expr& b);
  friend expr operator>(const expr& a, const expr& b);
  friend expr operator>=(const expr& a, const expr& b);
  friend expr operator&&(const expr& a, const expr& b);
  friend expr operator||(const expr& a, const expr& b);
  friend expr operator!(const expr& a);
  friend expr operator+(const expr& a, const expr& b);
  friend expr operator-(const expr& a, const expr& b);
  friend expr operator*(const expr& a, const expr& b);
  friend expr operator/(const expr& a, const expr& b);

  [[nodiscard]] expr in(const expr& list) const;
  [[nodiscard]] expr starts_with(const expr& prefix) const;
  [[nodiscard]] expr ends_with(const expr& suffix) const;
  [[nodiscard]] expr contains(const expr& part) const;
  [[nodiscard]] expr is_null() const;
  [[nodiscard]] expr is_not_null() const;

 private:
  std::string text_;
};

/// A variable bound by a pattern or a projection: `var("a")`.
[[nodiscard]] expr var(std::string name);
/// `variable.key`: `prop("a", "name")`.
[[nodiscard]] expr prop(std::string variable, std::string key);
/// `$name`.
[[nodiscard]] expr param(std::string name);
/// A function call: `call("count", {var("b")})`, `call("toLower", {prop("a", "name")})`;
/// `distinct` as in `count(DISTINCT b)`.
[[nodiscard]] expr call(std::string function, std::vector<expr> arguments = {},
                        bool distinct = false);
/// `count(*)`.
[[nodiscard]] expr count_all();

/// A node pattern `(variable:Label {key: value})`, then relations and nodes chained after it.
class chain {
 public:
  /// `(variable:Label1:Label2)`; labels separated by `:` in `labels`.
  explicit chain(std::string variable = {}, std::string labels = {},
                 std::vector<std::pair<std::string, expr>> properties = {});

  /// `-[variable:types]->` (types separated by `|`); `min_hops`/`max_hops` make it
  /// variable-length (`*min..max`).
  chain& out(std::string types = {}, std::string variable = {},
             std::optional<std::uint64_t> min_hops = {},
             std::optional<std::uint64_t> max_hops = {});
  /// `<-[variable:types]-`.
  chain& in(std::string types = {}, std::string variable = {},
            std::optional<std::uint64_t> min_hops = {}, std::optional<std::uint64_t> max_hops = {});
  /// `-[variable:types]-`, either way.
  chain& any(std::string types = {}, std::string variable = {},
             std::optional<std::uint64_t> min_hops = {},
             std::optional<std::uint64_t> max_hops = {});
  /// The node the last relation leads to.
  chain& to(const chain& node);
  /// Gives the last relation a property map: `-[r:supplies {evidence: "alleged"}]->`, to match
  /// or, in `create` and `merge`, to write.
  chain& with(std::vector<std::pair<std::string, expr>> properties);
  /// Names the whole chain as a path variable: `p = (...)`.
  chain& named(std::string path_variable);
  /// Makes it `shortestPath(...)` (or `allShortestPaths(...)` when `all`).
  chain& shortest(bool all = false);

  [[nodiscard]] std::string text() const;

 private:
  chain& step(char direction, std::string types, std::string variable,
              std::optional<std::uint64_t> min_hops, std::optional<std::uint64_t> max_hops);
  std::string path_variable_;
  bool shortest_ = false;
  bool all_shortest_ = false;
  struct node_part {
    std::string variable, labels;
    std::vector<std::pair<std::string, expr>> properties;
  };
  struct relation_part {
    char direction = '-';
    std::string types, variable;
    std::optional<std::uint64_t> min_hops, max_hops;
    bool variable_length = false;
    std::vector<std::pair<std::string, expr>> properties;
  };
  std::vector<node_part> nodes_;
  std::vector<relation_part> relations_;
};

/// Shorthand for `chain(variable, labels, properties)`.
[[nodiscard]] inline chain node(std::string variable = {}, std::string labels = {},
                                std::vector<std::pair<std::string, expr>> properties = {}) {
  return chain(std::move(variable), std::move(labels), std::move(properties));
}

}  // namespace pattern

/// Builds a query clause by clause; `run` executes it on the same engine as Cypher text.
class query_builder {
 public:
  using item = std::pair<pattern::expr, std::string>;

  query_builder& match(std::vector<pattern::chain> parts);
  query_builder& match(const pattern::chain& part) { return match(std::vector{part}); }
  query_builder& optional_match(std::vector<pattern::chain> parts);
  query_builder& optional_match(const pattern::chain& part) {
    return optional_match(std::vector{part});
  }
  /// A condition on the last MATCH or WITH.
  query_builder& where(const pattern::expr& condition);
  /// `WITH items` (each with an alias).
  query_builder& with(std::vector<item> items, bool distinct = false);
  query_builder& unwind(const pattern::expr& list, std::string alias);
  /// `RETURN items`; an item's name is its alias or, when empty, the expression's text.
  query_builder& returns(std::vector<item> items, bool distinct = false);
  query_builder& returns(const pattern::expr& e) { return returns({{e, std::string()}}); }
  query_builder& returns(const item& i) { return returns(std::vector{i}); }
  query_builder& order_by(const pattern::expr& key, bool descending = false);
  query_builder& skip(std::int64_t n);
  query_builder& limit(std::int64_t n);

  // ---- writing: the query then needs a graph it may change (`run(graph&)`) ----
  /// `CREATE parts`: new entities (one label each, an `id` or a `name`) and relations.
  query_builder& create(std::vector<pattern::chain> parts);
  query_builder& create(const pattern::chain& part) { return create(std::vector{part}); }
  /// `MERGE part`: found, or made whole.
  query_builder& merge(const pattern::chain& part);
  /// `ON CREATE SET target = value` after `merge` (`target` a property, `prop("n", "x")`).
  query_builder& on_create_set(const pattern::expr& target, const pattern::expr& value);
  /// `ON MATCH SET target = value` after `merge`.
  query_builder& on_match_set(const pattern::expr& target, const pattern::expr& value);
  /// `SET target = value`: a property (`prop("n", "x")`), or every property of a variable
  /// (`var("n")`, with a map).
  query_builder& set(const pattern::expr& target, const pattern::expr& value);
  /// `SET target += map`.
  query_builder& set_add(const pattern::expr& target, const pattern::expr& map);
  /// `SET variable:Kind`: the entity's kind becomes `kind`.
  query_builder& set_kind(std::string variable, std::string kind);
  /// `REMOVE property`.
  query_builder& remove(const pattern::expr& property);
  /// `DELETE targets` (entities without relations, relations, paths).
  query_builder& delete_(std::vector<pattern::expr> targets);
  /// `DETACH DELETE targets`: entities with their relations.
  query_builder& detach_delete(std::vector<pattern::expr> targets);

  /// The query as Cypher text (what `run` executes).
  [[nodiscard]] std::string text() const;
  [[nodiscard]] result_set run(const graph& g, const query_options& opts = {}) const;
  /// Runs the query on a graph it may change, as one transaction (see `query(graph&, ...)`).
  result_set run(graph& g, const query_options& opts = {}) const;

 private:
  std::string text_;
  bool open_projection_ = false;  // the last clause is WITH/RETURN (ORDER BY may follow)
  std::size_t last_merge_ = std::string::npos;  // where a MERGE (and its ON ... SET) ends
};

/// Starts a query with `MATCH part`.
[[nodiscard]] inline query_builder match(const pattern::chain& part) {
  return query_builder().match(part);
}

}  // namespace entente

template <>
struct fmt::formatter<entente::query_value> : fmt::formatter<std::string_view> {
  template <class Context>
  auto format(const entente::query_value& v, Context& ctx) const {
    return fmt::formatter<std::string_view>::format(entente::to_string(v), ctx);
  }
};

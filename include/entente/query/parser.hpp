#pragma once
/// The front end of entente's openCypher subset: text to syntax tree, or an error that shows
/// where the text went wrong.

#include <entente/query/ast.hpp>
#include <entente/error.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace entente::cypher {

/// A query that is not in the subset. `line()` and `column()` locate the offending token;
/// `what()` adds the offending line with a caret under that token:
///
///     unexpected ']' after 'MATCH (a' — expected a label, a property map or ')' (line 1, column 9)
///       MATCH (a]
///               ^
class syntax_error : public parse_error {
 public:
  /// An error about `text` at `at`; `message` says what is wrong, without the position.
  syntax_error(std::string_view text, source_position at, const std::string& message);

  /// The message, position and caret display.
  [[nodiscard]] const char* what() const noexcept override { return full_->c_str(); }
  /// Where the offending token starts.
  [[nodiscard]] source_position position() const noexcept { return position_; }

 private:
  // Shared so that copying the exception cannot throw.
  std::shared_ptr<const std::string> full_;
  source_position position_;
};

/// Parses one read-only query of the openCypher subset (DESIGN.md §4). Throws `syntax_error`
/// for anything else, including write clauses; never anything but `parse_error`s (and
/// `std::bad_alloc`).
///
///     auto q = cypher::parse("MATCH (a:State)-[:supplies]->(b) RETURN a.name");
[[nodiscard]] query parse(std::string_view text);

/// The line of `text` holding `at`, then a caret under `at`, each indented by two spaces and
/// separated by a newline (no trailing newline); long lines are cut around the caret.
[[nodiscard]] std::string show_position(std::string_view text, source_position at);

}  // namespace entente::cypher

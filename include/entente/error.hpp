#pragma once
/// The one exception hierarchy of entente: every error it throws derives from `entente::error`.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace entente {

/// Base of every exception entente throws.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Text that could not be parsed; carries where (1-based line and column, 0 when unknown).
class parse_error : public error {
 public:
  parse_error(const std::string& message, std::size_t line = 0, std::size_t column = 0)
      : error(line == 0 ? message
                        : message + " (line " + std::to_string(line) + ", column " +
                              std::to_string(column) + ")"),
        line_(line),
        column_(column) {}
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] std::size_t column() const noexcept { return column_; }

 private:
  std::size_t line_;
  std::size_t column_;
};

/// A fact that breaks the schema: an unknown kind or type, or a relation outside its domain/range.
class schema_error : public error {
 public:
  using error::error;
};

/// `; did you mean "a", "b" or "c"?` for the given names, or "" when there are none.
inline std::string did_you_mean(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string text = "; did you mean ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += '"' + names[i] + '"';
  }
  return text + "?";
}

/// A name, id or type that is not in the graph; carries the closest valid names.
class lookup_error : public error {
 public:
  lookup_error(const std::string& message, std::vector<std::string> suggestions = {})
      : error(message + did_you_mean(suggestions)), suggestions_(std::move(suggestions)) {}
  [[nodiscard]] const std::vector<std::string>& suggestions() const noexcept {
    return suggestions_;
  }

 private:
  std::vector<std::string> suggestions_;
};

/// A file that cannot be read or written, or whose content is damaged or foreign.
class io_error : public error {
 public:
  using error::error;
};

}  // namespace entente

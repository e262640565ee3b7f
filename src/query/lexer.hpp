#pragma once
// Tokens of the openCypher subset, produced one at a time so that errors come in source order.

#include <entente/detail/utf8.hpp>
#include <entente/query/ast.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace entente::cypher::detail {

enum class token_kind {
  end,          ///< past the last token
  word,         ///< a keyword or a name, unquoted: which one depends on where it is
  quoted_name,  ///< `a name` in backquotes: never a keyword
  integer,      ///< 42, 0x2A, 0o52
  decimal,      ///< 1.5, .5, 1e3
  string,       ///< 'text' or "text"
  parameter,    ///< $name, $0, $`a name`
  symbol        ///< punctuation and operators: ( ) [ ] { } , . .. : | * / % ^ + - = <> < <= > >= ;
};

struct token {
  token_kind kind = token_kind::end;
  std::string_view text;  ///< as written
  source_position position;
  std::size_t end = 0;        ///< byte offset just past the token
  std::string value;          ///< decoded name, string or parameter name
  std::uint64_t integer = 0;  ///< value of an integer; the parser refuses most past INT64_MAX
  double decimal = 0;
};

/// Splits query text into tokens; throws `syntax_error` on text that is no token.
class lexer {
 public:
  explicit lexer(std::string_view text) : text_(text) {}

  /// The next token; an `end` token (again and again) once the text is used up. The end token
  /// sits just past the last real token, where a missing one would go.
  token next();

  /// The position of byte `offset`; offsets must not decrease from call to call.
  source_position position_at(std::size_t offset);

 private:
  [[noreturn]] void fail(std::size_t offset, const std::string& message);
  void skip_space_and_comments();
  token lex_number(std::size_t start);
  token lex_word(std::size_t start);
  token lex_quoted_name(std::size_t start);
  /// Reads the backquoted name opening at `start` and returns it without quotes.
  std::string read_quoted_name(std::size_t start);
  token lex_string(std::size_t start);
  token lex_parameter(std::size_t start);
  /// Reads `\uXXXX` (or `\UXXXXXXXX`) hex digits at `pos_`; `escape` is where the `\` was.
  char32_t read_hex_escape(std::size_t escape, int digits);
  /// Moves past the name characters at `pos_`.
  void skip_name_chars();
  token make(token_kind kind, std::size_t start);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t last_end_ = 0;
  // The running position, so that positions cost O(n) in all.
  std::size_t cursor_offset_ = 0;
  std::size_t cursor_line_ = 1;
  std::size_t cursor_column_ = 1;
};

/// The code point at `text[i]` into `cp`; returns its length in bytes, 0 when not UTF-8.
std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& cp);

using entente::detail::append_utf8;

/// True for a code point that may appear in an unquoted name (after the first character).
bool is_name_char(char32_t cp);

/// True for a code point that may start an unquoted name.
bool is_name_start(char32_t cp);

/// ASCII-case-insensitive comparison, for keywords.
bool iequals(std::string_view a, std::string_view b);

/// How an error message names a token: `')'`, `'WHERE'`, `"text"`, `42`, `end of query`.
std::string describe(const token& t);

/// Up to the last 30 characters of `text` before `offset` (whitespace collapsed), for
/// "after '...'" in error messages; empty when nothing precedes.
std::string context_before(std::string_view text, std::size_t offset);

}  // namespace entente::cypher::detail

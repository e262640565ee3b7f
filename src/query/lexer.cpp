#include "query/lexer.hpp"

#include <entente/query/parser.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace entente::cypher {
namespace detail {
namespace {

bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(unsigned char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_ascii_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// Whitespace beyond ASCII that openCypher skips between tokens (no-break and ideographic
/// spaces, line separators, the byte-order mark), so a query pasted from a document parses.
bool is_unicode_space(char32_t cp) {
  return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
         cp == 0xFEFF;
}

/// The length of the Unicode space at `text[i]`, or 0 when there is none.
std::size_t unicode_space_length(std::string_view text, std::size_t i) {
  char32_t cp = 0;
  std::size_t len = static_cast<unsigned char>(text[i]) >= 0x80 ? decode_utf8(text, i, cp) : 0;
  return len != 0 && is_unicode_space(cp) ? len : 0;
}

/// Terminal cells a code point takes, so a caret lines up under Korean or Chinese text too.
int display_width(char32_t cp) {
  if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F)) return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

/// `text` for an error message: control characters and bad bytes become `?`, whitespace runs
/// one space, and at most `max` characters are kept (then `…`).
std::string printable(std::string_view text, std::size_t max) {
  std::string out;
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (count == max) return out + "…";
    auto c = static_cast<unsigned char>(text[i]);
    char32_t cp = 0;
    if (is_ascii_space(c)) {
      while (i < text.size() && is_ascii_space(static_cast<unsigned char>(text[i]))) ++i;
      out += ' ';
    } else if (std::size_t len = decode_utf8(text, i, cp); len == 0 || cp < 0x20 || cp == 0x7F) {
      out += '?';
      i += len == 0 ? 1 : len;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
    ++count;
  }
  return out;
}

}  // namespace

std::size_t decode_utf8(std::string_view text, std::size_t i, char32_t& cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char b = byte(i);
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  std::size_t len = 0;
  char32_t min = 0;
  if ((b & 0xE0) == 0xC0) {
    len = 2, cp = b & 0x1F, min = 0x80;
  } else if ((b & 0xF0) == 0xE0) {
    len = 3, cp = b & 0x0F, min = 0x800;
  } else if ((b & 0xF8) == 0xF0) {
    len = 4, cp = b & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - i < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool is_name_start(char32_t cp) {
  return cp < 0x80 ? is_ascii_letter(static_cast<unsigned char>(cp)) || cp == '_'
                   : !is_unicode_space(cp);
}

bool is_name_char(char32_t cp) {
  return is_name_start(cp) || (cp < 0x80 && is_digit(static_cast<unsigned char>(cp)));
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

std::string describe(const token& t) {
  if (t.kind == token_kind::end) return "end of query";
  std::string shown = printable(t.text, 20);
  if (t.kind == token_kind::word || t.kind == token_kind::symbol) return "'" + shown + "'";
  return shown;
}

std::string context_before(std::string_view text, std::size_t offset) {
  std::size_t end = std::min(offset, text.size());
  while (end > 0 && is_ascii_space(static_cast<unsigned char>(text[end - 1]))) --end;
  constexpr std::size_t max = 30;
  std::size_t start = end;
  std::size_t count = 0;
  while (start > 0 && count < max) {
    std::size_t i = start - 1;
    while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
    if (is_ascii_space(static_cast<unsigned char>(text[i])))
      while (i > 0 && is_ascii_space(static_cast<unsigned char>(text[i - 1]))) --i;
    start = i;
    ++count;
  }
  bool cut = start > 0;
  while (start < end && is_ascii_space(static_cast<unsigned char>(text[start]))) ++start;
  std::string out = printable(text.substr(start, end - start), max);
  return cut ? "…" + out : out;
}

// ---- lexer -------------------------------------------------------------------------------

source_position lexer::position_at(std::size_t offset) {
  if (offset < cursor_offset_) cursor_offset_ = 0, cursor_line_ = 1, cursor_column_ = 1;
  for (; cursor_offset_ < offset; ++cursor_offset_) {
    auto b = static_cast<unsigned char>(text_[cursor_offset_]);
    if (b == '\n') {
      ++cursor_line_;
      cursor_column_ = 1;
    } else if ((b & 0xC0) != 0x80) {
      ++cursor_column_;  // continuation bytes belong to the code point before them
    }
  }
  return {cursor_line_, cursor_column_, offset};
}

void lexer::fail(std::size_t offset, const std::string& message) {
  throw syntax_error(text_, position_at(offset), message);
}

token lexer::make(token_kind kind, std::size_t start) {
  token t;
  t.kind = kind;
  t.text = text_.substr(start, pos_ - start);
  t.position = position_at(start);
  t.end = pos_;
  last_end_ = pos_;
  return t;
}

void lexer::skip_space_and_comments() {
  while (pos_ < text_.size()) {
    auto c = static_cast<unsigned char>(text_[pos_]);
    char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    if (is_ascii_space(c)) {
      ++pos_;
    } else if (c == '/' && next == '/') {
      pos_ = std::min(text_.find('\n', pos_), text_.size());
    } else if (c == '/' && next == '*') {
      auto close = text_.find("*/", pos_ + 2);
      if (close == std::string_view::npos) fail(pos_, "unterminated comment: no closing '*/'");
      pos_ = close + 2;
    } else if (std::size_t len = unicode_space_length(text_, pos_); len != 0) {
      pos_ += len;
    } else {
      return;
    }
  }
}

void lexer::skip_name_chars() {
  while (pos_ < text_.size()) {
    char32_t cp = 0;
    std::size_t len = decode_utf8(text_, pos_, cp);
    if (len == 0)
      fail(pos_, fmt::format("invalid UTF-8: unexpected byte 0x{:02X}",
                             static_cast<unsigned char>(text_[pos_])));
    if (!is_name_char(cp)) return;
    pos_ += len;
  }
}

token lexer::next() {
  skip_space_and_comments();
  if (pos_ >= text_.size()) {
    token t;
    t.text = text_.substr(last_end_, 0);
    t.position = position_at(last_end_);
    t.end = last_end_;
    return t;
  }
  std::size_t start = pos_;
  auto c = static_cast<unsigned char>(text_[pos_]);
  char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
  if (is_digit(c) || (c == '.' && is_digit(static_cast<unsigned char>(next))))
    return lex_number(start);
  if (c == '`') return lex_quoted_name(start);
  if (c == '"' || c == '\'') return lex_string(start);
  if (c == '$') return lex_parameter(start);
  if (c >= 0x80 || is_name_start(c)) return lex_word(start);
  std::string_view two = text_.substr(pos_, 2);
  if (two == ".." || two == "<>" || two == "<=" || two == ">=" || two == "+=") {
    pos_ += 2;
    return make(token_kind::symbol, start);
  }
  if (two == "!=") fail(start, "'!=' is not openCypher: write '<>' for 'not equal'");
  if (std::string_view("()[]{},.:|*/%^+-=<>;").find(static_cast<char>(c)) !=
      std::string_view::npos) {
    ++pos_;
    return make(token_kind::symbol, start);
  }
  fail(start, c > 0x20 && c < 0x7F ? fmt::format("unexpected character '{}'", static_cast<char>(c))
                                   : fmt::format("unexpected character U+{:04X}", c));
}

token lexer::lex_number(std::size_t start) {
  auto digits = [&](auto is_valid) {
    std::size_t from = pos_;
    while (pos_ < text_.size() && is_valid(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    return pos_ - from;
  };
  auto at = [&](std::size_t i) { return i < text_.size() ? text_[i] : '\0'; };
  int base = 10;
  bool is_decimal = false;
  if (at(pos_) == '0' && (at(pos_ + 1) == 'x' || at(pos_ + 1) == 'X')) {
    base = 16;
    pos_ += 2;
    digits(is_hex_digit);
  } else if (at(pos_) == '0' && (at(pos_ + 1) == 'o' || at(pos_ + 1) == 'O')) {
    base = 8;
    pos_ += 2;
    digits([](unsigned char d) { return d >= '0' && d <= '7'; });
  } else {
    digits(is_digit);
    if (at(pos_) == '.' && is_digit(static_cast<unsigned char>(at(pos_ + 1)))) {
      ++pos_;
      digits(is_digit);
      is_decimal = true;
    }
    if (at(pos_) == 'e' || at(pos_) == 'E') {
      std::size_t k = pos_ + 1;
      if (at(k) == '+' || at(k) == '-') ++k;
      if (is_digit(static_cast<unsigned char>(at(k)))) {
        pos_ = k;
        digits(is_digit);
        is_decimal = true;
      }
    }
  }
  // A name character glued to a number is a typo (`12abc`, `1e`, `0x`), not two tokens.
  if (char32_t cp = 0; pos_ < text_.size() && decode_utf8(text_, pos_, cp) && is_name_char(cp)) {
    skip_name_chars();
    fail(start,
         fmt::format("invalid number '{}'", printable(text_.substr(start, pos_ - start), 30)));
  }
  if (base != 10 && pos_ - start == 2)
    fail(start, fmt::format("invalid number '{}'", text_.substr(start, 2)));
  token t = make(is_decimal ? token_kind::decimal : token_kind::integer, start);
  if (is_decimal) {
    // from_chars wants a digit before the point; appended rather than `"0" + text`, which
    // GCC 12 misreads as an overlapping copy (-Wrestrict) in release builds.
    std::string buffer;
    if (t.text.front() == '.') buffer += '0';
    buffer.append(t.text);
    auto [end, ec] = std::from_chars(buffer.data(), buffer.data() + buffer.size(), t.decimal);
    if (ec != std::errc() || end != buffer.data() + buffer.size())
      fail(start, fmt::format("number {} is out of range", t.text));
    return t;
  }
  if (base == 10 && t.text.size() > 1 && t.text.front() == '0') {
    auto digits_start = std::min(t.text.find_first_not_of('0'), t.text.size() - 1);
    fail(start, fmt::format("invalid number '{}': leading zeros are not allowed (octal is 0o{})",
                            t.text, t.text.substr(digits_start)));
  }
  std::string_view body = base == 10 ? t.text : t.text.substr(2);
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), t.integer, base);
  if (ec != std::errc() || end != body.data() + body.size())
    fail(start,
         fmt::format("integer {} is too large (the largest is 9223372036854775807)", t.text));
  return t;
}

token lexer::lex_word(std::size_t start) {
  pos_ = start;
  skip_name_chars();  // fails on bad UTF-8; Unicode spaces were skipped before the word
  return make(token_kind::word, start);
}

std::string lexer::read_quoted_name(std::size_t start) {
  pos_ = start + 1;
  std::string value;
  for (;;) {
    auto close = text_.find('`', pos_);
    if (close == std::string_view::npos) fail(start, "unterminated name: no closing '`'");
    for (std::size_t i = pos_; i < close;) {
      char32_t cp = 0;
      std::size_t len = decode_utf8(text_, i, cp);
      if (len == 0)
        fail(i, fmt::format("invalid UTF-8: unexpected byte 0x{:02X}",
                            static_cast<unsigned char>(text_[i])));
      i += len;
    }
    value.append(text_.substr(pos_, close - pos_));
    pos_ = close + 1;
    if (pos_ < text_.size() && text_[pos_] == '`') {  // `` stands for one backquote
      value += '`';
      ++pos_;
      continue;
    }
    break;
  }
  if (value.empty()) fail(start, "empty name: `` names nothing");
  return value;
}

token lexer::lex_quoted_name(std::size_t start) {
  std::string value = read_quoted_name(start);
  token t = make(token_kind::quoted_name, start);
  t.value = std::move(value);
  return t;
}

char32_t lexer::read_hex_escape(std::size_t escape, int digits) {
  auto count = static_cast<std::size_t>(digits);
  std::string_view hex = text_.substr(pos_, count);
  if (hex.size() != count || !std::all_of(hex.begin(), hex.end(), [](char h) {
        return is_hex_digit(static_cast<unsigned char>(h));
      }))
    fail(escape, fmt::format("invalid escape: \\{} needs {} hexadecimal digits",
                             digits == 4 ? 'u' : 'U', digits));
  std::uint32_t value = 0;
  std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
  pos_ += count;
  return static_cast<char32_t>(value);
}

token lexer::lex_string(std::size_t start) {
  const char quote = text_[start];
  pos_ = start + 1;
  std::string value;
  for (;;) {
    if (pos_ >= text_.size()) fail(start, fmt::format("unterminated string: no closing {}", quote));
    auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == static_cast<unsigned char>(quote)) {
      ++pos_;
      break;
    }
    if (c == '\\') {
      std::size_t escape = pos_;
      if (pos_ + 1 >= text_.size())
        fail(start, fmt::format("unterminated string: no closing {}", quote));
      char e = text_[pos_ + 1];
      pos_ += 2;
      switch (e) {
        case '\\': value += '\\'; break;
        case '\'': value += '\''; break;
        case '"': value += '"'; break;
        case 'n':
        case 'N': value += '\n'; break;
        case 't':
        case 'T': value += '\t'; break;
        case 'r':
        case 'R': value += '\r'; break;
        case 'b':
        case 'B': value += '\b'; break;
        case 'f':
        case 'F': value += '\f'; break;
        case 'u': {
          char32_t cp = read_hex_escape(escape, 4);
          if (cp >= 0xD800 && cp <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
            std::size_t second = pos_;
            pos_ += 2;
            char32_t low = read_hex_escape(second, 4);
            if (low < 0xDC00 || low > 0xDFFF)
              fail(escape, "invalid escape: a high surrogate must be followed by a low one");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            fail(escape, "invalid escape: a lone surrogate is not a character");
          }
          append_utf8(value, cp);
          break;
        }
        case 'U': {
          char32_t cp = read_hex_escape(escape, 8);
          if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            fail(escape, "invalid escape: not a Unicode character");
          append_utf8(value, cp);
          break;
        }
        default:
          fail(escape,
               fmt::format("unknown escape '\\{}' (known: \\\\ \\' \\\" \\n \\t \\r \\b \\f "
                           "\\uXXXX \\UXXXXXXXX)",
                           printable(text_.substr(escape + 1, 1), 1)));
      }
      continue;
    }
    char32_t cp = 0;
    std::size_t len = decode_utf8(text_, pos_, cp);
    if (len == 0) fail(pos_, fmt::format("invalid UTF-8: unexpected byte 0x{:02X}", c));
    value.append(text_.substr(pos_, len));
    pos_ += len;
  }
  token t = make(token_kind::string, start);
  t.value = std::move(value);
  return t;
}

token lexer::lex_parameter(std::size_t start) {
  pos_ = start + 1;
  char32_t cp = 0;
  std::string value;
  if (pos_ < text_.size() && text_[pos_] == '`') {
    value = read_quoted_name(pos_);
  } else if (pos_ < text_.size() && decode_utf8(text_, pos_, cp) && is_name_char(cp)) {
    skip_name_chars();
    value = std::string(text_.substr(start + 1, pos_ - start - 1));
  } else {
    fail(start, "expected a parameter name after '$'");
  }
  token t = make(token_kind::parameter, start);
  t.value = std::move(value);
  return t;
}

}  // namespace detail

// ---- errors ------------------------------------------------------------------------------

syntax_error::syntax_error(std::string_view text, source_position at, const std::string& message)
    : parse_error(message, at.line, at.column),
      full_(std::make_shared<const std::string>(std::string(parse_error::what()) + "\n" +
                                                show_position(text, at))),
      position_(at) {}

std::string show_position(std::string_view text, source_position at) {
  using detail::decode_utf8;
  std::size_t offset = std::min(at.offset, text.size());
  std::size_t begin = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  std::size_t end = std::min(text.find('\n', offset), text.size());
  if (end > begin && end > offset && text[end - 1] == '\r') --end;

  struct cell {
    std::string_view shown;
    int width;
    bool tab;
  };
  std::vector<cell> cells;
  std::size_t caret = std::string_view::npos;
  for (std::size_t i = begin; i < end;) {
    if (i >= offset && caret == std::string_view::npos) caret = cells.size();
    char32_t cp = 0;
    std::size_t len = decode_utf8(text, i, cp);
    if (len == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7F) {
      cells.push_back({"?", 1, false});
      i += len == 0 ? 1 : len;
    } else {
      cells.push_back({text.substr(i, len), detail::display_width(cp), cp == '\t'});
      i += len;
    }
  }
  if (caret == std::string_view::npos) caret = cells.size();

  // Long lines are cut around the caret, so the caret stays on screen.
  constexpr std::size_t before = 60;
  constexpr std::size_t width = 100;
  std::size_t first = 0;
  std::size_t last = cells.size();
  if (cells.size() > width) {
    first = caret > before ? caret - before : 0;
    last = std::min(cells.size(), first + width);
  }
  std::string line = first > 0 ? "  …" : "  ";
  std::string marker = first > 0 ? "   " : "  ";
  for (std::size_t i = first; i < last; ++i) {
    line.append(cells[i].shown);
    if (i < caret)
      marker.append(cells[i].tab ? std::string(1, '\t')
                                 : std::string(static_cast<std::size_t>(cells[i].width), ' '));
  }
  if (last < cells.size()) line += "…";
  return line + "\n" + marker + "^";
}

}  // namespace entente::cypher

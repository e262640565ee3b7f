// Kùzu's EXPORT DATABASE scripts, read by a small strict parser of just the statements they hold:
// CREATE NODE TABLE and CREATE REL TABLE in schema.cypher, COPY ... FROM in copy.cypher.

#include "io/csv_read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace entente::detail {
namespace {

std::string ascii_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

struct token {
  enum kind_t { word, quoted_name, string, punct, end } kind = end;
  std::string text;
  std::size_t line = 0;
  std::size_t column = 0;
};

/// Splits a script into tokens: words, `quoted` names, 'strings' or "strings", punctuation;
/// `//` and `/* */` comments are skipped.
class lexer {
 public:
  lexer(std::string_view text, const std::string& name) : text_(text), name_(name) {}

  token next() {
    skip_space();
    token t;
    t.line = line_;
    t.column = column_;
    if (at_ >= text_.size()) return t;
    const char c = text_[at_];
    if (c == '`' || c == '\'' || c == '"') {
      t.kind = c == '`' ? token::quoted_name : token::string;
      advance();
      for (;;) {
        if (at_ >= text_.size())
          fail(t, fmt::format("{} is never closed", c == '`' ? "a `name`" : "a string"));
        const char d = text_[at_];
        if (d == '\\' && c != '`' && at_ + 1 < text_.size()) {
          advance();
          t.text += text_[at_];
          advance();
          continue;
        }
        advance();
        if (d == c) {
          if (at_ < text_.size() && text_[at_] == c) {  // a doubled quote stands for one
            t.text += c;
            advance();
            continue;
          }
          break;
        }
        t.text += d;
      }
      return t;
    }
    if (is_word_char(c)) {
      t.kind = token::word;
      while (at_ < text_.size() && is_word_char(text_[at_])) {
        t.text += text_[at_];
        advance();
      }
      return t;
    }
    t.kind = token::punct;
    t.text = std::string(1, c);
    advance();
    return t;
  }

  [[noreturn]] void fail(const token& t, const std::string& what) const {
    throw parse_error(name_ + ": " + what, t.line, t.column);
  }

 private:
  void advance() {
    if (text_[at_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[at_]) & 0xC0) != 0x80) {
      ++column_;  // a character's column: continuation bytes of UTF-8 add none
    }
    ++at_;
  }
  void skip_space() {
    for (;;) {
      while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_])) != 0)
        advance();
      if (text_.substr(at_).starts_with("//")) {
        while (at_ < text_.size() && text_[at_] != '\n') advance();
      } else if (text_.substr(at_).starts_with("/*")) {
        while (at_ < text_.size() && !text_.substr(at_).starts_with("*/")) advance();
        if (at_ < text_.size()) {
          advance();
          advance();
        }
      } else {
        return;
      }
    }
  }

  std::string_view text_;
  const std::string& name_;
  std::size_t at_ = 0;
  std::size_t line_ = 1;
  std::size_t column_ = 1;
};

/// A parser over the tokens, one token of lookahead.
class script_parser {
 public:
  script_parser(std::string_view text, const std::string& name) : lex_(text, name) {
    look_ = lex_.next();
  }

  [[nodiscard]] const token& peek() const noexcept { return look_; }
  [[nodiscard]] bool at_end() const noexcept { return look_.kind == token::end; }
  token take() {
    token t = std::move(look_);
    look_ = lex_.next();
    return t;
  }
  /// Whether the next token is the keyword `word` (any case).
  [[nodiscard]] bool at_word(std::string_view word) const {
    return look_.kind == token::word && ascii_upper(look_.text) == word;
  }
  bool accept_word(std::string_view word) {
    if (!at_word(word)) return false;
    take();
    return true;
  }
  void expect_word(std::string_view word) {
    if (!accept_word(word)) fail(fmt::format("expected {}", word));
  }
  [[nodiscard]] bool at_punct(char c) const {
    return look_.kind == token::punct && look_.text.size() == 1 && look_.text[0] == c;
  }
  bool accept(char c) {
    if (!at_punct(c)) return false;
    take();
    return true;
  }
  void expect(char c) {
    if (!accept(c)) fail(fmt::format("expected '{}'", c));
  }
  std::string name(std::string_view what) {
    if (look_.kind != token::word && look_.kind != token::quoted_name)
      fail(fmt::format("expected {}", what));
    return take().text;
  }
  std::string string(std::string_view what) {
    if (look_.kind != token::string) fail(fmt::format("expected {} in quotes", what));
    return take().text;
  }
  [[noreturn]] void fail(const std::string& what) const {
    lex_.fail(look_, what + ", not " + shown(look_));
  }

 private:
  static std::string shown(const token& t) {
    switch (t.kind) {
      case token::end: return "the end of the file";
      case token::string: return "the string '" + t.text + "'";
      case token::quoted_name: return "`" + t.text + "`";
      default: return "'" + t.text + "'";
    }
  }
  lexer lex_;
  token look_;
};

/// A column type as written (`INT64`, `STRING[]`, `DECIMAL(10, 2)`, `STRUCT(a INT64)`), up to
/// the comma or parenthesis that ends it.
std::string type_text(script_parser& p) {
  std::string text = p.name("a column type");
  int depth = 0;
  for (;;) {
    if (p.at_punct('(') || p.at_punct('[')) {
      ++depth;
    } else if (depth > 0 && (p.at_punct(')') || p.at_punct(']'))) {
      --depth;
    } else if (depth == 0) {
      break;
    }
    if (p.at_end()) p.fail("a column type is not closed");
    const token t = p.take();
    if (!text.empty() && t.kind == token::word &&
        (std::isalnum(static_cast<unsigned char>(text.back())) != 0))
      text += ' ';
    text += t.text;
  }
  return text;
}

/// Skips a DEFAULT expression: everything up to the comma or parenthesis that ends the column.
void skip_default(script_parser& p) {
  int depth = 0;
  while (!p.at_end() && (depth > 0 || !(p.at_punct(',') || p.at_punct(')')))) {
    if (p.at_punct('(') || p.at_punct('[')) ++depth;
    if (p.at_punct(')') || p.at_punct(']')) --depth;
    p.take();
  }
}

void relation_ends(script_parser& p, kuzu_table& table) {
  while (p.accept_word("FROM")) {
    std::string from = p.name("a node table");
    p.expect_word("TO");
    std::string to = p.name("a node table");
    table.ends.emplace_back(std::move(from), std::move(to));
    if (!p.accept(',')) return;
  }
}

constexpr std::array<std::string_view, 4> multiplicities{"MANY_MANY", "MANY_ONE", "ONE_MANY",
                                                         "ONE_ONE"};

kuzu_table create_table(script_parser& p) {
  kuzu_table table;
  if (p.accept_word("REL")) {
    table.is_relation = true;
    if (p.at_word("GROUP")) p.fail("a REL TABLE GROUP (an older Kùzu's) is not read");
  } else {
    p.expect_word("NODE");
  }
  p.expect_word("TABLE");
  if (p.accept_word("IF")) {
    p.expect_word("NOT");
    p.expect_word("EXISTS");
  }
  table.name = p.name("the table's name");
  p.expect('(');
  if (table.is_relation) {
    if (!p.at_word("FROM")) p.fail("expected FROM");
    relation_ends(p, table);
  }
  while (!p.at_punct(')')) {
    if (p.at_word("PRIMARY")) {
      p.take();
      p.expect_word("KEY");
      p.expect('(');
      table.primary_key = p.name("the primary key's column");
      p.expect(')');
    } else if (table.is_relation && std::find(multiplicities.begin(), multiplicities.end(),
                                              ascii_upper(p.peek().text)) != multiplicities.end()) {
      p.take();
    } else {
      kuzu_property property;
      property.name = p.name("a column name");
      property.type = kuzu_type(type_text(p));
      if (p.accept_word("DEFAULT")) skip_default(p);
      if (p.accept_word("PRIMARY")) {
        p.expect_word("KEY");
        table.primary_key = property.name;
      }
      table.properties.push_back(std::move(property));
    }
    if (!p.accept(',')) break;
  }
  p.expect(')');
  if (!table.is_relation && table.primary_key.empty())
    p.fail(fmt::format("node table '{}' has no PRIMARY KEY", table.name));
  return table;
}

}  // namespace

csv_type kuzu_type(std::string_view text) {
  csv_type t;
  t.spelled = std::string(text);
  std::string base = ascii_upper(text);
  int depth = 0;
  while (base.ends_with(']')) {  // `[]` a list, `[3]` an array: both lists here
    const auto open = base.rfind('[');
    if (open == std::string::npos) break;
    base.erase(open);
    ++depth;
  }
  if (depth > 1) {  // a list of lists: kept as its text
    t.scalar = csv_scalar::text;
    return t;
  }
  if (depth == 1) t.list = csv_list_syntax::bracketed;
  struct named {
    std::string_view name;
    csv_scalar scalar;
    int bits;
    bool is_unsigned;
  };
  static constexpr std::array<named, 17> scalars{{{"INT8", csv_scalar::integer, 8, false},
                                                  {"INT16", csv_scalar::integer, 16, false},
                                                  {"INT32", csv_scalar::integer, 32, false},
                                                  {"INT", csv_scalar::integer, 32, false},
                                                  {"INT64", csv_scalar::integer, 64, false},
                                                  {"SERIAL", csv_scalar::integer, 64, false},
                                                  {"INT128", csv_scalar::integer, 64, false},
                                                  {"UINT8", csv_scalar::integer, 8, true},
                                                  {"UINT16", csv_scalar::integer, 16, true},
                                                  {"UINT32", csv_scalar::integer, 32, true},
                                                  {"UINT64", csv_scalar::integer, 64, true},
                                                  {"FLOAT", csv_scalar::real, 64, false},
                                                  {"DOUBLE", csv_scalar::real, 64, false},
                                                  {"BOOL", csv_scalar::boolean, 0, false},
                                                  {"BOOLEAN", csv_scalar::boolean, 0, false},
                                                  {"DATE", csv_scalar::date, 0, false},
                                                  {"STRING", csv_scalar::string, 0, false}}};
  for (const auto& s : scalars)
    if (base == s.name) {
      t.scalar = s.scalar;
      t.bits = s.bits;
      t.is_unsigned = s.is_unsigned;
      return t;
    }
  // A decimal is read as a real; the rest (timestamps, intervals, UUIDs, blobs, structs, maps,
  // unions) have no entente type and keep their text.
  t.scalar = base.starts_with("DECIMAL") ? csv_scalar::real : csv_scalar::text;
  if (t.scalar == csv_scalar::text && depth == 1) {
    t.list = csv_list_syntax::none;  // a list of them: its text too
  }
  return t;
}

std::vector<kuzu_table> parse_kuzu_schema(std::string_view text, const std::string& name) {
  script_parser p(text, name);
  std::vector<kuzu_table> tables;
  while (!p.at_end()) {
    if (p.accept(';')) continue;
    if (!p.at_word("CREATE")) p.fail("expected CREATE NODE TABLE or CREATE REL TABLE");
    p.take();
    if (!p.at_word("NODE") && !p.at_word("REL"))
      p.fail("expected NODE TABLE or REL TABLE (schema.cypher is read for its tables only)");
    tables.push_back(create_table(p));
    if (!p.at_end()) p.expect(';');
  }
  return tables;
}

std::vector<kuzu_copy> parse_kuzu_copies(std::string_view text, const std::string& name) {
  script_parser p(text, name);
  std::vector<kuzu_copy> copies;
  while (!p.at_end()) {
    if (p.accept(';')) continue;
    p.expect_word("COPY");
    kuzu_copy copy;
    copy.table = p.name("the table's name");
    if (p.accept('(')) {
      while (!p.at_punct(')')) {
        copy.columns.push_back(p.name("a column name"));
        if (!p.accept(',')) break;
      }
      p.expect(')');
    }
    p.expect_word("FROM");
    if (p.at_punct('(')) p.fail("a COPY from a query is not read; expected a file name");
    copy.file = p.string("the file's name");
    if (p.accept('(')) {
      while (!p.at_punct(')')) {
        const token option = p.take();
        if (option.kind != token::word) p.fail("expected an option's name");
        const std::string key = ascii_upper(option.text);
        p.expect('=');
        const token setting = p.take();
        const std::string upper = ascii_upper(setting.text);
        if (key == "HEADER") {
          if (upper != "TRUE" && upper != "FALSE") p.fail("HEADER is true or false");
          copy.header = upper == "TRUE";
        } else if (key == "DELIM" || key == "DELIMITER") {
          std::string d = setting.text;
          if (d == "\\t") d = "\t";
          if (d.size() != 1 || d[0] == '"' || d[0] == '\n' || d[0] == '\r')
            p.fail("a delimiter is one character, not a quote or a line break");
          copy.delimiter = d[0];
        } else if (key == "QUOTE" || key == "ESCAPE") {
          if (setting.text != "\"")
            p.fail(
                fmt::format("{} '{}' is not read: the CSV import quotes with '\"' and "
                            "doubles quotes",
                            key, setting.text));
        } else if (key == "FROM") {
          copy.from = setting.text;
        } else if (key == "TO") {
          copy.to = setting.text;
        } else if (key != "PARALLEL" && key != "AUTO_DETECT" && key != "SAMPLE_SIZE") {
          p.fail(fmt::format("unknown COPY option '{}'", option.text));
        }
        if (!p.accept(',')) break;
      }
      p.expect(')');
    }
    copies.push_back(std::move(copy));
    if (!p.at_end()) p.expect(';');
  }
  return copies;
}

}  // namespace entente::detail

// TSV folders, reading: each file streamed in large blocks, its columns found by name in the
// header, each row checked and added through the graph's bulk fast paths.

#include <entente/io/tsv.hpp>

#include <entente/error.hpp>

#include "io/export_text.hpp"
#include "io/file_bytes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <sys/stat.h>

namespace entente::io {
namespace {

namespace fs = std::filesystem;

// ---- text helpers ----------------------------------------------------------------------------

struct text_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};
/// A map from text, looked up by string_view without building a string.
template <class T>
using text_map = std::unordered_map<std::string, T, text_hash, std::equal_to<>>;

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Splits `line` at tabs into `out`; returns how many fields the line has (which may be more
/// than `out` holds: only the count of the extra ones is kept).
std::size_t split_fields(std::string_view line, std::span<std::string_view> out) {
  const char* p = line.data();
  const char* end = p + line.size();
  std::size_t n = 0;
  for (;;) {
    const auto* tab =
        static_cast<const char*>(std::memchr(p, '\t', static_cast<std::size_t>(end - p)));
    const char* stop = tab ? tab : end;
    if (n < out.size()) out[n] = {p, static_cast<std::size_t>(stop - p)};
    ++n;
    if (!tab) return n;
    p = tab + 1;
  }
}

/// Calls `fn` on each `|`-separated piece of `text` (one empty piece for empty text).
template <class Fn>
void for_each_piece(std::string_view text, Fn&& fn) {
  for (;;) {
    auto bar = text.find('|');
    fn(text.substr(0, bar));
    if (bar == std::string_view::npos) return;
    text.remove_prefix(bar + 1);
  }
}

// ---- reading ---------------------------------------------------------------------------------

struct file_closer {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

/// Hands out the lines of a file, reading it in large blocks; a line is a view into the block
/// and stays valid until the next call. Counts lines from 1 (the header).
class line_reader {
 public:
  // `progress` (which may be empty) must outlive the reader.
  line_reader(const fs::path& file, std::size_t block, const progress_callback& progress)
      : name_(file.string()),
        task_("reading " + file.filename().string()),
        progress_(progress),
        capacity_(std::max<std::size_t>(block, 64)) {
    file_.reset(std::fopen(file.c_str(), "rb"));
    if (!file_) throw io_error(fmt::format("cannot open {}: {}", name_, std::strerror(errno)));
    // The size of the file opened, not of whatever the name holds by now; 0 where there is none.
    struct stat st {};
    if (::fstat(::fileno(file_.get()), &st) == 0 && S_ISREG(st.st_mode))
      size_ = static_cast<std::uintmax_t>(st.st_size);
    buffer_ = std::make_unique<char[]>(capacity_);
    fill();
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// The number of the line `next` returned last.
  [[nodiscard]] std::size_t line_number() const noexcept { return line_; }

  /// The next line without its `\n` (and `\r`); false at the end of the file.
  bool next(std::string_view& line) {
    for (;;) {
      const char* start = buffer_.get() + begin_;
      const std::size_t avail = end_ - begin_;
      if (const void* nl = std::memchr(start + scanned_, '\n', avail - scanned_)) {
        auto len = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
        begin_ += len + 1;
        scanned_ = 0;
        return emit(start, len, line);
      }
      if (eof_) {
        if (avail == 0) return false;
        begin_ = end_;
        scanned_ = 0;
        return emit(start, avail, line);
      }
      scanned_ = avail;  // no line end so far: do not search these bytes again
      fill();
    }
  }

  /// A guess at the number of lines still to come, from the lines in the buffer and the file
  /// size; a little high rather than low, since it sizes a reservation.
  [[nodiscard]] std::size_t estimate_lines() const {
    const char* start = buffer_.get() + begin_;
    if (eof_) return static_cast<std::size_t>(std::count(start, start + (end_ - begin_), '\n')) + 1;
    const std::size_t avail = std::min<std::size_t>(end_ - begin_, 1 << 16);  // a sample is enough
    auto lines = static_cast<std::size_t>(std::count(start, start + avail, '\n'));
    if (lines == 0 || avail == 0) return 0;
    double per_line = static_cast<double>(avail) / static_cast<double>(lines);
    return static_cast<std::size_t>(static_cast<double>(size_) / per_line * 1.02) + 16;
  }

 private:
  bool emit(const char* start, std::size_t len, std::string_view& line) {
    if (len > 0 && start[len - 1] == '\r') --len;
    ++line_;
    line = {start, len};
    return true;
  }
  // Moves the unread bytes to the front and reads more after them; doubles the buffer when a
  // single line fills it.
  void fill() {
    std::size_t keep = end_ - begin_;
    if (begin_ > 0) {
      std::memmove(buffer_.get(), buffer_.get() + begin_, keep);
      begin_ = 0;
      end_ = keep;
    }
    if (end_ == capacity_) {
      auto bigger = std::make_unique<char[]>(capacity_ * 2);
      std::memcpy(bigger.get(), buffer_.get(), end_);
      buffer_ = std::move(bigger);
      capacity_ *= 2;
    }
    std::size_t got = std::fread(buffer_.get() + end_, 1, capacity_ - end_, file_.get());
    if (got == 0) {
      if (std::ferror(file_.get()))
        throw io_error(fmt::format("cannot read {}: {}", name_, std::strerror(errno)));
      // Its last line would pass for a whole one, or for one with columns missing.
      if (read_ < size_) detail::ended_early(name_, read_, size_);
      eof_ = true;
    }
    end_ += got;
    read_ += got;
    // A file that grew while it was read ends past the size it had when opened.
    if (progress_) progress_({task_, read_, eof_ ? read_ : std::max<std::uintmax_t>(size_, read_)});
  }

  std::string name_;
  std::string task_;
  const progress_callback& progress_;
  std::unique_ptr<std::FILE, file_closer> file_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_;
  std::size_t begin_ = 0;    // first unread byte
  std::size_t end_ = 0;      // one past the last byte read
  std::size_t scanned_ = 0;  // bytes after begin_ known to hold no line end
  std::uintmax_t size_ = 0;
  std::uintmax_t read_ = 0;  // bytes read from the file so far
  std::size_t line_ = 0;
  bool eof_ = false;
};

// ---- columns ---------------------------------------------------------------------------------

enum class column_type { string, integer, real, boolean, date, external };

constexpr std::string_view type_names[] = {"string", "int", "real", "bool", "date", "external"};

/// A column that is not one of a file's own: an attribute (`KEY[:TYPE]`, `KEY:TYPE[]` for a
/// list) or an external id.
struct extra_column {
  std::size_t field;
  std::string key;
  column_type type;
  bool list = false;
};

/// The column names of a file's header line, with their positions.
class header {
 public:
  explicit header(line_reader& in) : file_(in.name()) {
    std::string_view line;
    if (!in.next(line)) throw io_error(file_ + ": no header line naming the columns");
    if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // a byte order mark
    refuse_binary(line);
    for (;;) {
      auto tab = line.find('\t');
      names_.emplace_back(line.substr(0, tab));
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    used_.assign(names_.size(), false);
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (names_[i].empty())
        throw io_error(fmt::format("{}: column {} of the header has no name", file_, i + 1));
      for (std::size_t j = 0; j < i; ++j)
        if (names_[j] == names_[i])
          throw io_error(
              fmt::format("{}: column '{}' appears twice in the header", file_, names_[i]));
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return names_.size(); }
  [[nodiscard]] const std::string& name(std::size_t field) const { return names_[field]; }

  /// The position of the column `name`, which must be there.
  std::size_t required(std::string_view name) {
    if (auto at = optional(name)) return *at;
    std::string have;
    for (const auto& n : names_) have += (have.empty() ? "" : ", ") + n;
    throw io_error(
        fmt::format("{}: missing required column '{}' (the header has {})", file_, name, have));
  }
  /// The position of the column `name`, if there.
  std::optional<std::size_t> optional(std::string_view name) {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (names_[i] == name) {
        used_[i] = true;
        return i;
      }
    return std::nullopt;
  }
  /// The first column not claimed by `required`/`optional`, if any.
  [[nodiscard]] std::optional<std::size_t> unclaimed() const {
    for (std::size_t i = 0; i < names_.size(); ++i)
      if (!used_[i]) return i;
    return std::nullopt;
  }
  /// The columns not claimed by `required`/`optional`, read as `KEY[:TYPE]`.
  std::vector<extra_column> extras(bool externals_allowed) const {
    std::vector<extra_column> out;
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if (used_[i]) continue;
      const std::string& n = names_[i];
      auto colon = n.rfind(':');
      if (colon == std::string::npos) {
        out.push_back({i, n, column_type::string});
        continue;
      }
      std::string_view type = std::string_view(n).substr(colon + 1);
      const bool list = type.ends_with("[]");
      if (list) type.remove_suffix(2);
      auto found = std::find(std::begin(type_names), std::end(type_names), type);
      std::optional<column_type> t;
      if (found != std::end(type_names))
        t = static_cast<column_type>(found - std::begin(type_names));
      else if (type == "integer")
        t = column_type::integer;
      else if (type == "boolean")
        t = column_type::boolean;
      if (!t)
        throw io_error(
            fmt::format("{}: unknown type '{}' in column '{}'; expected string, int, "
                        "real, bool, date{}, or TYPE[] for a list (int[])",
                        file_, type, n, externals_allowed ? " or external" : ""));
      if (list && *t == column_type::external)
        throw io_error(fmt::format("{}: column '{}': an external id is not a list", file_, n));
      if (*t == column_type::external && !externals_allowed)
        throw io_error(fmt::format("{}: column '{}': only entities have external ids", file_, n));
      if (colon == 0)
        throw io_error(fmt::format("{}: column '{}' names no attribute before ':'", file_, n));
      out.push_back({i, n.substr(0, colon), *t, list});
    }
    return out;
  }

 private:
  /// A header that is not UTF-8 is a file of another kind (binary, another encoding): say so
  /// at the first bad byte rather than list its bytes as column names.
  void refuse_binary(std::string_view line) const {
    for (std::size_t i = 0, column = 1; i < line.size(); ++column) {
      const auto ch = detail::decode_utf8(line, i);
      if (ch.size == 0)
        throw parse_error(fmt::format("{}: the header is not UTF-8 text (byte 0x{:02X}); a TSV "
                                      "file starts with a line naming its columns",
                                      file_, static_cast<unsigned char>(line[i])),
                          1, column);
      i += ch.size;
    }
  }

  std::string file_;
  std::vector<std::string> names_;
  std::vector<bool> used_;
};

/// The value of a typed field, or nothing when the text is not of that type.
std::optional<value> parse_value(std::string_view text, column_type type) {
  const char* end = text.data() + text.size();
  switch (type) {
    case column_type::integer: {
      std::int64_t x = 0;
      auto [p, ec] = std::from_chars(text.data(), end, x);
      if (ec != std::errc{} || p != end) return std::nullopt;
      return value{x};
    }
    case column_type::real: {
      double x = 0;
      auto [p, ec] = std::from_chars(text.data(), end, x);
      if (ec != std::errc{} || p != end) return std::nullopt;
      return value{x};
    }
    case column_type::boolean: {
      auto lower = ascii_lower(text);
      if (lower == "true") return value{true};
      if (lower == "false") return value{false};
      return std::nullopt;
    }
    case column_type::date:
      if (auto d = date::parse(text)) return value{*d};
      return std::nullopt;
    case column_type::string:
    case column_type::external: break;
  }
  return value{std::string(text)};
}

/// Reads a JSON string literal at `at` (the opening quote) into `out`, leaving `at` past its
/// closing quote; returns what is wrong, or nothing.
std::string read_quoted(std::string_view text, std::size_t& at, std::string& out) {
  auto hex4 = [&](std::size_t from, unsigned& code) {
    if (text.size() < from + 4) return false;
    code = 0;
    for (std::size_t i = from; i < from + 4; ++i) {
      char c = text[i];
      int digit = c >= '0' && c <= '9'   ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                         : -1;
      if (digit < 0) return false;
      code = code * 16 + static_cast<unsigned>(digit);
    }
    return true;
  };
  for (++at; at < text.size(); ++at) {
    char c = text[at];
    if (c == '"') {
      ++at;
      return {};
    }
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    const std::size_t escape = at++;
    if (at == text.size()) break;
    switch (text[at]) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        unsigned code = 0;
        if (!hex4(at + 1, code)) return fmt::format("bad \\u escape at character {}", escape + 1);
        at += 4;
        if (code >= 0xD800 && code < 0xDC00) {  // a surrogate pair spells one code point
          unsigned low = 0;
          if (text.substr(at + 1, 2) != "\\u" || !hex4(at + 3, low) || low < 0xDC00 || low > 0xDFFF)
            return fmt::format("unpaired surrogate at character {}", escape + 1);
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          at += 6;
        } else if (code >= 0xDC00 && code < 0xE000) {
          return fmt::format("unpaired surrogate at character {}", escape + 1);
        }
        if (code < 0x80) {
          out.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (code >> 6)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else if (code < 0x10000) {
          out.push_back(static_cast<char>(0xE0 | (code >> 12)));
          out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xF0 | (code >> 18)));
          out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
        break;
      }
      default: return fmt::format("bad escape '\\{}' at character {}", text[at], escape + 1);
    }
  }
  return "a string item has no closing '\"'";
}

/// A list field: `[` items `]`, strings as JSON string literals (`["a", "b, \"c\""]`), other
/// items as in a column of their type (`[1, 2]`, `[2014, 2024-06]`), `[]` empty. Returns what is
/// wrong, or nothing.
std::string parse_list(std::string_view text, column_type type, value_list& out) {
  std::size_t at = 0;
  auto skip_spaces = [&] {
    while (at < text.size() && text[at] == ' ') ++at;
  };
  skip_spaces();
  if (at == text.size() || text[at] != '[') return "a list starts with '['";
  ++at;
  skip_spaces();
  if (at < text.size() && text[at] == ']') {
    ++at;
  } else {
    for (;;) {
      skip_spaces();
      const std::size_t start = at;
      if (type == column_type::string) {
        if (at == text.size() || text[at] != '"')
          return fmt::format("expected a quoted string at character {}", at + 1);
        std::string item;
        if (std::string why = read_quoted(text, at, item); !why.empty()) return why;
        out.emplace_back(std::move(item));
      } else {
        while (at < text.size() && text[at] != ',' && text[at] != ']') ++at;
        std::string_view token = text.substr(start, at - start);
        while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
        auto v = parse_value(token, type);
        if (!v)
          return fmt::format("bad {} '{}' at character {}", type_names[static_cast<int>(type)],
                             token, start + 1);
        out.push_back(std::visit(
            [](auto& x) -> scalar {
              if constexpr (std::is_constructible_v<scalar, decltype(std::move(x))>)
                return std::move(x);
              else
                return false;  // parse_value gives scalars only
            },
            *v));
      }
      skip_spaces();
      if (at < text.size() && text[at] == ',') {
        ++at;
        continue;
      }
      if (at < text.size() && text[at] == ']') {
        ++at;
        break;
      }
      return fmt::format("expected ',' or ']' at character {}", at + 1);
    }
  }
  skip_spaces();
  if (at != text.size()) return fmt::format("text after the list at character {}", at + 1);
  return {};
}

// ---- loading ---------------------------------------------------------------------------------

/// Reads the rows of one file; knows where it is, to say so in errors.
class row_reader {
 public:
  row_reader(line_reader& in, header& h) : in_(in), header_(h), fields_(h.size()) {}

  /// The fields of the next non-blank row; false at the end.
  bool next() {
    std::string_view line;
    do {
      if (!in_.next(line)) return false;
    } while (line.empty());
    std::size_t n = split_fields(line, fields_);
    if (n != fields_.size()) {
      if (n < fields_.size())
        fail(n, fmt::format("the row has {} fields but the header has {} (none for column '{}')", n,
                            fields_.size(), header_.name(n)));
      fail(fields_.size(),
           fmt::format("the row has {} fields but the header has {}", n, fields_.size()));
    }
    return true;
  }
  [[nodiscard]] std::string_view operator[](std::size_t field) const { return fields_[field]; }
  [[nodiscard]] const std::string& column(std::size_t field) const { return header_.name(field); }
  [[nodiscard]] const std::string& file() const noexcept { return in_.name(); }
  [[nodiscard]] std::size_t line() const noexcept { return in_.line_number(); }

  /// Throws a parse_error about `field` of the current row.
  [[noreturn]] void fail(std::size_t field, const std::string& what) const {
    throw parse_error(file() + ": " + what, line(), field + 1);
  }

  /// The date in `field`, unset when empty.
  date date_at(std::size_t field) const {
    std::string_view text = fields_[field];
    if (text.empty()) return {};
    if (auto d = date::parse(text)) return *d;
    fail(field, fmt::format("bad date '{}' in column '{}'; expected YYYY, YYYY-MM or YYYY-MM-DD",
                            text, column(field)));
  }

  /// The value of the attribute column `c`, or nothing when its field is empty.
  std::optional<value> value_at(const extra_column& c) const {
    std::string_view text = fields_[c.field];
    if (text.empty()) return std::nullopt;
    if (c.list) {
      value_list items;
      std::string why = parse_list(text, c.type, items);
      if (why.empty()) return value{std::move(items)};
      fail(c.field, fmt::format("bad {} list '{}' in column '{}': {}",
                                type_names[static_cast<int>(c.type)], text, column(c.field), why));
    }
    if (auto v = parse_value(text, c.type)) return v;
    fail(c.field, fmt::format("bad {} '{}' in column '{}'", type_names[static_cast<int>(c.type)],
                              text, column(c.field)));
  }

 private:
  line_reader& in_;
  header& header_;
  std::vector<std::string_view> fields_;
};

/// What a load needs to resolve names quickly: small caches for the vocabulary and sources.
class loader {
 public:
  explicit loader(graph& g) : g_(g) {
    for (std::size_t s = 0; s < g_.sources().size(); ++s)
      sources_.emplace(g_.sources()[s].id, static_cast<source_index>(s));
  }

  void sources(line_reader& in) {
    header h(in);
    std::size_t id = h.required("id");
    auto title = h.optional("title");
    auto publisher = h.optional("publisher");
    auto published = h.optional("published");
    auto url = h.optional("url");
    if (auto other = h.unclaimed())
      throw io_error(
          fmt::format("{}: unknown column '{}'; expected id, title, publisher, "
                      "published or url",
                      in.name(), h.name(*other)));
    row_reader row(in, h);
    while (row.next()) {
      if (row[id].empty()) row.fail(id, "empty source id in column 'id'");
      source_info s{std::string(row[id]), {}, {}, {}, {}};
      if (title) s.title = row[*title];
      if (publisher) s.publisher = row[*publisher];
      if (published) s.published = row.date_at(*published);
      if (url) s.url = row[*url];
      if (sources_.contains(s.id))
        row.fail(id, fmt::format("duplicate source id '{}' in column 'id'", s.id));
      source_index at = g_.add_source(std::move(s));
      sources_.emplace(g_.sources()[at].id, at);
    }
  }

  void entities(line_reader& in) {
    header h(in);
    std::size_t id = h.required("id");
    std::size_t kind = h.required("kind");
    std::size_t name = h.required("name");
    auto aliases = h.optional("aliases");
    auto extras = h.extras(true);
    row_reader row(in, h);
    while (row.next()) {
      std::string_view key = row[id];
      if (key.empty()) row.fail(id, "empty entity id in column 'id'");
      kind_id k = kind_of(row, kind);
      entity_index e;
      try {
        e = g_.add_entity(key, k, row[name]);
      } catch (const error&) {  // the only way the fast path fails here: a repeated id
        row.fail(id, fmt::format("duplicate entity id '{}' in column 'id'", key));
      }
      if (aliases && !row[*aliases].empty())
        for_each_piece(row[*aliases], [&](std::string_view a) {
          if (!a.empty()) g_.add_alias(e, a);
        });
      for (const auto& c : extras) {
        if (c.type == column_type::external) {
          if (!row[c.field].empty()) g_.set_external_id(e, c.key, row[c.field]);
        } else if (auto v = row.value_at(c)) {
          g_.set_attribute(e, c.key, std::move(*v));
        }
      }
    }
  }

  void relations(line_reader& in) {
    header h(in);
    std::size_t from = h.required("from");
    std::size_t type = h.required("type");
    std::size_t to = h.required("to");
    auto evidence_col = h.optional("evidence");
    auto since = h.optional("since");
    auto until = h.optional("until");
    auto source_col = h.optional("source");
    auto quote_col = h.optional("quote");
    auto extras = h.extras(false);
    row_reader row(in, h);
    std::vector<source_index> cited;
    while (row.next()) {
      entity_index a = entity_of(row, from);
      relation_type_id t = type_of(row, type);
      entity_index b = entity_of(row, to);
      evidence level = evidence_col ? evidence_of(row, *evidence_col) : evidence::reported;
      interval valid;
      if (since) valid.since = row.date_at(*since);
      if (until) valid.until = row.date_at(*until);
      if (valid.since.is_set() && valid.until.is_set() &&
          valid.since.first_day() > valid.until.last_day())
        row.fail(*until, fmt::format("'until' {} is before 'since' {}", valid.until.to_string(),
                                     valid.since.to_string()));
      relation_index r;
      try {
        r = g_.add_relation(a, t, b, level, valid);
      } catch (const schema_error& e) {
        throw schema_error(
            fmt::format("{}: {} (line {}, column {})", row.file(), e.what(), row.line(), type + 1));
      }
      if (source_col && !row[*source_col].empty()) {
        cited.clear();
        for_each_piece(row[*source_col], [&](std::string_view s) {
          if (s.empty()) row.fail(*source_col, "empty source id in column 'source'");
          cited.push_back(source_of(s));
        });
        std::size_t i = 0;
        std::string_view quotes = quote_col ? row[*quote_col] : std::string_view();
        if (!quotes.empty())
          for_each_piece(quotes, [&](std::string_view q) {
            if (i == cited.size())
              row.fail(*quote_col, fmt::format("more quotes than the {} source(s) in column "
                                               "'quote'",
                                               cited.size()));
            g_.add_citation(r, citation{cited[i++], std::string(q), std::nullopt});
          });
        for (; i < cited.size(); ++i) g_.add_citation(r, citation{cited[i], {}, std::nullopt});
      } else if (quote_col && !row[*quote_col].empty()) {
        row.fail(*quote_col, "a quote without a source in column 'quote'");
      }
      for (const auto& c : extras)
        if (auto v = row.value_at(c)) g_.set_relation_attribute(r, c.key, std::move(*v));
    }
  }

 private:
  kind_id kind_of(const row_reader& row, std::size_t field) {
    std::string_view text = row[field];
    if (auto it = kinds_.find(text); it != kinds_.end()) return it->second;
    auto k = g_.schema().find_kind(text);
    // An empty kind is no label, which only an open schema has (schema::add_kind).
    if (!k && g_.schema().is_open()) k = g_.add_kind({std::string(text), ""});
    if (!k)
      row.fail(field, fmt::format("unknown kind '{}' in column '{}'{}", text, row.column(field),
                                  did_you_mean(schema::closest(text, g_.schema().kind_names()))));
    kinds_.emplace(text, *k);
    return *k;
  }

  relation_type_id type_of(const row_reader& row, std::size_t field) {
    std::string_view text = row[field];
    if (auto it = types_.find(text); it != types_.end()) return it->second;
    auto t = g_.schema().find_relation_type(text);
    if (!t && g_.schema().is_open() && !text.empty())
      t = g_.add_relation_type({.name = std::string(text)});
    if (!t)
      row.fail(field,
               fmt::format("unknown relation type '{}' in column '{}'{}", text, row.column(field),
                           did_you_mean(schema::closest(text, g_.schema().relation_type_names()))));
    types_.emplace(text, *t);
    return *t;
  }

  entity_index entity_of(const row_reader& row, std::size_t field) const {
    std::string_view text = row[field];
    if (auto e = g_.find_id(text)) return *e;
    if (text.empty())
      row.fail(field, fmt::format("empty entity id in column '{}'", row.column(field)));
    // Only on the way out: comparing with every id is slow but says what was probably meant.
    std::vector<std::string> ids;
    ids.reserve(g_.num_entities());
    for (entity_index e = 0; e < g_.num_entities(); ++e) ids.emplace_back(g_.entity(e).id());
    row.fail(field, fmt::format("unknown entity '{}' in column '{}'{}", text, row.column(field),
                                did_you_mean(schema::closest(text, ids))));
  }

  static evidence evidence_of(const row_reader& row, std::size_t field) {
    std::string_view text = row[field];
    if (text.empty()) return evidence::reported;
    if (auto e = parse_evidence(text)) return *e;
    if (auto e = parse_evidence(ascii_lower(text))) return *e;
    row.fail(field, fmt::format("bad evidence '{}' in column '{}'; expected confirmed, reported, "
                                "alleged, speculated or denied",
                                text, row.column(field)));
  }

  source_index source_of(std::string_view id) {
    if (auto it = sources_.find(id); it != sources_.end()) return it->second;
    source_index at = g_.add_source(source_info{std::string(id), {}, {}, {}, {}});
    sources_.emplace(id, at);
    return at;
  }

  graph& g_;
  text_map<kind_id> kinds_;
  text_map<relation_type_id> types_;
  text_map<source_index> sources_;
};

}  // namespace

graph load_tsv(const std::filesystem::path& folder, const tsv_options& opts) {
  graph g(opts.schema ? *opts.schema : schema::geopolitics(), opts.mode);
  // Open every file first, so a missing one fails before any work and the first blocks can
  // size the reservation.
  std::optional<line_reader> sources;
  if (fs::exists(folder / "sources.tsv"))
    sources.emplace(folder / "sources.tsv", opts.buffer_size, opts.progress);
  line_reader entities(folder / "entities.tsv", opts.buffer_size, opts.progress);
  line_reader relations(folder / "relations.tsv", opts.buffer_size, opts.progress);
  g.reserve(entities.estimate_lines(), relations.estimate_lines());

  loader load(g);
  if (sources) load.sources(*sources);
  load.entities(entities);
  load.relations(relations);
  return g;
}

}  // namespace entente::io

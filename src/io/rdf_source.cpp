// The bytes serd reads: a file a block at a time (or text in memory), one byte per call, and
// RDF-star's quoted triples rewritten into blank nodes on the way. Serving single bytes costs a
// call each, and buys an exact position for every error the reader finds in what serd hands it.

#include "io/rdf_source.hpp"

#include <entente/detail/utf8.hpp>
#include <entente/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entente::detail {
namespace {

// A block holds the longest quoted triple with room to spare.
constexpr std::size_t block_size = std::size_t{1} << 18;
constexpr std::uintmax_t report_every = std::uintmax_t{1} << 20;

constexpr std::string_view rdf_type_iri = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// Whether `_:` after byte `c` starts a blank node label (after a letter, `_` is part of a
/// prefixed name: `ex:a_:b`).
bool ends_term(std::uint8_t c) {
  return is_space(static_cast<char>(c)) || c == '(' || c == '[' || c == ',' || c == ';' ||
         c == '>' || c == ']' || c == ')';
}

/// Moves `pos` past one byte of text.
void advance(rdf_position& pos, bool& after_newline, std::uint8_t byte) noexcept {
  if (after_newline) {
    ++pos.line;
    pos.column = 0;
  }
  if ((byte & 0xC0) != 0x80) ++pos.column;  // a continuation byte is part of its character
  after_newline = byte == '\n';
}

}  // namespace

rdf_byte_source::rdf_byte_source(std::string_view text, io::rdf_syntax syntax, std::string origin,
                                 const progress_callback& progress)
    : syntax_(syntax),
      origin_(std::move(origin)),
      task_("reading " + origin_),
      progress_(progress),
      data_(text.data()),
      capacity_(text.size()),
      end_(text.size()),
      eof_(true),
      size_(text.size()) {}

rdf_byte_source::rdf_byte_source(const std::filesystem::path& file, io::rdf_syntax syntax,
                                 const progress_callback& progress)
    : syntax_(syntax),
      origin_(file.string()),
      task_("reading " + file.filename().string()),
      progress_(progress),
      file_(::open(file.c_str(), O_RDONLY | O_CLOEXEC)) {
  const auto cannot_read = [&](int err) {
    throw io_error(origin_ + ": cannot read: " + std::generic_category().message(err));
  };
  if (!file_) cannot_read(errno);
  struct stat st {};
  if (::fstat(file_.get(), &st) != 0) cannot_read(errno);
  if (S_ISDIR(st.st_mode)) throw io_error(origin_ + ": cannot read: is a directory");
  // The size of the file opened, not of whatever the name holds by now; 0 where there is none.
  if (S_ISREG(st.st_mode)) size_ = static_cast<std::uintmax_t>(st.st_size);
  buffer_ = std::make_unique_for_overwrite<char[]>(block_size);
  data_ = buffer_.get();
  capacity_ = block_size;
}

rdf_byte_source::~rdf_byte_source() = default;

int rdf_byte_source::error(void* self) noexcept {
  return static_cast<rdf_byte_source*>(self)->failure_ ? 1 : 0;
}

// Inlined into next(): it runs for every byte of the text.
[[gnu::always_inline]] inline void rdf_byte_source::step(std::uint8_t byte) noexcept {
  advance(here_, after_newline_, byte);
  previous_ = byte;
  if (escaped_) {
    escaped_ = false;
    return;
  }
  const auto quote = static_cast<std::uint8_t>(quote_);
  switch (state_) {
    case scan::string:
      if (quote_run_ > 0 && byte == quote) {  // `""` so far; a third opens a long string
        if (++quote_run_ == 3) {
          state_ = scan::long_string;
          quote_run_ = 0;
        }
        return;
      }
      if (quote_run_ != 2) {
        quote_run_ = 0;
        if (byte == '\\')
          escaped_ = true;
        else if (byte == quote || byte == '\n')
          state_ = scan::normal;  // a line break in a short string is serd's error to report
        return;
      }
      // `""` was an empty string: this byte stands between terms.
      quote_run_ = 0;
      state_ = scan::normal;
      [[fallthrough]];
    case scan::normal:
      if (byte == '#') {
        state_ = scan::comment;
      } else if (byte == '<') {
        state_ = scan::iri;
      } else if (byte == '"' || (byte == '\'' && syntax_ == io::rdf_syntax::turtle)) {
        state_ = scan::string;
        quote_ = static_cast<char>(byte);
        quote_run_ = 1;
      } else if (byte == '\\') {
        escaped_ = true;  // a local name's escape, `ex:a\#b`
      } else if ((byte == ']' || byte == ')') && depth_ > 0) {
        --depth_;  // next() counts the opening ones, where it may refuse one
      }
      return;
    case scan::comment:
      if (byte == '\n' || byte == '\r') state_ = scan::normal;
      return;
    case scan::iri:
      if (byte == '>') state_ = scan::normal;
      return;
    case scan::long_string:
      if (byte == '\\') {
        escaped_ = true;
        quote_run_ = 0;
      } else if (byte == quote) {
        if (++quote_run_ == 3) {
          state_ = scan::normal;
          quote_run_ = 0;
        }
      } else {
        quote_run_ = 0;
      }
      return;
  }
}

// Inlined into read(), for the same reason.
[[gnu::always_inline]] inline int rdf_byte_source::next() {
  if (placeholder_at_ < placeholder_.size())
    return static_cast<unsigned char>(placeholder_[placeholder_at_++]);
  if (!available(1)) return -1;
  if (state_ == scan::normal && !escaped_) {
    if (data_[at_] == '<' && available(2) && data_[at_ + 1] == '<') {
      rewrite_quoted();
      return static_cast<unsigned char>(placeholder_[placeholder_at_++]);
    }
    if (data_[at_] == '_' && ends_term(previous_)) check_label();
    if ((data_[at_] == '[' || data_[at_] == '(') && ++depth_ > max_nesting)
      fail_at(at_,
              fmt::format("blank nodes and collections nested more than {} deep", max_nesting));
  }
  const auto byte = static_cast<std::uint8_t>(data_[at_++]);
  step(byte);
  if (progress_ && consumed_ + at_ >= reported_ + report_every) report();
  return byte;
}

std::size_t rdf_byte_source::read(void* buffer, std::size_t /*size*/, std::size_t count,
                                  void* self) noexcept {
  auto& source = *static_cast<rdf_byte_source*>(self);
  if (count == 0 || source.failure_) return 0;
  try {
    const int byte = source.next();
    if (byte < 0) return 0;
    *static_cast<char*>(buffer) = static_cast<char>(byte);
    return 1;
  } catch (...) {
    // serd is C: nothing may unwind through it. It sees the end of its input instead.
    source.failure_ = std::current_exception();
    return 0;
  }
}

bool rdf_byte_source::available(std::size_t n) {
  while (end_ - at_ < n) {
    if (eof_) return false;
    fill();
  }
  return true;
}

void rdf_byte_source::fill() {
  // Keeps the bytes not yet served at the front and reads more after them.
  if (at_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + at_, end_ - at_);
    consumed_ += at_;
    end_ -= at_;
    at_ = 0;
  }
  for (;;) {
    const ssize_t got = ::read(file_.get(), buffer_.get() + end_, capacity_ - end_);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0)
      throw io_error(origin_ + ": cannot read: " + std::generic_category().message(errno));
    if (got == 0) {
      // Without this, serd would complain of the text where the file merely shrank.
      if (consumed_ + end_ < size_) ended_early(origin_, consumed_ + end_, size_);
      eof_ = true;
    }
    end_ += static_cast<std::size_t>(got);
    return;
  }
}

void rdf_byte_source::report() {
  reported_ = consumed_ + at_;
  progress_({task_, reported_, std::max<std::uintmax_t>(size_, reported_)});
}

void rdf_byte_source::finish() {
  if (!progress_) return;
  const std::uintmax_t done = consumed_ + end_;
  progress_({task_, done, done});
}

rdf_position rdf_byte_source::position_at(std::size_t offset) const noexcept {
  rdf_position pos = here_;
  bool after_newline = after_newline_;
  for (std::size_t i = at_; i <= offset && i < end_; ++i)
    advance(pos, after_newline, static_cast<std::uint8_t>(data_[i]));
  return pos;
}

void rdf_byte_source::fail_at(std::size_t offset, const std::string& what) const {
  const rdf_position pos = position_at(offset);
  throw parse_error(origin_ + ": " + what, pos.line, pos.column);
}

void rdf_byte_source::check_label() {
  // available() may move the bytes at hand: at_ is read after it.
  if (!available(2 + quoted_label_prefix.size())) return;
  if (data_[at_ + 1] == ':' &&
      std::string_view(data_ + at_ + 2, quoted_label_prefix.size()) == quoted_label_prefix)
    fail_at(at_, "the blank node label `_:" + std::string(quoted_label_prefix) +
                     "…` is reserved for the quoted triples the reader rewrites");
}

std::size_t rdf_byte_source::skip_space(std::size_t at, std::size_t end) {
  while (at < end) {
    if (is_space(data_[at])) {
      ++at;
    } else if (data_[at] == '#') {
      while (at < end && data_[at] != '\n' && data_[at] != '\r') ++at;
    } else {
      break;
    }
  }
  return at;
}

void rdf_byte_source::rewrite_quoted() {
  available(max_quoted_bytes);  // the whole triple if it is not too long (or the text ends)
  const std::size_t start = at_;
  const std::size_t end = std::min(end_, start + max_quoted_bytes);
  std::size_t at = start + 2;
  rdf_quoted_triple triple;
  triple.subject = quoted_term(at, end, false);
  triple.predicate = quoted_term(at, end, true);
  triple.object = quoted_term(at, end, false);
  at = skip_space(at, end);
  if (at + 2 > end) {
    if (end == start + max_quoted_bytes)
      fail_at(start, fmt::format("a quoted triple longer than {} bytes", max_quoted_bytes));
    fail_at(end - 1, "the text ends inside a quoted triple");
  }
  if (data_[at] != '>' || data_[at + 1] != '>')
    fail_at(at, "expected `>>` after the three terms of a quoted triple");
  at += 2;

  // The blank node is served in the triple's place; positions go on from its end.
  advance(here_, after_newline_, static_cast<std::uint8_t>(data_[start]));
  quoted_at_ = here_;
  triple.at = here_;
  for (std::size_t i = start + 1; i < at; ++i)
    advance(here_, after_newline_, static_cast<std::uint8_t>(data_[i]));
  previous_ = ' ';
  at_ = at;
  placeholder_ = "_:";
  placeholder_ += quoted_label_prefix;
  placeholder_ += std::to_string(first_quoted_ + quoted_.size());
  placeholder_ += ' ';
  placeholder_at_ = 0;
  quoted_.emplace_back(std::move(triple));
}

rdf_quoted_term rdf_byte_source::quoted_term(std::size_t& at, std::size_t end, bool predicate) {
  const std::size_t start = at_;
  at = skip_space(at, end);
  const auto ends_early = [&] {
    if (end == start + max_quoted_bytes)
      fail_at(start, fmt::format("a quoted triple longer than {} bytes", max_quoted_bytes));
    fail_at(end - 1, "the text ends inside a quoted triple");
  };
  if (at >= end) ends_early();
  const char c = data_[at];
  if (c == '<') {
    if (at + 1 < end && data_[at + 1] == '<')
      fail_at(at, "a quoted triple inside a quoted triple is not read (only three IRIs are)");
    return {false, quoted_iri(at, end)};
  }
  const std::string only =
      syntax_ == io::rdf_syntax::turtle
          ? "a quoted triple is read when it holds three IRIs (in brackets or prefixed names)"
          : "a quoted triple is read when it holds three IRIs in brackets";
  if (c == '_' || c == '[' || c == '(') fail_at(at, only + ", not a blank node");
  if (c == '"' || c == '\'' || c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'))
    fail_at(at, only + ", not a literal");
  if (syntax_ != io::rdf_syntax::turtle) fail_at(at, only);
  if (predicate && c == 'a' && at + 1 < end && (is_space(data_[at + 1]) || data_[at + 1] == '<')) {
    ++at;
    return {false, std::string(rdf_type_iri)};
  }
  std::string name;
  bool has_colon = false;
  const std::size_t name_start = at;
  while (at < end) {
    const char d = data_[at];
    if (d == '\\' && at + 1 < end) {  // PN_LOCAL_ESC: the character itself
      name += data_[at + 1];
      at += 2;
      continue;
    }
    if (is_space(d) || std::string_view("<>\"'#,;()[]{}").find(d) != std::string_view::npos) break;
    has_colon = has_colon || d == ':';
    name += d;
    ++at;
  }
  if (at >= end) ends_early();
  if (!has_colon)
    fail_at(name_start, name == "true" || name == "false" ? only + ", not a literal" : only);
  return {true, std::move(name)};
}

std::string rdf_byte_source::quoted_iri(std::size_t& at, std::size_t end) {
  const std::size_t start = at_;
  std::string iri;
  for (++at; at < end;) {
    const char c = data_[at];
    if (c == '>') {
      ++at;
      return iri;
    }
    if (c == '\\') {
      const std::size_t digits = at + 1 < end && data_[at + 1] == 'u'   ? 4
                                 : at + 1 < end && data_[at + 1] == 'U' ? 8
                                                                        : 0;
      std::uint32_t code = 0;
      const char* first = data_ + at + 2;
      const auto [last, ec] = digits == 0 || at + 2 + digits > end
                                  ? std::from_chars_result{first, std::errc::invalid_argument}
                                  : std::from_chars(first, first + digits, code, 16);
      if (ec != std::errc() || last != first + digits || code > 0x10FFFF ||
          (code >= 0xD800 && code <= 0xDFFF))
        fail_at(at, "a bad escape in an IRI (`\\uXXXX` or `\\UXXXXXXXX` of a character)");
      append_utf8(iri, static_cast<char32_t>(code));
      at += 2 + digits;
      continue;
    }
    if (static_cast<unsigned char>(c) <= 0x20 ||
        std::string_view("<\"{}|^`").find(c) != std::string_view::npos)
      fail_at(at, "an IRI cannot hold the character `" +
                      (static_cast<unsigned char>(c) < 0x20
                           ? fmt::format("\\x{:02X}", static_cast<int>(c))
                           : std::string(1, c)) +
                      "`");
    iri += c;
    ++at;
  }
  if (end == start + max_quoted_bytes)
    fail_at(start, fmt::format("a quoted triple longer than {} bytes", max_quoted_bytes));
  fail_at(end - 1, "the text ends inside a quoted triple");
}

std::optional<rdf_quoted_triple> rdf_byte_source::take_quoted(std::string_view label) {
  if (!label.starts_with(quoted_label_prefix)) return std::nullopt;
  label.remove_prefix(quoted_label_prefix.size());
  std::uint64_t number = 0;
  const auto [last, ec] = std::from_chars(label.data(), label.data() + label.size(), number);
  if (ec != std::errc() || last != label.data() + label.size() || number < first_quoted_ ||
      number - first_quoted_ >= quoted_.size())
    return std::nullopt;
  auto& slot = quoted_[number - first_quoted_];
  std::optional<rdf_quoted_triple> taken = std::move(slot);
  slot.reset();
  while (!quoted_.empty() && !quoted_.front()) {
    quoted_.pop_front();
    ++first_quoted_;
  }
  return taken;
}

}  // namespace entente::detail

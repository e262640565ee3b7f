#pragma once
// The bytes the RDF reader hands to serd (internal, not installed): a file read a block at a
// time, or text in memory, served one byte per call so that the reader always knows where serd
// stands, with RDF-star's quoted triples rewritten on the way (serd 0.30 cannot parse them).

#include <entente/io/rdf.hpp>
#include <entente/progress.hpp>

#include "io/file_bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace entente::detail {

/// Where a reader stands in a text: the 1-based line and the 1-based column, counted in
/// characters, of the last character read (column 0 before the first).
struct rdf_position {
  std::size_t line = 1;
  std::size_t column = 0;
};

/// A term of a quoted triple as written: an IRI in brackets (its escapes decoded, resolved by
/// the reader where relative) or, in Turtle, a prefixed name (expanded by the reader, which knows
/// the prefixes; `a` is written out as rdf:type).
struct rdf_quoted_term {
  bool prefixed = false;
  std::string text;
};

/// A quoted triple `<< s p o >>` and where its `<<` stands.
struct rdf_quoted_triple {
  rdf_quoted_term subject;
  rdf_quoted_term predicate;
  rdf_quoted_term object;
  rdf_position at;
};

/// The label prefix of the blank nodes that stand for quoted triples in what serd reads.
inline constexpr std::string_view quoted_label_prefix = "entente-quoted-";
/// The longest quoted triple the rewrite takes, in bytes.
inline constexpr std::size_t max_quoted_bytes = std::size_t{1} << 16;
/// How deep blank nodes `[ ]` and collections `( )` may nest: serd reads them by recursion, and
/// a deeper text would exhaust the stack (about 20000 levels in 8 MiB).
inline constexpr std::size_t max_nesting = 1000;

/// serd's byte source. A quoted triple of three IRIs becomes the blank node
/// `_:entente-quoted-<n>` (its triple kept for `take_quoted`); everything else passes unchanged.
/// A small scanner follows strings, IRIs and comments so that only a `<<` between terms is taken
/// for one, and counts brackets so that nesting past `max_nesting` is a parse_error rather than
/// a stack overflow in serd. Positions are those of the text as written.
class rdf_byte_source {
 public:
  /// Serves `text`, which must outlive the source. `origin` names it in errors.
  rdf_byte_source(std::string_view text, io::rdf_syntax syntax, std::string origin,
                  const progress_callback& progress);
  /// Serves the file's bytes, read a block at a time; throws io_error when it cannot be opened.
  rdf_byte_source(const std::filesystem::path& file, io::rdf_syntax syntax,
                  const progress_callback& progress);
  rdf_byte_source(const rdf_byte_source&) = delete;
  rdf_byte_source& operator=(const rdf_byte_source&) = delete;
  ~rdf_byte_source();

  /// serd's `SerdSource`: one byte per call (the stream is opened with a page size of 1). An
  /// exception (a read error, a bad quoted triple, a progress callback's) ends the stream and
  /// waits in `failure()`.
  static std::size_t read(void* buffer, std::size_t size, std::size_t count, void* self) noexcept;
  /// serd's `SerdStreamErrorFunc`.
  static int error(void* self) noexcept;

  [[nodiscard]] const std::string& origin() const noexcept { return origin_; }
  /// Where serd stands: the last character it was given (a quoted triple's `<<` while its blank
  /// node is being served).
  [[nodiscard]] rdf_position position() const noexcept {
    return placeholder_at_ < placeholder_.size() ? quoted_at_ : here_;
  }
  /// What ended the stream early, if anything.
  [[nodiscard]] std::exception_ptr failure() const noexcept { return failure_; }

  /// The quoted triple that the blank node `label` stands for, handed out once; nothing for a
  /// label that stands for none.
  [[nodiscard]] std::optional<rdf_quoted_triple> take_quoted(std::string_view label);

  /// Reports the last progress (done == total) once serd has read everything.
  void finish();

 private:
  enum class scan : std::uint8_t { normal, comment, iri, string, long_string };

  int next();
  bool available(std::size_t n);
  void fill();
  void step(std::uint8_t byte) noexcept;
  void report();
  [[nodiscard]] rdf_position position_at(std::size_t offset) const noexcept;
  [[noreturn]] void fail_at(std::size_t offset, const std::string& what) const;
  void rewrite_quoted();
  rdf_quoted_term quoted_term(std::size_t& at, std::size_t end, bool predicate);
  std::string quoted_iri(std::size_t& at, std::size_t end);
  std::size_t skip_space(std::size_t at, std::size_t end);
  void check_label();

  io::rdf_syntax syntax_;
  std::string origin_;
  std::string task_;
  const progress_callback& progress_;
  unique_fd file_;
  std::unique_ptr<char[]> buffer_;  // file mode: the block being served
  const char* data_ = nullptr;      // the bytes at hand: buffer_, or the text
  std::size_t capacity_ = 0;
  std::size_t at_ = 0;   // next byte of data_ to serve
  std::size_t end_ = 0;  // bytes of data_ at hand
  bool eof_ = false;
  std::uintmax_t size_ = 0;      // what the file held when opened, or the text's size
  std::uintmax_t consumed_ = 0;  // bytes of data_ before data_[0] (file mode)
  std::uintmax_t reported_ = 0;  // when progress was last told
  std::exception_ptr failure_;

  rdf_position here_;            // of the last byte served
  bool after_newline_ = false;   // the last byte served ended a line
  std::uint8_t previous_ = ' ';  // the last byte served
  scan state_ = scan::normal;
  char quote_ = '"';
  bool escaped_ = false;       // the last byte served was a backslash that escapes the next
  std::size_t quote_run_ = 0;  // closing quotes of a long string seen in a row
  std::size_t depth_ = 0;      // `[` and `(` open

  std::string placeholder_;  // the blank node being served for a quoted triple
  std::size_t placeholder_at_ = 0;
  rdf_position quoted_at_;
  std::deque<std::optional<rdf_quoted_triple>> quoted_;  // not yet taken, by number
  std::uint64_t first_quoted_ = 0;                       // the number of quoted_.front()
};

}  // namespace entente::detail

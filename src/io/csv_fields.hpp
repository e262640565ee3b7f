#pragma once
// The CSV tokenizer of the CSV import (internal, not installed): RFC 4180 records read from a
// file or from memory a block at a time, each field unquoted into a buffer of the record's own,
// with the line it starts on, so that every error can say where.

#include <entente/error.hpp>
#include <entente/progress.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace entente::detail {

/// Where a tokenizer gets its bytes: a file, or text in memory.
class byte_source {
 public:
  virtual ~byte_source() = default;
  /// Up to `max` bytes into `to`; 0 at the end. Throws io_error when the source cannot be read.
  virtual std::size_t read(char* to, std::size_t max) = 0;
  /// The size in bytes, 0 when unknown.
  [[nodiscard]] virtual std::uintmax_t size() const noexcept = 0;
};

/// The bytes of `file`; throws io_error naming it when it cannot be opened, and `ended_early`'s
/// error when it shrinks while it is read.
[[nodiscard]] std::unique_ptr<byte_source> file_source(const std::filesystem::path& file);
/// The bytes of `text`, which must outlive the source.
[[nodiscard]] std::unique_ptr<byte_source> memory_source(std::string_view text);

/// How a tokenizer reads: the field delimiter, the block size, and the bounds of what one record
/// may take, which a field whose quote is never closed would otherwise stretch to the whole file.
struct csv_dialect {
  char delimiter = ',';
  std::size_t block = std::size_t{1} << 20;
  std::size_t max_record_bytes = std::size_t{64} << 20;
  std::size_t max_fields = std::size_t{1} << 16;
};

/// The records of one CSV text. Quoted fields may hold the delimiter, doubled quotes and line
/// breaks; records end at LF, CR LF or a lone CR (outside quotes); a byte order mark at the start
/// is skipped, and so are blank lines. A quote inside an unquoted field, text after a closing
/// quote and a quote never closed are parse errors. Lines count from 1 at the file's first line.
class csv_records {
 public:
  /// `name` is what errors start with; `progress` (which may be empty) is kept as a copy, since
  /// readers of a header pass a temporary `{}`.
  csv_records(std::unique_ptr<byte_source> source, std::string name, const csv_dialect& dialect,
              progress_callback progress);

  /// Reads the next record that is not a blank line; false at the end of the text.
  bool next();

  [[nodiscard]] std::size_t size() const noexcept { return ends_.size(); }
  /// Field `i` of the record, unquoted.
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_).substr(begin, ends_[i] - begin);
  }
  /// Whether field `i` was quoted (`""` is an empty text, an empty unquoted field is nothing).
  [[nodiscard]] bool quoted(std::size_t i) const noexcept { return quoted_[i] != 0; }
  /// The line on which field `i` starts.
  [[nodiscard]] std::size_t line(std::size_t i) const noexcept { return lines_[i]; }
  /// The line on which the record starts.
  [[nodiscard]] std::size_t record_line() const noexcept { return record_line_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

  /// Throws parse_error `NAME: WHAT (line L, column C)` for field `i` of the record: its line and
  /// its 1-based field number (or the record's line and the field after its last for `i ==
  /// size()`).
  [[noreturn]] void fail(std::size_t i, const std::string& what) const;

 private:
  bool read_record();
  bool fill();
  void begin_field();
  void end_field() { ends_.push_back(text_.size()); }
  void append(char c);
  [[noreturn]] void fail_here(const std::string& what) const;

  std::unique_ptr<byte_source> source_;
  std::string name_;
  std::string task_;
  csv_dialect dialect_;
  progress_callback progress_;
  std::unique_ptr<char[]> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uintmax_t read_ = 0;
  bool started_ = false;
  bool eof_ = false;
  std::size_t line_ = 1;  // the line of the next byte
  std::size_t record_line_ = 0;
  std::string text_;               // the record's fields, one after the other
  std::vector<std::size_t> ends_;  // where each field ends in text_
  std::vector<std::uint8_t> quoted_;
  std::vector<std::size_t> lines_;
};

}  // namespace entente::detail

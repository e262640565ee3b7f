// The CSV tokenizer: RFC 4180 records, a block at a time, from a file or from memory.

#include "io/csv_fields.hpp"

#include "io/file_bytes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entente::detail {
namespace {

namespace fs = std::filesystem;

class file_bytes_source final : public byte_source {
 public:
  explicit file_bytes_source(const fs::path& file) : file_(file) {
    fd_.reset(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd_) fail(errno);
    struct stat st {};
    if (::fstat(fd_.get(), &st) != 0) fail(errno);
    if (S_ISDIR(st.st_mode)) throw io_error(file.string() + ": cannot read: is a directory");
    // The size of the file opened, not of whatever the name holds by now; 0 where there is none.
    if (S_ISREG(st.st_mode)) size_ = static_cast<std::uintmax_t>(st.st_size);
  }

  std::size_t read(char* to, std::size_t max) override {
    for (;;) {
      ssize_t n = ::read(fd_.get(), to, max);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail(errno);
      read_ += static_cast<std::uintmax_t>(n);
      // Its last record would pass for a whole one, or for one with fields missing.
      if (n == 0 && read_ < size_) ended_early(file_, read_, size_);
      return static_cast<std::size_t>(n);
    }
  }
  [[nodiscard]] std::uintmax_t size() const noexcept override { return size_; }

 private:
  [[noreturn]] void fail(int err) const {
    throw io_error(file_.string() + ": cannot read: " + std::generic_category().message(err));
  }
  fs::path file_;
  unique_fd fd_;
  std::uintmax_t size_ = 0;
  std::uintmax_t read_ = 0;
};

class memory_bytes_source final : public byte_source {
 public:
  explicit memory_bytes_source(std::string_view text) : text_(text) {}
  std::size_t read(char* to, std::size_t max) override {
    const std::size_t n = std::min(max, text_.size());
    if (n != 0) std::memcpy(to, text_.data(), n);  // an empty view may hold no pointer
    text_.remove_prefix(n);
    return n;
  }
  [[nodiscard]] std::uintmax_t size() const noexcept override { return size_; }

 private:
  std::string_view text_;
  std::uintmax_t size_ = text_.size();
};

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

/// A byte as an error shows it: 'x' when printable, else its number (it may be part of a
/// character that the message would cut).
std::string shown(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return fmt::format("'{}'", c);
  return fmt::format("the byte 0x{:02X}", byte);
}

}  // namespace

std::unique_ptr<byte_source> file_source(const fs::path& file) {
  return std::make_unique<file_bytes_source>(file);
}

std::unique_ptr<byte_source> memory_source(std::string_view text) {
  return std::make_unique<memory_bytes_source>(text);
}

csv_records::csv_records(std::unique_ptr<byte_source> source, std::string name,
                         const csv_dialect& dialect, progress_callback progress)
    : source_(std::move(source)),
      name_(std::move(name)),
      task_("reading " + fs::path(name_).filename().string()),
      dialect_(dialect),
      progress_(std::move(progress)),
      buffer_(std::make_unique<char[]>(std::max<std::size_t>(dialect.block, 4))) {
  dialect_.block = std::max<std::size_t>(dialect.block, 4);
}

bool csv_records::fill() {
  if (eof_) return false;
  std::size_t got = 0;
  // The first read takes at least the length of a byte order mark (or the whole text, if
  // shorter), so that one is seen however small the blocks.
  do {
    const std::size_t n = source_->read(buffer_.get() + got, dialect_.block - got);
    if (n == 0) {
      eof_ = true;
      break;
    }
    got += n;
  } while (!started_ && got < byte_order_mark.size());
  pos_ = 0;
  end_ = got;
  read_ += got;
  if (!started_) {
    started_ = true;
    if (std::string_view(buffer_.get(), end_).starts_with(byte_order_mark))
      pos_ = byte_order_mark.size();
  }
  // A file that grew while it was read ends past the size it had when opened.
  if (progress_)
    progress_({task_, read_, eof_ ? read_ : std::max<std::uintmax_t>(source_->size(), read_)});
  return end_ > pos_ || (!eof_ && fill());
}

void csv_records::begin_field() {
  if (quoted_.size() >= dialect_.max_fields)
    fail_here(fmt::format("a record of more than {} fields", dialect_.max_fields));
  quoted_.push_back(0);
  lines_.push_back(line_);
}

void csv_records::append(char c) {
  if (text_.size() >= dialect_.max_record_bytes)
    fail_here(fmt::format("a record longer than {} bytes{}", dialect_.max_record_bytes,
                          quoted_.back() != 0 ? " (is a quote left open?)" : ""));
  text_.push_back(c);
}

bool csv_records::next() {
  for (;;) {
    if (!read_record()) return false;
    const bool blank = ends_.size() == 1 && ends_[0] == 0 && quoted_[0] == 0;
    if (!blank) return true;
  }
}

bool csv_records::read_record() {
  text_.clear();
  ends_.clear();
  quoted_.clear();
  lines_.clear();
  enum class state { start, unquoted, quoted, after_quote };
  state at = state::start;
  bool pending_cr = false;  // a CR outside quotes: a line end, with the LF after it if one follows
  bool any = false;
  record_line_ = line_;
  begin_field();
  const char delimiter = dialect_.delimiter;
  for (;;) {
    if (pos_ == end_ && !fill()) break;
    const char c = buffer_[pos_++];
    any = true;
    if (pending_cr) {
      ++line_;
      if (c != '\n') --pos_;  // a lone CR ends the line too; this byte starts the next one
      end_field();
      return true;
    }
    switch (at) {
      case state::start:
        if (c == '"') {
          quoted_.back() = 1;
          at = state::quoted;
          break;
        }
        at = state::unquoted;
        [[fallthrough]];
      case state::unquoted:
        if (c == delimiter) {
          end_field();
          begin_field();
          at = state::start;
        } else if (c == '\n') {
          ++line_;
          end_field();
          return true;
        } else if (c == '\r') {
          pending_cr = true;
        } else if (c == '"') {
          fail_here("a quote inside an unquoted field; quote the whole field and double the quote");
        } else {
          append(c);
        }
        break;
      case state::quoted:
        if (c == '"') {
          at = state::after_quote;
        } else {
          if (c == '\n') ++line_;
          append(c);
        }
        break;
      case state::after_quote:
        if (c == '"') {
          append('"');
          at = state::quoted;
        } else if (c == delimiter) {
          end_field();
          begin_field();
          at = state::start;
        } else if (c == '\n') {
          ++line_;
          end_field();
          return true;
        } else if (c == '\r') {
          pending_cr = true;
        } else {
          fail_here(
              fmt::format("{} after the closing quote of a quoted field; a quote inside "
                          "a quoted field is doubled",
                          shown(c)));
        }
        break;
    }
  }
  if (!any) return false;
  if (at == state::quoted)
    fail_here("a quoted field is never closed (its quote opens it and the file ends)");
  if (pending_cr) ++line_;
  end_field();
  return true;
}

void csv_records::fail(std::size_t i, const std::string& what) const {
  const bool inside = i < lines_.size();
  throw parse_error(name_ + ": " + what, inside ? lines_[i] : record_line_, i + 1);
}

void csv_records::fail_here(const std::string& what) const {
  throw parse_error(name_ + ": " + what, lines_.back(), lines_.size());
}

}  // namespace entente::detail

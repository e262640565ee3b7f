#pragma once
/// Reading whole files, and the file descriptors the readers and `atomic_file` hold: shared by
/// the formats (internal, not installed).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <utility>

namespace entente::detail {

/// A file descriptor, closed when it goes; -1 holds none.
class unique_fd {
 public:
  unique_fd() noexcept = default;
  explicit unique_fd(int fd) noexcept : fd_(fd) {}
  unique_fd(unique_fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  unique_fd& operator=(unique_fd&& other) noexcept {
    reset(std::exchange(other.fd_, -1));
    return *this;
  }
  ~unique_fd() { reset(); }

  [[nodiscard]] int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  /// Closes the descriptor held, if any, and holds `fd`. A close that fails is not reported:
  /// callers that must know sync first.
  void reset(int fd = -1) noexcept;

 private:
  int fd_ = -1;
};

/// A file's bytes, read into memory that is not cleared first.
struct file_bytes {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
  [[nodiscard]] std::string_view view() const noexcept { return {data.get(), size}; }
};

/// Reads `file` whole. Throws io_error `FILE: cannot read: REASON` (`is a directory` for a
/// folder), and, when a regular file ends before the size it had when opened (it shrank while it
/// was read), the message of `ended_early`.
[[nodiscard]] file_bytes read_file(const std::filesystem::path& file);

/// Throws io_error `FILE: ended early, at byte READ of the SIZE it held when opened: it shrank
/// while it was read`, for a reader that met the end of a file before its size.
[[noreturn]] void ended_early(const std::filesystem::path& file, std::uintmax_t read,
                              std::uintmax_t size);

}  // namespace entente::detail

// Reading whole files, for the formats read in one piece (JSON, snapshots).

#include "io/file_bytes.hpp"

#include <entente/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entente::detail {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void cannot_read(const fs::path& file, int err) {
  throw io_error(file.string() + ": cannot read: " + std::generic_category().message(err));
}

// A read asks for at most this much, so that a large file is read in steps that end (and can be
// interrupted) in good time.
constexpr std::size_t step = std::size_t{1} << 20;

}  // namespace

void unique_fd::reset(int fd) noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

file_bytes read_file(const fs::path& file) {
  unique_fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) cannot_read(file, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) cannot_read(file, errno);
  if (S_ISDIR(st.st_mode)) throw io_error(file.string() + ": cannot read: is a directory");
  // One byte more than the size, so that a file read whole meets its end in the first pass.
  const bool sized = S_ISREG(st.st_mode);
  std::size_t capacity = sized ? static_cast<std::size_t>(st.st_size) + 1 : 1 << 16;
  file_bytes bytes{std::make_unique_for_overwrite<char[]>(capacity), 0};
  for (;;) {
    if (bytes.size == capacity) {
      auto larger = std::make_unique_for_overwrite<char[]>(capacity * 2);
      std::copy_n(bytes.data.get(), bytes.size, larger.get());
      bytes.data = std::move(larger);
      capacity *= 2;
    }
    ssize_t n =
        ::read(fd.get(), bytes.data.get() + bytes.size, std::min(step, capacity - bytes.size));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) cannot_read(file, errno);
    if (n == 0) break;
    bytes.size += static_cast<std::size_t>(n);
  }
  // Without this, the part read would go on to the parser, whose complaint would be about the
  // text instead of the file.
  if (sized && bytes.size < static_cast<std::size_t>(st.st_size))
    ended_early(file, bytes.size, static_cast<std::uintmax_t>(st.st_size));
  return bytes;
}

void ended_early(const fs::path& file, std::uintmax_t read, std::uintmax_t size) {
  throw io_error(
      fmt::format("{}: ended early, at byte {} of the {} it held when opened: it "
                  "shrank while it was read",
                  file.string(), read, size));
}

}  // namespace entente::detail

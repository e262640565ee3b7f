// Atomic replacement of a file: the one implementation behind save_json, save_archive and
// save_tsv.

#include "io/atomic_file.hpp"

#include <entente/error.hpp>

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entente::detail {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& file, const std::string& what, int err) {
  throw io_error(file.string() + ": " + what + ": " + std::generic_category().message(err));
}

}  // namespace

atomic_file::atomic_file(fs::path target) : target_(std::move(target)) {
  if (!target_.has_filename()) throw io_error(target_.string() + ": cannot save: not a file name");
  dir_ = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  static std::atomic<std::uint64_t> counter = 0;  // only makes names differ; O_EXCL decides
  for (int attempt = 0; fd_ < 0; ++attempt) {
    // Hidden, so that a temporary left by a crash does not pass for a saved file.
    temp_ = dir_ / fmt::format(".{}.tmp-{}-{}", target_.filename().string(), ::getpid(), ++counter);
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ < 0 && (errno != EEXIST || attempt >= 100)) {
      const int err = errno;
      temp_.clear();  // not ours: it exists because someone else made it, or not at all
      fail(target_, "cannot save (creating a temporary file in " + dir_.string() + ")", err);
    }
  }
  // The new version keeps the permissions of the one it replaces. `abandon` cleans up here too:
  // no destructor runs when a constructor throws.
  struct stat old {};
  if (::stat(target_.c_str(), &old) == 0 && S_ISREG(old.st_mode) &&
      ::fchmod(fd_, old.st_mode & 07777) != 0)
    abandon("copying permissions");
}

atomic_file::~atomic_file() {
  if (fd_ >= 0) ::close(fd_);
  remove_temp();
}

void atomic_file::write(std::string_view bytes) {
  for (std::size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) abandon("writing");
    done += static_cast<std::size_t>(n);
  }
}

void atomic_file::commit() {
  if (::fsync(fd_) != 0) abandon("syncing");
  // Linux releases the descriptor even when close fails, so it must not be closed again.
  if (::close(std::exchange(fd_, -1)) != 0) abandon("closing");
  if (::rename(temp_.c_str(), target_.c_str()) != 0) abandon("replacing the file");
  temp_.clear();
  // Makes the rename itself durable; failing here loses nothing already visible.
  if (int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
}

void atomic_file::abandon(const char* step) {
  const int err = errno;  // before close and unlink can change it
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  remove_temp();
  fail(target_, std::string("cannot save (") + step + ")", err);
}

void atomic_file::remove_temp() noexcept {
  if (temp_.empty()) return;
  ::unlink(temp_.c_str());
  temp_.clear();
}

void write_file_atomically(const fs::path& file, std::string_view bytes) {
  atomic_file out(file);
  out.write(bytes);
  out.commit();
}

}  // namespace entente::detail

// Atomic replacement of a file: the one implementation behind every save. What it promises, and
// when a temporary file counts as abandoned, is in atomic_file.hpp.

#include "io/atomic_file.hpp"

#include <entente/error.hpp>

#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <ctime>
#include <string>
#include <system_error>
#include <utility>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entente::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view marker = ".tmp-";
// How long an unlocked temporary file of a live PID, or one on a file system without locks,
// is left alone (seconds).
constexpr std::time_t unlocked_grace = 60;
constexpr std::time_t lockless_grace = 24 * 60 * 60;

[[noreturn]] void fail(const fs::path& target, std::string_view step, int err) {
  throw io_error(fmt::format("{}: cannot save ({}): {}", target.string(), step,
                             std::generic_category().message(err)));
}

/// A fresh temporary name for `name`: `.NAME.tmp-PID-N`, hidden, so that it does not pass for a
/// saved file. NAME is cut short where the whole would pass the 255 bytes a name may have.
std::string temp_name(std::string_view name) {
  static std::atomic<std::uint64_t> counter = 0;  // only makes names differ; O_EXCL decides
  return fmt::format(".{}{}{}-{}", name.substr(0, 200), marker, ::getpid(), ++counter);
}

/// The writer's PID in a temporary file's name, `.NAME.tmp-PID-N`; 0 for any other name.
pid_t writer_of(std::string_view name) {
  const auto at = name.rfind(marker);
  if (!name.starts_with('.') || at == std::string_view::npos || at < 2) return 0;
  const char* end = name.data() + name.size();
  pid_t pid = 0;
  auto [dash, bad_pid] = std::from_chars(name.data() + at + marker.size(), end, pid);
  if (bad_pid != std::errc{} || pid <= 0 || dash == end || *dash != '-') return 0;
  std::uint64_t n = 0;
  auto [rest, bad_n] = std::from_chars(dash + 1, end, n);
  return bad_n == std::errc{} && rest == end ? pid : 0;
}

/// Removes `name`, a temporary file of `writer`, if its writer has abandoned it.
bool remove_if_abandoned(int dir_fd, const char* name, pid_t writer, std::time_t now) {
  struct stat st {};
  // Only a regular file is opened: opening a device can do things.
  if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) return false;
  unique_fd fd(::openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY));
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const std::time_t unchanged = now - st.st_ctime;  // ctime: touch cannot set it back
  bool abandoned = false;
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0)
    abandoned = (::kill(writer, 0) != 0 && errno == ESRCH) || unchanged > unlocked_grace;
  else if (errno != EWOULDBLOCK && errno != EINTR)
    abandoned = unchanged > lockless_grace;
  // The lock is held until the file is gone, and the name must still be this file's: a writer
  // that found its new file taken away makes another under a new name, never this one again.
  struct stat named {};
  return abandoned && ::fstatat(dir_fd, name, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
         named.st_dev == st.st_dev && named.st_ino == st.st_ino && ::unlinkat(dir_fd, name, 0) == 0;
}

std::size_t remove_abandoned(int dir_fd, std::time_t now) noexcept {
  // A descriptor of its own, since reading a folder moves the descriptor it reads.
  const int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return 0;  // a folder one may write in but not list is not swept
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    ::close(fd);
    return 0;
  }
  std::size_t removed = 0;
  while (const dirent* entry = ::readdir(dir)) {
    const pid_t writer = writer_of(entry->d_name);
    if (writer > 0 && remove_if_abandoned(::dirfd(dir), entry->d_name, writer, now)) ++removed;
  }
  ::closedir(dir);
  return removed;
}

}  // namespace

atomic_file::atomic_file(fs::path target, temporary where) : target_(std::move(target)) {
  if (!target_.has_filename()) throw io_error(target_.string() + ": cannot save: not a file name");
  dir_ = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  name_ = target_.filename().string();
  open_folder();
  struct stat old {};
  const bool replaces = ::fstatat(dir_fd_.get(), name_.c_str(), &old, 0) == 0;
  // Refused before anything is written: a rename would put a file in place of the folder or
  // device (or of the link to it), not write into it.
  if (replaces && S_ISDIR(old.st_mode))
    throw io_error(target_.string() + ": cannot save: it is a folder");
  if (replaces && !S_ISREG(old.st_mode))
    throw io_error(target_.string() + ": cannot save: it is not a regular file");
  remove_abandoned(dir_fd_.get(), std::time(nullptr));
  create(where);
  // The new version keeps the permissions of the one it replaces. `abandon` cleans up here too:
  // no destructor runs when a constructor throws.
  if (replaces && ::fchmod(fd_.get(), old.st_mode & 07777) != 0) abandon("copying permissions");
}

atomic_file::~atomic_file() { remove_temp(); }

void atomic_file::open_folder() {
  dir_fd_.reset(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  // A folder one may write in but not list still takes the file; it cannot be synced or swept.
  if (!dir_fd_ && errno == EACCES)
    dir_fd_.reset(::open(dir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd_) {
    const int err = errno;  // before the message is built
    fail(target_, "opening the folder " + dir_.string(), err);
  }
}

void atomic_file::create(temporary where) {
  // linkat names an unnamed file through its entry in /proc (AT_EMPTY_PATH would need
  // CAP_DAC_READ_SEARCH).
  static const bool proc_links = ::access("/proc/self/fd", X_OK) == 0;
  if (where == temporary::unnamed && proc_links) {
    fd_.reset(::openat(dir_fd_.get(), ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666));
    if (fd_) {
      (void)lock();
      return;
    }
    if (const int err = errno; err != EOPNOTSUPP && err != EISDIR && err != EINVAL)
      fail(target_, "creating a file in " + dir_.string(), err);
  }
  for (int attempt = 0; !fd_; ++attempt) {
    temp_ = temp_name(name_);
    fd_.reset(::openat(dir_fd_.get(), temp_.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666));
    if (!fd_) {
      const int err = errno;
      temp_.clear();  // not ours: it exists because someone else made it, or not at all
      if (err == EEXIST && attempt < 100) continue;
      fail(target_, "creating a temporary file in " + dir_.string(), err);
    }
    if (!lock()) {  // swept away before it was locked: only another PID namespace can do that
      fd_.reset();
      temp_.clear();
    }
  }
}

bool atomic_file::lock() {
  int rc = 0;
  while ((rc = ::flock(fd_.get(), LOCK_EX)) != 0 && errno == EINTR) {
  }
  if (rc != 0 || temp_.empty()) return true;  // no locks on this file system, or no name yet
  struct stat mine {
  }, named{};
  return ::fstat(fd_.get(), &mine) == 0 &&
         ::fstatat(dir_fd_.get(), temp_.c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 &&
         mine.st_dev == named.st_dev && mine.st_ino == named.st_ino;
}

void atomic_file::write(std::string_view bytes) {
  for (std::size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd_.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) abandon("writing");
    done += static_cast<std::size_t>(n);
  }
}

void atomic_file::sync() {
  if (::fsync(fd_.get()) != 0) abandon("syncing");
  synced_ = true;
}

void atomic_file::commit() {
  if (!synced_) sync();
  if (temp_.empty()) link();
  if (::renameat(dir_fd_.get(), temp_.c_str(), dir_fd_.get(), name_.c_str()) != 0)
    abandon("replacing the file");
  temp_.clear();
  fd_.reset();  // the bytes are on disk, so closing loses nothing; it drops the lock
  // Makes the rename itself durable. A folder opened only as a path (EBADF) or on a file system
  // that does not sync folders (EINVAL) cannot be synced; nothing can be done about that.
  if (::fsync(dir_fd_.get()) != 0 && errno != EBADF && errno != EINVAL) {
    const int err = errno;
    throw io_error(
        fmt::format("{}: saved, but syncing the folder failed, so the new version may "
                    "not survive a power cut: {}",
                    target_.string(), std::generic_category().message(err)));
  }
}

void atomic_file::link() {
  const std::string self = fmt::format("/proc/self/fd/{}", fd_.get());
  for (int attempt = 0;; ++attempt) {
    std::string temp = temp_name(name_);
    if (::linkat(AT_FDCWD, self.c_str(), dir_fd_.get(), temp.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      temp_ = std::move(temp);
      return;
    }
    if (errno != EEXIST || attempt >= 100) abandon("naming the file");
  }
}

void atomic_file::abandon(const char* step) {
  const int err = errno;  // before unlink and close can change it
  remove_temp();          // while the lock is held
  fd_.reset();
  fail(target_, step, err);
}

void atomic_file::remove_temp() noexcept {
  if (temp_.empty()) return;
  ::unlinkat(dir_fd_.get(), temp_.c_str(), 0);
  temp_.clear();
}

void write_file_atomically(const fs::path& file, std::string_view bytes) {
  atomic_file out(file);
  out.write(bytes);
  out.commit();
}

std::size_t remove_abandoned_temporaries(const fs::path& dir,
                                         std::chrono::system_clock::time_point now) {
  unique_fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return fd ? remove_abandoned(fd.get(), std::chrono::system_clock::to_time_t(now)) : 0;
}

}  // namespace entente::detail

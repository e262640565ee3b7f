// A lock on a graph for one load-change-save cycle: flock on the file that is at the path once
// the lock is held, since an atomic save renames a new file over the old one.

#include <entente/error.hpp>
#include <entente/io/load.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace entente::io {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const char* step) {
  throw io_error(path.string() + ": cannot lock (" + step + "): " + std::strerror(errno));
}

}  // namespace

graph_lock::graph_lock(const std::filesystem::path& path) {
  for (;;) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) fail(path, "open");
    int locked;
    do locked = ::flock(fd_, LOCK_EX);
    while (locked != 0 && errno == EINTR);
    if (locked != 0) {
      int why = errno;
      ::close(fd_);
      errno = why;
      fail(path, "flock");
    }
    // The lock is on this file: is it still the one at the path, or did a save replace it
    // while this process waited?
    struct stat held {
    }, now{};
    if (::fstat(fd_, &held) != 0 || ::stat(path.c_str(), &now) != 0) {
      int why = errno;
      ::close(fd_);
      errno = why;
      fail(path, "stat");
    }
    if (held.st_dev == now.st_dev && held.st_ino == now.st_ino) return;
    ::close(fd_);
    fd_ = -1;
  }
}

graph_lock::~graph_lock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace entente::io

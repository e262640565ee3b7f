#pragma once
// What the tests of saving under faults share: the names in a folder, a writer process that has
// died, and a small disk of their own.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>

#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

namespace entente::testing {

/// The names in `dir`, hidden ones included.
inline std::set<std::string> names_in(const std::filesystem::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.insert(entry.path().filename().string());
  return names;
}

/// The PID of a process that has exited and been reaped: what a killed writer leaves behind.
inline pid_t dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

/// Moves the test's process into a mount namespace of its own, once, so that what it mounts goes
/// with it whatever happens; 0, or the error that refused it.
inline int isolate_mounts() {
  static const int refused = [] {
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      return errno;
    return 0;
  }();
  return refused;
}

/// A tmpfs of `bytes` mounted at `path` for the test (in its own mount namespace), unmounted
/// when it goes. Where mounting is not permitted, `mounted` is false and `why` says why, for the
/// test to skip with a message.
struct small_disk {
  small_disk(const std::filesystem::path& at, std::size_t bytes) : path(at) {
    std::filesystem::create_directories(path);
    const int refused = isolate_mounts();
    const std::string options = fmt::format("size={},mode=0755", bytes);
    mounted = refused == 0 && ::mount("entente-test", path.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
                                      options.c_str()) == 0;
    if (!mounted) why = std::strerror(refused != 0 ? refused : errno);
  }
  small_disk(const small_disk&) = delete;
  small_disk& operator=(const small_disk&) = delete;
  ~small_disk() {
    if (mounted && ::umount2(path.c_str(), 0) != 0) ::umount2(path.c_str(), MNT_DETACH);
  }

  /// Remounts the disk read-only; false where that is refused.
  bool make_read_only() {
    return ::mount(nullptr, path.c_str(), nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                   nullptr) == 0;
  }

  std::filesystem::path path;
  bool mounted = false;
  std::string why;
};

/// Skips the rest of the test case, with a message, when `disk` could not be mounted.
#define ENTENTE_REQUIRE_DISK(disk)                                         \
  if (!(disk).mounted) {                                                   \
    MESSAGE("skipped: cannot mount a tmpfs for the test: " << (disk).why); \
    return;                                                                \
  }

}  // namespace entente::testing

#pragma once
/// Atomic replacement of a file, shared by every format that saves (internal, not installed).
///
/// What a save promises, whatever stops it:
///
/// - Readers, a writer killed at any moment and a power cut after `commit` returns all see the
///   old file or the new one, whole, never a part of one.
/// - A killed writer leaves nothing behind. The bytes go to an unnamed file in the target's
///   folder (Linux's `O_TMPFILE`), which vanishes with the process. `commit` syncs it, names it
///   `.NAME.tmp-PID-N` (`linkat` of `/proc/self/fd/FD`: a link cannot replace a file), renames
///   that over the target and syncs the folder. Only between the link and the rename, a few
///   microseconds, does a named temporary file exist.
/// - Where the file system refuses `O_TMPFILE` (EOPNOTSUPP, EISDIR, EINVAL) or `/proc` is
///   missing, the bytes go to the named temporary file from the start, and a killed writer
///   leaves it behind until the next save into that folder removes it.
/// - Every save first removes from its folder the temporary files of this scheme that their
///   writers have abandoned. A writer holds an exclusive `flock` on its temporary file until the
///   rename, and a lock dies with its process, so a file nobody holds a lock on is abandoned
///   when no process PID is alive or when it has not changed for a minute (the PID was reused,
///   or a writer is between creating its file and locking it, a few microseconds). A file
///   someone holds a lock on stays: two writers in one folder never remove each other's. Where
///   the file system has no locks, only files unchanged for a day go.
/// - A failure throws `io_error` worded `TARGET: cannot save (STEP): REASON` (a full disk, a
///   read-only or missing folder, a target that is a folder), removes what the save made and
///   leaves `target` as it was; so does destroying an uncommitted `atomic_file`. The one failure
///   after the rename says so: `TARGET: saved, but ...` when the folder cannot be synced.

#include "io/file_bytes.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace entente::detail {

/// Where an `atomic_file` keeps its bytes until `commit`.
enum class temporary {
  unnamed,  ///< an unnamed file where the file system allows one, else a named one
  named,    ///< a named file from the start, as on a file system without `O_TMPFILE`
};

/// A new version of `target`, written beside it and renamed over it on `commit`; see above.
class atomic_file {
 public:
  /// Removes what dead writers left in the target's folder and creates the temporary file, with
  /// the permissions of `target` when that exists. A target that exists and is not a regular
  /// file (a folder, a device) is refused.
  explicit atomic_file(std::filesystem::path target, temporary where = temporary::unnamed);
  atomic_file(const atomic_file&) = delete;
  atomic_file& operator=(const atomic_file&) = delete;
  ~atomic_file();

  /// The file that `commit` replaces.
  [[nodiscard]] const std::filesystem::path& target() const noexcept { return target_; }

  /// Appends `bytes` to the temporary file.
  void write(std::string_view bytes);
  /// Syncs the bytes written to disk, the slow part of `commit`: a save of several files
  /// syncs them all before it replaces any, so that a failure leaves every one as it was.
  void sync();
  /// Syncs (unless `sync` did), renames the temporary file over the target and syncs the
  /// folder.
  void commit();

 private:
  void open_folder();
  void create(temporary where);
  bool lock();
  void link();
  [[noreturn]] void abandon(const char* step);
  void remove_temp() noexcept;

  std::filesystem::path target_;
  std::filesystem::path dir_;
  std::string name_;  // target_'s file name, in dir_
  std::string temp_;  // the temporary file's name in dir_, empty while unnamed or once gone
  unique_fd dir_fd_;
  unique_fd fd_;
  bool synced_ = false;
};

/// Replaces `file` with `bytes` through an `atomic_file`.
void write_file_atomically(const std::filesystem::path& file, std::string_view bytes);

/// Removes from `dir` the temporary files of `atomic_file`'s scheme that their writers have
/// abandoned, as of `now` (by the rules above); returns how many went. Every `atomic_file` calls
/// it first.
std::size_t remove_abandoned_temporaries(
    const std::filesystem::path& dir,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace entente::detail

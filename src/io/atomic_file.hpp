#pragma once
/// Atomic replacement of a file, shared by every format that saves (internal, not installed).

#include <filesystem>
#include <string_view>

namespace entente::detail {

/// A new version of `target`, written to a temporary file beside it and renamed over it on
/// `commit`, so that readers (and a crash) see the old file or the new one, never a part of one.
///
/// Every failure throws `io_error` worded `TARGET: cannot save (STEP): REASON` and removes the
/// temporary file, as does destroying an uncommitted `atomic_file`; `target` stays as it was.
class atomic_file {
 public:
  /// Creates the temporary file, with the permissions of `target` when that exists.
  explicit atomic_file(std::filesystem::path target);
  atomic_file(const atomic_file&) = delete;
  atomic_file& operator=(const atomic_file&) = delete;
  ~atomic_file();

  /// The file that `commit` replaces.
  [[nodiscard]] const std::filesystem::path& target() const noexcept { return target_; }

  /// Appends `bytes` to the temporary file.
  void write(std::string_view bytes);
  /// Syncs the temporary file, renames it over the target and syncs the directory.
  void commit();

 private:
  [[noreturn]] void abandon(const char* step);
  void remove_temp() noexcept;

  std::filesystem::path target_;
  std::filesystem::path dir_;
  std::filesystem::path temp_;  // empty once renamed or removed
  int fd_ = -1;
};

/// Replaces `file` with `bytes` through an `atomic_file`.
void write_file_atomically(const std::filesystem::path& file, std::string_view bytes);

}  // namespace entente::detail

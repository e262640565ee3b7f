#pragma once
// Where an export's text goes: all into one string (`write_*`), or on into a file a block at a
// time (`save_*`), so that saving a large graph never holds its whole text in memory. Internal,
// not installed.

#include "io/atomic_file.hpp"

#include <cstddef>
#include <string>

namespace entente::detail {

class text_sink {
 public:
  /// Collects the text; `take` hands it over.
  text_sink() = default;
  /// Passes the text on to `file` whenever a block's worth has gathered.
  explicit text_sink(atomic_file& file) noexcept : file_(&file) {}

  /// The text not passed on yet: writers append to it and call `pass_on` now and then.
  [[nodiscard]] std::string& text() noexcept { return text_; }
  void pass_on() {
    if (file_ != nullptr && text_.size() >= block) {
      file_->write(text_);
      text_.clear();
    }
  }
  /// All the text, from a sink without a file.
  [[nodiscard]] std::string take() noexcept { return std::move(text_); }
  /// Writes what is left and syncs the file: a save of several files does this for each before
  /// it replaces any.
  void finish() {
    file_->write(text_);
    text_.clear();
    file_->sync();
  }
  /// Writes what is left and replaces the file's target.
  void commit() {
    finish();
    file_->commit();
  }

 private:
  static constexpr std::size_t block = std::size_t{1} << 20;
  atomic_file* file_ = nullptr;
  std::string text_;
};

}  // namespace entente::detail

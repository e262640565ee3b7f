#pragma once
// Interned strings: each distinct string is stored once and named by a dense 32-bit symbol.

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace entente::detail {

using symbol = std::uint32_t;

class string_pool {
 public:
  string_pool() = default;
  string_pool(const string_pool& other) { *this = other; }
  string_pool& operator=(const string_pool& other) {
    if (this == &other) return *this;
    clear();
    for (std::string_view s : other.strings_) intern(s);
    return *this;
  }
  string_pool(string_pool&&) noexcept = default;
  string_pool& operator=(string_pool&&) noexcept = default;

  /// The symbol of `s`, storing it on first sight.
  symbol intern(std::string_view s) {
    if (auto it = index_.find(s); it != index_.end()) return it->second;
    std::string_view stored = store(s);
    auto sym = static_cast<symbol>(strings_.size());
    strings_.push_back(stored);
    index_.emplace(stored, sym);
    return sym;
  }
  /// The symbol of `s` if it was interned.
  [[nodiscard]] bool find(std::string_view s, symbol& out) const {
    auto it = index_.find(s);
    if (it == index_.end()) return false;
    out = it->second;
    return true;
  }
  [[nodiscard]] std::string_view operator[](symbol sym) const { return strings_[sym]; }
  [[nodiscard]] std::size_t size() const noexcept { return strings_.size(); }
  void reserve(std::size_t n) {
    strings_.reserve(n);
    index_.reserve(n);
  }
  void clear() {
    strings_.clear();
    index_.clear();
    blocks_.clear();
    used_ = capacity_ = 0;
  }

 private:
  // Strings live in large blocks that never move, so the views stay valid as the pool grows.
  std::string_view store(std::string_view s) {
    if (s.empty()) return {};
    if (used_ + s.size() > capacity_) {
      capacity_ = std::max<std::size_t>(s.size(), 1 << 16);
      blocks_.push_back(std::make_unique<char[]>(capacity_));
      used_ = 0;
    }
    char* at = blocks_.back().get() + used_;
    std::memcpy(at, s.data(), s.size());
    used_ += s.size();
    return {at, s.size()};
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = 0;
  std::size_t capacity_ = 0;
  std::vector<std::string_view> strings_;
  std::unordered_map<std::string_view, symbol> index_;
};

}  // namespace entente::detail

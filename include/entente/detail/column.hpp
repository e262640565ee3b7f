#pragma once
// A column of plain records that either owns its items or reads them from a mapped file.
//
// Reads go through one pointer and a size whatever the column holds, so a mapped graph reads at
// the speed of an owned one. The first change to a mapped column copies its items (each change
// below does), and the column owns them from then on: a mapped file is never written to.

#include <algorithm>
#include <cstddef>
#include <span>
#include <type_traits>
#include <vector>

namespace entente::detail {

template <class T>
class column {
  static_assert(std::is_trivially_copyable_v<T>, "a column maps plain records only");

 public:
  using value_type = T;
  using const_iterator = const T*;

  column() = default;
  column(std::initializer_list<T> items) : owned_(items) { sync(); }
  column(const column& other) : owned_(other.owned_) { view_like(other); }
  column(column&& other) noexcept : owned_(std::move(other.owned_)) {
    view_like(other);
    other.clear();
  }
  column& operator=(const column& other) {
    if (this != &other) *this = column(other);
    return *this;
  }
  column& operator=(column&& other) noexcept {
    if (this == &other) return *this;
    owned_ = std::move(other.owned_);
    view_like(other);
    other.clear();
    return *this;
  }
  column& operator=(std::vector<T>&& items) noexcept {
    owned_ = std::move(items);
    mapped_ = false;
    sync();
    return *this;
  }

  /// Reads `items` where they lie (a mapped file that outlives the column), owning nothing.
  void map(std::span<const T> items) noexcept {
    owned_ = {};
    mapped_ = true;
    data_ = items.data();
    size_ = items.size();
  }
  [[nodiscard]] bool mapped() const noexcept { return mapped_; }

  // ---- reads -------------------------------------------------------------------------------
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] const T* data() const noexcept { return data_; }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  [[nodiscard]] const T& back() const noexcept { return data_[size_ - 1]; }
  [[nodiscard]] const T* begin() const noexcept { return data_; }
  [[nodiscard]] const T* end() const noexcept { return data_ + size_; }
  // NOLINTNEXTLINE(google-explicit-constructor): a column reads as a span of its items
  operator std::span<const T>() const noexcept { return {data_, size_}; }

  // ---- changes (each copies a mapped column first) ------------------------------------------
  [[nodiscard]] T& operator[](std::size_t i) { return own()[i]; }
  [[nodiscard]] T& back() { return own().back(); }
  [[nodiscard]] T* begin() { return own().data(); }
  [[nodiscard]] T* end() { return own().data() + size_; }
  void push_back(const T& item) {
    own().push_back(item);
    sync();
  }
  void pop_back() {
    own().pop_back();
    sync();
  }
  void resize(std::size_t n) {
    own().resize(n);
    sync();
  }
  void resize(std::size_t n, const T& item) {
    own().resize(n, item);
    sync();
  }
  template <class It>
  void assign(It first, It last) {
    mapped_ = false;
    owned_.assign(first, last);
    sync();
  }
  void assign(std::size_t n, const T& item) {
    mapped_ = false;
    owned_.assign(n, item);
    sync();
  }
  void reserve(std::size_t n) {
    own().reserve(n);
    sync();
  }
  /// Owns the items, copying them from the file if the column was mapped.
  void detach() { own(); }
  void clear() noexcept {
    owned_.clear();
    mapped_ = false;
    sync();
  }

 private:
  // The items as a vector the column owns, copied from the file if it was mapped. Whoever
  // changes its length calls sync() after.
  std::vector<T>& own() {
    if (mapped_) {
      owned_.assign(data_, data_ + size_);
      mapped_ = false;
      sync();
    }
    return owned_;
  }

  // Reads what `other` reads: its file, or the items this column now owns.
  void view_like(const column& other) noexcept {
    mapped_ = other.mapped_;
    if (mapped_) {
      data_ = other.data_;
      size_ = other.size_;
    } else {
      sync();
    }
  }
  void sync() noexcept {
    data_ = owned_.data();
    size_ = owned_.size();
  }

  std::vector<T> owned_;
  bool mapped_ = false;
  const T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace entente::detail

#pragma once
// A value built on first use from const code, safely when many threads read at once; a copy
// starts empty, a move takes the value along, and `reset` (from non-const code) forgets the value
// after a mutation.

#include <atomic>
#include <memory>
#include <mutex>

namespace entente::detail {

template <class T>
class lazy {
 public:
  lazy() = default;
  lazy(const lazy&) {}
  // A moved value goes with the move (it holds numbers, not pointers into its owner); a copy
  // starts empty and builds its own.
  lazy(lazy&& other) noexcept : value_(std::move(other.value_)) {
    ready_.store(value_.get(), std::memory_order_release);
    other.ready_.store(nullptr, std::memory_order_release);
  }
  lazy& operator=(const lazy&) {
    reset();
    return *this;
  }
  lazy& operator=(lazy&& other) noexcept {
    if (this == &other) return *this;
    value_ = std::move(other.value_);
    ready_.store(value_.get(), std::memory_order_release);
    other.ready_.store(nullptr, std::memory_order_release);
    return *this;
  }

  template <class Build>
  const T& get(Build&& build) const {
    if (const T* ready = ready_.load(std::memory_order_acquire)) return *ready;
    std::lock_guard lock(mutex_);
    if (!value_) {
      value_ = std::make_unique<T>(build());
      ready_.store(value_.get(), std::memory_order_release);
    }
    return *value_;
  }
  [[nodiscard]] bool has_value() const noexcept {
    return ready_.load(std::memory_order_acquire) != nullptr;
  }
  void reset() noexcept {
    ready_.store(nullptr, std::memory_order_release);
    value_.reset();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::atomic<const T*> ready_{nullptr};
  mutable std::unique_ptr<T> value_;
};

}  // namespace entente::detail

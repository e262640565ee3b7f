#pragma once
// Visited marks that a search forgets in O(1), and the per-thread scratch that keeps them (and
// the frontiers) from one search to the next.

#include <entente/model.hpp>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

namespace entente::detail {

struct mark {
  std::uint32_t stamp = 0;
  std::uint32_t dist = 0;
  std::uint32_t parent = no_index;  // the entity (or product state) reached from
  relation_index via = no_index;
};

// Marks of one search, forgotten in O(1) by the next. A search starts with a small hash table,
// which stays in cache and touches no page of a dense array: most searches meet after a few
// hundred entities. Past a few thousand it moves to a dense array (one mark per entity, valid
// when its stamp is the current one), zeroed by calloc so untouched pages cost nothing.
class marks {
 public:
  void begin(std::size_t n) {
    n_ = n;
    for (auto slot : used_) keys_[slot] = 0;
    used_.clear();
    dense_mode_ = false;
    if (keys_.empty()) resize_table(64);
  }
  [[nodiscard]] bool seen(std::size_t i) const {
    if (dense_mode_) return dense_[i].stamp == generation_;
    auto slot = find(i);
    return slot != npos && values_[slot].stamp != 0;
  }
  void set(std::size_t i, std::uint32_t dist, std::uint32_t parent, relation_index via) {
    if (dense_mode_) {
      dense_[i] = {generation_, dist, parent, via};
      return;
    }
    values_[insert(i)] = {1, dist, parent, via};
    if (used_.size() > std::max<std::size_t>(4096, n_ / 32)) go_dense();
  }
  void clear(std::size_t i) {
    if (dense_mode_) {
      dense_[i].stamp = 0;
    } else if (auto slot = find(i); slot != npos) {
      values_[slot].stamp = 0;
    }
  }
  // Only for an entity `seen` says is marked.
  mark& operator[](std::size_t i) { return dense_mode_ ? dense_[i] : values_[find(i)]; }
  const mark& operator[](std::size_t i) const { return dense_mode_ ? dense_[i] : values_[find(i)]; }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  struct release {
    void operator()(mark* p) const noexcept { std::free(p); }
  };

  // Fibonacci hashing: the high bits of the product spread neighbouring indexes apart.
  [[nodiscard]] std::size_t home(std::size_t i) const {
    return (static_cast<std::uint32_t>(i) * 0x9E3779B1u) >> shift_;
  }
  [[nodiscard]] std::size_t find(std::size_t i) const {
    const auto key = static_cast<std::uint32_t>(i) + 1;
    for (auto slot = home(i);; slot = (slot + 1) & (keys_.size() - 1)) {
      if (keys_[slot] == key) return slot;
      if (keys_[slot] == 0) return npos;
    }
  }
  std::size_t insert(std::size_t i) {
    if (2 * (used_.size() + 1) > keys_.size()) resize_table(2 * keys_.size());
    const auto key = static_cast<std::uint32_t>(i) + 1;
    auto slot = home(i);
    for (; keys_[slot] != 0; slot = (slot + 1) & (keys_.size() - 1))
      if (keys_[slot] == key) return slot;
    keys_[slot] = key;
    used_.push_back(static_cast<std::uint32_t>(slot));
    return slot;
  }
  void resize_table(std::size_t size) {
    shift_ = 32 - static_cast<unsigned>(std::countr_zero(size));
    std::vector<std::uint32_t> old_keys(size, 0);
    std::vector<mark> old_values(size);
    old_keys.swap(keys_);
    old_values.swap(values_);
    std::vector<std::uint32_t> old_used;
    old_used.swap(used_);
    for (auto slot : old_used) {
      auto at = insert(old_keys[slot] - 1);
      values_[at] = old_values[slot];
    }
  }
  void go_dense() {
    if (dense_size_ < n_) {
      auto* fresh = static_cast<mark*>(std::calloc(n_, sizeof(mark)));
      if (!fresh) throw std::bad_alloc();
      dense_.reset(fresh);
      dense_size_ = n_;
      generation_ = 0;
    }
    if (++generation_ == 0) {
      std::fill_n(dense_.get(), dense_size_, mark{});
      generation_ = 1;
    }
    for (auto slot : used_) {
      const auto& m = values_[slot];
      dense_[keys_[slot] - 1] = {m.stamp ? generation_ : 0, m.dist, m.parent, m.via};
    }
    dense_mode_ = true;
  }

  std::vector<std::uint32_t> keys_;  // entity + 1; 0 marks a free slot
  std::vector<mark> values_;
  std::vector<std::uint32_t> used_;  // the slots this search filled, cleared by the next
  std::unique_ptr<mark[], release> dense_;
  std::size_t dense_size_ = 0;
  std::size_t n_ = 0;
  unsigned shift_ = 32;
  std::uint32_t generation_ = 0;
  bool dense_mode_ = false;
};

struct scratch {
  marks a, b, product;
  std::vector<std::uint32_t> frontier, next, other_frontier;
  std::vector<double> cost;
};

// Borrows this thread's scratch, or a fresh one when a step filter re-enters a search.
class scratch_lease {
 public:
  scratch_lease() {
    auto& slot = thread_slot();
    if (!slot.busy) {
      slot.busy = true;
      busy_ = &slot.busy;
      scratch_ = &slot.value;
    } else {
      own_ = std::make_unique<scratch>();
      scratch_ = own_.get();
    }
  }
  ~scratch_lease() {
    if (busy_) *busy_ = false;
  }
  scratch_lease(const scratch_lease&) = delete;
  scratch_lease& operator=(const scratch_lease&) = delete;
  scratch& operator*() const noexcept { return *scratch_; }

 private:
  struct slot_type {
    scratch value;
    bool busy = false;
  };
  static slot_type& thread_slot() {
    thread_local slot_type slot;
    return slot;
  }
  scratch* scratch_ = nullptr;
  bool* busy_ = nullptr;
  std::unique_ptr<scratch> own_;
};

// The relations from the root of `m` to `v`, in path order.
inline std::vector<relation_index> chain_to(const marks& m, std::uint32_t v, std::uint32_t root) {
  std::vector<relation_index> rs;
  for (auto x = v; x != root; x = m[x].parent) rs.push_back(m[x].via);
  std::reverse(rs.begin(), rs.end());
  return rs;
}

}  // namespace entente::detail

#pragma once
// Interned strings: each distinct string is stored once and named by a dense 32-bit symbol.

#include <entente/error.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
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
    if (other.mapped()) {
      offsets_ = other.offsets_;
      bytes_ = other.bytes_;
      origin_ = other.origin_;
      return *this;
    }
    reserve(other.size());
    for (std::string_view s : other.strings_) intern(s);
    return *this;
  }

  /// Reads the strings where a mapped file holds them, copying and hashing nothing: symbol i is
  /// `bytes[offsets[i], offsets[i + 1])`, checked when read (a bad offset throws `io_error`
  /// naming `origin`). Such a pool has no table, so `find` finds nothing (a mapped graph finds
  /// its ids through a table of its own); `intern`, `truncate` and `own` copy the strings first.
  void map(std::span<const std::uint64_t> offsets, std::string_view bytes, std::string origin) {
    clear();
    offsets_ = offsets.empty() ? std::span<const std::uint64_t>() : offsets;
    bytes_ = bytes;
    origin_ = std::move(origin);
  }
  [[nodiscard]] bool mapped() const noexcept { return !offsets_.empty(); }
  /// Copies the strings of a mapped pool into the pool and builds its table; false, leaving the
  /// pool empty, when a string lies outside the bytes or comes twice.
  [[nodiscard]] bool own() {
    if (!mapped()) return true;
    // The mapping outlives this (its graph holds it), so the views stay good through clear().
    auto offsets = offsets_;
    std::string_view bytes = bytes_;
    bool whole = offsets[0] == 0 && offsets.back() <= bytes.size();
    std::vector<std::uint32_t> lengths(offsets.size() - 1);
    for (std::size_t i = 0; whole && i + 1 < offsets.size(); ++i) {
      whole = offsets[i + 1] >= offsets[i] && offsets[i + 1] - offsets[i] <= 0xFFFFFFFFu;
      if (whole) lengths[i] = static_cast<std::uint32_t>(offsets[i + 1] - offsets[i]);
    }
    if (!whole) {
      clear();
      return false;
    }
    return assign(bytes.substr(0, offsets.back()), lengths);
  }
  string_pool(string_pool&&) noexcept = default;
  string_pool& operator=(string_pool&&) noexcept = default;

  /// The symbol of `s`, storing it on first sight.
  symbol intern(std::string_view s) {
    own_or_throw();
    if (2 * (strings_.size() + 1) > slots_.size())
      rehash(std::max<std::size_t>(64, slots_.size() * 2));
    const std::uint32_t h = hash(s);
    slot& at = slots_[probe(s, h)];
    if (at.used()) return at.sym;
    auto sym = static_cast<symbol>(strings_.size());
    std::string_view stored = store(s);
    strings_.push_back(stored);
    fill(at, stored, h, sym);
    return sym;
  }
  /// Asks the processor to fetch the slot where `s` belongs: a bulk loader that knows its next
  /// strings lets several of these random accesses overlap instead of waiting for each.
  void prefetch(std::string_view s) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash(s) & (slots_.size() - 1)]);
  }
  /// Replaces the pool's strings with those laid end to end in `bytes`, `lengths[i]` bytes for
  /// symbol i. For a pool written out whole and read back: one copy of the bytes, and strings
  /// are compared only when their hashes meet. False, leaving the pool empty, when the lengths
  /// do not add up to `bytes` or a string comes twice.
  [[nodiscard]] bool assign(std::string_view bytes, std::span<const std::uint32_t> lengths) {
    clear();
    std::size_t total = 0;
    for (std::uint32_t n : lengths) total += n;
    if (total != bytes.size()) return false;
    reserve(lengths.size());
    if (!bytes.empty()) {
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(bytes.size()));
      std::memcpy(blocks_.back().get(), bytes.data(), bytes.size());
      used_ = capacity_ = bytes.size();
    }
    const char* at = bytes.empty() ? nullptr : blocks_.back().get();
    for (std::uint32_t n : lengths) {
      strings_.emplace_back(n == 0 ? nullptr : at, n);
      at += n;
    }
    // Hashes first, so each slot can be fetched well before it is written.
    constexpr std::size_t ahead = 16;
    std::vector<std::uint32_t> hashes(strings_.size());
    for (std::size_t i = 0; i < strings_.size(); ++i) hashes[i] = hash(strings_[i]);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = 0; i < strings_.size(); ++i) {
      if (i + ahead < strings_.size()) __builtin_prefetch(&slots_[hashes[i + ahead] & mask]);
      slot& free = slots_[probe(strings_[i], hashes[i])];
      if (free.used()) {
        clear();
        return false;
      }
      fill(free, strings_[i], hashes[i], static_cast<symbol>(i));
    }
    return true;
  }
  /// The symbol of `s` if it was interned.
  [[nodiscard]] bool find(std::string_view s, symbol& out) const {
    if (slots_.empty()) return false;
    const slot& at = slots_[probe(s, hash(s))];
    if (!at.used()) return false;
    out = at.sym;
    return true;
  }
  /// Forgets every symbol from `n` on, as if only the first `n` strings had been interned (their
  /// bytes stay allocated until the pool is copied or cleared). Rebuilds the table: linear
  /// probing cannot drop entries one by one.
  void truncate(std::size_t n) {
    if (n >= size()) return;
    own_or_throw();
    strings_.resize(n);
    for (slot& s : slots_)
      if (s.used() && s.sym >= n) s = slot{};
    rehash(slots_.size());
  }
  [[nodiscard]] std::string_view operator[](symbol sym) const {
    if (!mapped()) [[likely]]
      return strings_[sym];
    if (sym + std::size_t{1} >= offsets_.size() || offsets_[sym] > offsets_[sym + 1] ||
        offsets_[sym + 1] > bytes_.size())
      throw io_error(origin_ + ": damaged: string " + std::to_string(sym) +
                     " lies outside the string table");
    return bytes_.substr(offsets_[sym], offsets_[sym + 1] - offsets_[sym]);
  }
  /// The `length` bytes from `begin` of a mapped pool's strings, end to end.
  [[nodiscard]] std::string_view mapped_bytes(std::uint64_t begin, std::uint64_t length) const {
    if (begin > bytes_.size() || length > bytes_.size() - begin)
      throw io_error(origin_ + ": damaged: an id lies outside the string table");
    return bytes_.substr(begin, length);
  }
  [[nodiscard]] std::size_t size() const noexcept {
    return mapped() ? offsets_.size() - 1 : strings_.size();
  }
  void reserve(std::size_t n) {
    own_or_throw();
    strings_.reserve(n);
    std::size_t want = 64;
    while (want < 2 * n) want *= 2;
    if (want > slots_.size()) rehash(want);
  }
  void clear() {
    offsets_ = {};
    bytes_ = {};
    strings_.clear();
    slots_.clear();
    blocks_.clear();
    used_ = capacity_ = 0;
  }

 private:
  void own_or_throw() {
    if (mapped() && !own()) throw io_error(origin_ + ": damaged: its string table does not add up");
  }
  // An open-addressing table (linear probing, at most half full) rather than a node-based map,
  // with short strings (most ids: "RUS", "kim-jong-un") copied into their slot: looking one up
  // reads a single slot instead of a bucket, a chain of heap nodes and the string's bytes
  // elsewhere. Bulk loaders look up both ends of every relation, so this is their hot path.
  static constexpr symbol no_symbol = 0xFFFFFFFF;
  struct slot {
    static constexpr std::size_t inline_size = 12;
    std::uint32_t hash = 0;
    std::uint32_t size = 0;
    symbol sym = no_symbol;
    char text[inline_size] = {};  // the bytes, or a pointer to them in the pool when longer
    [[nodiscard]] bool used() const noexcept { return sym != no_symbol; }
    [[nodiscard]] const char* bytes() const noexcept {
      if (size <= inline_size) return text;
      const char* data;
      std::memcpy(&data, text, sizeof data);
      return data;
    }
    [[nodiscard]] bool holds(std::string_view s, std::uint32_t h) const noexcept {
      return hash == h && size == s.size() &&
             (s.empty() || std::memcmp(bytes(), s.data(), s.size()) == 0);
    }
  };
  static_assert(sizeof(slot) == 24);

  static std::uint32_t hash(std::string_view s) noexcept {
    std::uint64_t h = std::hash<std::string_view>{}(s);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
  }
  // Makes `at` name `stored`, a string the pool holds.
  static void fill(slot& at, std::string_view stored, std::uint32_t h, symbol sym) noexcept {
    at.hash = h;
    at.size = static_cast<std::uint32_t>(stored.size());
    at.sym = sym;
    if (stored.size() <= slot::inline_size) {
      if (!stored.empty()) std::memcpy(at.text, stored.data(), stored.size());
    } else {
      const char* data = stored.data();
      std::memcpy(at.text, &data, sizeof data);
    }
  }
  // The position of the slot holding `s`, or of the empty slot where it belongs.
  [[nodiscard]] std::size_t probe(std::string_view s, std::uint32_t h) const noexcept {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    while (slots_[i].used() && !slots_[i].holds(s, h)) i = (i + 1) & mask;
    return i;
  }
  void rehash(std::size_t capacity) {
    std::vector<slot> old(capacity);
    old.swap(slots_);
    const std::size_t mask = capacity - 1;
    for (const slot& s : old) {
      if (!s.used()) continue;
      std::size_t i = s.hash & mask;
      while (slots_[i].used()) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
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
  std::vector<slot> slots_;  // a power of two in size, or empty
  // A mapped pool's strings: one more offset than strings, the bytes, the file for messages.
  std::span<const std::uint64_t> offsets_;
  std::string_view bytes_;
  std::string origin_;
};

}  // namespace entente::detail

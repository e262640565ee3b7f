#pragma once
/// The graph's storage beside its plain arrays (internal to graph.hpp): what few entities and
/// relations carry, and what a graph read from a mapped snapshot (`*.kgm`) keeps of its file:
/// the mapping, alive while any copy of the graph reads it, and the records that are not plain
/// arrays (aliases, attributes, external ids, citations), decoded on first use. The format and
/// its reader are in src/io/mapped_*.cpp; the graph sees only `mapped_storage`.

#include <entente/model.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente::detail {

using symbol = std::uint32_t;

/// A slot of a mapped graph's id table: the entity, the high half of its id's file_hash, and
/// where the id lies in the string bytes, so that a lookup reads the slot and the id's bytes and
/// nothing else (a probe passing other ids mostly reads only their slots).
struct id_slot {
  static constexpr std::uint64_t long_id = (std::uint64_t{1} << 24) - 1;

  std::uint32_t entity;
  std::uint32_t check;
  std::uint64_t place;  ///< begin << 24 | length; length long_id for ids read through the entity

  [[nodiscard]] static constexpr std::uint64_t place_of(std::uint64_t begin,
                                                        std::uint64_t length) noexcept {
    return begin << 24 | (length < long_id ? length : long_id);
  }
  [[nodiscard]] constexpr std::uint64_t begin() const noexcept { return place >> 24; }
  [[nodiscard]] constexpr std::uint64_t length() const noexcept { return place & long_id; }
};
static_assert(sizeof(id_slot) == 16);

/// What few entities have: aliases (symbols of the graph's strings), attributes, external ids.
struct entity_details {
  std::vector<symbol> aliases;
  entente::attributes attrs;
  std::vector<std::pair<std::string, std::string>> external_ids;
};

/// What few relations have: citations and attributes.
struct relation_extra {
  std::vector<citation> citations;
  entente::attributes attrs;
};

/// The details and extras of a mapped graph, decoded whole on first use.
struct decoded_details {
  std::vector<entity_details> entities;
  std::vector<relation_extra> relations;
};

class mapped_storage {
 public:
  mapped_storage() = default;
  mapped_storage(const mapped_storage&) = delete;
  mapped_storage& operator=(const mapped_storage&) = delete;
  virtual ~mapped_storage() = default;
  /// The file, for messages.
  [[nodiscard]] virtual const std::string& origin() const noexcept = 0;
  /// Decodes the details and extras, checking every field (aliases name strings of the pool,
  /// citations name sources of the graph); throws `io_error` for damage.
  [[nodiscard]] virtual decoded_details decode() const = 0;
};

/// The hash of the mapped format's id table. Fixed here, unlike std::hash, so that a file reads
/// the same in every program (FNV-1a over the bytes, then a final mix for the low bits).
[[nodiscard]] constexpr std::uint64_t file_hash(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

/// Which parts of a mapped index (an entity's adjacency, a type's relations) were checked: each
/// is checked once, by whichever thread reads it first (two may both check it; that is harmless).
class checked_marks {
 public:
  checked_marks() = default;
  explicit checked_marks(std::size_t n)
      : words_(std::make_unique<std::atomic<std::uint64_t>[]>(n / 64 + 1)) {}
  [[nodiscard]] bool enabled() const noexcept { return words_ != nullptr; }
  [[nodiscard]] bool seen(std::size_t i) const noexcept {
    return (words_[i / 64].load(std::memory_order_acquire) >> (i % 64) & 1) != 0;
  }
  void mark(std::size_t i) const noexcept {
    words_[i / 64].fetch_or(std::uint64_t{1} << (i % 64), std::memory_order_release);
  }

 private:
  std::unique_ptr<std::atomic<std::uint64_t>[]> words_;
};

}  // namespace entente::detail

#pragma once
// The details section of a mapped snapshot (internal; mapped_details.cpp has its layout).

#include <entente/graph.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace entente::detail {

/// The encoded section, and the slot each entity and relation has in it (no_index for none).
struct details_layout {
  std::string bytes;
  std::vector<std::uint32_t> entity_slots;
  std::vector<std::uint32_t> relation_slots;
};

/// Encodes the details of every entity and the extras of every relation that has some:
/// `entity_slots[e]` is entity e's slot in `entities` (or no_index), and likewise for relations.
details_layout encode_details(std::span<const std::uint32_t> entity_slots,
                              const std::vector<entity_details>& entities,
                              std::span<const std::uint32_t> relation_slots,
                              const std::vector<relation_extra>& relations);

/// Decodes the section of a graph with `strings` strings and `sources` sources; damage throws
/// io_error naming `origin`.
decoded_details decode_details(std::string_view bytes, std::size_t strings, std::size_t sources,
                               const std::string& origin);

}  // namespace entente::detail

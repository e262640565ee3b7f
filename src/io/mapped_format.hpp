#pragma once
// The layout of mapped snapshots (`*.kgm`), shared by their writer and reader (internal).
//
// A mapped snapshot holds the graph's arrays as the graph holds them in memory, so that a reader
// maps the file and reads them in place:
//
//   offset       size  what (little-endian)
//        0         64  header: magic "\x89KGM\r\n\x1a\n", format version (u32), 52 zero bytes
//       64          …  sections, each at a multiple of 64 bytes, zero bytes between them
//   table    32 × n    the section table: per section its id, item size, offset, item count and
//                      CRC-32 (u32, u32, u64, u64, u32, u32 zero)
//   end-64         64  footer: table offset (u64), section count (u32), format version (u32),
//                      file size (u64), 28 zero bytes, CRC-32 of the table and the footer's
//                      first 52 bytes (u32), magic "KGM-END\0"
//
// The table is at the end because a save streams the sections (atomic_file appends) and learns
// their checksums as it goes. Opening checks the header, the footer, the table (every section
// inside the file, aligned, of the size its count gives) and the small sections in full (the
// schema, sources and the offsets by type and kind); the large ones are checked where they are
// read (graph_mapped.hpp), and `verify_mapped` checks every byte.

#include <entente/graph.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente::detail {

inline constexpr std::string_view mapped_magic{"\x89KGM\r\n\x1a\n", 8};
inline constexpr std::string_view mapped_end_magic{"KGM-END\0", 8};
inline constexpr std::size_t mapped_header_size = 64;
inline constexpr std::size_t mapped_footer_size = 64;
inline constexpr std::size_t mapped_entry_size = 32;
inline constexpr std::size_t mapped_alignment = 64;

/// The sections, by id; each appears once, in this order.
enum class mapped_section : std::uint32_t {
  meta = 1,        ///< a snapshot (.kga) of the schema and sources, then the warnings
  entities,        ///< entity records: id and name (symbols), details (or no_index)
  kinds,           ///< each entity's kind
  relations,       ///< relation records
  string_offsets,  ///< where each string starts in string_bytes, and one past the last
  string_bytes,    ///< the strings, end to end
  id_slots,        ///< id_slot by file_hash of the id, linear probing; entity no_index when empty
  out_offsets,     ///< entity e's outgoing relations are out_entries[out_offsets[e] ..]
  out_entries,
  in_offsets,
  in_entries,
  type_offsets,  ///< type t's relations are by_type[type_offsets[t] ..]
  by_type,
  kind_offsets,  ///< kind k's entities are by_kind[kind_offsets[k] ..]
  by_kind,
  details,  ///< entity details and relation extras (mapped_details.cpp)
};
inline constexpr std::uint32_t mapped_section_count = 16;

/// What a mapped loader or writer may do that the public API does not offer: read and set the
/// graph's arrays as they are.
struct mapped_loader {
  using entity_record = graph::entity_record;
  using relation_record = graph::relation_record;
  using index_data = graph::index_data;
  using adjacency = graph::adjacency;

  static const detail::column<entity_record>& entities(const graph& g) { return g.entities_; }
  static const detail::column<kind_id>& kinds(const graph& g) { return g.kinds_; }
  static const detail::column<relation_record>& relations(const graph& g) { return g.relations_; }
  static const detail::string_pool& strings(const graph& g) { return g.strings_; }
  static const index_data& index(const graph& g) { return g.index(); }
  static const std::vector<entity_details>& details(const graph& g) {
    return g.mapped_ ? g.decoded().entities : g.details_;
  }
  static const std::vector<relation_extra>& extras(const graph& g) {
    return g.mapped_ ? g.decoded().relations : g.extras_;
  }
  static const std::vector<std::string>& warnings(const graph& g) { return g.warnings_; }
  static void set_warnings(graph& g, std::vector<std::string> warnings) {
    g.warnings_ = std::move(warnings);
  }

  /// A copy of `g` that owns everything, each value checked as a change checks it.
  static graph owned_copy(const graph& g) {
    graph copy = g;
    copy.own();
    return copy;
  }
  /// Whether two graphs' indexes hold the same entries.
  static bool same_index(const graph& a, const graph& b) {
    const index_data& x = a.index();
    const index_data& y = b.index();
    auto same = [](const auto& p, const auto& q) {
      return std::equal(p.begin(), p.end(), q.begin(), q.end());
    };
    auto same_side = [&](const adjacency& p, const adjacency& q) {
      return same(p.offsets, q.offsets) &&
             std::equal(p.entries.begin(), p.entries.end(), q.entries.begin(), q.entries.end(),
                        [](const adjacency_entry& i, const adjacency_entry& j) {
                          return i.relation == j.relation && i.other == j.other && i.type == j.type;
                        });
    };
    return same_side(x.out, y.out) && same_side(x.in, y.in) &&
           same(x.type_offsets, y.type_offsets) && same(x.by_type, y.by_type) &&
           same(x.kind_offsets, y.kind_offsets) && same(x.by_kind, y.by_kind);
  }

  /// Makes `g` (schema and sources set, nothing else) read the rest from `file`'s arrays.
  struct arrays {
    std::span<const entity_record> entities;
    std::span<const kind_id> kinds;
    std::span<const relation_record> relations;
    std::span<const std::uint64_t> string_offsets;
    std::string_view string_bytes;
    std::span<const id_slot> id_slots;
    std::span<const std::uint32_t> out_offsets, in_offsets, type_offsets, kind_offsets;
    std::span<const adjacency_entry> out_entries, in_entries;
    std::span<const relation_index> by_type;
    std::span<const entity_index> by_kind;
  };
  static void map(graph& g, std::shared_ptr<const mapped_storage> file, const arrays& a) {
    g.strings_.map(a.string_offsets, a.string_bytes, file->origin());
    g.entities_.map(a.entities);
    g.kinds_.map(a.kinds);
    g.relations_.map(a.relations);
    g.id_slots_.map(a.id_slots);
    g.entity_of_id_.clear();
    index_data idx;
    idx.out.offsets.map(a.out_offsets);
    idx.out.entries.map(a.out_entries);
    idx.out.checked = checked_marks(a.entities.size());
    idx.in.offsets.map(a.in_offsets);
    idx.in.entries.map(a.in_entries);
    idx.in.checked = checked_marks(a.entities.size());
    idx.type_offsets.map(a.type_offsets);
    idx.by_type.map(a.by_type);
    idx.types_checked = checked_marks(a.type_offsets.size());
    idx.kind_offsets.map(a.kind_offsets);
    idx.by_kind.map(a.by_kind);
    idx.kinds_checked = checked_marks(a.kind_offsets.size());
    g.mapped_ = std::move(file);
    g.changed();
    (void)g.index_.get([&] { return std::move(idx); });
  }
};

// The records as the file holds them: their layout is the format's, so it may not drift.
static_assert(sizeof(mapped_loader::entity_record) == 12);
static_assert(sizeof(mapped_loader::relation_record) == 24 &&
              offsetof(mapped_loader::relation_record, type) == 8 &&
              offsetof(mapped_loader::relation_record, level) == 10 &&
              offsetof(mapped_loader::relation_record, valid) == 12 &&
              offsetof(mapped_loader::relation_record, extra) == 20);
static_assert(sizeof(adjacency_entry) == 12 && offsetof(adjacency_entry, type) == 8);
static_assert(sizeof(date) == 4 && sizeof(interval) == 8);

}  // namespace entente::detail

// Writing mapped snapshots (`*.kgm`; mapped_format.hpp has the layout). The sections stream
// through an atomic_file, block by block, each checksummed as it goes; the records go through a
// zeroed block so that their padding is zero bytes, and the same graph always gives the same file.

#include <entente/io/archive.hpp>
#include <entente/io/mapped.hpp>

#include "io/atomic_file.hpp"
#include "io/crc32.hpp"
#include "io/mapped_details.hpp"
#include "io/mapped_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <vector>

namespace entente::io {
namespace {

using detail::id_slot;
using detail::mapped_loader;
using detail::mapped_section;

constexpr std::size_t block_items = std::size_t{1} << 16;

void put(std::string& out, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

class section_writer {
 public:
  explicit section_writer(detail::atomic_file& file) : file_(file) {
    std::string header(detail::mapped_magic);
    put(header, mapped_version, 4);
    header.resize(detail::mapped_header_size, '\0');
    file_.write(header);
    offset_ = header.size();
  }

  /// A section of `count` items of `item_size` bytes, whose bytes `fill(first, n, block)` puts
  /// into a zeroed block, `n` items at a time.
  template <class Fill>
  void section(mapped_section id, std::size_t item_size, std::size_t count, Fill fill) {
    pad();
    entry e{id, item_size, offset_, count, 0};
    std::string block;
    for (std::size_t first = 0; first < count; first += block_items) {
      const std::size_t n = std::min(block_items, count - first);
      block.assign(n * item_size, '\0');
      fill(first, n, block.data());
      emit(block, e.crc);
    }
    entries_.push_back(e);
  }
  /// A section that is an array in memory, with no padding in its items.
  template <class T>
  void array(mapped_section id, std::span<const T> items) {
    static_assert(std::has_unique_object_representations_v<T>);
    section(id, sizeof(T), items.size(), [&](std::size_t first, std::size_t n, char* to) {
      std::memcpy(to, items.data() + first, n * sizeof(T));
    });
  }
  void bytes(mapped_section id, std::string_view bytes) {
    pad();
    entry e{id, 1, offset_, bytes.size(), 0};
    for (std::size_t at = 0; at < bytes.size(); at += block_items * 16)
      emit(bytes.substr(at, block_items * 16), e.crc);
    entries_.push_back(e);
  }

  /// Every string of `strings`, end to end.
  void string_bytes(const detail::string_pool& strings) {
    pad();
    entry e{mapped_section::string_bytes, 1, offset_, 0, 0};
    std::string block;
    for (std::size_t s = 0; s < strings.size(); ++s) {
      block += strings[static_cast<detail::symbol>(s)];
      if (block.size() >= block_items * 16 || s + 1 == strings.size()) {
        emit(block, e.crc);
        e.count += block.size();
        block.clear();
      }
    }
    entries_.push_back(e);
  }

  /// The section table and the footer.
  void finish() {
    pad();
    const std::uint64_t table_offset = offset_;
    std::string tail;
    for (const auto& e : entries_) {
      put(tail, static_cast<std::uint32_t>(e.id), 4);
      put(tail, e.item_size, 4);
      put(tail, e.offset, 8);
      put(tail, e.count, 8);
      put(tail, e.crc, 4);
      put(tail, 0, 4);
    }
    put(tail, table_offset, 8);
    put(tail, entries_.size(), 4);
    put(tail, mapped_version, 4);
    put(tail, table_offset + tail.size() - 16 + detail::mapped_footer_size, 8);
    tail.resize(tail.size() + 28, '\0');
    put(tail, detail::crc32(tail), 4);
    tail += detail::mapped_end_magic;
    file_.write(tail);
  }

 private:
  struct entry {
    mapped_section id;
    std::uint64_t item_size;
    std::uint64_t offset;
    std::uint64_t count;
    std::uint32_t crc;
  };
  void emit(std::string_view bytes, std::uint32_t& crc) {
    crc = detail::crc32_update(crc, bytes);
    file_.write(bytes);
    offset_ += bytes.size();
  }
  void pad() {
    const std::size_t gap =
        (detail::mapped_alignment - offset_ % detail::mapped_alignment) % detail::mapped_alignment;
    if (gap == 0) return;
    file_.write(std::string(gap, '\0'));
    offset_ += gap;
  }

  detail::atomic_file& file_;
  std::uint64_t offset_ = 0;
  std::vector<entry> entries_;
};

/// The schema and sources as a snapshot of a graph that has nothing else, then the warnings.
std::string meta_section(const graph& g) {
  graph meta(g.schema(), g.validation_mode());
  for (const auto& s : g.sources()) meta.add_source(s);
  std::string out;
  std::string archive = write_archive(meta);
  put(out, archive.size(), 8);
  out += archive;
  const auto& warnings = mapped_loader::warnings(g);
  put(out, warnings.size(), 8);
  for (const auto& w : warnings) {
    put(out, w.size(), 8);
    out += w;
  }
  return out;
}

/// Entities by the file_hash of their ids, linear probing, at most two thirds full; `starts`
/// gives where each string begins in the string bytes.
std::vector<id_slot> id_slots(const graph& g, std::span<const std::uint64_t> starts) {
  std::size_t size = 1;
  while (size < g.num_entities() + g.num_entities() / 2 + 1) size *= 2;
  std::vector<id_slot> slots(size, id_slot{no_index, 0, 0});
  const std::size_t mask = size - 1;
  const auto& records = mapped_loader::entities(g);
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    const detail::symbol id = records[e].id;
    const std::uint64_t hash = detail::file_hash(g.entity(e).id());
    std::size_t at = hash & mask;
    while (slots[at].entity != no_index) at = (at + 1) & mask;
    slots[at] = {e, static_cast<std::uint32_t>(hash >> 32),
                 id_slot::place_of(starts[id], starts[id + 1] - starts[id])};
  }
  return slots;
}

void write_adjacency(section_writer& out, mapped_section offsets, mapped_section entries,
                     const mapped_loader::adjacency& side) {
  out.array<std::uint32_t>(offsets, side.offsets);
  out.section(entries, sizeof(adjacency_entry), side.entries.size(),
              [&](std::size_t first, std::size_t n, char* to) {
                for (std::size_t i = 0; i < n; ++i, to += sizeof(adjacency_entry)) {
                  const adjacency_entry& a = side.entries[first + i];
                  std::memcpy(to, &a.relation, 4);
                  std::memcpy(to + 4, &a.other, 4);
                  std::memcpy(to + 8, &a.type, 2);
                }
              });
}

/// Offsets by type or kind for every type or kind of the schema: one declared after the index
/// was built has no relations or entities yet, so its offsets repeat the last.
std::vector<std::uint32_t> all_groups(std::span<const std::uint32_t> offsets, std::size_t groups) {
  std::vector<std::uint32_t> all(offsets.begin(), offsets.end());
  all.resize(groups + 1, all.empty() ? 0 : all.back());
  return all;
}

}  // namespace

void save_mapped(const graph& g, const std::filesystem::path& file) {
  if constexpr (std::endian::native != std::endian::little)
    throw io_error(file.string() + ": cannot save: mapped snapshots need a little-endian machine");
  const auto& entities = mapped_loader::entities(g);
  const auto& relations = mapped_loader::relations(g);
  const auto& strings = mapped_loader::strings(g);
  const auto& index = mapped_loader::index(g);

  std::vector<std::uint32_t> entity_slots(entities.size());
  for (std::size_t e = 0; e < entities.size(); ++e) entity_slots[e] = entities[e].details;
  std::vector<std::uint32_t> relation_slots(relations.size());
  for (std::size_t r = 0; r < relations.size(); ++r) relation_slots[r] = relations[r].extra;
  auto details = detail::encode_details(entity_slots, mapped_loader::details(g), relation_slots,
                                        mapped_loader::extras(g));
  entity_slots = {};
  relation_slots = {};

  detail::atomic_file target(file);
  section_writer out(target);
  out.bytes(mapped_section::meta, meta_section(g));
  out.section(mapped_section::entities, 12, entities.size(),
              [&](std::size_t first, std::size_t n, char* to) {
                for (std::size_t i = 0; i < n; ++i, to += 12) {
                  const auto& rec = entities[first + i];
                  std::memcpy(to, &rec.id, 4);
                  std::memcpy(to + 4, &rec.name, 4);
                  std::memcpy(to + 8, &details.entity_slots[first + i], 4);
                }
              });
  out.array<kind_id>(mapped_section::kinds, mapped_loader::kinds(g));
  out.section(mapped_section::relations, 24, relations.size(),
              [&](std::size_t first, std::size_t n, char* to) {
                for (std::size_t i = 0; i < n; ++i, to += 24) {
                  const auto& rec = relations[first + i];
                  std::memcpy(to, &rec.from, 4);
                  std::memcpy(to + 4, &rec.to, 4);
                  std::memcpy(to + 8, &rec.type, 2);
                  std::memcpy(to + 10, &rec.level, 1);
                  std::memcpy(to + 12, &rec.valid, 8);
                  std::memcpy(to + 20, &details.relation_slots[first + i], 4);
                }
              });
  std::vector<std::uint64_t> starts(strings.size() + 1, 0);
  for (std::size_t i = 0; i < strings.size(); ++i)
    starts[i + 1] = starts[i] + strings[static_cast<detail::symbol>(i)].size();
  out.array<std::uint64_t>(mapped_section::string_offsets, starts);
  out.string_bytes(strings);
  out.array<id_slot>(mapped_section::id_slots, id_slots(g, starts));
  starts = {};
  write_adjacency(out, mapped_section::out_offsets, mapped_section::out_entries, index.out);
  write_adjacency(out, mapped_section::in_offsets, mapped_section::in_entries, index.in);
  out.array<std::uint32_t>(mapped_section::type_offsets,
                           all_groups(index.type_offsets, g.schema().num_relation_types()));
  out.array<relation_index>(mapped_section::by_type, index.by_type);
  out.array<std::uint32_t>(mapped_section::kind_offsets,
                           all_groups(index.kind_offsets, g.schema().num_kinds()));
  out.array<entity_index>(mapped_section::by_kind, index.by_kind);
  out.bytes(mapped_section::details, details.bytes);
  out.finish();
  target.commit();
}

}  // namespace entente::io

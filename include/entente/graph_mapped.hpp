#pragma once
/// A mapped graph's checked reads and its copy into memory: out-of-line members of `graph`,
/// which graph.hpp includes once the class is complete.

#include <entente/graph.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace entente {

inline std::optional<entity_index> graph::find_mapped_id(std::string_view id) const {
  const std::size_t slots = id_slots_.size();  // a power of two (checked on opening), or none
  if (slots == 0) return std::nullopt;
  const std::size_t mask = slots - 1;
  const std::uint64_t hash = detail::file_hash(id);
  const auto check = static_cast<std::uint32_t>(hash >> 32);
  std::size_t at = hash & mask;
  // Linear probing ends at an empty slot; a forged table without one ends after a full turn.
  for (std::size_t tries = 0; tries < slots; ++tries, at = (at + 1) & mask) {
    const detail::id_slot slot = id_slots_[at];
    if (slot.entity == no_index) return std::nullopt;
    if (slot.check != check) continue;
    if (slot.entity >= entities_.size())
      damaged("its id table names entity " + std::to_string(slot.entity) + ", past the last");
    // A forged place finds the wrong entity at worst, never bytes outside the file.
    const std::string_view stored = slot.length() != detail::id_slot::long_id
                                        ? strings_.mapped_bytes(slot.begin(), slot.length())
                                        : strings_[entities_[slot.entity].id];
    if (stored == id) return slot.entity;
  }
  return std::nullopt;
}

inline std::span<const adjacency_entry> graph::side(const adjacency& adj, entity_index e) const {
  if (e + std::size_t{1} >= adj.offsets.size())
    throw lookup_error("no entity number " + std::to_string(e));
  const std::uint32_t begin = adj.offsets[e];
  const std::uint32_t end = adj.offsets[e + 1];
  if (!adj.checked.enabled()) [[likely]]
    return {adj.entries.data() + begin, adj.entries.data() + end};
  if (begin > end || end > adj.entries.size())
    damaged("the relations of entity " + std::to_string(e) + " lie outside their table");
  std::span<const adjacency_entry> entries(adj.entries.data() + begin, end - begin);
  if (!adj.checked.seen(e)) {
    for (const auto& a : entries)
      if (a.relation >= relations_.size() || a.other >= entities_.size() ||
          a.type >= schema_.num_relation_types())
        damaged("a relation of entity " + std::to_string(e) + " holds a value out of range");
    adj.checked.mark(e);
  }
  return entries;
}

template <class T>
std::span<const T> graph::checked(const detail::column<T>& items,
                                  const detail::column<std::uint32_t>& offsets, std::size_t group,
                                  const detail::checked_marks& marks, std::size_t bound,
                                  const char* what) const {
  const std::uint32_t begin = offsets[group];
  const std::uint32_t end = offsets[group + 1];
  if (!marks.enabled()) [[likely]]
    return {items.data() + begin, items.data() + end};
  if (begin > end || end > items.size())
    damaged(std::string("the index of ") + what + " " + std::to_string(group) +
            " lies outside its table");
  std::span<const T> group_items(items.data() + begin, end - begin);
  if (!marks.seen(group)) {
    for (T x : group_items)
      if (x >= bound)
        damaged(std::string("the index of ") + what + " " + std::to_string(group) +
                " holds a value out of range");
    marks.mark(group);
  }
  return group_items;
}

inline void graph::own_mapped() {
  const auto file = mapped_;  // keeps the file mapped until the copy is done
  detail::decoded_details decoded_now = decoded();
  if (!strings_.own()) damaged("its string table does not add up");
  const std::size_t strings = strings_.size();
  entities_.detach();
  kinds_.detach();
  relations_.detach();
  entity_of_id_.assign(strings, no_index);
  for (entity_index e = 0; e < entities_.size(); ++e) {
    const entity_record& rec = entities_[e];
    if (rec.id >= strings || rec.name >= strings || kinds_[e] >= schema_.num_kinds() ||
        (rec.details != no_index && rec.details >= decoded_now.entities.size()))
      damaged("entity " + std::to_string(e) + " holds a value out of range");
    if (strings_[rec.id].empty() || entity_of_id_[rec.id] != no_index)
      damaged("entity " + std::to_string(e) + " has an empty id or another's");
    entity_of_id_[rec.id] = e;
  }
  for (relation_index r = 0; r < relations_.size(); ++r) {
    (void)from(r), (void)to(r), (void)type(r), (void)evidence(r), (void)valid(r);
    auto x = relations_[r].extra;
    if (x != no_index && x >= decoded_now.relations.size()) damaged_relation(r);
  }
  details_ = std::move(decoded_now.entities);
  extras_ = std::move(decoded_now.relations);
  free_details_.clear();
  free_extras_.clear();
  id_slots_.clear();
  decoded_.reset();
  changed();
  mapped_.reset();
}

}  // namespace entente

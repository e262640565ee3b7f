// Format 3 onwards, binary snapshots: the entities as columns behind a table of their distinct
// strings, which a reader restores in one piece.

#include "io/archive_payload.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace entente::detail {

// A binary archive holds the entities as columns: every distinct id, name and alias once, in
// the order of first use, then each entity's kind, id and name as numbers, then what the few
// entities with aliases, attributes or external ids add. A reader restores the strings in one
// piece and the columns with one copy each.
template <class Archive>
void payload_writer<Archive>::write_entity_table(const graph& g) {
  const std::size_t n = g.num_entities();
  entente::detail::string_pool table;
  std::vector<kind_id> kinds(n);
  std::vector<std::uint32_t> ids(n);
  std::vector<std::uint32_t> names(n);
  std::vector<entity_index> detailed;
  for (entity_index e = 0; e < n; ++e) {
    auto x = g.entity(e);
    kinds[e] = x.kind();
    ids[e] = table.intern(x.id());
    names[e] = table.intern(x.name());
    auto aliases = x.aliases();
    if (aliases.empty() && x.attributes().empty() && x.external_ids().empty()) continue;
    detailed.push_back(e);
    for (auto a : aliases) (void)table.intern(a);
  }
  count("strings", table.size());
  std::vector<std::uint32_t> lengths(table.size());
  std::string bytes;
  for (entente::detail::symbol i = 0; i < table.size(); ++i) {
    lengths[i] = static_cast<std::uint32_t>(table[i].size());
    bytes += table[i];
  }
  array("string_lengths", lengths);
  text("string_bytes", bytes);
  array("kinds", kinds);
  array("ids", ids);
  array("names", names);
  count("detailed_entities", detailed.size());
  for (entity_index e : detailed) {
    auto x = g.entity(e);
    number("entity", e);
    auto aliases = x.aliases();
    count("aliases", aliases.size());
    for (auto a : aliases) {
      entente::detail::symbol sym = 0;
      (void)table.find(a, sym);
      number("alias", sym);
    }
    write_details(x);
  }
}

// Format 3, binary: see payload_writer::write_entity_table.
template <class Archive>
void payload_reader<Archive>::read_entity_table(graph& g, std::size_t entities) {
  using loader = entente::detail::bulk_loader;
  const std::size_t strings = count("strings", sizeof(std::uint32_t), 1);
  if (strings > no_index)
    damaged(fmt::format("{} strings, more than string numbers allow", strings));
  auto lengths = array<std::uint32_t>("string_lengths", strings);
  auto size = number<std::uint64_t>("string_bytes");
  fits(size, "string_bytes");
  std::uint64_t total = 0;
  for (std::uint32_t n : lengths) total += n;
  if (total != size)
    damaged(fmt::format("the string table holds {} bytes, its strings' lengths add up to {}", size,
                        total));
  if (!loader::restore_strings(g, in_.rest().substr(0, size), lengths))
    damaged("a string comes twice in the string table");
  in_.skip(size);

  const std::size_t kinds = g.schema().num_kinds();
  auto kind_of = array<kind_id>("kinds", entities);
  auto ids = array<entente::detail::symbol>("ids", entities);
  auto names = array<entente::detail::symbol>("names", entities);
  for (std::size_t e = 0; e < entities; ++e) {
    if (kind_of[e] >= kinds)
      damaged(fmt::format("entity {} has kind {}, the schema has {} kinds", e, kind_of[e], kinds));
    if (ids[e] >= strings || names[e] >= strings)
      damaged(fmt::format("entity {} names string {}, the table has {}", e,
                          std::max(ids[e], names[e]), strings));
  }
  loader::add_entities(g, kind_of, ids, names);

  std::size_t next = 0;  // in increasing entity order, each once
  for (std::size_t n = count("detailed_entities", 32, 4); n > 0; --n) {
    auto e = number<std::uint32_t>("entity");
    if (e >= entities)
      damaged(fmt::format("details for entity {}, the snapshot has {} entities", e, entities));
    if (e < next) damaged(fmt::format("details for entity {} out of order", e));
    next = std::size_t{e} + 1;
    for (std::size_t a = count("aliases", 4, 1); a > 0; --a) {
      auto sym = number<entente::detail::symbol>("alias");
      if (sym >= strings)
        damaged(fmt::format("entity {} has alias string {}, the table has {}", e, sym, strings));
      g.add_alias(e, loader::string(g, sym));
    }
    read_details(g, e);
  }
}

// Only binary archives hold columns.
template void payload_writer<boost::archive::binary_oarchive>::write_entity_table(const graph&);
template void payload_reader<boost::archive::binary_iarchive>::read_entity_table(graph&,
                                                                                 std::size_t);

}  // namespace entente::detail

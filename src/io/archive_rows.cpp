// Entities one record each: id, kind, name, aliases and details, as text and XML snapshots hold
// them, and binary ones before format 3.

#include "io/archive_payload.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace entente::detail {
namespace {

// Plain entities are interned this many at a time (see read_entities).
constexpr std::size_t entity_batch = 64;

}  // namespace

template <class Archive>
void payload_writer<Archive>::write_entity_rows(const graph& g) {
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    auto x = g.entity(e);
    text("id", x.id());
    number("kind", x.kind());
    text("name", x.name());
    auto aliases = x.aliases();
    count("aliases", aliases.size());
    for (auto a : aliases) text("alias", a);
    write_details(x);
  }
}

template <class Archive>
void payload_reader<Archive>::read_entities(graph& g, std::size_t entities) {
  // Room for what the bytes left can plausibly hold; a larger count grows as it is read.
  g.reserve(std::min(entities, in_.remaining() / 64), 0);
  const std::size_t kinds = g.schema().num_kinds();
  // Plain entities (an id, a kind and a name) are added a batch at a time, their ids and names
  // prefetched first: interning is a random access into a large table, and a batch lets the
  // accesses overlap.
  struct plain {
    std::string id, name;
    kind_id kind = 0;
  };
  std::vector<plain> batch(entity_batch);
  std::size_t pending = 0;
  auto flush = [&] {
    for (std::size_t i = 0; i < pending; ++i) {
      entente::detail::bulk_loader::prefetch_string(g, batch[i].id);
      entente::detail::bulk_loader::prefetch_string(g, batch[i].name);
    }
    for (std::size_t i = 0; i < pending; ++i)
      add_entity(g, batch[i].id, batch[i].kind, batch[i].name);
    pending = 0;
  };
  for (std::size_t e = 0; e < entities; ++e) {
    auto& row = batch[pending];
    text("id", row.id);
    row.kind = number<kind_id>("kind");
    text("name", row.name);
    if (row.kind >= kinds)
      damaged(fmt::format("entity {} ('{}') has kind {}, the schema has {} kinds", e, row.id,
                          row.kind, kinds));
    std::vector<std::string> aliases;
    for (std::size_t n = count("aliases", 8, 1); n > 0; --n) aliases.push_back(text("alias"));
    auto attrs = read_attributes([&] { return fmt::format("entity {} ('{}')", e, row.id); });
    auto external_ids = read_external_ids();
    if (aliases.empty() && attrs.empty() && external_ids.empty()) {
      if (++pending == batch.size()) flush();
      continue;
    }
    flush();  // entities keep their order
    auto added =
        g.add_entity(entity_spec{row.id, g.schema().kind_at(row.kind).name, row.name,
                                 std::move(aliases), std::move(attrs), std::move(external_ids)});
    if (row.name.empty()) g.set_name(added, "");
  }
  flush();
}

template <class Archive>
void payload_reader<Archive>::add_entity(graph& g, const std::string& id, kind_id kind,
                                         const std::string& name) {
  auto added = g.add_entity(id, kind, name);
  // add_entity names a nameless entity after its id; keep a name emptied on purpose.
  if (name.empty()) g.set_name(added, "");
}

// A binary archive holds rows only before format 3, and no longer writes them.
template void payload_writer<boost::archive::text_oarchive>::write_entity_rows(const graph&);
template void payload_writer<boost::archive::xml_oarchive>::write_entity_rows(const graph&);
template void payload_reader<boost::archive::binary_iarchive>::read_entities(graph&, std::size_t);
template void payload_reader<boost::archive::text_iarchive>::read_entities(graph&, std::size_t);
template void payload_reader<boost::archive::xml_iarchive>::read_entities(graph&, std::size_t);

}  // namespace entente::detail

// Relations: plain 20-byte records in arrays, checked and indexed on a second core while the
// entities are read, and the citations and attributes of the few that carry them.

#include "io/archive_payload.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace entente::detail {
namespace {

// Relations go in arrays of this many records: one copy each in a binary archive, without a
// buffer as large as the graph's relations.
constexpr std::size_t relation_chunk = 4096;
// From this many relations on, a second core indexes them while the entities are read.
constexpr std::size_t parallel_relations = std::size_t{1} << 15;

// A stored record that names no entity, type, evidence level or date it may.
void check(const relation_record& rec, std::size_t r, std::size_t entities, std::size_t types) {
  if (rec.from >= entities)
    damaged(fmt::format("relation {} starts at entity {}, the snapshot has {} entities", r,
                        rec.from, entities));
  if (rec.to >= entities)
    damaged(fmt::format("relation {} ends at entity {}, the snapshot has {} entities", r, rec.to,
                        entities));
  if (rec.type >= types)
    damaged(fmt::format("relation {} has relation type {}, the schema has {}", r, rec.type, types));
  if (rec.evidence > static_cast<std::uint8_t>(evidence::confirmed))
    damaged(fmt::format("relation {} has evidence level {}", r, rec.evidence));
  if (!valid(rec.since) || !valid(rec.until))
    damaged(fmt::format("relation {} has an invalid date ({})", r,
                        describe(valid(rec.since) ? rec.until : rec.since)));
}

}  // namespace

template <class Archive>
void payload_writer<Archive>::write_relation_records(const graph& g) {
  const std::size_t relations = g.num_relations();
  count("relations", relations);
  std::vector<relation_record> chunk;
  chunk.reserve(std::min(relations, relation_chunk));
  for (std::size_t start = 0; start < relations; start += relation_chunk) {
    chunk.clear();
    for (auto r = static_cast<relation_index>(start);
         r < std::min(relations, start + relation_chunk); ++r) {
      const auto& valid = g.valid(r);
      chunk.push_back({g.from(r), g.to(r), to_record(valid.since), to_record(valid.until),
                       g.type(r), static_cast<std::uint8_t>(g.evidence(r)), 0});
    }
    ar_ << make_nvp("relation_records", make_array(chunk.data(), chunk.size()));
  }
}

template <class Archive>
void payload_writer<Archive>::write_annotations(const graph& g) {
  const std::size_t relations = g.num_relations();
  std::size_t annotated = 0;
  for (relation_index r = 0; r < relations; ++r)
    if (!g.citations(r).empty() || !g.relation_attributes(r).empty()) ++annotated;
  count("annotated_relations", annotated);
  for (relation_index r = 0; r < relations; ++r) {
    auto citations = g.citations(r);
    const auto& attributes = g.relation_attributes(r);
    if (citations.empty() && attributes.empty()) continue;
    number("relation", r);
    count("citations", citations.size());
    for (const auto& c : citations) {
      number("source", c.source);
      text("quote", c.quote);
      flag("has_span", c.span.has_value());
      if (c.span) {
        number("begin", c.span->begin);
        number("end", c.span->end);
      }
    }
    write_attributes(attributes);
  }
}

// Format 2 on, the records read where they lie (binary) or into memory (text and XML).
template <class Archive>
void payload_reader<Archive>::read_relations_then_entities(graph& g, bool strict,
                                                           std::size_t entities) {
  if constexpr (is_binary_v<Archive>)
    read_relations_then_entities(g, strict, entities, take_relation_records());
  else
    read_relations_then_entities(g, strict, entities, read_relation_records());
}

// Format 2 on: the relation records come first. A strict graph's relations need no entity to
// be checked against (they were, when they were added), so a second core turns them into the
// graph's relations and its adjacency index while this one reads the entities.
template <class Archive>
template <class Records>
void payload_reader<Archive>::read_relations_then_entities(graph& g, bool strict,
                                                           std::size_t entities,
                                                           const Records& records) {
  const std::size_t types = g.schema().num_relation_types();
  if (!strict) {
    read_entities_of_version(g, entities);
    add_relations(g, records);  // records the schema's warnings again
    read_annotations(g, records.size());
    return;
  }
  using loader = entente::detail::bulk_loader;
  std::vector<loader::relation_record> relations;
  loader::index_data index;
  std::exception_ptr failed;
  // The worker checks and converts the records, sorts them by type and indexes their outgoing
  // side; this core, its entities read, indexes the incoming side as soon as they are sorted.
  enum stage : int { working, sorted, stopped };
  std::atomic<int> progress{working};
  auto build = [&] {
    try {
      relations.reserve(records.size());
      for (std::size_t r = 0; r < records.size(); ++r) {
        const relation_record rec = records[r];
        check(rec, r, entities, types);
        relations.push_back(loader::record(rec.from, rec.type, rec.to,
                                           static_cast<evidence>(rec.evidence),
                                           {to_date(rec.since), to_date(rec.until)}));
      }
      loader::index_types(index, types, relations);
      progress = sorted;
      progress.notify_one();
      loader::index_side(index, entities, relations, true);
    } catch (...) {
      failed = std::current_exception();
      progress = stopped;
      progress.notify_one();
    }
  };
  std::thread worker;
  if (records.size() >= parallel_relations)
    worker = std::thread(build);
  else
    build();
  join_at_exit join_worker{worker};
  read_entities_of_version(g, entities);
  if (g.num_entities() != entities)
    damaged(fmt::format("{} entities announced, {} read", entities, g.num_entities()));
  progress.wait(working);
  if (progress == sorted) loader::index_side(index, entities, relations, false);
  if (worker.joinable()) worker.join();
  if (failed) std::rethrow_exception(failed);
  loader::adopt(g, std::move(relations), std::move(index));
  read_annotations(g, records.size());
}

// Format 1: the entities come first, and the relations are added one at a time.
template <class Archive>
void payload_reader<Archive>::read_entities_then_relations(graph& g, std::size_t entities) {
  read_entities(g, entities);
  auto records = read_relation_records();
  add_relations(g, records);
  read_annotations(g, records.size());
}

// Every relation record, read into memory; `check` them before use.
template <class Archive>
std::vector<relation_record> payload_reader<Archive>::read_relation_records() {
  std::vector<relation_record> records(relation_count());
  for (std::size_t start = 0; start < records.size(); start += relation_chunk) {
    const std::size_t n = std::min(relation_chunk, records.size() - start);
    expect_tag("relation_records");
    ar_ >> make_nvp("relation_records", make_array(records.data() + start, n));
  }
  return records;
}

// A binary archive holds the records one after another as they are in memory (an array
// stores no more than its elements), so they are read where they lie, by whichever core
// turns them into relations, and skipped here.
template <class Archive>
stored_records payload_reader<Archive>::take_relation_records() {
  const std::size_t relations = relation_count();
  stored_records records(in_.rest().substr(0, relations * sizeof(relation_record)));
  in_.skip(relations * sizeof(relation_record));
  return records;
}

template <class Archive>
std::size_t payload_reader<Archive>::relation_count() {
  std::size_t relations = count("relations", sizeof(relation_record), 10);
  if (relations >= no_index)
    damaged(fmt::format("{} relations, more than relation numbers allow", relations));
  return relations;
}

template <class Archive>
template <class Records>
void payload_reader<Archive>::add_relations(graph& g, const Records& records) {
  const std::size_t entities = g.num_entities();
  const std::size_t types = g.schema().num_relation_types();
  for (std::size_t r = 0; r < records.size(); ++r) {
    const relation_record rec = records[r];
    check(rec, r, entities, types);
    g.add_relation(rec.from, rec.type, rec.to, static_cast<evidence>(rec.evidence),
                   {to_date(rec.since), to_date(rec.until)});
  }
}

template <class Archive>
void payload_reader<Archive>::read_annotations(graph& g, std::size_t relations) {
  std::size_t annotated = count("annotated_relations", 20, 3);
  const std::size_t sources = g.sources().size();
  std::size_t next = 0;  // annotations come in increasing relation order, each once
  for (std::size_t i = 0; i < annotated; ++i) {
    auto r = number<std::uint32_t>("relation");
    if (r >= relations)
      damaged(
          fmt::format("annotations for relation {}, the snapshot has {} relations", r, relations));
    if (r < next) damaged(fmt::format("annotations for relation {} out of order", r));
    next = std::size_t{r} + 1;
    for (std::size_t n = count("citations", 13, 3); n > 0; --n) {
      citation c;
      c.source = number<std::uint32_t>("source");
      if (c.source >= sources)
        damaged(fmt::format("relation {} cites source {}, the snapshot has {} sources", r, c.source,
                            sources));
      c.quote = text("quote");
      if (flag("has_span")) {
        text_span span;
        span.begin = number<std::uint32_t>("begin");
        span.end = number<std::uint32_t>("end");
        c.span = span;
      }
      g.add_citation(r, std::move(c));
    }
    for (auto& [key, v] : read_attributes([&] { return fmt::format("relation {}", r); }))
      g.set_relation_attribute(r, key, std::move(v));
  }
}

// What archive.cpp calls, for every archive.
template void payload_writer<boost::archive::binary_oarchive>::write_relation_records(const graph&);
template void payload_writer<boost::archive::text_oarchive>::write_relation_records(const graph&);
template void payload_writer<boost::archive::xml_oarchive>::write_relation_records(const graph&);
template void payload_writer<boost::archive::binary_oarchive>::write_annotations(const graph&);
template void payload_writer<boost::archive::text_oarchive>::write_annotations(const graph&);
template void payload_writer<boost::archive::xml_oarchive>::write_annotations(const graph&);
template void payload_reader<boost::archive::binary_iarchive>::read_relations_then_entities(
    graph&, bool, std::size_t);
template void payload_reader<boost::archive::text_iarchive>::read_relations_then_entities(
    graph&, bool, std::size_t);
template void payload_reader<boost::archive::xml_iarchive>::read_relations_then_entities(
    graph&, bool, std::size_t);
template void payload_reader<boost::archive::binary_iarchive>::read_entities_then_relations(
    graph&, std::size_t);
template void payload_reader<boost::archive::text_iarchive>::read_entities_then_relations(
    graph&, std::size_t);
template void payload_reader<boost::archive::xml_iarchive>::read_entities_then_relations(
    graph&, std::size_t);

}  // namespace entente::detail

// Snapshots (`*.kga`). A snapshot is a 32-byte header followed by a payload:
//
//   offset  size  field (little-endian)
//        0     8  magic "\x89KGA\r\n\x1a\n" (as PNG: catches 7-bit and newline-mangling copies)
//        8     4  format version; stays at this offset in every version, so a newer file is
//                 recognised as such whatever else changed
//       12     4  archive kind: 0 binary, 1 text, 2 XML
//       16     8  payload size in bytes
//       24     4  CRC-32 of the payload
//       28     4  CRC-32 of bytes 0..27, so a damaged size is not mistaken for a truncation
//
// The payload is a Boost.Serialization archive without Boost's own header (ours carries the
// version), holding in order: the validation mode, kinds, relation types, sources, the number of
// entities, every relation as plain 20-byte records in arrays of 4096 (one copy each in a binary
// archive), the entities, and last the relations that carry citations or attributes. Relations
// come before the entities (from format 2; format 1 had them after) so that a reader can index
// them on a second core while it reads the entities. From format 3 a binary archive holds the
// entities as columns behind a table of their distinct strings (see archive_columns.cpp), which
// a reader restores in one piece; text and XML keep one record per entity, for people to read.
// From format 4 the validation mode's second bit says whether the schema is open.
// From format 5 an attribute may be a list (value tag 6: one tag for its items, their count,
// the items); files of formats 1 to 4 read as before.
// The header is checked before Boost sees a byte; the payload is still checked as it is read,
// because a hostile file can forge a checksum: counts and string lengths against the bytes
// left, before anything is allocated; indexes against what came before them; enums and dates
// against their ranges.
//
// This file holds the header, its checksums, the order of the payload's parts and the entry
// points; the entities' columns and rows and the relations' records have files of their own
// (archive_columns.cpp, archive_rows.cpp, archive_records.cpp), and archive_payload.hpp holds
// what they share.

#include <entente/io/archive.hpp>

#include "io/archive_payload.hpp"
#include "io/atomic_file.hpp"
#include "io/crc32.hpp"
#include "io/file_bytes.hpp"

#include <fmt/format.h>
#include <boost/archive/archive_exception.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <istream>
#include <limits>
#include <locale>
#include <new>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace entente::io {
namespace {

using detail::crc32;
using detail::damage;
using detail::damaged;
using detail::input_buffer;
using detail::join_at_exit;
using detail::payload_reader;
using detail::payload_writer;

constexpr std::string_view magic{"\x89KGA\r\n\x1a\n", 8};
constexpr std::size_t header_size = 32;
constexpr unsigned archive_flags = boost::archive::no_header | boost::archive::no_codecvt;
// From this many payload bytes on, the checksum is computed beside the parse.
constexpr std::size_t parallel_checksum = std::size_t{1} << 20;

// The XML archive is written without Boost's header, whose closing tag Boost reads in a
// destructor (where a damaged file could only terminate the program); this root replaces it.
constexpr std::string_view xml_prologue =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>\n<entente_snapshot>\n";
constexpr std::string_view xml_epilogue = "</entente_snapshot>";

// ---- header ----------------------------------------------------------------------------------

void put_le(std::string& out, std::size_t at, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) out[at + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::uint64_t get_le(std::string_view bytes, std::size_t at, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i)
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return value;
}

std::uint32_t kind_number(archive_format format) {
  switch (format) {
    case archive_format::binary: return 0;
    case archive_format::text: return 1;
    case archive_format::xml: return 2;
  }
  throw error("unknown archive format");
}

/// Fills the header in front of the payload that `out` holds after `header_size` bytes.
void write_header(std::string& out, archive_format format) {
  std::string_view payload = std::string_view(out).substr(header_size);
  std::copy(magic.begin(), magic.end(), out.begin());
  put_le(out, 8, archive_version, 4);
  put_le(out, 12, kind_number(format), 4);
  put_le(out, 16, payload.size(), 8);
  put_le(out, 24, crc32(payload), 4);
  put_le(out, 28, crc32(std::string_view(out).substr(0, 28)), 4);
}

/// Checks everything the header promises (magic, version, size, checksums) before any byte
/// of the payload is interpreted; returns the archive kind.
/// The payload's checksum is left to the caller, which may compute it beside the parse.
archive_format check_header(std::string_view bytes, const std::string& where,
                            std::uint32_t& version_out) {
  if (bytes.empty()) throw io_error(where + ": empty file, not an entente snapshot");
  std::string_view start = bytes.substr(0, magic.size());
  if (start != magic.substr(0, start.size()))
    throw io_error(where + ": not an entente snapshot (bad magic)");
  if (bytes.size() < header_size)
    throw io_error(fmt::format("{}: truncated: {} bytes, shorter than the {}-byte snapshot header",
                               where, bytes.size(), header_size));
  std::uint64_t version = get_le(bytes, 8, 4);
  if (version > archive_version)
    throw io_error(
        fmt::format("{}: written by a newer entente: format version {}, this build reads up to {}",
                    where, version, archive_version));
  if (version == 0) throw io_error(where + ": damaged: format version 0");
  version_out = static_cast<std::uint32_t>(version);
  if (get_le(bytes, 28, 4) != crc32(bytes.substr(0, 28)))
    throw io_error(where + ": damaged: header checksum mismatch");
  std::uint64_t kind = get_le(bytes, 12, 4);
  if (kind > 2) throw io_error(fmt::format("{}: damaged: unknown archive kind {}", where, kind));
  std::uint64_t declared = get_le(bytes, 16, 8);
  std::size_t actual = bytes.size() - header_size;
  if (declared != actual)
    throw io_error(fmt::format("{}: {}: header says {} bytes of payload, file has {}", where,
                               declared > actual ? "truncated" : "damaged", declared, actual));
  constexpr archive_format formats[] = {archive_format::binary, archive_format::text,
                                        archive_format::xml};
  return formats[kind];
}

/// Appends an archive to a string.
class output_buffer : public std::streambuf {
 public:
  explicit output_buffer(std::string& out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof()))
      out_.push_back(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n > 0) out_.append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::string& out_;
};

}  // namespace
}  // namespace entente::io

namespace entente::detail {

// ---- writing ---------------------------------------------------------------------------------

template <class Archive>
void payload_writer<Archive>::write(const graph& g) {
  // Bit 0: lenient validation; bit 1 (from format 4): an open schema.
  number("validation", static_cast<std::uint8_t>((g.validation_mode() == validation::lenient) |
                                                 (g.schema().is_open() << 1)));
  write_schema(g.schema());

  count("sources", g.sources().size());
  for (const auto& s : g.sources()) {
    text("id", s.id);
    text("title", s.title);
    text("publisher", s.publisher);
    day("published", s.published);
    text("url", s.url);
  }

  // Relations before the entities they join, so a reader can index them on a second core
  // while it interns the entities' ids and names.
  count("entities", g.num_entities());
  write_relation_records(g);
  if constexpr (is_binary_v<Archive>) {
    write_entity_table(g);
  } else {
    write_entity_rows(g);
  }

  write_annotations(g);
}

template <class Archive>
void payload_writer<Archive>::write_schema(const schema& s) {
  count("kinds", s.num_kinds());
  for (const auto& k : s.kinds()) {
    text("name", k.name);
    number("parent", k.parent ? std::uint32_t{*k.parent} : no_index);
  }
  count("relation_types", s.num_relation_types());
  for (const auto& t : s.relation_types()) {
    text("name", t.name);
    kinds("domain", t.domain);
    kinds("range", t.range);
    flag("symmetric", t.symmetric);
    flag("transitive", t.transitive);
    text("inverse", t.inverse);
    number("polarity", static_cast<std::int8_t>(t.polarity));
    text("cameo", t.cameo);
    real("weight", t.weight);
    number("quad_class", static_cast<std::int32_t>(t.quad_class));
    flag("functional", t.functional);
  }
}

// ---- reading ---------------------------------------------------------------------------------

template <class Archive>
graph payload_reader<Archive>::read() {
  auto mode = number<std::uint8_t>("validation");
  if (mode > (version_ >= 4 ? 3 : 1)) damaged(fmt::format("unknown validation mode {}", mode));
  const bool strict = (mode & 1) == 0;

  // A strict graph can hold relations its rules would now refuse (a kind changed, a type
  // redeclared after they were added), so it is rebuilt with open domains and ranges and
  // gets its rules back at the end. A lenient graph is rebuilt under its rules, which
  // records its warnings again.
  std::vector<relation_type_spec> rules;
  auto s = read_schema(strict, (mode & 2) != 0, rules);
  graph g(std::move(s), strict ? validation::strict : validation::lenient);

  read_sources(g);
  if (version_ >= 2)
    read_relations_then_entities(g, strict, entity_count());
  else
    read_entities_then_relations(g, entity_count());
  for (const auto& spec : rules) g.add_relation_type(spec);
  return g;
}

template <class Archive>
schema payload_reader<Archive>::read_schema(bool strict, bool open,
                                            std::vector<relation_type_spec>& rules) {
  constexpr std::size_t max_ids = std::size_t{std::numeric_limits<kind_id>::max()} + 1;
  schema s;
  // Open before its kinds are read: an open schema has the kind with no name (no label).
  s.set_open(open);
  std::size_t kinds = count("kinds", 12, 2);
  if (kinds > max_ids) damaged(fmt::format("{} kinds, more than kind numbers allow", kinds));
  for (std::size_t k = 0; k < kinds; ++k) {
    kind_spec spec{text("name"), ""};
    auto parent = number<std::uint32_t>("parent");
    if (parent != no_index) {
      if (parent >= k)
        damaged(fmt::format("kind {} ('{}') has parent {}, which is not an earlier kind", k,
                            spec.name, parent));
      spec.parent = s.kind_at(static_cast<kind_id>(parent)).name;
    }
    if (s.add_kind(spec) != k) damaged(fmt::format("kind '{}' is declared twice", spec.name));
  }

  std::size_t types = count("relation_types", 55, 10);
  if (types > max_ids)
    damaged(fmt::format("{} relation types, more than type numbers allow", types));
  for (std::size_t t = 0; t < types; ++t) {
    relation_type_spec spec;
    spec.name = text("name");
    auto where = [&] { return fmt::format("relation type {} ('{}')", t, spec.name); };
    spec.domain = kind_names("domain", s, where);
    spec.range = kind_names("range", s, where);
    spec.symmetric = flag("symmetric");
    spec.transitive = flag("transitive");
    spec.inverse = text("inverse");
    auto p = number<std::int8_t>("polarity");
    if (p < -1 || p > 1) damaged(fmt::format("{} has polarity {}", where(), p));
    spec.polarity = static_cast<polarity>(p);
    spec.cameo = text("cameo");
    spec.weight = real("weight");
    spec.quad_class = number<std::int32_t>("quad_class");
    spec.functional = flag("functional");
    relation_type_spec declared = spec;
    if (strict) {
      declared.domain.clear();
      declared.range.clear();
      rules.push_back(std::move(spec));
    }
    if (s.add_relation_type(declared) != t)
      damaged(fmt::format("relation type '{}' is declared twice", declared.name));
  }
  return s;
}

template <class Archive>
template <class Where>
std::vector<std::string> payload_reader<Archive>::kind_names(const char* what, const schema& s,
                                                             const Where& where) {
  std::size_t n = count(what, 2, 1);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < n; ++i) {
    auto k = number<kind_id>("kind");
    if (k >= s.num_kinds())
      damaged(fmt::format("{} names kind {} in its {}, the schema has {} kinds", where(), k, what,
                          s.num_kinds()));
    names.push_back(s.kind_at(k).name);
  }
  return names;
}

template <class Archive>
void payload_reader<Archive>::read_sources(graph& g) {
  std::size_t sources = count("sources", 36, 7);
  for (std::size_t i = 0; i < sources; ++i) {
    source_info src;
    src.id = text("id");
    src.title = text("title");
    src.publisher = text("publisher");
    auto published = record("published");
    if (!valid(published))
      damaged(fmt::format("source {} ('{}') has an invalid publication date ({})", i, src.id,
                          describe(published)));
    src.published = to_date(published);
    src.url = text("url");
    g.add_source(std::move(src));
  }
}

template <class Archive>
std::size_t payload_reader<Archive>::entity_count() {
  // A binary archive's entities are columns from format 3 on: a kind, an id and a name number
  // each, at least; before, records of 42 bytes at least.
  std::size_t entities =
      count("entities", version_ >= 3 ? sizeof(kind_id) + 2 * sizeof(std::uint32_t) : 42, 6);
  if (entities >= no_index)
    damaged(fmt::format("{} entities, more than entity numbers allow", entities));
  return entities;
}

}  // namespace entente::detail

namespace entente::io {
namespace {

bool only_space(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && only_space(s.substr(0, 1))) s.remove_prefix(1);
  while (!s.empty() && only_space(s.substr(s.size() - 1))) s.remove_suffix(1);
  return s;
}

graph read_payload(std::string_view payload, archive_format format, std::uint32_t version) {
  switch (format) {
    case archive_format::binary: {
      input_buffer in(payload);
      boost::archive::binary_iarchive ar(in, archive_flags);
      graph g = payload_reader(ar, in, version).read();
      if (in.remaining() != 0)
        damaged(fmt::format("{} bytes left over after the graph", in.remaining()));
      return g;
    }
    case archive_format::text: {
      input_buffer in(payload);
      std::istream is(&in);
      is.imbue(std::locale::classic());  // a user's global locale must not group digits
      boost::archive::text_iarchive ar(is, archive_flags);
      graph g = payload_reader(ar, in, version).read();
      if (!only_space(in.rest()))
        damaged(fmt::format("{} bytes left over after the graph", in.remaining()));
      return g;
    }
    case archive_format::xml: {
      if (!payload.starts_with(xml_prologue))
        damaged("the XML does not open with the <entente_snapshot> root");
      input_buffer in(payload.substr(xml_prologue.size()));
      std::istream is(&in);
      is.imbue(std::locale::classic());
      // Boost 1.74 checks an end tag's name by reading as many bytes of the expected name as
      // the tag has, past its end when the tag is longer: off, and payload_reader checks each
      // field's start tag itself.
      boost::archive::xml_iarchive ar(is, archive_flags | boost::archive::no_xml_tag_checking);
      graph g = payload_reader(ar, in, version).read();
      if (trim(in.rest()) != xml_epilogue)
        damaged("the XML does not close with </entente_snapshot> after the graph");
      return g;
    }
  }
  damaged("unknown archive kind");
}

}  // namespace

std::string write_archive(const graph& g, archive_format format) {
  std::string out(header_size, '\0');  // room for the header, filled in once the payload is known
  output_buffer buffer(out);
  try {
    switch (format) {
      case archive_format::binary: {
        boost::archive::binary_oarchive ar(buffer, archive_flags);
        payload_writer(ar).write(g);
        break;
      }
      case archive_format::text: {
        std::ostream os(&buffer);
        os.imbue(std::locale::classic());
        {
          boost::archive::text_oarchive ar(os, archive_flags);
          payload_writer(ar).write(g);
        }
        os.flush();
        break;
      }
      case archive_format::xml: {
        std::ostream os(&buffer);
        os.imbue(std::locale::classic());
        os << xml_prologue;
        {
          boost::archive::xml_oarchive ar(os, archive_flags);
          payload_writer(ar).write(g);
        }
        os << xml_epilogue << '\n';
        os.flush();
        break;
      }
    }
  } catch (const boost::archive::archive_exception& e) {
    throw io_error(std::string("cannot write a snapshot: ") + e.what());
  }
  write_header(out, format);
  return out;
}

graph read_archive(std::string_view bytes, std::string_view origin) {
  const std::string where(origin);
  std::uint32_t version = 0;
  archive_format format = check_header(bytes, where, version);
  const auto payload = bytes.substr(header_size);
  const auto expected = static_cast<std::uint32_t>(get_le(bytes, 24, 4));
  // A large payload is checksummed on a second core while it is parsed; the parse trusts no
  // byte anyway (a hostile file can forge the checksum), and a mismatch wins over whatever the
  // parse made of the damage.
  std::uint32_t actual = 0;
  std::thread checksum;
  if (payload.size() >= parallel_checksum)
    checksum = std::thread([&] { actual = crc32(payload); });
  else
    actual = crc32(payload);
  join_at_exit join_checksum{checksum};
  auto checked = [&] {
    if (checksum.joinable()) checksum.join();
    if (actual != expected) throw io_error(where + ": damaged: checksum mismatch");
  };
  if (!checksum.joinable()) checked();
  try {
    graph g = read_payload(payload, format, version);
    checked();
    return g;
  } catch (const io_error&) {
    checked();
    throw;
  } catch (const damage& e) {
    checked();
    throw io_error(where + ": damaged: " + e.what());
  } catch (const boost::archive::archive_exception& e) {
    checked();
    throw io_error(where + ": damaged: " + e.what());
  } catch (const std::bad_alloc&) {
    checked();
    throw io_error(where + ": damaged or too large: out of memory");
  } catch (const std::exception& e) {  // a graph error: a duplicate id, an empty name, ...
    checked();
    throw io_error(where + ": damaged: " + e.what());
  }
}

void save_archive(const graph& g, const std::filesystem::path& file, archive_format format) {
  detail::write_file_atomically(file, write_archive(g, format));
}

graph load_archive(const std::filesystem::path& file) {
  auto bytes = detail::read_file(file);
  return read_archive(bytes.view(), file.string());
}

}  // namespace entente::io

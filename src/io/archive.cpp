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
// entities as columns behind a table of their distinct strings (see write_entity_table), which
// a reader restores in one piece; text and XML keep one record per entity, for people to read.
// The header is checked before Boost sees a byte; the payload is still checked as it is read,
// because a hostile file can forge a checksum: counts and string lengths against the bytes
// left, before anything is allocated; indexes against what came before them; enums and dates
// against their ranges.

#include <entente/io/archive.hpp>

#include "io/atomic_file.hpp"

#include <fmt/format.h>
#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/is_bitwise_serializable.hpp>
#include <boost/serialization/level.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/tracking.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <exception>
#include <istream>
#include <limits>
#include <locale>
#include <memory>
#include <new>
#include <span>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace entente::detail {

// What a snapshot loader may do that the public API does not offer: hand a graph the relations
// it read and the index built from them on another thread.
struct bulk_loader {
  using relation_record = graph::relation_record;
  using index_data = graph::index_data;

  static relation_record record(entity_index from, relation_type_id type, entity_index to,
                                evidence level, interval valid) {
    return {from, to, type, level, valid, no_index};
  }
  static void index_types(index_data& idx, std::size_t types,
                          const std::vector<relation_record>& relations) {
    graph::index_types(idx, types, relations);
  }
  static void index_side(index_data& idx, std::size_t entities,
                         const std::vector<relation_record>& relations, bool outgoing) {
    graph::index_side(idx, entities, relations, outgoing);
  }
  static void prefetch_string(const graph& g, std::string_view s) { g.strings_.prefetch(s); }
  // The strings of a snapshot's string table, for a graph that holds nothing yet.
  [[nodiscard]] static bool restore_strings(graph& g, std::string_view bytes,
                                            std::span<const std::uint32_t> lengths) {
    return g.strings_.assign(bytes, lengths);
  }
  // External ids as they were, a system named twice included (set_external_id replaces).
  static void set_details(graph& g, entity_index e, attributes&& attrs,
                          std::vector<std::pair<std::string, std::string>>&& external_ids) {
    g.entities_[e].attrs = std::move(attrs);
    g.entities_[e].external_ids = std::move(external_ids);
  }
  [[nodiscard]] static std::string_view string(const graph& g, symbol s) { return g.strings_[s]; }
  // Entities named by symbols of the restored strings (each checked to be one), for a graph
  // that holds none yet: the ids must be distinct and not empty, as add_entity requires.
  static void add_entities(graph& g, std::span<const kind_id> kinds, std::span<const symbol> ids,
                           std::span<const symbol> names) {
    const std::size_t n = kinds.size();
    g.entities_.resize(n);
    g.kinds_.assign(kinds.begin(), kinds.end());
    g.entity_of_id_.assign(g.strings_.size(), no_index);
    for (std::size_t e = 0; e < n; ++e) {
      if (g.strings_[ids[e]].empty()) throw error("an entity needs an id");
      auto& owner = g.entity_of_id_[ids[e]];
      if (owner != no_index)
        throw error("entity '" + std::string(g.strings_[ids[e]]) + "' is already in the graph");
      owner = static_cast<entity_index>(e);
      g.entities_[e].id = ids[e];
      g.entities_[e].name = names[e];
    }
    g.changed();
  }
  // `g` holds its entities and no relations yet; `index` was built from `relations` for them.
  static void adopt(graph& g, std::vector<relation_record>&& relations, index_data&& index) {
    g.relations_ = std::move(relations);
    g.changed();
    g.index_kinds(index);
    (void)g.index_.get([&] { return std::move(index); });
  }
};

}  // namespace entente::detail

namespace entente::io {
namespace {

/// A date as stored: year, month and day, each 0 when unknown.
struct date_record {
  std::int16_t year = 0;
  std::uint8_t month = 0;
  std::uint8_t day = 0;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& boost::serialization::make_nvp("year", year);
    ar& boost::serialization::make_nvp("month", month);
    ar& boost::serialization::make_nvp("day", day);
  }
};

/// A relation without its citations and attributes. Only integers, so any bytes are a value
/// (checked later), and no padding, so a binary archive stores them all with one copy.
struct relation_record {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  date_record since;
  date_record until;
  std::uint16_t type = 0;
  std::uint8_t evidence = 0;
  std::uint8_t reserved = 0;  // what would be padding, spelled out so the bytes are deterministic

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& boost::serialization::make_nvp("from", from);
    ar& boost::serialization::make_nvp("to", to);
    ar& boost::serialization::make_nvp("since", since);
    ar& boost::serialization::make_nvp("until", until);
    ar& boost::serialization::make_nvp("type", type);
    ar& boost::serialization::make_nvp("evidence", evidence);
  }
};
static_assert(sizeof(date_record) == 4 && std::has_unique_object_representations_v<date_record>);
static_assert(sizeof(relation_record) == 20 &&
              std::has_unique_object_representations_v<relation_record>);

}  // namespace
}  // namespace entente::io

// Plain records: no class information, version or object tracking in the archive.
BOOST_IS_BITWISE_SERIALIZABLE(entente::io::date_record)
BOOST_CLASS_IMPLEMENTATION(entente::io::date_record, boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(entente::io::date_record, boost::serialization::track_never)
BOOST_IS_BITWISE_SERIALIZABLE(entente::io::relation_record)
BOOST_CLASS_IMPLEMENTATION(entente::io::relation_record, boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(entente::io::relation_record, boost::serialization::track_never)

namespace entente::io {
namespace {

namespace fs = std::filesystem;
using boost::serialization::make_array;
using boost::serialization::make_nvp;

constexpr std::string_view magic{"\x89KGA\r\n\x1a\n", 8};
constexpr std::size_t header_size = 32;
constexpr unsigned archive_flags = boost::archive::no_header | boost::archive::no_codecvt;
// Relations go in arrays of this many records: one copy each in a binary archive, without a
// buffer as large as the graph's relations.
constexpr std::size_t relation_chunk = 4096;
// From this many relations on, a second core indexes them while the entities are read.
constexpr std::size_t parallel_relations = std::size_t{1} << 15;
// Plain entities are interned this many at a time (see read_entities).
constexpr std::size_t entity_batch = 64;
// From this many payload bytes on, the checksum is computed beside the parse.
constexpr std::size_t parallel_checksum = std::size_t{1} << 20;

// The XML archive is written without Boost's header, whose closing tag Boost reads in a
// destructor (where a damaged file could only terminate the program); this root replaces it.
constexpr std::string_view xml_prologue =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>\n<entente_snapshot>\n";
constexpr std::string_view xml_epilogue = "</entente_snapshot>";

/// How a value's type is stored; fixed numbers, independent of the order of `value`'s variant.
enum class value_tag : std::uint8_t {
  null = 0,
  boolean = 1,
  integer = 2,
  real = 3,
  string = 4,
  date = 5
};

/// Waits for a thread, if it was started, however the scope is left.
struct join_at_exit {
  std::thread& worker;
  explicit join_at_exit(std::thread& t) noexcept : worker(t) {}
  join_at_exit(const join_at_exit&) = delete;
  join_at_exit& operator=(const join_at_exit&) = delete;
  ~join_at_exit() {
    if (worker.joinable()) worker.join();
  }
};

/// Content that cannot be a snapshot's; `read_archive` adds the origin and "damaged".
class damage : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void damaged(const std::string& what) { throw damage(what); }

// ---- CRC-32 ----------------------------------------------------------------------------------

using crc_tables = std::array<std::array<std::uint32_t, 256>, 8>;

/// Tables for CRC-32 (the polynomial of zlib and PNG) eight bytes at a time ("slicing by 8"),
/// several times faster than a byte at a time: large snapshots are checked on every load.
constexpr crc_tables make_crc_tables() {
  crc_tables t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[0][i] = c;
  }
  for (std::size_t i = 0; i < 256; ++i)
    for (std::size_t s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
  return t;
}
constexpr crc_tables crc_table = make_crc_tables();

std::uint32_t load_le32(const unsigned char* p) noexcept {
  return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
         static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

/// The CRC-32 of `bytes`, as zlib's crc32() and boost::crc_32_type compute it.
std::uint32_t crc32(std::string_view bytes) noexcept {
  const auto& t = crc_table;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  std::uint32_t c = 0xFFFFFFFFu;
  for (; n >= 8; p += 8, n -= 8) {
    std::uint32_t lo = c ^ load_le32(p);
    std::uint32_t hi = load_le32(p + 4);
    c = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^
        t[3][hi & 0xFF] ^ t[2][(hi >> 8) & 0xFF] ^ t[1][(hi >> 16) & 0xFF] ^ t[0][hi >> 24];
  }
  for (; n > 0; ++p, --n) c = t[0][(c ^ *p) & 0xFF] ^ (c >> 8);
  return ~c;
}

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

// ---- streams ---------------------------------------------------------------------------------

/// Reads an archive straight from the snapshot bytes and tells how many are left, so that a
/// count or a length can be checked against them before anything is allocated.
class input_buffer : public std::streambuf {
 public:
  explicit input_buffer(std::string_view bytes) {
    char* begin = const_cast<char*>(bytes.data());  // the get area is only ever read
    setg(begin, begin, begin + bytes.size());
  }
  [[nodiscard]] std::size_t remaining() const noexcept {
    return static_cast<std::size_t>(egptr() - gptr());
  }
  [[nodiscard]] std::string_view rest() const noexcept { return {gptr(), remaining()}; }
  /// Passes over `n` bytes (at most `remaining()`) that are read elsewhere.
  void skip(std::size_t n) noexcept { setg(eback(), gptr() + n, egptr()); }
};

/// Relation records where a binary archive holds them: one after another, as in memory.
class stored_records {
 public:
  explicit stored_records(std::string_view bytes) noexcept : bytes_(bytes) {}
  [[nodiscard]] std::size_t size() const noexcept {
    return bytes_.size() / sizeof(relation_record);
  }
  [[nodiscard]] relation_record operator[](std::size_t r) const noexcept {
    relation_record rec;
    std::memcpy(&rec, bytes_.data() + r * sizeof rec, sizeof rec);
    return rec;
  }

 private:
  std::string_view bytes_;
};

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

template <class Archive>
constexpr bool is_binary_v = std::is_same_v<Archive, boost::archive::binary_oarchive> ||
                             std::is_same_v<Archive, boost::archive::binary_iarchive>;
template <class Archive>
constexpr bool is_text_v = std::is_same_v<Archive, boost::archive::text_oarchive> ||
                           std::is_same_v<Archive, boost::archive::text_iarchive>;

date_record to_record(date d) noexcept {
  return {static_cast<std::int16_t>(d.year()), static_cast<std::uint8_t>(d.month()),
          static_cast<std::uint8_t>(d.day())};
}

/// Whether a stored date is one `date` can hold safely (a month past 12 would index past the
/// table of month lengths).
bool valid(const date_record& d) noexcept {
  if (d.year == 0) return d.month == 0 && d.day == 0;
  return date::valid(d.year, d.month, d.day);
}

/// The date of a record that passed `valid`: the same four bytes, so no second check.
date to_date(const date_record& d) noexcept { return std::bit_cast<date>(d); }
static_assert(std::bit_cast<date>(date_record{2024, 2, 29}) == date(2024, 2, 29) &&
              std::bit_cast<date>(date_record{}) == date());

std::string describe(const date_record& d) {
  return fmt::format("year {}, month {}, day {}", d.year, d.month, d.day);
}

// ---- writing ---------------------------------------------------------------------------------

/// Writes a graph into an archive, field by field.
template <class Archive>
class payload_writer {
 public:
  explicit payload_writer(Archive& ar) : ar_(ar) {}

  void write(const graph& g) {
    number("validation", std::uint8_t{g.validation_mode() == validation::lenient});
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

    write_annotations(g);
  }

 private:
  void write_schema(const schema& s) {
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

  // A binary archive holds the entities as columns: every distinct id, name and alias once, in
  // the order of first use, then each entity's kind, id and name as numbers, then what the few
  // entities with aliases, attributes or external ids add. A reader restores the strings in one
  // piece and the columns with one copy each.
  void write_entity_table(const graph& g) {
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

  void write_details(const entity& x) {
    write_attributes(x.attributes());
    count("external_ids", x.external_ids().size());
    for (const auto& [system, id] : x.external_ids()) {
      text("system", system);
      text("external_id", id);
    }
  }

  void write_relation_records(const graph& g) {
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

  void write_annotations(const graph& g) {
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

  void write_attributes(const attributes& attrs) {
    count("attributes", attrs.size());
    for (const auto& [key, v] : attrs) {
      text("key", key);
      std::visit(
          [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              tag(value_tag::null);
            } else if constexpr (std::is_same_v<T, bool>) {
              tag(value_tag::boolean);
              flag("bool", x);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              tag(value_tag::integer);
              number("integer", x);
            } else if constexpr (std::is_same_v<T, double>) {
              tag(value_tag::real);
              real("real", x);
            } else if constexpr (std::is_same_v<T, std::string>) {
              tag(value_tag::string);
              text("string", x);
            } else {
              static_assert(std::is_same_v<T, date>);
              tag(value_tag::date);
              day("date", x);
            }
          },
          v);
    }
  }

  void kinds(const char* name, const std::vector<kind_id>& ids) {
    count(name, ids.size());
    for (kind_id k : ids) number("kind", k);
  }
  void tag(value_tag t) { number("type", static_cast<std::uint8_t>(t)); }
  template <class T>
  void array(const char* name, const std::vector<T>& items) {
    if (!items.empty()) ar_ << make_nvp(name, make_array(items.data(), items.size()));
  }
  void count(const char* name, std::size_t n) { number(name, static_cast<std::uint64_t>(n)); }
  void flag(const char* name, bool b) { number(name, std::uint8_t{b}); }
  template <class T>
  void number(const char* name, T x) {
    ar_ << make_nvp(name, x);
  }
  void day(const char* name, date d) {
    date_record rec = to_record(d);
    ar_ << make_nvp(name, rec);
  }
  void text(const char* name, std::string_view s) {
    if constexpr (is_binary_v<Archive>) {
      number(name, static_cast<std::uint64_t>(s.size()));
      ar_.save_binary(s.data(), s.size());
    } else {
      scratch_.assign(s);
      ar_ << make_nvp(name, scratch_);
    }
  }
  void real(const char* name, double x) {
    if constexpr (is_binary_v<Archive>) {
      number(name, x);
    } else {
      // The shortest text that reads back to the same double, "nan" and "inf" included, which
      // Boost's own text form of a double cannot read back.
      std::array<char, 32> digits{};
      auto end = std::to_chars(digits.data(), digits.data() + digits.size(), x).ptr;
      text(name, std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
    }
  }

  Archive& ar_;
  std::string scratch_;
};

// ---- reading ---------------------------------------------------------------------------------

/// Rebuilds a graph from an archive through the graph's own API, checking every field first.
template <class Archive>
class payload_reader {
 public:
  payload_reader(Archive& ar, input_buffer& in, std::uint32_t version)
      : ar_(ar), in_(in), version_(version) {}

  graph read() {
    auto mode = number<std::uint8_t>("validation");
    if (mode > 1) damaged(fmt::format("unknown validation mode {}", mode));
    const bool strict = mode == 0;

    // A strict graph can hold relations its rules would now refuse (a kind changed, a type
    // redeclared after they were added), so it is rebuilt with open domains and ranges and
    // gets its rules back at the end. A lenient graph is rebuilt under its rules, which
    // records its warnings again.
    std::vector<relation_type_spec> rules;
    graph g(read_schema(strict, rules), strict ? validation::strict : validation::lenient);

    read_sources(g);
    if (version_ >= 2) {
      const std::size_t entities = entity_count();
      if constexpr (is_binary_v<Archive>)
        read_relations_then_entities(g, strict, entities, take_relation_records());
      else
        read_relations_then_entities(g, strict, entities, read_relation_records());
    } else {
      read_entities(g, entity_count());
      auto records = read_relation_records();
      add_relations(g, records);
      read_annotations(g, records.size());
    }
    for (const auto& spec : rules) g.add_relation_type(spec);
    return g;
  }

 private:
  schema read_schema(bool strict, std::vector<relation_type_spec>& rules) {
    constexpr std::size_t max_ids = std::size_t{std::numeric_limits<kind_id>::max()} + 1;
    schema s;
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

  template <class Where>
  std::vector<std::string> kind_names(const char* what, const schema& s, const Where& where) {
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

  void read_sources(graph& g) {
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

  std::size_t entity_count() {
    std::size_t entities = count("entities", 42, 6);
    if (entities >= no_index)
      damaged(fmt::format("{} entities, more than entity numbers allow", entities));
    return entities;
  }

  // Format 2 on: the relation records come first. A strict graph's relations need no entity to
  // be checked against (they were, when they were added), so a second core turns them into the
  // graph's relations and its adjacency index while this one reads the entities.
  template <class Records>
  void read_relations_then_entities(graph& g, bool strict, std::size_t entities,
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

  void read_entities_of_version(graph& g, std::size_t entities) {
    if constexpr (is_binary_v<Archive>)
      if (version_ >= 3) return read_entity_table(g, entities);
    read_entities(g, entities);
  }

  // Format 3, binary: see payload_writer::write_entity_table.
  void read_entity_table(graph& g, std::size_t entities) {
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
      damaged(fmt::format("the string table holds {} bytes, its strings' lengths add up to {}",
                          size, total));
    if (!loader::restore_strings(g, in_.rest().substr(0, size), lengths))
      damaged("a string comes twice in the string table");
    in_.skip(size);

    const std::size_t kinds = g.schema().num_kinds();
    auto kind_of = array<kind_id>("kinds", entities);
    auto ids = array<entente::detail::symbol>("ids", entities);
    auto names = array<entente::detail::symbol>("names", entities);
    for (std::size_t e = 0; e < entities; ++e) {
      if (kind_of[e] >= kinds)
        damaged(
            fmt::format("entity {} has kind {}, the schema has {} kinds", e, kind_of[e], kinds));
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

  // An entity's attributes and external ids.
  void read_details(graph& g, entity_index e) {
    auto attrs = read_attributes([&] { return fmt::format("entity {}", e); });
    entente::detail::bulk_loader::set_details(g, e, std::move(attrs), read_external_ids());
  }

  std::vector<std::pair<std::string, std::string>> read_external_ids() {
    std::vector<std::pair<std::string, std::string>> ids;
    for (std::size_t n = count("external_ids", 16, 2); n > 0; --n) {
      std::string system = text("system");
      ids.emplace_back(std::move(system), text("external_id"));
    }
    return ids;
  }

  /// `n` numbers stored with one copy; refused before anything is allocated when the bytes left
  /// cannot hold them.
  template <class T>
  std::vector<T> array(const char* name, std::size_t n) {
    if (n > in_.remaining() / sizeof(T))
      damaged(fmt::format("{} {} cannot fit in the {} bytes left", n, name, in_.remaining()));
    std::vector<T> items(n);
    if (n > 0) ar_ >> make_nvp(name, make_array(items.data(), n));
    return items;
  }

  void read_entities(graph& g, std::size_t entities) {
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

  static void add_entity(graph& g, const std::string& id, kind_id kind, const std::string& name) {
    auto added = g.add_entity(id, kind, name);
    // add_entity names a nameless entity after its id; keep a name emptied on purpose.
    if (name.empty()) g.set_name(added, "");
  }

  // Every relation record, read into memory; `check` them before use.
  std::vector<relation_record> read_relation_records() {
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
  stored_records take_relation_records() {
    const std::size_t relations = relation_count();
    stored_records records(in_.rest().substr(0, relations * sizeof(relation_record)));
    in_.skip(relations * sizeof(relation_record));
    return records;
  }

  std::size_t relation_count() {
    std::size_t relations = count("relations", sizeof(relation_record), 10);
    if (relations >= no_index)
      damaged(fmt::format("{} relations, more than relation numbers allow", relations));
    return relations;
  }

  // A stored record that names no entity, type, evidence level or date it may.
  static void check(const relation_record& rec, std::size_t r, std::size_t entities,
                    std::size_t types) {
    if (rec.from >= entities)
      damaged(fmt::format("relation {} starts at entity {}, the snapshot has {} entities", r,
                          rec.from, entities));
    if (rec.to >= entities)
      damaged(fmt::format("relation {} ends at entity {}, the snapshot has {} entities", r, rec.to,
                          entities));
    if (rec.type >= types)
      damaged(
          fmt::format("relation {} has relation type {}, the schema has {}", r, rec.type, types));
    if (rec.evidence > static_cast<std::uint8_t>(evidence::confirmed))
      damaged(fmt::format("relation {} has evidence level {}", r, rec.evidence));
    if (!valid(rec.since) || !valid(rec.until))
      damaged(fmt::format("relation {} has an invalid date ({})", r,
                          describe(valid(rec.since) ? rec.until : rec.since)));
  }

  template <class Records>
  static void add_relations(graph& g, const Records& records) {
    const std::size_t entities = g.num_entities();
    const std::size_t types = g.schema().num_relation_types();
    for (std::size_t r = 0; r < records.size(); ++r) {
      const relation_record rec = records[r];
      check(rec, r, entities, types);
      g.add_relation(rec.from, rec.type, rec.to, static_cast<evidence>(rec.evidence),
                     {to_date(rec.since), to_date(rec.until)});
    }
  }

  void read_annotations(graph& g, std::size_t relations) {
    std::size_t annotated = count("annotated_relations", 20, 3);
    const std::size_t sources = g.sources().size();
    std::size_t next = 0;  // annotations come in increasing relation order, each once
    for (std::size_t i = 0; i < annotated; ++i) {
      auto r = number<std::uint32_t>("relation");
      if (r >= relations)
        damaged(fmt::format("annotations for relation {}, the snapshot has {} relations", r,
                            relations));
      if (r < next) damaged(fmt::format("annotations for relation {} out of order", r));
      next = std::size_t{r} + 1;
      for (std::size_t n = count("citations", 13, 3); n > 0; --n) {
        citation c;
        c.source = number<std::uint32_t>("source");
        if (c.source >= sources)
          damaged(fmt::format("relation {} cites source {}, the snapshot has {} sources", r,
                              c.source, sources));
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

  template <class Where>
  attributes read_attributes(const Where& where) {
    attributes attrs;
    std::string key;
    for (std::size_t n = count("attributes", 9, 2); n > 0; --n) {
      text("key", key);
      auto tag = number<std::uint8_t>("type");
      switch (static_cast<value_tag>(tag)) {
        case value_tag::null: attrs.set(key, value{}); break;
        case value_tag::boolean: attrs.set(key, value{flag("bool")}); break;
        case value_tag::integer: attrs.set(key, value{number<std::int64_t>("integer")}); break;
        case value_tag::real: attrs.set(key, value{real("real")}); break;
        case value_tag::string: attrs.set(key, value{text("string")}); break;
        case value_tag::date: {
          auto d = record("date");
          if (!valid(d))
            damaged(fmt::format("{}: attribute '{}' has an invalid date ({})", where(), key,
                                describe(d)));
          attrs.set(key, value{to_date(d)});
          break;
        }
        default:
          damaged(
              fmt::format("{}: attribute '{}' has a value of unknown type {}", where(), key, tag));
      }
    }
    return attrs;
  }

  /// A count of items that each take at least `binary_bytes` in a binary archive, or `fields`
  /// numbers of two characters or more in a text or XML one. Refused when the bytes left cannot
  /// hold that many, so a forged count never drives a huge allocation.
  std::size_t count(const char* name, std::size_t binary_bytes, std::size_t fields) {
    auto n = number<std::uint64_t>(name);
    std::size_t each = is_binary_v<Archive> ? binary_bytes : 2 * fields;
    if (n > in_.remaining() / each)
      damaged(fmt::format("{} {} cannot fit in the {} bytes left", n, name, in_.remaining()));
    return static_cast<std::size_t>(n);
  }

  template <class T>
  T number(const char* name) {
    T x{};
    expect_tag(name);
    ar_ >> make_nvp(name, x);
    return x;
  }

  /// In XML, that the next element is `<name>`: fields are read by position, so a missing or
  /// extra element would otherwise shift every later value into the wrong field.
  void expect_tag(const char* name) {
    if constexpr (std::is_same_v<Archive, boost::archive::xml_iarchive>) {
      std::string_view rest = in_.rest();
      rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t\r\n")));
      std::string_view want(name);
      if (!(rest.size() > want.size() + 1 && rest[0] == '<' &&
            rest.substr(1, want.size()) == want && rest[want.size() + 1] == '>')) {
        std::string_view found = rest.substr(0, std::min(rest.find('>'), std::size_t{40}) + 1);
        damaged(fmt::format("expected <{}> in the XML, found '{}'", name, found));
      }
    }
  }

  /// A 0 or 1 stored as a byte: a `bool` is never read from the bytes themselves, since any
  /// other byte would make it an invalid value.
  bool flag(const char* name) {
    auto x = number<std::uint8_t>(name);
    if (x > 1) damaged(fmt::format("{} is {}, where only 0 or 1 belongs", name, x));
    return x == 1;
  }

  date_record record(const char* name) {
    date_record d;
    expect_tag(name);
    ar_ >> make_nvp(name, d);
    return d;
  }

  std::string text(const char* name) {
    std::string s;
    text(name, s);
    return s;
  }

  /// Reads a string into `out`; in binary and text archives its length is checked against the
  /// bytes left before anything is allocated (Boost's own string loading trusts it).
  void text(const char* name, std::string& out) {
    if constexpr (is_binary_v<Archive>) {
      auto n = number<std::uint64_t>(name);
      fits(n, name);
      out.resize(static_cast<std::size_t>(n));
      ar_.load_binary(out.data(), out.size());
    } else if constexpr (is_text_v<Archive>) {
      // Boost's text form of a string: its length, one space, then its bytes as they are.
      auto n = number<std::size_t>(name);
      if (in_.sbumpc() != ' ')
        damaged(fmt::format("{}: a string's length lacks its separator", name));
      fits(n, name);
      out.resize(n);
      if (static_cast<std::size_t>(in_.sgetn(out.data(), static_cast<std::streamsize>(n))) != n)
        damaged(fmt::format("{}: a string ends early", name));
    } else {
      expect_tag(name);
      ar_ >> make_nvp(name, out);  // XML text: as long as the bytes it is read from, no longer
    }
  }

  void fits(std::uint64_t length, const char* name) const {
    if (length > in_.remaining())
      damaged(fmt::format("{} (a string of {} bytes) cannot fit in the {} bytes left", name, length,
                          in_.remaining()));
  }

  double real(const char* name) {
    if constexpr (is_binary_v<Archive>) {
      return number<double>(name);
    } else {
      text(name, scratch_);
      double x = 0;
      const char* end = scratch_.data() + scratch_.size();
      auto [at, ec] = std::from_chars(scratch_.data(), end, x);
      if (ec != std::errc() || at != end)
        damaged(fmt::format("{}: '{}' is not a number", name, scratch_.substr(0, 40)));
      return x;
    }
  }

  Archive& ar_;
  input_buffer& in_;
  std::uint32_t version_;
  std::string scratch_;
};

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

// ---- files -----------------------------------------------------------------------------------

[[noreturn]] void fail(const fs::path& file, const std::string& what, int err) {
  throw io_error(file.string() + ": " + what + ": " + std::generic_category().message(err));
}

/// A file's bytes, read into memory that is not cleared first.
struct file_contents {
  std::unique_ptr<char[]> data;
  std::size_t size = 0;
  [[nodiscard]] std::string_view view() const noexcept { return {data.get(), size}; }
};

file_contents read_file(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(file, "cannot read", errno);
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } close_at_end{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail(file, "cannot read", errno);
  if (S_ISDIR(st.st_mode)) throw io_error(file.string() + ": cannot read: is a directory");
  // One byte more than the size, so that a file read whole meets its end in the first pass.
  std::size_t capacity = S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) + 1 : 1 << 16;
  file_contents bytes{std::make_unique_for_overwrite<char[]>(capacity), 0};
  for (;;) {
    if (bytes.size == capacity) {
      auto larger = std::make_unique_for_overwrite<char[]>(capacity * 2);
      std::copy_n(bytes.data.get(), bytes.size, larger.get());
      bytes.data = std::move(larger);
      capacity *= 2;
    }
    ssize_t n = ::read(fd, bytes.data.get() + bytes.size, capacity - bytes.size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(file, "cannot read", errno);
    if (n == 0) break;
    bytes.size += static_cast<std::size_t>(n);
  }
  return bytes;
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
  auto bytes = read_file(file);
  return read_archive(bytes.view(), file.string());
}

}  // namespace entente::io

#pragma once
// What the snapshot sources share (internal): stored records, a loader's access to a graph, and
// the payload's reader and writer, their per-field code inline so no record calls across files.

#include <entente/graph.hpp>

#include <fmt/format.h>
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

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
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
    if (attrs.empty() && external_ids.empty()) return;
    auto& d = g.details(e);
    d.attrs = std::move(attrs);
    d.external_ids = std::move(external_ids);
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

}  // namespace entente::detail

// Plain records: no class information, version or object tracking in the archive.
BOOST_IS_BITWISE_SERIALIZABLE(entente::detail::date_record)
BOOST_CLASS_IMPLEMENTATION(entente::detail::date_record, boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(entente::detail::date_record, boost::serialization::track_never)
BOOST_IS_BITWISE_SERIALIZABLE(entente::detail::relation_record)
BOOST_CLASS_IMPLEMENTATION(entente::detail::relation_record,
                           boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(entente::detail::relation_record, boost::serialization::track_never)

namespace entente::detail {

using boost::serialization::make_array;
using boost::serialization::make_nvp;

/// How a value's type is stored; fixed numbers, independent of the order of `value`'s variant.
enum class value_tag : std::uint8_t {
  null = 0,
  boolean = 1,
  integer = 2,
  real = 3,
  string = 4,
  date = 5,
  list = 6  ///< from format 5: its items' tag (null when empty), their count, the items
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

[[noreturn]] inline void damaged(const std::string& what) { throw damage(what); }

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

template <class Archive>
inline constexpr bool is_binary_v = std::is_same_v<Archive, boost::archive::binary_oarchive> ||
                                    std::is_same_v<Archive, boost::archive::binary_iarchive>;
template <class Archive>
inline constexpr bool is_text_v = std::is_same_v<Archive, boost::archive::text_oarchive> ||
                                  std::is_same_v<Archive, boost::archive::text_iarchive>;

inline date_record to_record(date d) noexcept {
  return {static_cast<std::int16_t>(d.year()), static_cast<std::uint8_t>(d.month()),
          static_cast<std::uint8_t>(d.day())};
}

/// Whether a stored date is one `date` can hold safely (a month past 12 would index past the
/// table of month lengths).
inline bool valid(const date_record& d) noexcept {
  if (d.year == 0) return d.month == 0 && d.day == 0;
  return date::valid(d.year, d.month, d.day);
}

/// The date of a record that passed `valid`: the same four bytes, so no second check.
inline date to_date(const date_record& d) noexcept { return std::bit_cast<date>(d); }
static_assert(std::bit_cast<date>(date_record{2024, 2, 29}) == date(2024, 2, 29) &&
              std::bit_cast<date>(date_record{}) == date());

inline std::string describe(const date_record& d) {
  return fmt::format("year {}, month {}, day {}", d.year, d.month, d.day);
}

/// Writes a graph into an archive, field by field: `write` lays the payload out (archive.cpp),
/// the entities go as columns (archive_columns.cpp) or one record each (archive_rows.cpp) and
/// the relations as records (archive_records.cpp); the fields themselves are written here.
template <class Archive>
class payload_writer {
 public:
  explicit payload_writer(Archive& ar) : ar_(ar) {}

  void write(const graph& g);

 private:
  void write_schema(const schema& s);
  // The entities as columns (binary) or one record each (text and XML).
  void write_entity_table(const graph& g);
  void write_entity_rows(const graph& g);
  // Every relation's record, then the citations and attributes of those that have some.
  void write_relation_records(const graph& g);
  void write_annotations(const graph& g);

  void write_details(const entity& x) {
    write_attributes(x.attributes());
    count("external_ids", x.external_ids().size());
    for (const auto& [system, id] : x.external_ids()) {
      text("system", system);
      text("external_id", id);
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
            } else if constexpr (std::is_same_v<T, date>) {
              tag(value_tag::date);
              day("date", x);
            } else {
              static_assert(std::is_same_v<T, value_list>);
              tag(value_tag::list);
              write_list(x);
            }
          },
          v);
    }
  }

  // One tag for all the items, as a list's items share their type.
  void write_list(const value_list& items) {
    constexpr value_tag item_tags[] = {value_tag::boolean, value_tag::integer, value_tag::real,
                                       value_tag::string, value_tag::date};
    number("item_type", static_cast<std::uint8_t>(
                            items.empty() ? value_tag::null : item_tags[items.front().index()]));
    count("items", items.size());
    for (const auto& item : items) {
      if (const auto* b = std::get_if<bool>(&item))
        flag("bool", *b);
      else if (const auto* i = std::get_if<std::int64_t>(&item))
        number("integer", *i);
      else if (const auto* x = std::get_if<double>(&item))
        real("real", *x);
      else if (const auto* t = std::get_if<std::string>(&item))
        text("string", *t);
      else
        day("date", std::get<date>(item));
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

/// Rebuilds a graph from an archive through the graph's own API, checking every field first:
/// `read` follows the payload's layout (archive.cpp), the entities are read as columns
/// (archive_columns.cpp) or one record each (archive_rows.cpp), the relations as records
/// (archive_records.cpp); the fields themselves are read here.
template <class Archive>
class payload_reader {
 public:
  payload_reader(Archive& ar, input_buffer& in, std::uint32_t version)
      : ar_(ar), in_(in), version_(version) {}

  graph read();

 private:
  // What opens the payload: its schema, sources and number of entities.
  schema read_schema(bool strict, bool open, std::vector<relation_type_spec>& rules);
  template <class Where>
  std::vector<std::string> kind_names(const char* what, const schema& s, const Where& where);
  void read_sources(graph& g);
  std::size_t entity_count();

  // The relations and the entities, in the order of the format version: from format 2 the
  // relation records, then the entities, then the annotations; in format 1 the entities first.
  void read_relations_then_entities(graph& g, bool strict, std::size_t entities);
  template <class Records>
  void read_relations_then_entities(graph& g, bool strict, std::size_t entities,
                                    const Records& records);
  void read_entities_then_relations(graph& g, std::size_t entities);
  std::vector<relation_record> read_relation_records();
  stored_records take_relation_records();
  std::size_t relation_count();
  template <class Records>
  static void add_relations(graph& g, const Records& records);
  void read_annotations(graph& g, std::size_t relations);

  // The entities as columns (binary, from format 3) or one record each.
  void read_entities_of_version(graph& g, std::size_t entities) {
    if constexpr (is_binary_v<Archive>)
      if (version_ >= 3) return read_entity_table(g, entities);
    read_entities(g, entities);
  }
  void read_entity_table(graph& g, std::size_t entities);
  void read_entities(graph& g, std::size_t entities);
  static void add_entity(graph& g, const std::string& id, kind_id kind, const std::string& name);

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
        case value_tag::date: attrs.set(key, value{read_day(where, key)}); break;
        case value_tag::list:
          if (version_ < 5)
            damaged(
                fmt::format("{}: attribute '{}' is a list, which format {} "
                            "cannot hold",
                            where(), key, version_));
          attrs.set(key, value{read_list(where, key)});
          break;
        default:
          damaged(
              fmt::format("{}: attribute '{}' has a value of unknown type {}", where(), key, tag));
      }
    }
    return attrs;
  }

  /// A date; unset only where it is a value of its own, not a list's item.
  template <class Where>
  date read_day(const Where& where, const std::string& key, bool in_list = false) {
    auto d = record("date");
    if (!valid(d) || (d.year == 0 && in_list))
      damaged(
          fmt::format("{}: attribute '{}' has an invalid date ({})", where(), key, describe(d)));
    return to_date(d);
  }

  /// A list's items, all of the one type its tag names.
  template <class Where>
  value_list read_list(const Where& where, const std::string& key) {
    auto tag = number<std::uint8_t>("item_type");
    std::size_t n = count("items", 1, 1);
    if (n > 0 && (tag < 1 || tag > 5))
      damaged(fmt::format("{}: attribute '{}' is a list of unknown type {}", where(), key, tag));
    value_list items;
    items.reserve(n);
    for (; n > 0; --n) {
      switch (static_cast<value_tag>(tag)) {
        case value_tag::boolean: items.emplace_back(flag("bool")); break;
        case value_tag::integer: items.emplace_back(number<std::int64_t>("integer")); break;
        case value_tag::real: items.emplace_back(real("real")); break;
        case value_tag::string: items.emplace_back(text("string")); break;
        default: items.emplace_back(read_day(where, key, true)); break;
      }
    }
    return items;
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

}  // namespace entente::detail

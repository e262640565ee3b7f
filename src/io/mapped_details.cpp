// The details section of a mapped snapshot: what few entities and relations carry (aliases,
// attributes, external ids, citations), which are not plain records and so are encoded, and
// decoded whole the first time a reader asks for any of them.
//
//   details   u64 entity count, u64 relation count, then each entity's, then each relation's
//   entity    u32 alias count, the aliases' symbols (u32 each), attributes, u32 external id
//             count, each as two strings (system, id)
//   relation  u32 citation count, each: u32 source, string quote, u8 span flag and, when 1, u32
//             begin and u32 end; then attributes
//   attributes  u32 count, each: string key, u8 value tag (archive_payload.hpp's value_tag),
//             the value: u8 bool, i64, f64, string, date (i16 year, u8 month, u8 day), or a list
//             (u8 item tag, u32 count, the items)
//   string    u32 length, the bytes
//
// Every count is checked against the bytes left before anything is allocated, and every value
// against its range (symbols against the string table, sources against the source list).

#include "io/mapped_details.hpp"

#include <entente/error.hpp>

#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <type_traits>
#include <utility>
#include <variant>

namespace entente::detail {
namespace {

// Value tags as the archive stores them, so that the two formats agree.
enum class tag : std::uint8_t { null, boolean, integer, real, string, date, list };

class blob_writer {
 public:
  explicit blob_writer(std::string& out) : out_(out) {}
  template <class T>
  void number(T x) {
    static_assert(std::is_arithmetic_v<T>);
    char bytes[sizeof(T)];
    std::memcpy(bytes, &x, sizeof(T));  // little-endian hosts only (checked on opening)
    out_.append(bytes, sizeof(T));
  }
  void count(std::size_t n) { number(static_cast<std::uint32_t>(n)); }
  void text(std::string_view s) {
    count(s.size());
    out_.append(s);
  }
  void day(date d) {
    number(static_cast<std::int16_t>(d.year()));
    number(static_cast<std::uint8_t>(d.month()));
    number(static_cast<std::uint8_t>(d.day()));
  }
  void item(const scalar& x) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, bool>)
            number(static_cast<std::uint8_t>(v));
          else if constexpr (std::is_same_v<T, std::string>)
            text(v);
          else if constexpr (std::is_same_v<T, date>)
            day(v);
          else
            number(v);
        },
        x);
  }
  void attrs(const attributes& a) {
    count(a.size());
    for (const auto& [key, v] : a) {
      text(key);
      // The variant's alternatives are in tag order: null, bool, integer, real, string, date, list.
      number(static_cast<std::uint8_t>(v.index()));
      if (const auto* items = std::get_if<value_list>(&v)) {
        number(static_cast<std::uint8_t>(items->empty() ? 0 : items->front().index() + 1));
        count(items->size());
        for (const auto& x : *items) item(x);
      } else if (v.index() != 0) {
        std::visit(
            [&](const auto& x) {
              using T = std::decay_t<decltype(x)>;
              if constexpr (!std::is_same_v<T, std::monostate> && !std::is_same_v<T, value_list>)
                item(scalar(x));
            },
            v);
      }
    }
  }

 private:
  std::string& out_;
};

class blob_reader {
 public:
  blob_reader(std::string_view bytes, const std::string& origin) : rest_(bytes), origin_(origin) {}
  [[noreturn]] void damaged(const std::string& what) const {
    throw io_error(origin_ + ": damaged: details section: " + what);
  }
  template <class T>
  T number() {
    if (rest_.size() < sizeof(T)) damaged("it ends early");
    T x;
    std::memcpy(&x, rest_.data(), sizeof(T));
    rest_.remove_prefix(sizeof(T));
    return x;
  }
  /// A count of items that take at least `each` bytes apiece.
  std::size_t count(std::size_t each) {
    auto n = number<std::uint32_t>();
    if (n > rest_.size() / each) damaged(fmt::format("a count of {} cannot fit", n));
    return n;
  }
  std::string text() {
    std::size_t n = count(1);
    std::string s(rest_.substr(0, n));
    rest_.remove_prefix(n);
    return s;
  }
  date day() {
    auto y = number<std::int16_t>();
    auto m = number<std::uint8_t>();
    auto d = number<std::uint8_t>();
    if (y == 0 && m == 0 && d == 0) return {};
    if (!date::valid(y, m, d)) damaged(fmt::format("no such date: {}-{}-{}", y, m, d));
    return {y, m, d};
  }
  scalar item(std::uint8_t t) {
    switch (static_cast<tag>(t)) {
      case tag::boolean: {
        auto b = number<std::uint8_t>();
        if (b > 1) damaged("a boolean is neither 0 nor 1");
        return b == 1;
      }
      case tag::integer: return number<std::int64_t>();
      case tag::real: return number<double>();
      case tag::string: return text();
      case tag::date: {
        date d = day();
        if (!d.is_set()) damaged("a list holds an unset date");
        return d;
      }
      default: damaged(fmt::format("unknown value type {}", t));
    }
  }
  attributes attrs() {
    attributes a;
    for (std::size_t n = count(6); n > 0; --n) {
      std::string key = text();
      auto t = number<std::uint8_t>();
      if (t == static_cast<std::uint8_t>(tag::null)) {
        a.set(key, value{});
      } else if (t == static_cast<std::uint8_t>(tag::list)) {
        auto item_tag = number<std::uint8_t>();
        value_list items;
        std::size_t k = count(1);
        if (k > 0 && (item_tag == 0 || item_tag >= static_cast<std::uint8_t>(tag::list)))
          damaged(fmt::format("attribute '{}' is a list of unknown type {}", key, item_tag));
        items.reserve(k);
        for (; k > 0; --k) items.push_back(item(item_tag));
        a.set(key, value{std::move(items)});
      } else {
        a.set(key, as_value(item(t)));
      }
    }
    return a;
  }
  [[nodiscard]] bool done() const noexcept { return rest_.empty(); }

 private:
  std::string_view rest_;
  const std::string& origin_;
};

bool empty(const entity_details& d) {
  return d.aliases.empty() && d.attrs.empty() && d.external_ids.empty();
}
bool empty(const relation_extra& x) { return x.citations.empty() && x.attrs.empty(); }

}  // namespace

details_layout encode_details(std::span<const std::uint32_t> entity_slots,
                              const std::vector<entity_details>& entities,
                              std::span<const std::uint32_t> relation_slots,
                              const std::vector<relation_extra>& relations) {
  details_layout out;
  out.entity_slots.assign(entity_slots.size(), no_index);
  out.relation_slots.assign(relation_slots.size(), no_index);
  std::string entity_bytes;
  std::string relation_bytes;
  blob_writer entity_writer(entity_bytes);
  blob_writer relation_writer(relation_bytes);
  std::uint64_t entity_count = 0;
  std::uint64_t relation_count = 0;
  for (std::size_t e = 0; e < entity_slots.size(); ++e) {
    if (entity_slots[e] == no_index || empty(entities[entity_slots[e]])) continue;
    const auto& d = entities[entity_slots[e]];
    out.entity_slots[e] = static_cast<std::uint32_t>(entity_count++);
    entity_writer.count(d.aliases.size());
    for (symbol a : d.aliases) entity_writer.number(a);
    entity_writer.attrs(d.attrs);
    entity_writer.count(d.external_ids.size());
    for (const auto& [system, id] : d.external_ids) {
      entity_writer.text(system);
      entity_writer.text(id);
    }
  }
  for (std::size_t r = 0; r < relation_slots.size(); ++r) {
    if (relation_slots[r] == no_index || empty(relations[relation_slots[r]])) continue;
    const auto& x = relations[relation_slots[r]];
    out.relation_slots[r] = static_cast<std::uint32_t>(relation_count++);
    relation_writer.count(x.citations.size());
    for (const auto& c : x.citations) {
      relation_writer.number(c.source);
      relation_writer.text(c.quote);
      relation_writer.number(static_cast<std::uint8_t>(c.span.has_value()));
      if (c.span) {
        relation_writer.number(c.span->begin);
        relation_writer.number(c.span->end);
      }
    }
    relation_writer.attrs(x.attrs);
  }
  blob_writer head(out.bytes);
  head.number(entity_count);
  head.number(relation_count);
  out.bytes += entity_bytes;
  out.bytes += relation_bytes;
  return out;
}

decoded_details decode_details(std::string_view bytes, std::size_t strings, std::size_t sources,
                               const std::string& origin) {
  blob_reader in(bytes, origin);
  decoded_details out;
  auto entities = in.number<std::uint64_t>();
  auto relations = in.number<std::uint64_t>();
  // An entity's details take at least 12 bytes, a relation's extras 8.
  if (entities > bytes.size() / 12 || relations > bytes.size() / 8)
    in.damaged(fmt::format("{} entities and {} relations cannot fit", entities, relations));
  out.entities.resize(entities);
  for (auto& d : out.entities) {
    for (std::size_t n = in.count(4); n > 0; --n) {
      auto a = in.number<symbol>();
      if (a >= strings) in.damaged(fmt::format("an alias names string {}, past the last", a));
      d.aliases.push_back(a);
    }
    d.attrs = in.attrs();
    for (std::size_t n = in.count(8); n > 0; --n) {
      std::string system = in.text();
      d.external_ids.emplace_back(std::move(system), in.text());
    }
  }
  out.relations.resize(relations);
  for (auto& x : out.relations) {
    for (std::size_t n = in.count(9); n > 0; --n) {
      citation c;
      c.source = in.number<source_index>();
      if (c.source >= sources)
        in.damaged(fmt::format("a citation names source {}, past the last", c.source));
      c.quote = in.text();
      auto has_span = in.number<std::uint8_t>();
      if (has_span > 1) in.damaged("a span flag is neither 0 nor 1");
      if (has_span == 1) {
        text_span span;
        span.begin = in.number<std::uint32_t>();
        span.end = in.number<std::uint32_t>();
        c.span = span;
      }
      x.citations.push_back(std::move(c));
    }
    x.attrs = in.attrs();
  }
  if (!in.done()) in.damaged("bytes follow its last record");
  return out;
}

}  // namespace entente::detail

#pragma once
/// The vocabulary types of a knowledge graph: evidence levels, partial dates and intervals,
/// sources and citations, typed attribute values.

#include <entente/error.hpp>

#include <algorithm>
#include <charconv>
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace entente {

/// Dense number of an entity in its graph (0 .. num_entities()-1); also its BGL vertex.
using entity_index = std::uint32_t;
/// Dense number of a relation in its graph (0 .. num_relations()-1); also its BGL edge.
using relation_index = std::uint32_t;
/// Number of a kind in its schema.
using kind_id = std::uint16_t;
/// Number of a relation type in its schema.
using relation_type_id = std::uint16_t;
/// Number of a source document in its graph's source list.
using source_index = std::uint32_t;

inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

/// How sure the sources are. Ordered: confirmed > reported > alleged > speculated; `denied`
/// (a source says it is false) sorts below them all, so a minimum-evidence filter drops it.
enum class evidence : std::uint8_t { denied, speculated, alleged, reported, confirmed };

inline constexpr evidence all_evidence_levels[] = {evidence::denied, evidence::speculated,
                                                   evidence::alleged, evidence::reported,
                                                   evidence::confirmed};

[[nodiscard]] constexpr std::string_view to_string(evidence e) noexcept {
  switch (e) {
    case evidence::denied: return "denied";
    case evidence::speculated: return "speculated";
    case evidence::alleged: return "alleged";
    case evidence::reported: return "reported";
    case evidence::confirmed: return "confirmed";
  }
  return "?";
}

/// The evidence level named `text` (lower case), or nothing.
[[nodiscard]] constexpr std::optional<evidence> parse_evidence(std::string_view text) noexcept {
  for (evidence e : all_evidence_levels)
    if (to_string(e) == text) return e;
  return std::nullopt;
}

/// A calendar date that may be partial: a year, a year and month, or a full date.
/// A default-constructed date is unset (an open end of an interval).
class date {
 public:
  constexpr date() = default;
  /// A year (1..9999), a year and month, or a full date; throws `error` for parts that name
  /// no date (month 13, 31 June, a day without a month).
  constexpr date(int year, int month = 0, int day = 0)
      : year_(static_cast<std::int16_t>(year)),
        month_(static_cast<std::uint8_t>(month)),
        day_(static_cast<std::uint8_t>(day)) {
    if (!valid(year, month, day))
      throw error("no such date: year " + std::to_string(year) + ", month " +
                  std::to_string(month) + ", day " + std::to_string(day));
  }
  /// Whether the parts name a date: a year alone, a year and month, or a full date.
  [[nodiscard]] static constexpr bool valid(int year, int month, int day) noexcept {
    if (year < 1 || year > 9999 || month < 0 || month > 12 || day < 0) return false;
    if (month == 0) return day == 0;
    return day <= days_in_month(year, month);
  }

  /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nothing when the text is not such a date.
  [[nodiscard]] static constexpr std::optional<date> parse(std::string_view text) noexcept {
    auto number = [&](std::size_t pos, std::size_t len) -> int {
      if (text.size() < pos + len) return -1;
      int n = 0;
      for (std::size_t i = pos; i < pos + len; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        n = n * 10 + (text[i] - '0');
      }
      return n;
    };
    if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
    int y = number(0, 4);
    if (y <= 0) return std::nullopt;
    if (text.size() == 4) return date(y);
    if (text[4] != '-') return std::nullopt;
    int m = number(5, 2);
    if (m < 1 || m > 12) return std::nullopt;
    if (text.size() == 7) return date(y, m);
    if (text[7] != '-') return std::nullopt;
    int d = number(8, 2);
    if (d < 1 || d > days_in_month(y, m)) return std::nullopt;
    return date(y, m, d);
  }

  [[nodiscard]] constexpr bool is_set() const noexcept { return year_ != 0; }
  [[nodiscard]] constexpr int year() const noexcept { return year_; }
  /// 1..12, or 0 when only the year is known.
  [[nodiscard]] constexpr int month() const noexcept { return month_; }
  /// 1..31, or 0 when the day is not known.
  [[nodiscard]] constexpr int day() const noexcept { return day_; }

  /// The first full day this (partial) date covers: 2014 -> 2014-01-01.
  [[nodiscard]] constexpr date first_day() const noexcept {
    return {year_, month_ == 0 ? 1 : month_, day_ == 0 ? 1 : day_};
  }
  /// The last full day this (partial) date covers: 2014 -> 2014-12-31.
  [[nodiscard]] constexpr date last_day() const noexcept {
    int m = month_ == 0 ? 12 : month_;
    return {year_, m, day_ == 0 ? days_in_month(year_, m) : day_};
  }

  /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; empty when unset.
  [[nodiscard]] std::string to_string() const {
    if (!is_set()) return {};
    std::string text = pad(year_, 4);
    if (month_ != 0) text += '-' + pad(month_, 2);
    if (day_ != 0) text += '-' + pad(day_, 2);
    return text;
  }

  /// Orders by year, then month, then day, an unknown part sorting first.
  friend constexpr auto operator<=>(const date&, const date&) = default;

  [[nodiscard]] static constexpr int days_in_month(int year, int month) noexcept {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
  }

 private:
  static std::string pad(int n, std::size_t width) {
    std::string digits = std::to_string(n);
    return std::string(digits.size() < width ? width - digits.size() : 0, '0') + digits;
  }
  std::int16_t year_ = 0;
  std::uint8_t month_ = 0;
  std::uint8_t day_ = 0;
};

/// The time a relation held: from `since` to `until`, both inclusive, either open when unset.
struct interval {
  date since;
  date until;

  /// True when the interval overlaps the (possibly partial) date `when`.
  [[nodiscard]] constexpr bool holds_at(date when) const noexcept {
    if (!when.is_set()) return true;
    if (since.is_set() && since.first_day() > when.last_day()) return false;
    if (until.is_set() && until.last_day() < when.first_day()) return false;
    return true;
  }
  [[nodiscard]] constexpr bool is_open() const noexcept {
    return !since.is_set() && !until.is_set();
  }
  friend constexpr bool operator==(const interval&, const interval&) = default;
};

/// A document in a graph's source list. (Not `source`: that name is Boost.Graph's
/// `source(relation, graph)`, which must live beside the graph.)
struct source_info {
  std::string id;  ///< stable key, e.g. "korea-herald-2024-06"
  std::string title;
  std::string publisher;
  date published;  ///< when it was published; used by `as_known`
  std::string url;
  friend bool operator==(const source_info&, const source_info&) = default;
};

/// Character offsets [begin, end) of a quote in its source text.
struct text_span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(const text_span&, const text_span&) = default;
};

/// One piece of provenance: which source says it, with an optional quote and span.
struct citation {
  source_index source = 0;
  std::string quote;
  std::optional<text_span> span;
  friend bool operator==(const citation&, const citation&) = default;
};

/// One item of a list attribute: bool, integer, real, string or date.
using scalar = std::variant<bool, std::int64_t, double, std::string, date>;

/// A list attribute, as Neo4j and Kùzu store one: scalar items all of one type, no nulls and no
/// nested lists; it may be empty. `attributes::set` refuses a list of mixed items (`list_error`).
/// `value_list{std::int64_t{1}, std::int64_t{2}}`, `value_list{"a", "b"}`.
using value_list = std::vector<scalar>;

/// A typed attribute value: nothing, bool, integer, real, string, date or a list of one of those.
using value =
    std::variant<std::monostate, bool, std::int64_t, double, std::string, date, value_list>;

/// A list item as a value of its own: `as_value(items[0])`.
[[nodiscard]] inline value as_value(const scalar& item) {
  return std::visit([](const auto& x) { return value(x); }, item);
}

/// Name of the type an item holds: "bool", "integer", "real", "string", "date".
[[nodiscard]] inline std::string_view type_name(const scalar& item) noexcept {
  constexpr std::string_view names[] = {"bool", "integer", "real", "string", "date"};
  return names[item.index()];
}

/// Name of the type a value holds: "null", "bool", "integer", "real", "string", "date", "list".
[[nodiscard]] inline std::string_view type_name(const value& v) noexcept {
  constexpr std::string_view names[] = {"null",   "bool", "integer", "real",
                                        "string", "date", "list"};
  return names[v.index()];
}

/// The first item that may not stand in a list attribute after the ones before it (its type is
/// not the first item's, or it is an unset date, which would read as null), or `items.size()`.
[[nodiscard]] inline std::size_t mismatched_item(const value_list& items) noexcept {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto* d = std::get_if<date>(&items[i]);
    if (items[i].index() != items[0].index() || (d != nullptr && !d->is_set())) return i;
  }
  return items.size();
}

/// Why `items` may not be a list attribute, naming the item and both types, or empty when it
/// may: `list item 2 is a string, but item 0 is an integer (a list holds items of one type)`.
[[nodiscard]] inline std::string list_error(const value_list& items) {
  std::size_t i = mismatched_item(items);
  if (i == items.size()) return {};
  std::string item = "list item " + std::to_string(i);
  if (items[i].index() == items[0].index())
    return item + " is an unset date (a list holds no nulls)";
  return item + " is " + (items[i].index() == 1 ? "an " : "a ") + std::string(type_name(items[i])) +
         ", but item 0 is " + (items[0].index() == 1 ? "an " : "a ") +
         std::string(type_name(items[0])) + " (a list holds items of one type)";
}

/// Throws `error` with `list_error`'s text when `items` may not be a list attribute.
inline void check_list(const value_list& items) {
  if (std::string why = list_error(items); !why.empty()) throw error(why);
}

/// A small ordered map from attribute name to value.
class attributes {
 public:
  using entry = std::pair<std::string, value>;

  /// The value of `key`, or nullptr when it is not set.
  [[nodiscard]] const value* find(std::string_view key) const noexcept {
    auto it = lower(key);
    return it != entries_.end() && it->first == key ? &it->second : nullptr;
  }
  /// Sets `key` to `v`, replacing an earlier value; throws `error` for a list of mixed items.
  void set(std::string_view key, value v) {
    if (const auto* items = std::get_if<value_list>(&v)) check_list(*items);
    auto it = lower(key);
    if (it != entries_.end() && it->first == key)
      it->second = std::move(v);
    else
      entries_.emplace(it, std::string(key), std::move(v));
  }
  /// Removes `key`; returns whether it was set.
  bool erase(std::string_view key) {
    auto it = lower(key);
    if (it == entries_.end() || it->first != key) return false;
    entries_.erase(it);
    return true;
  }
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] auto begin() const noexcept { return entries_.begin(); }
  [[nodiscard]] auto end() const noexcept { return entries_.end(); }
  friend bool operator==(const attributes&, const attributes&) = default;

 private:
  [[nodiscard]] std::vector<entry>::const_iterator lower(std::string_view key) const {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const entry& e, std::string_view k) { return e.first < k; });
  }
  [[nodiscard]] std::vector<entry>::iterator lower(std::string_view key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const entry& e, std::string_view k) { return e.first < k; });
  }
  std::vector<entry> entries_;
};

}  // namespace entente

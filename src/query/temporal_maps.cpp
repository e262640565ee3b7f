// Temporal values built from maps of components (`date({year: 1984, week: 10, dayOfWeek: 3})`),
// selecting from other temporal values (`datetime({date: d, time: t, timezone: '+05:00'})`),
// or converted from one type to another (`date(datetime(...))`), as Neo4j builds them.

#include "query/temporal.hpp"

#include <entente/schema.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <string>

namespace entente::detail::query {

namespace {

constexpr std::array<std::string_view, 8> date_keys = {
    "year", "month", "day", "week", "dayOfWeek", "ordinalDay", "quarter", "dayOfQuarter"};
constexpr std::array<std::string_view, 6> time_keys = {"hour",        "minute",      "second",
                                                       "millisecond", "microsecond", "nanosecond"};

bool has_date(std::string_view type) {
  return type == "date" || type == "localdatetime" || type == "datetime";
}
bool has_time(std::string_view type) { return type != "date"; }
bool has_zone(std::string_view type) { return type == "time" || type == "datetime"; }

// The keys a map for `type` may have.
std::vector<std::string> keys_of(std::string_view type) {
  std::vector<std::string> keys;
  if (has_date(type)) {
    keys.insert(keys.end(), date_keys.begin(), date_keys.end());
    keys.emplace_back("date");
  }
  if (has_time(type)) {
    keys.insert(keys.end(), time_keys.begin(), time_keys.end());
    keys.emplace_back("time");
  }
  if (type == "localdatetime" || type == "datetime") keys.emplace_back("datetime");
  if (type == "datetime") {
    keys.emplace_back("epochSeconds");
    keys.emplace_back("epochMillis");
  }
  keys.emplace_back("timezone");
  return keys;
}

// The local date, time and zone a temporal value holds, where it holds them.
struct parts {
  bool has_date = false, has_time = false, has_zone = false;
  std::int64_t days = 0, nanos = 0;
  zone_spec zone;
};

parts parts_of(const query_value& v) {
  parts p;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, tp::calendar_date>) {
          if (x.precision != tp::date_precision::day)
            throw error(fmt::format("the partial date {} has no day to select", tp::to_string(x)));
          p.has_date = true;
          p.days = x.days;
        } else if constexpr (std::is_same_v<T, tp::local_time>) {
          p.has_time = true;
          p.nanos = x.nanos;
        } else if constexpr (std::is_same_v<T, tp::zoned_time>) {
          p.has_time = p.has_zone = true;
          p.nanos = x.nanos;
          p.zone.offset_seconds = x.offset_seconds;
        } else if constexpr (std::is_same_v<T, tp::local_datetime>) {
          p.has_date = p.has_time = true;
          p.days = x.days;
          p.nanos = x.nanos;
        } else if constexpr (std::is_same_v<T, tp::zoned_datetime>) {
          p.has_date = p.has_time = p.has_zone = true;
          p.days = x.days;
          p.nanos = x.nanos;
          p.zone = {x.zone, x.offset_seconds};
        }
      },
      v.get());
  return p;
}

// A map's components, checked against what `type` takes.
struct fields {
  std::string_view type;
  std::map<std::string, std::int64_t, std::less<>> numbers;
  parts date_source, time_source;
  bool date_given = false, time_given = false, zone_given = false;
  zone_spec zone;

  [[nodiscard]] bool has(std::string_view key) const { return numbers.count(key) != 0; }
  [[nodiscard]] std::int64_t get(std::string_view key, std::int64_t fallback) const {
    auto it = numbers.find(key);
    return it == numbers.end() ? fallback : it->second;
  }
  [[noreturn]] void fail(std::string_view why) const {
    throw error(fmt::format("{}(): {}", type, why));
  }
  void in_range(std::string_view key, std::int64_t value, std::int64_t low,
                std::int64_t high) const {
    if (value < low || value > high)
      fail(fmt::format("{} {} is out of range ({}..{})", key, value, low, high));
  }
};

fields read_fields(std::string_view type, const query_value::map& m) {
  fields f{type, {}, {}, {}, false, false, false, {}};
  auto keys = keys_of(type);
  for (const auto& [key, v] : m) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      f.fail(
          fmt::format("unknown component '{}'{}", key, did_you_mean(schema::closest(key, keys))));
    if (key == "timezone") {
      if (!v.is_string())
        f.fail(
            fmt::format("'timezone' must be a string such as '+01:00' or 'Europe/Stockholm', "
                        "got {} {}",
                        v.type_name(), to_string(v)));
      f.zone = parse_zone(v.as_string());
      f.zone_given = true;
    } else if (key == "date" || key == "time" || key == "datetime") {
      if (!v.is_temporal() || v.is_duration())
        f.fail(fmt::format("'{}' must be a temporal value, got {} {}", key, v.type_name(),
                           to_string(v)));
      auto p = parts_of(v);
      bool wants_date = key != "time", wants_time = key != "date";
      if ((wants_date && !p.has_date) || (key == "time" && !p.has_time))
        f.fail(fmt::format("'{}' must hold a {}, got {} {}", key, key == "time" ? "time" : "date",
                           v.type_name(), to_string(v)));
      if (wants_date) {
        f.date_source = p;
        f.date_given = true;
      }
      if (wants_time && p.has_time) {
        f.time_source = p;
        f.time_given = true;
      }
    } else {
      if (!v.is_int())
        f.fail(fmt::format("'{}' must be an integer, got {} {}", key, v.type_name(), to_string(v)));
      f.numbers.emplace(key, v.as_int());
    }
  }
  return f;
}

std::int64_t build_date(const fields& f) {
  bool week = f.has("week") || f.has("dayOfWeek");
  bool ordinal = f.has("ordinalDay");
  bool quarter = f.has("quarter") || f.has("dayOfQuarter");
  bool calendar = f.has("month") || f.has("day");
  if (week + ordinal + quarter + calendar > 1)
    f.fail(
        "give a date as year, month and day, or as year, week and dayOfWeek, or as year and "
        "ordinalDay, or as year, quarter and dayOfQuarter; not a mix of them");
  bool base = f.date_given;
  if (!base && !f.has("year")) f.fail("a date needs a year (or a date to start from)");
  auto from = civil_from_days(f.date_source.days);
  auto year = f.get("year", from.year);
  f.in_range("year", year, min_year, max_year);
  if (week) {
    auto [base_year, base_week] = iso_week(f.date_source.days);
    auto week_year = f.get("year", base_year);
    auto w = f.get("week", base ? base_week : 1);
    if (!base && !f.has("week")) f.fail("dayOfWeek needs a week");
    auto dow = f.get("dayOfWeek", base ? day_of_week(f.date_source.days) : 1);
    f.in_range("week", w, 1, weeks_in_year(week_year));
    f.in_range("dayOfWeek", dow, 1, 7);
    return first_monday(week_year) + (w - 1) * 7 + (dow - 1);
  }
  if (ordinal) {
    auto day = f.get("ordinalDay", 1);
    f.in_range("ordinalDay", day, 1, leap_year(year) ? 366 : 365);
    return days_from_civil(year, 1, 1) + day - 1;
  }
  if (quarter) {
    int base_quarter = (from.month - 1) / 3 + 1;
    auto base_day =
        f.date_source.days - days_from_civil(from.year, (base_quarter - 1) * 3 + 1, 1) + 1;
    auto q = f.get("quarter", base ? base_quarter : 1);
    if (!base && !f.has("quarter")) f.fail("dayOfQuarter needs a quarter");
    f.in_range("quarter", q, 1, 4);
    auto start = days_from_civil(year, static_cast<int>(q - 1) * 3 + 1, 1);
    auto length = add_months(start, 3) - start;
    auto day = f.get("dayOfQuarter", base ? std::min(base_day, length) : 1);
    f.in_range("dayOfQuarter", day, 1, length);
    return start + day - 1;
  }
  if (!base && f.has("day") && !f.has("month")) f.fail("day needs a month");
  auto month = f.get("month", base ? from.month : 1);
  f.in_range("month", month, 1, 12);
  auto m = static_cast<int>(month);
  // A new year alone keeps the month and day, 29 February becoming the 28th.
  auto day = f.get("day", base ? std::min(from.day, days_in_month(year, m)) : 1);
  f.in_range("day", day, 1, days_in_month(year, m));
  return days_from_civil(year, m, static_cast<int>(day));
}

std::int64_t build_time(const fields& f, std::int64_t base_nanos, bool base) {
  auto base_seconds = base_nanos / tp::nanos_per_second;
  if (!base) {
    if (f.has("minute") && !f.has("hour")) f.fail("minute needs an hour");
    if (f.has("second") && !f.has("minute")) f.fail("second needs a minute");
    bool fraction = f.has("millisecond") || f.has("microsecond") || f.has("nanosecond");
    if (fraction && !f.has("second")) f.fail("a fraction of a second needs a second");
  }
  auto hour = f.get("hour", base_seconds / 3600);
  auto minute = f.get("minute", base_seconds / 60 % 60);
  auto second = f.get("second", base_seconds % 60);
  f.in_range("hour", hour, 0, 23);
  f.in_range("minute", minute, 0, 59);
  f.in_range("second", second, 0, 59);
  auto fraction = base_nanos % tp::nanos_per_second;
  if (f.has("millisecond") || f.has("microsecond") || f.has("nanosecond")) {
    auto ms = f.get("millisecond", 0), us = f.get("microsecond", 0), ns = f.get("nanosecond", 0);
    f.in_range("millisecond", ms, 0, 999);
    f.in_range("microsecond", us, 0, f.has("millisecond") ? 999 : 999'999);
    f.in_range("nanosecond", ns, 0,
               f.has("microsecond")   ? 999
               : f.has("millisecond") ? 999'999
                                      : 999'999'999);
    fraction = ms * 1'000'000 + us * 1'000 + ns;
  }
  return ((hour * 60 + minute) * 60 + second) * tp::nanos_per_second + fraction;
}

thread_local const std::int64_t* statement_now = nullptr;

std::int64_t system_nanos() {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(since).count();
}

instant now(bool real_time = false) {
  auto ns = statement_now && !real_time ? *statement_now : system_nanos();
  return {ns / tp::nanos_per_second, ns % tp::nanos_per_second};
}

// The current date-time in `zone` (UTC when none is given).
tp::zoned_datetime now_in(const zone_spec& zone, bool real_time = false) {
  return at_instant(now(real_time), zone.name, zone.offset_seconds);
}

query_value of_type(std::string_view type, const tp::zoned_datetime& t) {
  if (type == "date") return tp::calendar_date{t.days, tp::date_precision::day};
  if (type == "localtime") return tp::local_time{t.nanos};
  if (type == "time") return tp::zoned_time{t.nanos, t.offset_seconds};
  if (type == "localdatetime") return tp::local_datetime{t.days, t.nanos};
  return t;
}

}  // namespace

statement_clock::statement_clock(std::int64_t& nanos_since_epoch) : previous_(statement_now) {
  if (nanos_since_epoch == unset) nanos_since_epoch = system_nanos();
  statement_now = &nanos_since_epoch;
}

statement_clock::~statement_clock() { statement_now = previous_; }

query_value temporal_now(std::string_view type, const std::optional<std::string>& zone,
                         bool real_time) {
  return of_type(type, now_in(zone ? parse_zone(*zone) : zone_spec{}, real_time));
}

query_value temporal_from_map(std::string_view type, const query_value::map& m) {
  for (const auto& entry : m)
    if (entry.second.is_null()) return nullptr;
  auto f = read_fields(type, m);
  bool only_zone = f.zone_given && m.size() == 1;
  if (only_zone || m.empty()) return of_type(type, now_in(f.zone));
  if (f.zone_given && !has_zone(type))
    f.fail(fmt::format("a {} has no time zone; use {}", type,
                       type == "localtime" ? "time()" : "datetime()"));
  if (f.has("epochSeconds") || f.has("epochMillis")) {
    if (m.size() - f.zone_given - f.has("nanosecond") != 1)
      f.fail("epochSeconds or epochMillis goes with nanosecond and timezone alone");
    instant i{};
    if (f.has("epochSeconds")) {
      i.seconds = f.get("epochSeconds", 0);
      auto ns = f.get("nanosecond", 0);
      f.in_range("nanosecond", ns, 0, 999'999'999);
      i.nanos = ns;
    } else {
      auto ms = f.get("epochMillis", 0);
      i.seconds = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
      i.nanos = (ms - i.seconds * 1000) * 1'000'000;
      auto ns = f.get("nanosecond", 0);
      f.in_range("nanosecond", ns, 0, 999'999);
      i.nanos += ns;
    }
    return at_instant(i, f.zone.name, f.zone.offset_seconds);
  }
  std::int64_t days = has_date(type) ? build_date(f) : 0;
  std::int64_t nanos = has_time(type) ? build_time(f, f.time_source.nanos, f.time_given) : 0;
  if (type == "date") return tp::calendar_date{days, tp::date_precision::day};
  if (type == "localtime") return tp::local_time{nanos};
  if (type == "localdatetime") return tp::local_datetime{days, nanos};
  // The zone the time came with, if any; a `timezone` given as well moves the time into it.
  bool had_zone = f.time_given && f.time_source.has_zone;
  if (type == "time") {
    if (!had_zone) return tp::zoned_time{nanos, f.zone.offset_seconds};
    if (!f.zone_given) return tp::zoned_time{nanos, f.time_source.zone.offset_seconds};
    auto offset = f.zone.name.empty() ? f.zone.offset_seconds : now_in(f.zone).offset_seconds;
    auto moved = nanos - std::int64_t{f.time_source.zone.offset_seconds} * tp::nanos_per_second +
                 std::int64_t{offset} * tp::nanos_per_second;
    moved %= tp::nanos_per_day;
    if (moved < 0) moved += tp::nanos_per_day;
    return tp::zoned_time{moved, offset};
  }
  if (!had_zone) return in_zone(days, nanos, f.zone);
  auto local = in_zone(days, nanos, f.time_source.zone);
  if (!f.zone_given) return local;
  return at_instant(instant_of(local.days, local.nanos, local.offset_seconds), f.zone.name,
                    f.zone.offset_seconds);
}

query_value temporal_from_temporal(std::string_view type, const query_value& v) {
  if (v.is_duration()) throw error(fmt::format("{}() cannot take a duration", type));
  if (type == "date" && v.is_date()) return v;
  auto p = parts_of(v);
  if (has_date(type) && !p.has_date)
    throw error(
        fmt::format("{}() needs a date, and {} {} has none", type, v.type_name(), to_string(v)));
  if (type == "date") return tp::calendar_date{p.days, tp::date_precision::day};
  if ((type == "localtime" || type == "time") && !p.has_time)
    throw error(
        fmt::format("{}() needs a time, and {} {} has none", type, v.type_name(), to_string(v)));
  if (type == "localtime") return tp::local_time{p.nanos};
  if (type == "time") return tp::zoned_time{p.nanos, p.zone.offset_seconds};
  if (type == "localdatetime") return tp::local_datetime{p.days, p.nanos};
  if (p.has_zone && p.has_date) return v;
  return in_zone(p.days, p.nanos, p.zone);
}

}  // namespace entente::detail::query

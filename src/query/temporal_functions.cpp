// The Cypher functions over temporal values (`date(...)`, `duration(...)`, `date.truncate`,
// `duration.between`, `datetime.fromepoch`...) and their components read as properties
// (`d.year`, `dt.offset`, `dur.monthsOfYear`).

#include "query/engine.hpp"
#include "query/temporal.hpp"

#include <entente/schema.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <string>

namespace entente::detail::query {

namespace {

constexpr std::array<std::string_view, 5> instant_types = {"date", "localtime", "time",
                                                           "localdatetime", "datetime"};

// ---- accessors ----------------------------------------------------------------------------------

constexpr std::array<std::string_view, 9> date_fields = {"year",      "quarter",      "month",
                                                         "week",      "weekYear",     "ordinalDay",
                                                         "dayOfWeek", "dayOfQuarter", "day"};
constexpr std::array<std::string_view, 6> time_fields = {
    "hour", "minute", "second", "millisecond", "microsecond", "nanosecond"};
constexpr std::array<std::string_view, 4> zone_fields = {"timezone", "offset", "offsetMinutes",
                                                         "offsetSeconds"};
constexpr std::array<std::string_view, 2> epoch_fields = {"epochSeconds", "epochMillis"};
constexpr std::array<std::string_view, 20> duration_fields = {"years",
                                                              "quarters",
                                                              "months",
                                                              "weeks",
                                                              "days",
                                                              "hours",
                                                              "minutes",
                                                              "seconds",
                                                              "milliseconds",
                                                              "microseconds",
                                                              "nanoseconds",
                                                              "quartersOfYear",
                                                              "monthsOfYear",
                                                              "monthsOfQuarter",
                                                              "daysOfWeek",
                                                              "minutesOfHour",
                                                              "secondsOfMinute",
                                                              "millisecondsOfSecond",
                                                              "microsecondsOfSecond",
                                                              "nanosecondsOfSecond"};

std::optional<query_value> date_field(std::int64_t days, tp::date_precision precision,
                                      std::string_view key) {
  if (std::find(date_fields.begin(), date_fields.end(), key) == date_fields.end())
    return std::nullopt;
  auto c = civil_from_days(days);
  if (key == "year") return c.year;
  // What a partial date does not know reads as null.
  if (precision == tp::date_precision::year) return query_value();
  if (key == "month") return std::int64_t{c.month};
  if (key == "quarter") return std::int64_t{(c.month - 1) / 3 + 1};
  if (precision == tp::date_precision::month) return query_value();
  if (key == "day") return std::int64_t{c.day};
  if (key == "week") return std::int64_t{iso_week(days).second};
  if (key == "weekYear") return iso_week(days).first;
  if (key == "ordinalDay") return days - days_from_civil(c.year, 1, 1) + 1;
  if (key == "dayOfWeek") return std::int64_t{day_of_week(days)};
  return days - days_from_civil(c.year, (c.month - 1) / 3 * 3 + 1, 1) + 1;  // dayOfQuarter
}

std::optional<query_value> time_field(std::int64_t nanos, std::string_view key) {
  auto seconds = nanos / tp::nanos_per_second;
  auto fraction = nanos % tp::nanos_per_second;
  if (key == "hour") return seconds / 3600;
  if (key == "minute") return seconds / 60 % 60;
  if (key == "second") return seconds % 60;
  if (key == "millisecond") return fraction / 1'000'000;
  if (key == "microsecond") return fraction / 1'000;
  if (key == "nanosecond") return fraction;
  return std::nullopt;
}

std::optional<query_value> zone_field(std::int32_t offset, const std::string& zone,
                                      std::string_view key) {
  if (key == "timezone") return zone.empty() ? offset_text(offset) : zone;
  if (key == "offset") return offset_text(offset);
  if (key == "offsetMinutes") return std::int64_t{offset / 60};
  if (key == "offsetSeconds") return std::int64_t{offset};
  return std::nullopt;
}

// seconds * factor + part, or an error when it does not fit in 64 bits.
std::int64_t scaled(std::int64_t seconds, std::int64_t factor, std::int64_t part) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(seconds, factor, &out) || __builtin_add_overflow(out, part, &out))
    throw error("the value does not fit in an integer");
  return out;
}

std::optional<query_value> duration_field(const tp::duration& d, std::string_view key) {
  // The time part with one sign throughout: -0.5 seconds is 0 seconds and -500 milliseconds.
  std::int64_t seconds = d.seconds, nanos = d.nanos;
  if (seconds < 0 && nanos > 0) {
    seconds += 1;
    nanos -= tp::nanos_per_second;
  }
  if (key == "years") return d.months / 12;
  if (key == "quarters") return d.months / 3;
  if (key == "months") return d.months;
  if (key == "weeks") return d.days / 7;
  if (key == "days") return d.days;
  if (key == "hours") return seconds / 3600;
  if (key == "minutes") return seconds / 60;
  if (key == "seconds") return seconds;
  if (key == "milliseconds") return scaled(seconds, 1000, nanos / 1'000'000);
  if (key == "microseconds") return scaled(seconds, 1'000'000, nanos / 1'000);
  if (key == "nanoseconds") return scaled(seconds, tp::nanos_per_second, nanos);
  if (key == "quartersOfYear") return d.months / 3 % 4;
  if (key == "monthsOfYear") return d.months % 12;
  if (key == "monthsOfQuarter") return d.months % 3;
  if (key == "daysOfWeek") return d.days % 7;
  if (key == "minutesOfHour") return seconds / 60 % 60;
  if (key == "secondsOfMinute") return seconds % 60;
  if (key == "millisecondsOfSecond") return nanos / 1'000'000;
  if (key == "microsecondsOfSecond") return nanos / 1'000;
  if (key == "nanosecondsOfSecond") return nanos;
  return std::nullopt;
}

}  // namespace

std::optional<query_value> temporal_property(const query_value& v, std::string_view key) {
  return std::visit(
      [&](const auto& x) -> std::optional<query_value> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, tp::calendar_date>) {
          return date_field(x.days, x.precision, key);
        } else if constexpr (std::is_same_v<T, tp::local_time>) {
          return time_field(x.nanos, key);
        } else if constexpr (std::is_same_v<T, tp::zoned_time>) {
          if (auto f = time_field(x.nanos, key)) return f;
          return zone_field(x.offset_seconds, {}, key);
        } else if constexpr (std::is_same_v<T, tp::local_datetime>) {
          if (auto f = date_field(x.days, tp::date_precision::day, key)) return f;
          return time_field(x.nanos, key);
        } else if constexpr (std::is_same_v<T, tp::zoned_datetime>) {
          if (auto f = date_field(x.days, tp::date_precision::day, key)) return f;
          if (auto f = time_field(x.nanos, key)) return f;
          auto i = instant_of(x.days, x.nanos, x.offset_seconds);
          if (key == "epochSeconds") return i.seconds;
          if (key == "epochMillis") return scaled(i.seconds, 1000, i.nanos / 1'000'000);
          return zone_field(x.offset_seconds, x.zone, key);
        } else if constexpr (std::is_same_v<T, tp::duration>) {
          return duration_field(x, key);
        } else {
          return std::nullopt;
        }
      },
      v.get());
}

std::vector<std::string> temporal_property_names(const query_value& v) {
  std::vector<std::string> out;
  auto add = [&](const auto& names) { out.insert(out.end(), names.begin(), names.end()); };
  auto type = v.type_name();
  if (v.is_duration()) add(duration_fields);
  if (type == "date" || type == "localdatetime" || type == "datetime") add(date_fields);
  if (type != "date" && type != "duration") add(time_fields);
  if (type == "time" || type == "datetime") add(zone_fields);
  if (type == "datetime") add(epoch_fields);
  return out;
}

// ---- truncation ---------------------------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 15> units = {
    "millennium", "century", "decade", "year",   "weekYear",    "quarter",     "month",     "week",
    "day",        "hour",    "minute", "second", "millisecond", "microsecond", "nanosecond"};

// The first day of the period `unit` that holds `days`.
std::int64_t truncate_days(std::int64_t days, std::string_view unit) {
  auto c = civil_from_days(days);
  auto floor_to = [](std::int64_t year, std::int64_t step) {
    auto r = year % step;
    return year - (r < 0 ? r + step : r);
  };
  if (unit == "millennium") return days_from_civil(floor_to(c.year, 1000), 1, 1);
  if (unit == "century") return days_from_civil(floor_to(c.year, 100), 1, 1);
  if (unit == "decade") return days_from_civil(floor_to(c.year, 10), 1, 1);
  if (unit == "year") return days_from_civil(c.year, 1, 1);
  if (unit == "weekYear") return first_monday(iso_week(days).first);
  if (unit == "quarter") return days_from_civil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
  if (unit == "month") return days_from_civil(c.year, c.month, 1);
  if (unit == "week") return days - (day_of_week(days) - 1);
  return days;
}

std::int64_t truncate_nanos(std::int64_t nanos, std::string_view unit) {
  std::int64_t step = unit == "hour"          ? 3600 * tp::nanos_per_second
                      : unit == "minute"      ? 60 * tp::nanos_per_second
                      : unit == "second"      ? tp::nanos_per_second
                      : unit == "millisecond" ? 1'000'000
                      : unit == "microsecond" ? 1'000
                      : unit == "nanosecond"  ? 1
                                              : tp::nanos_per_day;
  return nanos - nanos % step;
}

std::string_view unit_named(std::string_view text, std::string_view type) {
  for (auto u : units)
    if (u.size() == text.size() && std::equal(u.begin(), u.end(), text.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        }))
      return u;
  throw error(fmt::format(
      "{}.truncate(): unknown unit '{}'{}", type, text,
      did_you_mean(schema::closest(text, std::vector<std::string>(units.begin(), units.end())))));
}

query_value truncate(std::string_view type, const std::vector<query_value>& args) {
  if (args[0].is_null() || args[1].is_null()) return nullptr;
  if (!args[0].is_string())
    throw error(fmt::format("{}.truncate() takes its unit as a string first, got {} {}", type,
                            args[0].type_name(), to_string(args[0])));
  auto unit = unit_named(args[0].as_string(), type);
  const auto& value = args[1];
  if (!value.is_temporal() || value.is_duration())
    throw error(fmt::format("{}.truncate() truncates a temporal value, got {} {}", type,
                            value.type_name(), to_string(value)));
  bool time_unit = std::find(units.begin(), units.end(), unit) > units.begin() + 8;
  bool date_unit = std::find(units.begin(), units.end(), unit) < units.begin() + 8;
  if (type == "date" && time_unit)
    throw error(fmt::format("date.truncate(): a date cannot be truncated to the {}", unit));
  if ((type == "localtime" || type == "time") && date_unit)
    throw error(fmt::format("{}.truncate(): a time cannot be truncated to the {}", type, unit));
  if (const auto* d = std::get_if<tp::calendar_date>(&value.get())) {
    // A partial date truncates to its own precision or coarser; finer is unknown.
    bool coarse_enough =
        d->precision == tp::date_precision::day || unit == "millennium" || unit == "century" ||
        unit == "decade" || unit == "year" ||
        (d->precision == tp::date_precision::month && (unit == "quarter" || unit == "month"));
    if (!coarse_enough) return nullptr;
  }
  auto base = temporal_from_temporal(type, value);
  query_value truncated = std::visit(
      [&](const auto& x) -> query_value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, tp::calendar_date>) {
          return tp::calendar_date{truncate_days(x.days, unit), tp::date_precision::day};
        } else if constexpr (std::is_same_v<T, tp::local_time>) {
          return tp::local_time{truncate_nanos(x.nanos, unit)};
        } else if constexpr (std::is_same_v<T, tp::zoned_time>) {
          return tp::zoned_time{truncate_nanos(x.nanos, unit), x.offset_seconds};
        } else if constexpr (std::is_same_v<T, tp::local_datetime>) {
          if (date_unit) return tp::local_datetime{truncate_days(x.days, unit), 0};
          return tp::local_datetime{x.days, truncate_nanos(x.nanos, unit)};
        } else if constexpr (std::is_same_v<T, tp::zoned_datetime>) {
          auto days = date_unit ? truncate_days(x.days, unit) : x.days;
          auto nanos = date_unit ? 0 : truncate_nanos(x.nanos, unit);
          return in_zone(days, nanos, {x.zone, x.offset_seconds});
        } else {
          return nullptr;
        }
      },
      base.get());
  if (args.size() < 3 || args[2].is_null()) return truncated;
  if (!args[2].is_map())
    throw error(fmt::format("{}.truncate() takes the components to set as a map, got {} {}", type,
                            args[2].type_name(), to_string(args[2])));
  // The components given are set on the truncated value, as a map that selects from it.
  query_value::map m;
  m.emplace_back(type == "date"                          ? "date"
                 : type == "localtime" || type == "time" ? "time"
                                                         : "datetime",
                 truncated);
  // A nanosecond given after truncating to the millisecond or microsecond sets what lies below
  // that unit (Neo4j's reading): the kept millisecond and microsecond go in the map too.
  auto gives = [&](std::string_view key) {
    return std::any_of(args[2].as_map().begin(), args[2].as_map().end(),
                       [&](const auto& entry) { return entry.first == key; });
  };
  if ((unit == "millisecond" || unit == "microsecond") && gives("nanosecond") &&
      !gives("millisecond") && !gives("microsecond")) {
    auto ms = temporal_property(truncated, "millisecond");
    auto us = temporal_property(truncated, "microsecond");
    if (ms && us) {
      m.emplace_back("millisecond", *ms);
      if (unit == "microsecond") m.emplace_back("microsecond", us->as_int() % 1000);
    }
  }
  const query_value* zone = nullptr;
  for (const auto& entry : args[2].as_map()) {
    if (entry.first == "date" || entry.first == "time" || entry.first == "datetime")
      throw error(
          fmt::format("{}.truncate(): the map sets components, not '{}'", type, entry.first));
    if (entry.first == "timezone" && (type == "time" || type == "datetime"))
      zone = &entry.second;
    else
      m.push_back(entry);
  }
  auto result = temporal_from_map(type, m);
  if (!zone || zone->is_null() || result.is_null()) return result;
  if (!zone->is_string())
    throw error(fmt::format("{}.truncate(): 'timezone' must be a string, got {} {}", type,
                            zone->type_name(), to_string(*zone)));
  // A zone given here keeps the wall clock of the truncated value (truncation happens there).
  auto spec = parse_zone(zone->as_string());
  if (const auto* t = std::get_if<tp::zoned_time>(&result.get())) {
    auto offset = spec.name.empty()
                      ? spec.offset_seconds
                      : temporal_now("datetime", spec.name).as<tp::zoned_datetime>().offset_seconds;
    return tp::zoned_time{t->nanos, offset};
  }
  const auto& dt = result.as<tp::zoned_datetime>();
  return in_zone(dt.days, dt.nanos, spec);
}

// ---- durations between two values ---------------------------------------------------------------

struct moment {
  bool has_date = false;
  bool has_zone = false;
  std::int64_t days = 0, nanos = 0;
  zone_spec zone;
};

moment moment_of(const query_value& v) {
  moment m;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, tp::calendar_date>) {
          m.has_date = true;
          m.days = x.days;
        } else if constexpr (std::is_same_v<T, tp::local_time>) {
          m.nanos = x.nanos;
        } else if constexpr (std::is_same_v<T, tp::zoned_time>) {
          m.has_zone = true;
          m.nanos = x.nanos;
          m.zone.offset_seconds = x.offset_seconds;
        } else if constexpr (std::is_same_v<T, tp::local_datetime>) {
          m.has_date = true;
          m.days = x.days;
          m.nanos = x.nanos;
        } else if constexpr (std::is_same_v<T, tp::zoned_datetime>) {
          m.has_date = m.has_zone = true;
          m.days = x.days;
          m.nanos = x.nanos;
          m.zone = {x.zone, x.offset_seconds};
        }
      },
      v.get());
  return m;
}

// Whole months from one local date-time to another, as java.time counts them: a month not
// complete to the time of day does not count.
std::int64_t months_between(const moment& a, const moment& b) {
  auto end = b.days;
  if (end > a.days && b.nanos < a.nanos) --end;
  if (end < a.days && b.nanos > a.nanos) ++end;
  auto x = civil_from_days(a.days), y = civil_from_days(end);
  auto months = (y.year * 12 + y.month) - (x.year * 12 + x.month);
  if (months > 0 && y.day < x.day) --months;
  if (months < 0 && y.day > x.day) ++months;
  return months;
}

std::int64_t days_between(const moment& a, const moment& b) {
  auto end = b.days;
  if (end > a.days && b.nanos < a.nanos) --end;
  if (end < a.days && b.nanos > a.nanos) ++end;
  return end - a.days;
}

// What `a` to `b` is, in months and days (local, in a's zone) and what is left in nanoseconds
// (between instants when there is a zone). `what` picks months, days, seconds or all three.
query_value between(const query_value& from, const query_value& to, char what) {
  if (from.is_null() || to.is_null()) return nullptr;
  for (const auto* v : {&from, &to}) {
    if (!v->is_temporal() || v->is_duration())
      throw error(fmt::format("duration.between() takes two temporal values, got {} {}",
                              v->type_name(), to_string(*v)));
    // A partial date is a span of days: the duration from it is not one amount.
    if (v->is_date() && v->as<tp::calendar_date>().precision != tp::date_precision::day)
      return nullptr;
  }
  auto a = moment_of(from), b = moment_of(to);
  if (a.has_zone && b.has_zone && !(a.has_date && b.has_date)) {
    // Times of day at two offsets: b's moved to a's offset, without wrapping around the day.
    b.nanos += std::int64_t{a.zone.offset_seconds - b.zone.offset_seconds} * tp::nanos_per_second;
  } else if (a.has_zone && b.has_zone) {
    auto moved = at_instant(instant_of(b.days, b.nanos, b.zone.offset_seconds), a.zone.name,
                            a.zone.offset_seconds);
    b.days = moved.days;
    b.nanos = moved.nanos;
    b.zone = a.zone;
  } else if (a.has_zone) {
    b.zone = a.zone;  // a local value is read in the zone of the other
  } else if (b.has_zone) {
    a.zone = b.zone;
  }
  bool zoned = a.has_zone || b.has_zone;
  std::int64_t months = 0, days = 0;
  if (a.has_date && b.has_date) {
    if (what == 'a' || what == 'm') months = months_between(a, b);
    if (what == 'm') return tp::duration{months, 0, 0, 0};
    moment shifted = a;
    shifted.days = add_months(a.days, months);
    if (what == 'a' || what == 'd') days = days_between(shifted, b);
    if (what == 'd') return tp::duration{0, days, 0, 0};
    shifted.days += days;
    a = shifted;
  } else if (what == 'm' || what == 'd') {
    return tp::duration{};
  }
  if (!(a.has_date && b.has_date)) {
    a.days = b.days = 0;
  }
  instant i{}, j{};
  if (zoned && a.has_date && b.has_date) {
    auto x = in_zone(a.days, a.nanos, a.zone), y = in_zone(b.days, b.nanos, b.zone);
    i = instant_of(x.days, x.nanos, x.offset_seconds);
    j = instant_of(y.days, y.nanos, y.offset_seconds);
  } else {
    i = instant_of(a.days, a.nanos, 0);
    j = instant_of(b.days, b.nanos, 0);
  }
  return normalized(months, days, j.seconds - i.seconds, j.nanos - i.nanos);
}

// ---- construction -------------------------------------------------------------------------------

query_value construct(std::string_view type, const std::vector<query_value>& args) {
  if (args.empty()) return temporal_now(type, std::nullopt);
  const auto& a = args[0];
  if (a.is_null()) return nullptr;
  if (a.is_string()) return parse_temporal(type, a.as_string());
  if (a.is_map()) return temporal_from_map(type, a.as_map());
  if (a.is_temporal()) return temporal_from_temporal(type, a);
  throw error(fmt::format("{}() takes a string, a map or a temporal value, got {} {}", type,
                          a.type_name(), to_string(a)));
}

query_value duration_from_map(const query_value::map& m) {
  static const std::vector<std::string> keys = {
      "years",   "quarters", "months",       "weeks",        "days",       "hours",
      "minutes", "seconds",  "milliseconds", "microseconds", "nanoseconds"};
  // Whole amounts add up exactly; fractions cascade to the smaller units.
  long double months = 0, days = 0, nanos = 0;
  std::int64_t whole_seconds = 0, whole_nanos = 0;
  for (const auto& [key, v] : m) {
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end())
      throw error(fmt::format("duration(): unknown component '{}'{}", key,
                              did_you_mean(schema::closest(key, keys))));
    if (v.is_null()) return nullptr;
    if (!v.is_number())
      throw error(fmt::format("duration(): '{}' must be a number, got {} {}", key, v.type_name(),
                              to_string(v)));
    auto index = it - keys.begin();
    auto x = static_cast<long double>(v.as_number());
    bool exact = v.is_int();
    if (index == 0) months += x * 12;
    if (index == 1) months += x * 3;
    if (index == 2) months += x;
    if (index == 3) days += x * 7;
    if (index == 4) days += x;
    std::int64_t product = 0;
    if (index >= 5 && index <= 7) {
      std::int64_t factor = index == 5 ? 3600 : index == 6 ? 60 : 1;
      if (exact && !__builtin_mul_overflow(v.as_int(), factor, &product) &&
          !__builtin_add_overflow(whole_seconds, product, &whole_seconds))
        continue;
      if (exact) throw error("duration(): the duration is too large");
      nanos += x * static_cast<long double>(factor) * 1e9L;
    }
    if (index >= 8) {
      std::int64_t factor = index == 8 ? 1'000'000 : index == 9 ? 1'000 : 1;
      if (exact && !__builtin_mul_overflow(v.as_int(), factor, &product) &&
          !__builtin_add_overflow(whole_nanos, product, &whole_nanos))
        continue;
      if (exact) throw error("duration(): the duration is too large");
      nanos += x * static_cast<long double>(factor);
    }
  }
  return make_duration(months, days, nanos, whole_seconds, whole_nanos);
}

query_value construct_duration(const query_value& a) {
  if (a.is_null()) return nullptr;
  if (a.is_string()) return parse_temporal("duration", a.as_string());
  if (a.is_map()) return duration_from_map(a.as_map());
  if (a.is_duration()) return a;
  throw error(
      fmt::format("duration() takes a string or a map, got {} {}", a.type_name(), to_string(a)));
}

std::int64_t integer(const query_value& v, std::string_view function) {
  if (v.is_int()) return v.as_int();
  throw error(
      fmt::format("{}() needs an integer, got {} {}", function, v.type_name(), to_string(v)));
}

const std::vector<std::string>& display_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (auto type : instant_types) {
      out.emplace_back(type);
      for (auto suffix : {".truncate", ".realtime", ".statement", ".transaction"})
        out.push_back(std::string(type) + suffix);
    }
    for (auto name :
         {"datetime.fromepoch", "datetime.fromepochMillis", "duration", "duration.between",
          "duration.inMonths", "duration.inDays", "duration.inSeconds"})
      out.emplace_back(name);
    return out;
  }();
  return names;
}

}  // namespace

const std::vector<std::string>& temporal_function_names() { return display_names(); }

bool is_temporal_function(std::string_view name) {
  const auto& names = display_names();
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return lower(n) == name; });
}

std::pair<std::size_t, std::size_t> temporal_arity(std::string_view name) {
  if (name.ends_with(".truncate")) return {2, 3};
  if (name == "datetime.fromepoch" || name.starts_with("duration.")) return {2, 2};
  if (name == "datetime.fromepochmillis" || name == "duration") return {1, 1};
  return {0, 1};
}

query_value temporal_function(const std::string& name, const std::vector<query_value>& args) {
  auto dot = name.find('.');
  auto type = std::string_view(name).substr(0, dot);
  if (dot == std::string::npos) {
    // date(null) is null, as every function of null is; date() alone is now.
    if (!args.empty() && args[0].is_null()) return nullptr;
    if (type == "duration") return construct_duration(args[0]);
    return construct(type, args);
  }
  auto member = std::string_view(name).substr(dot + 1);
  if (member == "truncate") return truncate(type, args);
  if (member == "realtime" || member == "statement" || member == "transaction") {
    bool real_time = member == "realtime";
    if (args.empty()) return temporal_now(type, std::nullopt, real_time);
    if (args[0].is_null()) return nullptr;  // a zone of null, as any null argument
    if (!args[0].is_string())
      throw error(fmt::format("{}() takes a time zone as a string, got {} {}", name,
                              args[0].type_name(), to_string(args[0])));
    if (type != "time" && type != "datetime" && type != "date" && type != "localtime" &&
        type != "localdatetime")
      return nullptr;
    return temporal_now(type, args[0].as_string(), real_time);
  }
  if (member == "fromepoch" || member == "fromepochmillis") {
    for (const auto& a : args)
      if (a.is_null()) return nullptr;
    instant i{};
    if (member == "fromepoch") {
      auto ns = integer(args[1], "datetime.fromepoch");
      auto carry = ns / tp::nanos_per_second - (ns % tp::nanos_per_second < 0 ? 1 : 0);
      if (__builtin_add_overflow(integer(args[0], "datetime.fromepoch"), carry, &i.seconds))
        throw error("the date-time is out of range");
      i.nanos = ns - carry * tp::nanos_per_second;
    } else {
      auto ms = integer(args[0], "datetime.fromepochMillis");
      i.seconds = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
      i.nanos = (ms - i.seconds * 1000) * 1'000'000;
    }
    return at_instant(i, {}, 0);
  }
  char what = member == "between"    ? 'a'
              : member == "inmonths" ? 'm'
              : member == "indays"   ? 'd'
                                     : 's';
  return between(args[0], args[1], what);
}

}  // namespace entente::detail::query

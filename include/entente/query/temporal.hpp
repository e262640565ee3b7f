#pragma once
/// openCypher's temporal values as query values hold them: dates (possibly partial, as the
/// graph's dates are), times with and without an offset, date-times with and without a zone,
/// and durations. Plain aggregates; their text, arithmetic and the Cypher functions over them
/// are compiled in `src/query/temporal*.cpp`.
///
///     auto rows = entente::query(g, "MATCH ()-[r:supplies]->() "
///                                   "WHERE r.since >= date('2023-09-01') RETURN r.since");

#include <entente/model.hpp>

#include <cstdint>
#include <string>

namespace entente::temporal {

inline constexpr std::int64_t nanos_per_second = 1'000'000'000;
inline constexpr std::int64_t nanos_per_day = 86'400 * nanos_per_second;

/// How much of a date is known: a day, or only its month (`2024-06`) or year (`2024`), as the
/// graph's partial dates are. A partial date stands for every day it covers.
enum class date_precision : std::uint8_t { day, month, year };

/// A calendar date, as days since 1970-01-01 (its first day when partial).
struct calendar_date {
  std::int64_t days = 0;
  date_precision precision = date_precision::day;
  friend bool operator==(const calendar_date&, const calendar_date&) = default;
};

/// A time of day without an offset (`localtime`): nanoseconds since midnight.
struct local_time {
  std::int64_t nanos = 0;
  friend bool operator==(const local_time&, const local_time&) = default;
};

/// A time of day at an offset from UTC (`time`).
struct zoned_time {
  std::int64_t nanos = 0;
  std::int32_t offset_seconds = 0;
  friend bool operator==(const zoned_time&, const zoned_time&) = default;
};

/// A date and a time of day without a zone (`localdatetime`).
struct local_datetime {
  std::int64_t days = 0;
  std::int64_t nanos = 0;
  friend bool operator==(const local_datetime&, const local_datetime&) = default;
};

/// A date and a time of day in a zone (`datetime`): the local date and time, their offset from
/// UTC, and the named zone (`Europe/Stockholm`) that gave the offset, or empty for a fixed one.
struct zoned_datetime {
  std::int64_t days = 0;
  std::int64_t nanos = 0;
  std::int32_t offset_seconds = 0;
  std::string zone;
  friend bool operator==(const zoned_datetime&, const zoned_datetime&) = default;
};

/// An amount of time (`duration`) in Neo4j's four parts, none converted into another since a
/// month has no fixed number of days nor a day a fixed number of seconds (daylight saving):
/// months, days, seconds and nanoseconds (0..999999999, added to the seconds).
struct duration {
  std::int64_t months = 0;
  std::int64_t days = 0;
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;
  friend bool operator==(const duration&, const duration&) = default;
};

/// A model date (`2024`, `2024-06`, `2024-06-19`) as a date of its precision.
[[nodiscard]] calendar_date from_model(const date& d);
/// The model date a date stands for, of the same precision; throws `error` for a year outside
/// 1..9999, which the model cannot hold.
[[nodiscard]] date to_model(const calendar_date& d);

/// ISO 8601 text as Neo4j writes it: `2015-07-21` (a partial date as written: `2024-06`),
/// `21:40:32.142`, `21:40:32+01:00`, `2015-07-21T21:40`,
/// `2015-07-21T21:40:32.142+02:00[Europe/Stockholm]`, `P1Y2M10DT12H45M30.25S`.
[[nodiscard]] std::string to_string(const calendar_date& d);
[[nodiscard]] std::string to_string(const local_time& t);
[[nodiscard]] std::string to_string(const zoned_time& t);
[[nodiscard]] std::string to_string(const local_datetime& t);
[[nodiscard]] std::string to_string(const zoned_datetime& t);
[[nodiscard]] std::string to_string(const duration& d);

}  // namespace entente::temporal

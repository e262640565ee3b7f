#pragma once
// Temporal values inside the engine: the calendar (temporal.cpp), reading text and maps and
// named time zones (temporal_parse.cpp), comparison, arithmetic and accessors (temporal.cpp),
// and the Cypher functions over them (temporal_functions.cpp). Internal, not installed.

#include <entente/query.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace entente::detail::query {

namespace tp = entente::temporal;

// ---- the proleptic Gregorian calendar, days counted from 1970-01-01 --------------------------

struct civil_date {
  std::int64_t year = 1970;
  int month = 1;
  int day = 1;
};

/// Years a temporal value may have (Neo4j's range).
inline constexpr std::int64_t min_year = -999'999'999;
inline constexpr std::int64_t max_year = 999'999'999;

bool leap_year(std::int64_t year);
int days_in_month(std::int64_t year, int month);
std::int64_t days_from_civil(std::int64_t year, int month, int day);
civil_date civil_from_days(std::int64_t days);
/// 1 (Monday) to 7 (Sunday), as ISO 8601 numbers them.
int day_of_week(std::int64_t days);
/// The ISO week-numbering year and week of a day.
std::pair<std::int64_t, int> iso_week(std::int64_t days);
/// The Monday of week 1 of an ISO week-numbering year.
std::int64_t first_monday(std::int64_t week_year);
int weeks_in_year(std::int64_t week_year);
/// The day `months` months after `days`, clamped to the end of a shorter month.
std::int64_t add_months(std::int64_t days, std::int64_t months);

/// Nanoseconds since the epoch split as whole seconds and 0..999999999 nanoseconds, so that
/// instants compare without overflow.
struct instant {
  std::int64_t seconds = 0;
  std::int64_t nanos = 0;
  friend auto operator<=>(const instant&, const instant&) = default;
};
instant instant_of(std::int64_t days, std::int64_t nanos_of_day, std::int32_t offset_seconds);

// ---- named time zones (ICU) ------------------------------------------------------------------

/// Whether ICU knows the zone; its canonical spelling in `canonical`.
bool known_zone(std::string_view zone, std::string* canonical = nullptr);
/// The zone's offset at an instant, in seconds.
std::int32_t zone_offset_at(const std::string& zone, std::int64_t epoch_seconds);
/// The zone's offset for a local date and time: in a gap the offset before it (so the time
/// moves on by the gap), in an overlap the earlier offset, as java.time resolves them.
std::int32_t zone_offset_for_local(const std::string& zone, std::int64_t days,
                                   std::int64_t nanos_of_day);
/// A date-time at an instant, in `zone` (named) or at a fixed offset.
tp::zoned_datetime at_instant(const instant& i, const std::string& zone, std::int32_t fixed_offset);
/// `+01:00`, `Z`, `-04:30`, `+00:53:28`; throws `error` for anything else.
std::int32_t parse_offset(std::string_view text);
/// A zone given as text, an offset or a name: the offset it fixes, or the zone's name.
struct zone_spec {
  std::string name;  // empty for a fixed offset
  std::int32_t offset_seconds = 0;
};
zone_spec parse_zone(std::string_view text);
/// The date-time of a local date and time in a zone.
tp::zoned_datetime in_zone(std::int64_t days, std::int64_t nanos, const zone_spec& zone);

// ---- values: text, maps, comparison, arithmetic, accessors ------------------------------------

/// An offset from UTC as ISO 8601 writes it: `Z`, `+01:00`, `-05:30:15`.
std::string offset_text(std::int32_t offset);

/// openCypher's ORDER BY rank of the temporal types among themselves (0 datetime ... 5 duration).
int temporal_rank(const query_value& v);
/// The total order of two values of one temporal type.
int temporal_order(const query_value& a, const query_value& b);
/// Cypher's `=` when either side is temporal: null for a partial date that overlaps the other.
std::optional<bool> temporal_equals(const query_value& a, const query_value& b);
/// Cypher's `<` (`less`), `<=`, `>`, `>=` when either side is temporal: null across types, for
/// durations, and for partial dates whose days overlap so that the answer is unknown.
std::optional<bool> temporal_compare(int op_less_le_gt_ge, const query_value& a,
                                     const query_value& b);
/// `a + b`, `a - b`, `a * b`, `a / b` when either side is temporal; nothing when the binder's
/// own arithmetic applies. Throws `error` for a combination that has no meaning.
std::optional<query_value> temporal_arithmetic(char op, const query_value& a, const query_value& b);
tp::duration negate(const tp::duration& d);
/// `v.key` of a temporal value; nothing when the type has no such component.
std::optional<query_value> temporal_property(const query_value& v, std::string_view key);
/// The components a temporal value has, for "did you mean".
std::vector<std::string> temporal_property_names(const query_value& v);

/// A duration from (possibly fractional) counts of months, days and nanoseconds, with the
/// fractions cascading down as Neo4j's do (a month is 30.436875 days, a day 86400 seconds),
/// plus whole seconds and nanoseconds counted exactly.
tp::duration make_duration(long double months, long double days, long double nanos,
                           std::int64_t whole_seconds = 0, std::int64_t extra_nanos = 0);
tp::duration normalized(std::int64_t months, std::int64_t days, std::int64_t seconds,
                        std::int64_t nanos);

/// Parses a value of `type` ("date", "localtime", "time", "localdatetime", "datetime",
/// "duration") from its text; throws `error` naming the text when it is not one.
query_value parse_temporal(std::string_view type, std::string_view text);
/// Builds a value of `type` from a map of components (`{year: 1984, month: 10}`), which may
/// select from other temporal values (`{date: d, time: t}`); throws `error` for a bad map.
query_value temporal_from_map(std::string_view type, const query_value::map& m);
/// The current date, time or date-time, in `zone` (`+01:00`, `Europe/Stockholm`) or UTC: at the
/// statement's instant while a `statement_clock` lives on this thread, else (and for
/// `real_time`) at the system clock's.
query_value temporal_now(std::string_view type, const std::optional<std::string>& zone,
                         bool real_time = false);

/// While it lives, `date()`, `datetime()`... on this thread read one instant, as Neo4j's
/// statement clock: `nanos_since_epoch`, read from the system clock first when it is `unset`.
class statement_clock {
 public:
  static constexpr std::int64_t unset = std::numeric_limits<std::int64_t>::min();
  explicit statement_clock(std::int64_t& nanos_since_epoch);
  ~statement_clock();
  statement_clock(const statement_clock&) = delete;
  statement_clock& operator=(const statement_clock&) = delete;

 private:
  const std::int64_t* previous_;
};
/// A value of `type` from another temporal value (`date(datetime(...))`).
query_value temporal_from_temporal(std::string_view type, const query_value& v);

/// The Cypher functions: `date`, `datetime.fromepoch`, `date.truncate`, `duration.between`...
/// (names in lower case). Whether a name is one, how many arguments it takes, and its value.
bool is_temporal_function(std::string_view name);
const std::vector<std::string>& temporal_function_names();
std::pair<std::size_t, std::size_t> temporal_arity(std::string_view name);
query_value temporal_function(const std::string& name, const std::vector<query_value>& args);

}  // namespace entente::detail::query

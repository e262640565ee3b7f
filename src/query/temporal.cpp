// Temporal values: the calendar, their ISO 8601 text, openCypher's comparison of them (with
// the graph's partial dates compared as the days they stand for) and duration arithmetic.

#include "query/temporal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace entente::detail::query {

// ---- calendar ---------------------------------------------------------------------------------

bool leap_year(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(std::int64_t year, int month) {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap_year(year) ? 29 : days[month - 1];
}

// Howard Hinnant's days_from_civil, over 400-year eras so that negative years work too.
std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

civil_date civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {year_of_era + era * 400 + (month <= 2), month, day};
}

int day_of_week(std::int64_t days) {
  // 1970-01-01 was a Thursday (4).
  std::int64_t k = (days + 3) % 7;
  if (k < 0) k += 7;
  return static_cast<int>(k) + 1;
}

std::int64_t first_monday(std::int64_t week_year) {
  // Week 1 is the week with the year's first Thursday, so the one holding 4 January.
  auto jan4 = days_from_civil(week_year, 1, 4);
  return jan4 - (day_of_week(jan4) - 1);
}

std::pair<std::int64_t, int> iso_week(std::int64_t days) {
  auto thursday = days - (day_of_week(days) - 1) + 3;
  auto week_year = civil_from_days(thursday).year;
  return {week_year, static_cast<int>((days - first_monday(week_year)) / 7 + 1)};
}

int weeks_in_year(std::int64_t week_year) {
  return static_cast<int>((first_monday(week_year + 1) - first_monday(week_year)) / 7);
}

std::int64_t add_months(std::int64_t days, std::int64_t months) {
  auto c = civil_from_days(days);
  std::int64_t total = 0;
  if (__builtin_add_overflow(c.year * 12 + (c.month - 1), months, &total))
    throw error("the date is out of range");
  std::int64_t year = total >= 0 ? total / 12 : (total - 11) / 12;
  int month = static_cast<int>(total - year * 12) + 1;
  if (year < min_year || year > max_year)
    throw error(fmt::format("the year {} is out of range ({}..{})", year, min_year, max_year));
  return days_from_civil(year, month, std::min(c.day, days_in_month(year, month)));
}

instant instant_of(std::int64_t days, std::int64_t nanos_of_day, std::int32_t offset_seconds) {
  std::int64_t seconds = days * 86'400 + nanos_of_day / tp::nanos_per_second - offset_seconds;
  return {seconds, nanos_of_day % tp::nanos_per_second};
}

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

// The last day a (possibly partial) date covers.
std::int64_t last_day(const tp::calendar_date& d) {
  if (d.precision == tp::date_precision::day) return d.days;
  auto c = civil_from_days(d.days);
  if (d.precision == tp::date_precision::month) return d.days + days_in_month(c.year, c.month) - 1;
  return d.days + (leap_year(c.year) ? 365 : 364);
}

std::string year_text(std::int64_t year) {
  if (year > 9999) return fmt::format("+{}", year);
  if (year < 0) return fmt::format("-{:04}", -year);
  return fmt::format("{:04}", year);
}

std::string date_text(std::int64_t days) {
  auto c = civil_from_days(days);
  return fmt::format("{}-{:02}-{:02}", year_text(c.year), c.month, c.day);
}

// As java.time writes a time: seconds only when set, a fraction in groups of three digits.
std::string time_text(std::int64_t nanos) {
  auto seconds = nanos / tp::nanos_per_second;
  auto fraction = nanos % tp::nanos_per_second;
  std::string out = fmt::format("{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
  if (seconds % 60 == 0 && fraction == 0) return out;
  out += fmt::format(":{:02}", seconds % 60);
  if (fraction == 0) return out;
  if (fraction % 1'000'000 == 0) return out + fmt::format(".{:03}", fraction / 1'000'000);
  if (fraction % 1'000 == 0) return out + fmt::format(".{:06}", fraction / 1'000);
  return out + fmt::format(".{:09}", fraction);
}

}  // namespace

std::string offset_text(std::int32_t offset) {
  if (offset == 0) return "Z";
  auto magnitude = std::abs(offset);
  auto out =
      fmt::format("{}{:02}:{:02}", offset < 0 ? '-' : '+', magnitude / 3600, magnitude / 60 % 60);
  if (magnitude % 60) out += fmt::format(":{:02}", magnitude % 60);
  return out;
}

}  // namespace entente::detail::query

// ---- the public text and model conversions -----------------------------------------------------

namespace entente::temporal {

using namespace entente::detail::query;

calendar_date from_model(const date& d) {
  auto precision = d.day()     ? date_precision::day
                   : d.month() ? date_precision::month
                               : date_precision::year;
  return {days_from_civil(d.year(), d.month() ? d.month() : 1, d.day() ? d.day() : 1), precision};
}

date to_model(const calendar_date& d) {
  auto c = civil_from_days(d.days);
  if (c.year < 1 || c.year > 9999)
    throw error(fmt::format("the graph holds dates of the years 1 to 9999, not {}", to_string(d)));
  if (d.precision == date_precision::year) return date(static_cast<int>(c.year));
  if (d.precision == date_precision::month) return date(static_cast<int>(c.year), c.month);
  return date(static_cast<int>(c.year), c.month, c.day);
}

std::string to_string(const calendar_date& d) {
  auto c = civil_from_days(d.days);
  if (d.precision == date_precision::year) return year_text(c.year);
  if (d.precision == date_precision::month)
    return fmt::format("{}-{:02}", year_text(c.year), c.month);
  return date_text(d.days);
}

std::string to_string(const local_time& t) { return time_text(t.nanos); }

std::string to_string(const zoned_time& t) {
  return time_text(t.nanos) + offset_text(t.offset_seconds);
}

std::string to_string(const local_datetime& t) {
  return date_text(t.days) + 'T' + time_text(t.nanos);
}

std::string to_string(const zoned_datetime& t) {
  auto out = date_text(t.days) + 'T' + time_text(t.nanos) + offset_text(t.offset_seconds);
  if (!t.zone.empty()) out += '[' + t.zone + ']';
  return out;
}

// Each part with its own sign, as Neo4j writes them: `P-1Y-2MT-3H-0.5S`.
std::string to_string(const duration& d) {
  if (d == duration{}) return "PT0S";
  std::string out = "P";
  if (auto years = d.months / 12) out += fmt::format("{}Y", years);
  if (auto months = d.months % 12) out += fmt::format("{}M", months);
  if (d.days) out += fmt::format("{}D", d.days);
  if (d.seconds == 0 && d.nanos == 0) return out;
  out += 'T';
  bool negative = d.seconds < 0;
  std::int64_t seconds = d.seconds, nanos = d.nanos;
  if (negative && nanos > 0) {
    seconds += 1;
    nanos = nanos_per_second - nanos;
  }
  std::uint64_t magnitude = negative ? static_cast<std::uint64_t>(-(seconds + 1)) + 1
                                     : static_cast<std::uint64_t>(seconds);
  const char* sign = negative ? "-" : "";
  if (auto hours = magnitude / 3600) out += fmt::format("{}{}H", sign, hours);
  if (auto minutes = magnitude / 60 % 60) out += fmt::format("{}{}M", sign, minutes);
  auto secs = magnitude % 60;
  if (secs == 0 && nanos == 0) return out;
  out += fmt::format("{}{}", sign, secs);
  if (nanos) {
    auto fraction = fmt::format("{:09}", nanos);
    while (fraction.back() == '0') fraction.pop_back();
    out += '.' + fraction;
  }
  return out + 'S';
}

}  // namespace entente::temporal

namespace entente::detail::query {

// ---- durations --------------------------------------------------------------------------------

tp::duration normalized(std::int64_t months, std::int64_t days, std::int64_t seconds,
                        std::int64_t nanos) {
  if (__builtin_add_overflow(seconds, floor_div(nanos, tp::nanos_per_second), &seconds))
    throw error("the duration is too large");
  return {months, days, seconds, static_cast<std::int32_t>(floor_mod(nanos, tp::nanos_per_second))};
}

tp::duration make_duration(long double months, long double days, long double nanos,
                           std::int64_t whole_seconds, std::int64_t extra_nanos) {
  // A month is 2629746 seconds on average (30.436875 days), whole in seconds so that a
  // fraction of a month counts exactly.
  constexpr long double month_nanos = 2'629'746e9L, day_nanos = 86'400e9L;
  constexpr long double limit = 9.2e18L;
  auto whole = [&](long double x) {
    if (!std::isfinite(x) || std::fabs(x) > limit) throw error("the duration is too large");
    return static_cast<std::int64_t>(std::trunc(x));
  };
  auto m = whole(months);
  auto d = whole(days);
  nanos += (days - static_cast<long double>(d)) * day_nanos;
  // What a fraction of a month holds in whole days goes to the days, the rest to the time.
  auto month_part = (months - static_cast<long double>(m)) * month_nanos;
  auto month_days = whole(month_part / day_nanos);
  nanos += month_part - static_cast<long double>(month_days) * day_nanos;
  if (__builtin_add_overflow(d, month_days, &d)) throw error("the duration is too large");
  // To the nearest nanosecond (half to even), so that a third of a day is 8 hours and not a
  // nanosecond less, and half a nanosecond is none.
  nanos = std::nearbyint(nanos);
  auto s = whole(nanos / 1e9L);
  auto n = whole(nanos - static_cast<long double>(s) * 1e9L);
  std::int64_t total_seconds = 0;
  if (__builtin_add_overflow(s, whole_seconds, &total_seconds))
    throw error("the duration is too large");
  std::int64_t total_nanos = 0;
  if (__builtin_add_overflow(n, extra_nanos, &total_nanos))
    throw error("the duration is too large");
  return normalized(m, d, total_seconds, total_nanos);
}

tp::duration negate(const tp::duration& d) {
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  if (d.months == lowest || d.days == lowest || d.seconds == lowest)
    throw error("the duration is too large");
  return normalized(-d.months, -d.days, -d.seconds, -static_cast<std::int64_t>(d.nanos));
}

namespace {

tp::duration add(const tp::duration& a, const tp::duration& b, int sign) {
  std::int64_t months = 0, days = 0, seconds = 0;
  auto combine = [sign](std::int64_t x, std::int64_t y, std::int64_t* out) {
    return sign > 0 ? __builtin_add_overflow(x, y, out) : __builtin_sub_overflow(x, y, out);
  };
  if (combine(a.months, b.months, &months) || combine(a.days, b.days, &days) ||
      combine(a.seconds, b.seconds, &seconds))
    throw error("the duration is too large");
  return normalized(months, days, seconds,
                    static_cast<std::int64_t>(a.nanos) + sign * static_cast<std::int64_t>(b.nanos));
}

tp::duration scale(const tp::duration& d, long double factor) {
  long double nanos =
      (static_cast<long double>(d.seconds) * 1e9L + static_cast<long double>(d.nanos)) * factor;
  return make_duration(static_cast<long double>(d.months) * factor,
                       static_cast<long double>(d.days) * factor, nanos);
}

// The time part of a duration as whole days (cut toward zero) and what is left, in nanoseconds.
std::pair<std::int64_t, std::int64_t> days_and_nanos(const tp::duration& d) {
  std::int64_t days = d.seconds / 86'400;
  std::int64_t rest = (d.seconds % 86'400) * tp::nanos_per_second + d.nanos;
  // The nanoseconds are never negative: -86399.5 seconds is -86400 and 500000000 of them, not
  // a whole day back.
  if (rest > 0 && days < 0) {
    ++days;
    rest -= tp::nanos_per_day;
  }
  return {days, rest};
}

std::int64_t add_days(std::int64_t days, std::int64_t more) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(days, more, &out) || out < days_from_civil(min_year, 1, 1) ||
      out > days_from_civil(max_year, 12, 31))
    throw error("the date is out of range");
  return out;
}

// A date plus a duration, as Neo4j adds one: months, then days, then the time part as whole
// days (a date has no time of day to carry the rest).
tp::calendar_date plus(const tp::calendar_date& date, const tp::duration& d) {
  auto days = add_days(add_months(date.days, d.months), d.days);
  return {add_days(days, days_and_nanos(d).first), tp::date_precision::day};
}

std::pair<std::int64_t, std::int64_t> plus_time(std::int64_t days, std::int64_t nanos,
                                                const tp::duration& d) {
  days = add_days(add_months(days, d.months), d.days);
  auto [more_days, more_nanos] = days_and_nanos(d);
  nanos += more_nanos;
  more_days += floor_div(nanos, tp::nanos_per_day);
  return {add_days(days, more_days), floor_mod(nanos, tp::nanos_per_day)};
}

// A time of day has no date: the duration's months and days leave it as it is.
std::int64_t plus_clock(std::int64_t nanos, const tp::duration& d) {
  return floor_mod(nanos + days_and_nanos(d).second, tp::nanos_per_day);
}

tp::zoned_datetime plus(const tp::zoned_datetime& t, const tp::duration& d) {
  if (t.zone.empty()) {
    auto [days, nanos] = plus_time(t.days, t.nanos, d);
    return {days, nanos, t.offset_seconds, {}};
  }
  // Months and days move the wall clock, seconds the instant (java.time's ZonedDateTime).
  auto days = add_days(add_months(t.days, d.months), d.days);
  auto local = in_zone(days, t.nanos, {t.zone, 0});
  auto i = instant_of(local.days, local.nanos, local.offset_seconds);
  if (__builtin_add_overflow(i.seconds, d.seconds, &i.seconds))
    throw error("the date-time is out of range");
  i.nanos += d.nanos;
  i.seconds += i.nanos / tp::nanos_per_second;
  i.nanos %= tp::nanos_per_second;
  return at_instant(i, t.zone, 0);
}

// A partial date moves by whole units of its precision only; anything finer is unknown.
query_value plus_partial(const tp::calendar_date& date, const tp::duration& d) {
  bool whole_months = d.days == 0 && d.seconds == 0 && d.nanos == 0;
  if (!whole_months || (date.precision == tp::date_precision::year && d.months % 12 != 0))
    return query_value();
  return tp::calendar_date{add_months(date.days, d.months), date.precision};
}

query_value plus(const query_value& v, const tp::duration& d) {
  return std::visit(
      [&](const auto& x) -> query_value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, tp::calendar_date>) {
          if (x.precision != tp::date_precision::day) return plus_partial(x, d);
          return plus(x, d);
        } else if constexpr (std::is_same_v<T, tp::local_time>) {
          return tp::local_time{plus_clock(x.nanos, d)};
        } else if constexpr (std::is_same_v<T, tp::zoned_time>) {
          return tp::zoned_time{plus_clock(x.nanos, d), x.offset_seconds};
        } else if constexpr (std::is_same_v<T, tp::local_datetime>) {
          auto [days, nanos] = plus_time(x.days, x.nanos, d);
          return tp::local_datetime{days, nanos};
        } else if constexpr (std::is_same_v<T, tp::zoned_datetime>) {
          return plus(x, d);
        } else if constexpr (std::is_same_v<T, tp::duration>) {
          return add(x, d, 1);
        } else {
          return nullptr;
        }
      },
      v.get());
}

int three_way(std::int64_t a, std::int64_t b) { return a < b ? -1 : a > b ? 1 : 0; }

// A duration's length, about: months of 30.436875 days, days of 86400 seconds.
long double approximate_seconds(const tp::duration& d) {
  return static_cast<long double>(d.months) * 2'629'746.0L +
         static_cast<long double>(d.days) * 86'400.0L + static_cast<long double>(d.seconds) +
         static_cast<long double>(d.nanos) / 1e9L;
}

}  // namespace

// ---- comparison ---------------------------------------------------------------------------------

int temporal_rank(const query_value& v) {
  // openCypher: datetime < localdatetime < date < time < localtime < duration.
  const auto& x = v.get();
  if (std::holds_alternative<tp::zoned_datetime>(x)) return 0;
  if (std::holds_alternative<tp::local_datetime>(x)) return 1;
  if (std::holds_alternative<tp::calendar_date>(x)) return 2;
  if (std::holds_alternative<tp::zoned_time>(x)) return 3;
  if (std::holds_alternative<tp::local_time>(x)) return 4;
  return 5;
}

int temporal_order(const query_value& a, const query_value& b) {
  return std::visit(
      [&](const auto& x) -> int {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, tp::calendar_date>) {
          const auto& y = b.as<tp::calendar_date>();
          if (int c = three_way(x.days, y.days)) return c;
          // Of two dates that start on one day, the coarser (the longer) comes first.
          return three_way(-static_cast<int>(x.precision), -static_cast<int>(y.precision));
        } else if constexpr (std::is_same_v<T, tp::local_time>) {
          return three_way(x.nanos, b.as<tp::local_time>().nanos);
        } else if constexpr (std::is_same_v<T, tp::zoned_time>) {
          const auto& y = b.as<tp::zoned_time>();
          auto utc = [](const tp::zoned_time& t) {
            return t.nanos - std::int64_t{t.offset_seconds} * tp::nanos_per_second;
          };
          if (int c = three_way(utc(x), utc(y))) return c;
          return three_way(x.offset_seconds, y.offset_seconds);
        } else if constexpr (std::is_same_v<T, tp::local_datetime>) {
          const auto& y = b.as<tp::local_datetime>();
          if (int c = three_way(x.days, y.days)) return c;
          return three_way(x.nanos, y.nanos);
        } else if constexpr (std::is_same_v<T, tp::zoned_datetime>) {
          const auto& y = b.as<tp::zoned_datetime>();
          auto i = instant_of(x.days, x.nanos, x.offset_seconds);
          auto j = instant_of(y.days, y.nanos, y.offset_seconds);
          if (i != j) return i < j ? -1 : 1;
          if (int c = three_way(x.offset_seconds, y.offset_seconds)) return c;
          return x.zone < y.zone ? -1 : x.zone == y.zone ? 0 : 1;
        } else if constexpr (std::is_same_v<T, tp::duration>) {
          const auto& y = b.as<tp::duration>();
          auto p = approximate_seconds(x), q = approximate_seconds(y);
          if (p != q) return p < q ? -1 : 1;
          if (int c = three_way(x.months, y.months)) return c;
          if (int c = three_way(x.days, y.days)) return c;
          if (int c = three_way(x.seconds, y.seconds)) return c;
          return three_way(x.nanos, y.nanos);
        } else {
          return 0;
        }
      },
      a.get());
}

namespace {

// A string written as the graph writes dates (`2019`, `2019-05`, `2019-05-01`), compared with a
// date, compares with the date's text, as it did when the graph's dates were strings: queries
// written then keep their answers (and agree with peers that hold dates as text). The date as
// text when the pair is one such, else null.
query_value date_text_against(const query_value& v, const query_value& other) {
  if (!v.is_date() || !other.is_string() || !date::parse(other.as_string())) return nullptr;
  return tp::to_string(v.as<tp::calendar_date>());
}

}  // namespace

std::optional<bool> temporal_equals(const query_value& a, const query_value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (auto text = date_text_against(a, b); !text.is_null()) return text == b;
  if (auto text = date_text_against(b, a); !text.is_null()) return a == text;
  if (a.get().index() != b.get().index()) return false;
  if (a.is_date()) {
    const auto& x = a.as<tp::calendar_date>();
    const auto& y = b.as<tp::calendar_date>();
    if (x == y) return true;
    if (last_day(x) < y.days || last_day(y) < x.days) return false;
    return std::nullopt;  // partial dates whose days overlap: the same day, or not
  }
  if (a.is_duration()) return a.as<tp::duration>() == b.as<tp::duration>();
  // Zoned values are equal when written alike, the same instant at the same offset (and zone),
  // as in Neo4j; `<` and the others order them by instant first.
  return temporal_order(a, b) == 0;
}

std::optional<bool> temporal_compare(int op, const query_value& a, const query_value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  auto holds = [op](int c) {
    switch (op) {
      case 0: return c < 0;
      case 1: return c <= 0;
      case 2: return c > 0;
      default: return c >= 0;
    }
  };
  if (auto text = date_text_against(a, b); !text.is_null())
    return holds(compare_for_order(text, b));
  if (auto text = date_text_against(b, a); !text.is_null())
    return holds(compare_for_order(a, text));
  if (a.get().index() != b.get().index() || a.is_duration()) return std::nullopt;
  if (a.is_date()) {
    const auto& x = a.as<tp::calendar_date>();
    const auto& y = b.as<tp::calendar_date>();
    if (x.precision != tp::date_precision::day || y.precision != tp::date_precision::day) {
      // Every day of x against every day of y: true when the answer is the same for all,
      // false when it is false for all, else unknown.
      auto x_first = x.days, x_last = last_day(x), y_first = y.days, y_last = last_day(y);
      bool always = false, never = false;
      switch (op) {
        case 0: always = x_last < y_first, never = x_first >= y_last; break;
        case 1: always = x_last <= y_first, never = x_first > y_last; break;
        case 2: always = x_first > y_last, never = x_last <= y_first; break;
        default: always = x_first >= y_last, never = x_last < y_first; break;
      }
      // Identical dates are equal (see temporal_equals), so neither is before the other.
      if (x == y && (op == 1 || op == 3)) return true;
      if (always) return true;
      if (never) return false;
      return std::nullopt;
    }
  }
  return holds(temporal_order(a, b));
}

// ---- arithmetic ---------------------------------------------------------------------------------

std::optional<query_value> temporal_arithmetic(char op, const query_value& a,
                                               const query_value& b) {
  // Lists take temporal values as any other item: the binder's own arithmetic.
  if ((!a.is_temporal() && !b.is_temporal()) || a.is_list() || b.is_list()) return std::nullopt;
  if (a.is_null() || b.is_null()) return query_value();
  // Text and a temporal value join as text, as text and a number do (and as the graph's dates
  // did when they were strings).
  if (op == '+' && (a.is_string() || b.is_string()))
    return (a.is_string() ? a.as_string() : to_string(a)) +
           (b.is_string() ? b.as_string() : to_string(b));
  auto refuse = [&]() -> query_value {
    throw error(fmt::format("cannot apply {} to {} {} and {} {}", op, a.type_name(), to_string(a),
                            b.type_name(), to_string(b)));
  };
  if (op == '+' || op == '-') {
    if (b.is_duration()) {
      const auto& d = b.as<tp::duration>();
      return plus(a, op == '+' ? d : negate(d));
    }
    if (op == '+' && a.is_duration() && b.is_temporal()) return plus(b, a.as<tp::duration>());
    return refuse();
  }
  if (op == '*') {
    if (a.is_duration() && b.is_number()) return scale(a.as<tp::duration>(), b.as_number());
    if (b.is_duration() && a.is_number()) return scale(b.as<tp::duration>(), a.as_number());
    return refuse();
  }
  if (op == '/' && a.is_duration() && b.is_number()) {
    if (b.as_number() == 0) throw error("division by zero");
    return scale(a.as<tp::duration>(), 1.0L / static_cast<long double>(b.as_number()));
  }
  return refuse();
}

}  // namespace entente::detail::query

// Temporal values read from ISO 8601 text (`2015-07-21`, `2015-W30-2`, `2015202`, `21:40:32.142`,
// `+01:00`, `[Europe/Stockholm]`, `P1Y2M10DT12H45M30.25S`), and named time zones through ICU.

#include "query/temporal.hpp"

#include <entente/schema.hpp>

#include <fmt/format.h>
#include <unicode/basictz.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <string>

namespace entente::detail::query {

// ---- named time zones ---------------------------------------------------------------------------

namespace {

// ICU's zones, made once per thread and name: a query asks the same zone for every row.
const icu::TimeZone* find_zone(std::string_view name) {
  thread_local std::map<std::string, std::unique_ptr<icu::TimeZone>, std::less<>> zones;
  auto it = zones.find(name);
  if (it == zones.end()) {
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
        icu::StringPiece(name.data(), static_cast<int32_t>(name.size())))));
    if (!zone || *zone == icu::TimeZone::getUnknown()) zone.reset();
    it = zones.emplace(std::string(name), std::move(zone)).first;
  }
  return it->second.get();
}

const std::vector<std::string>& zone_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> ids(icu::TimeZone::createEnumeration(status));
    if (U_FAILURE(status) || !ids) return out;
    while (const icu::UnicodeString* id = ids->snext(status)) {
      if (U_FAILURE(status)) break;
      std::string utf8;
      out.push_back(id->toUTF8String(utf8));
    }
    return out;
  }();
  return names;
}

const icu::TimeZone& zone_or_throw(const std::string& name) {
  if (const auto* zone = find_zone(name)) return *zone;
  throw error(fmt::format("unknown time zone '{}'{}", name,
                          did_you_mean(schema::closest(name, zone_names()))));
}

}  // namespace

bool known_zone(std::string_view zone, std::string* canonical) {
  const auto* z = find_zone(zone);
  if (!z) return false;
  if (canonical) {
    icu::UnicodeString id;
    z->getID(id);
    canonical->clear();
    id.toUTF8String(*canonical);
  }
  return true;
}

std::int32_t zone_offset_at(const std::string& zone, std::int64_t epoch_seconds) {
  std::int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone_or_throw(zone).getOffset(static_cast<UDate>(epoch_seconds) * 1000.0, false, raw, dst,
                                status);
  if (U_FAILURE(status)) throw error(fmt::format("time zone '{}' has no offset then", zone));
  return (raw + dst) / 1000;
}

std::int32_t zone_offset_for_local(const std::string& zone, std::int64_t days,
                                   std::int64_t nanos_of_day) {
  const auto& z = zone_or_throw(zone);
  auto local_ms =
      static_cast<UDate>(days) * 86'400'000.0 + static_cast<UDate>(nanos_of_day / 1'000'000);
  std::int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  if (const auto* basic = dynamic_cast<const icu::BasicTimeZone*>(&z))
    basic->getOffsetFromLocal(local_ms, UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER, raw, dst,
                              status);
  else
    z.getOffset(local_ms, true, raw, dst, status);
  if (U_FAILURE(status)) throw error(fmt::format("time zone '{}' has no offset then", zone));
  return (raw + dst) / 1000;
}

tp::zoned_datetime at_instant(const instant& i, const std::string& zone,
                              std::int32_t fixed_offset) {
  // Years past Neo4j's range (about ±3.2e16 seconds) are refused before they overflow.
  constexpr std::int64_t limit = 1'000'000'000LL * 366 * 86'400;
  if (i.seconds > limit || i.seconds < -limit) throw error("the date-time is out of range");
  auto offset = zone.empty() ? fixed_offset : zone_offset_at(zone, i.seconds);
  auto local = i.seconds + offset;
  auto days = local / 86'400 - (local % 86'400 < 0 ? 1 : 0);
  auto seconds_of_day = local - days * 86'400;
  return {days, seconds_of_day * tp::nanos_per_second + i.nanos, offset, zone};
}

tp::zoned_datetime in_zone(std::int64_t days, std::int64_t nanos, const zone_spec& zone) {
  if (zone.name.empty()) return {days, nanos, zone.offset_seconds, {}};
  // Resolve the wall clock, then read it back from the instant: a time in a gap moves on.
  auto offset = zone_offset_for_local(zone.name, days, nanos);
  return at_instant(instant_of(days, nanos, offset), zone.name, 0);
}

// ---- text ---------------------------------------------------------------------------------------

namespace {

// A cursor over text, reading fixed runs of digits.
struct reader {
  std::string_view text;
  std::size_t at = 0;

  [[nodiscard]] bool done() const { return at >= text.size(); }
  [[nodiscard]] char peek(std::size_t ahead = 0) const {
    return at + ahead < text.size() ? text[at + ahead] : '\0';
  }
  bool accept(char c) {
    if (peek() != c) return false;
    ++at;
    return true;
  }
  [[nodiscard]] std::size_t digits_ahead() const {
    std::size_t n = 0;
    while (std::isdigit(static_cast<unsigned char>(peek(n)))) ++n;
    return n;
  }
  std::int64_t number(std::size_t length) {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < length; ++i) n = n * 10 + (text[at++] - '0');
    return n;
  }
};

[[noreturn]] void not_a(std::string_view type, std::string_view text, std::string_view why = {}) {
  throw error(fmt::format("\"{}\" is not a {}{}{}", text, type, why.empty() ? "" : ": ", why));
}

std::int64_t checked_date(std::string_view type, std::string_view text, std::int64_t year,
                          int month, int day) {
  if (month < 1 || month > 12) not_a(type, text, fmt::format("there is no month {}", month));
  if (day < 1 || day > days_in_month(year, month))
    not_a(type, text, fmt::format("month {} of {} has no day {}", month, year, day));
  return days_from_civil(year, month, day);
}

// `YYYY[-MM[-DD]]`, `YYYY[MM[DD]]`, `YYYY-Www[-D]`, `YYYYWww[D]`, `YYYY-DDD`, `YYYYDDD`.
std::int64_t read_date(reader& r, std::string_view type) {
  auto text = r.text;
  if (r.digits_ahead() < 4) not_a(type, text, "a date starts with a four-digit year");
  auto year = r.number(4);
  bool extended = r.accept('-');
  if (r.accept('W')) {
    if (r.digits_ahead() < 2) not_a(type, text, "a week is two digits (W01 to W53)");
    int week = static_cast<int>(r.number(2));
    int dow = 1;
    if ((extended && r.accept('-')) || (!extended && r.digits_ahead() > 0)) {
      if (r.digits_ahead() < 1) not_a(type, text, "a day of the week is a digit (1 to 7)");
      dow = static_cast<int>(r.number(1));
    }
    if (week < 1 || week > weeks_in_year(year))
      not_a(type, text, fmt::format("{} has no week {}", year, week));
    if (dow < 1 || dow > 7) not_a(type, text, fmt::format("there is no day of the week {}", dow));
    return first_monday(year) + (week - 1) * 7 + (dow - 1);
  }
  auto digits = r.digits_ahead();
  if (digits == 0) {
    if (extended) not_a(type, text);
    return days_from_civil(year, 1, 1);
  }
  if (digits == 3) {  // ordinal day, `2015-202` or `2015202`
    int ordinal = static_cast<int>(r.number(3));
    if (ordinal < 1 || ordinal > (leap_year(year) ? 366 : 365))
      not_a(type, text, fmt::format("{} has no day {}", year, ordinal));
    return days_from_civil(year, 1, 1) + ordinal - 1;
  }
  if (extended) {
    if (digits != 2) not_a(type, text);
    int month = static_cast<int>(r.number(2));
    int day = 1;
    if (r.accept('-')) {
      if (r.digits_ahead() != 2) not_a(type, text);
      day = static_cast<int>(r.number(2));
    }
    return checked_date(type, text, year, month, day);
  }
  if (digits != 2 && digits != 4) not_a(type, text);
  int month = static_cast<int>(r.number(2));
  int day = digits == 4 ? static_cast<int>(r.number(2)) : 1;
  return checked_date(type, text, year, month, day);
}

// `HH[:MM[:SS[.f]]]` or `HH[MM[SS[.f]]]`, a fraction of up to nine digits after `.` or `,`.
std::int64_t read_time(reader& r, std::string_view type) {
  auto text = r.text;
  if (r.digits_ahead() < 2) not_a(type, text, "a time starts with a two-digit hour");
  auto hour = r.number(2);
  std::int64_t minute = 0, second = 0, fraction = 0;
  bool extended = r.peek() == ':';
  auto next = [&]() {
    bool more = extended ? r.peek() == ':' && std::isdigit(static_cast<unsigned char>(r.peek(1)))
                         : r.digits_ahead() >= 2;
    if (!more) return false;
    if (extended) r.accept(':');
    if (r.digits_ahead() < 2) not_a(type, text);
    return true;
  };
  if (next()) {
    minute = r.number(2);
    if (next()) {
      second = r.number(2);
      if (r.accept('.') || r.accept(',')) {
        auto n = r.digits_ahead();
        if (n == 0 || n > 9) not_a(type, text, "a fraction of a second has one to nine digits");
        fraction = r.number(n);
        for (auto i = n; i < 9; ++i) fraction *= 10;
      }
    }
  }
  if (hour > 23 || minute > 59 || second > 59)
    not_a(type, text, "hours run to 23, minutes and seconds to 59");
  return ((hour * 60 + minute) * 60 + second) * tp::nanos_per_second + fraction;
}

// `Z`, `±HH`, `±HHMM`, `±HH:MM`, `±HH:MM:SS`; nothing when the text holds no offset here.
std::optional<std::int32_t> read_offset(reader& r, std::string_view type) {
  if (r.accept('Z') || r.accept('z')) return 0;
  char sign = r.peek();
  if (sign != '+' && sign != '-') return std::nullopt;
  ++r.at;
  auto text = r.text;
  if (r.digits_ahead() < 2) not_a(type, text, "an offset is written +HH:MM");
  auto hours = r.number(2);
  std::int64_t minutes = 0, seconds = 0;
  bool colon = r.accept(':');
  if (r.digits_ahead() >= 2) {
    minutes = r.number(2);
    if ((colon ? r.accept(':') : true) && r.digits_ahead() >= 2) seconds = r.number(2);
  } else if (colon) {
    not_a(type, text, "an offset is written +HH:MM");
  }
  if (hours > 18 || minutes > 59 || seconds > 59 || (hours == 18 && (minutes || seconds)))
    not_a(type, text, "an offset lies between -18:00 and +18:00");
  auto total = static_cast<std::int32_t>(hours * 3600 + minutes * 60 + seconds);
  return sign == '-' ? -total : total;
}

// `[Europe/Stockholm]` after a date-time.
std::string read_zone_name(reader& r, std::string_view type) {
  if (!r.accept('[')) return {};
  auto end = r.text.find(']', r.at);
  if (end == std::string_view::npos) not_a(type, r.text, "the zone's name lacks its ']'");
  std::string name(r.text.substr(r.at, end - r.at));
  r.at = end + 1;
  return name;
}

tp::duration read_duration(std::string_view text) {
  reader r{text};
  bool negative = r.accept('-');
  if (!r.accept('P') && !r.accept('p')) not_a("duration", text, "a duration starts with P");
  // `P2012-02-02T14:37:21.545`: a date and a time as amounts.
  if (r.digits_ahead() == 4 && r.peek(4) == '-') {
    auto years = r.number(4);
    r.accept('-');
    if (r.digits_ahead() != 2) not_a("duration", text);
    auto months = r.number(2);
    if (!r.accept('-') || r.digits_ahead() != 2) not_a("duration", text);
    auto days = r.number(2);
    std::int64_t nanos = 0;
    if (r.accept('T')) nanos = read_time(r, "duration");
    if (!r.done()) not_a("duration", text);
    auto d = normalized(years * 12 + months, days, 0, nanos);
    return negative ? negate(d) : d;
  }
  long double months = 0, days = 0, seconds = 0;
  bool time = false, any = false;
  std::string_view order = "YMWD";
  while (!r.done()) {
    if (!time && r.accept('T')) {
      time = true;
      order = "HMS";
      continue;
    }
    auto start = r.at;
    if (r.peek() == '-' || r.peek() == '+') ++r.at;
    while (std::isdigit(static_cast<unsigned char>(r.peek())) || r.peek() == '.' || r.peek() == ',')
      ++r.at;
    std::string number(text.substr(start, r.at - start));
    for (auto& c : number)
      if (c == ',') c = '.';
    char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(r.peek())));
    auto place = order.find(unit);
    if (number.empty() || number == "-" || number == "+" || place == std::string_view::npos)
      not_a("duration", text, "write it as P[nY][nM][nW][nD][T[nH][nM][nS]]");
    ++r.at;
    order.remove_prefix(place + 1);
    long double amount = 0;
    try {
      amount = std::stold(number);
    } catch (const std::exception&) {
      not_a("duration", text);
    }
    any = true;
    switch (time ? unit + 1 : unit) {
      case 'Y': months += amount * 12; break;
      case 'M': months += amount; break;
      case 'W': days += amount * 7; break;
      case 'D': days += amount; break;
      case 'H' + 1: seconds += amount * 3600; break;
      case 'M' + 1: seconds += amount * 60; break;
      default: seconds += amount; break;
    }
  }
  if (!any) not_a("duration", text, "it has no amount");
  auto d = make_duration(months, days, seconds * 1e9L);
  return negative ? negate(d) : d;
}

}  // namespace

std::int32_t parse_offset(std::string_view text) {
  reader r{text};
  auto offset = read_offset(r, "time zone offset");
  if (!offset || !r.done()) not_a("time zone offset", text, "write it +HH:MM, -HH:MM or Z");
  return *offset;
}

zone_spec parse_zone(std::string_view text) {
  if (!text.empty() && (text[0] == '+' || text[0] == '-' || text == "Z" || text == "z"))
    return {{}, parse_offset(text)};
  std::string name;
  if (!known_zone(text, &name)) zone_or_throw(std::string(text));
  return {name, 0};
}

query_value parse_temporal(std::string_view type, std::string_view text) {
  if (type == "duration") return read_duration(text);
  reader r{text};
  auto trailing = [&] {
    if (!r.done()) not_a(type, text, fmt::format("unexpected '{}'", text.substr(r.at)));
  };
  if (type == "date") {
    auto days = read_date(r, type);
    trailing();
    return tp::calendar_date{days, tp::date_precision::day};
  }
  if (type == "localtime" || type == "time") {
    auto nanos = read_time(r, type);
    if (type == "localtime") {
      trailing();
      return tp::local_time{nanos};
    }
    auto offset = read_offset(r, type);
    trailing();
    return tp::zoned_time{nanos, offset.value_or(0)};
  }
  auto days = read_date(r, type);
  std::int64_t nanos = 0;
  if (r.accept('T') || r.accept('t')) nanos = read_time(r, type);
  if (type == "localdatetime") {
    trailing();
    return tp::local_datetime{days, nanos};
  }
  auto offset = read_offset(r, type);
  auto zone = read_zone_name(r, type);
  trailing();
  if (zone.empty()) return tp::zoned_datetime{days, nanos, offset.value_or(0), {}};
  auto in = in_zone(days, nanos, parse_zone(zone));
  if (offset && *offset != in.offset_seconds) {
    // In an overlap, the offset written picks which of the two times is meant.
    auto other = at_instant(instant_of(days, nanos, *offset), in.zone, 0);
    if (other.offset_seconds != *offset)
      not_a(type, text,
            fmt::format("{} is not at offset {} then", zone,
                        tp::to_string(tp::zoned_time{0, *offset}).substr(5)));
    return other;
  }
  return in;
}

}  // namespace entente::detail::query

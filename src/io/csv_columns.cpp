// The columns of the CSV import: Neo4j's header fields (`age:int`, `:ID(Person)`, `tags:string[]`)
// and Kùzu's column types, and the values their fields hold.

#include "io/csv_read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace entente::detail {
namespace {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

/// Neo4j's property types and what entente keeps of each: the temporal types it has no type for
/// (and points, durations) stay as the text written.
struct neo4j_type {
  std::string_view name;
  csv_scalar scalar;
  int bits;
};
constexpr std::array<neo4j_type, 16> neo4j_types{{{"int", csv_scalar::integer, 32},
                                                  {"long", csv_scalar::integer, 64},
                                                  {"float", csv_scalar::real, 64},
                                                  {"double", csv_scalar::real, 64},
                                                  {"boolean", csv_scalar::boolean, 0},
                                                  {"byte", csv_scalar::integer, 8},
                                                  {"short", csv_scalar::integer, 16},
                                                  {"char", csv_scalar::character, 0},
                                                  {"string", csv_scalar::string, 0},
                                                  {"point", csv_scalar::text, 0},
                                                  {"date", csv_scalar::date, 0},
                                                  {"localtime", csv_scalar::text, 0},
                                                  {"time", csv_scalar::text, 0},
                                                  {"localdatetime", csv_scalar::text, 0},
                                                  {"datetime", csv_scalar::text, 0},
                                                  {"duration", csv_scalar::text, 0}}};

/// The special columns, by the name after the colon.
constexpr std::array<std::pair<std::string_view, csv_role>, 6> neo4j_roles{
    {{"id", csv_role::id},
     {"start_id", csv_role::start_id},
     {"end_id", csv_role::end_id},
     {"label", csv_role::label},
     {"type", csv_role::type},
     {"ignore", csv_role::ignore}}};

/// A header field taken apart: `name:type(group){options}`.
struct header_parts {
  std::string_view name;
  std::string_view type;  // empty when there is no colon
  std::string_view group;
  bool has_colon = false;
};

header_parts split_header(std::string_view entry) {
  header_parts parts;
  // Options in braces (`datetime{timezone:UTC}`) may hold colons: they go first.
  if (entry.ends_with('}'))
    if (auto open = entry.rfind('{'); open != std::string_view::npos) entry = entry.substr(0, open);
  auto colon = entry.find(':');
  if (colon == std::string_view::npos) {
    parts.name = entry;
    return parts;
  }
  parts.has_colon = true;
  parts.name = entry.substr(0, colon);
  std::string_view type = entry.substr(colon + 1);
  if (type.ends_with(')'))
    if (auto open = type.find('('); open != std::string_view::npos) {
      parts.group = type.substr(open + 1, type.size() - open - 2);
      type = type.substr(0, open);
    }
  parts.type = type;
  return parts;
}

std::optional<csv_role> role_named(std::string_view type) {
  const std::string lower = ascii_lower(type);
  for (const auto& [name, role] : neo4j_roles)
    if (name == lower) return role;
  return std::nullopt;
}

std::string known_types() {
  std::string all;
  for (const auto& t : neo4j_types) all += (all.empty() ? "" : ", ") + std::string(t.name);
  return all +
         ", each also as an array (int[]), and the columns ID, START_ID, END_ID, LABEL, "
         "TYPE, IGNORE";
}

/// One code point of UTF-8, as Neo4j's char holds.
bool one_character(std::string_view text) {
  if (text.empty()) return false;
  const auto lead = static_cast<unsigned char>(text[0]);
  const std::size_t size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  return text.size() == size;
}

bool parse_integer(std::string_view text, const csv_type& t, std::int64_t& out) {
  text = trim_spaces(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  if (t.is_unsigned && t.bits == 64) {
    std::uint64_t u = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), u);
    if (ec != std::errc() || end != text.data() + text.size() ||
        u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return false;
    out = static_cast<std::int64_t>(u);
    return true;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (t.bits < 64) {
    const std::int64_t high =
        t.is_unsigned ? (std::int64_t{1} << t.bits) - 1 : (std::int64_t{1} << (t.bits - 1)) - 1;
    const std::int64_t low = t.is_unsigned ? 0 : -high - 1;
    if (out < low || out > high) return false;
  } else if (t.is_unsigned && out < 0) {
    return false;
  }
  return true;
}

bool parse_real(std::string_view text, double& out) {
  text = trim_spaces(text);
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits.front() == '+' || digits.front() == '-')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  // Java (Neo4j) spells NaN and Infinity, C++ (entente's export) nan and inf.
  const std::string lower = ascii_lower(digits);
  if (lower == "nan") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (lower == "inf" || lower == "infinity") {
    out = negative ? -std::numeric_limits<double>::infinity()
                   : std::numeric_limits<double>::infinity();
    return true;
  }
  if (digits.empty() || digits.front() == '+' || digits.front() == '-') return false;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  if (ec != std::errc() || end != digits.data() + digits.size()) return false;
  if (negative) out = -out;
  return true;
}

/// What an untyped field spells: an integer (`-12`, no leading zeros), a real (`1.5`, `2e3`), a
/// boolean (`true`, `False`), a full ISO date (`2024-06-19`), else the text itself, so that
/// `007`, `2014` or ` 1` change nothing of what they say.
scalar inferred_scalar(std::string_view text) {
  const std::size_t sign = !text.empty() && text.front() == '-' ? 1 : 0;
  const std::string_view digits = text.substr(sign);
  const bool integral = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
    return c >= '0' && c <= '9';
  }) && (digits.size() == 1 || digits.front() != '0');
  if (integral) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size()) return n;
  }
  if (!digits.empty() && digits.front() >= '0' && digits.front() <= '9' &&
      digits.find_first_of(".eE") != std::string_view::npos &&
      digits.find_first_not_of("0123456789.eE+-") == std::string_view::npos) {
    double x = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
    if (ec == std::errc() && end == text.data() + text.size()) return x;
  }
  const std::string lower = ascii_lower(text);
  if (lower == "true") return true;
  if (lower == "false") return false;
  if (text.size() == 10)
    if (auto d = date::parse(text)) return *d;
  return std::string(text);
}

/// One item of type `t` (no list), or nothing when `text` is not one.
std::optional<scalar> parse_scalar(std::string_view text, const csv_type& t) {
  switch (t.scalar) {
    case csv_scalar::string:
    case csv_scalar::text: return scalar(std::string(text));
    case csv_scalar::character:
      if (!one_character(text)) return std::nullopt;
      return scalar(std::string(text));
    case csv_scalar::integer: {
      std::int64_t n = 0;
      if (!parse_integer(text, t, n)) return std::nullopt;
      return scalar(n);
    }
    case csv_scalar::real: {
      double x = 0;
      if (!parse_real(text, x)) return std::nullopt;
      return scalar(x);
    }
    case csv_scalar::boolean: {
      const std::string lower = ascii_lower(trim_spaces(text));
      if (lower == "true") return scalar(true);
      if (lower == "false") return scalar(false);
      return std::nullopt;
    }
    case csv_scalar::date:
      if (auto d = date::parse(trim_spaces(text))) return scalar(*d);
      return std::nullopt;
    case csv_scalar::inferred: return inferred_scalar(text);
  }
  return std::nullopt;
}

std::string_view expected(const csv_type& t) {
  switch (t.scalar) {
    case csv_scalar::integer: return "an integer";
    case csv_scalar::real: return "a number";
    case csv_scalar::boolean: return "true or false";
    case csv_scalar::date: return "a date YYYY-MM-DD (or YYYY, YYYY-MM)";
    case csv_scalar::character: return "one character";
    default: return "text";
  }
}

/// The items of a Kùzu list field: `[a,b,c]`, an item quoted with `"` when it holds a comma,
/// a bracket or a quote (a quote inside doubled or escaped with `\`). Returns what is wrong, or "".
std::string bracketed_items(std::string_view text, std::vector<std::string>& items) {
  text = trim_spaces(text);
  if (text.size() < 2 || text.front() != '[' || text.back() != ']')
    return "a list is written in brackets: [1,2,3]";
  text = text.substr(1, text.size() - 2);
  if (trim_spaces(text).empty()) return {};
  std::size_t at = 0;
  for (;;) {
    while (at < text.size() && text[at] == ' ') ++at;
    std::string item;
    if (at < text.size() && (text[at] == '"' || text[at] == '\'')) {
      const char quote = text[at++];
      for (;; ++at) {
        if (at >= text.size()) return "a quoted list item is never closed";
        if (text[at] == '\\' && at + 1 < text.size()) {
          item += text[++at];
        } else if (text[at] == quote) {
          if (at + 1 < text.size() && text[at + 1] == quote) {
            item += quote;
            ++at;
          } else {
            ++at;
            break;
          }
        } else {
          item += text[at];
        }
      }
      while (at < text.size() && text[at] == ' ') ++at;
    } else {
      const std::size_t start = at;
      int depth = 0;  // a nested list stays one item
      while (at < text.size() && (depth > 0 || text[at] != ',')) {
        if (text[at] == '[' || text[at] == '{') ++depth;
        if (text[at] == ']' || text[at] == '}') --depth;
        ++at;
      }
      item = std::string(trim_spaces(text.substr(start, at - start)));
    }
    items.push_back(std::move(item));
    if (at >= text.size()) return {};
    if (text[at] != ',')
      return fmt::format("',' expected between list items at character {}", at + 2);
    ++at;
  }
}

}  // namespace

bool is_neo4j_special(std::string_view entry) {
  auto parts = split_header(entry);
  return parts.has_colon && role_named(parts.type).has_value();
}

csv_column neo4j_column(const csv_records& header, std::size_t i) {
  const std::string_view entry = header[i];
  const auto parts = split_header(entry);
  csv_column column;
  column.name = std::string(parts.name);
  if (!parts.has_colon) return column;  // a string property
  if (auto role = role_named(parts.type)) {
    column.role = *role;
    column.group = std::string(parts.group);
    return column;
  }
  std::string_view type = parts.type;
  const bool array = type.ends_with("[]");
  if (array) type.remove_suffix(2);
  const std::string lower = ascii_lower(type);
  for (const auto& t : neo4j_types)
    if (t.name == lower) {
      column.type.scalar = t.scalar;
      column.type.bits = t.bits;
      column.type.list = array ? csv_list_syntax::delimited : csv_list_syntax::none;
      column.type.spelled = std::string(parts.type);
      if (parts.name.empty())
        header.fail(i, fmt::format("column '{}' names a type but no property", entry));
      return column;
    }
  std::vector<std::string> names;
  for (const auto& t : neo4j_types) names.emplace_back(t.name);
  for (const auto& [name, role] : neo4j_roles) names.push_back(ascii_lower(name));
  header.fail(i, fmt::format("unknown type '{}' in column '{}'; the types are {}{}", parts.type,
                             entry, known_types(), did_you_mean(schema::closest(type, names))));
}

std::optional<value> field_value(const csv_records& row, std::size_t i, const csv_type& t,
                                 char array_delimiter, std::string_view column) {
  const std::string_view text = row[i];
  if (text.empty()) {
    // Neo4j's rule: an empty field is no value, a quoted empty field the empty string.
    if (row.quoted(i) && t.list == csv_list_syntax::none &&
        (t.scalar == csv_scalar::string || t.scalar == csv_scalar::text))
      return value(std::string());
    return std::nullopt;
  }
  if (t.scalar == csv_scalar::inferred && t.list == csv_list_syntax::none) {
    if (text.size() < 2 || text.front() != '[' || text.back() != ']')
      return as_value(inferred_scalar(text));
    // A list when its items are all of one type, else the text.
    std::vector<std::string> pieces;
    if (!bracketed_items(text, pieces).empty()) return value(std::string(text));
    value_list items;
    for (const auto& piece : pieces) items.push_back(inferred_scalar(piece));
    if (mismatched_item(items) != items.size()) {
      items.clear();
      for (auto& piece : pieces) items.emplace_back(std::move(piece));
    }
    return value(std::move(items));
  }
  if (t.list == csv_list_syntax::none) {
    if (auto item = parse_scalar(text, t)) return as_value(*item);
    row.fail(i, fmt::format("bad {} '{}' in column '{}'; expected {}", t.spelled, text, column,
                            expected(t)));
  }
  std::vector<std::string> pieces;
  if (t.list == csv_list_syntax::delimited) {
    for_each_item(text, array_delimiter,
                  [&](std::string_view piece) { pieces.emplace_back(piece); });
  } else if (std::string why = bracketed_items(text, pieces); !why.empty()) {
    row.fail(i, fmt::format("bad {} '{}' in column '{}': {}", t.spelled, text, column, why));
  }
  value_list items;
  items.reserve(pieces.size());
  for (std::size_t n = 0; n < pieces.size(); ++n) {
    auto item = parse_scalar(pieces[n], t);
    if (!item)
      row.fail(i, fmt::format("bad item {} '{}' of {} '{}' in column '{}'; expected {}", n + 1,
                              pieces[n], t.spelled, text, column, expected(t)));
    items.push_back(std::move(*item));
  }
  return value(std::move(items));
}

}  // namespace entente::detail

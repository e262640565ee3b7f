#pragma once
// Text helpers shared by the exports to other tools' formats (GraphML, RDF, CSV): internal,
// not installed.

#include <entente/model.hpp>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <variant>

namespace entente::detail {

/// What `text` holds at a position: one code point and how many bytes spell it.
struct utf8_char {
  char32_t code_point = 0;
  std::size_t size = 0;  ///< 0 when the bytes there are not UTF-8
};

/// Decodes the code point at `text[pos]`. Stray continuation bytes, truncated or overlong
/// sequences, surrogates and values past U+10FFFF come back with size 0, so that each writer
/// decides how to spell a byte that is not text.
[[nodiscard]] constexpr utf8_char decode_utf8(std::string_view text, std::size_t pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return {lead, 1};
  std::size_t size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (size == 0 || lead > 0xF4 || pos + size > text.size()) return {};
  auto cp = static_cast<char32_t>(lead & (0x7F >> size));
  for (std::size_t i = 1; i < size; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return {};
    cp = (cp << 6) | static_cast<char32_t>(byte(pos + i) & 0x3F);
  }
  constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < smallest[size] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, size};
}

/// U+FFFD, written where a byte is not UTF-8 or a character cannot appear in the output.
inline constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/// Appends `text` to `out` a character at a time: `escape(code_point, out)` appends what stands
/// for a character and returns true, or returns false to keep the character's own bytes. A byte
/// that is not UTF-8 becomes U+FFFD.
template <class Escape>
void append_escaped(std::string& out, std::string_view text, Escape escape) {
  for (std::size_t i = 0; i < text.size();) {
    const auto ch = decode_utf8(text, i);
    if (ch.size == 0) {
      out += replacement_character;
      ++i;
      continue;
    }
    if (!escape(ch.code_point, out)) out += text.substr(i, ch.size);
    i += ch.size;
  }
}

/// `x` in the lexical space of xsd:double (which GraphML's `double` shares): the shortest text
/// that reads back as `x`, and `NaN`, `INF`, `-INF`.
[[nodiscard]] inline std::string xsd_double(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "INF" : "-INF";
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, x);
  return ec == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

/// A list as JSON text, for formats that have no list type: `["a", "b"]`, `[1, 2.5]`,
/// `["2014", "2024-06"]` (dates as their ISO text); non-finite reals as JavaScript and Python's
/// `json` module spell them (`NaN`, `Infinity`, `-Infinity`); bytes that are not UTF-8 as U+FFFD.
/// Control characters, U+FFFE and U+FFFF are `\u` escapes, which survive where XML cannot hold
/// them.
[[nodiscard]] inline std::string list_json(const value_list& items) {
  std::string out = "[";
  auto string = [&out](std::string_view text) {
    out += '"';
    append_escaped(out, text, [](char32_t c, std::string& to) {
      constexpr char hex[] = "0123456789abcdef";
      switch (c) {
        case '"': to += "\\\""; return true;
        case '\\': to += "\\\\"; return true;
        case '\n': to += "\\n"; return true;
        case '\t': to += "\\t"; return true;
        case '\r': to += "\\r"; return true;
        default:
          if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) return false;
          to += "\\u";
          for (int shift = 12; shift >= 0; shift -= 4) to += hex[(c >> shift) & 0xF];
          return true;
      }
    });
    out += '"';
  };
  for (const auto& item : items) {
    if (out.size() > 1) out += ", ";
    if (const auto* b = std::get_if<bool>(&item)) {
      out += *b ? "true" : "false";
    } else if (const auto* i = std::get_if<std::int64_t>(&item)) {
      out += std::to_string(*i);
    } else if (const auto* x = std::get_if<double>(&item)) {
      if (std::isnan(*x)) {
        out += "NaN";
      } else if (std::isinf(*x)) {
        out += *x > 0 ? "Infinity" : "-Infinity";
      } else {
        char buffer[32];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *x);
        std::string_view digits(buffer, ec == std::errc() ? end - buffer : 0);
        out += digits;
        if (digits.find_first_of(".e") == std::string_view::npos) out += ".0";  // stays a real
      }
    } else if (const auto* d = std::get_if<date>(&item)) {
      string(d->to_string());
    } else {
      string(std::get<std::string>(item));
    }
  }
  return out + "]";
}

/// An attribute value as the text of a cell or element: nothing for null, `true`/`false`,
/// integers in decimal, dates as ISO text, strings as they are, reals as `real` spells them
/// (each format has its own spelling of NaN and infinities), and lists as `list_json`.
[[nodiscard]] inline std::string value_text(const value& v, std::string (*real)(double)) {
  return std::visit(
      [real](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return {};
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(x);
        } else if constexpr (std::is_same_v<T, double>) {
          return real(x);
        } else if constexpr (std::is_same_v<T, date>) {
          return x.to_string();
        } else if constexpr (std::is_same_v<T, value_list>) {
          return list_json(x);
        } else {
          return x;
        }
      },
      v);
}

}  // namespace entente::detail

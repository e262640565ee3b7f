// GraphML data text into typed values (see graphml_values.hpp): the scalars of GraphML's types,
// and the JSON text in which entente writes a list, an entity's external ids and the sources.

#include "io/graphml_values.hpp"

#include <entente/detail/utf8.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>
#include <utility>

namespace entente::detail {

bool is_blank(std::string_view text) noexcept {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string_view trim_blank(std::string_view text) noexcept {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::optional<graphml_type> parse_graphml_type(std::string_view attr_type) {
  if (attr_type == "boolean") return graphml_type::boolean;
  // "integer" is not GraphML's, but some tools write it and NetworkX reads it.
  if (attr_type == "int" || attr_type == "long" || attr_type == "integer")
    return graphml_type::integer;
  if (attr_type == "float" || attr_type == "double") return graphml_type::real;
  if (attr_type == "string") return graphml_type::string;
  return std::nullopt;
}

graphml_hint parse_graphml_hint(std::string_view desc) {
  desc = trim_blank(desc);
  if (desc == "entente:date") return graphml_hint::date;
  if (desc == "entente:list") return graphml_hint::list;
  if (desc == "entente:date-list") return graphml_hint::date_list;
  return graphml_hint::none;
}

namespace {

bool same_letters(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

std::optional<bool> parse_boolean(std::string_view text) {
  text = trim_blank(text);
  if (same_letters(text, "true") || text == "1") return true;
  if (same_letters(text, "false") || text == "0") return false;
  return std::nullopt;
}

/// An integer, the whole of `text`; `overflow` says when it is one but does not fit.
std::optional<std::int64_t> parse_integer(std::string_view text, bool& overflow) {
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text.empty() || text.starts_with('+')) return std::nullopt;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (end != text.data() + text.size()) return std::nullopt;
  overflow = ec == std::errc::result_out_of_range;
  if (ec != std::errc()) return std::nullopt;
  return n;
}

/// A real, the whole of `text`: decimal or exponent form, and the spellings of NaN and the
/// infinities that XML Schema, Python and JavaScript use.
std::optional<double> parse_real(std::string_view text) {
  bool negative = false;
  std::string_view digits = text;
  if (digits.starts_with('+') || digits.starts_with('-')) {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  if (same_letters(digits, "nan")) return std::numeric_limits<double>::quiet_NaN();
  if (same_letters(digits, "inf") || same_letters(digits, "infinity"))
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  // from_chars takes no leading '+', and would take "nan(...)" and hexadecimal-free forms alike.
  if (digits.empty() ||
      !((digits.front() >= '0' && digits.front() <= '9') || digits.front() == '.'))
    return std::nullopt;
  double x = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
  if (end != digits.data() + digits.size()) return std::nullopt;
  // Out of range: as large or as small as a double goes, as other readers take it.
  if (ec != std::errc() && ec != std::errc::result_out_of_range) return std::nullopt;
  return negative ? -x : x;
}

// ---- JSON text -------------------------------------------------------------------------------

/// What the readers of JSON text below share: strings with their escapes, white space, and
/// messages that say at which character a problem is. Nothing nests deeper than an array of
/// objects, so nothing recurses.
class json_scanner {
 public:
  explicit json_scanner(std::string_view text) : text_(text) {}

 protected:
  [[nodiscard]] bool at_end() const { return pos_ == text_.size(); }
  [[nodiscard]] char peek() const { return text_[pos_]; }

  /// A JSON string at `pos_` (which holds its opening quote), with its escapes decoded.
  std::optional<std::string> parse_string(std::string& why) {
    const auto start = pos_++;
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) return fail_at(start, "a string is not closed", why);
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) return fail_at(start, "a string is not closed", why);
      switch (const char e = text_[pos_++]) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          auto cp = hex4(why);
          if (!cp) return std::nullopt;
          if (*cp >= 0xD800 && *cp <= 0xDBFF) {
            // A high surrogate must pair with a low one: together they spell one code point.
            if (!(take('\\') && take('u'))) return fail("a lone surrogate in a \\u escape", why);
            auto low = hex4(why);
            if (!low) return std::nullopt;
            if (*low < 0xDC00 || *low > 0xDFFF)
              return fail("a lone surrogate in a \\u escape", why);
            cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
          } else if (*cp >= 0xDC00 && *cp <= 0xDFFF) {
            return fail("a lone surrogate in a \\u escape", why);
          }
          append_utf8(out, *cp);
          break;
        }
        default: return fail("unknown escape '\\" + std::string(1, e) + "' in a string", why);
      }
    }
  }

  void skip_blank() {
    while (pos_ < text_.size() &&
           std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos)
      ++pos_;
  }
  bool take(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  /// Whether only white space is left; else `why` says so.
  bool ends(std::string_view closing, std::string& why) {
    skip_blank();
    if (at_end()) return true;
    fail("text follows the closing " + std::string(closing), why);
    return false;
  }
  std::nullopt_t fail(const std::string& what, std::string& why) const {
    return fail_at(pos_, what, why);
  }
  static std::nullopt_t fail_at(std::size_t at, const std::string& what, std::string& why) {
    why = what + " (at character " + std::to_string(at + 1) + ")";
    return std::nullopt;
  }

  std::string_view text_;
  std::size_t pos_ = 0;

 private:
  std::optional<char32_t> hex4(std::string& why) {
    if (text_.size() - pos_ < 4) return fail("a \\u escape needs four hexadecimal digits", why);
    char32_t cp = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[pos_++];
      int digit = h >= '0' && h <= '9'   ? h - '0'
                  : h >= 'a' && h <= 'f' ? h - 'a' + 10
                  : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                         : -1;
      if (digit < 0) return fail("a \\u escape needs four hexadecimal digits", why);
      cp = (cp << 4) | static_cast<char32_t>(digit);
    }
    return cp;
  }
};

/// Reads a JSON array of scalars; every problem is a message with the offset where it is.
class list_parser : json_scanner {
 public:
  list_parser(std::string_view text, bool dates) : json_scanner(text), dates_(dates) {}

  std::optional<value_list> parse(std::string& why) {
    value_list items;
    skip_blank();
    if (!take('[')) return fail("it does not start with '['", why);
    skip_blank();
    if (!take(']')) {
      for (;;) {
        skip_blank();
        auto item = parse_item(why);
        if (!item) return std::nullopt;
        items.push_back(std::move(*item));
        skip_blank();
        if (take(']')) break;
        if (!take(',')) return fail("expected ',' or ']'", why);
      }
    }
    if (!ends("']'", why)) return std::nullopt;
    if (std::string mixed = list_error(items); !mixed.empty()) {
      why = mixed;
      return std::nullopt;
    }
    return items;
  }

 private:
  std::optional<scalar> parse_item(std::string& why) {
    if (at_end()) return fail("the list ends early", why);
    const char c = peek();
    if (c == '"') {
      auto text = parse_string(why);
      if (!text) return std::nullopt;
      if (!dates_) return scalar(std::move(*text));
      if (auto d = date::parse(*text); d && d->is_set()) return scalar(*d);
      return fail("'" + *text + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", why);
    }
    if (dates_) return fail("a list of dates holds only strings", why);
    if (c == '[' || c == '{') return fail("a list holds no lists or objects", why);
    // A bare word or number runs to the next separator.
    const auto start = pos_;
    while (pos_ < text_.size() &&
           std::string_view(",] \t\r\n").find(text_[pos_]) == std::string_view::npos)
      ++pos_;
    const auto word = text_.substr(start, pos_ - start);
    if (word == "true") return scalar(true);
    if (word == "false") return scalar(false);
    if (word == "null") return fail_at(start, "a list holds no nulls", why);
    if (word == "NaN") return scalar(std::numeric_limits<double>::quiet_NaN());
    if (word == "Infinity") return scalar(std::numeric_limits<double>::infinity());
    if (word == "-Infinity") return scalar(-std::numeric_limits<double>::infinity());
    // JSON numbers: an integer when there is no fraction or exponent, else a real.
    if (!word.empty() && (word.front() == '-' || (word.front() >= '0' && word.front() <= '9'))) {
      if (word.find_first_of(".eE") == std::string_view::npos) {
        bool overflow = false;
        if (auto n = parse_integer(word, overflow)) return scalar(*n);
        if (overflow)
          return fail_at(start, "the integer " + std::string(word) + " does not fit in 64 bits",
                         why);
      } else if (auto x = parse_real(word)) {
        return scalar(*x);
      }
    }
    return fail_at(start, "'" + std::string(word) + "' is not a JSON string, number or boolean",
                   why);
  }

  bool dates_;
};

/// Reads a JSON object whose members are strings, or an array of such objects.
class members_parser : json_scanner {
 public:
  using json_scanner::json_scanner;

  std::optional<graphml_members> parse_object(std::string& why) {
    skip_blank();
    auto members = object(why);
    if (!members || !ends("'}'", why)) return std::nullopt;
    return members;
  }

  std::optional<std::vector<graphml_members>> parse_array(std::string& why) {
    std::vector<graphml_members> objects;
    skip_blank();
    if (!take('[')) return fail("it does not start with '['", why);
    skip_blank();
    if (!take(']')) {
      for (;;) {
        skip_blank();
        auto members = object(why);
        if (!members) return std::nullopt;
        objects.push_back(std::move(*members));
        skip_blank();
        if (take(']')) break;
        if (!take(',')) return fail("expected ',' or ']'", why);
      }
    }
    if (!ends("']'", why)) return std::nullopt;
    return objects;
  }

 private:
  std::optional<graphml_members> object(std::string& why) {
    graphml_members members;
    if (!take('{')) return fail("expected '{'", why);
    skip_blank();
    if (take('}')) return members;
    for (;;) {
      skip_blank();
      if (at_end() || peek() != '"') return fail("expected a member name in quotes", why);
      auto name = parse_string(why);
      if (!name) return std::nullopt;
      skip_blank();
      if (!take(':')) return fail("expected ':'", why);
      skip_blank();
      if (at_end() || peek() != '"') return fail("the member '" + *name + "' is not a string", why);
      auto text = parse_string(why);
      if (!text) return std::nullopt;
      members.emplace_back(std::move(*name), std::move(*text));
      skip_blank();
      if (take('}')) return members;
      if (!take(',')) return fail("expected ',' or '}'", why);
    }
  }
};

}  // namespace

std::optional<value> parse_graphml_value(std::string_view text, graphml_type type,
                                         graphml_hint hint, std::string& why) {
  switch (type) {
    case graphml_type::boolean:
      if (auto b = parse_boolean(text)) return value(*b);
      why = "expected true, false, 1 or 0";
      return std::nullopt;
    case graphml_type::integer: {
      bool overflow = false;
      if (auto n = parse_integer(trim_blank(text), overflow)) return value(*n);
      why = overflow ? "it does not fit in 64 bits" : "";
      return std::nullopt;
    }
    case graphml_type::real:
      if (auto x = parse_real(trim_blank(text))) return value(*x);
      why = "";
      return std::nullopt;
    case graphml_type::string: break;
  }
  switch (hint) {
    case graphml_hint::none: return value(std::string(text));
    case graphml_hint::date:
      if (auto d = date::parse(trim_blank(text)); d && d->is_set()) return value(*d);
      why = "expected YYYY, YYYY-MM or YYYY-MM-DD";
      return std::nullopt;
    case graphml_hint::list:
    case graphml_hint::date_list: {
      auto items = list_parser(text, hint == graphml_hint::date_list).parse(why);
      if (!items) return std::nullopt;
      return value(std::move(*items));
    }
  }
  return std::nullopt;
}

std::optional<graphml_members> parse_graphml_members(std::string_view text, std::string& why) {
  return members_parser(text).parse_object(why);
}

std::optional<std::vector<graphml_members>> parse_graphml_member_lists(std::string_view text,
                                                                       std::string& why) {
  return members_parser(text).parse_array(why);
}

}  // namespace entente::detail

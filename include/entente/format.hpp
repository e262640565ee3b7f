#pragma once
/// `fmt::formatter` specialisations for entente's types, so everything entente prints goes
/// through fmt: `fmt::print("{}\n", g.relation(r))`.
///
/// - `evidence`: `confirmed`; fill, align and width as for a string (`{:>10}`).
/// - `date`: as precisely as known (`2014`, `2024-06`, `2024-06-19`), empty when unset; width
///   as for a string.
/// - `interval`: `since..until`, an open end left empty: `2014..`, `..2024`,
///   `2022-02-24..2024`, `..` for an interval open at both ends; width as for a string.
/// - `value`: plain with `{}` (`null`, `true`, `42`, `3.5`, `1.0`, `foreign minister`,
///   `2024-06`, `[1, 2]`); `{:q}` (or `{:?}`) quotes and escapes strings: `"foreign minister"`.
///   A list's strings are always quoted: `["a, b", "c"]`.
/// - `attributes`: `{item: "artillery-shells", role: "foreign minister"}` (values as `{:q}`).
/// - `entity`: `Kim Jong-un (Person kim-jong-un)`; `{:n}` the name, `{:i}` the id.
/// - `relation`: `North Korea -[supports]-> Russia [confirmed, 2024.., article-a]`; `{:i}` names
///   the ends by id, `{:s}` leaves out the bracket, `{:is}` does both.
/// - `path`: `Kim Jong-un -[leads]-> North Korea <-[aids]- Russia`; `{:i}` entities by id.
///
/// A relation's bracket holds its evidence, its valid time when it is not open, and the ids of
/// the sources it cites, in that order. A path step followed backwards prints as `<-[type]-`.
/// A real always shows that it is one (`1.0`, not `1`), so it cannot be read as an integer.

#include <entente/graph.hpp>
#include <entente/model.hpp>

#include <fmt/format.h>

#include <algorithm>

#include <iterator>
#include <string_view>
#include <type_traits>
#include <variant>

namespace entente::detail {

/// Parses a spec made of single-letter flags out of `allowed` (e.g. "is"); returns the end.
/// Unknown letters are a `fmt::format_error` (a compile-time error for a checked format string).
template <class Flags>
constexpr auto parse_flags(fmt::format_parse_context& ctx, std::string_view allowed, Flags&& set)
    -> fmt::format_parse_context::iterator {
  auto it = ctx.begin();
  for (; it != ctx.end() && *it != '}'; ++it) {
    if (allowed.find(*it) == std::string_view::npos)
      throw fmt::format_error("invalid format specifier for an entente type");
    set(*it);
  }
  return it;
}

/// Writes `text` between double quotes, escaping quotes, backslashes and control characters.
template <class Out>
Out write_quoted(Out out, std::string_view text) {
  *out++ = '"';
  for (char c : text) {
    switch (c) {
      case '"': out = fmt::format_to(out, "\\\""); break;
      case '\\': out = fmt::format_to(out, "\\\\"); break;
      case '\n': out = fmt::format_to(out, "\\n"); break;
      case '\t': out = fmt::format_to(out, "\\t"); break;
      case '\r': out = fmt::format_to(out, "\\r"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out = fmt::format_to(out, "\\u{:04x}", static_cast<unsigned>(c));
        else
          *out++ = c;
    }
  }
  *out++ = '"';
  return out;
}

/// Writes a real so it reads as one: 3.4 stays "3.4", 1 becomes "1.0".
template <class Out>
Out write_real(Out out, double x) {
  fmt::memory_buffer digits;
  fmt::format_to(std::back_inserter(digits), "{}", x);
  std::string_view text(digits.data(), digits.size());
  out = fmt::format_to(out, "{}", text);
  if (text.find_first_of(".eEn") == std::string_view::npos) out = fmt::format_to(out, ".0");
  return out;
}

template <class Out>
Out write_value(Out out, const value& v, bool quoted);

/// Writes a list as `[1, 2]`; its strings always quoted, so `["a, b"]` is one item.
template <class Out>
Out write_list(Out out, const value_list& items) {
  *out++ = '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out = fmt::format_to(out, ", ");
    out = write_value(out, as_value(items[i]), true);
  }
  *out++ = ']';
  return out;
}

/// Writes `v`, quoting strings when `quoted`.
template <class Out>
Out write_value(Out out, const value& v, bool quoted) {
  return std::visit(
      [&](const auto& x) -> Out {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return fmt::format_to(out, "null");
        else if constexpr (std::is_same_v<T, bool>)
          return fmt::format_to(out, "{}", x ? "true" : "false");
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return fmt::format_to(out, "{}", x);
        else if constexpr (std::is_same_v<T, double>)
          return write_real(out, x);
        else if constexpr (std::is_same_v<T, std::string>)
          return quoted ? write_quoted(out, x) : fmt::format_to(out, "{}", x);
        else if constexpr (std::is_same_v<T, date>)
          return fmt::format_to(out, "{}", x.to_string());
        else
          return write_list(out, x);
      },
      v);
}

/// Writes `since..until`, an open end left empty.
template <class Out>
Out write_interval(Out out, const interval& i) {
  return fmt::format_to(out, "{}..{}", i.since.to_string(), i.until.to_string());
}

/// Writes an entity by name, or by id when `by_id`.
template <class Out>
Out write_end(Out out, const graph& g, entity_index e, bool by_id) {
  auto who = g.entity(e);
  return fmt::format_to(out, "{}", by_id ? who.id() : who.name());
}

}  // namespace entente::detail

template <>
struct fmt::formatter<entente::evidence> : fmt::formatter<fmt::string_view> {
  auto format(entente::evidence e, fmt::format_context& ctx) const {
    return fmt::formatter<fmt::string_view>::format(entente::to_string(e), ctx);
  }
};

template <>
struct fmt::formatter<entente::date> : fmt::formatter<fmt::string_view> {
  auto format(const entente::date& d, fmt::format_context& ctx) const {
    return fmt::formatter<fmt::string_view>::format(d.to_string(), ctx);
  }
};

template <>
struct fmt::formatter<entente::interval> : fmt::formatter<fmt::string_view> {
  auto format(const entente::interval& i, fmt::format_context& ctx) const {
    fmt::memory_buffer text;
    entente::detail::write_interval(std::back_inserter(text), i);
    return fmt::formatter<fmt::string_view>::format({text.data(), text.size()}, ctx);
  }
};

template <>
struct fmt::formatter<entente::value> {
  bool quoted = false;
  constexpr auto parse(fmt::format_parse_context& ctx) {
    return entente::detail::parse_flags(ctx, "q?", [&](char) { quoted = true; });
  }
  auto format(const entente::value& v, fmt::format_context& ctx) const {
    return entente::detail::write_value(ctx.out(), v, quoted);
  }
};

template <>
struct fmt::formatter<entente::attributes> {
  constexpr auto parse(fmt::format_parse_context& ctx) {
    return entente::detail::parse_flags(ctx, "", [](char) {});
  }
  auto format(const entente::attributes& attrs, fmt::format_context& ctx) const {
    auto out = fmt::format_to(ctx.out(), "{{");
    bool first = true;
    for (const auto& [key, v] : attrs) {
      out = fmt::format_to(out, "{}{}: ", first ? "" : ", ", key);
      out = entente::detail::write_value(out, v, true);
      first = false;
    }
    return fmt::format_to(out, "}}");
  }
};

namespace entente::detail {
/// Writes a relation's type, and its attributes as Cypher writes a property map:
/// `supplies {item: "artillery-shells"}`.
template <class Out>
Out write_type(Out out, const entente::relation& r) {
  out = fmt::format_to(out, "{}", r.type_name());
  if (!r.attributes().empty()) out = fmt::format_to(out, " {}", r.attributes());
  return out;
}
}  // namespace entente::detail

template <>
struct fmt::formatter<entente::entity> {
  char part = 0;  // 0 everything, 'n' the name, 'i' the id
  constexpr auto parse(fmt::format_parse_context& ctx) {
    return entente::detail::parse_flags(ctx, "ni", [&](char c) { part = c; });
  }
  auto format(const entente::entity& e, fmt::format_context& ctx) const {
    if (part == 'n') return fmt::format_to(ctx.out(), "{}", e.name());
    if (part == 'i') return fmt::format_to(ctx.out(), "{}", e.id());
    return fmt::format_to(ctx.out(), "{} ({} {})", e.name(), e.kind_name(), e.id());
  }
};

template <>
struct fmt::formatter<entente::relation> {
  bool by_id = false;
  bool brief = false;
  constexpr auto parse(fmt::format_parse_context& ctx) {
    return entente::detail::parse_flags(ctx, "is", [&](char c) {
      if (c == 'i')
        by_id = true;
      else
        brief = true;
    });
  }
  auto format(const entente::relation& r, fmt::format_context& ctx) const {
    const auto& g = r.graph();
    auto out = entente::detail::write_end(ctx.out(), g, r.from(), by_id);
    out = fmt::format_to(out, " -[");
    out = entente::detail::write_type(out, r);
    out = fmt::format_to(out, "]-> ");
    out = entente::detail::write_end(out, g, r.to(), by_id);
    if (brief) return out;
    out = fmt::format_to(out, " [{}", r.evidence());
    if (!r.valid().is_open()) {
      out = fmt::format_to(out, ", ");
      out = entente::detail::write_interval(out, r.valid());
    }
    auto cites = r.citations();
    for (std::size_t i = 0; i < cites.size(); ++i) {
      // Two quotes from one source name it once.
      bool named = std::any_of(cites.begin(), cites.begin() + static_cast<std::ptrdiff_t>(i),
                               [&](const auto& c) { return c.source == cites[i].source; });
      if (!named) out = fmt::format_to(out, ", {}", g.source_at(cites[i].source).id);
    }
    return fmt::format_to(out, "]");
  }
};

template <>
struct fmt::formatter<entente::path> {
  bool by_id = false;
  constexpr auto parse(fmt::format_parse_context& ctx) {
    return entente::detail::parse_flags(ctx, "i", [&](char) { by_id = true; });
  }
  auto format(const entente::path& p, fmt::format_context& ctx) const {
    const auto& g = p.graph();
    auto out = entente::detail::write_end(ctx.out(), g, p.source(), by_id);
    for (std::size_t i = 0; i < p.length(); ++i) {
      const auto& step = p.steps()[i];
      out = fmt::format_to(out, "{}", step.reversed ? " <-[" : " -[");
      out = entente::detail::write_type(out, g.relation(step.relation));
      out = fmt::format_to(out, "{}", step.reversed ? "]- " : "]-> ");
      out = entente::detail::write_end(out, g, p.nodes()[i + 1], by_id);
    }
    return out;
  }
};

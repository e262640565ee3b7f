#pragma once
// Properties, labels and openCypher's three-valued equality, order and truth: inline, since
// the matcher and the evaluators call them per row and per edge. Internal, not installed.

#include "query/temporal.hpp"

#include <entente/query.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace entente::detail::query {

inline query_value from_attribute(const value& v) {
  return std::visit(
      [](const auto& x) -> query_value {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return nullptr;
        else if constexpr (std::is_same_v<T, date>)
          return query_value(x);
        else if constexpr (std::is_same_v<T, value_list>) {
          query_value::list items;
          items.reserve(x.size());
          for (const auto& item : x) items.push_back(from_attribute(as_value(item)));
          return items;
        } else
          return x;
      },
      v);
}

inline query_value date_value(const date& d) { return query_value(d); }

inline query_value entity_property(const entity& e, std::string_view key) {
  if (key == "id") return e.id();
  if (key == "name") return e.name();
  if (key == "kind") return e.kind_name();
  if (key == "aliases") {
    query_value::list out;
    for (auto a : e.aliases()) out.emplace_back(a);
    return out;
  }
  if (key == "external_ids") {
    if (e.external_ids().empty()) return nullptr;
    query_value::map out;
    for (const auto& [system, id] : e.external_ids()) out.emplace_back(system, id);
    return out;
  }
  if (const auto* v = e.attributes().find(key)) return from_attribute(*v);
  return nullptr;
}

inline query_value sources_value(const relation& r) {
  query_value::list out;
  for (const auto& c : r.citations()) {
    const auto& src = r.graph().source_at(c.source);
    out.emplace_back(query_value::map{{"id", src.id},
                                      {"title", src.title},
                                      {"quote", c.quote.empty() ? query_value() : c.quote}});
  }
  return out;
}

inline query_value relation_property(const relation& r, std::string_view key) {
  if (key == "evidence") return std::string(to_string(r.evidence()));
  if (key == "since") return date_value(r.valid().since);
  if (key == "until") return date_value(r.valid().until);
  if (key == "sources") return sources_value(r);
  if (const auto* v = r.attributes().find(key)) return from_attribute(*v);
  return nullptr;
}

/// The keys every entity and every relation has, beside their attributes.
inline constexpr std::string_view entity_keys[] = {"id", "name", "kind", "aliases", "external_ids"};
inline constexpr std::string_view relation_keys[] = {"evidence", "since", "until", "sources"};

/// `subject.key` for an entity or a relation.
inline query_value property_of(const query_value& subject, std::string_view key) {
  return subject.is_entity() ? entity_property(subject.as_entity(), key)
                             : relation_property(subject.as_relation(), key);
}

/// Whether an entity of kind `k` carries every label (a label matches its subkinds too).
inline bool kind_matches(const graph& g, kind_id k, const std::vector<kind_id>& labels) {
  for (auto l : labels)
    if (!g.schema().is_a(k, l)) return false;
  return true;
}

/// Three-valued equality: null when either side is null, or when a null inside lists or maps
/// that are otherwise alike decides.
inline std::optional<bool> equals(const query_value& a, const query_value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_temporal() || b.is_temporal()) return temporal_equals(a, b);
  bool unknown = false;
  // Folds one pair of items into the answer so far; true when it settles it as false.
  auto differs = [&unknown](const query_value& x, const query_value& y) {
    auto e = equals(x, y);
    if (!e) unknown = true;
    return e == false;
  };
  if (a.is_list() && b.is_list()) {
    const auto& x = a.as_list();
    const auto& y = b.as_list();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (differs(x[i], y[i])) return false;
    if (unknown) return std::nullopt;
    return true;
  }
  if (a.is_map() && b.is_map()) {
    // Maps are equal when they have the same keys and equal values under each.
    const auto& x = a.as_map();
    if (x.size() != b.as_map().size()) return false;
    for (const auto& [key, value] : x) {
      const query_value* other = b.find(key);
      if (!other) return false;
      if (differs(value, *other)) return false;
    }
    if (unknown) return std::nullopt;
    return true;
  }
  if (a.is_number() && b.is_number()) return a == b;
  if (a.get().index() != b.get().index()) return false;
  return a == b;
}

/// What `order` gives for NaN against a number: neither less, equal nor greater, so that
/// `<`, `<=`, `>` and `>=` are all false.
inline constexpr int unordered = std::numeric_limits<int>::min();

/// Three-valued ordering for < <= > >=: null for null or values of incomparable types,
/// `unordered` for NaN. Lists compare item by item; a null met before the answer is known
/// makes it unknown.
inline std::optional<int> order(const query_value& a, const query_value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.is_number() && b.is_number()) {
    if (std::isnan(a.as_number()) || std::isnan(b.as_number())) return unordered;
    return compare_for_order(a, b);
  }
  if (a.is_list() && b.is_list()) {
    const auto& x = a.as_list();
    const auto& y = b.as_list();
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
      auto c = order(x[i], y[i]);
      if (!c || *c != 0) return c;
    }
    return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
  }
  bool comparable = (a.is_string() && b.is_string()) || (a.is_bool() && b.is_bool());
  if (!comparable) return std::nullopt;
  return compare_for_order(a, b);
}

/// A condition's value: null stays unknown, anything but a boolean is an error.
inline std::optional<bool> truth(const query_value& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_bool()) return v.as_bool();
  throw error(fmt::format("expected a boolean, got {} {}", v.type_name(), to_string(v)));
}

inline query_value from_truth(std::optional<bool> b) { return b ? query_value(*b) : query_value(); }

}  // namespace entente::detail::query

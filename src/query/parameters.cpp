// Query parameters from text: JSON values, and the `NAME=VALUE` form of `entente query --param`.

#include <entente/query.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>

namespace entente {
namespace {

using json = nlohmann::ordered_json;  // objects keep their keys in the order written

query_value from_json(const json& j) {
  switch (j.type()) {
    case json::value_t::boolean: return j.get<bool>();
    case json::value_t::number_integer: return j.get<std::int64_t>();
    case json::value_t::number_unsigned: {
      // Past Cypher's integers (to 2^64 - 1, which JSON reads unsigned): a float, as the JSON
      // graph format reads them, rather than wrapped round to a negative number.
      auto n = j.get<std::uint64_t>();
      if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<double>(n);
      return static_cast<std::int64_t>(n);
    }
    case json::value_t::number_float: return j.get<double>();
    case json::value_t::string: return j.get<std::string>();
    case json::value_t::array: {
      query_value::list items;
      items.reserve(j.size());
      for (const auto& item : j) items.push_back(from_json(item));
      return items;
    }
    case json::value_t::object: {
      query_value::map entries;
      entries.reserve(j.size());
      for (const auto& [key, item] : j.items()) entries.emplace_back(key, from_json(item));
      return entries;
    }
    default: return nullptr;
  }
}

}  // namespace

// Reading a value, and printing it, recurse once per level of lists and maps.
constexpr int max_value_nesting = 100;

std::optional<query_value> query_value_from_json(std::string_view text) {
  if (!json::accept(text)) return std::nullopt;
  // nlohmann reads iteratively; the depth is checked as it goes, before from_json recurses.
  auto parsed = json::parse(text, [](int depth, json::parse_event_t event, json&) {
    const bool opens =
        event == json::parse_event_t::array_start || event == json::parse_event_t::object_start;
    if (opens && depth >= max_value_nesting)  // depth counts from 0
      throw parse_error(fmt::format("the value nests deeper than {} levels of lists and maps",
                                    max_value_nesting));
    return true;
  });
  return from_json(parsed);
}

std::pair<std::string, query_value> parse_parameter(std::string_view assignment) {
  auto eq = assignment.find('=');
  std::string name(assignment.substr(0, eq));
  if (name.starts_with('$')) name.erase(0, 1);
  if (eq == std::string_view::npos || name.empty())
    throw parse_error("expected NAME=VALUE, got '" + std::string(assignment) + "'");
  auto text = assignment.substr(eq + 1);
  try {
    auto value = query_value_from_json(text);
    return {std::move(name), value ? std::move(*value) : query_value(text)};
  } catch (const parse_error& e) {
    throw parse_error(name + ": " + e.what());
  }
}

}  // namespace entente

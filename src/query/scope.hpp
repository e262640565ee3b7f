#pragma once
// The variables a query has bound at one point and the slot of the row each one lives in:
// what the binder resolves names against. Internal, not installed.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente::detail::query {

/// What a variable holds, so that a name reused in a pattern or read as a property is checked.
enum class var_kind { node, relation, relations, path, value };

struct variable_info {
  std::size_t slot;
  var_kind kind;
};

/// The variables visible at one point of the query, each in a slot of the row.
struct scope {
  std::vector<std::pair<std::string, variable_info>> vars;  // in order of introduction
  std::size_t width = 0;

  const variable_info* find(std::string_view name) const {
    for (const auto& [n, info] : vars)
      if (n == name) return &info;
    return nullptr;
  }
  std::size_t add(std::string name, var_kind kind) {
    vars.emplace_back(std::move(name), variable_info{width, kind});
    return width++;
  }
  std::size_t hidden() { return width++; }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [n, info] : vars) out.push_back(n);
    return out;
  }
};

}  // namespace entente::detail::query

#pragma once
// The mathematical functions of openCypher: logarithms, trigonometry, constants and `rand()`.
// Internal, not installed.

#include <entente/query.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente::detail::query {

/// The names, as written, for "unknown function" suggestions.
const std::vector<std::string>& math_function_names();

/// How many arguments the function `lowered` (lower case) takes, if it is a mathematical one.
std::optional<std::pair<std::size_t, std::size_t>> math_arity(std::string_view lowered);

/// The value of the mathematical function `lowered`, called with `args`: null for a null
/// argument; an error naming the function for anything but numbers.
query_value math_function(std::string_view lowered, const std::vector<query_value>& args);

}  // namespace entente::detail::query

// The mathematical functions: each maps numbers to a float (or, for `sign`-like ones elsewhere,
// an integer); null in, null out.

#include "query/math_functions.hpp"

#include <entente/error.hpp>

#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <random>

namespace entente::detail::query {

namespace {

// One argument, a float out.
struct unary_function {
  std::string_view name;  // lower case
  double (*apply)(double);
};

constexpr unary_function unary_functions[] = {
    {"exp", [](double x) { return std::exp(x); }},
    {"log", [](double x) { return std::log(x); }},
    {"log10", [](double x) { return std::log10(x); }},
    {"sin", [](double x) { return std::sin(x); }},
    {"cos", [](double x) { return std::cos(x); }},
    {"tan", [](double x) { return std::tan(x); }},
    {"cot", [](double x) { return 1.0 / std::tan(x); }},
    {"asin", [](double x) { return std::asin(x); }},
    {"acos", [](double x) { return std::acos(x); }},
    {"atan", [](double x) { return std::atan(x); }},
    {"degrees", [](double x) { return x * 180.0 / std::numbers::pi; }},
    {"radians", [](double x) { return x * std::numbers::pi / 180.0; }},
    {"haversin", [](double x) { return (1.0 - std::cos(x)) / 2.0; }},
};

double number_argument(const query_value& v, std::string_view function) {
  if (v.is_number()) return v.as_number();
  throw error(fmt::format("{}() needs a number, got {} {}", function, v.type_name(), to_string(v)));
}

// One generator per thread: queries run on many threads at once.
double uniform_random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace

const std::vector<std::string>& math_function_names() {
  static const std::vector<std::string> names = {
      "exp",  "log",   "log10",   "sin",     "cos",      "tan", "cot", "asin", "acos",
      "atan", "atan2", "degrees", "radians", "haversin", "pi",  "e",   "rand", "isNaN"};
  return names;
}

std::optional<std::pair<std::size_t, std::size_t>> math_arity(std::string_view lowered) {
  if (lowered == "pi" || lowered == "e" || lowered == "rand")
    return std::pair<std::size_t, std::size_t>{0, 0};
  if (lowered == "atan2") return std::pair<std::size_t, std::size_t>{2, 2};
  if (lowered == "isnan") return std::pair<std::size_t, std::size_t>{1, 1};
  for (const auto& f : unary_functions)
    if (f.name == lowered) return std::pair<std::size_t, std::size_t>{1, 1};
  return std::nullopt;
}

query_value math_function(std::string_view lowered, const std::vector<query_value>& args) {
  if (lowered == "pi") return std::numbers::pi;
  if (lowered == "e") return std::numbers::e;
  if (lowered == "rand") return uniform_random();
  for (const auto& a : args)
    if (a.is_null()) return nullptr;
  if (lowered == "isnan") return std::isnan(number_argument(args[0], "isNaN"));
  if (lowered == "atan2")
    return std::atan2(number_argument(args[0], lowered), number_argument(args[1], lowered));
  for (const auto& f : unary_functions)
    if (f.name == lowered) return f.apply(number_argument(args[0], lowered));
  throw error(fmt::format("{}() is not a mathematical function", lowered));
}

}  // namespace entente::detail::query

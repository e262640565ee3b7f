#pragma once
// GraphML data text into typed values, for the GraphML reader: internal, not installed.

#include <entente/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente::detail {

/// The GraphML types of data (`attr.type`), the two integer and the two real ones each as one.
enum class graphml_type : std::uint8_t { boolean, integer, real, string };

/// What the `<desc>` of an entente key adds to a string key: its values are dates, lists (their
/// items typed by their JSON text), or lists of dates.
enum class graphml_hint : std::uint8_t { none, date, list, date_list };

/// The GraphML type named `attr_type` (`boolean`, `int`, `long`, `float`, `double`, `string`, and
/// `integer` as some tools write `int`), or nothing for another name.
[[nodiscard]] std::optional<graphml_type> parse_graphml_type(std::string_view attr_type);

/// The hint a key's `<desc>` text gives (`entente:date`, `entente:list`, `entente:date-list`);
/// `none` for any other description.
[[nodiscard]] graphml_hint parse_graphml_hint(std::string_view desc);

/// The value `text` spells for a key of `type` (with `hint` when it is a string key): booleans
/// `true` `false` `1` `0` in any case; integers in decimal, within 64 bits; reals in decimal or
/// exponent form, `NaN`, `INF`, `-INF` as XML Schema spells them and `nan`, `inf`, `Infinity` as
/// other tools do; numbers may have white space around them. A list is a JSON array of scalars
/// of one type (`NaN`, `Infinity` and `-Infinity` allowed, as entente writes them). Nothing, with
/// `why` saying what is wrong, when the text is not such a value.
[[nodiscard]] std::optional<value> parse_graphml_value(std::string_view text, graphml_type type,
                                                       graphml_hint hint, std::string& why);

/// The members of a JSON object whose values are all strings, in their order (a name may repeat).
using graphml_members = std::vector<std::pair<std::string, std::string>>;

/// The members of the JSON object `text` spells, every value a string: `{"wikidata": "Q423"}`,
/// as entente writes an entity's external ids. Nothing, with `why` saying what is wrong, for
/// other text.
[[nodiscard]] std::optional<graphml_members> parse_graphml_members(std::string_view text,
                                                                   std::string& why);

/// The objects of the JSON array `text` spells, each an object of strings:
/// `[{"id": "a", "published": "2024-06"}]`, as entente writes the graph's sources.
[[nodiscard]] std::optional<std::vector<graphml_members>> parse_graphml_member_lists(
    std::string_view text, std::string& why);

/// Whether `text` is empty or XML white space alone.
[[nodiscard]] bool is_blank(std::string_view text) noexcept;

/// `text` without XML white space at either end.
[[nodiscard]] std::string_view trim_blank(std::string_view text) noexcept;

}  // namespace entente::detail

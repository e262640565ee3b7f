#pragma once
// What the JSON tests share: a small document for a case to edit.

#include <string>
#include <string_view>

namespace entente::testing {

/// A document with two states and one relation, for error cases to edit.
inline constexpr const char* two_states = R"({
  "entities": [
    {"id": "PRK", "kind": "State", "name": "North Korea"},
    {"id": "RUS", "kind": "State", "name": "Russia"}
  ],
  "relations": [
    {"from": "PRK", "type": "supports", "to": "RUS", "evidence": "confirmed"}
  ]
})";

/// `two_states` with its relation replaced by `relation`.
inline std::string with_relation(std::string_view relation) {
  std::string text = two_states;
  std::string_view old =
      R"({"from": "PRK", "type": "supports", "to": "RUS", "evidence": "confirmed"})";
  text.replace(text.find(old), old.size(), relation);
  return text;
}

}  // namespace entente::testing

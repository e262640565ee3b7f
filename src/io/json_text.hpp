#pragma once
// What reading and writing JSON share (internal, not installed): the document type, and how
// messages spell a value's place in a document and its text.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace entente::detail {

using json = nlohmann::ordered_json;

/// Number of code points in UTF-8 `text` (continuation bytes do not count).
inline std::size_t width(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// `text` as a JSON string literal, cut after about 60 bytes so messages stay short.
inline std::string json_quote(std::string_view text) {
  constexpr std::size_t limit = 60;
  bool cut = text.size() > limit;
  if (cut) {
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
  }
  std::string literal =
      json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
  if (cut) literal.insert(literal.size() - 1, "...");
  return literal;
}

inline bool is_identifier(std::string_view key) {
  if (key.empty() || (key[0] >= '0' && key[0] <= '9')) return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

/// `.key`, or `["odd key"]` when the key is not a plain identifier.
inline std::string member_segment(std::string_view key) {
  return is_identifier(key) ? "." + std::string(key) : "[" + json_quote(key) + "]";
}

/// Where a value sits in a document (`$.relations[3].evidence`), as a chain of frames on the
/// reader's stack; turned into text only when there is an error to report.
struct json_path {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  const json_path* parent = nullptr;
  std::string_view key;
  std::size_t index = npos;

  [[nodiscard]] json_path member(std::string_view k) const { return {this, k, npos}; }
  [[nodiscard]] json_path at(std::size_t i) const { return {this, {}, i}; }
  [[nodiscard]] std::string str() const {
    if (parent == nullptr) return "$";
    std::string text = parent->str();
    return text + (index != npos ? "[" + std::to_string(index) + "]" : member_segment(key));
  }
};

}  // namespace entente::detail

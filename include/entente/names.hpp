#pragma once
/// Names in any script: normalised lookup keys and an alias index with "did you mean"
/// suggestions. ICU does the work in src/names.cpp; no ICU type shows here.

#include <entente/model.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace entente {

/// The key a name is looked up by: Unicode-normalised (NFKC), case-folded, diacritics removed,
/// and hyphens, apostrophes, spaces and other punctuation dropped, so that "Kim Jong-un",
/// "KIM JONG UN" and "kim jong‑un" share one key. The script is kept: "Ким Чен Ын" keys in
/// Cyrillic.
[[nodiscard]] std::string name_key(std::string_view name);

/// `name_key` of the name transliterated to Latin first ("Ким Чен Ын" -> "kimchenyn"), so that
/// spellings in different scripts can meet.
[[nodiscard]] std::string latin_name_key(std::string_view name);

/// Maps names and aliases in any script to entities.
class name_index {
 public:
  name_index();
  ~name_index();
  name_index(name_index&&) noexcept;
  name_index& operator=(name_index&&) noexcept;
  name_index(const name_index&) = delete;
  name_index& operator=(const name_index&) = delete;

  /// Records that `name` names entity `e`.
  void add(std::string_view name, entity_index e);

  /// The entities whose names share `name`'s key; when none do, those whose transliterated
  /// key matches. In the order they were added, without repeats.
  [[nodiscard]] std::vector<entity_index> find(std::string_view name) const;

  /// Up to `max` indexed names closest to `name`, nearest first (for "did you mean").
  [[nodiscard]] std::vector<std::string> suggest(std::string_view name, std::size_t max = 3) const;

  /// Number of distinct names recorded.
  [[nodiscard]] std::size_t size() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace entente

#pragma once
// An article read into sentences and words, with the offsets of each: the first step of ingest.

#include <entente/ingest.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace entente::ingest_detail {

struct token {
  std::size_t begin = 0;  // bytes into the article
  std::size_t end = 0;
  std::string lower;         // lower-cased, curly apostrophes and dashes made plain
  bool word = false;         // letters or digits (else one punctuation character)
  bool capitalised = false;  // begins with an upper-case letter, or a letter of a caseless script
  bool possessive = false;   // the "'s" (or lone "'") split off the word before it
};

struct sentence {
  std::size_t begin = 0;  // bytes
  std::size_t end = 0;
  sentence_role role = sentence_role::paragraph;
  std::size_t block = 0;  // which line of the article it comes from
  std::vector<token> tokens;
};

class article {
 public:
  explicit article(std::string_view text);

  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  [[nodiscard]] const std::vector<sentence>& sentences() const noexcept { return sentences_; }
  // Code points before byte `offset`.
  [[nodiscard]] std::uint32_t characters(std::size_t offset) const;
  [[nodiscard]] text_span span(std::size_t begin, std::size_t end) const {
    return {characters(begin), characters(end)};
  }
  [[nodiscard]] std::string_view slice(std::size_t begin, std::size_t end) const {
    return text_.substr(begin, end - begin);
  }

 private:
  std::string_view text_;
  std::vector<sentence> sentences_;
  std::vector<std::uint32_t> characters_;  // per 64-byte block: code points before it
};

// The words of `text` lower-cased as `token::lower` has them (for the lexicon's own words).
std::vector<std::string> words_of(std::string_view text);

}  // namespace entente::ingest_detail

// Reading an article: lines into headings, list items and paragraphs (Markdown's marks, or a
// short line without final punctuation as plain text writes a heading), paragraphs into
// sentences (ICU's sentence rules), sentences into words. ICU stays in this file.

#include "ingest/text.hpp"

#include <entente/error.hpp>

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <memory>

namespace entente::ingest_detail {
namespace {

constexpr std::size_t block_bytes = 64;

UChar32 code_point_at(std::string_view s, std::size_t at, std::size_t& next) {
  auto i = static_cast<std::int32_t>(at);
  const auto n = static_cast<std::int32_t>(s.size());
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, n, c);
  next = static_cast<std::size_t>(i);
  return c < 0 ? 0xFFFD : c;
}

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x02BC || c == 0x2018; }
bool is_word_hyphen(UChar32 c) { return c == '-' || c == 0x2010 || c == 0x2011; }
bool is_word_char(UChar32 c) {
  return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK ||
         u_charType(c) == U_COMBINING_SPACING_MARK;
}
bool is_space(UChar32 c) { return u_isUWhiteSpace(c) || c == 0xFEFF; }

std::string lowered(std::string_view s) {
  std::string out;
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    out.reserve(s.size());
    for (char c : s) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
  }
  // Plain apostrophes and hyphens first, so "Jong‑un’s" lowers to "jong-un's".
  std::string plain;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t next = 0;
    const UChar32 c = code_point_at(s, i, next);
    if (is_apostrophe(c))
      plain += '\'';
    else if (is_word_hyphen(c))
      plain += '-';
    else if (c == 0x201C || c == 0x201D || c == 0x00AB || c == 0x00BB)
      plain += '"';
    else
      plain.append(s.substr(i, next - i));
    i = next;
  }
  icu::UnicodeString::fromUTF8(plain).toLower().toUTF8String(out);
  return out;
}

// The words and punctuation of s[begin, end).
std::vector<token> tokenize(std::string_view s, std::size_t begin, std::size_t end) {
  std::vector<token> tokens;
  std::size_t i = begin;
  while (i < end) {
    std::size_t next = 0;
    const UChar32 c = code_point_at(s, i, next);
    if (is_space(c)) {
      i = next;
      continue;
    }
    if (!is_word_char(c)) {
      token t{i, next, lowered(s.substr(i, next - i)), false, false, false};
      // A lone apostrophe after a plural ("the nations’ ties") marks a possessive.
      if (is_apostrophe(c) && !tokens.empty() && tokens.back().word && tokens.back().end == i &&
          tokens.back().lower.ends_with('s'))
        t.possessive = true;
      tokens.push_back(std::move(t));
      i = next;
      continue;
    }
    // A word: letters, digits and marks, joined across a hyphen or an apostrophe between letters
    // ("Jong-un", "Kim Jong-un’s", "don't") and across the dots of "U.S.".
    std::size_t word_end = next;
    std::size_t segment = 1;  // code points since the last joiner
    bool dotted = false;
    while (word_end < end) {
      std::size_t after = 0;
      const UChar32 d = code_point_at(s, word_end, after);
      if (is_word_char(d)) {
        word_end = after;
        ++segment;
        continue;
      }
      if (after < end && (is_word_hyphen(d) || is_apostrophe(d) || (d == '.' && segment == 1))) {
        std::size_t after_next = 0;
        const UChar32 e = code_point_at(s, after, after_next);
        if (is_word_char(e) && (d != '.' || u_isalpha(e))) {
          dotted = dotted || d == '.';
          word_end = after_next;
          segment = 1;
          continue;
        }
      }
      if (d == '.' && dotted && segment == 1) word_end = after;  // the last dot of "U.S."
      break;
    }
    token t{i, word_end, lowered(s.substr(i, word_end - i)), true, false, false};
    t.capitalised = u_isupper(c) || u_istitle(c) ||
                    (u_isalpha(c) && !u_islower(c) && !u_isupper(c) && c > 0x2FF);
    // "’s" at the end is the possessive: a token of its own.
    if (t.lower.size() > 2 && t.lower.ends_with("'s")) {
      std::size_t cut = word_end - 1;  // before the s
      while (cut > i && (static_cast<unsigned char>(s[cut - 1]) & 0xC0) == 0x80) --cut;
      --cut;  // the apostrophe's first byte
      token possessive{cut, word_end, "'s", false, false, true};
      t.end = cut;
      t.lower = lowered(s.substr(i, cut - i));
      tokens.push_back(std::move(t));
      tokens.push_back(std::move(possessive));
    } else {
      tokens.push_back(std::move(t));
    }
    i = word_end;
  }
  return tokens;
}

std::size_t skip_spaces(std::string_view s, std::size_t i, std::size_t end) {
  while (i < end) {
    std::size_t next = 0;
    if (!is_space(code_point_at(s, i, next))) break;
    i = next;
  }
  return i;
}

std::size_t trim_end(std::string_view s, std::size_t begin, std::size_t end) {
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t next = 0;
    if (!is_space(code_point_at(s, start, next))) break;
    end = start;
  }
  return end;
}

// Where a line's text starts once its Markdown mark is gone, and what the mark made it.
std::size_t strip_mark(std::string_view s, std::size_t begin, std::size_t end,
                       sentence_role& role) {
  std::size_t i = begin;
  if (i < end && s[i] == '#') {
    while (i < end && s[i] == '#') ++i;
    if (i < end && (s[i] == ' ' || s[i] == '\t')) {
      role = sentence_role::heading;
      return skip_spaces(s, i, end);
    }
    return begin;
  }
  if (i + 1 < end && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ') {
    role = sentence_role::list_item;
    return skip_spaces(s, i + 1, end);
  }
  if (s.substr(i, end - i).starts_with("\u2022")) {  // a bullet as word processors write it
    role = sentence_role::list_item;
    return skip_spaces(s, i + 3, end);
  }
  while (i < end && s[i] >= '0' && s[i] <= '9') ++i;
  if (i > begin && i + 1 < end && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ') {
    role = sentence_role::list_item;
    return skip_spaces(s, i + 1, end);
  }
  return begin;
}

// A plain-text heading: a short line that does not end as a sentence does.
bool looks_like_heading(const std::vector<token>& tokens) {
  if (tokens.empty() || tokens.size() > 14 || !tokens.front().capitalised) return false;
  const std::string& last = tokens.back().lower;
  static constexpr std::string_view enders[] = {".", "!", "?", ":", ";", ",", "\"", ")", "…"};
  for (auto e : enders)
    if (last == e) return false;
  return true;
}

std::size_t characters_between(std::string_view s, std::size_t begin, std::size_t end) {
  std::size_t n = 0;
  for (std::size_t i = begin; i < end; ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

struct utext_closer {
  void operator()(UText* t) const { utext_close(t); }
};

}  // namespace

article::article(std::string_view text) : text_(text) {
  // Offsets count characters, so the text must be characters: a stray byte is refused here,
  // by line and column, rather than counted one way by ICU and another by the spans.
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t next = 0;
    auto at = static_cast<std::int32_t>(i);
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), at,
            static_cast<std::int32_t>(text.size()), c);
    next = static_cast<std::size_t>(at);
    if (c < 0)
      throw parse_error("the article is not UTF-8 at byte " + std::to_string(i + 1), line,
                        characters_between(text, line_start, i) + 1);
    if (c == '\n') {
      ++line;
      line_start = next;
    }
    i = next;
  }
  characters_.reserve(text.size() / block_bytes + 1);
  std::uint32_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i % block_bytes == 0) characters_.push_back(count);
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
  }

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaker(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getEnglish(), status));
  if (U_FAILURE(status))
    throw error(std::string("ICU failed to break sentences: ") + u_errorName(status));

  std::size_t block = 0;
  for (std::size_t start = 0; start < text.size(); ++block) {
    std::size_t stop = text.find('\n', start);
    if (stop == std::string_view::npos) stop = text.size();
    const std::size_t line_end = trim_end(text, start, stop);
    auto role = sentence_role::paragraph;
    const std::size_t from = strip_mark(text, skip_spaces(text, start, line_end), line_end, role);
    if (from < line_end) {
      UErrorCode u = U_ZERO_ERROR;
      std::unique_ptr<UText, utext_closer> ut(utext_openUTF8(
          nullptr, text.data() + from, static_cast<std::int64_t>(line_end - from), &u));
      if (U_FAILURE(u)) throw error(std::string("ICU failed to read a line: ") + u_errorName(u));
      breaker->setText(ut.get(), u);
      std::size_t first = sentences_.size();
      std::int32_t b = breaker->first();
      for (std::int32_t e = breaker->next(); e != icu::BreakIterator::DONE;
           b = e, e = breaker->next()) {
        std::size_t sb = skip_spaces(text, from + static_cast<std::size_t>(b),
                                     from + static_cast<std::size_t>(e));
        std::size_t se = trim_end(text, sb, from + static_cast<std::size_t>(e));
        if (sb == se) continue;
        sentence s{sb, se, role, block, tokenize(text, sb, se)};
        if (!s.tokens.empty()) sentences_.push_back(std::move(s));
      }
      // One line, one sentence, short and unpunctuated: plain text's heading.
      if (role == sentence_role::paragraph && sentences_.size() == first + 1 &&
          looks_like_heading(sentences_.back().tokens))
        sentences_.back().role = sentence_role::heading;
    }
    start = stop + 1;
  }
}

std::uint32_t article::characters(std::size_t offset) const {
  if (offset >= text_.size()) {
    std::uint32_t count = characters_.empty() ? 0 : characters_.back();
    for (std::size_t i = (characters_.empty() ? 0 : (characters_.size() - 1) * block_bytes);
         i < text_.size(); ++i)
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++count;
    return count;
  }
  std::uint32_t count = characters_[offset / block_bytes];
  for (std::size_t i = offset / block_bytes * block_bytes; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++count;
  return count;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  for (auto& t : tokenize(text, 0, text.size())) words.push_back(std::move(t.lower));
  return words;
}

}  // namespace entente::ingest_detail

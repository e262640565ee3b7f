// Fuzzes reading articles (ingest.hpp): the input is an article, any bytes, read against the
// bundled knowledge base (bytes that are not UTF-8 must be refused with a parse error). Every
// candidate must point into the text it came from (its sentence and its quote, by character
// offsets, the quote at most 15 words of its sentence), carry a confidence between 0 and 1 and a
// type of the schema; accepting them all into a copy of the graph must either succeed, leaving a
// graph that saves and reads back to itself, or fail with entente's error and leave the graph as it
// was. The same bytes read as a lexicon either add their entries or fail with a parse error.

#include "fuzz.hpp"

#include <entente/ingest.hpp>
#include <entente/io/json.hpp>

#include <numeric>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Code points of `text` (a malformed byte counts as one, as ingest counts it).
std::vector<std::size_t> code_point_starts(std::string_view text) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(text.size());
  return starts;
}

std::size_t words(std::string_view quote) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : quote) {
    const bool space = c == ' ' || c == '\t' || c == '\n';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace entente;
  const auto text = fuzzing::text(data, size);
  const auto& kb = fuzzing::bundled_graph();
  ingest_result result;
  try {
    result = ingest(kb, text);
  } catch (const parse_error&) {
    return 0;  // not UTF-8: refused by line and column
  }
  const auto starts = code_point_starts(text);
  const auto characters = starts.size() - 1;
  for (const auto& s : result.sentences)
    if (s.span.begin > s.span.end || s.span.end > characters)
      fuzzing::broken("a sentence lies inside the text", s.text);
  for (const auto& c : result.candidates) {
    if (c.sentence >= result.sentences.size())
      fuzzing::broken("a candidate names one of the sentences", c.quote);
    const auto& s = result.sentences[c.sentence].span;
    if (c.quote_span.begin < s.begin || c.quote_span.end > s.end ||
        c.quote_span.begin > c.quote_span.end)
      fuzzing::broken("a quote lies inside its sentence", c.quote);
    const auto from = starts[c.quote_span.begin], to = starts[c.quote_span.end];
    if (text.substr(from, to - from) != c.quote)
      fuzzing::broken("a quote is the text at its span", c.quote);
    if (words(c.quote) > 15 + 15)  // 15 of ingest's words; punctuation may stand alone here
      fuzzing::broken("a quote is at most 15 words", c.quote);
    if (!(c.confidence >= 0 && c.confidence <= 1))
      fuzzing::broken("a confidence lies between 0 and 1", c.quote);
    if (!kb.schema().find_relation_type(c.type))
      fuzzing::broken("a candidate's type is the schema's", c.type);
  }

  graph grown = kb;
  std::vector<std::size_t> all(result.candidates.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  try {
    accept_candidates(grown, result, all, {"fuzzed-article", "", "", {}, ""});
    if (!(io::read_json(io::write_json(grown)) == grown))
      fuzzing::broken("a graph grown from an article reads back to itself");
  } catch (const error&) {
    if (!(grown == kb)) fuzzing::broken("accepting that fails changes nothing");
  }

  try {
    lexicon lex;
    lex.add(text, "fuzzed.lex");
  } catch (const parse_error&) {
  }
  return 0;
}

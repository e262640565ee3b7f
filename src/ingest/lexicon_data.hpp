#pragma once
// What a lexicon holds once its `.lex` text is read (src/ingest/lexicon.cpp): the matcher
// (src/ingest/extract.cpp) reads these tables.

#include <entente/ingest.hpp>
#include <entente/model.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace entente {

namespace ingest_detail {

using phrase = std::vector<std::string>;  // lower-cased words

struct element {
  enum class kind { subject, object, item, words, optional_words, gap } kind = kind::words;
  std::vector<std::string> words;  // any one of them (words, optional_words)
  std::size_t most = 0;            // gap: at most this many words
};

struct pattern {
  std::string type;
  std::string item_attribute;           // what Y fills
  evidence plain = evidence::reported;  // what a plain statement of it says
  std::vector<element> elements;
  std::string text;  // as written in the lexicon
  std::string origin;
  std::size_t line = 0;
  bool has_subject = false;
};

struct cue {
  phrase words;
  evidence level;
};

// A name made of others: "the Pyongyang-Moscow axis" (head word "axis": each part is a member),
// "the Kim-Putin summit" (a symmetric type: between the parts), "an anti-Western bloc" (prefix
// "anti": the whole opposes the part).
struct compound_rule {
  std::string type;
  bool prefix = false;  // words are prefixes before a hyphen, else head words after the parts
  std::unordered_set<std::string> words;
};

}  // namespace ingest_detail

struct lexicon::impl {
  std::vector<ingest_detail::pattern> patterns;
  std::vector<ingest_detail::cue> evidence_cues;
  std::vector<ingest_detail::phrase> negations;
  std::vector<ingest_detail::phrase> titles;
  std::vector<ingest_detail::phrase> groups;
  std::vector<ingest_detail::phrase> organs;  // "foreign ministry": an actor's own body speaking
  std::vector<std::pair<ingest_detail::phrase, std::string>> metonyms;  // phrase, entity name
  std::vector<ingest_detail::compound_rule> compounds;
  std::vector<ingest_detail::phrase> appositions;  // "A, particularly B": B's actors join A's
  std::unordered_set<std::string> coalitions;      // "this alliance": the last two states' own
  std::unordered_set<std::string> fillers;  // skipped between a pattern's words (one-word cues too)
  std::unordered_set<std::string> speech;   // "said": an actor's own words
  std::unordered_set<std::string> organisation;  // a new name ending so is an organisation
  std::unordered_set<std::string> not_names;     // capitalised words that name nothing
};

}  // namespace entente

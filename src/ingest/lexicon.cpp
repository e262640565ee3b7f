// Reading `.lex` files: sections of relation patterns, evidence cues and the phrases ingest
// resolves actors with. The format is documented in the README ("The ingest lexicon").

#include "ingest/lexicon_data.hpp"
#include "ingest/text.hpp"

#include <entente/error.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace entente {

extern const char* const
    builtin_lexicon_text;  // src/ingest/builtin_lexicon.cpp, made from builtin.lex

namespace {

using ingest_detail::element;
using ingest_detail::phrase;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool is_consonant(char c) { return std::string_view("aeiou").find(c) == std::string_view::npos; }

// A verb's regular forms: supply -> supplies, supplied, supplying. Irregular ones are written
// out as alternatives in the lexicon.
std::vector<std::string> inflections(const std::string& base) {
  std::vector<std::string> forms{base};
  const char last = base.back();
  const bool sibilant = base.ends_with("s") || base.ends_with("x") || base.ends_with("z") ||
                        base.ends_with("ch") || base.ends_with("sh");
  if (last == 'y' && base.size() > 1 && is_consonant(base[base.size() - 2])) {
    const std::string stem = base.substr(0, base.size() - 1);
    forms.insert(forms.end(), {stem + "ies", stem + "ied", base + "ing"});
  } else if (last == 'e') {
    forms.insert(forms.end(), {base + "s", base + "d", base.substr(0, base.size() - 1) + "ing"});
  } else if (sibilant) {
    forms.insert(forms.end(), {base + "es", base + "ed", base + "ing"});
  } else {
    forms.insert(forms.end(), {base + "s", base + "ed", base + "ing"});
  }
  return forms;
}

class reader {
 public:
  reader(lexicon::impl& into, std::string_view origin) : lex_(into), origin_(origin) {}

  void read(std::string_view text) {
    std::size_t line_no = 0;
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t stop = text.find('\n', start);
      if (stop == std::string_view::npos) stop = text.size();
      ++line_no;
      std::string_view line = text.substr(start, stop - start);
      if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
      const std::size_t indent = line.find_first_not_of(" \t");
      line = trim(line);
      if (!line.empty()) entry(line, line_no, indent + 1);
      start = stop + 1;
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what, std::size_t line, std::size_t column) const {
    throw parse_error(std::string(origin_) + ": " + what, line, column);
  }

  void entry(std::string_view line, std::size_t line_no, std::size_t column) {
    if (line.front() == '[') {
      if (line.back() != ']') fail("a section line ends with ']'", line_no, column + line.size());
      section(trim(line.substr(1, line.size() - 2)), line_no, column);
      return;
    }
    switch (part_) {
      case part::none: fail("an entry before any [section]", line_no, column);
      case part::relation: add_pattern(line, line_no, column); return;
      // A one-word cue or negation may stand between a pattern's parts ("Iran denied
      // supplying…"), as fillers do: recorded as one here, not looked up per word matched.
      case part::evidence:
        lex_.evidence_cues.push_back({words(line, line_no, column), level_});
        if (lex_.evidence_cues.back().words.size() == 1)
          lex_.fillers.insert(lex_.evidence_cues.back().words[0]);
        return;
      case part::negation:
        lex_.negations.push_back(words(line, line_no, column));
        if (lex_.negations.back().size() == 1) lex_.fillers.insert(lex_.negations.back()[0]);
        return;
      case part::title: lex_.titles.push_back(words(line, line_no, column)); return;
      case part::apposition: lex_.appositions.push_back(words(line, line_no, column)); return;
      case part::compound:
        for (auto& w : words(line, line_no, column))
          lex_.compounds.back().words.insert(std::move(w));
        return;
      case part::group: lex_.groups.push_back(words(line, line_no, column)); return;
      case part::organ: lex_.organs.push_back(words(line, line_no, column)); return;
      case part::metonym: {
        const auto eq = line.find('=');
        if (eq == std::string_view::npos)
          fail("a metonym is written `PHRASE = NAME`", line_no, column + line.size());
        const auto name = trim(line.substr(eq + 1));
        if (name.empty()) fail("a metonym names an entity after `=`", line_no, column + eq + 1);
        lex_.metonyms.emplace_back(words(trim(line.substr(0, eq)), line_no, column),
                                   std::string(name));
        return;
      }
      case part::filler:
      case part::speech:
      case part::organisation:
      case part::coalition:
      case part::not_names: {
        auto& set = part_ == part::filler         ? lex_.fillers
                    : part_ == part::speech       ? lex_.speech
                    : part_ == part::organisation ? lex_.organisation
                    : part_ == part::coalition    ? lex_.coalitions
                                                  : lex_.not_names;
        for (auto& w : words(line, line_no, column)) set.insert(std::move(w));
        return;
      }
    }
  }

  void section(std::string_view head, std::size_t line_no, std::size_t column) {
    std::vector<std::string_view> parts;
    for (std::size_t i = 0; i < head.size();) {
      const auto sp = head.find(' ', i);
      const auto part =
          head.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i);
      if (!part.empty()) parts.push_back(part);
      if (sp == std::string_view::npos) break;
      i = sp + 1;
    }
    if (parts.empty()) fail("an empty section name", line_no, column);
    const auto name = parts[0];
    auto expect = [&](std::size_t lo, std::size_t hi, const char* usage) {
      if (parts.size() < lo || parts.size() > hi)
        fail(std::string("write the section as ") + usage, line_no, column);
    };
    if (name == "relation") {
      // [relation TYPE [ATTRIBUTE] [plain=LEVEL]]: LEVEL is what a plain statement of this type
      // says (a title states an office: confirmed), reported unless given.
      plain_ = evidence::reported;
      if (parts.size() >= 3 && parts.back().starts_with("plain=")) {
        const auto level = parse_evidence(parts.back().substr(6));
        if (!level)
          fail(
              "unknown evidence level \"" + std::string(parts.back().substr(6)) + "\" after plain=",
              line_no, column + 1);
        plain_ = *level;
        parts.pop_back();
      }
      expect(2, 3, "[relation TYPE], [relation TYPE ATTRIBUTE] or either with plain=LEVEL");
      part_ = part::relation;
      type_ = std::string(parts[1]);
      attribute_ = parts.size() == 3 ? std::string(parts[2]) : std::string("item");
    } else if (name == "evidence") {
      expect(2, 2, "[evidence LEVEL]");
      const auto level = parse_evidence(parts[1]);
      if (!level || *level == evidence::reported)
        fail("unknown evidence level \"" + std::string(parts[1]) +
                 "\" (confirmed, alleged, speculated, denied: a plain statement is reported)",
             line_no, column + 10);
      part_ = part::evidence;
      level_ = *level;
    } else if (name == "compound" || name == "prefix") {
      expect(2, 2, name == "compound" ? "[compound TYPE]" : "[prefix TYPE]");
      part_ = part::compound;
      lex_.compounds.push_back({std::string(parts[1]), name == "prefix", {}});
    } else {
      static const std::pair<std::string_view, part> plain[] = {
          {"negation", part::negation},    {"title", part::title},
          {"group", part::group},          {"organ", part::organ},
          {"metonym", part::metonym},      {"filler", part::filler},
          {"speech", part::speech},        {"organisation", part::organisation},
          {"not-a-name", part::not_names}, {"apposition", part::apposition},
          {"coalition", part::coalition}};
      const auto* found = std::find_if(std::begin(plain), std::end(plain),
                                       [&](const auto& p) { return p.first == name; });
      if (found == std::end(plain))
        fail("unknown section [" + std::string(name) +
                 "] (relation, evidence, negation, title, group, organ, metonym, filler, "
                 "speech, organisation, not-a-name, apposition, coalition, compound, prefix)",
             line_no, column + 1);
      expect(1, 1, ("[" + std::string(name) + "]").c_str());
      part_ = found->second;
    }
  }

  phrase words(std::string_view text, std::size_t line_no, std::size_t column) const {
    auto w = ingest_detail::words_of(text);
    if (w.empty()) fail("no words", line_no, column);
    return w;
  }

  void add_pattern(std::string_view line, std::size_t line_no, std::size_t column) {
    ingest_detail::pattern p;
    p.type = type_;
    p.item_attribute = attribute_;
    p.plain = plain_;
    p.text = std::string(line);
    p.origin = std::string(origin_);
    p.line = line_no;
    bool object = false;
    for (std::size_t i = 0; i < line.size();) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i >= line.size()) break;
      std::size_t end = line.find_first_of(" \t", i);
      if (end == std::string_view::npos) end = line.size();
      const std::string_view item = line.substr(i, end - i);
      const std::size_t at = column + i;
      element e;
      if (item == "X" || item == "Z" || item == "Y") {
        e.kind = item == "X"   ? element::kind::subject
                 : item == "Z" ? element::kind::object
                               : element::kind::item;
        bool& seen = item == "X" ? p.has_subject : item == "Z" ? object : seen_item_;
        if (seen) fail("the slot " + std::string(item) + " appears twice", line_no, at);
        seen = true;
      } else if (item == "...") {
        e.kind = element::kind::gap;
        e.most = 4;
      } else {
        std::string_view body = item;
        if (body.front() == '(' && body.back() == ')' && body.size() > 2) {
          e.kind = element::kind::optional_words;
          body = body.substr(1, body.size() - 2);
        }
        for (std::size_t j = 0; j <= body.size();) {
          std::size_t bar = body.find('|', j);
          if (bar == std::string_view::npos) bar = body.size();
          std::string word(body.substr(j, bar - j));
          if (word.empty())
            fail("an empty alternative in \"" + std::string(item) + "\"", line_no, at);
          if (word == "'s" || word == "’s") {  // the possessive, a token of its own
            e.words.emplace_back("'s");
            j = bar + 1;
            continue;
          }
          const bool inflect = word.back() == '~';
          if (inflect) word.pop_back();
          auto lowered = ingest_detail::words_of(word);
          if (lowered.size() != 1)
            fail("\"" + word + "\" is not one word (join words with spaces, not inside a token)",
                 line_no, at);
          if (inflect)
            for (auto& f : inflections(lowered[0])) e.words.push_back(std::move(f));
          else
            e.words.push_back(std::move(lowered[0]));
          j = bar + 1;
        }
      }
      p.elements.push_back(std::move(e));
      i = end;
    }
    const bool seen_title = seen_item_;
    seen_item_ = false;
    if (!object) fail("a pattern needs the object slot Z", line_no, column);
    const bool has_word = std::any_of(p.elements.begin(), p.elements.end(), [](const element& e) {
      return e.kind == element::kind::words;
    });
    // A title stands for words: "Z Y X" reads "Russian Foreign Minister Sergey Lavrov".
    const bool titled = p.item_attribute == "role" && seen_title;
    if (!has_word && !titled)
      fail("a pattern needs at least one word besides its slots", line_no, column);
    lex_.patterns.push_back(std::move(p));
  }

  enum class part {
    none,
    relation,
    evidence,
    negation,
    title,
    group,
    organ,
    metonym,
    filler,
    speech,
    organisation,
    not_names,
    apposition,
    coalition,
    compound
  };
  lexicon::impl& lex_;
  std::string_view origin_;
  part part_ = part::none;
  std::string type_;
  std::string attribute_;
  evidence level_ = evidence::reported;
  evidence plain_ = evidence::reported;
  bool seen_item_ = false;
};

}  // namespace

lexicon::lexicon() : impl_(std::make_unique<impl>()) {}
lexicon::~lexicon() = default;
lexicon::lexicon(const lexicon& other) : impl_(std::make_unique<impl>(*other.impl_)) {}
lexicon& lexicon::operator=(const lexicon& other) {
  if (this != &other) impl_ = std::make_unique<impl>(*other.impl_);
  return *this;
}
lexicon::lexicon(lexicon&&) noexcept = default;
lexicon& lexicon::operator=(lexicon&&) noexcept = default;

const lexicon& lexicon::builtin() {
  static const lexicon shipped = [] {
    lexicon l;
    l.add(builtin_lexicon_text, "builtin.lex");
    return l;
  }();
  return shipped;
}

void lexicon::add(std::string_view text, std::string_view origin) {
  // All or nothing: a file with an error adds none of its entries.
  impl copy = *impl_;
  reader(copy, origin).read(text);
  *impl_ = std::move(copy);
}

void lexicon::add_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw io_error("cannot read the lexicon " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw io_error("cannot read the lexicon " + file.string());
  add(text.str(), file.string());
}

std::size_t lexicon::pattern_count() const noexcept { return impl_->patterns.size(); }

std::vector<std::string> lexicon::relation_types() const {
  std::set<std::string> types;
  for (const auto& p : impl_->patterns) types.insert(p.type);
  for (const auto& c : impl_->compounds) types.insert(c.type);
  return {types.begin(), types.end()};
}

}  // namespace entente

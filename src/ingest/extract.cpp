// Matching the lexicon's relation patterns between the actors of each sentence, and reading the
// evidence of each match from the cues around it: `ingest` (ingest.hpp).

#include "ingest/actors.hpp"
#include "ingest/facts.hpp"
#include "ingest/lexicon_data.hpp"
#include "ingest/text.hpp"

#include <entente/ingest.hpp>
#include <entente/names.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace entente {
namespace ingest_detail {
namespace {

constexpr std::size_t max_item_words = 6;
constexpr std::size_t max_fillers = 4;
constexpr std::size_t max_quote_words = 15;

struct cue_at {
  std::size_t begin, end;  // tokens
  evidence level;
  std::string words;
};

// One way a pattern matched, as the matcher binds it.
struct binding {
  std::optional<std::size_t> subject, object;                                  // mention indexes
  std::optional<std::pair<std::size_t, std::size_t>> subject_new, object_new;  // token ranges
  std::optional<std::pair<std::size_t, std::size_t>> item;
  std::vector<std::size_t> words;  // tokens the pattern's own words matched
  std::size_t begin = 0, end = 0;
  std::size_t fillers = 0;
  bool gap = false;
  bool shared_subject = false;  // a verb after "and" with the sentence's subject
};

class sentence_matcher {
 public:
  sentence_matcher(const lexicon::impl& lex, const sentence& s,
                   const std::vector<mention>& mentions)
      : lex_(lex),
        s_(s),
        mentions_(mentions),
        mention_at_(s.tokens.size(), none),
        part_at_(s.tokens.size()),
        covered_(s.tokens.size(), false) {
    for (std::size_t m = 0; m < mentions.size(); ++m) {
      if (mentions[m].is_part)
        part_at_[mentions[m].begin].push_back(m);
      else if (!mentions[m].actors.empty() || !mentions[m].title.empty())
        mention_at_[mentions[m].begin] = m;
      for (std::size_t t = mentions[m].begin; t < mentions[m].end; ++t) covered_[t] = true;
    }
  }

  // Every first match of every pattern from every start.
  std::vector<std::pair<const pattern*, binding>> run() {
    std::vector<std::pair<const pattern*, binding>> out;
    const auto subject = clause_subject();
    for (std::size_t start = 0; start < s_.tokens.size(); ++start)
      for (const auto& p : lex_.patterns) {
        pattern_ = &p;
        binding b;
        b.begin = start;
        if (match(0, start, b)) {
          out.emplace_back(&p, std::move(found_));
        } else if (subject && start > subject->end && s_.tokens[start - 1].lower == "and" &&
                   !p.elements.empty() && p.elements[0].kind == element::kind::subject) {
          // A second verb of the sentence's subject: "Beijing maintains ties with Pyongyang and
          // seeks to counter U.S. influence".
          b.subject = subject->known;
          if (!subject->known) b.subject_new = std::pair{subject->begin, subject->end};
          b.gap = true;
          b.shared_subject = true;
          if (match(1, start, b)) out.emplace_back(&p, std::move(found_));
        }
      }
    return out;
  }

  // The actor a sentence begins with ("While Beijing maintains…"), known or a new name, which
  // later verbs joined by "and" share.
  struct subject_words {
    std::optional<std::size_t> known;  // a mention
    std::size_t begin, end;            // tokens
  };
  std::optional<subject_words> clause_subject() const {
    for (std::size_t at = 0; at <= 1 && at < s_.tokens.size(); ++at) {
      if (const std::size_t m = mention_at_[at];
          m != none && mentions_[m].acts && !mentions_[m].pronoun)
        return subject_words{m, mentions_[m].begin, mentions_[m].end};
      if (auto end = proper_name(at)) return subject_words{std::nullopt, at, *end};
    }  // else the second word ("While Beijing…")
    return std::nullopt;
  }

  bool filler(std::size_t t) const {
    const auto& w = s_.tokens[t].lower;
    if (w == "\"") return true;  // quotation marks around a quoted verb: “fully supports”
    if (!s_.tokens[t].word) return false;
    if (lex_.fillers.contains(w)) return true;
    return w.size() > 4 && w.ends_with("ly");  // an adverb
  }

 private:
  static constexpr std::size_t none = static_cast<std::size_t>(-1);

  bool match(std::size_t e, std::size_t at, binding& b) {
    if (e == pattern_->elements.size()) {
      b.end = at;
      found_ = b;
      return true;
    }
    // Fillers may stand before any part but the first.
    const std::size_t most = e == 0 ? 0 : max_fillers;
    for (std::size_t skip = 0; skip <= most && at + skip <= s_.tokens.size(); ++skip) {
      if (skip > 0 && !filler(at + skip - 1)) break;
      // "Iran maintains ties with Russia and seeks…": a verb after "and" is not the actor's
      // right before it, but the sentence subject's (run above).
      if (skip == 1 && e == 1 && pattern_->elements[0].kind == element::kind::subject &&
          s_.tokens[at].lower == "and")
        break;
      binding tried = b;
      tried.fillers += skip;
      if (element(e, at + skip, tried)) return true;
    }
    return false;
  }

  bool element(std::size_t e, std::size_t at, binding& b) {
    const auto& el = pattern_->elements[e];
    const auto& tokens = s_.tokens;
    switch (el.kind) {
      case element::kind::subject:
      case element::kind::object: {
        const bool subject = el.kind == element::kind::subject;
        // A title before a name is how the person is named: "President Putin".
        if (at < tokens.size() && mention_at_[at] != none &&
            mentions_[mention_at_[at]].actors.empty() &&
            !mentions_[mention_at_[at]].title.empty()) {
          const std::size_t name = mentions_[mention_at_[at]].end;
          if (name < tokens.size() && mention_at_[name] != none && element(e, name, b)) return true;
        }
        // A list whole ("A, B and C condemned Z"), else a part that begins here ("ties between
        // A and B").
        std::vector<std::size_t> here;
        if (at < tokens.size()) {
          if (mention_at_[at] != none) here.push_back(mention_at_[at]);
          here.insert(here.end(), part_at_[at].begin(), part_at_[at].end());
        }
        for (std::size_t m : here) {
          if (mentions_[m].actors.empty()) continue;
          binding tried = b;
          (subject ? tried.subject : tried.object) = m;
          if (!mentions_[m].pronoun) {
            if (match(e + 1, mentions_[m].end, tried)) return true;
            continue;
          }
          // "its" stands for "X 's" and nothing else.
          const auto& elements = pattern_->elements;
          if (e + 1 < elements.size() && elements[e + 1].kind == element::kind::words &&
              std::find(elements[e + 1].words.begin(), elements[e + 1].words.end(), "'s") !=
                  elements[e + 1].words.end() &&
              match(e + 2, mentions_[m].end, tried))
            return true;
        }
        if (auto end = proper_name(at)) {
          binding tried = b;
          (subject ? tried.subject_new : tried.object_new) = std::pair{at, *end};
          if (match(e + 1, *end, tried)) return true;
        }
        return false;
      }
      case element::kind::item: {
        if (pattern_->item_attribute == "role") {  // a title, whole
          if (at >= tokens.size() || mention_at_[at] == none ||
              mentions_[mention_at_[at]].title.empty())
            return false;
          binding tried = b;
          tried.item = std::pair{at, mentions_[mention_at_[at]].end};
          return match(e + 1, mentions_[mention_at_[at]].end, tried);
        }
        const bool last = e + 1 == pattern_->elements.size();
        for (std::size_t n = 1; n <= max_item_words && at + n <= tokens.size(); ++n) {
          const auto& t = tokens[at + n - 1];
          if (!t.word ||
              (mention_at_[at + n - 1] != none && mentions_[mention_at_[at + n - 1]].acts))
            break;
          if (last && at + n < tokens.size() && tokens[at + n].word && n < 4) continue;
          binding tried = b;
          tried.item = std::pair{at, at + n};
          if (match(e + 1, at + n, tried)) return true;
        }
        return false;
      }
      case element::kind::words:
      case element::kind::optional_words: {
        if (at < tokens.size() &&
            std::find(el.words.begin(), el.words.end(), tokens[at].lower) != el.words.end()) {
          binding tried = b;
          tried.words.push_back(at);
          if (match(e + 1, at + 1, tried)) return true;
        }
        return el.kind == element::kind::optional_words && match(e + 1, at, b);
      }
      case element::kind::gap:
        for (std::size_t n = 0; n <= el.most && at + n <= tokens.size(); ++n) {
          if (n > 0 && !tokens[at + n - 1].word && tokens[at + n - 1].lower != "-") break;
          binding tried = b;
          tried.gap = tried.gap || n > 0;
          if (match(e + 1, at + n, tried)) return true;
        }
        return false;
    }
    return false;
  }

  // The end of a proper name the graph does not know that starts at `at`: capitalised words
  // (with "of", "the", "al" and such inside), covered by no mention.
  std::optional<std::size_t> proper_name(std::size_t at) const {
    const auto& tokens = s_.tokens;
    if (at >= tokens.size() || !tokens[at].word || !tokens[at].capitalised || covered_[at] ||
        lex_.not_names.contains(tokens[at].lower))
      return std::nullopt;
    // A name starts at its first capitalised word, not inside ("Aviation Industries").
    if (at > 0 && tokens[at - 1].word && tokens[at - 1].capitalised && !covered_[at - 1])
      return std::nullopt;
    std::size_t end = at + 1;
    while (end < tokens.size() && !covered_[end] && tokens[end].word) {
      if (tokens[end].capitalised) {
        ++end;
        continue;
      }
      static constexpr std::string_view inner[] = {"of", "the", "al", "bin", "de", "for", "and"};
      const bool joins =
          std::find(std::begin(inner), std::end(inner), tokens[end].lower) != std::end(inner) &&
          end + 1 < tokens.size() && tokens[end + 1].capitalised && !covered_[end + 1] &&
          tokens[end].lower != "and";
      if (!joins) break;
      end += 2;
    }
    if (at == 0 && end - at < 2) return std::nullopt;  // "Analysts", "Sending": any first word
    return end;
  }

  const lexicon::impl& lex_;
  const sentence& s_;
  const std::vector<mention>& mentions_;
  const pattern* pattern_ = nullptr;
  binding found_;
  std::vector<std::size_t> mention_at_;
  std::vector<std::vector<std::size_t>> part_at_;  // the parts of lists, by where they begin
  std::vector<bool> covered_;
};

std::vector<cue_at> cues_of(const lexicon::impl& lex, const sentence& s) {
  std::vector<cue_at> cues;
  for (std::size_t at = 0; at < s.tokens.size(); ++at)
    for (const auto& c : lex.evidence_cues) {
      if (at + c.words.size() > s.tokens.size()) continue;
      bool same = true;
      for (std::size_t i = 0; i < c.words.size() && same; ++i)
        same = s.tokens[at + i].lower == c.words[i];
      if (!same) continue;
      std::string words;
      for (const auto& w : c.words) words += (words.empty() ? "" : " ") + w;
      cues.push_back({at, at + c.words.size(), c.level, std::move(words)});
    }
  return cues;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::string join_words(const article& a, const sentence& s, std::size_t begin, std::size_t end) {
  return std::string(a.slice(s.tokens[begin].begin, s.tokens[end - 1].end));
}

}  // namespace

class extractor {
 public:
  extractor(const graph& g, const lexicon::impl& lex, const article& a)
      : g_(g), lex_(lex), a_(a), actors_(g, lex) {}

  ingest_result run() {
    ingest_result out;
    const auto& sentences = a_.sentences();
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      const auto& s = sentences[i];
      out.sentences.push_back(
          {a_.span(s.begin, s.end), std::string(a_.slice(s.begin, s.end)), s.role});
      auto joined = actors_.find(a_, s, i);
      // The lists' parts too, after the mentions themselves, for the patterns to bind one.
      auto mentions = joined;
      for (const auto& m : joined)
        for (auto part : m.parts) {
          part.is_part = true;
          mentions.push_back(std::move(part));
        }
      if (s.role == sentence_role::heading) {  // titles state no facts
        ++section_;
        continue;
      }
      sentence_matcher matcher(lex_, s, mentions);
      auto matches = matcher.run();
      const auto cues = cues_of(lex_, s);
      std::vector<ingest_candidate> here;
      for (auto& [p, b] : matches) add(*p, b, s, i, mentions, cues, here);
      names_made_of_names(s, i, mentions, cues, here);
      offices_before_names(s, i, mentions, cues, here);
      keep_most_specific(here);
      unknown_cues(s, i, joined, here, matcher, out.unknown_cues);
      for (auto& c : here) out.candidates.push_back(std::move(c));
    }
    out.new_entities = actors_.new_entities();
    return out;
  }

 private:
  ingest_actor end_actor(const std::optional<std::size_t>& m,
                         const std::optional<std::pair<std::size_t, std::size_t>>& unknown,
                         const std::vector<mention>& mentions, const sentence& s,
                         std::vector<ingest_actor>& all, double& certainty) {
    if (m) {
      all = mentions[*m].actors;
      certainty *= mentions[*m].certainty;
      return all.front();
    }
    all = {actors_.unknown(a_, s, unknown->first, unknown->second)};
    certainty *= 0.7;
    return all.front();
  }

  void add(const pattern& p, const binding& b, const sentence& s, std::size_t index,
           const std::vector<mention>& mentions, const std::vector<cue_at>& cues,
           std::vector<ingest_candidate>& out) {
    const auto& schema = g_.schema();
    const auto type = schema.find_relation_type(p.type);
    if (!type) return;  // a type this graph's schema lacks
    double certainty = 0.9;
    std::vector<ingest_actor> subjects, objects;
    end_actor(b.object, b.object_new, mentions, s, objects, certainty);
    if (p.has_subject) {
      end_actor(b.subject, b.subject_new, mentions, s, subjects, certainty);
    } else if (auto context = subject_from_context(b, mentions, index)) {
      subjects = *context;
      certainty *= 0.75;
    } else {
      return;
    }
    // Negated ("did not condemn"): no fact, unless it is a denial, which the evidence says.
    std::optional<cue_at> decided = evidence_of(b, cues, s, mentions, subjects);
    for (std::size_t t = b.begin; t < b.end; ++t)
      for (const auto& n : lex_.negations)
        if (n.size() == 1 && s.tokens[t].lower == n[0] &&
            (!decided || decided->level != evidence::denied))
          return;
    certainty *= std::pow(0.95, static_cast<double>(b.fillers > 1 ? b.fillers - 1 : 0));
    if (b.gap) certainty *= 0.9;

    for (const auto& x : subjects)
      for (const auto& z : objects) {
        if (x.entity && z.entity && *x.entity == *z.entity) continue;
        if (!x.entity && !z.entity) continue;
        if (!allowed(*type, x, z)) continue;
        ingest_candidate c;
        c.from = x;
        c.type = p.type;
        c.to = z;
        if (b.item) {
          std::string item = join_words(a_, s, b.item->first, b.item->second);
          if (p.item_attribute == "role") item = mentions_title(mentions, b.item->first);
          c.attributes.emplace_back(p.item_attribute, std::move(item));
        }
        // A section with its own plain level (a title states an office) takes no hedging from
        // the sentence around it, only a denial.
        const bool own_level = p.plain != evidence::reported;
        const bool cue_applies = decided && (!own_level || decided->level == evidence::denied);
        c.evidence = cue_applies ? decided->level : p.plain;
        c.evidence_cue = cue_applies ? decided->words : "";
        c.sentence = index;
        c.span = a_.span(s.begin, s.end);
        quote(c, b, decided, s);
        c.confidence = std::clamp(certainty, 0.05, 0.99);
        c.pattern = p.text;
        c.existing = existing(c, *type);
        out.push_back(std::move(c));
      }
  }

  // A name made of others ("the Pyongyang-Moscow axis", "the Kim-Putin summit", "an
  // anti-Western bloc") states how they relate, as the lexicon's compound and prefix rules say.
  void names_made_of_names(const sentence& s, std::size_t index,
                           const std::vector<mention>& mentions, const std::vector<cue_at>& cues,
                           std::vector<ingest_candidate>& out) {
    const std::size_t named = mentions.size();
    for (std::size_t m = 0; m < named; ++m) {
      const mention& whole = mentions[m];
      if (whole.is_part || whole.pronoun || whole.actors.size() != 1 ||
          !whole.actors.front().entity || whole.end - whole.begin < 2)
        continue;
      const auto& tokens = s.tokens;
      for (const auto& rule : lex_.compounds) {
        const auto type = g_.schema().find_relation_type(rule.type);
        if (!type) continue;
        // The names: the words before the head ("Pyongyang-Moscow" of "Pyongyang-Moscow axis"),
        // or after the prefix up to the head ("Western" of "anti-Western bloc").
        const auto& head = tokens[whole.end - 1];
        std::size_t from = tokens[whole.begin].begin;
        if (rule.prefix) {
          const auto& first = tokens[whole.begin].lower;
          const auto hyphen = first.find('-');
          if (hyphen == std::string::npos || !rule.words.contains(first.substr(0, hyphen)))
            continue;
          from += hyphen + 1;  // the prefix is ASCII, as the lexicon's words are
        } else if (!rule.words.contains(head.lower)) {
          continue;
        }
        const auto names = trim_spaces(a_.slice(from, tokens[whole.end - 2].end));
        auto parts = actors_.parts_of(names);
        if (parts.empty() || (!rule.prefix && parts.size() < 2)) continue;
        const bool between = g_.schema().relation_type_at(*type).symmetric;
        if (rule.prefix && between) continue;
        // Each part as a mention of the whole's words, for the candidate to name (a copy, made
        // only for a name that is made of names).
        std::vector<mention> with_parts = mentions;
        for (auto& part : parts) {
          mention p{whole.begin, whole.end, {part}, {}, 0.8};
          p.acts = true;
          with_parts.push_back(std::move(p));
        }
        pattern p;
        p.type = rule.type;
        p.text = (rule.prefix ? "prefix " : "compound ") + head.lower;
        p.has_subject = true;
        binding b;
        b.begin = whole.begin;
        b.end = whole.end;
        if (between) {
          if (parts.size() != 2) continue;
          b.subject = named;
          b.object = named + 1;
        } else if (rule.prefix) {
          b.subject = m;
          b.object = named;
        } else {
          for (std::size_t i = 0; i < parts.size(); ++i) {
            b.subject = named + i;
            b.object = m;
            add(p, b, s, index, with_parts, cues, out);
          }
          continue;
        }
        add(p, b, s, index, with_parts, cues, out);
      }
    }
  }

  // "President Putin": a title before a person the graph knows in that office states it again.
  void offices_before_names(const sentence& s, std::size_t index,
                            const std::vector<mention>& mentions, const std::vector<cue_at>& cues,
                            std::vector<ingest_candidate>& out) {
    for (std::size_t t = 0; t + 1 < mentions.size(); ++t) {
      const auto& title = mentions[t];
      if (title.is_part || title.title.empty() || !title.actors.empty()) continue;
      const auto person = std::find_if(mentions.begin(), mentions.end(), [&](const mention& m) {
        return m.begin == title.end && m.actors.size() == 1 && m.actors.front().entity;
      });
      if (person == mentions.end()) continue;
      auto office = actors_.office_of(title.title, *person->actors.front().entity);
      if (!office) continue;
      const std::string type = office->first;
      const auto found = std::find_if(lex_.patterns.begin(), lex_.patterns.end(),
                                      [&](const pattern& p) { return p.type == type; });
      pattern p;
      p.type = type;
      p.text = "title X (an office the graph holds)";
      p.plain = found == lex_.patterns.end() ? evidence::reported : found->plain;
      p.item_attribute = type == "leads" ? "" : "role";
      p.has_subject = true;
      std::vector<mention> with_body = mentions;
      mention body{person->begin, person->end, {actors_.actor(office->second, title.title)}, {}, 1};
      body.acts = true;
      with_body.push_back(std::move(body));
      binding b;
      b.begin = title.begin;
      b.end = person->end;
      b.subject = static_cast<std::size_t>(person - mentions.begin());
      b.object = with_body.size() - 1;
      if (!p.item_attribute.empty()) b.item = std::pair{title.begin, title.end};
      add(p, b, s, index, with_body, cues, out);
    }
  }

  static std::string mentions_title(const std::vector<mention>& mentions, std::size_t at) {
    for (const auto& m : mentions)
      if (m.begin == at) return m.title;
    return {};
  }

  bool allowed(relation_type_id type, const ingest_actor& x, const ingest_actor& z) const {
    const auto& schema = g_.schema();
    auto kind = [&](const ingest_actor& a) -> std::optional<kind_id> {
      return a.entity ? std::optional(g_.entity(*a.entity).kind()) : schema.find_kind(a.kind);
    };
    const auto kx = kind(x), kz = kind(z);
    if (!kx || !kz) return false;
    return !schema.violation(type, *kx, *kz);
  }

  // A pattern without X ("the transfer of Y to Z"): the actor whose possessive comes right
  // before, else the nearest actor before it in the sentence, else the last subject before.
  std::optional<std::vector<ingest_actor>> subject_from_context(
      const binding& b, const std::vector<mention>& mentions, std::size_t index) {
    const mention* best = nullptr;
    for (const auto& m : mentions)
      if (m.end <= b.begin && !m.actors.empty() && (!b.object || &m != &mentions[*b.object]))
        best = &m;
    if (best) {
      auto actors = best->actors;
      for (auto& a : actors) a.via = a.via == "name" ? "context" : a.via;
      return actors;
    }
    // The section's topic: its last subject, a few sentences back at most.
    if (last_subject_ && section_ == last_subject_section_ && index <= last_subject_sentence_ + 3) {
      auto a = *last_subject_;
      a.via = "context";
      return std::vector{a};
    }
    return std::nullopt;
  }

  // The cue that decides a match's evidence; nothing for a plain statement (reported).
  std::optional<cue_at> evidence_of(const binding& b, const std::vector<cue_at>& cues,
                                    const sentence& s, const std::vector<mention>& mentions,
                                    const std::vector<ingest_actor>& subjects) const {
    auto own_word = [&](const cue_at& c) {
      return std::any_of(b.words.begin(), b.words.end(),
                         [&](std::size_t w) { return w >= c.begin && w < c.end; });
    };
    std::optional<cue_at> denial, inside, before, after;
    for (const auto& c : cues) {
      if (own_word(c)) continue;
      // A verb after "and" has its own clause: "called the claim baseless and condemned X".
      if (b.shared_subject && c.begin < b.begin) continue;
      if (c.level == evidence::denied && c.begin < b.end) denial = c;
      if (c.begin >= b.begin && c.end <= b.end) {
        if (!inside || rank(c.level) > rank(inside->level)) inside = c;
      } else if (c.end <= b.begin) {
        before = c;  // the nearest, as cues come in order
      } else if (c.begin >= b.end && !after && c.level == evidence::alleged) {
        after = c;
      }
    }
    if (denial) return denial;
    if (inside) return inside;
    // Someone's own words: said by the subject (or one who holds its office), confirmed;
    // by another, alleged. A cue nearer the fact decides first.
    std::optional<cue_at> speech = speech_before(b, s, mentions, subjects);
    if (speech && (!before || speech->begin > before->begin)) return speech;
    if (before) return before;
    return after;
  }

  static int rank(evidence e) {
    switch (e) {
      case evidence::speculated: return 3;
      case evidence::alleged: return 2;
      case evidence::confirmed: return 1;
      default: return 0;
    }
  }

  std::optional<cue_at> speech_before(const binding& b, const sentence& s,
                                      const std::vector<mention>& mentions,
                                      const std::vector<ingest_actor>& subjects) const {
    std::optional<std::size_t> verb;
    for (std::size_t t = 0; t < b.begin; ++t)
      if (lex_.speech.contains(s.tokens[t].lower)) verb = t;
    if (!verb) return std::nullopt;
    const mention* speaker = nullptr;
    for (const auto& m : mentions)
      if (m.end <= *verb && !m.actors.empty()) speaker = &m;
    if (!speaker) return std::nullopt;
    const auto& who = speaker->actors.front();
    const bool own = std::any_of(subjects.begin(), subjects.end(), [&](const ingest_actor& x) {
      return x.entity && who.entity &&
             (*x.entity == *who.entity || speaks_for(*who.entity, *x.entity));
    });
    return cue_at{*verb, *verb + 1, own ? evidence::confirmed : evidence::alleged,
                  s.tokens[*verb].lower};
  }

  // A person speaks for a state or organisation they lead or hold office in.
  bool speaks_for(entity_index person, entity_index body) const {
    for (const char* type : {"leads", "holds_office"})
      if (auto t = g_.schema().find_relation_type(type))
        for (const auto& adj : g_.out_relations(person, *t))
          if (adj.other == body) return true;
    return false;
  }

  void quote(ingest_candidate& c, const binding& b, const std::optional<cue_at>& cue,
             const sentence& s) const {
    std::size_t begin = b.begin, end = b.end;
    auto words = [&](std::size_t from, std::size_t to) {
      std::size_t n = 0;
      for (std::size_t t = from; t < to; ++t) n += s.tokens[t].word ? 1 : 0;
      return n;
    };
    if (cue && cue->begin < begin && words(cue->begin, end) <= max_quote_words) begin = cue->begin;
    while (words(begin, end) > max_quote_words) --end;
    while (end > begin + 1 && !s.tokens[end - 1].word && !s.tokens[end - 1].possessive) --end;
    c.quote = std::string(a_.slice(s.tokens[begin].begin, s.tokens[end - 1].end));
    c.quote_span = a_.span(s.tokens[begin].begin, s.tokens[end - 1].end);
  }

  std::optional<relation_index> existing(const ingest_candidate& c, relation_type_id type) const {
    if (!c.from.entity || !c.to.entity) return std::nullopt;
    std::string item;
    for (const auto& [k, v] : c.attributes)
      if (k == "item") item = v;
    return same_fact(g_, *c.from.entity, type, *c.to.entity, c.evidence, item);
  }

  // The same actor, however the words named it ("Russian", "Russia").
  static bool same_actor(const ingest_actor& x, const ingest_actor& y) {
    return x.entity || y.entity ? x.entity == y.entity : x.name == y.name;
  }

  // Where two patterns read the same words between the same actors ("provides aid to" is
  // `aids`, and also fits `supplies`' "provides Y to"), the one with more words of its own wins.
  static void keep_most_specific(std::vector<ingest_candidate>& here) {
    auto literal = [](const std::string& text) {
      std::size_t n = 0;
      for (std::size_t i = 0; i < text.size();) {
        const auto end = std::min(text.find(' ', i), text.size());
        const auto w = text.substr(i, end - i);
        if (!w.empty() && w != "X" && w != "Y" && w != "Z" && w != "...") ++n;
        i = end + 1;
      }
      return n;
    };
    std::vector<bool> drop(here.size(), false);
    for (std::size_t i = 0; i < here.size(); ++i)
      for (std::size_t j = 0; j < here.size(); ++j) {
        if (i == j || here[i].type == here[j].type) continue;
        const auto& a = here[i];
        const auto& b = here[j];
        const bool same_ends = same_actor(a.from, b.from) && same_actor(a.to, b.to);
        const bool overlap =
            a.quote_span.begin < b.quote_span.end && b.quote_span.begin < a.quote_span.end;
        if (same_ends && overlap && literal(b.pattern) > literal(a.pattern)) drop[i] = true;
      }
    // And one candidate per fact and evidence in a sentence.
    for (std::size_t i = 0; i < here.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (!drop[j] && !drop[i] && same_actor(here[i].from, here[j].from) &&
            same_actor(here[i].to, here[j].to) && here[i].type == here[j].type &&
            here[i].attributes == here[j].attributes && here[i].evidence == here[j].evidence)
          drop[i] = true;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < here.size(); ++i)
      if (!drop[i]) {
        if (kept != i) here[kept] = std::move(here[i]);  // never onto itself: that empties it
        ++kept;
      }
    here.resize(kept);
  }

  void unknown_cues(const sentence& s, std::size_t index, const std::vector<mention>& mentions,
                    const std::vector<ingest_candidate>& here, const sentence_matcher& matcher,
                    std::vector<ingest_unknown_cue>& out) {
    for (const auto& c : here)
      if (c.from.entity) {
        last_subject_ = c.from;
        last_subject_sentence_ = index;
        last_subject_section_ = section_;
      }
    for (std::size_t m = 0; m + 1 < mentions.size(); ++m) {
      const auto& x = mentions[m];
      const auto& z = mentions[m + 1];
      if (x.actors.empty() || z.actors.empty() || z.begin - x.end > 6 || z.begin == x.end) continue;
      const auto x_text = join_words(a_, s, x.begin, x.end);
      const auto z_text = join_words(a_, s, z.begin, z.end);
      const bool explained = std::any_of(here.begin(), here.end(), [&](const ingest_candidate& c) {
        // A list or an apposition is explained by a candidate for any of its actors.
        auto in = [](const std::string& whole, const std::string& written) {
          return !written.empty() && whole.find(written) != std::string::npos;
        };
        return (in(x_text, c.from.written) && in(z_text, c.to.written)) ||
               (in(z_text, c.from.written) && in(x_text, c.to.written));
      });
      if (explained) continue;
      // Words of substance, within one clause (a comma or a bracket between: a list, an aside).
      bool content = false, clause = false;
      for (std::size_t t = x.end; t < z.begin && !clause; ++t) {
        const auto& tok = s.tokens[t];
        if (!tok.word)
          clause = !tok.possessive && tok.lower != "-";
        else if (!matcher.filler(t) && !lex_.not_names.contains(tok.lower))
          content = true;
      }
      if (clause || !content) continue;
      out.push_back({join_words(a_, s, x.end, z.begin), x_text, z_text, index});
    }
  }

  const graph& g_;
  const lexicon::impl& lex_;
  const article& a_;
  actor_finder actors_;
  std::optional<ingest_actor> last_subject_;
  std::size_t last_subject_sentence_ = 0;
  std::size_t last_subject_section_ = 0;
  std::size_t section_ = 0;  // headings passed
};

}  // namespace ingest_detail

ingest_result ingest(const graph& g, std::string_view text, const ingest_options& options) {
  const auto& lex = (options.lexicon ? *options.lexicon : lexicon::builtin()).data();
  const ingest_detail::article a(text);
  auto result = ingest_detail::extractor(g, lex, a).run();
  if (options.min_confidence > 0)
    std::erase_if(result.candidates,
                  [&](const ingest_candidate& c) { return c.confidence < options.min_confidence; });
  return result;
}

}  // namespace entente

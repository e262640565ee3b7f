// Finding the actors of an article (actors.hpp).

#include "ingest/actors.hpp"

#include <entente/names.hpp>

#include <algorithm>

namespace entente::ingest_detail {
namespace {

bool is_punctuation(const token& t) { return !t.word && !t.possessive; }

// A title as the article's words spell it once lowered: "Foreign Minister" -> "foreign minister".
std::string title_key(std::string_view title) {
  std::string key;
  for (const auto& w : words_of(title)) key += (key.empty() ? "" : " ") + w;
  return key;
}

bool has_capital(std::string_view name) {
  for (char c : name)
    if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

bool words_at(const sentence& s, std::size_t at, const phrase& words) {
  if (at + words.size() > s.tokens.size()) return false;
  for (std::size_t i = 0; i < words.size(); ++i)
    if (s.tokens[at + i].lower != words[i]) return false;
  return true;
}

}  // namespace

actor_finder::actor_finder(const graph& g, const lexicon::impl& lex) : g_(g), lex_(lex) {
  const auto& schema = g.schema();
  actor_kind_ = schema.find_kind("Actor");
  state_kind_ = schema.find_kind("State");
  person_kind_ = schema.find_kind("Person");

  for (entity_index e = 0; e < g.num_entities(); ++e) {
    const auto ent = g.entity(e);
    add_name(ent.name(), e, "name");
    for (auto alias : ent.aliases()) add_name(alias, e, "name");
  }
  if (auto capital = schema.find_relation_type("capital_of"))
    for (auto r : g.relations_of_type(*capital)) capital_of_.emplace(g.from(r), g.to(r));
  if (auto holds = schema.find_relation_type("holds_office"))
    for (auto r : g.relations_of_type(*holds)) {
      const value* role = g.relation_attributes(r).find("role");
      if (const auto* text = role ? std::get_if<std::string>(role) : nullptr)
        offices_.emplace(title_key(*text), std::pair{g.from(r), g.to(r)});
    }
  if (auto leads = schema.find_relation_type("leads"))
    for (auto r : g.relations_of_type(*leads))
      for (const char* title : {"leader", "president", "head"})
        offices_.emplace(title, std::pair{g.from(r), g.to(r)});
  for (const auto& [words, name] : lex.metonyms) {
    auto found = g.find(name);
    if (!found) continue;  // a metonym for an entity this graph lacks
    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
    add_name(text, *found, "metonym");
  }
}

void actor_finder::add_name(std::string_view name, entity_index e, const std::string& via) {
  const std::string key = name_key(name);
  if (key.empty()) return;
  auto& all = by_key_[key];
  if (std::none_of(all.begin(), all.end(), [&](const known& k) { return k.entity == e; }))
    all.push_back({e, via});
  longest_ = std::max(longest_, std::min<std::size_t>(words_of(name).size(), 8));
}

ingest_actor actor_finder::actor_of(entity_index e, std::string_view written,
                                    const std::string& via) const {
  // A capital named as an actor ("Pyongyang supplies…") stands for its state.
  std::string how = via;
  if (auto it = capital_of_.find(e); it != capital_of_.end()) {
    e = it->second;
    how = "capital";
  }
  const auto ent = g_.entity(e);
  return {e,
          std::string(ent.id()),
          std::string(ent.kind_name()),
          std::string(ent.name()),
          std::string(written),
          how};
}

std::optional<mention> actor_finder::named(const article& a, const sentence& s, std::size_t at) {
  const auto& tokens = s.tokens;
  for (std::size_t n = std::min(longest_, tokens.size() - at); n >= 1; --n) {
    const std::size_t last = at + n - 1;
    if (!tokens[at].word || !tokens[last].word) continue;
    bool clean = true, capital = false;
    for (std::size_t i = at; i <= last; ++i) {
      if (tokens[i].possessive ||
          (is_punctuation(tokens[i]) && tokens[i].lower != "." && tokens[i].lower != "-")) {
        clean = false;
        break;
      }
      capital = capital || tokens[i].capitalised;
    }
    if (!clean) continue;
    const auto written = a.slice(tokens[at].begin, tokens[last].end);
    auto it = by_key_.find(name_key(written));
    if (it == by_key_.end()) continue;
    // A lower-case run of words names an entity only when its name is written so ("the west"
    // is no name; "Western" is).
    if (!capital && has_capital(written) == false) {
      const bool lower_name =
          std::any_of(it->second.begin(), it->second.end(),
                      [&](const known& k) { return !has_capital(g_.entity(k.entity).name()); });
      if (!lower_name) continue;
    }
    mention m{at, at + n, {}, {}, 1};
    // Prefer actors (and capitals, which stand for states) when a name is shared.
    const known* best = &it->second.front();
    for (const auto& k : it->second) {
      const bool actor = actor_kind_ && g_.schema().is_a(g_.entity(k.entity).kind(), *actor_kind_);
      if (actor || capital_of_.contains(k.entity)) {
        best = &k;
        break;
      }
    }
    if (it->second.size() > 1) m.certainty = 0.8;
    m.actors.push_back(actor_of(best->entity, written, best->via));
    // "Foreign Minister Sergey Lavrov": the title belongs to the person after it.
    return m;
  }
  return std::nullopt;
}

std::optional<mention> actor_finder::phrase_at(const sentence& s, std::size_t at,
                                               const std::vector<phrase>& phrases) const {
  const phrase* best = nullptr;
  for (const auto& p : phrases)
    if (words_at(s, at, p) && (!best || p.size() > best->size())) best = &p;
  if (!best) return std::nullopt;
  return mention{at, at + best->size(), {}, {}, 1};
}

std::optional<ingest_actor> actor_finder::title_holder(const std::string& title,
                                                       std::size_t sentence) const {
  // The holder of the office whose state or organisation the article named last.
  auto [lo, hi] = offices_.equal_range(title);
  if (lo == hi) return std::nullopt;
  for (auto it = seen_.rbegin(); it != seen_.rend(); ++it) {
    if (sentence > it->sentence + 3) break;
    for (auto o = lo; o != hi; ++o)
      if (o->second.second == it->entity || o->second.first == it->entity) {
        auto actor = actor_of(o->second.first, title, "title");
        return actor;
      }
  }
  if (std::next(lo) == hi) return actor_of(lo->second.first, title, "title");
  return std::nullopt;
}

void actor_finder::remember(const ingest_actor& actor, std::size_t sentence) {
  if (!actor.entity) return;
  seen_.push_back({*actor.entity, sentence});
  const auto kind = g_.entity(*actor.entity).kind();
  if (state_kind_ && g_.schema().is_a(kind, *state_kind_))
    states_seen_.push_back({*actor.entity, sentence});
}

std::vector<mention> actor_finder::find(const article& a, const sentence& s, std::size_t index) {
  std::vector<mention> found;
  const auto& tokens = s.tokens;
  for (std::size_t at = 0; at < tokens.size();) {
    if (auto group = phrase_at(s, at, lex_.groups)) {
      // "The two nations": the last two states the article named, within a few sentences.
      std::vector<entity_index> two;
      for (auto it = states_seen_.rbegin(); it != states_seen_.rend() && two.size() < 2; ++it) {
        if (index > it->sentence + 4) break;
        if (std::find(two.begin(), two.end(), it->entity) == two.end()) two.push_back(it->entity);
      }
      if (two.size() == 2) {
        const auto written = a.slice(tokens[group->begin].begin, tokens[group->end - 1].end);
        for (auto e : {two[1], two[0]}) group->actors.push_back(actor_of(e, written, "group"));
        group->certainty = 0.8;
        found.push_back(std::move(*group));
        at = found.back().end;
        continue;
      }
    }
    if (auto title = phrase_at(s, at, lex_.titles)) {
      std::string words;
      for (std::size_t i = title->begin; i < title->end; ++i)
        words += (words.empty() ? "" : " ") + tokens[i].lower;
      title->title = words;
      // A title right before a name is part of how the person is named: the name decides.
      const bool before_name = title->end < tokens.size() && tokens[title->end].capitalised &&
                               named(a, s, title->end).has_value();
      const bool definite = at > 0 && tokens[at - 1].lower == "the";
      if (!before_name && definite) {
        if (auto holder = title_holder(words, index)) {
          title->actors.push_back(*holder);
          title->certainty = 0.8;
          remember(*holder, index);
        }
      }
      found.push_back(std::move(*title));
      at = found.back().end;
      continue;
    }
    if (auto m = named(a, s, at)) {
      // "Ukraine’s foreign ministry", "the Belarusian foreign ministry": the state's own body
      // speaks for it, so the words belong to its mention.
      const std::size_t after =
          m->end < tokens.size() && tokens[m->end].possessive ? m->end + 1 : m->end;
      if (auto organ = phrase_at(s, after, lex_.organs)) m->end = organ->end;
      remember(m->actors.front(), index);
      found.push_back(std::move(*m));
      at = found.back().end;
      continue;
    }
    ++at;
  }

  // Lists: "A, B and C" (or "A and B") become one mention of them all.
  std::vector<mention> joined;
  for (auto& m : found) {
    if (!joined.empty() && !joined.back().actors.empty() && !m.actors.empty() &&
        joined.back().title.empty() && m.title.empty()) {
      auto& prev = joined.back();
      const std::size_t gap = m.begin - prev.end;
      const auto& first = tokens[prev.end];
      const bool and_ = gap == 1 && (first.lower == "and" || first.lower == ",");
      const bool comma_and = gap == 2 && first.lower == "," && tokens[prev.end + 1].lower == "and";
      if (and_ || comma_and) {
        if (prev.parts.empty()) prev.parts.push_back(prev);
        prev.parts.push_back(m);
        prev.actors.insert(prev.actors.end(), m.actors.begin(), m.actors.end());
        prev.end = m.end;
        prev.certainty = std::min(prev.certainty, m.certainty);
        continue;
      }
    }
    joined.push_back(std::move(m));
  }
  return joined;
}

ingest_actor actor_finder::unknown(const article& a, const sentence& s, std::size_t begin,
                                   std::size_t end) {
  const std::string name(a.slice(s.tokens[begin].begin, s.tokens[end - 1].end));
  std::string kind = "Person";
  if (end - begin == 1 || lex_.organisation.contains(s.tokens[end - 1].lower))
    kind = "Organization";
  auto it = std::find_if(unknown_.begin(), unknown_.end(),
                         [&](const unknown_name& u) { return name_key(u.name) == name_key(name); });
  if (it == unknown_.end()) {
    unknown_.push_back({kind, name, 0, a.span(s.tokens[begin].begin, s.tokens[end - 1].end)});
    it = std::prev(unknown_.end());
  }
  ++it->mentions;
  return {std::nullopt, "", it->kind, it->name, name, "new"};
}

std::vector<ingest_new_entity> actor_finder::new_entities() const {
  std::vector<ingest_new_entity> out;
  for (const auto& u : unknown_) out.push_back({u.kind, u.name, u.mentions, u.first});
  return out;
}

}  // namespace entente::ingest_detail

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
  if (person_kind_)
    for (entity_index e : g.entities_of_kind(*person_kind_)) {
      const auto words = words_of(g.entity(e).name());
      if (words.size() < 2) continue;
      for (const auto& w : {words.front(), words.back()}) {
        auto& people = person_words_[name_key(w)];
        if (std::find(people.begin(), people.end(), e) == people.end()) people.push_back(e);
      }
    }
  if (auto member = schema.find_relation_type("member_of"))
    for (auto r : g.relations_of_type(*member)) members_.emplace(g.to(r), g.from(r));
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

bool actor_finder::acts(entity_index e) const {
  return actor_kind_ && g_.schema().is_a(g_.entity(e).kind(), *actor_kind_);
}

std::vector<ingest_actor> actor_finder::parts_of(std::string_view names) const {
  std::vector<ingest_actor> parts;
  auto actor_like = [&](const known& k) {
    return acts(k.entity) || capital_of_.contains(k.entity);
  };
  for (std::size_t i = 0; i <= names.size();) {
    // Parts are joined by a hyphen or an en dash ("Russia–North Korea").
    std::size_t stop = names.size(), next = names.size() + 1;
    if (auto h = names.find('-', i); h != std::string_view::npos) stop = h, next = h + 1;
    if (auto d = names.find("\u2013", i); d != std::string_view::npos && d < stop)
      stop = d, next = d + 3;
    const auto part = names.substr(i, stop - i);
    const auto key = name_key(part);
    const auto it = by_key_.find(key);
    const known* k = nullptr;
    if (it != by_key_.end())
      if (auto f = std::find_if(it->second.begin(), it->second.end(), actor_like);
          f != it->second.end())
        k = &*f;
    if (k) {
      parts.push_back(actor_of(k->entity, part, k->via));
    } else if (auto p = person_words_.find(key);
               p != person_words_.end() && p->second.size() == 1) {
      parts.push_back(actor_of(p->second.front(), part, "name"));
    } else {
      return {};
    }
    i = next;
  }
  return parts;
}

std::optional<mention> actor_finder::named(const article& a, const sentence& s, std::size_t at) {
  const auto& tokens = s.tokens;
  for (std::size_t n = std::min(longest_, tokens.size() - at); n >= 1; --n) {
    const std::size_t last = at + n - 1;
    if (!tokens[at].word || !tokens[last].word) continue;
    bool clean = true, capital = false, inner_possessive = false;
    for (std::size_t i = at; i <= last; ++i) {
      inner_possessive = inner_possessive || (tokens[i].possessive && i < last);
      if ((tokens[i].possessive && i == last) ||
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
    // A possessive inside names an actor ("the Democratic People’s Republic of Korea"), not a
    // thing of another's ("Russia’s war in Ukraine" is Russia's, and Russia acts in it).
    if (inner_possessive && !acts(best->entity) && !capital_of_.contains(best->entity)) continue;
    if (it->second.size() > 1) m.certainty = 0.8;
    m.actors.push_back(actor_of(best->entity, written, best->via));
    m.acts = acts(*m.actors.front().entity);
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

std::optional<std::pair<std::string, entity_index>> actor_finder::office_of(
    const std::string& title, entity_index person) const {
  auto [lo, hi] = offices_.equal_range(title);
  for (auto it = lo; it != hi; ++it) {
    if (it->second.first != person) continue;
    const entity_index body = it->second.second;
    if (auto leads = g_.schema().find_relation_type("leads"))
      for (const auto& adj : g_.out_relations(person, *leads))
        if (adj.other == body) return std::pair{std::string("leads"), body};
    return std::pair{std::string("holds_office"), body};
  }
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
      // "The two nations": the two states of the last few sentences the article names most.
      if (const auto two = two_states(index); two.size() == 2) {
        const auto written = a.slice(tokens[group->begin].begin, tokens[group->end - 1].end);
        for (auto e : {two[1], two[0]}) group->actors.push_back(actor_of(e, written, "group"));
        group->certainty = 0.8;
        group->acts = true;
        found.push_back(std::move(*group));
        at = found.back().end;
        continue;
      }
    }
    if (auto coalition = coalition_at(a, s, at, index)) {
      found.push_back(std::move(*coalition));
      at = found.back().end;
      continue;
    }
    if (auto pronoun = pronoun_at(s, at, found)) {
      found.push_back(std::move(*pronoun));
      at = found.back().end;
      continue;
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
          title->acts = true;
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
  std::vector<bool> closed;  // a list ends with "and": "Iravani, Iran’s ambassador" is none
  for (auto& m : found) {
    if (!joined.empty() && !joined.back().actors.empty() && !m.actors.empty() &&
        joined.back().title.empty() && m.title.empty() && !joined.back().pronoun && !m.pronoun) {
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
        prev.acts = prev.acts || m.acts;
        closed.back() = first.lower == "and" || comma_and;
        continue;
      }
    }
    joined.push_back(std::move(m));
    closed.push_back(false);
  }
  std::vector<mention> lists;
  for (std::size_t i = 0; i < joined.size(); ++i) {
    if (joined[i].parts.empty() || closed[i]) {
      lists.push_back(std::move(joined[i]));
      continue;
    }
    for (auto& part : joined[i].parts) lists.push_back(std::move(part));
  }
  joined = std::move(lists);
  name_coalitions(a, s, joined);
  join_appositions(s, joined);
  return joined;
}

void actor_finder::name_coalitions(const article& a, const sentence& s,
                                   std::vector<mention>& mentions) const {
  // "The alliance between Pyongyang and Moscow": the coalition both belong to, which may act
  // ("…represents a threat"), its two members still parts for the patterns ("alliance between
  // X and Z").
  const auto& tokens = s.tokens;
  for (auto& m : mentions) {
    if (m.parts.size() != 2 || m.actors.size() != 2 || m.begin < 2 ||
        tokens[m.begin - 1].lower != "between" ||
        !lex_.coalitions.contains(tokens[m.begin - 2].lower))
      continue;
    const auto x = m.actors[0].entity, z = m.actors[1].entity;
    if (!x || !z) continue;
    std::optional<entity_index> shared;
    bool clear = true;  // one coalition has both, not several
    for (auto it = members_.begin(); it != members_.end(); it = members_.upper_bound(it->first)) {
      const auto members = members_.equal_range(it->first);
      auto member = [&](entity_index e) {
        return std::any_of(members.first, members.second,
                           [&](const auto& p) { return p.second == e; });
      };
      if (!coalition_named(it->first) || !member(*x) || !member(*z)) continue;
      clear = !shared;
      shared = it->first;
    }
    if (!shared || !clear) continue;
    std::size_t begin = m.begin - 2;
    for (std::size_t back = 0;
         back < 3 && begin > 0 && tokens[begin - 1].word && !tokens[begin - 1].capitalised;
         ++back) {
      const auto& w = tokens[begin - 1].lower;
      --begin;
      if (w == "the" || w == "this" || w == "that") break;
    }
    mention whole{
        begin,
        m.end,
        {actor_of(*shared, a.slice(tokens[begin].begin, tokens[m.end - 1].end), "coalition")},
        {},
        0.8};
    whole.acts = true;
    whole.parts.push_back(m);
    whole.parts.back().parts.clear();
    for (const auto& p : m.parts) whole.parts.push_back(p);
    m = std::move(whole);
  }
}

std::vector<entity_index> actor_finder::two_states(std::size_t sentence) const {
  // Of the states the last few sentences named, the two the article names most (an article
  // about two states names them again and again; a capital named in passing does not count
  // as much), the later first on a tie.
  std::vector<entity_index> recent;
  for (auto it = states_seen_.rbegin(); it != states_seen_.rend(); ++it) {
    if (sentence > it->sentence + 6) break;
    if (std::find(recent.begin(), recent.end(), it->entity) == recent.end())
      recent.push_back(it->entity);
  }
  auto named = [&](entity_index e) {
    return std::count_if(states_seen_.begin(), states_seen_.end(),
                         [&](const seen& x) { return x.entity == e; });
  };
  std::stable_sort(recent.begin(), recent.end(),
                   [&](entity_index a, entity_index b) { return named(a) > named(b); });
  if (recent.size() > 2) recent.resize(2);
  return recent;
}

bool actor_finder::coalition_named(entity_index e) const {
  if (!acts(e)) return false;
  const auto ent = g_.entity(e);
  auto names = ent.aliases();
  names.emplace_back(ent.name());
  return std::any_of(names.begin(), names.end(), [&](std::string_view name) {
    const auto words = words_of(name);
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& w) { return lex_.coalitions.contains(w); });
  });
}

std::optional<mention> actor_finder::coalition_at(const article& a, const sentence& s,
                                                  std::size_t at, std::size_t index) const {
  // "This (burgeoning) alliance", unless the words go on to say which ("the alliance between A
  // and B").
  const auto& tokens = s.tokens;
  static constexpr std::string_view determiners[] = {"this", "that", "the"};
  if (std::find(std::begin(determiners), std::end(determiners), tokens[at].lower) ==
      std::end(determiners))
    return std::nullopt;
  std::size_t head = at + 1;
  while (head < tokens.size() && head <= at + 3 && tokens[head].word && !tokens[head].capitalised &&
         !lex_.coalitions.contains(tokens[head].lower))
    ++head;
  if (head >= tokens.size() || !lex_.coalitions.contains(tokens[head].lower)) return std::nullopt;
  if (head + 1 < tokens.size()) {
    const auto& next = tokens[head + 1].lower;
    if (next == "between" || next == "of" || next == "with" || tokens[head + 1].possessive)
      return std::nullopt;
  }
  // The coalition (an organisation named so) with the most members named in the last few
  // sentences, two at least, and no other with as many.
  std::optional<entity_index> shared;
  std::size_t most = 1;
  bool tie = false;
  for (auto it = members_.begin(); it != members_.end(); it = members_.upper_bound(it->first)) {
    const entity_index organisation = it->first;
    if (!coalition_named(organisation)) continue;
    std::size_t named = 0;
    auto [lo, hi] = members_.equal_range(organisation);
    for (auto m = lo; m != hi; ++m)
      named += std::any_of(seen_.begin(), seen_.end(), [&](const seen& x) {
        return x.entity == m->second && index <= x.sentence + 6;
      });
    if (named > most) {
      shared = organisation, most = named, tie = false;
    } else if (named == most && shared) {
      tie = true;
    }
  }
  if (tie) return std::nullopt;
  if (!shared) return std::nullopt;
  const auto written = a.slice(tokens[at].begin, tokens[head].end);
  mention m{at, head + 1, {actor_of(*shared, written, "coalition")}, {}, 0.8};
  m.acts = true;
  return m;
}

std::optional<mention> actor_finder::pronoun_at(const sentence& s, std::size_t at,
                                                const std::vector<mention>& before) const {
  // "Moscow’s view of Pyongyang as an ally in its conflict with Kyiv": "its" is the state or
  // organisation named last in the possessive, else the sentence's first.
  if (s.tokens[at].lower != "its") return std::nullopt;
  // "The United States and its allies like Japan" is an apposition's phrase, not a possessive.
  for (const auto& p : lex_.appositions)
    if (at > 0 && p.size() > 1 && p[1] == "its" && words_at(s, at - 1, p)) return std::nullopt;
  auto body = [&](const mention& m) {
    return m.acts && m.actors.size() == 1 && m.actors.front().entity &&
           !(person_kind_ && g_.entity(*m.actors.front().entity).kind() == *person_kind_);
  };
  const mention* antecedent = nullptr;
  for (const auto& m : before)
    if (body(m) && m.end < s.tokens.size() && s.tokens[m.end].possessive) antecedent = &m;
  if (!antecedent)
    for (const auto& m : before)
      if (body(m)) {
        antecedent = &m;
        break;
      }
  if (!antecedent) return std::nullopt;
  auto actor = antecedent->actors.front();
  actor.via = "pronoun";
  actor.written = s.tokens[at].lower;
  mention m{at, at + 1, {actor}, {}, 0.7};
  m.acts = true;
  m.pronoun = true;
  return m;
}

void actor_finder::join_appositions(const sentence& s, std::vector<mention>& mentions) const {
  // "Western nations, particularly the United States and its allies like Japan": the actors
  // named after the phrase join the mention before it (inner ones first, so from the right);
  // each stays a part that patterns may bind ("Z, particularly X": X is a member of Z).
  const auto& tokens = s.tokens;
  // "Abbas Araghchi, Iran’s foreign minister, condemned…": a person's office between commas is
  // part of how they are named, the state a part the office patterns bind ("X , Z 's Y").
  for (std::size_t i = 0; i + 2 < mentions.size(); ++i) {
    auto& person = mentions[i];
    const auto& state = mentions[i + 1];
    const auto& title = mentions[i + 2];
    const bool described =
        person.acts && person.actors.size() == 1 && !person.pronoun && person.end < tokens.size() &&
        tokens[person.end].lower == "," && state.begin == person.end + 1 && state.acts &&
        state.end < tokens.size() && tokens[state.end].possessive && title.begin == state.end + 1 &&
        !title.title.empty() && title.actors.empty() && title.end < tokens.size() &&
        tokens[title.end].lower == ",";
    if (!described) continue;
    mention whole = person;
    whole.end = title.end + 1;
    whole.parts = {person, state};
    person = std::move(whole);
    mentions.erase(mentions.begin() + static_cast<std::ptrdiff_t>(i + 1));  // the title stays
  }
  for (std::size_t i = mentions.size(); i-- > 1;) {
    auto& a = mentions[i - 1];
    auto& b = mentions[i];
    if (!a.acts || !b.acts || !a.title.empty() || !b.title.empty() || a.pronoun || b.pronoun)
      continue;
    std::size_t at = a.end;
    if (at < tokens.size() && tokens[at].lower == ",") ++at;
    const phrase* used = nullptr;
    for (const auto& p : lex_.appositions)
      if (words_at(s, at, p) && (!used || p.size() > used->size())) used = &p;
    if (!used) continue;
    at += used->size();
    if (at < tokens.size() && tokens[at].lower == "the") ++at;
    if (b.begin != at) continue;
    mention whole = a;
    whole.end = b.end < tokens.size() && tokens[b.end].lower == "," ? b.end + 1 : b.end;
    whole.actors.insert(whole.actors.end(), b.actors.begin(), b.actors.end());
    whole.certainty = std::min(a.certainty, b.certainty);
    whole.parts.clear();
    for (const mention* m : {&a, &b}) {
      whole.parts.push_back(*m);
      whole.parts.back().parts.clear();
      for (const auto& p : m->parts) whole.parts.push_back(p);
    }
    a = std::move(whole);
    mentions.erase(mentions.begin() + static_cast<std::ptrdiff_t>(i));
  }
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

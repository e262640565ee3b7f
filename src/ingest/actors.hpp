#pragma once
// Finding the actors of an article: the graph's names and aliases in any script, capitals for
// their states, metonyms ("the Kremlin"), titles ("the foreign minister" for the holder of that
// office), groups ("the two nations"), coalitions ("this alliance"), "its", lists ("A, B and
// C"), appositions ("Western nations, particularly Japan"), and proper names the graph does not
// know.

#include "ingest/lexicon_data.hpp"
#include "ingest/text.hpp"

#include <entente/graph.hpp>
#include <entente/ingest.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace entente::ingest_detail {

// Words of one sentence that name one actor or several.
struct mention {
  std::size_t begin = 0;  // token indexes in the sentence, end exclusive
  std::size_t end = 0;
  std::vector<ingest_actor> actors;  // several for a list or a group
  std::string title;  // a title phrase ("foreign minister"), when the words are only that
  double certainty = 1;
  std::vector<mention> parts;  // a list's own mentions ("A", "B" of "A and B")
  bool is_part = false;        // one of those, offered to the patterns beside its list
  bool acts = false;           // names an actor (not an item or a place), so ends an item
  bool pronoun = false;        // "its": the possessive of the actor it stands for
};

class actor_finder {
 public:
  actor_finder(const graph& g, const lexicon::impl& lex);

  // The mentions of `s` (the article's `index`-th sentence), in order, lists joined.
  std::vector<mention> find(const article& a, const sentence& s, std::size_t index);
  // Proper names the graph does not know, in order of first appearance.
  [[nodiscard]] std::vector<ingest_new_entity> new_entities() const;
  // The actors a name is made of ("Pyongyang-Moscow", "Kim-Putin", "Western"), or none unless
  // every part names one: names and aliases, capitals, and a person's first or last name when only
  // one person of the graph has it.
  std::vector<ingest_actor> parts_of(std::string_view names) const;
  // The relation type ("leads" or "holds_office") and body of the office `title` names, when
  // the graph has `person` in it.
  std::optional<std::pair<std::string, entity_index>> office_of(const std::string& title,
                                                                entity_index person) const;
  // The entity `e` as an actor named by `written`.
  ingest_actor actor(entity_index e, std::string_view written) const {
    return actor_of(e, written, "name");
  }
  // The actor an unknown proper name stands for (its kind guessed), recorded as new.
  ingest_actor unknown(const article& a, const sentence& s, std::size_t begin, std::size_t end);

 private:
  struct known {
    entity_index entity;
    std::string via;  // "name", "capital", "metonym"
  };
  void add_name(std::string_view name, entity_index e, const std::string& via);
  std::optional<mention> named(const article& a, const sentence& s, std::size_t at);
  std::optional<mention> phrase_at(const sentence& s, std::size_t at,
                                   const std::vector<phrase>& phrases) const;
  ingest_actor actor_of(entity_index e, std::string_view written, const std::string& via) const;
  std::optional<ingest_actor> title_holder(const std::string& title, std::size_t sentence) const;
  bool acts(entity_index e) const;
  bool coalition_named(entity_index e) const;  // an organisation with an alliance's name
  std::vector<entity_index> two_states(std::size_t sentence) const;  // "the two nations"
  std::optional<mention> coalition_at(const article& a, const sentence& s, std::size_t at,
                                      std::size_t index) const;
  std::optional<mention> pronoun_at(const sentence& s, std::size_t at,
                                    const std::vector<mention>& before) const;
  void join_appositions(const sentence& s, std::vector<mention>& mentions) const;
  void name_coalitions(const article& a, const sentence& s, std::vector<mention>& mentions) const;
  void remember(const ingest_actor& actor, std::size_t sentence);

  const graph& g_;
  const lexicon::impl& lex_;
  std::unordered_map<std::string, std::vector<known>> by_key_;  // name_key -> entities
  std::size_t longest_ = 1;                                     // words in the longest name
  std::optional<kind_id> actor_kind_, state_kind_, person_kind_;
  std::unordered_map<entity_index, entity_index> capital_of_;                // place -> state
  std::unordered_map<std::string, std::vector<entity_index>> person_words_;  // first, last name
  std::multimap<entity_index, entity_index> members_;  // organisation -> its members (member_of)
  // title (lower-case) -> (holder, office's organisation or state)
  std::multimap<std::string, std::pair<entity_index, entity_index>> offices_;
  struct seen {
    entity_index entity;
    std::size_t sentence;
  };
  std::vector<seen> states_seen_;  // states in the order the article names them
  std::vector<seen> seen_;         // every known actor, in order
  struct unknown_name {
    std::string kind;
    std::string name;
    std::size_t mentions = 0;
    text_span first;
  };
  std::vector<unknown_name> unknown_;
};

}  // namespace entente::ingest_detail

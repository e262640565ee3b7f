#pragma once
/// Merging graphs: what another graph knows, added to this one without losing a source.
///
/// Each entity of the incoming graph is matched to at most one entity of the target, by the
/// first rule that decides:
/// 1. **id**: an entity with the same id;
/// 2. **external id**: an entity sharing an external id (`wikidata` Q423), in any system both
///    carry; two or more candidates leave the entity unmatched and reported as ambiguous;
/// 3. **name**, only when `merge_options::match_names` asks: an entity whose name or alias has
///    the same name key (`name_key`: case, diacritics, punctuation) or the same key once both are
///    transliterated to Latin (`latin_name_key`: "Ким Чен Ын" meets "Kim Chen Yn"), and whose
///    kind is the same, an ancestor, a descendant or unlabelled; again two or more candidates
///    leave it unmatched and reported.
/// An entity that no rule matches is added with its own id (ids come first, so no other entity
/// of the target has it). Nothing is matched by name unless asked, and every match is reported
/// with its rule and what it rested on.
///
/// A matched entity keeps its id, name and kind; it gains the incoming name (when it differs) and
/// aliases as aliases, the attributes and external ids it lacked. An attribute, external id or
/// kind that both hold with different values keeps the target's and is reported as a conflict.
///
/// A relation of the incoming graph becomes, on the matched entities, **the same fact** as a
/// target relation when both have the same ends (either way round for a symmetric type), type,
/// evidence, validity and attributes: it then adds its citations to that relation (a citation
/// already there, same source and quote, is not repeated). Otherwise it is added. Two relations
/// that differ only in evidence stay apart — one source asserting what another denies is what
/// `contradictions` (analysis/consistency.hpp) and `entente check` then show.
///
/// Sources are matched by id: fields one side leaves empty are filled from the other; two set
/// fields that differ keep the target's and are reported. Kinds and relation types the target's
/// schema lacks are declared from the incoming schema (a kind after its parent); a type both
/// declare differently keeps the target's definition and is reported.

#include <entente/graph.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace entente {

/// How entities may be matched (see the header comment for the order of the rules).
struct merge_options {
  bool match_names = false;  ///< match by name keys when ids and external ids decide nothing
};

/// The rule that matched an entity.
enum class match_rule { id, external_id, name };

[[nodiscard]] constexpr std::string_view to_string(match_rule r) noexcept {
  return r == match_rule::id ? "id" : r == match_rule::external_id ? "external id" : "name";
}

/// An incoming entity found in the target.
struct entity_match {
  std::string incoming;  ///< the id in the incoming graph
  std::string target;    ///< the id in the target graph
  match_rule rule;
  std::string evidence;  ///< what the match rested on: the id, "wikidata:Q423", the shared name
};

/// An incoming entity that several target entities could be: left unmatched, added as itself.
struct ambiguous_match {
  std::string incoming;
  match_rule rule;                      ///< the rule that found the candidates
  std::vector<std::string> candidates;  ///< target ids
  std::string evidence;                 ///< what they share
};

/// Two graphs disagreeing about one thing; the target's value is kept.
struct merge_conflict {
  std::string subject;  ///< "entity PRK", "source ap-2024", "relation type supports"
  std::string field;    ///< "kind", "attribute population", "wikidata", "title", …
  std::string kept;     ///< the target's value
  std::string dropped;  ///< the incoming value
};

/// What a merge did, for a person to review.
struct merge_report {
  std::vector<entity_match> matched;
  std::vector<ambiguous_match> ambiguous;
  std::vector<std::string> added_entities;  ///< incoming ids added as new entities
  std::vector<merge_conflict> conflicts;
  std::size_t relations_added = 0;     ///< incoming relations that were new facts
  std::size_t relations_combined = 0;  ///< incoming relations that were already there
  std::size_t citations_added = 0;     ///< citations the combined relations gained
  std::size_t sources_added = 0;
  std::vector<std::string> kinds_added;           ///< kinds declared from the incoming schema
  std::vector<std::string> relation_types_added;  ///< relation types declared likewise
};

/// Adds `incoming` to `target` (see the header comment) and says what it did. Throws
/// `schema_error` when a strict target refuses an incoming relation (its type's domain or range
/// on the matched entities); `target` then holds what was merged before it.
merge_report merge(graph& target, const graph& incoming, const merge_options& opts = {});

}  // namespace entente

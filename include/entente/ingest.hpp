#pragma once
/// From an article to candidate facts: `ingest` reads a text (plain or Markdown), finds the
/// graph's actors in it by their names and aliases in any script, matches the relation cues of a
/// lexicon between them, reads the evidence level from the hedging around each match, and
/// proposes candidate relations for a person to accept. `accept_candidates` then adds the chosen
/// ones to the graph, each cited to the article.
///
/// The cues are data, not code: a `lexicon` holds relation patterns per relation type, evidence
/// cues, negations, titles and group phrases, in the documented `.lex` format (README, "The
/// ingest lexicon"); `lexicon::builtin()` is the one entente ships, and users add files of their
/// own to it.
///
/// Offsets are in characters (Unicode code points) of the text as given, `end` exclusive, as
/// citation spans are everywhere in entente.

#include <entente/graph.hpp>
#include <entente/model.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entente {

/// Relation cues, evidence cues and the other phrases `ingest` reads an article with.
class lexicon {
 public:
  lexicon();
  ~lexicon();
  lexicon(const lexicon&);
  lexicon& operator=(const lexicon&);
  lexicon(lexicon&&) noexcept;
  lexicon& operator=(lexicon&&) noexcept;

  /// The lexicon entente ships (compiled in: no file is needed at run time).
  [[nodiscard]] static const lexicon& builtin();

  /// Adds the entries of a `.lex` text; `origin` names it in errors (parse_error with line and
  /// column).
  void add(std::string_view text, std::string_view origin = "lexicon");
  /// Adds the entries of a `.lex` file (io_error when it cannot be read).
  void add_file(const std::filesystem::path& file);

  /// Number of relation patterns, over all relation types.
  [[nodiscard]] std::size_t pattern_count() const noexcept;
  /// The relation types the patterns propose, sorted.
  [[nodiscard]] std::vector<std::string> relation_types() const;

  struct impl;
  [[nodiscard]] const impl& data() const noexcept { return *impl_; }

 private:
  std::unique_ptr<impl> impl_;
};

/// One end of a candidate relation: an entity of the graph, or a new one the article names.
struct ingest_actor {
  std::optional<entity_index> entity;  ///< set when the graph has it
  std::string id;                      ///< the entity's id; empty for a new one
  std::string kind;                    ///< the entity's kind, or the guessed kind of a new one
  std::string name;                    ///< the entity's name, or the name as written
  std::string written;                 ///< the words the article used ("Pyongyang")
  std::string via;  ///< how it was found: "name", "capital", "title", "group", "context", "new"
  friend bool operator==(const ingest_actor&, const ingest_actor&) = default;
};

/// A relation the article states, as a candidate for the graph.
struct ingest_candidate {
  ingest_actor from;
  std::string type;
  ingest_actor to;
  std::vector<std::pair<std::string, std::string>>
      attributes;  ///< e.g. {"item", "artillery shells"}
  entente::evidence evidence = evidence::reported;
  std::string evidence_cue;  ///< the words that set the evidence ("" for a plain statement)
  std::size_t sentence = 0;  ///< index into ingest_result::sentences
  text_span span;            ///< the sentence
  text_span quote_span;      ///< the quote
  std::string quote;         ///< at most 15 words of the sentence, around the cue
  double confidence = 0;     ///< 0..1: how surely the words say this
  std::string pattern;       ///< the lexicon pattern that matched, as written there
  std::optional<relation_index> existing;  ///< the graph's relation stating the same fact
};

/// A proper name the graph does not know, proposed as a new entity.
struct ingest_new_entity {
  std::string kind;
  std::string name;
  std::size_t mentions = 0;
  text_span first;  ///< where it first appears
};

/// Words between two actors that no relation pattern explains, so the lexicon can grow.
struct ingest_unknown_cue {
  std::string words;
  std::string from;  ///< the actors as written
  std::string to;
  std::size_t sentence = 0;
};

/// Where a sentence stands: a heading, a paragraph or an item of a list.
enum class sentence_role { heading, paragraph, list_item };

/// A sentence of the article (a heading or a list item counts as one).
struct ingest_sentence {
  text_span span;
  std::string text;
  sentence_role role = sentence_role::paragraph;
};

struct ingest_options {
  const entente::lexicon* lexicon = nullptr;  ///< lexicon::builtin() when null
  double min_confidence = 0;                  ///< candidates below are left out
};

struct ingest_result {
  std::vector<ingest_sentence> sentences;
  std::vector<ingest_candidate> candidates;  ///< in the order of the text
  std::vector<ingest_new_entity> new_entities;
  std::vector<ingest_unknown_cue> unknown_cues;
};

/// Reads `text` against `g`'s entities and proposes the relations it states. Throws parse_error
/// (with line and column) when `text` is not UTF-8.
[[nodiscard]] ingest_result ingest(const graph& g, std::string_view text,
                                   const ingest_options& options = {});

/// The lower-kebab id a name makes ("Amir Saeid Iravani" -> "amir-saeid-iravani"): ASCII letters
/// and digits, any run of other characters one hyphen; empty when it has no ASCII letter or digit.
[[nodiscard]] std::string kebab_id(std::string_view name);

/// What accepting candidates did to the graph.
struct ingest_accepted {
  std::vector<std::string> entities_added;  ///< ids of new entities
  std::size_t relations_added = 0;
  std::size_t citations_added = 0;  ///< candidates that matched an existing relation
};

/// Adds `chosen` (indexes into `result.candidates`) to `g`, each cited to `source` (added to the
/// graph's sources when it has no source of that id) with its quote and span. A candidate whose
/// fact the graph already states (same ends, type, evidence and item) adds its citation to that
/// relation instead of a second relation; a new actor becomes an entity with an id made from its
/// name. Throws schema_error (naming the rule) when a candidate breaks the schema; nothing is
/// added then.
ingest_accepted accept_candidates(graph& g, const ingest_result& result,
                                  std::span<const std::size_t> chosen, const source_info& source);

}  // namespace entente

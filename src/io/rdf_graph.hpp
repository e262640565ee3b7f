#pragma once
// Triples into a graph (internal, not installed): what the RDF reader keeps of serd's statements
// while the text streams by — per entity, source, statement and citation, which is the graph
// being built and no copy of the text — and the graph it makes of them at the end
// (rdf_triples.cpp takes the triples, rdf_resolve.cpp makes the graph).

#include <entente/graph.hpp>
#include <entente/io/rdf.hpp>

#include "io/rdf_source.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace entente::detail {

/// What a term of a triple is.
enum class rdf_node : std::uint8_t { iri, blank, literal };

/// A term as the reader hands it over: an IRI (expanded and resolved), a blank node's label, or
/// a literal's lexical form with its datatype IRI (empty for none) and language tag.
struct rdf_term {
  rdf_node node = rdf_node::iri;
  std::string_view text;
  std::string_view datatype;
  std::string_view language;
};

inline constexpr std::uint32_t rdf_none = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::uint64_t rdf_no_number = std::numeric_limits<std::uint64_t>::max();

// Not noexcept on purpose: libstdc++ then keeps each key's hash in its node, and a lookup
// compares hashes before text instead of hashing every key in the bucket again.
struct rdf_text_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
/// A map from text, looked up by string_view without building a string.
template <class T>
using rdf_text_map = std::unordered_map<std::string, T, rdf_text_hash, std::equal_to<>>;

/// What a predicate means to the reader.
enum class rdf_role : std::uint8_t {
  other,  // an attribute or a relation named by its local name
  type,   // rdf:type
  label,  // rdfs:label, skos:prefLabel, foaf:name, schema:name (ranked in rdf_predicate)
  alias,  // skos:altLabel
  own_relation,
  own_attribute,
  own_external,  // <base>external/SYSTEM: an external id
  own_unknown,   // under the base, but no part of entente's vocabulary
  subject,       // rdf:subject
  predicate,     // rdf:predicate
  object,        // rdf:object
  occurrence_of,
  evidence,
  since,
  until,
  quote,
  derived_from,
  qualified_derivation,
  prov_entity,
  title,
  publisher,
  issued,
  identifier,
};

struct rdf_predicate {
  std::string iri;
  rdf_role role = rdf_role::other;
  std::uint8_t label_rank = 0;  // rdfs:label 0, skos:prefLabel 1, foaf:name 2, schema:name 3
  std::string own_name;  // a <base>relation/, <base>attribute/ or <base>external/ name, decoded
};

struct rdf_class {
  std::string name;  // the kind it stands for: a <base>kind/ name, or the local name
  bool own = false;
};

/// A literal as read: its predicate (whose name the end decides), language tag and value.
struct rdf_value {
  std::uint32_t predicate = 0;
  std::uint32_t language = 0;  // 0: no tag
  scalar item;
};

struct rdf_label {
  std::uint8_t rank = 0;  // as rdf_predicate::label_rank; alias_rank for skos:altLabel
  std::uint32_t language = 0;
  std::string text;
};
inline constexpr std::uint8_t alias_rank = 4;

enum class rdf_origin : std::uint8_t { own, iri, blank };

struct pending_entity {
  std::string id;
  rdf_position seen;
  rdf_origin origin = rdf_origin::iri;
  bool described = false;  // the subject of a triple
  std::vector<std::uint32_t> classes;
  std::vector<rdf_label> labels;
  std::vector<rdf_value> values;
  std::vector<std::pair<std::uint32_t, std::string>> external_ids;  // predicate, id; text order
};

struct pending_source {
  std::string id;
  rdf_position seen;
  bool described = false;
  std::optional<std::string> title;
  std::optional<std::string> publisher;
  std::optional<date> published;
  std::optional<std::string> url;
};

/// Provenance beyond evidence and time, which few statements have.
struct statement_extra {
  std::vector<std::uint32_t> sources;    // prov:wasDerivedFrom, once each, in text order
  std::vector<std::uint32_t> citations;  // prov:qualifiedDerivation
  std::vector<rdf_value> values;
};

struct pending_statement {
  std::uint64_t number = rdf_no_number;  // <base>statement/<number>
  std::string name;                      // the IRI of a statement without a number
  rdf_position seen;
  std::uint32_t from = rdf_none;
  std::uint32_t predicate = rdf_none;
  std::uint32_t to = rdf_none;
  std::optional<entente::evidence> level;
  std::optional<date> since;
  std::optional<date> until;
  std::uint32_t extra = rdf_none;
};

struct pending_citation {
  std::string name;  // after <base>citation/
  rdf_position seen;
  std::uint32_t source = rdf_none;
  std::uint32_t statement = rdf_none;
  std::optional<std::string> quote;
};

struct asserted_triple {
  std::uint32_t from = 0;
  std::uint32_t predicate = 0;
  std::uint32_t to = 0;
};

/// Takes triples in any order and makes the graph at the end.
class rdf_graph_builder {
 public:
  rdf_graph_builder(const io::rdf_read_options& opts, std::string origin);

  /// Takes one triple; `at` is where the reader stands, for errors.
  void add(const rdf_term& subject, const rdf_term& predicate, const rdf_term& object,
           rdf_position at);
  /// Takes `subject predicate << s p o >>`, a quoted triple of three IRIs standing at `at`:
  /// only a statement's `<base>occurrenceOf` may point at one.
  void add_quoted(const rdf_term& subject, const rdf_term& predicate, std::string_view s,
                  std::string_view p, std::string_view o, rdf_position at);

  /// The graph; throws io_error for what the text left incomplete.
  [[nodiscard]] graph finish();

 private:
  // Taking triples (rdf_triples.cpp).
  [[noreturn]] void fail(const std::string& what, rdf_position at) const;
  std::uint32_t predicate_of(std::string_view iri);
  std::uint32_t class_of(std::string_view iri);
  std::uint32_t language_of(std::string_view tag);
  std::uint32_t entity_of(const rdf_term& term, rdf_position at);
  std::uint32_t source_of(std::string_view iri, rdf_position at);
  std::uint32_t statement_of(std::string_view iri, rdf_position at);
  std::uint32_t citation_of(std::string_view iri, rdf_position at);
  statement_extra& extra_of(pending_statement& st);
  void add_to_entity(std::uint32_t e, const rdf_predicate& p, std::uint32_t predicate,
                     const rdf_term& object, rdf_position at);
  void add_to_source(std::uint32_t s, const rdf_predicate& p, const rdf_term& object,
                     rdf_position at);
  void add_to_statement(std::uint32_t st, const rdf_predicate& p, std::uint32_t predicate,
                        const rdf_term& object, rdf_position at);
  void add_to_citation(std::uint32_t c, const rdf_predicate& p, const rdf_term& object,
                       rdf_position at);
  void set_part(std::uint32_t st, std::uint32_t& part, std::uint32_t value, std::string_view what,
                rdf_position at);
  [[nodiscard]] scalar literal_value(const rdf_term& literal, rdf_position at) const;
  [[nodiscard]] date literal_date(const rdf_term& literal, rdf_position at) const;
  [[nodiscard]] std::string statement_iri(const pending_statement& st) const;

  // Making the graph (rdf_resolve.cpp).
  struct relation_ref {
    bool statement;       // a statement's relation, or an asserted triple's
    std::uint32_t index;  // in statements_ or asserted_
  };
  void check_complete() const;
  schema make_schema(bool& declare) const;
  std::vector<kind_id> resolve_kinds(schema& s, bool declare,
                                     std::vector<std::vector<std::string>>& other_kinds) const;
  void name_predicates(bool types_needed);
  [[nodiscard]] std::vector<relation_ref> relation_order() const;
  std::vector<relation_type_id> declare_types(schema& s, bool declare,
                                              const std::vector<relation_ref>& order) const;
  void add_entities(graph& g, const std::vector<kind_id>& kinds,
                    std::vector<std::vector<std::string>>& other_kinds);
  void add_relations(graph& g, const std::vector<relation_ref>& order,
                     const std::vector<relation_type_id>& types);
  [[nodiscard]] attributes make_attributes(const std::vector<rdf_value>& values) const;
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> make_external_ids(
      std::vector<std::pair<std::uint32_t, std::string>>& said) const;
  [[nodiscard]] std::vector<citation> make_citations(const statement_extra& x) const;
  [[nodiscard]] std::string where(rdf_position seen) const;

  const io::rdf_read_options& opts_;
  std::string origin_;
  std::string base_;
  bool uses_own_ = false;  // the text uses entente's vocabulary

  std::vector<rdf_predicate> predicates_;
  rdf_text_map<std::uint32_t> predicate_by_iri_;
  std::vector<rdf_class> classes_;
  rdf_text_map<std::uint32_t> class_by_iri_;
  std::vector<std::string> languages_{""};
  rdf_text_map<std::uint32_t> language_by_tag_;

  std::vector<pending_entity> entities_;
  rdf_text_map<std::uint32_t> entity_by_id_;
  std::vector<pending_source> sources_;
  rdf_text_map<std::uint32_t> source_by_id_;
  std::vector<pending_statement> statements_;
  std::unordered_map<std::uint64_t, std::uint32_t> statement_by_number_;
  rdf_text_map<std::uint32_t> statement_by_name_;
  std::vector<statement_extra> extras_;
  std::vector<pending_citation> citations_;
  rdf_text_map<std::uint32_t> citation_by_name_;
  std::vector<asserted_triple> asserted_;

  // Decided at the end: each predicate's name as a relation type and as an attribute key.
  std::vector<std::string> type_names_;
  std::vector<std::string> key_names_;
  std::string types_key_;  // the attribute that lists an entity's other kinds

  std::string scratch_;  // a decoded id, reused
  // Turtle says many things of one subject in a row, with few predicates: the last of each.
  std::string last_predicate_;
  std::uint32_t last_predicate_id_ = rdf_none;
  std::string last_subject_;
  rdf_node last_subject_node_ = rdf_node::literal;
  std::uint32_t last_subject_id_ = rdf_none;
};

/// `text` with every `%XX` decoded (a `%` without two hex digits stays as it is).
[[nodiscard]] std::string percent_decode(std::string_view text);
/// The local name of an IRI: after its last `#`, else `/`, else `:`, percent-decoded where
/// that gives UTF-8; the whole IRI when that part is empty.
[[nodiscard]] std::string local_name(std::string_view iri);

}  // namespace entente::detail

#pragma once
/// RDF, written and read: N-Triples (`*.nt`) or Turtle (`*.ttl`).
///
/// ## Writing
/// Entities are `<base>entity/<id>` with
/// `rdf:type <base>kind/<Kind>` (and each ancestor kind), `rdfs:label` for the name and
/// `skos:altLabel` for each alias, attributes as `<base>attribute/<key>` with typed literals
/// (xsd:long, xsd:double, xsd:boolean, xsd:date / xsd:gYearMonth / xsd:gYear, or plain strings);
/// a list attribute gives one triple per item (RDF keeps neither their order nor repeats, and an
/// empty list gives none).
/// Sources are `<base>source/<id>`, a `prov:Entity` with `dcterms:title`, `dcterms:publisher`,
/// `dcterms:issued` and the url as `dcterms:identifier` (an xsd:anyURI literal).
/// A relation is the triple `entity <base>relation/<type> entity`, and its provenance — evidence,
/// validity, sources and quotes, attributes — is said of relation number i as
/// `<base>statement/<i>` (`<base>evidence`, `<base>since`, `<base>until`,
/// `prov:wasDerivedFrom` each cited source, and for each quoted citation a
/// `prov:qualifiedDerivation` `<base>citation/<i>-<n>` with `prov:entity` and `<base>quote`), so
/// parallel relations stay apart. The statement points at its triple either by standard
/// reification (an `rdf:Statement` with `rdf:subject`, `rdf:predicate`, `rdf:object`; the default,
/// readable by any RDF tool) or as RDF-star (`<base>occurrenceOf << s p o >>`, the RDF-star
/// pattern for a triple stated more than once).
///
/// Ids, kinds, types and keys become IRI segments: what a segment cannot hold (spaces, double
/// quotes, angle and curly brackets, `|`, `\`, `^`, backquotes, `/`, `%`, controls, bytes that
/// are not UTF-8) is percent-encoded; non-ASCII letters stay UTF-8. Literals escape `"`, `\`,
/// line breaks and tabs, other control characters as `\uXXXX`; a byte that is not UTF-8 becomes
/// U+FFFD. Turtle uses prefixed names where the local part allows, full IRIs elsewhere.
/// `write_rdf` throws `io_error` for a base that is not an absolute IRI.
///
/// ## Reading
///
/// `read_rdf` and `load_rdf` stream the text through serd (a page at a time; the file is never
/// in memory whole) and build the graph once the last statement is in: statements may come in
/// any order. IRIs under the base are entente's vocabulary above, read back exactly; every other
/// triple is read by the rules for other RDF below, and a file may mix both.
///
/// **entente's own vocabulary.** `read_rdf(write_rdf(g, o), {.schema = g.schema()}) == g` for
/// both syntaxes and both provenance styles, up to what RDF cannot carry:
/// - order: sources and entities come in the order the text first mentions them (subject or
///   object), which is the graph's own order in entente's output; relations come by their
///   statement numbers (`<base>statement/<i>`), then statements of other names in text order,
///   then asserted triples that no statement describes (evidence `reported`), in text order;
/// - repeats: a list attribute is the set of its items, sorted (a list of one item reads as that
///   item, an empty list as no attribute); aliases come in text order, once each; an unquoted
///   citation of a source that the relation cites again is lost (quoted citations keep their
///   places by their numbers `<base>citation/<r>-<n>`, unquoted ones fill the places between);
/// - not written at all: the schema's rules (domain, range, symmetry, inverse, polarity, CAMEO,
///   weights), external ids, citation spans, null attributes and unset dates.
/// Without `schema`, a text that uses entente's vocabulary reads under `schema::geopolitics()`,
/// extended with the kinds and relation types it uses that the vocabulary lacks (types with no
/// rules; a kind under the most specific kind that every entity of it also has, so exported
/// hierarchies come back).
///
/// **Other RDF** reads under `schema::open()` (or `schema`, when given):
/// - every IRI or blank node in subject position, and in object position of a triple that is not
///   `rdf:type`, is an entity. Its id is the IRI as written (expanded and resolved against
///   `@base`; kept relative without one), `_:LABEL` for a blank node (the label serd reports:
///   the file's own, or `b1`, `b2`, … for `[]` and collections; in Turtle serd spells a label
///   `b<digits>` as `B<digits>`), and for `<base>entity/ID` the percent-decoded ID;
/// - the name is the first of `rdfs:label`, `skos:prefLabel`, `foaf:name`, `schema:name` that
///   the entity has, in the value without a language tag, else in English (`en`, `en-*`), else
///   the first; every other such label and each `skos:altLabel` is an alias. Without one, the
///   name is the IRI's local name (percent-decoded), or the id;
/// - `rdf:type` gives the kind: the class's local name (the part after the last `#`, `/` or
///   `:`); `<base>kind/K` gives K. With several, the most specific that the schema's hierarchy
///   shows (entente's own first, then in text order) is the kind and the others are listed, by
///   name, in the string-list attribute `types`. An entity without a class has the empty kind
///   (no label), which makes a closed default schema open;
/// - a triple with an IRI or blank-node object is a relation whose type is the predicate's local
///   name; a triple with a literal object is an attribute under that name, typed from the
///   datatype: xsd:integer, long, int, short, byte and their signed and unsigned kin are
///   integers, xsd:double, float and decimal reals (`INF`, `-INF`, `NaN` too), xsd:boolean
///   bools, xsd:date, gYearMonth and gYear dates (a time zone is dropped), anything else a
///   string. Values without a language tag take the plain name; without any, the English ones
///   do; the others go to `NAME@LANG` (`description@fr`). Several values make a sorted list
///   without repeats, of strings when their types differ;
/// - local names are shared: the first predicate (in text order, after entente's own
///   `<base>attribute/`s and `<base>relation/`s) to use one takes it, and every other predicate
///   that would clash is named by its whole IRI. Classes of one local name are one kind;
/// - a triple asserted twice is one relation; RDF collections are not interpreted (their cells
///   are blank-node entities with `first` and `rest` relations).
///
/// **RDF-star.** serd 0.30 cannot parse quoted triples, so the bytes pass through a small
/// streaming rewrite on the way to serd: a quoted triple `<< s p o >>` of three IRIs (IRIs in
/// brackets or, in Turtle, prefixed names and `a`) becomes the blank node
/// `_:entente-quoted-<n>`, and the reader puts the triple back where that node is the object
/// of `<base>occurrenceOf`, the pattern entente writes. A quoted triple anywhere else, one that
/// holds a literal, a blank node or another quoted triple, one longer than 64 KiB, and a blank
/// node label of the file that starts with `entente-quoted-` are `parse_error`s. Error positions
/// are those of the text as written.
///
/// **Errors.** Every message starts with the origin (`opts.origin`; the file for `load_rdf`).
/// Bad syntax (serd's message), an undefined prefix, a literal that its datatype does not allow
/// (`"abc"^^xsd:integer`, an integer past 64 bits, a date outside years 1..9999), a bad
/// evidence level, and vocabulary used out of place are `parse_error`s with the line and the
/// column (counted in characters) where the reader stood: for a triple's content, just after its
/// object. What only the end can tell — a statement with no subject, predicate or object, or
/// two of one; a citation no statement derives; an entity or source that is used but never
/// described; an unknown kind or relation type under a closed `schema` — is an `io_error`
/// naming the IRI. A relation outside its type's domain or range is a `schema_error` in strict
/// mode and a graph warning in lenient mode.

#include <entente/graph.hpp>
#include <entente/progress.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace entente::io {

enum class rdf_syntax { ntriples, turtle };
enum class rdf_provenance { reification, rdf_star };

struct rdf_options {
  rdf_syntax syntax = rdf_syntax::turtle;
  rdf_provenance provenance = rdf_provenance::reification;
  std::string base = "urn:entente:";  ///< the prefix of every IRI entente mints
};

/// The graph as RDF text.
[[nodiscard]] std::string write_rdf(const graph& g, const rdf_options& opts = {});
/// Writes the RDF text to `file` atomically.
void save_rdf(const graph& g, const std::filesystem::path& file, const rdf_options& opts = {});

/// How to read RDF.
struct rdf_read_options {
  std::string origin = "<rdf>";            ///< names the input in error messages
  rdf_syntax syntax = rdf_syntax::turtle;  ///< `load_rdf` takes it from `.nt` or `.ttl`
  std::string base = "urn:entente:";       ///< where entente's own vocabulary lives
  validation mode = validation::strict;    ///< strict: a relation outside its domain throws
  std::optional<entente::schema> schema;   ///< see above for what reads without one
  progress_callback progress;              ///< told the bytes read, a page at a time
};

/// Reads a graph from N-Triples or Turtle text (see "Reading" above):
/// `auto g = entente::io::read_rdf(text, {.syntax = entente::io::rdf_syntax::ntriples});`
[[nodiscard]] graph read_rdf(std::string_view text, const rdf_read_options& opts = {});
/// Reads a graph from a `.nt` or `.ttl` file, streaming it; the file's name becomes the origin,
/// and its extension the syntax (another extension keeps `opts.syntax`).
[[nodiscard]] graph load_rdf(const std::filesystem::path& file, rdf_read_options opts = {});

}  // namespace entente::io

#pragma once
/// RDF, written and read: N-Triples (`*.nt`) or Turtle (`*.ttl`).
///
/// ## Writing
/// Entities are `<base>entity/<id>` with
/// `rdf:type <base>kind/<Kind>` (and each ancestor kind), `rdfs:label` for the name and
/// `skos:altLabel` for each alias, each external id as `<base>external/<system>` with the id as a
/// plain literal (`entity:PRK ext:wikidata "Q423"`), in the graph's order (a system may appear
/// more than once; a system and id repeated exactly is one triple), attributes as
/// `<base>attribute/<key>` with typed literals (xsd:long, xsd:double, xsd:boolean, xsd:date /
/// xsd:gYearMonth / xsd:gYear, or plain strings); a list attribute gives one triple per item (RDF
/// keeps neither their order nor repeats, and an empty list gives none).
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
/// No `owl:sameAs` to Wikidata is written: it says the two are one resource, so a reasoner would
/// give Wikidata's item every kind and relation of the entity (denied ones too, whose triples are
/// asserted) and merge two entities that share an id. Where such links are wanted, SPARQL makes
/// them: `CONSTRUCT { ?e owl:sameAs ?w } WHERE { ?e <urn:entente:external/wikidata> ?q .
/// BIND(IRI(CONCAT("http://www.wikidata.org/entity/", ?q)) AS ?w) }`.
///
/// Ids, kinds, types, keys and external id systems become IRI segments: what a segment cannot hold
/// (spaces, double quotes, angle and curly brackets, `|`, `\`, `^`, backquotes, `/`, `%`, controls,
/// bytes that are not UTF-8) is percent-encoded; non-ASCII letters stay UTF-8. Literals escape `"`,
/// `\`, line breaks and tabs, other control characters as `\uXXXX`; a byte that is not UTF-8
/// becomes U+FFFD. Turtle uses prefixed names where the local part allows, full IRIs elsewhere.
/// `write_rdf` throws `io_error` for a base that is not an absolute IRI.
///
/// ## Reading
///
/// `read_rdf` and `load_rdf` stream the text through serd (a file is read a block at a time and
/// never held whole) and make the graph once the last statement is in, so statements may come
/// in any order; until then the reader keeps what each entity, source, statement and citation
/// has said, which is the graph being built. IRIs under the base are entente's vocabulary above,
/// read back exactly; every other triple follows the rules for other RDF below; a text may mix
/// both.
///
/// **entente's own vocabulary.** `read_rdf(write_rdf(g, o), {.syntax = o.syntax, .schema =
/// g.schema()}) == g` for both syntaxes and both provenance styles, up to what RDF cannot carry:
/// - order: sources and entities come in the order the text first mentions them, which in
///   entente's output is the graph's; relations come by their statement numbers
///   (`<base>statement/<i>`), then statements of other names in text order, then asserted
///   triples that no statement describes (as `reported` relations), in text order;
/// - repeats: a list attribute reads as the set of its items, sorted (one item as that item, an
///   empty list as no attribute); aliases come once each, in text order; external ids come in
///   text order, which in entente's output is the graph's, a system named twice included, and
///   a system and id repeated exactly come once; quoted citations keep their places (the n of
///   `<base>citation/<r>-<n>`) and the sources derived from without a quote fill the places
///   between, in text order, so an unquoted citation of a source that the relation cites again
///   is lost;
/// - text that is not UTF-8: in names, aliases, external ids, string values, quotes and the
///   sources' fields each such byte reads as U+FFFD (ids, kinds, types, keys and systems are
///   IRI segments and come back exactly);
/// - never written: the schema's rules (domain, range, symmetry, inverse, polarity, CAMEO,
///   weight), citation spans, null attributes and unset dates.
/// Without `schema`, a text that uses entente's vocabulary reads under `schema::geopolitics()`,
/// extended with what it uses that the vocabulary lacks: relation types with no rules, and
/// kinds, each under the most specific of the kinds that every entity of it also has (entente
/// writes a kind with all its ancestors, so hierarchies come back). `<base>kind/` (no name) is
/// the kind of no name, and opens the schema. `<base>external/<system>` gives any entity (one of
/// another IRI or a blank node too) an external id: the literal's text, its datatype or
/// language tag ignored; under another base it is a predicate like any other.
///
/// **Other RDF** reads under `schema::open()`, or `schema` when given (a closed one must know
/// every kind and relation type the text uses):
/// - every IRI or blank node that is a subject, or the object of a triple other than
///   `rdf:type`, is an entity. Its id is the IRI (prefixed names expanded, relative IRIs
///   resolved against `@base`, kept as written without one), `_:LABEL` for a blank node with the
///   label serd reports (the text's own, `b1`, `b2`, … for `[]` and collections; Turtle's
///   `_:b<digits>` becomes `B<digits>`, and serd refuses a Turtle text that uses both), and for
///   `<base>entity/ID` the percent-decoded ID;
/// - the name is the best of its `rdfs:label`, `skos:prefLabel`, `foaf:name` and `schema:name`
///   (in that order of predicates; then without a language tag, then English `en`/`en-*`, then
///   the first); each `skos:altLabel` and every other of those labels is an alias. Without one,
///   the name is the IRI's local name (after the last `#`, else `/`, else `:`, percent-decoded),
///   or the id;
/// - `rdf:type` gives the kind, the class's local name (classes of one local name are one kind;
///   `<base>kind/K` is K). Of several, the kind is the most specific in the schema's hierarchy,
///   entente's own classes before others, then the first in the text; the others the hierarchy
///   does not imply are listed, sorted, in the string-list attribute `types`. An entity without
///   a class has the kind of no name (no label), which opens a default schema;
/// - a triple with an IRI or blank-node object is a relation named by the predicate's local
///   name; a literal object is an attribute of that name, typed by its datatype: xsd:integer,
///   long, int, short, byte and their unsigned and sign-restricted kin give integers, xsd:double,
///   float and decimal reals (`INF`, `-INF`, `NaN`, in any case: rdflib writes `inf`),
///   xsd:boolean bools, xsd:date, gYearMonth and gYear dates (a time zone dropped); any other
///   datatype, a language tag or none give strings. Values without a language tag take the
///   attribute's name; when there are none, the English ones do; the others go to `NAME@LANG`
///   (`description@fr`). Several values make a list of the distinct values, sorted, and of
///   strings when their types differ;
/// - a local name goes to the first predicate that has it, in text order after entente's own
///   `<base>relation/` and `<base>attribute/` names (and `types`, when an entity needs it);
///   every other predicate it would name is named by its whole IRI;
/// - a triple said twice is one relation or value; RDF collections are not interpreted (their
///   cells are blank-node entities with `first` and `rest` relations); what this mapping drops
///   is the namespaces of classes and of predicates that do not clash, datatypes beyond the
///   value types, and language tags beyond the `@LANG` names.
///
/// **RDF-star.** serd 0.30 cannot parse quoted triples, so the bytes pass through a small
/// streaming rewrite on their way to serd: a quoted triple `<< s p o >>` of three IRIs (in
/// brackets, or in Turtle prefixed names and `a`) becomes the blank node
/// `_:entente-quoted-<n>`, and the reader puts the triple back where that node is the object of
/// a statement's `<base>occurrenceOf`, the pattern entente writes. A small scanner follows
/// strings, IRIs and comments, so `<<` there is text. A quoted triple anywhere else, one that
/// holds a literal, a blank node or another quoted triple, one longer than 64 KiB, and a blank
/// node label of the text that starts with `entente-quoted-` are `parse_error`s. Positions are
/// those of the text as written. The scanner also counts brackets: serd reads nested blank
/// nodes and collections by recursion, so nesting them more than 1000 deep is a `parse_error`
/// (serd would run out of stack at some 20000).
///
/// **Errors.** Every message starts with the origin (`opts.origin`; the file for `load_rdf`).
/// Bad syntax (serd's message; serd reads strictly, so bytes that are not UTF-8 and bad IRIs are
/// errors), an undefined prefix, a literal its datatype does not allow (`"abc"^^xsd:integer`,
/// an integer past 64 bits, a date outside the years 1 to 9999), and entente's vocabulary out of
/// place (an evidence level that is none, a statement with two subjects, a property that
/// entente's statements, sources or citations do not take, an IRI of its sources or statements
/// where an entity belongs, two IRIs that give one entity id) are `parse_error`s with the line
/// and the column (in characters) where the reader stood: for a triple's content, just past its
/// object. What only the end can tell — a statement without subject, predicate or object, a
/// citation no statement derives or that names no source, an entity (`<base>entity/`) or a
/// source used but never described, a kind or relation type a closed schema lacks — is an
/// `io_error` naming it (and the line that first mentioned it). A relation outside its type's
/// domain or range is a `schema_error` in strict mode and a graph warning in lenient mode.

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
  progress_callback progress;              ///< told the bytes read, each MiB and at the end
};

/// Reads a graph from N-Triples or Turtle text (see "Reading" above):
/// `auto g = entente::io::read_rdf(text, {.syntax = entente::io::rdf_syntax::ntriples});`
[[nodiscard]] graph read_rdf(std::string_view text, const rdf_read_options& opts = {});
/// Reads a graph from a `.nt` or `.ttl` file, streaming it; the file's name becomes the origin,
/// and its extension the syntax (another extension keeps `opts.syntax`).
[[nodiscard]] graph load_rdf(const std::filesystem::path& file, rdf_read_options opts = {});

}  // namespace entente::io

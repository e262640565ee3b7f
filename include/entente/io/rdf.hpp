#pragma once
/// RDF export: N-Triples (`*.nt`) or Turtle (`*.ttl`). Entities are `<base>entity/<id>` with
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

#include <entente/graph.hpp>

#include <filesystem>
#include <string>

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

}  // namespace entente::io

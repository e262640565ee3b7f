// RDF export: N-Triples and Turtle. One stream of triples feeds either syntax: every term carries
// its N-Triples spelling and its Turtle spelling (a prefixed name where one is valid), and the
// Turtle writer groups consecutive triples about one subject. Sources, entities and relations
// are written in index order and every IRI is minted from ids and indexes, so the text is a
// function of the graph and the options alone.

#include <entente/io/rdf.hpp>

#include "io/atomic_file.hpp"
#include "io/export_text.hpp"
#include "io/text_sink.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace entente::io {
namespace {

// ---- IRIs ------------------------------------------------------------------------------------

bool is_ascii_alnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// RFC 3987's `ucschar`: the non-ASCII characters an IRI may hold unescaped.
bool is_ucschar(char32_t c) {
  if ((c >= 0xA0 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFEF))
    return true;
  if (c >= 0x10000 && c < 0xE0000) return (c & 0xFFFF) <= 0xFFFD;
  return c >= 0xE1000 && c <= 0xEFFFD;
}

/// RFC 3987's `ipchar` less `%`: what a path segment may hold unescaped.
bool is_segment_char(char32_t c) {
  if (c >= 0x80) return is_ucschar(c);
  return is_ascii_alnum(c) ||
         std::u32string_view(U"-._~!$&'()*+,;=:@").find(c) != std::u32string_view::npos;
}

/// `text` as one IRI path segment: characters a segment may hold stay (non-ASCII letters as
/// UTF-8), every other byte is percent-encoded, so `/`, `%`, spaces and bytes that are not
/// UTF-8 all come back exactly on decoding.
std::string encode_segment(std::string_view text) {
  constexpr std::string_view hex = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto ch = detail::decode_utf8(text, i);
    const std::size_t size = ch.size == 0 ? 1 : ch.size;
    if (ch.size != 0 && is_segment_char(ch.code_point)) {
      out += text.substr(i, size);
    } else {
      for (std::size_t b = i; b < i + size; ++b) {
        const auto byte = static_cast<unsigned char>(text[b]);
        out += '%';
        out += hex[byte >> 4];
        out += hex[byte & 0xF];
      }
    }
    i += size;
  }
  return out;
}

/// Turtle's PN_CHARS_BASE.
bool is_name_start_char(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) ||
         (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || c == 0x200C || c == 0x200D ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

/// Turtle's PN_CHARS: PN_CHARS_BASE, `_`, `-`, digits and a few combining marks.
bool is_name_char(char32_t c) {
  return is_name_start_char(c) || c == '_' || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || c == 0x203F || c == 0x2040;
}

/// Whether an encoded segment can follow a prefix as a Turtle local name (PN_LOCAL) without
/// backslash escapes; otherwise the IRI is written in full.
bool is_turtle_local_name(std::string_view segment) {
  for (std::size_t i = 0; i < segment.size();) {
    if (segment[i] == '%') {  // PLX; encode_segment writes two hex digits after every `%`
      i += 3;
      continue;
    }
    const auto ch = detail::decode_utf8(segment, i);
    const char32_t c = ch.code_point;
    const bool first = i == 0;
    const bool last = i + ch.size == segment.size();
    const bool ok = first ? is_name_start_char(c) || c == '_' || c == ':' || (c >= '0' && c <= '9')
                          : is_name_char(c) || c == ':' || (c == '.' && !last);
    if (ch.size == 0 || !ok) return false;
    i += ch.size;
  }
  return true;
}

/// Whether `iri` can be written between `<` and `>` and has a scheme (N-Triples wants absolute
/// IRIs): the base every minted IRI starts with.
bool is_usable_base(std::string_view iri) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(iri[i]); };
  const auto colon = iri.find(':');
  if (colon == std::string_view::npos || colon == 0 || !is_ascii_alnum(at(0)) ||
      (at(0) >= '0' && at(0) <= '9'))
    return false;
  for (std::size_t i = 1; i < colon; ++i)
    if (!is_ascii_alnum(at(i)) && at(i) != '+' && at(i) != '-' && at(i) != '.') return false;
  for (std::size_t i = 0; i < iri.size(); ++i)
    if (at(i) <= 0x20 || std::string_view("<>\"{}|^`\\").find(iri[i]) != std::string_view::npos)
      return false;
  return true;
}

// ---- terms -----------------------------------------------------------------------------------

/// An RDF term spelled for N-Triples and for Turtle.
struct term {
  std::string ntriples;
  std::string turtle;
};

/// A namespace: its Turtle prefix and the IRI the prefix stands for.
struct vocabulary_namespace {
  std::string prefix;
  std::string iri;

  /// The IRI of `local` in this namespace; `local` is already a valid IRI segment.
  [[nodiscard]] term name(std::string_view local) const {
    std::string full = "<" + iri + std::string(local) + ">";
    if (!is_turtle_local_name(local)) return {full, full};
    return {std::move(full), prefix + ":" + std::string(local)};
  }
  /// The IRI of `text` in this namespace, percent-encoded as a segment.
  [[nodiscard]] term mint(std::string_view text) const { return name(encode_segment(text)); }
};

/// Appends `text` as the inside of an N-Triples or Turtle string literal: `"`, `\` and line
/// breaks escaped, other control characters as \uXXXX, the rest UTF-8 as it is (a byte that is
/// not UTF-8 becomes U+FFFD).
void append_literal_text(std::string& out, std::string_view text) {
  constexpr std::string_view hex = "0123456789ABCDEF";
  detail::append_escaped(out, text, [&](char32_t c, std::string& to) {
    switch (c) {
      case '"': to += "\\\""; return true;
      case '\\': to += "\\\\"; return true;
      case '\n': to += "\\n"; return true;
      case '\r': to += "\\r"; return true;
      case '\t': to += "\\t"; return true;
      default:
        if (c >= 0x20 && c != 0x7F) return false;
        to += "\\u00";
        to += hex[c >> 4];
        to += hex[c & 0xF];
        return true;
    }
  });
}

/// A literal, typed by `datatype` when given (a plain literal is an xsd:string).
term literal(std::string_view text, const term* datatype = nullptr) {
  std::string quoted = "\"";
  append_literal_text(quoted, text);
  quoted += '"';
  if (datatype == nullptr) return {quoted, quoted};
  return {quoted + "^^" + datatype->ntriples, quoted + "^^" + datatype->turtle};
}

// ---- vocabularies ----------------------------------------------------------------------------

/// Every IRI the export uses: the well-known vocabularies, and entente's own under the base.
struct vocabulary {
  explicit vocabulary(const std::string& base)
      : rdf{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
        rdfs{"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
        xsd{"xsd", "http://www.w3.org/2001/XMLSchema#"},
        skos{"skos", "http://www.w3.org/2004/02/skos/core#"},
        prov{"prov", "http://www.w3.org/ns/prov#"},
        dcterms{"dcterms", "http://purl.org/dc/terms/"},
        ent{"ent", base},
        entity{"entity", base + "entity/"},
        kind{"kind", base + "kind/"},
        rel{"rel", base + "relation/"},
        attr{"attr", base + "attribute/"},
        ext{"ext", base + "external/"},
        source{"source", base + "source/"},
        stmt{"stmt", base + "statement/"},
        cit{"cit", base + "citation/"} {}

  [[nodiscard]] std::vector<const vocabulary_namespace*> namespaces() const {
    return {&rdf,  &rdfs, &xsd,  &skos, &prov,   &dcterms, &ent, &entity,
            &kind, &rel,  &attr, &ext,  &source, &stmt,    &cit};
  }

  [[nodiscard]] term date_literal(date d) const {
    const term type = xsd.name(d.day() != 0 ? "date" : d.month() != 0 ? "gYearMonth" : "gYear");
    return literal(d.to_string(), &type);
  }

  /// The literal of an attribute value; nothing for null and an unset date.
  [[nodiscard]] std::optional<term> value_literal(const value& v) const {
    const auto typed = [&](std::string_view text, std::string_view type) {
      const term datatype = xsd.name(type);
      return literal(text, &datatype);
    };
    if (const auto* b = std::get_if<bool>(&v)) return typed(*b ? "true" : "false", "boolean");
    if (const auto* i = std::get_if<std::int64_t>(&v)) return typed(std::to_string(*i), "long");
    if (const auto* x = std::get_if<double>(&v)) return typed(detail::xsd_double(*x), "double");
    if (const auto* s = std::get_if<std::string>(&v)) return literal(*s);
    if (const auto* d = std::get_if<date>(&v); d && d->is_set()) return date_literal(*d);
    return std::nullopt;
  }

  vocabulary_namespace rdf, rdfs, xsd, skos, prov, dcterms;
  vocabulary_namespace ent, entity, kind, rel, attr, ext, source, stmt, cit;
};

// ---- triples ---------------------------------------------------------------------------------

/// Writes triples in either syntax. Turtle shares the subject of consecutive triples (`;`) and
/// their predicate too when that repeats (`,`); `rdf:type` is spelled `a`.
class triple_writer {
 public:
  triple_writer(rdf_syntax syntax, const vocabulary& vocab, detail::text_sink& sink)
      : syntax_(syntax), sink_(sink), out_(sink.text()) {
    if (syntax_ != rdf_syntax::turtle) return;
    for (const auto* ns : vocab.namespaces())
      out_ += "@prefix " + ns->prefix + ": <" + ns->iri + "> .\n";
  }

  void add(const term& subject, const term& predicate, const term& object) {
    sink_.pass_on();
    if (syntax_ == rdf_syntax::ntriples) {
      out_ += subject.ntriples + ' ' + predicate.ntriples + ' ' + object.ntriples + " .\n";
      return;
    }
    const std::string verb = predicate.ntriples == rdf_type ? "a" : predicate.turtle;
    if (subject.ntriples != subject_) {
      end_subject();
      out_ += '\n' + subject.turtle + ' ' + verb + ' ' + object.turtle;
    } else if (predicate.ntriples != predicate_) {
      out_ += " ;\n    " + verb + ' ' + object.turtle;
    } else {
      out_ += ", " + object.turtle;
    }
    subject_ = subject.ntriples;
    predicate_ = predicate.ntriples;
  }

  void finish() { end_subject(); }

 private:
  static constexpr std::string_view rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";

  void end_subject() {
    if (!subject_.empty()) out_ += " .\n";
    subject_.clear();
    predicate_.clear();
  }

  rdf_syntax syntax_;
  detail::text_sink& sink_;
  std::string& out_;     // the sink's text
  std::string subject_;  // N-Triples spellings: one IRI, one spelling
  std::string predicate_;
};

// ---- the graph -------------------------------------------------------------------------------

class rdf_writer {
 public:
  rdf_writer(const graph& g, const rdf_options& opts, detail::text_sink& sink)
      : g_(g), opts_(opts), v_(opts.base), out_(opts.syntax, v_, sink) {
    for (const auto& s : g_.sources()) sources_.push_back(v_.source.mint(s.id));
    for (entity_index e = 0; e < g_.num_entities(); ++e)
      entities_.push_back(v_.entity.mint(g_.entity(e).id()));
  }

  void write() {
    for (source_index s = 0; s < g_.sources().size(); ++s) write_source(s);
    for (entity_index e = 0; e < g_.num_entities(); ++e) write_entity(e);
    for (relation_index r = 0; r < g_.num_relations(); ++r) write_relation(r);
    out_.finish();
  }

 private:
  void write_source(source_index s) {
    const auto& src = g_.sources()[s];
    const term& subject = sources_[s];
    out_.add(subject, v_.rdf.name("type"), v_.prov.name("Entity"));
    if (!src.title.empty()) out_.add(subject, v_.dcterms.name("title"), literal(src.title));
    if (!src.publisher.empty())
      out_.add(subject, v_.dcterms.name("publisher"), literal(src.publisher));
    if (src.published.is_set())
      out_.add(subject, v_.dcterms.name("issued"), v_.date_literal(src.published));
    if (!src.url.empty()) {
      const term any_uri = v_.xsd.name("anyURI");
      out_.add(subject, v_.dcterms.name("identifier"), literal(src.url, &any_uri));
    }
  }

  void write_entity(entity_index e) {
    const auto ent = g_.entity(e);
    const term& subject = entities_[e];
    const auto& schema = g_.schema();
    for (std::optional<kind_id> k = ent.kind(); k; k = schema.kind_at(*k).parent)
      out_.add(subject, v_.rdf.name("type"), v_.kind.mint(schema.kind_at(*k).name));
    out_.add(subject, v_.rdfs.name("label"), literal(ent.name()));
    for (auto alias : ent.aliases()) out_.add(subject, v_.skos.name("altLabel"), literal(alias));
    write_external_ids(subject, ent.external_ids());
    write_attributes(subject, ent.attributes());
  }

  /// One triple per system and id, in the graph's order, which the reader keeps; an id repeated
  /// exactly is one triple, as RDF holds a triple once however often it is said.
  void write_external_ids(const term& subject,
                          const std::vector<std::pair<std::string, std::string>>& ids) {
    std::set<std::pair<std::string_view, std::string_view>> written;
    for (const auto& [system, id] : ids)
      if (ids.size() == 1 || written.emplace(system, id).second)
        out_.add(subject, v_.ext.mint(system), literal(id));
  }

  void write_relation(relation_index r) {
    const auto rel = g_.relation(r);
    const term& from = entities_[rel.from()];
    const term& to = entities_[rel.to()];
    const term predicate = v_.rel.mint(rel.type_name());
    // Parallel relations assert one triple; their statements below keep them apart.
    if (asserted_.emplace(rel.from(), rel.type(), rel.to()).second) out_.add(from, predicate, to);

    const term statement = v_.stmt.name(std::to_string(r));
    if (opts_.provenance == rdf_provenance::reification) {
      out_.add(statement, v_.rdf.name("type"), v_.rdf.name("Statement"));
      out_.add(statement, v_.rdf.name("subject"), from);
      out_.add(statement, v_.rdf.name("predicate"), predicate);
      out_.add(statement, v_.rdf.name("object"), to);
    } else {
      out_.add(statement, v_.ent.name("occurrenceOf"),
               {"<< " + from.ntriples + ' ' + predicate.ntriples + ' ' + to.ntriples + " >>",
                "<< " + from.turtle + ' ' + predicate.turtle + ' ' + to.turtle + " >>"});
    }
    write_provenance(r, statement);
  }

  /// Evidence, validity, sources and attributes of a relation's statement, then one
  /// prov:Derivation per quoted citation, tying the quote to its source.
  void write_provenance(relation_index r, const term& statement) {
    const auto rel = g_.relation(r);
    out_.add(statement, v_.ent.name("evidence"), literal(to_string(rel.evidence())));
    if (rel.valid().since.is_set())
      out_.add(statement, v_.ent.name("since"), v_.date_literal(rel.valid().since));
    if (rel.valid().until.is_set())
      out_.add(statement, v_.ent.name("until"), v_.date_literal(rel.valid().until));
    const auto citations = rel.citations();
    // A source cited twice (for two quotes) is one triple; N-Triples would write it twice.
    std::set<source_index> cited;
    for (const auto& c : citations)
      if (cited.insert(c.source).second)
        out_.add(statement, v_.prov.name("wasDerivedFrom"), sources_[c.source]);
    std::vector<std::pair<term, const citation*>> quoted;
    for (std::size_t i = 0; i < citations.size(); ++i) {
      if (citations[i].quote.empty()) continue;
      quoted.emplace_back(v_.cit.name(std::to_string(r) + "-" + std::to_string(i)), &citations[i]);
      out_.add(statement, v_.prov.name("qualifiedDerivation"), quoted.back().first);
    }
    write_attributes(statement, rel.attributes());
    for (const auto& [derivation, c] : quoted) {
      out_.add(derivation, v_.prov.name("entity"), sources_[c->source]);
      out_.add(derivation, v_.ent.name("quote"), literal(c->quote));
    }
  }

  /// A list gives one triple per item: RDF has no order or repeats among a subject's objects.
  void write_attributes(const term& subject, const attributes& attrs) {
    for (const auto& [key, v] : attrs) {
      if (const auto* items = std::get_if<value_list>(&v)) {
        const term predicate = v_.attr.mint(key);
        for (const auto& item : *items)
          if (auto object = v_.value_literal(as_value(item))) out_.add(subject, predicate, *object);
      } else if (auto object = v_.value_literal(v)) {
        out_.add(subject, v_.attr.mint(key), *object);
      }
    }
  }

  const graph& g_;
  const rdf_options& opts_;
  vocabulary v_;
  triple_writer out_;
  std::vector<term> sources_;
  std::vector<term> entities_;
  std::set<std::tuple<entity_index, relation_type_id, entity_index>> asserted_;
};

}  // namespace

namespace {

void check_base(const rdf_options& opts) {
  if (!is_usable_base(opts.base))
    throw io_error("rdf: the base \"" + opts.base +
                   "\" is not an absolute IRI that N-Triples and Turtle can hold");
}

}  // namespace

std::string write_rdf(const graph& g, const rdf_options& opts) {
  check_base(opts);
  detail::text_sink sink;
  rdf_writer(g, opts, sink).write();
  return sink.take();
}

void save_rdf(const graph& g, const std::filesystem::path& file, const rdf_options& opts) {
  check_base(opts);  // before the file is touched
  detail::atomic_file out(file);
  detail::text_sink sink(out);
  rdf_writer(g, opts, sink).write();
  sink.commit();
}

}  // namespace entente::io

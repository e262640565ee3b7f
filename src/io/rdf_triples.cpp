// Triples taken one at a time: each is placed with its subject — an entity, or entente's source,
// statement or citation — checked where a single triple can be checked (literals against their
// datatypes, entente's vocabulary in its places), and kept until the end makes the graph.

#include "io/rdf_graph.hpp"

#include "io/export_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <utility>

namespace entente::detail {
namespace {

constexpr std::string_view rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view xsd_ns = "http://www.w3.org/2001/XMLSchema#";

struct known_predicate {
  std::string_view iri;
  rdf_role role;
  std::uint8_t rank;
};

// The predicates of other vocabularies that the reader gives a meaning.
constexpr known_predicate known_predicates[] = {
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", rdf_role::type, 0},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#subject", rdf_role::subject, 0},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate", rdf_role::predicate, 0},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#object", rdf_role::object, 0},
    {"http://www.w3.org/2000/01/rdf-schema#label", rdf_role::label, 0},
    {"http://www.w3.org/2004/02/skos/core#prefLabel", rdf_role::label, 1},
    {"http://xmlns.com/foaf/0.1/name", rdf_role::label, 2},
    {"http://schema.org/name", rdf_role::label, 3},
    {"https://schema.org/name", rdf_role::label, 3},
    {"http://www.w3.org/2004/02/skos/core#altLabel", rdf_role::alias, 0},
    {"http://www.w3.org/ns/prov#wasDerivedFrom", rdf_role::derived_from, 0},
    {"http://www.w3.org/ns/prov#qualifiedDerivation", rdf_role::qualified_derivation, 0},
    {"http://www.w3.org/ns/prov#entity", rdf_role::prov_entity, 0},
    {"http://purl.org/dc/terms/title", rdf_role::title, 0},
    {"http://purl.org/dc/terms/publisher", rdf_role::publisher, 0},
    {"http://purl.org/dc/terms/issued", rdf_role::issued, 0},
    {"http://purl.org/dc/terms/identifier", rdf_role::identifier, 0},
};

// entente's own predicates, after the base.
constexpr std::pair<std::string_view, rdf_role> own_predicates[] = {
    {"occurrenceOf", rdf_role::occurrence_of},
    {"evidence", rdf_role::evidence},
    {"since", rdf_role::since},
    {"until", rdf_role::until},
    {"quote", rdf_role::quote},
};

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
int hex_value(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto ch = decode_utf8(text, i);
    if (ch.size == 0) return false;
    i += ch.size;
  }
  return true;
}

/// XML Schema's whitespace facet for numbers, booleans and dates: leading and trailing
/// whitespace does not count.
std::string_view collapse(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

/// Whether `text` is `lower` in any case.
bool same_letters(std::string_view text, std::string_view lower) {
  return text.size() == lower.size() &&
         std::equal(text.begin(), text.end(), lower.begin(),
                    [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a | 0x20 : a) == b; });
}

enum class literal_type : std::uint8_t { string, integer, real, boolean, date, year_month, year };

literal_type type_of(std::string_view datatype) {
  if (!datatype.starts_with(xsd_ns)) return literal_type::string;
  const std::string_view name = datatype.substr(xsd_ns.size());
  static constexpr std::string_view integers[] = {"integer",
                                                  "long",
                                                  "int",
                                                  "short",
                                                  "byte",
                                                  "nonNegativeInteger",
                                                  "positiveInteger",
                                                  "negativeInteger",
                                                  "nonPositiveInteger",
                                                  "unsignedLong",
                                                  "unsignedInt",
                                                  "unsignedShort",
                                                  "unsignedByte"};
  for (auto n : integers)
    if (name == n) return literal_type::integer;
  if (name == "double" || name == "float" || name == "decimal") return literal_type::real;
  if (name == "boolean") return literal_type::boolean;
  if (name == "date") return literal_type::date;
  if (name == "gYearMonth") return literal_type::year_month;
  if (name == "gYear") return literal_type::year;
  return literal_type::string;
}

/// The date in `text` when it has exactly the parts `parts` asks for (1 year, 2 with the month,
/// 3 with the day), a time zone after it dropped.
std::optional<date> xsd_date(std::string_view text, int parts) {
  const std::size_t length = parts == 1 ? 4 : parts == 2 ? 7 : 10;
  if (text.size() < length) return std::nullopt;
  const std::string_view zone = text.substr(length);
  const bool zone_ok = zone.empty() || zone == "Z" ||
                       (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
                        std::all_of(zone.begin() + 1, zone.end(),
                                    [](char c) { return c == ':' || (c >= '0' && c <= '9'); }));
  if (!zone_ok) return std::nullopt;
  return date::parse(text.substr(0, length));
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string local_name(std::string_view iri) {
  std::size_t cut = iri.find_last_of('#');
  if (cut == std::string_view::npos) cut = iri.find_last_of('/');
  if (cut == std::string_view::npos) cut = iri.find_last_of(':');
  const std::string_view local = cut == std::string_view::npos ? iri : iri.substr(cut + 1);
  if (local.empty()) return std::string(iri);
  std::string decoded = percent_decode(local);
  return is_utf8(decoded) ? decoded : std::string(local);
}

rdf_graph_builder::rdf_graph_builder(const io::rdf_read_options& opts, std::string origin)
    : opts_(opts), origin_(std::move(origin)), base_(opts.base) {}

void rdf_graph_builder::fail(const std::string& what, rdf_position at) const {
  throw parse_error(origin_ + ": " + what, at.line, at.column);
}

std::uint32_t rdf_graph_builder::predicate_of(std::string_view iri) {
  if (auto it = predicate_by_iri_.find(iri); it != predicate_by_iri_.end()) return it->second;
  rdf_predicate p;
  p.iri = iri;
  if (iri.starts_with(base_)) {
    uses_own_ = true;
    const std::string_view rest = iri.substr(base_.size());
    p.role = rdf_role::own_unknown;
    if (rest.starts_with("relation/")) {
      p.role = rdf_role::own_relation;
      p.own_name = percent_decode(rest.substr(9));
    } else if (rest.starts_with("attribute/")) {
      p.role = rdf_role::own_attribute;
      p.own_name = percent_decode(rest.substr(10));
    } else if (rest.starts_with("external/")) {
      p.role = rdf_role::own_external;
      p.own_name = percent_decode(rest.substr(9));
    }
    for (const auto& [name, role] : own_predicates)
      if (rest == name) p.role = role;
  } else {
    for (const auto& known : known_predicates)
      if (iri == known.iri) {
        p.role = known.role;
        p.label_rank = known.rank;
      }
  }
  const auto id = static_cast<std::uint32_t>(predicates_.size());
  predicates_.push_back(std::move(p));
  predicate_by_iri_.emplace(iri, id);
  return id;
}

std::uint32_t rdf_graph_builder::class_of(std::string_view iri) {
  if (auto it = class_by_iri_.find(iri); it != class_by_iri_.end()) return it->second;
  const std::string kind_ns = base_ + "kind/";
  rdf_class c;
  if (iri.starts_with(kind_ns)) {
    c.name = percent_decode(iri.substr(kind_ns.size()));
    c.own = true;
  } else {
    c.name = local_name(iri);
  }
  const auto id = static_cast<std::uint32_t>(classes_.size());
  classes_.push_back(std::move(c));
  class_by_iri_.emplace(iri, id);
  return id;
}

std::uint32_t rdf_graph_builder::language_of(std::string_view tag) {
  if (tag.empty()) return 0;
  if (auto it = language_by_tag_.find(tag); it != language_by_tag_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(languages_.size());
  languages_.emplace_back(tag);
  language_by_tag_.emplace(tag, id);
  return id;
}

std::uint32_t rdf_graph_builder::entity_of(const rdf_term& term, rdf_position at) {
  rdf_origin origin = rdf_origin::iri;
  std::string_view id = term.text;
  if (term.node == rdf_node::blank) {
    origin = rdf_origin::blank;
    scratch_ = "_:";
    scratch_ += term.text;
    id = scratch_;
  } else if (term.node == rdf_node::literal) {
    fail("a literal cannot stand for an entity", at);
  } else if (term.text.starts_with(base_)) {
    uses_own_ = true;
    const std::string_view rest = term.text.substr(base_.size());
    if (!rest.starts_with("entity/"))
      fail(fmt::format("<{}> is entente's vocabulary, not an entity", term.text), at);
    origin = rdf_origin::own;
    scratch_ = percent_decode(rest.substr(7));
    id = scratch_;
  }
  if (id.empty()) fail(fmt::format("<{}> gives no entity id", term.text), at);
  if (auto it = entity_by_id_.find(id); it != entity_by_id_.end()) {
    if (entities_[it->second].origin != origin)
      fail(fmt::format("two different resources give the entity id \"{}\"", id), at);
    return it->second;
  }
  const auto e = static_cast<std::uint32_t>(entities_.size());
  pending_entity& made = entities_.emplace_back();
  made.id = id;
  made.seen = at;
  made.origin = origin;
  entity_by_id_.emplace(made.id, e);
  return e;
}

std::uint32_t rdf_graph_builder::source_of(std::string_view iri, rdf_position at) {
  const std::string ns = base_ + "source/";
  if (!iri.starts_with(ns)) fail(fmt::format("<{}> is not one of entente's sources", iri), at);
  scratch_ = percent_decode(iri.substr(ns.size()));
  if (auto it = source_by_id_.find(scratch_); it != source_by_id_.end()) return it->second;
  const auto s = static_cast<std::uint32_t>(sources_.size());
  pending_source& made = sources_.emplace_back();
  made.id = scratch_;
  made.seen = at;
  source_by_id_.emplace(made.id, s);
  return s;
}

std::uint32_t rdf_graph_builder::statement_of(std::string_view iri, rdf_position at) {
  const std::string_view rest = iri.substr(base_.size() + 10);  // after "statement/"
  std::uint64_t number = 0;
  const auto [last, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), number);
  const bool numbered = ec == std::errc() && last == rest.data() + rest.size() &&
                        number != rdf_no_number && (rest.size() == 1 || rest[0] != '0');
  if (numbered) {
    if (auto it = statement_by_number_.find(number); it != statement_by_number_.end())
      return it->second;
  } else if (auto it = statement_by_name_.find(iri); it != statement_by_name_.end()) {
    return it->second;
  }
  const auto st = static_cast<std::uint32_t>(statements_.size());
  pending_statement& made = statements_.emplace_back();
  made.seen = at;
  if (numbered) {
    made.number = number;
    statement_by_number_.emplace(number, st);
  } else {
    made.name = iri;
    statement_by_name_.emplace(made.name, st);
  }
  return st;
}

std::uint32_t rdf_graph_builder::citation_of(std::string_view iri, rdf_position at) {
  const std::string ns = base_ + "citation/";
  if (!iri.starts_with(ns)) fail(fmt::format("<{}> is not one of entente's citations", iri), at);
  const std::string_view name = iri.substr(ns.size());
  if (auto it = citation_by_name_.find(name); it != citation_by_name_.end()) return it->second;
  const auto c = static_cast<std::uint32_t>(citations_.size());
  pending_citation& made = citations_.emplace_back();
  made.name = name;
  made.seen = at;
  citation_by_name_.emplace(made.name, c);
  return c;
}

statement_extra& rdf_graph_builder::extra_of(pending_statement& st) {
  if (st.extra == rdf_none) {
    st.extra = static_cast<std::uint32_t>(extras_.size());
    extras_.emplace_back();
  }
  return extras_[st.extra];
}

std::string rdf_graph_builder::statement_iri(const pending_statement& st) const {
  return st.number == rdf_no_number ? st.name : base_ + "statement/" + std::to_string(st.number);
}

void rdf_graph_builder::add(const rdf_term& subject, const rdf_term& predicate,
                            const rdf_term& object, rdf_position at) {
  if (last_predicate_id_ == rdf_none || predicate.text != last_predicate_) {
    last_predicate_id_ = predicate_of(predicate.text);
    last_predicate_ = predicate.text;
  }
  const std::uint32_t pid = last_predicate_id_;
  if (last_subject_id_ != rdf_none && subject.node == last_subject_node_ &&
      subject.text == last_subject_)
    return add_to_entity(last_subject_id_, predicates_[pid], pid, object, at);
  if (subject.node == rdf_node::iri && subject.text.starts_with(base_)) {
    uses_own_ = true;
    const std::string_view rest = subject.text.substr(base_.size());
    const rdf_predicate& p = predicates_[pid];
    if (rest.starts_with("source/")) {
      const std::uint32_t s = source_of(subject.text, at);
      return add_to_source(s, predicates_[pid], object, at);
    }
    if (rest.starts_with("statement/")) {
      const std::uint32_t st = statement_of(subject.text, at);
      return add_to_statement(st, predicates_[pid], pid, object, at);
    }
    if (rest.starts_with("citation/")) {
      const std::uint32_t c = citation_of(subject.text, at);
      return add_to_citation(c, predicates_[pid], object, at);
    }
    if (!rest.starts_with("entity/"))
      fail(fmt::format("<{}> is entente's vocabulary and says nothing of its own (<{}>)",
                       subject.text, p.iri),
           at);
  }
  const std::uint32_t e = entity_of(subject, at);
  last_subject_ = subject.text;
  last_subject_node_ = subject.node;
  last_subject_id_ = e;
  add_to_entity(e, predicates_[pid], pid, object, at);
}

void rdf_graph_builder::add_to_entity(std::uint32_t e, const rdf_predicate& p,
                                      std::uint32_t predicate, const rdf_term& object,
                                      rdf_position at) {
  entities_[e].described = true;
  const bool literal = object.node == rdf_node::literal;
  switch (p.role) {
    case rdf_role::type:
      if (object.node == rdf_node::iri) {
        const std::uint32_t c = class_of(object.text);
        auto& classes = entities_[e].classes;
        if (std::find(classes.begin(), classes.end(), c) == classes.end()) classes.push_back(c);
        return;
      }
      break;
    case rdf_role::label:
    case rdf_role::alias:
      if (literal) {
        const std::uint8_t rank = p.role == rdf_role::alias ? alias_rank : p.label_rank;
        const std::uint32_t language = language_of(object.language);
        entities_[e].labels.push_back({rank, language, std::string(object.text)});
        return;
      }
      break;
    case rdf_role::own_relation:
      if (literal) fail(fmt::format("<{}> relates two entities, not a literal", p.iri), at);
      break;
    case rdf_role::own_attribute:
      if (!literal) fail(fmt::format("<{}> takes a literal", p.iri), at);
      break;
    case rdf_role::own_external:
      if (!literal) fail(fmt::format("<{}> takes a literal", p.iri), at);
      // The id is the literal's text, whatever its datatype or language tag; repeats go at
      // the end, where sorting finds them.
      entities_[e].external_ids.emplace_back(predicate, object.text);
      return;
    case rdf_role::own_unknown:
    case rdf_role::occurrence_of:
    case rdf_role::evidence:
    case rdf_role::since:
    case rdf_role::until:
    case rdf_role::quote:
      fail(fmt::format("<{}> is not said of an entity in entente's vocabulary", p.iri), at);
    default: break;
  }
  if (literal) {
    scalar item = literal_value(object, at);
    const std::uint32_t language = language_of(object.language);
    entities_[e].values.push_back({predicate, language, std::move(item)});
    return;
  }
  const std::uint32_t to = entity_of(object, at);
  asserted_.push_back({e, predicate, to});
}

void rdf_graph_builder::add_to_source(std::uint32_t s, const rdf_predicate& p,
                                      const rdf_term& object, rdf_position at) {
  sources_[s].described = true;
  const auto text = [&](std::optional<std::string>& field, std::string_view what) {
    if (object.node != rdf_node::literal)
      fail(fmt::format("a source's {} (<{}>) is a literal", what, p.iri), at);
    if (field && *field != object.text)
      fail(fmt::format("source \"{}\" has two different values of <{}>", sources_[s].id, p.iri),
           at);
    field = std::string(object.text);
  };
  switch (p.role) {
    case rdf_role::type:
      if (object.node != rdf_node::iri || object.text != "http://www.w3.org/ns/prov#Entity")
        fail(fmt::format("a source is a prov:Entity, not <{}>", object.text), at);
      return;
    case rdf_role::title: return text(sources_[s].title, "title");
    case rdf_role::publisher: return text(sources_[s].publisher, "publisher");
    case rdf_role::identifier: return text(sources_[s].url, "url");
    case rdf_role::issued: {
      if (object.node != rdf_node::literal)
        fail(fmt::format("a source's date (<{}>) is a literal", p.iri), at);
      const date d = literal_date(object, at);
      auto& field = sources_[s].published;
      if (field && *field != d)
        fail(fmt::format("source \"{}\" has two different values of <{}>", sources_[s].id, p.iri),
             at);
      field = d;
      return;
    }
    default:
      fail(fmt::format("entente's sources take rdf:type, dcterms:title, dcterms:publisher, "
                       "dcterms:issued and dcterms:identifier, not <{}>",
                       p.iri),
           at);
  }
}

void rdf_graph_builder::set_part(std::uint32_t st, std::uint32_t& part, std::uint32_t value,
                                 std::string_view what, rdf_position at) {
  if (part != rdf_none && part != value)
    fail(fmt::format("<{}> names two different {}s", statement_iri(statements_[st]), what), at);
  part = value;
}

void rdf_graph_builder::add_to_statement(std::uint32_t st, const rdf_predicate& p,
                                         std::uint32_t predicate, const rdf_term& object,
                                         rdf_position at) {
  const bool literal = object.node == rdf_node::literal;
  const auto need_literal = [&](bool wanted) {
    if (literal != wanted)
      fail(fmt::format("<{}> takes {}", p.iri, wanted ? "a literal" : "an IRI"), at);
  };
  const auto once = [&](auto& field, auto value) {
    if (field && *field != value)
      fail(fmt::format("<{}> has two different values of <{}>", statement_iri(statements_[st]),
                       p.iri),
           at);
    field = value;
  };
  switch (p.role) {
    case rdf_role::type:
      if (object.node != rdf_node::iri || object.text != std::string(rdf_ns) + "Statement")
        fail(fmt::format("a statement is an rdf:Statement, not <{}>", object.text), at);
      return;
    case rdf_role::subject: {
      need_literal(false);
      const std::uint32_t e = entity_of(object, at);
      return set_part(st, statements_[st].from, e, "subject", at);
    }
    case rdf_role::object: {
      need_literal(false);
      const std::uint32_t e = entity_of(object, at);
      return set_part(st, statements_[st].to, e, "object", at);
    }
    case rdf_role::predicate: {
      if (object.node != rdf_node::iri) fail("rdf:predicate takes an IRI", at);
      const std::uint32_t id = predicate_of(object.text);
      return set_part(st, statements_[st].predicate, id, "predicate", at);
    }
    case rdf_role::occurrence_of:
      fail(fmt::format("<{}> takes a quoted triple << s p o >>", p.iri), at);
    case rdf_role::evidence: {
      need_literal(true);
      const auto level = parse_evidence(object.text);
      if (!level)
        fail(fmt::format("\"{}\" is no evidence level (confirmed, reported, alleged, "
                         "speculated, denied)",
                         object.text),
             at);
      return once(statements_[st].level, *level);
    }
    case rdf_role::since:
      need_literal(true);
      return once(statements_[st].since, literal_date(object, at));
    case rdf_role::until:
      need_literal(true);
      return once(statements_[st].until, literal_date(object, at));
    case rdf_role::derived_from: {
      need_literal(false);
      const std::uint32_t s = source_of(object.text, at);
      auto& sources = extra_of(statements_[st]).sources;
      if (std::find(sources.begin(), sources.end(), s) == sources.end()) sources.push_back(s);
      return;
    }
    case rdf_role::qualified_derivation: {
      need_literal(false);
      const std::uint32_t c = citation_of(object.text, at);
      if (citations_[c].statement != rdf_none && citations_[c].statement != st)
        fail(fmt::format("citation <{}> belongs to two statements", object.text), at);
      if (citations_[c].statement == st) return;
      citations_[c].statement = st;
      extra_of(statements_[st]).citations.push_back(c);
      return;
    }
    case rdf_role::own_attribute: {
      need_literal(true);
      scalar item = literal_value(object, at);
      const std::uint32_t language = language_of(object.language);
      extra_of(statements_[st]).values.push_back({predicate, language, std::move(item)});
      return;
    }
    default:
      fail(fmt::format("entente's statements take rdf:type, rdf:subject, rdf:predicate, "
                       "rdf:object, occurrenceOf, evidence, since, until, prov:wasDerivedFrom, "
                       "prov:qualifiedDerivation and attributes, not <{}>",
                       p.iri),
           at);
  }
}

void rdf_graph_builder::add_quoted(const rdf_term& subject, const rdf_term& predicate,
                                   std::string_view s, std::string_view p, std::string_view o,
                                   rdf_position at) {
  const std::uint32_t pid = predicate_of(predicate.text);
  const std::string ns = base_ + "statement/";
  if (predicates_[pid].role != rdf_role::occurrence_of || subject.node != rdf_node::iri ||
      !subject.text.starts_with(ns))
    fail(fmt::format("a quoted triple is read only as the object of a statement's <{}>",
                     base_ + "occurrenceOf"),
         at);
  const std::uint32_t st = statement_of(subject.text, at);
  const std::uint32_t from = entity_of({rdf_node::iri, s, {}, {}}, at);
  const std::uint32_t type = predicate_of(p);
  const std::uint32_t to = entity_of({rdf_node::iri, o, {}, {}}, at);
  set_part(st, statements_[st].from, from, "subject", at);
  set_part(st, statements_[st].predicate, type, "predicate", at);
  set_part(st, statements_[st].to, to, "object", at);
}

void rdf_graph_builder::add_to_citation(std::uint32_t c, const rdf_predicate& p,
                                        const rdf_term& object, rdf_position at) {
  switch (p.role) {
    case rdf_role::type:
      // prov:qualifiedDerivation's range; entente does not write it, other tools may.
      if (object.node == rdf_node::iri && object.text == "http://www.w3.org/ns/prov#Derivation")
        return;
      fail(fmt::format("a citation is a prov:Derivation, not <{}>", object.text), at);
    case rdf_role::prov_entity: {
      if (object.node != rdf_node::iri) fail("prov:entity takes a source's IRI", at);
      const std::uint32_t s = source_of(object.text, at);
      if (citations_[c].source != rdf_none && citations_[c].source != s)
        fail(fmt::format("citation \"{}\" names two sources", citations_[c].name), at);
      citations_[c].source = s;
      return;
    }
    case rdf_role::quote:
      if (object.node != rdf_node::literal) fail("a quote is a literal", at);
      if (citations_[c].quote && *citations_[c].quote != object.text)
        fail(fmt::format("citation \"{}\" has two different quotes", citations_[c].name), at);
      citations_[c].quote = std::string(object.text);
      return;
    default:
      fail(fmt::format("entente's citations take prov:entity and quote, not <{}>", p.iri), at);
  }
}

scalar rdf_graph_builder::literal_value(const rdf_term& literal, rdf_position at) const {
  const literal_type type = type_of(literal.datatype);
  const std::string_view text = collapse(literal.text);
  const auto refusal = [&](std::string_view what) {
    return fmt::format("\"{}\" is not {} (<{}>)", literal.text, what, literal.datatype);
  };
  // XML Schema allows a leading `+`, which from_chars does not.
  std::string_view number = text;
  if (number.starts_with('+')) number.remove_prefix(1);
  const bool signed_once = !number.empty() && number.front() != '+' &&
                           !(number.front() == '-' && number.size() > 1 && number[1] == '+');
  switch (type) {
    case literal_type::string: return std::string(literal.text);
    case literal_type::integer: {
      std::int64_t n = 0;
      const auto [last, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
      if (ec == std::errc::result_out_of_range) fail(refusal("an integer of 64 bits"), at);
      if (ec != std::errc() || last != number.data() + number.size() || !signed_once)
        fail(refusal("an integer"), at);
      return n;
    }
    case literal_type::real: {
      // XML Schema spells them INF, -INF and NaN; rdflib writes inf, -inf and nan.
      if (same_letters(number, "inf")) return std::numeric_limits<double>::infinity();
      if (same_letters(number, "-inf")) return -std::numeric_limits<double>::infinity();
      if (same_letters(text, "nan")) return std::numeric_limits<double>::quiet_NaN();
      const bool digits_first =
          signed_once && (std::isdigit(static_cast<unsigned char>(number.front())) ||
                          number.front() == '.' || number.front() == '-');
      double x = 0;
      const auto [last, ec] = std::from_chars(number.data(), number.data() + number.size(), x,
                                              std::chars_format::general);
      if ((ec != std::errc() && ec != std::errc::result_out_of_range) ||
          last != number.data() + number.size() || !digits_first)
        fail(refusal("a number"), at);
      if (ec == std::errc::result_out_of_range) {
        // XML Schema rounds to the nearest double: past the largest is infinite, below the
        // smallest is zero (a negative exponent, or no exponent and no integral part).
        const auto e = number.find_first_of("eE");
        const std::string_view mantissa = number.substr(0, e);
        const bool tiny = e != std::string_view::npos
                              ? number.substr(e + 1).starts_with('-')
                              : mantissa.find_first_not_of("-0.") == std::string_view::npos ||
                                    mantissa.find_first_of("123456789") > mantissa.find('.');
        const double sign = number.front() == '-' ? -1.0 : 1.0;
        return tiny ? sign * 0.0 : sign * std::numeric_limits<double>::infinity();
      }
      return x;
    }
    case literal_type::boolean:
      if (text == "true" || text == "1") return true;
      if (text == "false" || text == "0") return false;
      fail(refusal("a boolean (true, false, 1, 0)"), at);
    case literal_type::date:
    case literal_type::year_month:
    case literal_type::year: {
      const int parts = type == literal_type::date ? 3 : type == literal_type::year_month ? 2 : 1;
      if (auto d = xsd_date(text, parts)) return *d;
      fail(refusal("a date entente can hold (years 1 to 9999)"), at);
    }
  }
  return std::string(literal.text);
}

date rdf_graph_builder::literal_date(const rdf_term& literal, rdf_position at) const {
  const literal_type type = type_of(literal.datatype);
  if (type == literal_type::date || type == literal_type::year_month || type == literal_type::year)
    return std::get<date>(literal_value(literal, at));
  if (type == literal_type::string)
    if (auto d = date::parse(collapse(literal.text))) return *d;
  fail(fmt::format("\"{}\" is not a date (2014, 2023-09, 2024-06-19)", literal.text), at);
}

}  // namespace entente::detail

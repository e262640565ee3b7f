#pragma once
// What the RDF import's tests share: the four ways entente writes RDF, and a graph as RDF
// carries it (what io/rdf.hpp says is lost, taken away), to compare a graph read back with.

#include <entente/io/json.hpp>
#include <entente/io/rdf.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace entente::testing {

inline const io::rdf_options rdf_styles[] = {
    {.syntax = io::rdf_syntax::ntriples},
    {.syntax = io::rdf_syntax::turtle},
    {.syntax = io::rdf_syntax::ntriples, .provenance = io::rdf_provenance::rdf_star},
    {.syntax = io::rdf_syntax::turtle, .provenance = io::rdf_provenance::rdf_star},
};

/// How a test names a style: "turtle, rdf-star".
inline std::string style_name(const io::rdf_options& o) {
  return std::string(o.syntax == io::rdf_syntax::turtle ? "turtle" : "n-triples") +
         (o.provenance == io::rdf_provenance::rdf_star ? ", rdf-star" : ", reification");
}

/// Reads what `write_rdf(g, style)` wrote, under `g`'s schema and validation mode.
inline graph rdf_round_trip(const graph& g, const io::rdf_options& style) {
  io::rdf_read_options opts;
  opts.syntax = style.syntax;
  opts.base = style.base;
  opts.schema = g.schema();
  opts.mode = g.validation_mode();
  return io::read_rdf(io::write_rdf(g, style), opts);
}

/// List items in one order, NaN last.
inline bool rdf_item_less(const scalar& a, const scalar& b) {
  if (a.index() != b.index()) return a.index() < b.index();
  if (const auto* x = std::get_if<double>(&a)) {
    const double y = std::get<double>(b);
    if (std::isnan(*x) || std::isnan(y)) return !std::isnan(*x) && std::isnan(y);
    return *x < y;
  }
  return a < b;
}

/// What RDF keeps of a value: nothing of a null, an unset date or an empty list; a list as its
/// sorted distinct items, one item as itself.
inline std::optional<value> rdf_kept(const value& v) {
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  if (const auto* d = std::get_if<date>(&v); d && !d->is_set()) return std::nullopt;
  const auto* items = std::get_if<value_list>(&v);
  if (items == nullptr) return v;
  value_list kept = *items;
  std::sort(kept.begin(), kept.end(), rdf_item_less);
  kept.erase(std::unique(kept.begin(), kept.end(),
                         [](const scalar& a, const scalar& b) {
                           return !rdf_item_less(a, b) && !rdf_item_less(b, a);
                         }),
             kept.end());
  if (kept.empty()) return std::nullopt;
  if (kept.size() == 1) return as_value(kept[0]);
  return kept;
}

inline attributes rdf_kept(const attributes& attrs) {
  attributes kept;
  for (const auto& [key, v] : attrs)
    if (auto k = rdf_kept(v)) kept.set(key, *k);
  return kept;
}

/// `g` as RDF carries it: no citation spans; aliases, and external ids of one system and id, once
/// each; values as `rdf_kept`; an unquoted citation of a source the relation cites again (with a
/// quote, or before) left out.
inline graph rdf_kept(const graph& g) {
  graph out(g.schema(), g.validation_mode());
  for (const auto& s : g.sources()) out.add_source(s);
  for (entity_index e = 0; e < g.num_entities(); ++e) {
    const auto ent = g.entity(e);
    std::vector<std::string> aliases;
    for (auto a : ent.aliases())
      if (std::find(aliases.begin(), aliases.end(), a) == aliases.end()) aliases.emplace_back(a);
    std::vector<std::pair<std::string, std::string>> ids;
    for (const auto& id : ent.external_ids())
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    out.add_entity({std::string(ent.id()), std::string(ent.kind_name()), std::string(ent.name()),
                    aliases, rdf_kept(ent.attributes()), ids});
  }
  for (relation_index r = 0; r < g.num_relations(); ++r) {
    const auto rel = g.relation(r);
    const auto made =
        out.add_relation(rel.from(), rel.type(), rel.to(), rel.evidence(), rel.valid());
    const auto cites = rel.citations();
    for (std::size_t i = 0; i < cites.size(); ++i) {
      const bool again = std::any_of(cites.begin(), cites.end(), [&](const citation& c) {
        return &c != &cites[i] && c.source == cites[i].source &&
               (!c.quote.empty() || &c < &cites[i]);
      });
      if (cites[i].quote.empty() && again) continue;
      out.add_citation(made, citation{cites[i].source, cites[i].quote, std::nullopt});
    }
    for (const auto& [key, v] : rdf_kept(rel.attributes()))
      out.set_relation_attribute(made, key, v);
  }
  return out;
}

/// A graph as text that compares NaN with NaN (which `graph ==` cannot), for CHECKs.
inline std::string as_json(const graph& g) { return io::write_json(g); }

}  // namespace entente::testing

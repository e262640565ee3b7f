// The graph made at the end of an RDF text, from what rdf_triples.cpp kept: the checks only the
// whole text allows, the schema, each entity's kind, the names of predicates as relation types
// and attribute keys, and then sources, entities and relations in the order the header promises.

#include "io/rdf_graph.hpp"

#include "io/export_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <numeric>
#include <system_error>
#include <tuple>
#include <utility>

namespace entente::detail {
namespace {

constexpr std::string_view rdf_type_iri = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

std::string fold(std::string_view name) {
  std::string key(name);
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

/// Whether a language tag is English: `en`, `en-GB`, `EN-us`.
bool is_english(std::string_view tag) {
  return tag.size() >= 2 && (tag[0] | 0x20) == 'e' && (tag[1] | 0x20) == 'n' &&
         (tag.size() == 2 || tag[2] == '-');
}

/// A strict order of list items of any types, NaN after every other real.
bool item_less(const scalar& a, const scalar& b) {
  if (a.index() != b.index()) return a.index() < b.index();
  if (const auto* x = std::get_if<double>(&a)) {
    const double y = std::get<double>(b);
    if (std::isnan(*x) || std::isnan(y)) return !std::isnan(*x) && std::isnan(y);
    return *x < y;
  }
  return a < b;
}

std::string item_text(const scalar& item) { return value_text(as_value(item), &xsd_double); }

/// The value of several literals of one name: the item, or the sorted list of the distinct
/// items; strings all when their types differ (a list holds one type).
value combine(std::vector<scalar> items) {
  const bool mixed = std::any_of(items.begin(), items.end(),
                                 [&](const scalar& i) { return i.index() != items[0].index(); });
  if (mixed)
    for (auto& item : items) item = item_text(item);
  std::sort(items.begin(), items.end(), item_less);
  items.erase(std::unique(items.begin(), items.end(),
                          [](const scalar& a, const scalar& b) {
                            return !item_less(a, b) && !item_less(b, a);
                          }),
              items.end());
  if (items.size() == 1) return as_value(items[0]);
  return value_list(std::move(items));
}

}  // namespace

std::string rdf_graph_builder::where(rdf_position seen) const {
  return fmt::format(" (first mentioned on line {})", seen.line);
}

void rdf_graph_builder::check_complete() const {
  for (const auto& st : statements_) {
    const char* missing = st.from == rdf_none        ? "rdf:subject"
                          : st.predicate == rdf_none ? "rdf:predicate"
                          : st.to == rdf_none        ? "rdf:object"
                                                     : nullptr;
    if (missing)
      throw io_error(fmt::format("{}: <{}> has no {} (nor a quoted triple){}", origin_,
                                 statement_iri(st), missing, where(st.seen)));
  }
  for (const auto& c : citations_) {
    const std::string iri = base_ + "citation/" + c.name;
    if (c.statement == rdf_none)
      throw io_error(
          fmt::format("{}: citation <{}> belongs to no statement (no "
                      "prov:qualifiedDerivation names it){}",
                      origin_, iri, where(c.seen)));
    if (c.source == rdf_none)
      throw io_error(fmt::format("{}: citation <{}> names no source (prov:entity){}", origin_, iri,
                                 where(c.seen)));
  }
  for (const auto& s : sources_)
    if (!s.described)
      throw io_error(fmt::format("{}: source <{}source/{}> is cited but never described{}", origin_,
                                 base_, s.id, where(s.seen)));
  for (const auto& e : entities_)
    if (e.origin == rdf_origin::own && !e.described)
      throw io_error(fmt::format("{}: entity <{}entity/{}> is used but never described{}", origin_,
                                 base_, e.id, where(e.seen)));
}

schema rdf_graph_builder::make_schema(bool& declare) const {
  if (opts_.schema) {
    declare = opts_.schema->is_open();
    return *opts_.schema;
  }
  declare = true;
  return uses_own_ ? schema::geopolitics() : schema::open();
}

std::vector<kind_id> rdf_graph_builder::resolve_kinds(
    schema& s, bool declare, std::vector<std::vector<std::string>>& other_kinds) const {
  // Kind names in order of first use (classes of one name are one kind).
  std::vector<std::string> names;
  std::vector<bool> own;
  rdf_text_map<std::uint32_t> by_key;
  std::vector<std::uint32_t> name_of_class(classes_.size(), rdf_none);
  // A class of no name (entente writes `<base>kind/` for the kind of no name) names no kind.
  for (const auto& e : entities_)
    for (std::uint32_t c : e.classes) {
      if (name_of_class[c] != rdf_none || classes_[c].name.empty()) continue;
      auto [it, fresh] =
          by_key.try_emplace(fold(classes_[c].name), static_cast<std::uint32_t>(names.size()));
      if (fresh) {
        names.push_back(classes_[c].name);
        own.push_back(false);
      }
      own[it->second] = own[it->second] || classes_[c].own;
      name_of_class[c] = it->second;
    }

  // For a kind the schema lacks: the kinds that every entity of it also has.
  std::vector<std::optional<std::vector<std::uint32_t>>> company(names.size());
  for (const auto& e : entities_) {
    std::vector<std::uint32_t> mine;
    for (std::uint32_t c : e.classes)
      if (name_of_class[c] != rdf_none) mine.push_back(name_of_class[c]);
    std::sort(mine.begin(), mine.end());
    mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
    for (std::uint32_t k : mine) {
      if (s.find_kind(names[k])) continue;
      std::vector<std::uint32_t> others;
      std::copy_if(mine.begin(), mine.end(), std::back_inserter(others),
                   [&](std::uint32_t x) { return x != k; });
      if (company[k]) {
        std::vector<std::uint32_t> both;
        std::set_intersection(company[k]->begin(), company[k]->end(), others.begin(), others.end(),
                              std::back_inserter(both));
        others = std::move(both);
      }
      company[k] = std::move(others);
    }
  }
  const auto depth = [&](std::uint32_t k) -> std::size_t {
    if (auto known = s.find_kind(names[k])) {
      std::size_t n = 0;
      for (auto p = s.kind_at(*known).parent; p; p = s.kind_at(*p).parent) ++n;
      return n;
    }
    return company[k] ? company[k]->size() : 0;
  };
  std::vector<kind_id> kind_of_name(names.size(), 0);
  std::vector<bool> done(names.size(), false);
  // Declares kind `k` after its parent: the deepest of its company that is shallower than it
  // (entente lists a kind with all its ancestors). A parent has less company than its child,
  // so this never goes round in a circle.
  const auto declare_kind = [&](auto& self, std::uint32_t k) -> kind_id {
    if (done[k]) return kind_of_name[k];
    done[k] = true;
    if (auto known = s.find_kind(names[k])) return kind_of_name[k] = *known;
    if (!declare)
      throw io_error(fmt::format("{}: unknown kind '{}'{}", origin_, names[k],
                                 did_you_mean(schema::closest(names[k], s.kind_names()))));
    std::string parent;
    if (own[k] && company[k]) {
      std::uint32_t best = rdf_none;
      for (std::uint32_t p : *company[k])
        if (depth(p) < company[k]->size() && (best == rdf_none || depth(p) > depth(best))) best = p;
      if (best != rdf_none) parent = s.kind_at(self(self, best)).name;
    }
    return kind_of_name[k] = s.add_kind({names[k], parent});
  };
  for (std::uint32_t k = 0; k < names.size(); ++k) declare_kind(declare_kind, k);

  // Each entity's kind: the most specific of its kinds, entente's own before others, then the
  // first; the others that the hierarchy does not imply are listed aside.
  std::vector<kind_id> kinds(entities_.size(), 0);
  other_kinds.assign(entities_.size(), {});
  std::optional<kind_id> no_kind;
  for (std::size_t e = 0; e < entities_.size(); ++e) {
    std::vector<std::pair<kind_id, bool>> mine;  // a kind, and whether entente's own names it
    for (std::uint32_t c : entities_[e].classes) {
      if (name_of_class[c] == rdf_none) continue;
      const kind_id k = kind_of_name[name_of_class[c]];
      auto it = std::find_if(mine.begin(), mine.end(), [&](const auto& m) { return m.first == k; });
      if (it == mine.end())
        mine.emplace_back(k, classes_[c].own);
      else
        it->second = it->second || classes_[c].own;
    }
    std::vector<std::pair<kind_id, bool>> specific;
    for (const auto& m : mine)
      if (std::none_of(mine.begin(), mine.end(), [&](const auto& other) {
            return other.first != m.first && s.is_a(other.first, m.first);
          }))
        specific.push_back(m);
    if (specific.empty()) {
      if (!no_kind) {
        // The kind with no name is an open schema's: a closed one given is an error, the
        // default one opens.
        if (!s.is_open()) {
          if (opts_.schema)
            throw io_error(fmt::format("{}: \"{}\" has no kind, and the schema is closed{}",
                                       origin_, entities_[e].id, where(entities_[e].seen)));
          s.set_open(true);
        }
        no_kind = s.add_kind({"", ""});
      }
      kinds[e] = *no_kind;
      continue;
    }
    std::stable_partition(specific.begin(), specific.end(), [](const auto& m) { return m.second; });
    kinds[e] = specific.front().first;
    for (std::size_t i = 1; i < specific.size(); ++i)
      other_kinds[e].push_back(s.kind_at(specific[i].first).name);
    std::sort(other_kinds[e].begin(), other_kinds[e].end());
  }
  return kinds;
}

void rdf_graph_builder::name_predicates(bool types_needed) {
  std::vector<bool> as_type(predicates_.size(), false);
  std::vector<bool> as_key(predicates_.size(), false);
  for (const auto& t : asserted_) as_type[t.predicate] = true;
  for (const auto& st : statements_) as_type[st.predicate] = true;
  for (const auto& e : entities_)
    for (const auto& v : e.values) as_key[v.predicate] = true;
  for (const auto& x : extras_)
    for (const auto& v : x.values) as_key[v.predicate] = true;

  // entente's own names first; then each other predicate's local name, unless a predicate
  // before it took that name: then its whole IRI.
  const auto assign = [&](const std::vector<bool>& used, rdf_role own_role,
                          std::vector<std::string>& names, std::string* reserved) {
    names.assign(predicates_.size(), {});
    rdf_text_map<std::uint32_t> holder;
    for (std::uint32_t p = 0; p < predicates_.size(); ++p)
      if (used[p] && predicates_[p].role == own_role) {
        names[p] = predicates_[p].own_name;
        holder.try_emplace(names[p], p);
      }
    if (reserved != nullptr) {
      if (holder.contains(*reserved)) *reserved = std::string(rdf_type_iri);
      holder.try_emplace(*reserved, rdf_none);
    }
    for (std::uint32_t p = 0; p < predicates_.size(); ++p) {
      if (!used[p] || predicates_[p].role == own_role) continue;
      names[p] = local_name(predicates_[p].iri);
      auto [it, fresh] = holder.try_emplace(names[p], p);
      if (!fresh && it->second != p) names[p] = predicates_[p].iri;
    }
  };
  types_key_ = "types";
  assign(as_type, rdf_role::own_relation, type_names_, nullptr);
  assign(as_key, rdf_role::own_attribute, key_names_, types_needed ? &types_key_ : nullptr);
}

std::vector<rdf_graph_builder::relation_ref> rdf_graph_builder::relation_order() const {
  std::vector<relation_ref> order;
  std::vector<std::uint32_t> numbered(statements_.size());
  std::iota(numbered.begin(), numbered.end(), 0U);
  std::stable_sort(numbered.begin(), numbered.end(), [&](std::uint32_t a, std::uint32_t b) {
    return statements_[a].number < statements_[b].number;  // no number sorts last
  });
  for (std::uint32_t st : numbered) order.push_back({true, st});

  // Asserted triples that no statement describes, once each, in text order.
  const auto key = [](std::uint32_t from, std::uint32_t predicate, std::uint32_t to) {
    return std::tuple(from, predicate, to);
  };
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> described;
  for (const auto& st : statements_) described.push_back(key(st.from, st.predicate, st.to));
  std::sort(described.begin(), described.end());
  std::vector<std::uint32_t> asserted(asserted_.size());
  std::iota(asserted.begin(), asserted.end(), 0U);
  const auto key_of = [&](std::uint32_t i) {
    return key(asserted_[i].from, asserted_[i].predicate, asserted_[i].to);
  };
  std::stable_sort(asserted.begin(), asserted.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return key_of(a) < key_of(b); });
  std::vector<std::uint32_t> kept;
  for (std::size_t i = 0; i < asserted.size(); ++i) {
    if (i > 0 && key_of(asserted[i]) == key_of(asserted[i - 1])) continue;
    if (!std::binary_search(described.begin(), described.end(), key_of(asserted[i])))
      kept.push_back(asserted[i]);
  }
  std::sort(kept.begin(), kept.end());
  for (std::uint32_t t : kept) order.push_back({false, t});
  return order;
}

std::vector<relation_type_id> rdf_graph_builder::declare_types(
    schema& s, bool declare, const std::vector<relation_ref>& order) const {
  std::vector<relation_type_id> types;
  types.reserve(order.size());
  std::vector<relation_type_id> of_predicate(predicates_.size(), 0);
  std::vector<bool> known(predicates_.size(), false);
  for (const auto& ref : order) {
    const std::uint32_t p =
        ref.statement ? statements_[ref.index].predicate : asserted_[ref.index].predicate;
    if (!known[p]) {
      const std::string& name = type_names_[p];
      if (auto t = s.find_relation_type(name)) {
        of_predicate[p] = *t;
      } else if (name.empty()) {
        throw io_error(fmt::format("{}: <{}> names no relation type", origin_, predicates_[p].iri));
      } else if (declare) {
        of_predicate[p] = s.add_relation_type({.name = name});
      } else {
        throw io_error(fmt::format("{}: unknown relation type '{}' (<{}>){}", origin_, name,
                                   predicates_[p].iri,
                                   did_you_mean(schema::closest(name, s.relation_type_names()))));
      }
      known[p] = true;
    }
    types.push_back(of_predicate[p]);
  }
  return types;
}

attributes rdf_graph_builder::make_attributes(const std::vector<rdf_value>& values) const {
  attributes out;
  std::vector<std::uint32_t> predicates;
  for (const auto& v : values)
    if (std::find(predicates.begin(), predicates.end(), v.predicate) == predicates.end())
      predicates.push_back(v.predicate);
  for (std::uint32_t p : predicates) {
    // The plain name takes the values without a language tag, else the English ones; each
    // other language has a name of its own.
    std::vector<scalar> plain;
    std::vector<std::pair<std::uint32_t, std::vector<scalar>>> tagged;
    for (const auto& v : values) {
      if (v.predicate != p) continue;
      if (v.language == 0) {
        plain.push_back(v.item);
        continue;
      }
      auto it = std::find_if(tagged.begin(), tagged.end(),
                             [&](const auto& t) { return t.first == v.language; });
      if (it == tagged.end()) it = tagged.insert(tagged.end(), {v.language, {}});
      it->second.push_back(v.item);
    }
    if (plain.empty())
      for (auto it = tagged.begin(); it != tagged.end();) {
        if (!is_english(languages_[it->first])) {
          ++it;
          continue;
        }
        plain.insert(plain.end(), it->second.begin(), it->second.end());
        it = tagged.erase(it);
      }
    const std::string& key = key_names_[p];
    if (!plain.empty()) out.set(key, combine(std::move(plain)));
    for (auto& [language, items] : tagged)
      out.set(key + "@" + languages_[language], combine(std::move(items)));
  }
  return out;
}

std::vector<citation> rdf_graph_builder::make_citations(const statement_extra& x) const {
  // Quoted citations keep their places (the n of <base>citation/<r>-<n>); the sources derived
  // from without a quote fill the places between, in text order.
  struct placed {
    std::uint64_t slot;
    std::uint32_t citation;
  };
  std::vector<placed> quoted;
  std::vector<std::uint32_t> derived = x.sources;
  for (std::uint32_t c : x.citations) {
    // A derivation without a quote says no more than prov:wasDerivedFrom.
    if (citations_[c].quote.value_or("").empty()) {
      if (std::find(derived.begin(), derived.end(), citations_[c].source) == derived.end())
        derived.push_back(citations_[c].source);
      continue;
    }
    const std::string& name = citations_[c].name;
    const auto dash = name.rfind('-');
    const std::string_view digits =
        dash == std::string::npos ? std::string_view() : std::string_view(name).substr(dash + 1);
    std::uint64_t slot = rdf_no_number;
    const auto [last, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), slot);
    if (ec != std::errc() || last != digits.data() + digits.size()) slot = rdf_no_number;
    quoted.push_back({slot, c});
  }
  std::stable_sort(quoted.begin(), quoted.end(),
                   [](const placed& a, const placed& b) { return a.slot < b.slot; });
  std::vector<std::uint32_t> unquoted;
  for (std::uint32_t s : derived)
    if (std::none_of(quoted.begin(), quoted.end(),
                     [&](const placed& q) { return citations_[q.citation].source == s; }))
      unquoted.push_back(s);

  std::vector<citation> out;
  std::size_t next = 0;
  for (const auto& q : quoted) {
    while (next < unquoted.size() && (q.slot == rdf_no_number || out.size() < q.slot))
      out.push_back({unquoted[next++], {}, std::nullopt});
    const auto& c = citations_[q.citation];
    out.push_back({c.source, c.quote.value_or(""), std::nullopt});
  }
  while (next < unquoted.size()) out.push_back({unquoted[next++], {}, std::nullopt});
  return out;
}

std::vector<std::pair<std::string, std::string>> rdf_graph_builder::make_external_ids(
    std::vector<std::pair<std::uint32_t, std::string>>& said) const {
  // In text order, each system and id once (two IRIs may decode to one system): sorted, a
  // repeat follows the first of its kind.
  const auto key = [&](std::uint32_t i) {
    return std::tie(predicates_[said[i].first].own_name, said[i].second);
  };
  std::vector<std::uint32_t> order(said.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  std::vector<bool> repeat(said.size(), false);
  for (std::size_t i = 1; i < order.size(); ++i)
    repeat[order[i]] = key(order[i]) == key(order[i - 1]);
  std::vector<std::pair<std::string, std::string>> ids;
  for (std::size_t i = 0; i < said.size(); ++i)
    if (!repeat[i])
      ids.emplace_back(predicates_[said[i].first].own_name, std::move(said[i].second));
  return ids;
}

void rdf_graph_builder::add_entities(graph& g, const std::vector<kind_id>& kinds,
                                     std::vector<std::vector<std::string>>& other_kinds) {
  for (std::size_t i = 0; i < entities_.size(); ++i) {
    pending_entity& e = entities_[i];
    // The name: the best label by predicate, then untagged, English, other, then text order.
    const auto preference = [&](const rdf_label& l) {
      const std::string& tag = languages_[l.language];
      return std::pair(l.rank, l.language == 0 ? 0 : is_english(tag) ? 1 : 2);
    };
    const rdf_label* best = nullptr;
    for (const auto& l : e.labels)
      if (l.rank != alias_rank && (best == nullptr || preference(l) < preference(*best))) best = &l;
    std::string name = best != nullptr               ? best->text
                       : e.origin == rdf_origin::iri ? local_name(e.id)
                                                     : std::string();
    std::vector<std::string> aliases;
    const auto add_alias = [&](const std::string& text) {
      if (std::find(aliases.begin(), aliases.end(), text) == aliases.end()) aliases.push_back(text);
    };
    for (const auto& l : e.labels)
      if (l.rank == alias_rank) add_alias(l.text);
    for (const auto& l : e.labels)
      if (l.rank != alias_rank && &l != best && l.text != name) add_alias(l.text);

    const entity_index made = g.add_entity(e.id, kinds[i], name);
    if (!aliases.empty()) g.set_aliases(made, aliases);
    for (auto& [key, v] : make_attributes(e.values)) g.set_attribute(made, key, v);
    if (!e.external_ids.empty()) g.set_external_ids(made, make_external_ids(e.external_ids));
    if (!other_kinds[i].empty()) {
      value_list listed(other_kinds[i].begin(), other_kinds[i].end());
      g.set_attribute(made, types_key_, std::move(listed));
    }
    e = pending_entity();  // what is in the graph need not stay here too
  }
}

void rdf_graph_builder::add_relations(graph& g, const std::vector<relation_ref>& order,
                                      const std::vector<relation_type_id>& types) {
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& ref = order[i];
    if (!ref.statement) {
      const auto& t = asserted_[ref.index];
      g.add_relation(t.from, types[i], t.to);
      continue;
    }
    const auto& st = statements_[ref.index];
    const relation_index r =
        g.add_relation(st.from, types[i], st.to, st.level.value_or(evidence::reported),
                       {st.since.value_or(date()), st.until.value_or(date())});
    if (st.extra == rdf_none) continue;
    const auto& x = extras_[st.extra];
    for (auto& c : make_citations(x)) g.add_citation(r, std::move(c));
    for (auto& [key, v] : make_attributes(x.values)) g.set_relation_attribute(r, key, v);
  }
}

graph rdf_graph_builder::finish() {
  check_complete();
  bool declare = false;
  schema s = make_schema(declare);
  std::vector<std::vector<std::string>> other_kinds;
  const std::vector<kind_id> kinds = resolve_kinds(s, declare, other_kinds);
  name_predicates(std::any_of(other_kinds.begin(), other_kinds.end(),
                              [](const auto& k) { return !k.empty(); }));
  const std::vector<relation_ref> order = relation_order();
  const std::vector<relation_type_id> types = declare_types(s, declare, order);
  try {
    graph g(std::move(s), opts_.mode);
    g.reserve(entities_.size(), order.size());
    for (auto& src : sources_)
      g.add_source({src.id, src.title.value_or(""), src.publisher.value_or(""),
                    src.published.value_or(date()), src.url.value_or("")});
    add_entities(g, kinds, other_kinds);
    add_relations(g, order, types);
    return g;
  } catch (const schema_error& e) {
    throw schema_error(origin_ + ": " + e.what());
  } catch (const io_error&) {
    throw;
  } catch (const parse_error&) {
    throw;
  } catch (const error& e) {
    throw io_error(origin_ + ": " + e.what());
  }
}

}  // namespace entente::detail

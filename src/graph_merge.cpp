#include <entente/graph_merge.hpp>
#include <entente/names.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

namespace entente {
namespace {

std::string scalar_text(const scalar& item) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>)
          return '"' + x + '"';
        else if constexpr (std::is_same_v<T, date>)
          return x.to_string();
        else
          return fmt::format("{}", x);
      },
      item);
}

/// A value as a person reads it in a report: strings quoted, lists bracketed.
std::string value_text(const value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "null";
  if (const auto* items = std::get_if<value_list>(&v)) {
    std::string text = "[";
    for (const auto& item : *items) text += (text.size() > 1 ? ", " : "") + scalar_text(item);
    return text + "]";
  }
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate> || std::is_same_v<T, value_list>)
          return {};
        else
          return scalar_text(x);
      },
      v);
}

std::string kind_text(const schema& s, kind_id k) {
  const auto& name = s.kind_at(k).name;
  return name.empty() ? "(unlabelled)" : name;
}

/// What makes two relations the same fact, once their ends are entities of one graph. A
/// symmetric type's ends are ordered, so that either reading meets the other.
struct fact_key {
  entity_index from;
  entity_index to;
  relation_type_id type;
  evidence level;
  date since;
  date until;
  friend bool operator==(const fact_key&, const fact_key&) = default;
};

struct fact_hash {
  std::size_t operator()(const fact_key& k) const noexcept {
    auto day = [](const date& d) {
      return (static_cast<std::uint64_t>(d.year() + 32768) << 9) |
             static_cast<std::uint64_t>(d.month() << 5 | d.day());
    };
    std::uint64_t h = (static_cast<std::uint64_t>(k.from) << 32 | k.to) * 0x9E3779B97F4A7C15ULL;
    h ^= (static_cast<std::uint64_t>(k.type) << 8 | static_cast<std::uint64_t>(k.level)) +
         0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
    h ^= (day(k.since) << 25 ^ day(k.until)) + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return static_cast<std::size_t>(h);
  }
};

class merger {
 public:
  merger(graph& target, const graph& incoming, const merge_options& opts)
      : out_(target), in_(incoming), opts_(opts) {}

  merge_report run() {
    merge_schema();
    merge_sources();
    match_entities();
    add_entities();
    merge_relations();
    return std::move(report_);
  }

 private:
  graph& out_;
  const graph& in_;
  const merge_options& opts_;
  merge_report report_;
  std::vector<entity_index> entity_of_;  // incoming entity → target entity (no_index: new)
  std::vector<source_index> source_of_;  // incoming source → target source

  void conflict(std::string subject, std::string field, std::string kept, std::string dropped) {
    report_.conflicts.push_back(
        {std::move(subject), std::move(field), std::move(kept), std::move(dropped)});
  }

  // ---- schema ------------------------------------------------------------------------------
  void merge_schema() {
    const auto& theirs = in_.schema();
    for (kind_id k = 0; k < theirs.num_kinds(); ++k) {
      const auto& info = theirs.kind_at(k);
      std::string parent = info.parent ? theirs.kind_at(*info.parent).name : std::string();
      if (auto mine = out_.schema().find_kind(info.name)) {
        const auto& kept = out_.schema().kind_at(*mine);
        std::string my_parent = kept.parent ? out_.schema().kind_at(*kept.parent).name : "";
        if (my_parent != parent)
          conflict("kind " + info.name, "parent", my_parent.empty() ? "(none)" : my_parent,
                   parent.empty() ? "(none)" : parent);
        continue;
      }
      out_.add_kind({info.name, parent});
      report_.kinds_added.push_back(info.name);
    }
    for (relation_type_id t = 0; t < theirs.num_relation_types(); ++t) {
      auto spec = type_spec(theirs, theirs.relation_type_at(t));
      if (auto mine = out_.schema().find_relation_type(spec.name)) {
        if (!same_definition(type_spec(out_.schema(), out_.schema().relation_type_at(*mine)), spec))
          conflict("relation type " + spec.name, "definition", "the target's", "the incoming one");
        continue;
      }
      out_.add_relation_type(spec);
      report_.relation_types_added.push_back(spec.name);
    }
  }

  static relation_type_spec type_spec(const schema& s, const relation_type_info& info) {
    relation_type_spec spec{
        info.name,     {},         {},          info.symmetric,  info.transitive, info.inverse,
        info.polarity, info.cameo, info.weight, info.quad_class, info.functional};
    for (auto k : info.domain) spec.domain.push_back(s.kind_at(k).name);
    for (auto k : info.range) spec.range.push_back(s.kind_at(k).name);
    return spec;
  }

  static bool same_definition(const relation_type_spec& a, const relation_type_spec& b) {
    auto sorted = [](std::vector<std::string> v) {
      std::sort(v.begin(), v.end());
      return v;
    };
    return sorted(a.domain) == sorted(b.domain) && sorted(a.range) == sorted(b.range) &&
           a.symmetric == b.symmetric && a.transitive == b.transitive && a.inverse == b.inverse &&
           a.polarity == b.polarity && a.cameo == b.cameo && a.weight == b.weight &&
           a.quad_class == b.quad_class && a.functional == b.functional;
  }

  // ---- sources -----------------------------------------------------------------------------
  void merge_sources() {
    for (const auto& theirs : in_.sources()) {
      auto mine = out_.find_source(theirs.id);
      if (!mine) {
        source_of_.push_back(out_.add_source(theirs));
        ++report_.sources_added;
        continue;
      }
      source_of_.push_back(*mine);
      source_info merged = out_.source_at(*mine);
      const std::string subject = "source " + theirs.id;
      auto combine = [&](std::string& kept, const std::string& dropped, const char* field) {
        if (kept.empty())
          kept = dropped;
        else if (!dropped.empty() && kept != dropped)
          conflict(subject, field, kept, dropped);
      };
      combine(merged.title, theirs.title, "title");
      combine(merged.publisher, theirs.publisher, "publisher");
      combine(merged.url, theirs.url, "url");
      if (!merged.published.is_set())
        merged.published = theirs.published;
      else if (theirs.published.is_set() && !(merged.published == theirs.published))
        conflict(subject, "published", merged.published.to_string(), theirs.published.to_string());
      out_.update_source(*mine, std::move(merged));
    }
  }

  // ---- entities ----------------------------------------------------------------------------
  /// Matches every incoming entity against the target as it was, so that incoming entities
  /// never match one another.
  void match_entities() {
    std::map<std::pair<std::string, std::string>, std::vector<entity_index>> by_external;
    for (entity_index e = 0; e < out_.num_entities(); ++e)
      for (const auto& ext : out_.entity(e).external_ids()) by_external[ext].push_back(e);

    entity_of_.assign(in_.num_entities(), no_index);
    for (entity_index e = 0; e < in_.num_entities(); ++e) {
      const auto theirs = in_.entity(e);
      if (auto mine = out_.find_id(theirs.id())) {
        entity_of_[e] = *mine;
        report_.matched.push_back({std::string(theirs.id()), std::string(theirs.id()),
                                   match_rule::id, std::string(theirs.id())});
        continue;
      }
      if (match_by_external_id(e, by_external)) continue;
      if (opts_.match_names) match_by_name(e);
    }
  }

  bool match_by_external_id(
      entity_index e,
      const std::map<std::pair<std::string, std::string>, std::vector<entity_index>>& index) {
    const auto theirs = in_.entity(e);
    std::vector<entity_index> candidates;
    std::string shared;
    for (const auto& ext : theirs.external_ids()) {
      auto it = index.find(ext);
      if (it == index.end()) continue;
      if (shared.empty()) shared = ext.first + ":" + ext.second;
      for (auto c : it->second)
        if (std::find(candidates.begin(), candidates.end(), c) == candidates.end())
          candidates.push_back(c);
    }
    return decide(e, candidates, match_rule::external_id, shared);
  }

  void match_by_name(entity_index e) {
    const auto theirs = in_.entity(e);
    std::vector<std::string> names{std::string(theirs.name())};
    for (auto a : theirs.aliases()) names.emplace_back(a);
    const std::string& kind = in_.schema().kind_at(theirs.kind()).name;
    std::vector<entity_index> candidates;
    std::string shared;
    for (const auto& name : names) {
      if (name_key(name).empty()) continue;  // punctuation alone names nothing
      for (auto c : out_.names().find(name)) {
        if (!kinds_compatible(out_.entity(c).kind(), kind)) continue;
        if (std::find(candidates.begin(), candidates.end(), c) != candidates.end()) continue;
        if (shared.empty()) shared = name;
        candidates.push_back(c);
      }
    }
    decide(e, candidates, match_rule::name, shared);
  }

  /// Kinds that may name one entity: the same, one above the other, or one unlabelled.
  bool kinds_compatible(kind_id mine, const std::string& their_kind) const {
    const auto& s = out_.schema();
    auto theirs = s.find_kind(their_kind);  // declared by merge_schema
    if (!theirs) return false;
    return mine == *theirs || s.is_a(mine, *theirs) || s.is_a(*theirs, mine) ||
           s.kind_at(mine).name.empty() || their_kind.empty();
  }

  bool decide(entity_index e, const std::vector<entity_index>& candidates, match_rule rule,
              const std::string& shared) {
    if (candidates.empty()) return false;
    std::string incoming(in_.entity(e).id());
    if (candidates.size() > 1) {
      ambiguous_match a{incoming, rule, {}, shared};
      for (auto c : candidates) a.candidates.emplace_back(out_.entity(c).id());
      report_.ambiguous.push_back(std::move(a));
      return true;  // decided: left unmatched
    }
    entity_of_[e] = candidates.front();
    report_.matched.push_back(
        {std::move(incoming), std::string(out_.entity(candidates.front()).id()), rule, shared});
    return true;
  }

  void add_entities() {
    for (entity_index e = 0; e < in_.num_entities(); ++e) {
      const auto theirs = in_.entity(e);
      if (entity_of_[e] != no_index) {
        combine_entity(e);
        continue;
      }
      entity_spec spec{std::string(theirs.id()),   in_.schema().kind_at(theirs.kind()).name,
                       std::string(theirs.name()), {},
                       theirs.attributes(),        theirs.external_ids()};
      for (auto a : theirs.aliases()) spec.aliases.emplace_back(a);
      entity_of_[e] = out_.add_entity(spec);
      report_.added_entities.push_back(spec.id);
    }
  }

  void combine_entity(entity_index e) {
    const auto theirs = in_.entity(e);
    const entity_index m = entity_of_[e];
    const std::string subject = "entity " + std::string(out_.entity(m).id());
    const auto& their_kind = in_.schema().kind_at(theirs.kind()).name;
    const auto& my_kind = out_.schema().kind_at(out_.entity(m).kind()).name;
    if (their_kind != my_kind)
      conflict(subject, "kind", kind_text(out_.schema(), out_.entity(m).kind()),
               kind_text(in_.schema(), theirs.kind()));

    auto known = [&](std::string_view name) {
      const auto mine = out_.entity(m);
      if (mine.name() == name) return true;
      for (auto a : mine.aliases())
        if (a == name) return true;
      return false;
    };
    if (!known(theirs.name())) out_.add_alias(m, theirs.name());
    for (auto a : theirs.aliases())
      if (!known(a)) out_.add_alias(m, a);

    for (const auto& [key, v] : theirs.attributes()) {
      const value* kept = out_.entity(m).attributes().find(key);
      if (!kept)
        out_.set_attribute(m, key, v);
      else if (!(*kept == v))
        conflict(subject, "attribute " + key, value_text(*kept), value_text(v));
    }
    for (const auto& [system, id] : theirs.external_ids()) {
      std::string kept;
      for (const auto& [s, i] : out_.entity(m).external_ids())
        if (s == system) kept = i;
      if (kept.empty())
        out_.set_external_id(m, system, id);
      else if (kept != id)
        conflict(subject, system, kept, id);
    }
  }

  // ---- relations ---------------------------------------------------------------------------
  fact_key key_of(entity_index from, entity_index to, relation_type_id type, evidence level,
                  const interval& valid) const {
    if (out_.schema().relation_type_at(type).symmetric && to < from) std::swap(from, to);
    return {from, to, type, level, valid.since, valid.until};
  }

  void merge_relations() {
    // The target's own relations, as they were: incoming relations never combine with each
    // other, so the incoming graph's own structure comes through whole.
    std::unordered_map<fact_key, std::vector<relation_index>, fact_hash> facts;
    facts.reserve(out_.num_relations());
    for (relation_index r = 0; r < out_.num_relations(); ++r)
      facts[key_of(out_.from(r), out_.to(r), out_.type(r), out_.evidence(r), out_.valid(r))]
          .push_back(r);

    for (relation_index r = 0; r < in_.num_relations(); ++r) {
      const entity_index from = entity_of_[in_.from(r)], to = entity_of_[in_.to(r)];
      const relation_type_id type =
          out_.schema().relation_type(in_.schema().relation_type_at(in_.type(r)).name);
      const auto& attrs = in_.relation_attributes(r);
      relation_index same = no_index;
      if (auto it = facts.find(key_of(from, to, type, in_.evidence(r), in_.valid(r)));
          it != facts.end())
        for (auto candidate : it->second)
          if (out_.relation_attributes(candidate) == attrs) {
            same = candidate;
            break;
          }
      if (same != no_index) {
        ++report_.relations_combined;
        for (const auto& c : in_.citations(r)) add_citation_once(same, c);
        continue;
      }
      const relation_index added = out_.add_relation(from, type, to, in_.evidence(r), in_.valid(r));
      for (const auto& c : in_.citations(r)) {
        citation mine = c;
        mine.source = source_of_[c.source];
        out_.add_citation(added, std::move(mine));
      }
      for (const auto& [key, v] : attrs) out_.set_relation_attribute(added, key, v);
      ++report_.relations_added;
    }
  }

  void add_citation_once(relation_index r, const citation& theirs) {
    const source_index source = source_of_[theirs.source];
    for (const auto& c : out_.citations(r))
      if (c.source == source && c.quote == theirs.quote) return;
    citation mine = theirs;
    mine.source = source;
    out_.add_citation(r, std::move(mine));
    ++report_.citations_added;
  }
};

}  // namespace

merge_report merge(graph& target, const graph& incoming, const merge_options& opts) {
  graph merged = target;  // the target stays as it was when a relation is refused
  auto report = merger(merged, incoming, opts).run();
  target = std::move(merged);
  return report;
}

}  // namespace entente

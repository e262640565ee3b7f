#pragma once
/// Net cooperation between two actors, year by year, on a graph or a view.

#include <entente/analysis/detail.hpp>
#include <entente/error.hpp>
#include <entente/graph.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace entente {

/// The relations between two actors in one year (or undated), and their summed type weights.
struct cooperation_year {
  int year = 0;  ///< 0 for the undated bucket
  double score = 0.0;
  std::vector<relation_index> relations;
};

/// The years `net_cooperation` reports. An open end of a relation's valid time reaches the
/// earliest or latest year named anywhere in the graph (a relation's dates or a source's
/// publication date) unless given here.
struct net_cooperation_options {
  std::optional<int> first_year;
  std::optional<int> last_year;
};

/// Net cooperation between two actors, year by year.
struct cooperation_series {
  std::vector<cooperation_year> years;    ///< consecutive years, the first to the last covered
  cooperation_year undated;               ///< relations with no valid time at all
  double total = 0.0;                     ///< every relation counted once, whatever its years
  std::vector<relation_index> relations;  ///< every relation counted, ascending
};

/// The net cooperation score between `a` and `b` on a graph or a view: the sum of the type
/// weights (Goldstein-style, −10..+10) of the relations between them in both directions,
/// denied ones left out. A relation counts in every year its valid time touches; relations
/// without dates go to `undated`.
///
///     auto series = net_cooperation(g, g.at("PRK"), g.at("RUS"));
///     for (const auto& y : series.years) fmt::print("{}: {:+.1f}\n", y.year, y.score);
template <class Graph>
[[nodiscard]] cooperation_series net_cooperation(const Graph& g, entity_index a, entity_index b,
                                                 const net_cooperation_options& opts = {}) {
  const graph& base = detail::underlying(g);
  (void)base.entity(a);  // throws lookup_error for a number the graph does not have
  (void)base.entity(b);
  cooperation_series series;
  for (auto [it, end] = out_edges(a, g); it != end; ++it)
    if (target(*it, g) == b) series.relations.push_back(*it);
  if (a != b)
    for (auto [it, end] = in_edges(a, g); it != end; ++it)
      if (source(*it, g) == b) series.relations.push_back(*it);
  std::erase_if(series.relations, [&](relation_index r) {
    return base.evidence(r) == evidence::denied ||
           base.schema().relation_type_at(base.type(r)).weight == 0.0;
  });
  std::sort(series.relations.begin(), series.relations.end());

  int earliest = opts.first_year.value_or(0), latest = opts.last_year.value_or(0);
  if (!opts.first_year || !opts.last_year) {
    int low = 0, high = 0;
    auto note = [&](const date& d) {
      if (!d.is_set()) return;
      low = low == 0 ? d.year() : std::min(low, d.year());
      high = std::max(high, d.year());
    };
    for (relation_index r = 0; r < base.num_relations(); ++r) {
      note(base.valid(r).since);
      note(base.valid(r).until);
    }
    for (const auto& s : base.sources()) note(s.published);
    if (!opts.first_year) earliest = low;
    if (!opts.last_year) latest = high;
  }
  if (opts.first_year && opts.last_year && earliest > latest)
    throw error("net_cooperation: first_year " + std::to_string(earliest) + " is after last_year " +
                std::to_string(latest));

  std::map<int, cooperation_year> by_year;
  for (relation_index r : series.relations) {
    const double weight = base.schema().relation_type_at(base.type(r)).weight;
    series.total += weight;
    const interval& valid = base.valid(r);
    if (valid.is_open()) {
      series.undated.score += weight;
      series.undated.relations.push_back(r);
      continue;
    }
    int from = valid.since.is_set() ? valid.since.year() : earliest;
    int to = valid.until.is_set() ? valid.until.year() : latest;
    from = std::max(from, earliest);
    to = std::min(to, latest);
    for (int year = from; year <= to; ++year) {
      auto& bucket = by_year[year];
      bucket.year = year;
      bucket.score += weight;
      bucket.relations.push_back(r);
    }
  }
  if (!by_year.empty())
    for (int year = by_year.begin()->first; year <= by_year.rbegin()->first; ++year) {
      auto it = by_year.find(year);
      series.years.push_back(it != by_year.end() ? std::move(it->second)
                                                 : cooperation_year{year, 0.0, {}});
    }
  return series;
}

}  // namespace entente

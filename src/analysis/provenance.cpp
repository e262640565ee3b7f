// How many independent sources stand behind a fact.

#include <entente/analysis/provenance.hpp>

#include <set>
#include <string>
#include <utility>

namespace entente::detail {

void count_sources(const graph& g, fact_support& fact) {
  std::set<source_index> sources;
  for (relation_index r : fact.relations)
    for (const auto& c : g.citations(r)) sources.insert(c.source);
  fact.sources.assign(sources.begin(), sources.end());
  std::set<std::pair<bool, std::string>> outlets;
  for (source_index s : fact.sources) {
    const auto& info = g.source_at(s);
    outlets.insert(info.publisher.empty() ? std::pair{false, info.id}
                                          : std::pair{true, info.publisher});
  }
  fact.independent = outlets.size();
}

}  // namespace entente::detail

// Accepting candidates: the chosen ones added to the graph, each cited to the article
// (`accept_candidates`, ingest.hpp).

#include "ingest/facts.hpp"

#include <entente/error.hpp>
#include <entente/ingest.hpp>

#include <map>

namespace entente {
namespace {

// An id for a new entity named `name`, unused in `g`.
std::string new_id(const graph& g, const std::string& name) {
  std::string slug = kebab_id(name);
  if (slug.empty()) slug = "entity";
  std::string id = slug;
  for (int n = 2; g.find_id(id); ++n) id = slug + "-" + std::to_string(n);
  return id;
}

}  // namespace

std::string kebab_id(std::string_view name) {
  std::string id;
  for (char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      id += c;
    else if (c >= 'A' && c <= 'Z')
      id += static_cast<char>(c - 'A' + 'a');
    else if (!id.empty() && id.back() != '-')
      id += '-';
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id;
}

ingest_accepted accept_candidates(graph& g, const ingest_result& result,
                                  std::span<const std::size_t> chosen, const source_info& source) {
  for (auto i : chosen)
    if (i >= result.candidates.size())
      throw error("no candidate " + std::to_string(i + 1) + " (there are " +
                  std::to_string(result.candidates.size()) + ")");
  // All or nothing: the work is done on a copy, which replaces the graph at the end.
  graph work = g;
  ingest_accepted done;
  if (!work.find_source(source.id)) work.add_source(source);
  std::map<std::string, std::string> created;  // new actor's name -> its id
  auto id_of = [&](const ingest_actor& a) -> std::string {
    if (a.entity) return a.id;
    if (auto it = created.find(a.name); it != created.end()) return it->second;
    const std::string id = new_id(work, a.name);
    work.add_entity(entity_spec{id, a.kind, a.name, {}, {}, {}});
    created.emplace(a.name, id);
    done.entities_added.push_back(id);
    return id;
  };
  for (auto i : chosen) {
    const auto& c = result.candidates[i];
    const std::string from = id_of(c.from), to = id_of(c.to);
    const citation_spec cite{source.id, c.quote, c.quote_span};
    const auto type = work.schema().relation_type(c.type);
    std::string item;
    for (const auto& [k, v] : c.attributes)
      if (k == "item") item = v;
    if (auto same = ingest_detail::same_fact(work, *work.find_id(from), type, *work.find_id(to),
                                             c.evidence, item)) {
      const auto cites = work.citations(*same);
      const auto src = *work.find_source(source.id);
      const bool cited = std::any_of(cites.begin(), cites.end(), [&](const citation& x) {
        return x.source == src && x.quote == c.quote;
      });
      if (!cited) {
        work.add_citation(*same, cite);
        ++done.citations_added;
      }
      continue;
    }
    relation_spec spec;
    spec.from = from;
    spec.type = c.type;
    spec.to = to;
    spec.evidence = c.evidence;
    spec.citations.push_back(cite);
    for (const auto& [k, v] : c.attributes) spec.attributes.set(k, v);
    work.add_relation(spec);
    ++done.relations_added;
  }
  g = std::move(work);
  return done;
}

}  // namespace entente

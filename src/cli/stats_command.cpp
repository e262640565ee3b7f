// `entente stats` (DESIGN §4).

#include "cli.hpp"

#include <entente/analysis.hpp>
#include <entente/entente.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <map>
#include <span>
#include <string>
#include <vector>

namespace entente::cli {
namespace {

int run_stats(const common_options& common) {
  auto g = load_graph(common);
  const auto& s = g.schema();
  std::map<std::string, std::size_t> kinds, types;
  std::map<entente::evidence, std::size_t, std::greater<>> levels;
  for (entente::entity_index e = 0; e < g.num_entities(); ++e)
    ++kinds[s.kind_at(g.entity(e).kind()).name];
  for (entente::relation_index r = 0; r < g.num_relations(); ++r) {
    ++types[s.relation_type_at(g.type(r)).name];
    ++levels[g.evidence(r)];
  }
  if (common.format == "json") {
    json out{{"entities", g.num_entities()},
             {"relations", g.num_relations()},
             {"sources", g.sources().size()},
             {"kinds", kinds},
             {"relation_types", types}};
    json ev = json::object();
    for (const auto& [level, n] : levels) ev[std::string(to_string(level))] = n;
    out["evidence"] = ev;
    fmt::print("{}\n", out.dump(2));
    return ok;
  }
  auto counts = [](const auto& m) {
    std::vector<std::string> parts;
    for (const auto& [k, n] : m) parts.push_back(fmt::format("{} {}", k, n));
    return fmt::format("{}", fmt::join(parts, ", "));
  };
  fmt::print("{:<15}{}\n", "entities", g.num_entities());
  fmt::print("{:<15}{}\n", "  by kind", counts(kinds));
  fmt::print("{:<15}{}\n", "relations", g.num_relations());
  fmt::print("{:<15}{}\n", "  by type", counts(types));
  std::vector<std::string> ev;
  for (const auto& [level, n] : levels) ev.push_back(fmt::format("{} {}", level, n));
  fmt::print("{:<15}{}\n", "  by evidence", fmt::join(ev, ", "));
  fmt::print("{:<15}{}\n", "sources", g.sources().size());
  std::vector<table_row> rows;
  for (const auto& src : g.sources())
    rows.push_back(
        {{src.id,
          src.published.is_set() ? fmt::format("{} ({})", src.title, src.published) : src.title},
         {}});
  print_table(rows, "  ");
  return ok;
}

}  // namespace

command add_stats_command(CLI::App& app, common_options& common) {
  return add_graph_command(app, common, "stats",
                           "counts of entities, relations, evidence and sources", run_stats);
}

}  // namespace entente::cli

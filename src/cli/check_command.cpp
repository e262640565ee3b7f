// `entente check` (DESIGN §4).

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

std::string source_list(const entente::graph& g, const std::vector<entente::source_index>& ids) {
  std::vector<std::string> names;
  for (auto s : ids) names.push_back(g.source_at(s).id);
  return names.empty() ? "no source" : fmt::format("{}", fmt::join(names, ", "));
}

// `--deep`: read the whole file first. Only a mapped snapshot needs it (opening one reads what
// costs the same whatever its size); every other format is read whole, and checked, to load.
bool deep = false;

void check_file(const common_options& common) {
  if (!common.graph.ends_with(".kgm")) {
    fmt::print("{}: read whole and checked as it loaded\n", common.graph);
    return;
  }
  {
    terminal_progress progress("checking " + common.graph);
    entente::io::verify_mapped(common.graph);
  }
  fmt::print(
      "{}: every section matches its checksum, every value is in range, and the index "
      "matches the relations\n",
      common.graph);
}

// Loads leniently, so that a graph breaking its schema can still be examined.
int run_check(const common_options& common) {
  if (deep && !common.graph.empty()) check_file(common);
  auto g = load_graph(common, entente::validation::lenient);
  auto violations = entente::schema_violations(g);
  auto unsourced = entente::unsourced_relations(g);
  auto clashes = entente::contradictions(g);
  int code = violations.empty() && unsourced.empty() ? ok : bad_input;

  if (common.format == "json") {
    json out{{"schema_violations", json::array()},
             {"relations_without_source", json::array()},
             {"contradictions", json::array()}};
    for (const auto& v : violations) {
      auto item = relation_ref_json(g, v.relation);
      item["rule"] = v.rule;
      out["schema_violations"].push_back(item);
    }
    for (auto r : unsourced) out["relations_without_source"].push_back(relation_ref_json(g, r));
    for (const auto& c : clashes) {
      json sides = json::array();
      for (const auto& side : c.sides) {
        json rels = json::array();
        for (auto r : side.relations) rels.push_back(relation_ref_json(g, r));
        json srcs = json::array();
        for (auto s : side.sources) srcs.push_back(g.source_at(s).id);
        sides.push_back({{"relations", rels}, {"sources", srcs}});
      }
      out["contradictions"].push_back({{"subject", g.entity(c.subject).id()},
                                       {"type", g.schema().relation_type_at(c.type).name},
                                       {"reason", c.reason},
                                       {"sides", sides}});
    }
    fmt::print("{}\n", out.dump(2));
    return code;
  }

  fmt::print("schema violations: {}\n", violations.size());
  for (const auto& v : violations) fmt::print("  {:s}: {}\n", g.relation(v.relation), v.rule);
  fmt::print("relations without a source: {}\n", unsourced.size());
  for (auto r : unsourced) fmt::print("  {}\n", g.relation(r));
  fmt::print("contradictions between sources: {}\n", clashes.size());
  for (std::size_t i = 0; i < clashes.size(); ++i) {
    const auto& c = clashes[i];
    fmt::print("  {}. {} -[{}]-> ?: {}\n", i + 1, g.entity(c.subject),
               g.schema().relation_type_at(c.type).name, c.reason);
    for (const auto& side : c.sides) {
      fmt::print("     according to {}:\n", source_list(g, side.sources));
      for (auto r : side.relations) fmt::print("       {}\n", g.relation(r));
    }
  }
  if (code != ok) fmt::print(stderr, "entente: the graph breaks its schema or cites no source\n");
  return code;
}

}  // namespace

command add_check_command(CLI::App& app, common_options& common) {
  auto cmd = add_graph_command(
      app, common, "check",
      "schema violations, relations without a source, contradictions between sources", run_check);
  cmd.app->add_flag("--deep", deep,
                    "first read every byte of a mapped snapshot (.kgm): checksums, ranges, index");
  return cmd;
}

}  // namespace entente::cli

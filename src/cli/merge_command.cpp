// `entente merge A B… -o OUT [--match-names]` (DESIGN §4): one graph from several, every
// citation kept, and a report of what was matched, how, and what was left for a person.

#include "cli.hpp"

#include <entente/entente.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace entente::cli {
namespace {

struct merge_request {
  std::vector<std::string> inputs;
  std::string out;
  std::string format = "table";
  std::string report;  // a file for the JSON report, besides what is printed
  bool match_names = false;
  bool lenient = false;
};

entente::graph load_input(const std::string& file, bool lenient) {
  terminal_progress progress("reading " + std::filesystem::path(file).filename().string());
  return entente::io::load(file, lenient ? validation::lenient : validation::strict,
                           progress.callback());
}

std::string counted(std::size_t n, std::string_view thing) {
  return fmt::format("{} {}{}", n, thing, n == 1 ? "" : "s");
}

json report_json(const std::string& file, const entente::merge_report& r) {
  json matched = json::array();
  for (const auto& m : r.matched)
    matched.push_back({{"incoming", m.incoming},
                       {"target", m.target},
                       {"rule", to_string(m.rule)},
                       {"on", m.evidence}});
  json ambiguous = json::array();
  for (const auto& a : r.ambiguous)
    ambiguous.push_back({{"incoming", a.incoming},
                         {"rule", to_string(a.rule)},
                         {"candidates", a.candidates},
                         {"on", a.evidence}});
  json conflicts = json::array();
  for (const auto& c : r.conflicts)
    conflicts.push_back(
        {{"subject", c.subject}, {"field", c.field}, {"kept", c.kept}, {"dropped", c.dropped}});
  return {{"input", file},
          {"matched", matched},
          {"ambiguous", ambiguous},
          {"added_entities", r.added_entities},
          {"conflicts", conflicts},
          {"relations_added", r.relations_added},
          {"relations_combined", r.relations_combined},
          {"citations_added", r.citations_added},
          {"sources_added", r.sources_added},
          {"kinds_added", r.kinds_added},
          {"relation_types_added", r.relation_types_added}};
}

void print_report(const std::string& file, const entente::merge_report& r) {
  std::size_t by_rule[3] = {0, 0, 0};
  for (const auto& m : r.matched) ++by_rule[static_cast<int>(m.rule)];
  fmt::print("{}:\n", file);
  fmt::print(
      "  entities: {} matched by id, {} by external id, {} by name; {} added, {} ambiguous\n",
      by_rule[0], by_rule[1], by_rule[2], r.added_entities.size(), r.ambiguous.size());
  fmt::print("  relations: {} added, {} already there (gaining {}); {} added\n", r.relations_added,
             r.relations_combined, counted(r.citations_added, "citation"),
             counted(r.sources_added, "source"));
  if (!r.kinds_added.empty() || !r.relation_types_added.empty())
    fmt::print("  declared: kinds [{}], relation types [{}]\n", fmt::join(r.kinds_added, ", "),
               fmt::join(r.relation_types_added, ", "));

  std::vector<table_row> rows;
  for (const auto& m : r.matched)
    if (m.rule != match_rule::id)
      rows.push_back(
          {{m.incoming, "→", m.target, "by " + std::string(to_string(m.rule)), m.evidence}, {}});
  if (!rows.empty()) {
    fmt::print("  matched other than by id:\n");
    print_table(rows, "    ");
  }
  rows.clear();
  for (const auto& a : r.ambiguous)
    rows.push_back({{a.incoming, "?", fmt::format("{}", fmt::join(a.candidates, " | ")),
                     "by " + std::string(to_string(a.rule)), a.evidence},
                    {}});
  if (!rows.empty()) {
    fmt::print("  ambiguous, added as new entities (merge by hand if they are one):\n");
    print_table(rows, "    ");
  }
  rows.clear();
  for (const auto& c : r.conflicts)
    rows.push_back({{c.subject, c.field, "kept " + c.kept, "dropped " + c.dropped}, {}});
  if (!rows.empty()) {
    fmt::print("  conflicts, the first graph's value kept:\n");
    print_table(rows, "    ");
  }
}

int run_merge(const merge_request& req) {
  if (req.inputs.size() < 2) {
    fmt::print(stderr, "entente: merge needs at least two graphs (got {})\n", req.inputs.size());
    return bad_input;
  }
  auto merged = load_input(req.inputs.front(), req.lenient);
  json reports = json::array();
  for (std::size_t i = 1; i < req.inputs.size(); ++i) {
    const auto incoming = load_input(req.inputs[i], req.lenient);
    const auto report = entente::merge(merged, incoming, {.match_names = req.match_names});
    if (req.format == "json" || !req.report.empty())
      reports.push_back(report_json(req.inputs[i], report));
    if (req.format == "table") print_report(req.inputs[i], report);
  }
  if (req.format == "json") fmt::print("{}\n", reports.dump(2));
  if (!req.report.empty()) write_json_file(req.report, reports, "--report");
  {
    terminal_progress progress("writing " + std::filesystem::path(req.out).filename().string());
    entente::io::save(merged, req.out);
  }
  fmt::print(stderr, "entente: wrote {} entities and {} relations to {}\n", merged.num_entities(),
             merged.num_relations(), req.out);
  return ok;
}

}  // namespace

command add_merge_command(CLI::App& app, common_options& /*common*/) {
  auto* sub = app.add_subcommand("merge", "one graph from several, every citation kept");
  auto req = std::make_shared<merge_request>();
  sub->add_option("GRAPHS", req->inputs,
                  "the graphs, in any format entente reads; the first "
                  "is the one the others are added to")
      ->required();
  sub->add_option("-o,--output", req->out, "where to write the merged graph (by extension)")
      ->required();
  sub->add_flag("--match-names", req->match_names,
                "also match entities by name and alias (case, diacritics and script aside) when "
                "neither id nor external id decides");
  sub->add_option("--format", req->format, "the report as a table or json")
      ->transform(CLI::IsMember({"table", "json"}));
  sub->add_option("--report", req->report, "also write the JSON report to this file");
  sub->add_flag("--lenient", req->lenient,
                "read and merge keeping relations that break the schema (with warnings)");
  sub->footer(
      "Entities match by id, then by a shared external id (wikidata), then, with --match-names, "
      "by name; several candidates match nothing and are reported. The same fact from two "
      "graphs becomes one relation with every citation; conflicting values keep the first "
      "graph's and are reported. `entente check OUT` then shows the contradictions between "
      "sources that the merge brought together.");
  return {sub, [req] { return run_merge(*req); }};
}

}  // namespace entente::cli

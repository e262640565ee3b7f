// `entente convert IN OUT` (DESIGN §4): a graph from one format into another, chosen by OUT's
// extension; optionally only what a view keeps.

#include "cli.hpp"

#include <entente/entente.hpp>

#include <fmt/core.h>

#include <filesystem>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

namespace entente::cli {
namespace {

struct convert_request {
  std::string in;
  std::string out;
  view_filters filters;
  bool lenient = false;
};

bool filters_anything(const view_filters& f) {
  return !f.via.empty() || !f.min_evidence.empty() || !f.as_of.empty() || !f.as_known.empty();
}

int run_convert(const convert_request& req) {
  const std::filesystem::path in = req.in, out = req.out;
  auto g = [&] {
    terminal_progress progress("reading " + in.filename().string());  // erased when done
    return entente::io::load(in, req.lenient ? validation::lenient : validation::strict,
                             progress.callback());
  }();
  if (filters_anything(req.filters)) {
    const auto v = filtered_view(g, req.filters);
    std::vector<entity_index> all(g.num_entities());
    std::iota(all.begin(), all.end(), entity_index{0});
    g = entente::subgraph(v, all);
  }
  {
    terminal_progress progress("writing " + out.filename().string());
    entente::io::save(g, out);
  }
  fmt::print(stderr, "entente: wrote {} entities and {} relations to {}\n", g.num_entities(),
             g.num_relations(), out.string());
  return ok;
}

}  // namespace

command add_convert_command(CLI::App& app, common_options& /*common*/) {
  auto* sub = app.add_subcommand("convert", "a graph from one format into another");
  auto req = std::make_shared<convert_request>();
  sub->add_option("IN", req->in,
                  "the graph to read: a .kg.json, .kga, .kgm, .graphml, .nt or .ttl file, a "
                  "folder with entities.tsv and relations.tsv, or a CSV folder (entente's, "
                  "Neo4j's, Kùzu's)")
      ->required();
  sub->add_option("OUT", req->out, "where to write it; the format follows the extension")
      ->required();
  add_view_filters(sub, req->filters, "keep");
  sub->add_flag("--lenient", req->lenient,
                "read IN keeping relations that break the schema (with warnings)");
  sub->footer(
      "OUT's extension names the format: .kg.json, .kga (snapshot), a folder name (or .tsv) for "
      "TSV, and the exports .dot, .graphml, .nt (N-Triples), .ttl (Turtle), a folder ending "
      "in .csv (Neo4j and Kùzu bulk import, with load.cypher) and .cypher (CREATE clauses that "
      "rebuild the graph when `entente query EMPTY.kg.json --write` runs them). With --via, "
      "--min-evidence, "
      "--as-of or --as-known only the relations that pass are written, with every entity.");
  return {sub, [req] { return run_convert(*req); }};
}

}  // namespace entente::cli

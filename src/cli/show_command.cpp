// `entente show` (DESIGN §4).

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

json relation_json(const entente::graph& g, const entente::adjacency_entry& a, bool outgoing) {
  auto r = g.relation(a.relation);
  auto other = g.entity(a.other);
  json out{{"type", r.type_name()},
           {outgoing ? "to" : "from", other.id()},
           {outgoing ? "to_name" : "from_name", other.name()},
           {"evidence", to_string(r.evidence())}};
  if (r.valid().since.is_set()) out["since"] = r.valid().since.to_string();
  if (r.valid().until.is_set()) out["until"] = r.valid().until.to_string();
  json sources = citations_json(g, r.index());
  out["sources"] = sources;
  if (!r.attributes().empty()) out["attributes"] = attributes_json(r.attributes());
  return out;
}

json entity_json(const entente::graph& g, entente::entity_index e) {
  auto ent = g.entity(e);
  json out{{"id", ent.id()},
           {"kind", ent.kind_name()},
           {"name", ent.name()},
           {"aliases", ent.aliases()}};
  out["attributes"] = attributes_json(ent.attributes());
  json ext = json::object();
  for (const auto& [system, id] : ent.external_ids()) ext[system] = id;
  out["external_ids"] = ext;
  json in = json::array(), outgoing = json::array();
  for (const auto& a : g.out_relations(e)) outgoing.push_back(relation_json(g, a, true));
  for (const auto& a : g.in_relations(e)) in.push_back(relation_json(g, a, false));
  out["relations_out"] = outgoing;
  out["relations_in"] = in;
  return out;
}

void print_relations(const entente::graph& g, std::span<const entente::adjacency_entry> rels,
                     bool outgoing) {
  fmt::print("\n  {} ({})\n", outgoing ? "out" : "in", rels.size());
  std::vector<table_row> rows;
  for (const auto& a : rels) {
    auto r = g.relation(a.relation);
    table_row row;
    row.cells = {
        outgoing ? fmt::format("-[{}]->", r.type_name()) : fmt::format("<-[{}]-", r.type_name()),
        fmt::format("{}", g.entity(a.other)), fmt::format("{}", r.evidence()),
        r.valid().is_open() ? "" : fmt::format("{}", r.valid()),
        r.attributes().empty() ? "" : fmt::format("{}", r.attributes())};
    for (const auto& c : r.citations()) {
      const auto& src = g.source_at(c.source);
      row.notes.push_back(c.quote.empty() ? fmt::format("source: {}", src.id)
                                          : fmt::format("source: {}: \"{}\"", src.id, c.quote));
    }
    rows.push_back(std::move(row));
  }
  print_table(rows, "    ");
}

void print_card(const entente::graph& g, entente::entity_index e) {
  auto ent = g.entity(e);
  fmt::print("{}\n", ent);
  if (!ent.aliases().empty())
    fmt::print("  {:<13}{}\n", "aliases", fmt::join(ent.aliases(), " · "));
  if (!ent.attributes().empty()) fmt::print("  {:<13}{}\n", "attributes", ent.attributes());
  for (const auto& [system, id] : ent.external_ids()) fmt::print("  {:<13}{}\n", system, id);
  print_relations(g, g.out_relations(e), true);
  print_relations(g, g.in_relations(e), false);
}

int run_show(const common_options& common, const std::string& name) {
  require_utf8(name, "NAME");
  auto g = load_graph(common);
  auto matches = g.find_all(name);
  if (matches.empty()) (void)g.at(name);  // throws lookup_error with the closest names
  if (common.format == "json") {
    json out = json::array();
    for (auto e : matches) out.push_back(entity_json(g, e));
    fmt::print("{}\n", out.dump(2));
    return ok;
  }
  for (std::size_t i = 0; i < matches.size(); ++i) {
    if (i > 0) fmt::print("\n");
    print_card(g, matches[i]);
  }
  return ok;
}

}  // namespace

command add_show_command(CLI::App& app, common_options& common) {
  auto* sub = app.add_subcommand("show", "an entity card: kind, aliases, relations in and out");
  auto args = std::make_shared<std::vector<std::string>>();
  sub->add_option("ARGS", *args, "[GRAPH] NAME (any alias, in any script)")->required();
  sub->add_option("--format", common.format, "table or json")
      ->transform(CLI::IsMember({"table", "json"}));
  return {sub, [args, &common] {
            auto rest = take_graph(*args, 1, common);
            return run_show(common, rest[0]);
          }};
}

}  // namespace entente::cli

// `entente rank` (DESIGN §4): who matters most in a graph or a view of it, by PageRank,
// betweenness (the brokers) or degree.

#include "cli.hpp"

#include <entente/analysis.hpp>
#include <entente/entente.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace entente::cli {
namespace {

struct rank_request {
  std::string by;
  view_filters filters;
  std::size_t top = 10;
  bool undirected = false;
  unsigned threads = 1;
};

// One score per entity number, as doubles whatever the measure.
std::vector<double> scores(const entente::view& v, const rank_request& req) {
  if (req.by == "pagerank") return entente::pagerank(v, {.threads = req.threads});
  if (req.by == "betweenness") {
    terminal_progress progress("betweenness");
    return entente::betweenness(
        v, {.directed = !req.undirected, .threads = req.threads, .progress = progress.callback()});
  }
  auto d = entente::degrees(v);
  return {d.begin(), d.end()};
}

int run_rank(const common_options& common, const rank_request& req) {
  if (req.undirected && req.by != "betweenness")
    throw CLI::ValidationError("--undirected", "applies to --by betweenness only");
  auto g = load_graph(common);
  const auto v = filtered_view(g, req.filters);
  auto score = scores(v, req);

  std::vector<entente::entity_index> order;
  for (auto [it, end] = vertices(v); it != end; ++it) order.push_back(*it);
  // Highest first; equal scores by id, so that the order does not depend on load order.
  std::sort(order.begin(), order.end(), [&](entente::entity_index a, entente::entity_index b) {
    if (score[a] != score[b]) return score[a] > score[b];
    return g.entity(a).id() < g.entity(b).id();
  });
  if (req.top != 0 && order.size() > req.top) order.resize(req.top);

  const bool whole = req.by == "degree";
  if (common.format == "json") {
    json out = json::array();
    for (auto e : order) {
      auto ent = g.entity(e);
      json row{{"id", ent.id()}, {"name", ent.name()}, {"kind", ent.kind_name()}};
      if (whole)
        row["score"] = static_cast<std::size_t>(score[e]);
      else
        row["score"] = score[e];
      out.push_back(row);
    }
    fmt::print("{}\n", out.dump(2));
    return ok;
  }
  std::vector<table_row> rows{{{"rank", req.by, "entity"}, {}}};
  std::size_t rank = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    // Ties share a rank (1, 2, 2, 4).
    if (i == 0 || score[order[i]] != score[order[i - 1]]) rank = i + 1;
    rows.push_back(
        {{std::to_string(rank),
          whole ? fmt::format("{}", score[order[i]]) : fmt::format("{:.6f}", score[order[i]]),
          fmt::format("{}", g.entity(order[i]))},
         {}});
  }
  print_table(rows, "");
  return ok;
}

}  // namespace

command add_rank_command(CLI::App& app, common_options& common) {
  auto* sub = app.add_subcommand("rank", "who matters most: PageRank, betweenness or degree");
  auto args = std::make_shared<std::vector<std::string>>();
  auto req = std::make_shared<rank_request>();
  sub->add_option("GRAPH", *args, "the graph");
  sub->add_option("--by", req->by,
                  "pagerank: who the ties lead to; betweenness: who brokers between others (on "
                  "the shortest paths); degree: who has the most relations, in and out")
      ->required()
      ->check(CLI::IsMember({"pagerank", "betweenness", "degree"}));
  add_view_filters(sub, req->filters, "count");
  sub->add_option("--top", req->top, "how many to list; 0 lists every entity (default 10)")
      ->check(whole_number(0, std::numeric_limits<std::uint32_t>::max()));
  sub->add_flag("--undirected", req->undirected,
                "betweenness: read every relation both ways (who links others at all)");
  sub->add_option("--threads", req->threads, "threads for pagerank and betweenness (default 1)")
      ->check(whole_number(1, 256));
  sub->add_option("--format", common.format, "table or json")
      ->transform(CLI::IsMember({"table", "json"}));
  sub->footer(
      "Every relation counts as directed, as stated, and parallel relations each count for "
      "PageRank and degree; betweenness counts each linked pair once, as NetworkX does. Equal "
      "scores share a rank and are listed by id.");
  return {sub, [args, req, &common] {
            take_graph(*args, 0, common);
            return run_rank(common, *req);
          }};
}

}  // namespace entente::cli

// `entente path` (DESIGN §4): how one entity is connected to another, step by step and sourced.

#include "cli.hpp"

#include <entente/entente.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

namespace entente::cli {
namespace {

// Bounds that no useful question reaches, and that keep `k + 1` and the like from overflowing.
constexpr std::size_t paths_bound = 10'000'000;
constexpr std::size_t hops_bound = 1'000'000;

// What the command line asked for, before it is checked against the graph.
struct path_request {
  std::vector<std::string> via;
  std::string direction = "any";
  std::size_t k = 1;
  bool all = false;
  std::size_t max_hops = 6;
  std::size_t limit = 1000;
  std::string min_evidence;
  std::string as_of;
  std::string as_known;
  std::string expr;
  std::string weight = "hops";
  double timeout_seconds = 30;
  bool explain = false;
};

// The entity `name` names; `role` (FROM or TO) says which argument was wrong.
entente::entity_index resolve(const entente::graph& g, const std::string& name,
                              std::string_view role) {
  require_utf8(name, role);
  // An exact id decides at once, without the name index: building that reads every name, the
  // whole of a mapped file's strings, which a path between two ids need not touch.
  if (auto e = g.find_id(name)) return *e;
  auto all = g.find_all(name);
  if (all.empty()) {
    try {
      (void)g.at(name);
    } catch (const entente::lookup_error& e) {
      throw entente::lookup_error(fmt::format("{}: {}", role, e.what()));
    }
  }
  auto chosen = g.at(name);
  if (all.size() > 1) {
    std::vector<std::string> others;
    for (auto e : all)
      if (e != chosen) others.push_back(fmt::format("{}", g.entity(e)));
    fmt::print(stderr, "entente: note: {} \"{}\" names {} entities; using {}, not {}\n", role, name,
               all.size(), g.entity(chosen), fmt::join(others, ", "));
  }
  return chosen;
}

// The constraints of a search in words, for the message that no path exists.
std::string constraints(const path_request& req, const entente::path_options& opts) {
  std::vector<std::string> parts;
  if (!req.expr.empty())
    parts.push_back(fmt::format("matching '{}'", req.expr));
  else if (opts.via.empty())
    parts.push_back("over every relation type");
  else
    parts.push_back(fmt::format("via {}", fmt::join(opts.via, ", ")));
  parts.push_back(opts.direction == entente::direction::any
                      ? "in either direction"
                      : fmt::format("direction {}", to_string(opts.direction)));
  parts.push_back(fmt::format("within {} hop{}", opts.max_hops, opts.max_hops == 1 ? "" : "s"));
  if (opts.min_evidence) parts.push_back(fmt::format("evidence at least {}", *opts.min_evidence));
  if (opts.as_of) parts.push_back(fmt::format("valid on {}", *opts.as_of));
  if (opts.as_known) parts.push_back(fmt::format("as known on {}", *opts.as_known));
  return fmt::format("{}", fmt::join(parts, ", "));
}

// Why a search stopped, with the option that would let it go further.
std::string cut_advice(const std::string& why) {
  if (why.find("hop") != std::string::npos) return why + "; raise --max-hops to look further";
  if (why.find("deadline") != std::string::npos) return why + "; raise --timeout to look further";
  if (why.find("path") != std::string::npos) return why + "; raise --limit to see more";
  return why;
}

json relation_json(const entente::graph& g, const entente::path::step& step) {
  auto r = g.relation(step.relation);
  json sources = citations_json(g, r.index());
  json out{{"from", g.entity(g.from(step.relation)).id()},
           {"type", r.type_name()},
           {"to", g.entity(g.to(step.relation)).id()},
           {"evidence", to_string(r.evidence())},
           {"reversed", step.reversed}};
  if (r.valid().since.is_set()) out["since"] = r.valid().since.to_string();
  if (r.valid().until.is_set()) out["until"] = r.valid().until.to_string();
  if (!r.attributes().empty()) out["attributes"] = attributes_json(r.attributes());
  out["sources"] = sources;
  return out;
}

// The step that is the weakest link, counted from 1.
std::size_t weakest_step(const entente::path& p, const entente::path_strength& s) {
  for (std::size_t i = 0; i < p.length(); ++i)
    if (s.weakest_relation && p.steps()[i].relation == *s.weakest_relation) return i + 1;
  return 0;
}

json path_json(const entente::path& p, const path_request& req, const std::optional<double>& cost) {
  const auto& g = p.graph();
  json nodes = json::array(), relations = json::array();
  for (auto e : p.nodes()) nodes.push_back(g.entity(e).id());
  for (const auto& step : p.steps()) relations.push_back(relation_json(g, step));
  json out{{"length", p.length()}, {"nodes", nodes}, {"relations", relations}};
  if (cost) out["cost"] = *cost;
  if (req.explain) {
    json sentences = json::array();
    for (std::size_t i = 0; i < p.length(); ++i) sentences.push_back(entente::explain_step(p, i));
    out["explanation"] = sentences;
    if (p.length() > 0) {
      auto s = entente::weakest_link(p);
      json weak{{"step", weakest_step(p, s)},
                {"evidence", to_string(s.weakest)},
                {"fewest_sources", s.fewest_sources},
                {"single_sourced", s.single_sourced}};
      if (s.oldest_since.is_set()) weak["oldest_since"] = s.oldest_since.to_string();
      out["weakest_link"] = weak;
    }
  }
  return out;
}

// The sentence `explain_step` tells for step `i`, without the citations it ends with: those are
// listed under it, one line per source, so that a step with many quotes stays readable.
std::string step_sentence(const entente::path& p, std::size_t i) {
  const auto& g = p.graph();
  std::string text = entente::explain_step(p, i);
  std::string cited;
  for (const auto& c : g.citations(p.steps()[i].relation)) {
    cited += "; " + g.source_at(c.source).id;
    if (!c.quote.empty()) cited += ": \u201c" + c.quote + "\u201d";
  }
  if (!cited.empty() && text.size() > cited.size() + 1 &&
      text.compare(text.size() - cited.size() - 1, cited.size(), cited) == 0)
    return text.substr(0, text.size() - cited.size() - 1) + ")";
  return text;
}

// One line per source a relation cites: its first quote (or its title) and how many more.
std::vector<std::string> source_lines(const entente::graph& g, entente::relation_index r) {
  std::vector<entente::source_index> order;
  std::vector<std::vector<std::string>> quotes;
  for (const auto& c : g.citations(r)) {
    auto at = std::find(order.begin(), order.end(), c.source);
    if (at == order.end()) {
      order.push_back(c.source);
      quotes.emplace_back();
      at = order.end() - 1;
    }
    if (!c.quote.empty()) quotes[static_cast<std::size_t>(at - order.begin())].push_back(c.quote);
  }
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& src = g.source_at(order[i]);
    if (quotes[i].empty()) {
      lines.push_back(src.title.empty() ? src.id : fmt::format("{}: {}", src.id, src.title));
      continue;
    }
    std::string more = quotes[i].size() == 1
                           ? ""
                           : fmt::format(" (and {} more quote{})", quotes[i].size() - 1,
                                         quotes[i].size() == 2 ? "" : "s");
    lines.push_back(fmt::format("{}: \u201c{}\u201d{}", src.id, quotes[i].front(), more));
  }
  return lines;
}

std::size_t distinct_sources(const entente::graph& g, entente::relation_index r) {
  std::vector<entente::source_index> ids;
  for (const auto& c : g.citations(r)) ids.push_back(c.source);
  std::sort(ids.begin(), ids.end());
  return static_cast<std::size_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
}

void print_explanation(const entente::path& p) {
  if (p.length() == 0) return;
  const auto& g = p.graph();
  fmt::print("\n");
  for (std::size_t i = 0; i < p.length(); ++i) {
    fmt::print("  {}. {}\n", i + 1, step_sentence(p, i));
    for (const auto& line : source_lines(g, p.steps()[i].relation)) fmt::print("       {}\n", line);
  }
  auto s = entente::weakest_link(p);
  if (s.weakest == entente::evidence::confirmed)
    fmt::print("  weakest link: none, every step is confirmed\n");
  else
    fmt::print("  weakest link: step {}, {}: {:s}\n", weakest_step(p, s), s.weakest,
               g.relation(*s.weakest_relation));
  if (!s.single_sourced) {
    fmt::print("  sources: every step rests on {} or more sources\n", s.fewest_sources);
    return;
  }
  for (std::size_t i = 0; i < p.length(); ++i) {
    auto r = p.steps()[i].relation;
    if (distinct_sources(g, r) != s.fewest_sources) continue;
    auto cites = g.citations(r);
    if (cites.empty())
      fmt::print("  sources: step {} cites no source\n", i + 1);
    else
      fmt::print("  sources: step {} rests on one source alone, {}\n", i + 1,
                 g.source_at(cites.front().source).id);
    break;
  }
}

void print_paths(const std::vector<entente::path>& paths, const path_request& req,
                 const std::vector<double>& costs) {
  bool numbered = paths.size() > 1 || req.k > 1 || req.all;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const auto& p = paths[i];
    if (i > 0 && req.explain) fmt::print("\n");
    std::string chain = p.length() == 0 ? fmt::format("{}: FROM and TO are the same entity",
                                                      p.graph().entity(p.source()))
                                        : fmt::format("{}", p);
    std::string cost = costs.empty() ? "" : fmt::format(", cost {}", costs[i]);
    if (numbered)
      fmt::print("{}. ({} hop{}{}) {}\n", i + 1, p.length(), p.length() == 1 ? "" : "s", cost,
                 chain);
    else if (!costs.empty())
      fmt::print("{}  (cost {} by {})\n", chain, costs[i], req.weight);
    else
      fmt::print("{}\n", chain);
    if (req.explain) print_explanation(p);
  }
}

entente::relation_weight weight_named(const std::string& name) {
  if (name == "evidence") return entente::by_evidence;
  if (name == "cooperation") return entente::by_cooperation;
  return entente::by_conflict;
}

int run_path(const common_options& common, const std::string& from_name, const std::string& to_name,
             const path_request& req) {
  if (!req.expr.empty() && !req.via.empty())
    throw CLI::ValidationError("--via", "--expr names the relation types itself; drop --via");
  if (req.all && req.k != 1)
    throw CLI::ValidationError("--all", "give either --all (every path) or --k N, not both");
  if (req.weight != "hops" && (req.all || req.k != 1 || !req.expr.empty()))
    throw CLI::ValidationError("--weight",
                               "a weight applies to the one cheapest path only; drop "
                               "--k, --all and --expr");

  for (const auto& type : req.via) require_utf8(type, "--via");
  require_utf8(req.expr, "--expr");
  entente::path_options opts;
  opts.via = req.via;
  opts.direction = *entente::parse_direction(req.direction);
  opts.max_hops = req.max_hops;
  opts.min_evidence = evidence_option(req.min_evidence);
  opts.as_of = date_option(req.as_of, "--as-of");
  opts.as_known = date_option(req.as_known, "--as-known");
  opts.timeout = timeout_option(req.timeout_seconds);

  auto g = load_graph(common);
  auto from = resolve(g, from_name, "FROM");
  auto to = resolve(g, to_name, "TO");

  std::optional<entente::path_expression> expr;
  if (!req.expr.empty()) {
    try {
      expr.emplace(g.schema(), req.expr);
    } catch (const entente::error& e) {
      throw entente::error(fmt::format("--expr: {}", e.what()));
    }
  }
  // Resolving the options names an unknown type in --via, with the closest names.
  std::optional<entente::path_searcher> searcher;
  try {
    searcher.emplace(g, opts);
  } catch (const entente::lookup_error& e) {
    throw entente::lookup_error(fmt::format("--via: {}", e.what()));
  }

  entente::path_result found;
  std::vector<double> costs;
  std::optional<terminal_progress> progress(std::in_place, "searching");
  if (req.weight != "hops") {
    auto weight = weight_named(req.weight);
    if (auto p = entente::weighted_shortest_path(g, from, to, weight, opts)) {
      costs.push_back(entente::path_weight(*p, weight));
      found.paths.push_back(std::move(*p));
    }
  } else if (expr) {
    // One more than asked tells whether there are more; that is no cut the user asked to see.
    opts.limit = req.all ? req.limit : req.k + 1;
    found = entente::rpq_paths(g, from, to, *expr, opts);
    if (!req.all && found.paths.size() > req.k) {
      found.paths.erase(found.paths.begin() + static_cast<std::ptrdiff_t>(req.k),
                        found.paths.end());
      found.cut = false;
    }
  } else if (req.all) {
    opts.limit = req.limit;
    found = entente::all_simple_paths(g, from, to, opts);
  } else if (req.k > 1) {
    opts.limit = req.k;
    found = entente::k_shortest_paths(g, from, to, req.k, opts);
  } else {
    if (auto p = searcher->find(from, to)) found.paths.push_back(std::move(*p));
    found.cut = searcher->cut();
    found.why_cut = searcher->why_cut();
  }
  progress.reset();  // erased before the answer is printed

  if (found.paths.empty()) {
    std::string why = found.cut ? fmt::format("; the search {}", cut_advice(found.why_cut)) : "";
    if (common.format == "json") fmt::print("[]\n");
    fmt::print(stderr, "entente: no path from {} to {} ({}){}\n", g.entity(from).name(),
               g.entity(to).name(), constraints(req, opts), why);
    return no_result;
  }

  if (common.format == "json") {
    json out = json::array();
    for (std::size_t i = 0; i < found.paths.size(); ++i)
      out.push_back(path_json(found.paths[i], req,
                              costs.empty() ? std::nullopt : std::optional<double>(costs[i])));
    fmt::print("{}\n", out.dump(2));
    if (found.cut) fmt::print(stderr, "entente: note: the search {}\n", cut_advice(found.why_cut));
    return ok;
  }
  print_paths(found.paths, req, costs);
  if (found.cut)
    fmt::print("\nnote: the search {}\n", cut_advice(found.why_cut));
  else if (req.k > 1 && found.paths.size() < req.k)
    fmt::print("\nnote: only {} path{} under these constraints\n", found.paths.size(),
               found.paths.size() == 1 ? "" : "s");
  return ok;
}

}  // namespace

command add_path_command(CLI::App& app, common_options& common) {
  auto* sub = app.add_subcommand("path", "how one entity is connected to another, step by step");
  auto args = std::make_shared<std::vector<std::string>>();
  auto req = std::make_shared<path_request>();
  sub->add_option("ARGS", *args, "[GRAPH] FROM TO (any id, name or alias, in any script)")
      ->required();
  sub->add_option("--via", req->via,
                  "relation types to follow, comma-separated; an inverse name (sanctioned_by) "
                  "follows its type backwards (default: every type)")
      ->delimiter(',');
  sub->add_option("--direction", req->direction,
                  "out: as stated (X supports Y leads from X to Y); in: backwards; any: either "
                  "way (default any)")
      ->check(CLI::IsMember({"out", "in", "any"}));
  sub->add_option("--k", req->k, "the K shortest loop-free paths, shortest first (default 1)")
      ->check(whole_number(1, paths_bound));
  sub->add_flag("--all", req->all, "every loop-free path within --max-hops, shortest first");
  sub->add_option("--max-hops", req->max_hops, "most relations in one path (default 6)")
      ->check(whole_number(0, hops_bound));
  sub->add_option("--limit", req->limit, "most paths --all prints (default 1000)")
      ->check(whole_number(1, paths_bound));
  sub->add_option("--min-evidence", req->min_evidence,
                  "follow only relations at least this sure: confirmed, reported, alleged, "
                  "speculated")
      ->check(not_empty());
  sub->add_option("--as-of", req->as_of, "follow only relations valid on this date (2024-06-19)")
      ->check(not_empty());
  sub->add_option("--as-known", req->as_known,
                  "follow only what sources published by this date said (2024-07-01)")
      ->check(not_empty());
  sub->add_option("--expr", req->expr,
                  "a regular path expression instead of --via: supports+, ^sanctions, "
                  "(supplies|aids)/allied_with*")
      ->check(not_empty());
  sub->add_option("--weight", req->weight,
                  "hops: fewest relations (default); evidence: the surest chain; cooperation: "
                  "the friendliest; conflict: the most hostile")
      ->check(CLI::IsMember({"hops", "evidence", "cooperation", "conflict"}));
  sub->add_option("--timeout", req->timeout_seconds,
                  "seconds a search may take before it stops and says so (default 30)")
      ->check(CLI::Range(0.0, max_timeout_seconds));
  sub->add_flag("--explain", req->explain,
                "tell each step as a sentence with its evidence and quoted sources, and name the "
                "weakest link");
  sub->add_option("--format", common.format, "table or json")
      ->transform(CLI::IsMember({"table", "json"}));
  sub->footer(
      "Asking how X is connected to Y, an analyst wants every tie whichever way it points, so "
      "--direction is any by default: a step walked backwards reads through its type's inverse "
      "(Ukraine is attacked by Russia). Symmetric types (allied_with) go both ways in any "
      "direction. Without --via or --expr a path may use every relation type.\n"
      "Exit codes: 0 a path was found, 1 none exists under the constraints (the message says "
      "which), 2 bad input.");
  return {sub, [args, req, &common] {
            auto rest = take_graph(*args, 2, common);
            return run_path(common, rest[0], rest[1], *req);
          }};
}

}  // namespace entente::cli

// The `entente` program: commands over a graph file (DESIGN §4).
// Exit codes: 0 ok, 1 no result where one was required, 2 bad input.

#include <entente/analysis.hpp>
#include <entente/entente.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

using json = nlohmann::ordered_json;
namespace io = entente::io;

enum exit_code { ok = 0, no_result = 1, bad_input = 2 };

// What every command shares: the graph (first positional or --graph) and the output format.
struct common_options {
  std::string graph;
  std::string format = "table";
};

// Splits a command's positionals into an optional leading GRAPH and the `wanted` others.
std::vector<std::string> take_graph(std::vector<std::string> args, std::size_t wanted,
                                    common_options& common) {
  if (args.size() == wanted + 1) {
    if (!common.graph.empty())
      throw CLI::ValidationError("GRAPH", "given both as an argument and with --graph");
    common.graph = args.front();
    args.erase(args.begin());
  }
  if (args.size() != wanted)
    throw CLI::ValidationError(fmt::format("expected [GRAPH] and {} more argument{}, got {}",
                                           wanted, wanted == 1 ? "" : "s", args.size()));
  return args;
}

entente::graph load_graph(const common_options& common,
                          entente::validation mode = entente::validation::strict) {
  auto path = common.graph.empty() ? io::bundled_graph_path() : std::filesystem::path(common.graph);
  return io::load(path, mode);
}

json value_json(const entente::value& v) {
  return std::visit(
      [](const auto& x) -> json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return nullptr;
        else if constexpr (std::is_same_v<T, entente::date>)
          return x.to_string();
        else
          return x;
      },
      v);
}

json attributes_json(const entente::attributes& attrs) {
  json out = json::object();
  for (const auto& [key, v] : attrs) out[key] = value_json(v);
  return out;
}

// Prints rows of cells as left-aligned columns as wide as their widest cell, without trailing
// spaces; each row may carry lines printed under it (its sources).
// Columns on a terminal: one per code point, two for East Asian wide ones (Hangul, CJK).
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    int len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? lead : lead & (0x3F >> (len - 1));
    for (int k = 1; k < len && i + k < text.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
    width += wide ? 2 : 1;
    i += static_cast<std::size_t>(len);
  }
  return width;
}

struct table_row {
  std::vector<std::string> cells;
  std::vector<std::string> notes;
};

void print_table(const std::vector<table_row>& rows, std::string_view indent) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], display_width(row.cells[c]));
    }
  for (const auto& row : rows) {
    std::string line(indent);
    for (std::size_t c = 0; c < row.cells.size(); ++c)
      line += row.cells[c] + (c + 1 == row.cells.size()
                                  ? ""
                                  : std::string(widths[c] - display_width(row.cells[c]) + 2, ' '));
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line);
    for (const auto& note : row.notes) fmt::print("{}    {}\n", indent, note);
  }
}

// ---- stats ----------------------------------------------------------------------------------

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

// ---- show -----------------------------------------------------------------------------------

json relation_json(const entente::graph& g, const entente::adjacency_entry& a, bool outgoing) {
  auto r = g.relation(a.relation);
  auto other = g.entity(a.other);
  json out{{"type", r.type_name()},
           {outgoing ? "to" : "from", other.id()},
           {outgoing ? "to_name" : "from_name", other.name()},
           {"evidence", to_string(r.evidence())}};
  if (r.valid().since.is_set()) out["since"] = r.valid().since.to_string();
  if (r.valid().until.is_set()) out["until"] = r.valid().until.to_string();
  json sources = json::array();
  for (const auto& c : r.citations()) {
    const auto& src = g.source_at(c.source);
    json cite{{"id", src.id}, {"title", src.title}};
    if (!c.quote.empty()) cite["quote"] = c.quote;
    sources.push_back(cite);
  }
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

// ---- check ----------------------------------------------------------------------------------

json relation_ref_json(const entente::graph& g, entente::relation_index r) {
  json sources = json::array();
  for (const auto& c : g.citations(r)) sources.push_back(g.source_at(c.source).id);
  return {{"from", g.entity(g.from(r)).id()},
          {"type", g.relation(r).type_name()},
          {"to", g.entity(g.to(r)).id()},
          {"evidence", to_string(g.evidence(r))},
          {"sources", sources}};
}

std::string source_list(const entente::graph& g, const std::vector<entente::source_index>& ids) {
  std::vector<std::string> names;
  for (auto s : ids) names.push_back(g.source_at(s).id);
  return names.empty() ? "no source" : fmt::format("{}", fmt::join(names, ", "));
}

// Loads leniently, so that a graph breaking its schema can still be examined.
int run_check(const common_options& common) {
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

int main(int argc, char** argv) {
  CLI::App app{"entente: questions about a knowledge graph of world affairs"};
  app.require_subcommand(1);
  app.fallthrough();  // options of the program (--graph) may follow the command
  common_options common;
  app.add_option("--graph", common.graph,
                 "a .kg.json or .kga file, or a folder with entities.tsv and relations.tsv "
                 "(default: the bundled knowledge base)");
  auto formats = CLI::IsMember({"table", "json"});

  std::vector<std::string> stats_args;
  auto* stats = app.add_subcommand("stats", "counts of entities, relations, evidence and sources");
  stats->add_option("GRAPH", stats_args, "the graph");
  stats->add_option("--format", common.format, "table or json")->transform(formats);

  std::vector<std::string> show_args;
  auto* show = app.add_subcommand("show", "an entity card: kind, aliases, relations in and out");
  show->add_option("ARGS", show_args, "[GRAPH] NAME (any alias, in any script)")->required();
  show->add_option("--format", common.format, "table or json")->transform(formats);

  auto* check = app.add_subcommand(
      "check", "schema violations, relations without a source, contradictions between sources");
  std::vector<std::string> check_args;
  check->add_option("GRAPH", check_args, "the graph");
  check->add_option("--format", common.format, "table or json")->transform(formats);

  // Name an unknown command plainly, with the closest ones, rather than "a subcommand is required".
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--graph") {
      ++i;
      continue;
    }
    if (arg.starts_with("-")) continue;
    std::vector<std::string> commands;
    for (const auto* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
    if (std::find(commands.begin(), commands.end(), arg) == commands.end()) {
      auto near = entente::schema::closest(arg, commands);
      fmt::print(stderr, "entente: unknown command '{}'{}; the commands are {}\n", arg,
                 near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near.front()),
                 fmt::join(commands, ", "));
      return bad_input;
    }
    break;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? ok : bad_input;
  }

  try {
    if (*stats) {
      take_graph(stats_args, 0, common);
      return run_stats(common);
    }
    if (*check) {
      take_graph(check_args, 0, common);
      return run_check(common);
    }
    auto args = take_graph(show_args, 1, common);
    return run_show(common, args[0]);
  } catch (const CLI::Error& e) {
    fmt::print(stderr, "entente: {}\n", e.what());
    return bad_input;
  } catch (const entente::error& e) {
    fmt::print(stderr, "entente: {}\n", e.what());
    return bad_input;
  } catch (const std::exception& e) {
    fmt::print(stderr, "entente: internal error: {}\n", e.what());
    return bad_input;
  }
}

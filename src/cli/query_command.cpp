// `entente query` (DESIGN §4): runs an openCypher query and prints its rows.

#include "cli.hpp"

#include <entente/entente.hpp>
#include <entente/io/load.hpp>
#include <entente/query.hpp>

#include <fmt/core.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace entente::cli {
namespace {

struct query_args {
  std::vector<std::string> positionals;
  std::string file;  // the query's text from a file ("-": standard input)
  std::vector<std::string> params;
  std::optional<std::size_t> limit;
  // A query of the program never hangs: variable-length patterns can be exponential.
  std::optional<double> timeout_seconds = 60;
  std::string min_evidence, as_of, as_known;
  // Writing: save the changed graph back; cite and declare sources.
  bool write = false;
  std::vector<std::string> cite;
  std::string source, source_title, source_publisher, source_published, source_url;
  std::string stats;  // where to write the side effects, as the openCypher TCK counts them
};

json entity_json(const entity& e) {
  return {{"id", e.id()},
          {"kind", e.kind_name()},
          {"name", e.name()},
          {"properties", attributes_json(e.attributes())}};
}

json relation_json(const graph& g, relation_index r) {
  auto out = relation_ref_json(g, r);
  out["properties"] = attributes_json(g.relation_attributes(r));
  return out;
}

json to_json(const query_value& v) {
  return std::visit(
      [](const auto& x) -> json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return nullptr;
        } else if constexpr (std::is_same_v<T, double>) {
          // JSON has no NaN or infinity; write them as their Cypher names.
          if (!std::isfinite(x)) return to_string(query_value(x));
          return x;
        } else if constexpr (std::is_same_v<T, query_value::list>) {
          json out = json::array();
          for (const auto& item : x) out.push_back(to_json(item));
          return out;
        } else if constexpr (std::is_same_v<T, query_value::map>) {
          json out = json::object();
          for (const auto& [k, item] : x) out[k] = to_json(item);
          return out;
        } else if constexpr (std::is_same_v<T, entity>) {
          return entity_json(x);
        } else if constexpr (std::is_same_v<T, relation>) {
          return relation_json(x.graph(), x.index());
        } else if constexpr (std::is_same_v<T, path>) {
          json nodes = json::array(), relations = json::array(), entities = json::array();
          for (auto e : x.nodes()) {
            nodes.push_back(x.graph().entity(e).id());
            entities.push_back(entity_json(x.graph().entity(e)));
          }
          for (auto r : x.relations()) relations.push_back(relation_json(x.graph(), r));
          return {{"length", x.length()},
                  {"nodes", nodes},
                  {"relations", relations},
                  {"entities", entities}};
        } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> ||
                             std::is_same_v<T, std::string>) {
          return x;
        } else {
          return temporal::to_string(x);  // dates, times and durations as ISO 8601 text
        }
      },
      v.get());
}

// A cell of a table or TSV line: strings as they are, everything else as a Cypher literal.
std::string cell(const query_value& v, bool tsv) {
  if (tsv && v.is_null()) return "";
  if (!v.is_string()) return to_string(v);
  if (!tsv) return v.as_string();
  std::string out;
  for (char c : v.as_string()) {
    if (c == '\t')
      out += "\\t";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\\')
      out += "\\\\";
    else
      out += c;
  }
  return out;
}

// What the query probably got wrong though it ran (a property nothing has), on standard error.
void print_warnings(const result_set& rows) {
  for (const auto& w : rows.warnings()) fmt::print(stderr, "entente: warning: {}\n", w);
}

void print_rows(const result_set& rows, const std::string& format) {
  if (format == "json") {
    json out = json::array();
    for (const auto& r : rows) {
      json object = json::object();
      for (std::size_t c = 0; c < r.size(); ++c) object[rows.columns()[c]] = to_json(r[c]);
      out.push_back(std::move(object));
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  if (format == "tsv") {
    std::string header;
    for (std::size_t c = 0; c < rows.columns().size(); ++c)
      header += (c ? "\t" : "") + rows.columns()[c];
    fmt::print("{}\n", header);
    for (const auto& r : rows) {
      std::string line;
      for (std::size_t c = 0; c < r.size(); ++c) line += (c ? "\t" : "") + cell(r[c], true);
      fmt::print("{}\n", line);
    }
    return;
  }
  std::vector<table_row> table;
  table.push_back({rows.columns(), {}});
  table.push_back({});  // the rule under the header, as wide as each column
  std::vector<std::size_t> widths;
  for (const auto& c : rows.columns()) widths.push_back(std::max<std::size_t>(display_width(c), 1));
  for (const auto& r : rows) {
    table_row line;
    for (std::size_t c = 0; c < r.size(); ++c) {
      line.cells.push_back(cell(r[c], false));
      widths[c] = std::max(widths[c], display_width(line.cells.back()));
    }
    table.push_back(std::move(line));
  }
  for (auto w : widths) table[1].cells.emplace_back(w, '-');
  print_table(table, "");
  fmt::print("({} row{})\n", rows.size(), rows.size() == 1 ? "" : "s");
}

// `--file PATH`: a query too long for the command line (Linux takes 128 KiB an argument), such
// as a graph exported to Cypher.
std::string query_text_from(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw CLI::ValidationError("--file", "cannot read '" + path + "'");
    text << in.rdbuf();
  }
  return text.str();
}

// `--cite ID[:QUOTE]`.
citation_spec citation_option(const std::string& text) {
  require_utf8(text, "--cite");
  auto colon = text.find(':');
  citation_spec c{text.substr(0, colon), colon == std::string::npos ? "" : text.substr(colon + 1),
                  std::nullopt};
  if (c.source.empty())
    throw CLI::ValidationError("--cite", "'" + text + "' names no source: give ID or ID:QUOTE");
  return c;
}

// `--source ID` with its title, publisher, date and address: added to the graph unless a source
// of that id is there already; one that differs is refused. Returns whether it was added.
bool declare_source(graph& g, const query_args& args) {
  if (args.source.empty()) {
    if (!args.source_title.empty() || !args.source_publisher.empty() ||
        !args.source_published.empty() || !args.source_url.empty())
      throw CLI::ValidationError("--source", "the details of a source need its --source ID");
    return false;
  }
  for (const auto* text :
       {&args.source, &args.source_title, &args.source_publisher, &args.source_url})
    require_utf8(*text, "--source");
  source_info s{args.source, args.source_title, args.source_publisher,
                date_option(args.source_published, "--source-published").value_or(date()),
                args.source_url};
  if (auto existing = g.find_source(s.id)) {
    const auto& old = g.source_at(*existing);
    bool same = (s.title.empty() || s.title == old.title) &&
                (s.publisher.empty() || s.publisher == old.publisher) &&
                (!s.published.is_set() || s.published == old.published) &&
                (s.url.empty() || s.url == old.url);
    if (!same)
      throw CLI::ValidationError(
          "--source", "source '" + s.id + "' is in the graph already with other details");
    return false;
  }
  g.add_source(std::move(s));
  return true;
}

int run_query(common_options& common, const query_args& args) {
  auto rest = take_graph(args.positionals, args.file.empty() ? 1 : 0, common);
  if (!args.file.empty()) rest.push_back(query_text_from(args.file));
  query_options opts;
  for (const auto& p : args.params) {
    require_utf8(p, "--param");
    try {
      auto [name, value] = parse_parameter(p);
      opts.parameters[name] = std::move(value);
    } catch (const parse_error& e) {
      throw CLI::ValidationError("--param", e.what());
    }
  }
  opts.max_rows = args.limit;
  opts.min_evidence = evidence_option(args.min_evidence);
  opts.as_of = date_option(args.as_of, "--as-of");
  opts.as_known = date_option(args.as_known, "--as-known");
  if (args.timeout_seconds) opts.timeout = timeout_option(*args.timeout_seconds);
  for (const auto& c : args.cite) opts.cite.push_back(citation_option(c));
  if (!args.write && (!opts.cite.empty() || !args.source.empty()))
    throw CLI::ValidationError(!opts.cite.empty() ? "--cite" : "--source",
                               "only a query run with --write changes the graph");
  if (args.write && common.graph.empty())
    throw CLI::ValidationError("--write",
                               "needs a GRAPH to save to (the bundled one is read-only)");
  auto q = cypher::parse(rest[0]);
  if (q.writes() && !args.write) {
    const auto* first = &q.clauses.front();
    for (const auto& c : q.clauses)
      if (c.writes()) {
        first = &c;
        break;
      }
    throw error(fmt::format(
        "the query changes the graph ({} at line {}, column {}): add --write to save the change "
        "to {}",
        first->keyword(), first->position.line, first->position.column,
        common.graph.empty() ? "a GRAPH" : common.graph));
  }
  if (!args.write) {
    auto g = load_graph(common);
    auto rows = [&] {
      terminal_progress progress("running the query");
      return query(std::as_const(g), q, opts);
    }();
    if (!args.stats.empty()) {
      auto same = take_census(g);
      write_json_file(args.stats, side_effects_json(same, same, rows.changes()), "--stats");
    }
    print_rows(rows, common.format);
    print_warnings(rows);
    if (rows.cut()) {
      fmt::print(stderr, "entente: the result is incomplete: {}\n", rows.why_cut());
      return bad_input;
    }
    return ok;
  }
  // Locked from before the load until after the save: another writer waits for this one.
  std::filesystem::path path(common.graph);
  io::graph_lock lock(path);
  auto g = load_graph(common);
  bool source_added = declare_source(g, args);
  graph_census before;
  if (!args.stats.empty()) before = take_census(g);
  auto rows = [&] {
    terminal_progress progress("running the query");
    return query(g, q, opts);
  }();
  json effects;
  if (!args.stats.empty()) effects = side_effects_json(before, take_census(g), rows.changes());
  if (rows.changes().any() || source_added) {
    terminal_progress progress("saving " + path.filename().string());
    io::save(g, path);
  }
  // Written once the change is saved, so that the file never reports one that was not.
  if (!args.stats.empty()) write_json_file(args.stats, effects, "--stats");
  print_rows(rows, common.format);
  print_warnings(rows);
  auto summary = to_string(rows.changes());
  if (source_added) summary = "1 source declared, " + summary;
  fmt::print(stderr, "entente: {}: {}\n", common.graph, summary);
  if (rows.cut()) {
    fmt::print(stderr, "entente: the result is incomplete: {}\n", rows.why_cut());
    return bad_input;
  }
  return ok;
}

}  // namespace

command add_query_command(CLI::App& app, common_options& common) {
  auto* sub = app.add_subcommand("query", "run an openCypher query (see README: the subset)");
  auto args = std::make_shared<query_args>();
  sub->add_option("ARGS", args->positionals, "[GRAPH] 'CYPHER' (or [GRAPH] with --file)");
  sub->add_option("--file", args->file, "read the query from this file ('-': standard input)")
      ->check(not_empty());
  sub->add_option("--param", args->params, "a query parameter NAME=VALUE (VALUE in JSON or text)")
      ->allow_extra_args(false);
  sub->add_option("--format", common.format, "table, tsv or json")
      ->transform(CLI::IsMember({"table", "tsv", "json"}));
  sub->add_option("--limit", args->limit, "stop after this many rows (exit 2 when cut)")
      ->check(whole_number(0, std::numeric_limits<std::uint32_t>::max()));
  sub->add_option("--timeout", args->timeout_seconds,
                  "stop after this many seconds and say so, exit 2 (default 60)")
      ->check(CLI::Range(0.0, max_timeout_seconds));
  sub->add_option("--min-evidence", args->min_evidence,
                  "only relations at least this sure (speculated, alleged, reported, confirmed)")
      ->check(not_empty());
  sub->add_option("--as-of", args->as_of, "only relations valid at this date (YYYY[-MM[-DD]])")
      ->check(not_empty());
  sub->add_option("--as-known", args->as_known,
                  "only what sources published by this date said (YYYY[-MM[-DD]])")
      ->check(not_empty());
  sub->add_flag("--write", args->write,
                "let the query change the graph (CREATE, MERGE, SET, REMOVE, DELETE) and save it "
                "back to GRAPH, all or nothing");
  sub->add_option("--cite", args->cite,
                  "with --write: cite source ID (with QUOTE) on every relation the query creates")
      ->type_name("ID[:QUOTE]")
      ->allow_extra_args(false);  // one value each time, so the query after it stays the query
  sub->add_option("--source", args->source,
                  "with --write: declare source document ID first (unless the graph has it)")
      ->check(not_empty());
  sub->add_option("--source-title", args->source_title, "the title of --source");
  sub->add_option("--source-publisher", args->source_publisher, "the publisher of --source");
  sub->add_option("--source-published", args->source_published,
                  "when --source was published (YYYY[-MM[-DD]])")
      ->check(not_empty());
  sub->add_option("--source-url", args->source_url, "the address of --source");
  sub->add_option("--stats", args->stats,
                  "write what the query changed to this file, in JSON, counted as the openCypher "
                  "TCK counts side effects (+nodes, -labels, +properties...)")
      ->check(not_empty());
  return {sub, [args, &common] { return run_query(common, *args); }};
}

}  // namespace entente::cli

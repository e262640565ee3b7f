// `entente query` (DESIGN §4): runs an openCypher query and prints its rows.

#include "cli.hpp"

#include <entente/entente.hpp>
#include <entente/query.hpp>

#include <fmt/core.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace entente::cli {
namespace {

struct query_args {
  std::vector<std::string> positionals;
  std::vector<std::string> params;
  std::optional<std::size_t> limit;
  // A query of the program never hangs: variable-length patterns can be exponential.
  std::optional<double> timeout_seconds = 60;
  std::string min_evidence, as_of, as_known;
};

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
          return {{"id", x.id()}, {"kind", x.kind_name()}, {"name", x.name()}};
        } else if constexpr (std::is_same_v<T, relation>) {
          return relation_ref_json(x.graph(), x.index());
        } else if constexpr (std::is_same_v<T, path>) {
          json nodes = json::array(), relations = json::array();
          for (auto e : x.nodes()) nodes.push_back(x.graph().entity(e).id());
          for (auto r : x.relations()) relations.push_back(relation_ref_json(x.graph(), r));
          return {{"length", x.length()}, {"nodes", nodes}, {"relations", relations}};
        } else {
          return x;
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

int run_query(common_options& common, const query_args& args) {
  auto rest = take_graph(args.positionals, 1, common);
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
  auto g = load_graph(common);
  auto rows = [&] {
    terminal_progress progress("running the query");
    return query(g, rest[0], opts);
  }();
  print_rows(rows, common.format);
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
  sub->add_option("ARGS", args->positionals, "[GRAPH] 'CYPHER'")->required();
  sub->add_option("--param", args->params, "a query parameter NAME=VALUE (VALUE in JSON or text)");
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
  return {sub, [args, &common] { return run_query(common, *args); }};
}

}  // namespace entente::cli

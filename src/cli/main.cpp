// The `entente` program: commands over a graph file (DESIGN §4), one file per command.
// Exit codes: 0 ok, 1 no result where one was required, 2 bad input.

#include "cli.hpp"

#include <entente/error.hpp>
#include <entente/schema.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

using namespace entente::cli;

int main(int argc, char** argv) {
  CLI::App app{"entente: questions about a knowledge graph of world affairs"};
  app.require_subcommand(1);
  app.fallthrough();  // options of the program (--graph) may follow the command
  common_options common;
  app.add_option("--graph", common.graph,
                 "a graph in any format entente reads (.kg.json, .kga, .kgm, .graphml, .nt, "
                 ".ttl, a TSV or CSV folder; default: the bundled knowledge base)");

  const std::vector<command> commands = {
      add_stats_command(app, common),   add_show_command(app, common),
      add_check_command(app, common),   add_path_command(app, common),
      add_rank_command(app, common),    add_query_command(app, common),
      add_convert_command(app, common), add_render_command(app, common),
      add_merge_command(app, common),  add_ingest_command(app, common),
  };

  // Name an unknown command plainly, with the closest ones, rather than "a subcommand is required".
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--graph") {
      ++i;
      continue;
    }
    if (arg.starts_with("-")) continue;
    std::vector<std::string> names;
    for (const auto& c : commands) names.push_back(c.app->get_name());
    if (std::find(names.begin(), names.end(), arg) == names.end()) {
      auto near = entente::schema::closest(arg, names);
      fmt::print(stderr, "entente: unknown command '{}'{}; the commands are {}\n", arg,
                 near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near.front()),
                 fmt::join(names, ", "));
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
    for (const auto& c : commands)
      if (*c.app) return c.run();
    return bad_input;
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

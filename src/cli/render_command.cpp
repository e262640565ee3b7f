// `entente render` (DESIGN §4): a picture of the entities around one or more others, drawn by
// Graphviz's `dot`, or the DOT text itself.

#include "cli.hpp"

#include <entente/analysis.hpp>
#include <entente/entente.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

extern char** environ;

namespace entente::cli {
namespace {

namespace fs = std::filesystem;

struct render_request {
  std::vector<std::string> focus;
  std::size_t hops = 2;
  std::string output;
  view_filters filters;
  bool evidence_labels = false;
  std::size_t max_entities = 1000;
};

// The `dot -T` format for a picture file, or "" for DOT text itself.
std::string picture_format(const fs::path& file) {
  auto ext = file.extension().string();
  if (ext == ".dot" || ext == ".gv") return "";
  if (ext == ".svg" || ext == ".png" || ext == ".pdf") return ext.substr(1);
  throw CLI::ValidationError("-o", fmt::format("'{}': the picture's extension is .svg, .png, .pdf, "
                                               "or .dot/.gv for the DOT text",
                                               file.string()));
}

// Runs `dot -T<format> -o <file>` with `text` on its standard input. Graphviz writes into a
// file beside `file` that replaces it only once drawn, so a failure leaves no half picture.
void draw_with_dot(const std::string& text, const std::string& format, const fs::path& file) {
  const fs::path partial = file.string() + ".partial";
  int input[2];
  if (::pipe(input) != 0)
    throw entente::io_error(fmt::format("cannot run dot: {}", std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO);
  posix_spawn_file_actions_addclose(&actions, input[1]);
  std::string type = "-T" + format, target = partial.string();
  char dot_name[] = "dot", o_flag[] = "-o";
  char* argv[] = {dot_name, type.data(), o_flag, target.data(), nullptr};
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(input[0]);
  if (spawned != 0) {
    ::close(input[1]);
    if (spawned == ENOENT)
      throw entente::io_error(
          "Graphviz's dot is not on PATH: install it (apt-get install graphviz), or write the "
          "DOT text with -o picture.dot");
    throw entente::io_error(fmt::format("cannot run dot: {}", std::strerror(spawned)));
  }
  // dot may stop reading early (a bad format); its exit status says so, not a SIGPIPE here.
  std::signal(SIGPIPE, SIG_IGN);
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = ::write(input[1], text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(input[1]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  std::error_code ec;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fs::remove(partial, ec);
    throw entente::io_error(fmt::format("dot could not draw {} (exit status {})", file.string(),
                                        WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  }
  fs::rename(partial, file, ec);
  if (ec) {
    std::error_code ignored;  // the rename's error is the one to tell
    fs::remove(partial, ignored);
    throw entente::io_error(fmt::format("{}: cannot save: {}", file.string(), ec.message()));
  }
}

int run_render(const common_options& common, const render_request& req) {
  const fs::path file = req.output;
  const std::string format = picture_format(file);
  if (std::error_code ec; fs::is_directory(file, ec))
    throw CLI::ValidationError(
        "-o", fmt::format("'{}' is a folder; name the picture's file", file.string()));
  for (const auto& name : req.focus) require_utf8(name, "--focus");
  auto g = load_graph(common);
  const auto v = filtered_view(g, req.filters);

  std::vector<entity_index> shown, centres;
  std::vector<char> taken(g.num_entities(), 0);
  for (const auto& name : req.focus) {
    const entity_index centre = g.at(name);
    centres.push_back(centre);
    for (entity_index e : entente::neighbourhood(v, centre, req.hops))
      if (!taken[e]) {
        taken[e] = 1;
        shown.push_back(e);
      }
  }
  if (req.focus.empty())
    for (auto [it, end] = vertices(v); it != end; ++it) shown.push_back(*it);
  if (shown.size() > req.max_entities)
    throw CLI::ValidationError(fmt::format(
        "the picture would hold {} entities, more than --max-entities {}: narrow it with "
        "--focus, --hops or --via, or raise --max-entities",
        shown.size(), req.max_entities));

  const auto picture = entente::subgraph(v, shown);
  entente::io::dot_options opts;
  opts.evidence_in_labels = req.evidence_labels;
  for (entity_index c : centres)
    if (auto drawn = picture.find_id(g.entity(c).id())) opts.focus.push_back(*drawn);
  if (!centres.empty()) {
    std::vector<std::string_view> names;
    for (entity_index c : centres) names.push_back(g.entity(c).name());
    opts.title = fmt::format("Within {} relation{} of {}", req.hops, req.hops == 1 ? "" : "s",
                             fmt::join(names, ", "));
  }
  if (format.empty()) {
    entente::io::save_dot(picture, file, opts);
  } else {
    terminal_progress progress("drawing with dot");
    draw_with_dot(entente::io::write_dot(picture, opts), format, file);
  }
  fmt::print(stderr, "entente: drew {} entit{} and {} relation{} in {}\n", picture.num_entities(),
             picture.num_entities() == 1 ? "y" : "ies", picture.num_relations(),
             picture.num_relations() == 1 ? "" : "s", file.string());
  return ok;
}

}  // namespace

command add_render_command(CLI::App& app, common_options& common) {
  auto* sub = app.add_subcommand("render", "a picture of the entities around one or more others");
  auto args = std::make_shared<std::vector<std::string>>();
  auto req = std::make_shared<render_request>();
  sub->add_option("GRAPH", *args, "the graph");
  sub->add_option("--focus", req->focus,
                  "draw what lies around this entity (any name or alias); repeat for several; "
                  "without it, the whole graph");
  sub->add_option("--hops", req->hops, "how many relations away from the focus (default 2)")
      ->check(whole_number(0, 20));
  sub->add_option("-o,--output", req->output, "the picture: .svg, .png or .pdf, or .dot for DOT")
      ->required();
  add_view_filters(sub, req->filters, "draw");
  sub->add_flag("--evidence-labels", req->evidence_labels,
                "write each relation's evidence level beside its type");
  sub->add_option("--max-entities", req->max_entities,
                  "refuse pictures with more entities than this (default 1000)")
      ->check(whole_number(1, std::numeric_limits<std::uint32_t>::max()));
  sub->footer(
      "Solid lines are confirmed, dashed reported, dotted alleged or speculated, grey denied; "
      "green is cooperation, red conflict. Hovering over a relation in an SVG shows its sources "
      "and quotes. Pictures are drawn by Graphviz's dot, which must be on PATH.");
  return {sub, [args, req, &common] {
            take_graph(*args, 0, common);
            return run_render(common, *req);
          }};
}

}  // namespace entente::cli

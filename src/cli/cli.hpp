#pragma once
// What the commands of the `entente` program share: the graph argument, loading, exit codes,
// JSON of values and aligned tables.

#include <entente/graph.hpp>
#include <entente/progress.hpp>
#include <entente/query.hpp>
#include <entente/view.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace entente::cli {

using json = nlohmann::ordered_json;

enum exit_code { ok = 0, no_result = 1, bad_input = 2 };

// What every command shares: the graph (first positional or --graph) and the output format.
struct common_options {
  std::string graph;
  std::string format = "table";
};

// A registered command: its CLI11 subcommand and what runs it once the line is parsed.
struct command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// Splits a command's positionals into an optional leading GRAPH and the `wanted` others.
std::vector<std::string> take_graph(std::vector<std::string> args, std::size_t wanted,
                                    common_options& common);

// A progress line on standard error while long work runs, when standard error is a terminal:
// drawn once the work has taken half a second, redrawn at most ten times a second, erased at
// the end. Work that reports through `callback()` shows how far it has come; until it reports
// (or when it cannot: parsing JSON, writing an export, a query), the line shows `task` and the
// seconds spent. Elsewhere (a pipe, a log file) it prints nothing.
class terminal_progress {
 public:
  explicit terminal_progress(std::string task);
  terminal_progress(const terminal_progress&) = delete;
  terminal_progress& operator=(const terminal_progress&) = delete;
  ~terminal_progress();
  // What to hand to the work; valid while this object lives.
  [[nodiscard]] entente::progress_callback callback();

 private:
  void show(const entente::progress_report& report);
  void tick();
  void draw(const std::string& text);  // with mutex_ held

  std::string task_;
  bool on_terminal_;
  bool drawn_ = false;
  bool done_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;      // last drawn
  std::chrono::steady_clock::time_point reported_;  // last report from the work
  std::mutex mutex_;
  std::condition_variable stopping_;
  std::thread ticker_;
};

// The graph named by `common` (the bundled knowledge base when none is named).
entente::graph load_graph(const common_options& common,
                          entente::validation mode = entente::validation::strict);

json value_json(const entente::value& v);
json attributes_json(const entente::attributes& attrs);
// A relation in short: `{"from", "type", "to", "evidence", "sources": [ids]}`.
json relation_ref_json(const entente::graph& g, entente::relation_index r);
// A relation's citations: `[{"id", "title", "quote"}]`, the quote only when there is one.
json citations_json(const entente::graph& g, entente::relation_index r);

// The state of a graph that the openCypher TCK compares to tell a query's side effects: entity
// ids, the labels in use, and each property as text, each list sorted (`query --stats`).
struct graph_census {
  std::vector<std::string> entities, labels, properties;
};
graph_census take_census(const entente::graph& g);
// `{"+nodes": n, "-nodes": n, "+relationships", "-relationships", "+labels", "-labels",
// "+properties", "-properties"}` between two censuses of one graph.
json side_effects_json(const graph_census& before, const graph_census& after,
                       const entente::write_summary& changes);
// Writes `value` to the file `path` names, for `option` (`--stats`), which errors name.
void write_json_file(const std::string& path, const json& value, std::string_view option);

// Columns on a terminal: one per code point, two for East Asian wide ones (Hangul, CJK).
std::size_t display_width(std::string_view text);

struct table_row {
  std::vector<std::string> cells;
  std::vector<std::string> notes;
};

// Prints rows of cells as left-aligned columns as wide as their widest cell, without trailing
// spaces; each row may carry lines printed under it (its sources).
void print_table(const std::vector<table_row>& rows, std::string_view indent);

// Refuses text that is not UTF-8 (names, types, expressions and parameters are text; a file
// name may be any bytes), saying `what` it is and where the first bad byte is, the text shown
// with its bad bytes as \xHH.
void require_utf8(std::string_view text, std::string_view what);

// A whole number from `least` to `most`, checked on the text: CLI11 would read "-1" into an
// unsigned option as a huge number.
CLI::Validator whole_number(std::size_t least, std::size_t most);
// Refuses an empty value: `--as-of ""` would otherwise read as no option at all.
CLI::Validator not_empty();
// The most seconds a `--timeout` may give: a day and more is no budget, and seconds far beyond
// it would overflow the clock's nanoseconds.
inline constexpr double max_timeout_seconds = 1e6;
// `--timeout S` as a duration; NaN passes CLI11's range check, so it is refused here.
std::chrono::steady_clock::duration timeout_option(double seconds);
// `--min-evidence TEXT`: nothing when empty; an unknown level names the levels.
std::optional<entente::evidence> evidence_option(const std::string& text);
// `OPTION TEXT` as a date: nothing when empty; a bad date says what and where.
std::optional<entente::date> date_option(const std::string& text, std::string_view option);

// `--via`, `--min-evidence`, `--as-of` and `--as-known`: which relations a command looks at.
struct view_filters {
  std::vector<std::string> via;
  std::string min_evidence;
  std::string as_of;
  std::string as_known;
};
// Adds the four options to `sub`; `verb` says what the command does with what passes
// ("count", "draw", "keep").
void add_view_filters(CLI::App* sub, view_filters& filters, std::string_view verb);
// The view of `g` the options ask for; an unknown relation type names `--via` and the closest.
entente::view filtered_view(const entente::graph& g, const view_filters& filters);

// A command whose only argument is an optional GRAPH, printed as a table or as JSON.
command add_graph_command(CLI::App& app, common_options& common, const std::string& name,
                          const std::string& description, int (*run)(const common_options& common));

// The commands, each in its own file.
command add_stats_command(CLI::App& app, common_options& common);
command add_show_command(CLI::App& app, common_options& common);
command add_check_command(CLI::App& app, common_options& common);
command add_path_command(CLI::App& app, common_options& common);
command add_rank_command(CLI::App& app, common_options& common);
command add_query_command(CLI::App& app, common_options& common);
command add_convert_command(CLI::App& app, common_options& common);
command add_render_command(CLI::App& app, common_options& common);
command add_merge_command(CLI::App& app, common_options& common);
command add_ingest_command(CLI::App& app, common_options& common);

}  // namespace entente::cli

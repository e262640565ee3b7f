// What the commands of the `entente` program share (see cli.hpp).

#include "cli.hpp"

#include <entente/entente.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>

#include <unistd.h>

namespace entente::cli {

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

terminal_progress::terminal_progress(std::string task)
    : task_(std::move(task)),
      on_terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_),
      reported_(start_) {
  if (on_terminal_) ticker_ = std::thread([this] { tick(); });
}

terminal_progress::~terminal_progress() {
  {
    std::lock_guard lock(mutex_);
    done_ = true;
    if (drawn_) fmt::print(stderr, "\r\x1b[K");
  }
  stopping_.notify_one();
  if (ticker_.joinable()) ticker_.join();
}

entente::progress_callback terminal_progress::callback() {
  if (!on_terminal_) return {};
  return [this](const entente::progress_report& report) { show(report); };
}

void terminal_progress::show(const entente::progress_report& report) {
  using namespace std::chrono_literals;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  reported_ = now;
  if (now - start_ < 500ms || (drawn_ && now - last_ < 100ms)) return;
  if (report.total == 0)
    draw(fmt::format("{} {}", report.task, report.done));
  else
    draw(fmt::format("{} {:3}%", report.task, report.done * 100 / report.total));
}

// Shows the seconds spent while the work says nothing, so a long step still shows it is alive.
void terminal_progress::tick() {
  using namespace std::chrono_literals;
  std::unique_lock lock(mutex_);
  while (!stopping_.wait_for(lock, 200ms, [this] { return done_; })) {
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ < 500ms || now - reported_ < 500ms) continue;
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - start_).count();
    draw(fmt::format("{} … {} s", task_, seconds));
  }
}

void terminal_progress::draw(const std::string& text) {
  last_ = std::chrono::steady_clock::now();
  drawn_ = true;
  fmt::print(stderr, "\r\x1b[Kentente: {}", text);
  std::fflush(stderr);
}

entente::graph load_graph(const common_options& common, entente::validation mode) {
  auto path = common.graph.empty() ? entente::io::bundled_graph_path()
                                   : std::filesystem::path(common.graph);
  terminal_progress progress("reading " + path.filename().string());
  return entente::io::load(path, mode, progress.callback());
}

json value_json(const entente::value& v) {
  return std::visit(
      [](const auto& x) -> json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return nullptr;
        else if constexpr (std::is_same_v<T, entente::date>)
          return x.to_string();
        else if constexpr (std::is_same_v<T, entente::value_list>) {
          json items = json::array();
          for (const auto& item : x) items.push_back(value_json(entente::as_value(item)));
          return items;
        } else
          return x;
      },
      v);
}

json attributes_json(const entente::attributes& attrs) {
  json out = json::object();
  for (const auto& [key, v] : attrs) out[key] = value_json(v);
  return out;
}

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

namespace {

// The length of the UTF-8 character at `text[i]`, or 0 when its bytes are not one (overlong
// forms, surrogates and values past U+10FFFF are not UTF-8 either).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned lead = byte(0);
  if (lead < 0x80) return 1;
  const std::size_t len = lead >= 0xC2 && lead < 0xE0   ? 2
                          : lead >= 0xE0 && lead < 0xF0 ? 3
                          : lead >= 0xF0 && lead < 0xF5 ? 4
                                                        : 0;
  if (len == 0 || i + len > text.size()) return 0;
  for (std::size_t k = 1; k < len; ++k)
    if ((byte(k) & 0xC0) != 0x80) return 0;
  const unsigned second = byte(1);
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0) ||
      (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90))
    return 0;
  return len;
}

}  // namespace

void require_utf8(std::string_view text, std::string_view what) {
  std::optional<std::size_t> bad;
  std::string shown;
  for (std::size_t i = 0; i < text.size();) {
    if (auto len = utf8_length(text, i)) {
      shown += text.substr(i, len);
      i += len;
      continue;
    }
    if (!bad) bad = i;
    shown += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[i]));
    ++i;
  }
  if (bad)
    throw entente::error(fmt::format("{}: \"{}\" is not valid UTF-8 (byte {} is 0x{:02X})", what,
                                     shown, *bad + 1, static_cast<unsigned char>(text[*bad])));
}

CLI::Validator not_empty() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        return text.empty() ? "expected a value, not an empty text" : "";
      },
      "");
}

// A whole number from `least` to `most`, checked on the text: CLI11 would read "-1" into an
// unsigned option as a huge number.
CLI::Validator whole_number(std::size_t least, std::size_t most) {
  return CLI::Validator(
      [least, most](std::string& text) -> std::string {
        std::size_t value = 0;
        const char* end = text.data() + text.size();
        auto [stop, failure] = std::from_chars(text.data(), end, value);
        if (failure != std::errc() || stop != end || value < least || value > most)
          return fmt::format("expected a whole number from {} to {}, not '{}'", least, most, text);
        return {};
      },
      fmt::format("{}..{}", least, most));
}

std::chrono::steady_clock::duration timeout_option(double seconds) {
  if (!(seconds >= 0 && seconds <= max_timeout_seconds))
    throw CLI::ValidationError("--timeout", fmt::format("expected seconds from 0 to {}, not {}",
                                                        max_timeout_seconds, seconds));
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(seconds));
}

std::optional<entente::evidence> evidence_option(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (auto e = entente::parse_evidence(lower)) return e;
  std::vector<std::string> levels;
  for (auto e : entente::all_evidence_levels) levels.emplace_back(to_string(e));
  throw entente::lookup_error(
      fmt::format("--min-evidence: unknown evidence level '{}' (the levels are {})", text,
                  fmt::join(levels, ", ")),
      entente::schema::closest(text, levels));
}

std::optional<entente::date> date_option(const std::string& text, std::string_view option) {
  if (text.empty()) return std::nullopt;
  if (auto d = entente::date::parse(text)) return d;
  throw entente::error(
      fmt::format("{}: '{}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-06-19)",
                  option, text));
}

json relation_ref_json(const entente::graph& g, entente::relation_index r) {
  json sources = json::array();
  for (const auto& c : g.citations(r)) sources.push_back(g.source_at(c.source).id);
  return {{"from", g.entity(g.from(r)).id()},
          {"type", g.relation(r).type_name()},
          {"to", g.entity(g.to(r)).id()},
          {"evidence", to_string(g.evidence(r))},
          {"sources", sources}};
}

json citations_json(const entente::graph& g, entente::relation_index r) {
  json sources = json::array();
  for (const auto& c : g.citations(r)) {
    const auto& src = g.source_at(c.source);
    json cite{{"id", src.id}, {"title", src.title}};
    if (!c.quote.empty()) cite["quote"] = c.quote;
    sources.push_back(cite);
  }
  return sources;
}

void add_view_filters(CLI::App* sub, view_filters& filters, std::string_view verb) {
  sub->add_option("--via", filters.via,
                  fmt::format("{} these relation types only, comma-separated", verb))
      ->delimiter(',');
  sub->add_option("--min-evidence", filters.min_evidence,
                  fmt::format("{} only relations at least this sure: confirmed, reported, "
                              "alleged, speculated",
                              verb))
      ->check(not_empty());
  sub->add_option("--as-of", filters.as_of,
                  fmt::format("{} only relations valid on this date (2024-06-19)", verb))
      ->check(not_empty());
  sub->add_option(
         "--as-known", filters.as_known,
         fmt::format("{} only what sources published by this date said (2024-07-01)", verb))
      ->check(not_empty());
}

entente::view filtered_view(const entente::graph& g, const view_filters& filters) {
  for (const auto& type : filters.via) require_utf8(type, "--via");
  entente::view_options opts;
  opts.relation_types = filters.via;
  opts.min_evidence = evidence_option(filters.min_evidence);
  opts.as_of = date_option(filters.as_of, "--as-of");
  opts.as_known = date_option(filters.as_known, "--as-known");
  try {
    return entente::view(g, opts);
  } catch (const entente::lookup_error& e) {
    throw entente::lookup_error(fmt::format("--via: {}", e.what()));
  }
}

void write_json_file(const std::string& path, const json& value, std::string_view option) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw error(fmt::format("{}: cannot write '{}'", option, path));
  out << value.dump(2) << '\n';
  if (!out.flush()) throw error(fmt::format("{}: cannot write '{}'", option, path));
}

command add_graph_command(CLI::App& app, common_options& common, const std::string& name,
                          const std::string& description,
                          int (*run)(const common_options& common)) {
  auto* sub = app.add_subcommand(name, description);
  auto args = std::make_shared<std::vector<std::string>>();
  sub->add_option("GRAPH", *args, "the graph");
  sub->add_option("--format", common.format, "table or json")
      ->transform(CLI::IsMember({"table", "json"}));
  return {sub, [args, &common, run] {
            take_graph(*args, 0, common);
            return run(common);
          }};
}

}  // namespace entente::cli
